"""The search across everything (/sok/) and the portfolio's search, on both databases."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from delprojekt.models import (
    Beslut,
    Dokument,
    Kapitel,
    Minnesanteckning,
    Sammantrade,
    Vagval,
)
from delprojekt.services.beslut import beslut_record
from delprojekt.sok import MAX_LANGD, sok, tolka
from tests import factories as f
from tests.conftest import register

PG = connection.vendor == "postgresql"


@pytest.fixture
def data(kansli, org, project_a, project_b):
    """Project A (Ryggkirurgi) has chapters, notes and a decision; project B has its own."""
    project_a.syfte = "Jämlik kirurgi för ryggpatienter i hela regionen."
    project_a.save(update_fields=["syfte"])
    dok, _ = Dokument.objects.get_or_create(delprojekt=project_a, typ="slutrapport")
    Kapitel.objects.update_or_create(
        dokument=dok,
        nyckel="analys",
        defaults={"text": "Väntetiderna till ryggoperation varierar mycket."},
    )
    note = Minnesanteckning.objects.create(
        delprojekt=project_a,
        datum=datetime.date(2026, 3, 2),
        anteckningar="Gruppen diskuterade remissflöden och triagering.",
    )
    Vagval.objects.create(
        minnesanteckning=note, val="Prioritera triagering", motivering="Störst effekt."
    )
    f.AtgardsforslagFactory(
        delprojekt=project_a, titel="Gemensam triagering av ryggremisser", beskrivning=""
    )
    beslut = beslut_record(
        delprojekt=project_a,
        organ=org.ledningsgrupp,
        utfall=Beslut.Utfall.START,
        datum=datetime.date(2026, 3, 14),
        beslutstext="Ledningsgruppen beslutar att starta delprojektet.",
        user=kansli,
        paragraf="§ 14/2026",
    )
    beslut_record(
        delprojekt=project_a,
        organ=org.ledningsgrupp,
        utfall=Beslut.Utfall.START,
        datum=datetime.date(2026, 2, 1),
        beslutstext="Ett annat beslut.",
        user=kansli,
        paragraf="§ 4/2026",
    )
    project_b.syfte = "Barnreumatologisk kompetens i varje region, hemligt ord zebrafink."
    project_b.save(update_fields=["syfte"])
    Sammantrade.objects.create(
        organ=org.ledningsgrupp, start=timezone.now(), plats="Regionhuset Växjö"
    )
    return {"a": project_a, "b": project_b, "beslut": beslut}


def slag_av(resultat) -> dict[str, list]:
    return {g.slag: g.traffar for g in resultat.grupper}


def test_a_derived_form_finds_the_word_kirurgiska_finds_kirurgi(kansli, data):
    grupper = slag_av(sok(kansli, "kirurgiska"))
    assert [t.url for t in grupper["projekt"]] == [data["a"].get_absolute_url()]


@pytest.mark.skipif(not PG, reason="Swedish stemming is PostgreSQL's; SQLite has no stemmer")
def test_on_postgresql_inflections_are_stemmed(kansli, data):
    # "väntetid" is not a substring of "Väntetiderna": only the stemmer joins them.
    grupper = slag_av(sok(kansli, "väntetid"))
    assert [t.url for t in grupper["kapitel"]] == [
        reverse("delprojekt:dokument", args=[data["a"].referens, "slutrapport"]) + "#analys"
    ]


@pytest.mark.parametrize("q", ["§ 14/2026", "14/2026", "§14/2026"])
def test_a_decision_is_found_by_its_paragraph(kansli, data, q):
    traffar = slag_av(sok(kansli, q))["beslut"]
    assert "§ 14/2026" in traffar[0].rubrik
    assert "<mark>" in traffar[0].rubrik
    assert all("§ 4/2026" not in t.rubrik for t in traffar)
    assert traffar[0].url == data["a"].get_absolute_url() + "#tidslinje"


def test_hits_are_grouped_by_kind_in_a_fixed_order(kansli, data):
    resultat = sok(kansli, "triagering")
    assert [g.slag for g in resultat.grupper] == ["anteckning", "vagval", "atgard"]
    anteckning = resultat.grupper[0].traffar[0]
    note = Minnesanteckning.objects.get()
    assert anteckning.url == reverse("delprojekt:anteckning", args=[data["a"].referens, note.pk])
    assert "<mark>triagering</mark>" in anteckning.utdrag.lower()
    atgard = resultat.grupper[2].traffar[0]
    assert atgard.url.endswith(f"/atgardsforslag/#forslag-{data['a'].atgardsforslag.get().pk}")


def test_people_are_found_by_name(kansli, ordforande, data):
    traffar = slag_av(sok(kansli, "Olof Ordförande"))["person"]
    assert "Ordförande" in traffar[0].rubrik
    assert traffar[0].url.startswith(reverse("delprojekt:arbetsgrupp", args=[data["a"].referens]))


def test_an_outsider_sees_no_hit_of_a_project_they_may_not_open(outsider, data, client):
    assert sok(outsider, "zebrafink").grupper == []
    assert sok(outsider, "§ 14/2026").grupper == []
    client.force_login(outsider)
    response = client.get(reverse("sok"), {"q": "zebrafink"})
    assert response.status_code == 200
    assert "Barnreumatologisk" not in response.content.decode()
    assert "Inget som du har behörighet till" in response.content.decode()


def test_a_group_member_sees_their_project_but_not_another(ledamot_b, data):
    assert slag_av(sok(ledamot_b, "zebrafink"))["projekt"][0].url == data["b"].get_absolute_url()
    assert sok(ledamot_b, "triagering").grupper == []
    assert sok(ledamot_b, "Väntetiderna").grupper == []


def test_a_reader_sees_every_project(reader, data):
    assert "projekt" in slag_av(sok(reader, "zebrafink"))


def test_a_title_with_markup_comes_out_escaped(kansli, data, client):
    register(kansli, titel="<script>alert('x')</script> Kirurgisk kvalitet")
    client.force_login(kansli)
    html = client.get(reverse("sok"), {"q": "kirurgisk"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html
    assert "<mark>" in html


@pytest.mark.parametrize(
    "q",
    ["", "   ", "&|!():*", '"', "'", "!!", "\x00", "a" * 5000, "kirurgi & | ! ( ) : *", '"vård'],
)
def test_odd_queries_give_a_page_never_an_error(kansli, data, client, q):
    client.force_login(kansli)
    response = client.get(reverse("sok"), {"q": q})
    assert response.status_code == 200
    resultat = response.context["resultat"]
    assert len(resultat.q) <= MAX_LANGD
    assert resultat.meddelande or resultat.grupper


@hsettings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    q=st.one_of(
        st.text(max_size=300),
        st.text(alphabet="&|!():*<>'\"-§/\\ %_aökirug0123", max_size=40),
    )
)
def test_any_text_is_searched_without_an_error(kansli, data, q):
    resultat = sok(kansli, q)
    assert len(resultat.q) <= MAX_LANGD
    assert resultat.meddelande or resultat.grupper


def test_an_empty_or_punctuation_query_gets_a_swedish_message(kansli, data):
    assert sok(kansli, "").meddelande == "Skriv vad du söker efter."
    assert sok(kansli, "&|!():*").meddelande == "Skriv minst en bokstav eller siffra."


def test_a_long_query_is_cut(kansli, data):
    assert len(sok(kansli, "kirurgi" * 100).q) == MAX_LANGD


def test_the_search_page_stays_within_the_query_budget(
    kansli, ledamot_b, data, client, django_assert_max_num_queries
):
    for user in (kansli, ledamot_b):
        client.force_login(user)
        with django_assert_max_num_queries(15):
            response = client.get(reverse("sok"), {"q": "kirurgi triagering"})
        assert response.status_code == 200


def test_one_kind_shows_more_hits(kansli, data, client):
    for i in range(12):
        register(kansli, titel=f"Ortopedi {i}")
    client.force_login(kansli)
    grouped = client.get(reverse("sok"), {"q": "ortopedi"}).context["resultat"]
    assert len(grouped.grupper[0].traffar) == 8 and grouped.grupper[0].fler
    alone = client.get(reverse("sok"), {"q": "ortopedi", "typ": "projekt"}).context["resultat"]
    assert len(alone.grupper[0].traffar) == 12 and not alone.grupper[0].fler


def test_the_search_page_needs_a_login(client):
    response = client.get(reverse("sok"), {"q": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_every_page_has_the_search_box(kansli, client):
    client.force_login(kansli)
    html = client.get(reverse("start")).content.decode()
    assert '<form role="search" action="/sok/"' in html
    assert '<label for="sokruta-q" class="visually-hidden">Sök</label>' in html


def test_the_portfolio_uses_the_same_search(kansli, data, client):
    client.force_login(kansli)
    page = client.get(reverse("delprojekt:portfolio"), {"q": "kirurgiska"}).context["page"]
    assert [dp.referens for dp in page.object_list] == [data["a"].referens]
    page = client.get(reverse("delprojekt:portfolio"), {"q": data["b"].referens}).context["page"]
    assert [dp.referens for dp in page.object_list] == [data["b"].referens]


@pytest.mark.skipif(not PG, reason="the indexes exist on PostgreSQL only")
@pytest.mark.parametrize(
    ("slag", "index"),
    [
        ("projekt", "sok_fts_delprojekt"),
        ("kapitel", "sok_fts_kapitel"),
        ("beslut", "sok_fts_beslut"),
        ("anteckning", "sok_fts_minnesanteckning"),
        ("vagval", "sok_fts_vagval"),
        ("atgard", "sok_fts_atgardsforslag"),
        ("person", "sok_fts_person"),
        ("punkt", "sok_fts_dagordningspunkt"),
    ],
)
def test_on_postgresql_each_search_can_use_its_index(kansli, data, slag, index):
    """The stored vector holds what ``sokvektor`` computes, and its GIN index serves it."""
    from delprojekt import sok as modul

    k = modul._kontext(kansli, tolka("kirurgi"))
    models = {
        "projekt": "Delprojekt",
        "kapitel": "Kapitel",
        "beslut": "Beslut",
        "anteckning": "Minnesanteckning",
        "vagval": "Vagval",
        "atgard": "Atgardsforslag",
        "person": "Person",
        "punkt": "Dagordningspunkt",
    }
    from django.apps import apps

    model = apps.get_model("delprojekt", models[slag])
    # Without the models' default ordering (a join), and with plain scans priced out, the
    # plan on these few test rows is the one a large table gets: the GIN index (a bitmap
    # scan). Otherwise the planner may walk another index of a table this small.
    qs = model.objects.order_by().alias(_sv=modul.vektor(slag)).filter(_sv=k.query)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = qs.explain()
    assert index in plan

"""The follow-up plan's parameters as records, the slutrapport's chapters Uppdrag and
Gruppsammansättning."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delprojekt.models import Handelse, Kapitel, Status, Uppfoljningsparameter, Uppfoljningsplan
from delprojekt.services.errors import GuardFailed
from delprojekt.services.slutrapport_innehall import gruppsammansattning
from tests import factories as f
from tests.workflow_helpers import run, walk_to


def url(name, *args):
    return reverse(f"delprojekt:{name}", args=args)


DATA = {
    "namn": "Väntetid till första besök",
    "enhet": "dagar",
    "kalla": "kvalitetsregister",
    "kalla_beskrivning": "Svenska ryggregistret",
    "utgangsvarde": "12,5",
    "utgangsdatum": "2026-01-31",
    "malvarde": "7,25",
    "mal_beskrivning": "Högst en vecka",
}


@pytest.fixture
def in_nulage(project_a, ordforande, org, kansli, lg_members):
    return walk_to(project_a, Status.NULAGE, org=org, kansli=kansli, lg_members=lg_members)


def test_chair_adds_a_parameter_with_comma_decimals(client, ordforande, in_nulage):
    client.force_login(ordforande)
    response = client.post(url("uppfoljningsparameter", in_nulage.referens), DATA)
    assert response.status_code == 302
    p = Uppfoljningsparameter.objects.get(delprojekt=in_nulage)
    assert p.utgangsvarde == Decimal("12.5")
    assert p.malvarde == Decimal("7.25")
    assert p.utgangsdatum == datetime.date(2026, 1, 31)
    assert p.ordning == 1
    assert p.history.get().history_user == ordforande
    assert Handelse.objects.filter(
        delprojekt=in_nulage, text__startswith="Uppföljningsparameter 1 lades till"
    ).exists()
    page = client.get(url("uppfoljningsplan", in_nulage.referens))
    assert "Väntetid till första besök" in page.content.decode()
    assert "Svenska ryggregistret" in page.content.decode()
    # Written the Swedish way without trailing zeros, as in the PDFs and the charts.
    assert ">12,5<" in page.content.decode()
    assert "12,500" not in page.content.decode()


def test_parameter_is_changed_moved_and_removed(client, ordforande, in_nulage):
    client.force_login(ordforande)
    client.post(url("uppfoljningsparameter", in_nulage.referens), DATA)
    client.post(
        url("uppfoljningsparameter", in_nulage.referens),
        {**DATA, "namn": "Andel opererade", "enhet": "procent", "kalla": "pas"},
    )
    first, second = Uppfoljningsparameter.objects.filter(delprojekt=in_nulage)
    response = client.post(
        url("uppfoljningsparameter", in_nulage.referens, first.pk), {**DATA, "malvarde": "5"}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.malvarde == Decimal("5")
    assert first.history.count() == 2
    client.post(
        url("uppfoljningsparameter_flytta", in_nulage.referens, second.pk), {"riktning": "upp"}
    )
    assert list(
        Uppfoljningsparameter.objects.filter(delprojekt=in_nulage).values_list("namn", flat=True)
    ) == ["Andel opererade", "Väntetid till första besök"]
    client.post(url("uppfoljningsparameter_remove", in_nulage.referens, second.pk))
    remaining = Uppfoljningsparameter.objects.get(delprojekt=in_nulage)
    assert remaining.pk == first.pk and remaining.ordning == 1
    assert Handelse.objects.filter(
        delprojekt=in_nulage, text="Uppföljningsparameter 1 togs bort: Andel opererade"
    ).exists()


def test_future_baseline_date_and_bad_number_are_refused(client, ordforande, in_nulage):
    client.force_login(ordforande)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        url("uppfoljningsparameter", in_nulage.referens),
        {**DATA, "utgangsdatum": future, "malvarde": "mycket"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Utgångsvärdets datum kan inte ligga i framtiden." in body
    assert "Skriv ett tal, t.ex. 12,5." in body
    response = client.post(url("uppfoljningsparameter", in_nulage.referens), {"kalla": ""})
    assert "Skriv vad som ska mätas." in response.content.decode()
    assert not Uppfoljningsparameter.objects.exists()


def test_reader_gets_403_and_outsider_404(client, reader, outsider, ordforande, in_nulage):
    p = Uppfoljningsparameter.objects.create(delprojekt=in_nulage, namn="Väntetid", kalla="scb")
    for user, status in ((reader, 403), (outsider, 404)):
        client.force_login(user)
        assert client.get(url("uppfoljningsparameter", in_nulage.referens)).status_code == status
        assert (
            client.post(url("uppfoljningsparameter", in_nulage.referens), DATA).status_code
            == status
        )
        assert (
            client.post(url("uppfoljningsparameter_remove", in_nulage.referens, p.pk)).status_code
            == status
        )
    assert list(Uppfoljningsparameter.objects.values_list("namn", flat=True)) == ["Väntetid"]
    client.force_login(reader)
    page = client.get(url("uppfoljningsplan", in_nulage.referens))
    assert page.status_code == 200
    assert "Väntetid" in page.content.decode()
    assert "Lägg till parameter" not in page.content.decode()


def test_parameters_are_frozen_after_the_report_is_handed_in(
    client, ordforande, project_a, org, kansli, lg_members
):
    dp = walk_to(project_a, Status.SAMARBETSGRUPP, org=org, kansli=kansli, lg_members=lg_members)
    p = dp.uppfoljningsparametrar.get()
    client.force_login(ordforande)
    response = client.post(url("uppfoljningsparameter", dp.referens), DATA)
    assert response.status_code == 302
    response = client.post(url("uppfoljningsparameter_remove", dp.referens, p.pk), follow=True)
    assert "tills den lämnas in" in response.content.decode()
    assert list(dp.uppfoljningsparametrar.values_list("pk", flat=True)) == [p.pk]


def test_old_free_text_is_shown_read_only(client, ordforande, in_nulage):
    Uppfoljningsplan.objects.filter(delprojekt=in_nulage).update(parametrar="Väntetid i dagar")
    client.force_login(ordforande)
    body = client.get(url("uppfoljningsplan", in_nulage.referens)).content.decode()
    assert "Tidigare fritext" in body
    assert "Väntetid i dagar" in body
    assert 'name="parametrar"' not in body


# --- The guard ------------------------------------------------------------------------------


def test_plan_without_parameter_blocks_the_hand_in(project_a, org, kansli, lg_members):
    from tests.workflow_helpers import fill_slutrapport

    dp = walk_to(project_a, Status.SLUTRAPPORT, org=org, kansli=kansli, lg_members=lg_members)
    fill_slutrapport(dp)
    dp.uppfoljningsparametrar.all().delete()
    with pytest.raises(GuardFailed) as exc:
        run(dp, "lamna_till_samarbetsgrupp", kansli)
    assert exc.value.messages == ["Uppföljningsplanen saknar: minst en uppföljningsparameter."]
    Uppfoljningsparameter.objects.create(delprojekt=dp, namn="Väntetid", kalla="pas")
    dp = run(dp, "lamna_till_samarbetsgrupp", kansli)
    assert dp.status == Status.SAMARBETSGRUPP


# --- The chapter Uppdrag --------------------------------------------------------------------


def test_hand_over_fills_the_uppdrag_chapter(project_a, org, kansli, lg_members):
    dp = walk_to(project_a, Status.ARBETSGRUPP, org=org, kansli=kansli, lg_members=lg_members)
    Kapitel.objects.filter(dokument__delprojekt=dp, dokument__typ="uppdrag", nyckel="syfte").update(
        text="Minska väntetiderna."
    )
    dp = walk_to(dp, Status.NULAGE, org=org, kansli=kansli, lg_members=lg_members)
    k = Kapitel.objects.get(dokument__delprojekt=dp, dokument__typ="slutrapport", nyckel="uppdrag")
    assert "## Syfte och frågeställning/problembeskrivning\n\nMinska väntetiderna." in k.text
    assert "## Specifika uppdragspunkter" in k.text
    assert "## Avgränsningar" in k.text
    assert "## Bakgrund" not in k.text
    assert k.version == 1
    assert k.history.first().history_user == kansli
    assert Handelse.objects.filter(
        delprojekt=dp, text="Slutrapport: Uppdrag fylldes i från det överlämnade uppdraget"
    ).exists()


def test_hand_over_keeps_a_written_uppdrag_chapter(project_a, org, kansli, lg_members):
    dp = walk_to(project_a, Status.ARBETSGRUPP, org=org, kansli=kansli, lg_members=lg_members)
    Kapitel.objects.filter(
        dokument__delprojekt=dp, dokument__typ="slutrapport", nyckel="uppdrag"
    ).update(text="Egen text.")
    dp = walk_to(dp, Status.NULAGE, org=org, kansli=kansli, lg_members=lg_members)
    k = Kapitel.objects.get(dokument__delprojekt=dp, dokument__typ="slutrapport", nyckel="uppdrag")
    assert k.text == "Egen text."


# --- Gruppsammansättning --------------------------------------------------------------------


def test_group_table_lists_current_and_past_members(client, ordforande, in_nulage, org):
    past = f.ArbetsgruppsmedlemskapFactory(
        delprojekt=in_nulage,
        person=f.PersonFactory(namn="Pia Tidigare", organisation="Länssjukhuset"),
        region=org.regioner[1],
        fran=datetime.date(2025, 1, 1),
        till=datetime.date(2025, 6, 30),
    )
    f.ArbetsgruppsmedlemskapFactory(
        delprojekt=in_nulage, person=f.PersonFactory(namn="Nils Nominerad"), status="nominerad"
    )
    rows = gruppsammansattning(in_nulage)
    names = [r.namn for r in rows]
    assert "Nils Nominerad" not in names
    assert names[0] in {"Olof Ordförande"} or rows[0].roll == "Ordförande"
    assert rows[-1].namn == "Pia Tidigare" and not rows[-1].nuvarande
    assert rows[-1].region == org.regioner[1].namn
    assert past.till == rows[-1].till
    client.force_login(ordforande)
    body = client.get(url("dokument", in_nulage.referens, "slutrapport")).content.decode()
    assert "Olof Ordförande" in body
    assert "Pia Tidigare" in body
    assert "tidigare ledamot" in body


# --- Query budgets --------------------------------------------------------------------------


def test_query_budgets(client, ordforande, in_nulage, django_assert_max_num_queries):
    client.force_login(ordforande)
    sida = url("dokument", in_nulage.referens, "slutrapport")
    with CaptureQueriesContext(connection) as small:
        assert client.get(sida).status_code == 200
    for i in range(10):
        f.ArbetsgruppsmedlemskapFactory(delprojekt=in_nulage, region=None)
        Uppfoljningsparameter.objects.create(
            delprojekt=in_nulage, ordning=i + 1, namn=f"Parameter {i}", kalla="scb"
        )
    with CaptureQueriesContext(connection) as large:
        assert client.get(sida).status_code == 200
    # The group's table does not cost a query per member.
    assert len(large) == len(small)
    with django_assert_max_num_queries(1):
        assert len(gruppsammansattning(in_nulage)) >= 10
    with django_assert_max_num_queries(15):
        assert client.get(url("uppfoljningsplan", in_nulage.referens)).status_code == 200


def test_values_are_shown_with_decimal_comma_and_other_projects_parameters_are_404(
    client, ordforande, in_nulage, project_b
):
    Uppfoljningsparameter.objects.create(
        delprojekt=in_nulage, namn="Väntetid", kalla="pas", utgangsvarde=Decimal("12.500")
    )
    other = Uppfoljningsparameter.objects.create(delprojekt=project_b, namn="Annat", kalla="scb")
    client.force_login(ordforande)
    body = client.get(url("uppfoljningsplan", in_nulage.referens)).content.decode()
    assert "12,5" in body
    assert client.get(url("uppfoljningsparameter", in_nulage.referens, other.pk)).status_code == 404
    response = client.post(url("uppfoljningsparameter_remove", in_nulage.referens, other.pk))
    assert response.status_code == 404
    assert Uppfoljningsparameter.objects.filter(pk=other.pk).exists()

"""The regions' own decisions: outcome per recommendation, the guard for implementation,
the matrix of a project and the portfolio-wide overview of what is missing."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from weasyprint import HTML

from delprojekt.forms import OvergangForm
from delprojekt.models import (
    Beslut,
    Delprojekt,
    Handelse,
    Huvudmannabeslut,
    Rekommendation,
    Rekommendationsutfall,
    Samverkan,
    Status,
)
from delprojekt.services.errors import GuardFailed, Invalid
from delprojekt.services.workflow import Overgangsdata
from delprojekt.workflow import missing, overgang
from tests import factories as f
from tests.conftest import register
from tests.workflow_helpers import MINIMAL_PDF, register_regional_decisions, run, walk_to


def url(name, *args, **kwargs):
    return reverse(f"delprojekt:{name}", args=args, kwargs=kwargs or None)


def pdf_upload(name="utdrag.pdf"):
    return SimpleUploadedFile(name, HTML(string="<p>Utdrag</p>").write_pdf(), "application/pdf")


def samordnare(org, region, username="samordnare"):
    user = f.UserFactory(username=username)
    f.PersonFactory(user=user, region=region, namn=f"Sam Samordnare {region.kortnamn}")
    user.groups.add(Group.objects.get_or_create(name="Regional samordnare")[0])
    return user


@pytest.fixture
def dp(org, kansli, lg_members):
    """A project awaiting the regions' decisions, with two recommendations."""
    project = walk_to(
        register(kansli, titel="Palliativ vård"),
        Status.SLUTRAPPORT,
        org=org,
        kansli=kansli,
        lg_members=lg_members,
    )
    project.atgardsforslag.update(ordning=1)
    f.AtgardsforslagFactory(delprojekt=project, ordning=2, titel="Gemensam vårdplan")
    return walk_to(project, Status.HUVUDMANNABESLUT, org=org, kansli=kansli, lg_members=lg_members)


def reks(project):
    return list(Rekommendation.objects.filter(beslut__delprojekt=project).order_by("ordning"))


def post_data(region, upload=None, utfall=None, **extra):
    p = f"r{region.pk}"
    data = {
        "region": region.pk,
        f"{p}-niva": "politisk",
        f"{p}-organ_namn": "Regionstyrelsen",
        f"{p}-datum": "2026-10-01",
        f"{p}-diarienummer": "RS 2026/12",
    }
    if upload is not None:
        data[f"{p}-protokollsutdrag"] = upload
    for rek, (val, kommentar) in (utfall or {}).items():
        if val:
            data[f"{p}-utfall_{rek.pk}"] = val
        data[f"{p}-utfall_kommentar_{rek.pk}"] = kommentar
    data.update({f"{p}-{k}": v for k, v in extra.items()})
    return data


# --- The board's recommendations ---------------------------------------------------------


def test_the_boards_decision_has_one_recommendation_per_proposal(dp):
    beslut = Beslut.objects.get(delprojekt=dp, utfall=Beslut.Utfall.REKOMMENDATION)
    texts = [r.text for r in beslut.rekommendationer.order_by("ordning")]
    assert len(texts) == 2 == dp.atgardsforslag.count()
    assert all(t.startswith("Södra regionvårdsnämnden rekommenderar regionerna att") for t in texts)


def test_the_recommendation_form_is_prefilled_with_the_boards_name(org, kansli, lg_members):
    samverkan = Samverkan.current()
    samverkan.namnd_namn = "Västra nämnden"
    samverkan.save()
    project = walk_to(register(kansli), Status.NAMND, org=org, kansli=kansli, lg_members=lg_members)
    forslag = project.atgardsforslag.first()
    form = OvergangForm(overgang=overgang(Status.NAMND, "rekommendera"), delprojekt=project)
    initial = form.fields[f"rek_{forslag.pk}"].initial
    assert initial.startswith("Västra nämnden rekommenderar regionerna att ")
    assert forslag.titel[1:].lower() in initial


def test_the_recommendation_is_previewed_as_the_whole_sentence(client, org, kansli, lg_members):
    project = walk_to(register(kansli), Status.NAMND, org=org, kansli=kansli, lg_members=lg_members)
    forslag = project.atgardsforslag.first()
    transition_url = url("transition", project.referens, "rekommendera")
    client.force_login(kansli)
    page = client.get(transition_url).content.decode()
    initial = (
        OvergangForm(overgang=overgang(Status.NAMND, "rekommendera"), delprojekt=project)
        .fields[f"rek_{forslag.pk}"]
        .initial
    )
    assert f'<div class="rek-forhandsvisning" data-rek-for="id_rek_{forslag.pk}"' in page
    assert f'<p class="rek-forhandsvisning__text">{initial}</p>' in page

    # Without script, "Förhandsgranska" shows the sentence as written and records nothing.
    written = "Södra regionvårdsnämnden rekommenderar regionerna att inför en vårdplan."
    response = client.post(
        transition_url,
        {
            "status": Status.NAMND,
            "slag": Beslut.Slag.PER_CAPSULAM,
            "datum": timezone.localdate().isoformat(),
            "beslutstext": "Nämnden rekommenderar regionerna.",
            f"rek_{forslag.pk}": written,
            "forhandsgranska": "1",
        },
    )
    assert response.status_code == 200
    assert f'<p class="rek-forhandsvisning__text">{written}</p>' in response.content.decode()
    project.refresh_from_db()
    assert project.status == Status.NAMND
    assert not Beslut.objects.filter(delprojekt=project, utfall=Beslut.Utfall.REKOMMENDATION)

    # An emptied field says so in the preview.
    response = client.post(
        transition_url, {"status": Status.NAMND, f"rek_{forslag.pk}": " ", "forhandsgranska": "1"}
    )
    assert "(tom – skriv nämndens rekommendation)" in response.content.decode()

    # The same form without the button records the recommendation as previewed.
    data = {
        "status": Status.NAMND,
        "slag": Beslut.Slag.PER_CAPSULAM,
        "datum": timezone.localdate().isoformat(),
        "beslutstext": "Nämnden rekommenderar regionerna.",
    }
    data.update({f"rek_{a.pk}": written for a in project.atgardsforslag.all()})
    assert client.post(transition_url, data).status_code == 302
    project.refresh_from_db()
    assert project.status == Status.HUVUDMANNABESLUT
    assert Rekommendation.objects.get(atgardsforslag=forslag).text == written


# --- Registering a decision with outcomes --------------------------------------------------


def test_kansli_registers_outcomes_per_recommendation(client, kansli, dp, org):
    first, second = reks(dp)
    region = org.regioner[0]
    client.force_login(kansli)
    page = client.get(url("huvudmannabeslut", dp.referens)).content.decode()
    assert "Utfall för rekommendation 1" in page
    assert first.text in page
    response = client.post(
        url("huvudmannabeslut", dp.referens),
        post_data(
            region,
            pdf_upload(),
            {first: ("bifall", ""), second: ("delvis_bifall", "Endast vuxenvården.")},
        ),
    )
    assert response.status_code == 302
    beslut = Huvudmannabeslut.objects.get(delprojekt=dp, region=region)
    utfall = {u.rekommendation_id: u for u in beslut.utfall.all()}
    assert utfall[first.pk].utfall == "bifall"
    assert utfall[second.pk].utfall == "delvis_bifall"
    assert utfall[second.pk].kommentar == "Endast vuxenvården."
    assert utfall[first.pk].history.get().history_user == kansli
    event = Handelse.objects.filter(delprojekt=dp, typ=Handelse.Typ.BESLUT).latest("pk")
    assert "Region Blekinge: beslut registrerat" in event.text
    assert "bifall 1" in event.text and "delvis bifall 1" in event.text
    page = client.get(url("huvudmannabeslut", dp.referens)).content.decode()
    assert "Delvis bifall" in page and "Endast vuxenvården." in page
    assert "Beslutet är inte komplett" not in page
    client.post(
        url("huvudmannabeslut", dp.referens),
        post_data(org.regioner[1], None, {second: ("bifall", "")}),
    )
    page = client.get(url("huvudmannabeslut", dp.referens)).content.decode()
    assert (
        "Beslutet är inte komplett. Saknas: protokollsutdrag, utfall för rekommendation 1." in page
    )


def test_editing_a_decision_updates_its_outcomes(client, kansli, dp, org):
    first, second = reks(dp)
    region = org.regioner[0]
    client.force_login(kansli)
    client.post(
        url("huvudmannabeslut", dp.referens),
        post_data(region, pdf_upload(), {first: ("bifall", ""), second: ("bifall", "")}),
    )
    response = client.post(
        url("huvudmannabeslut", dp.referens),
        post_data(region, None, {first: ("avslag", "Ryms inte i budgeten."), second: ("", "")}),
    )
    assert response.status_code == 302
    beslut = Huvudmannabeslut.objects.get(delprojekt=dp, region=region)
    assert beslut.protokollsutdrag  # kept when no new file is uploaded
    assert [(u.rekommendation_id, u.utfall) for u in beslut.utfall.all()] == [(first.pk, "avslag")]
    changed = Rekommendationsutfall.history.filter(rekommendation=first).order_by("history_id")
    assert [h.utfall for h in changed] == ["bifall", "avslag"]
    assert Rekommendationsutfall.history.filter(rekommendation=second, history_type="-").exists()
    assert "beslut ändrat" in Handelse.objects.filter(delprojekt=dp).latest("pk").text


@pytest.mark.parametrize("val", ["avslag", "delvis_bifall"])
def test_a_comment_is_required_for_avslag_and_delvis_bifall(client, kansli, dp, org, val):
    first, second = reks(dp)
    client.force_login(kansli)
    response = client.post(
        url("huvudmannabeslut", dp.referens),
        post_data(org.regioner[0], pdf_upload(), {first: (val, "  "), second: ("bifall", "")}),
    )
    assert response.status_code == 400
    assert "Förklara vad regionen inte ställer sig bakom (rekommendation 1)" in (
        response.content.decode()
    )
    assert not Huvudmannabeslut.objects.exists()
    assert not Rekommendationsutfall.objects.exists()


def test_the_service_refuses_outcomes_without_comment_or_of_another_project(
    kansli, dp, org, lg_members
):
    from delprojekt.services.huvudmannabeslut import huvudmannabeslut_register

    first, _second = reks(dp)
    data = {
        "niva": "politisk",
        "organ_namn": "Regionstyrelsen",
        "datum": timezone.localdate(),
        "diarienummer": "",
        "kommentar": "",
    }
    with pytest.raises(Invalid) as info:
        huvudmannabeslut_register(
            delprojekt=dp,
            user=kansli,
            region=org.regioner[0],
            data=data,
            protokollsutdrag=None,
            utfall={first.pk: ("avslag", "")},
        )
    assert f"utfall_kommentar_{first.pk}" in info.value.field_errors
    with pytest.raises(Invalid):
        huvudmannabeslut_register(
            delprojekt=dp,
            user=kansli,
            region=org.regioner[0],
            data=data,
            protokollsutdrag=None,
            utfall={first.pk: ("kanske", "")},
        )
    with pytest.raises(Invalid):
        huvudmannabeslut_register(
            delprojekt=dp,
            user=kansli,
            region=org.regioner[0],
            data=data,
            protokollsutdrag=None,
            utfall={999999: ("bifall", "")},
        )
    assert not Huvudmannabeslut.objects.exists()


def test_a_comment_without_a_choice_is_refused(client, kansli, dp, org):
    first, _second = reks(dp)
    client.force_login(kansli)
    response = client.post(
        url("huvudmannabeslut", dp.referens),
        post_data(org.regioner[0], pdf_upload(), {first: ("", "Vi återkommer.")}),
    )
    assert response.status_code == 400
    assert "Välj utfall för rekommendation 1." in response.content.decode()
    assert not Huvudmannabeslut.objects.exists()


def test_a_coordinator_registers_for_their_own_region_only(client, dp, org):
    first, second = reks(dp)
    user = samordnare(org, org.regioner[2])
    client.force_login(user)
    page = client.get(url("huvudmannabeslut", dp.referens)).content.decode()
    assert page.count("Registrera beslutet") == 1
    outcomes = {first: ("bifall", ""), second: ("bifall", "")}
    other = client.post(
        url("huvudmannabeslut", dp.referens), post_data(org.regioner[0], pdf_upload(), outcomes)
    )
    assert other.status_code == 403
    assert not Huvudmannabeslut.objects.exists()
    own = client.post(
        url("huvudmannabeslut", dp.referens), post_data(org.regioner[2], pdf_upload(), outcomes)
    )
    assert own.status_code == 302
    beslut = Huvudmannabeslut.objects.get()
    assert beslut.region == org.regioner[2]
    assert beslut.registrerat_av == user
    assert beslut.utfall.count() == 2


def test_outsiders_and_readers_may_not_register(client, dp, org, outsider, reader):
    client.force_login(outsider)
    target = url("huvudmannabeslut", dp.referens)
    assert client.get(target).status_code == 404
    assert client.post(target, post_data(org.regioner[0], pdf_upload())).status_code == 404
    client.force_login(reader)
    assert client.post(target, post_data(org.regioner[0], pdf_upload())).status_code == 403
    assert client.post(target, {"region": "inte-ett-tal"}).status_code == 404
    assert not Huvudmannabeslut.objects.exists()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("utdrag.pdf", "Det här är ingen PDF.".encode(), "application/pdf"),
        SimpleUploadedFile("utdrag.pdf", b"MZ\x90\x00\x03\x00\x00\x00" * 64, "application/pdf"),
    ],
    ids=["text", "exe"],
)
def test_a_fake_pdf_is_refused_and_nothing_is_saved(client, kansli, dp, org, upload):
    first, second = reks(dp)
    client.force_login(kansli)
    upload.seek(0)
    events = Handelse.objects.filter(delprojekt=dp).count()
    response = client.post(
        url("huvudmannabeslut", dp.referens),
        post_data(org.regioner[0], upload, {first: ("bifall", ""), second: ("bifall", "")}),
    )
    assert response.status_code == 400
    assert "Filen är inte en PDF. Ladda upp protokollsutdraget som PDF." in (
        response.content.decode()
    )
    assert not Huvudmannabeslut.objects.exists()
    assert not Rekommendationsutfall.objects.exists()
    assert Handelse.objects.filter(delprojekt=dp).count() == events


def test_a_too_large_pdf_is_refused():
    from delprojekt.services.huvudmannabeslut import validate_pdf

    big = SimpleUploadedFile("utdrag.pdf", MINIMAL_PDF + b"\n" * 2048, "application/pdf")
    with pytest.raises(Invalid) as info:
        validate_pdf(big, max_bytes=1024)
    assert "större än" in info.value.messages[0]


# --- The guard for starting implementation ------------------------------------------------


def test_the_guard_lists_missing_outcomes_and_allows_once_complete(dp, org, kansli):
    first, second = reks(dp)
    register_regional_decisions(dp, with_outcomes=False)
    for b in Huvudmannabeslut.objects.filter(delprojekt=dp).exclude(region=org.regioner[1]):
        for rek in (first, second):
            Rekommendationsutfall.objects.create(
                huvudmannabeslut=b, rekommendation=rek, utfall="bifall"
            )
    halland = Huvudmannabeslut.objects.get(delprojekt=dp, region=org.regioner[1])
    Rekommendationsutfall.objects.create(
        huvudmannabeslut=halland, rekommendation=first, utfall="avslag", kommentar="Nej."
    )
    assert missing(dp, "borja_inforande") == ["Region Halland saknar utfall för rekommendation 2."]
    with pytest.raises(GuardFailed):
        run(dp, "borja_inforande", kansli)
    Rekommendationsutfall.objects.create(
        huvudmannabeslut=halland, rekommendation=second, utfall="bifall"
    )
    assert missing(dp, "borja_inforande") == []
    dp = run(dp, "borja_inforande", kansli)
    assert dp.status == Status.INFORANDE


def test_the_guard_names_each_region_and_what_it_lacks(dp, org):
    register_regional_decisions(dp, with_outcomes=False)
    Huvudmannabeslut.objects.filter(delprojekt=dp, region=org.regioner[0]).delete()
    Huvudmannabeslut.objects.filter(delprojekt=dp, region=org.regioner[1]).update(
        protokollsutdrag=""
    )
    assert missing(dp, "borja_inforande") == [
        "Region Blekinge har inget registrerat beslut.",
        "Region Halland saknar protokollsutdrag.",
        "Region Halland saknar utfall för rekommendation 1, 2.",
        "Region Kronoberg saknar utfall för rekommendation 1, 2.",
        "Region Skåne saknar utfall för rekommendation 1, 2.",
    ]


def test_only_the_kansli_may_force_implementation_and_the_reason_is_recorded(
    dp, org, kansli, lg_members
):
    from delprojekt.services.errors import NotAllowed

    coordinator = samordnare(org, org.regioner[0])
    with pytest.raises(NotAllowed):
        run(
            dp,
            "borja_inforande",
            coordinator,
            kommentar="Brådskar.",
            data=Overgangsdata(forcera=True),
        )
    with pytest.raises(NotAllowed):
        run(
            dp,
            "borja_inforande",
            lg_members[0],
            kommentar="Brådskar.",
            data=Overgangsdata(forcera=True),
        )
    with pytest.raises(Invalid) as info:
        run(dp, "borja_inforande", kansli, data=Overgangsdata(forcera=True))
    assert "Ange skälet" in info.value.messages[0]
    dp.refresh_from_db()
    assert dp.status == Status.HUVUDMANNABESLUT
    dp = run(
        dp,
        "borja_inforande",
        kansli,
        kommentar="Regionerna har beslutat; utdragen kommer i nästa vecka.",
        data=Overgangsdata(forcera=True),
    )
    assert dp.status == Status.INFORANDE
    event = dp.handelser.get(overgang="borja_inforande")
    assert "Gick vidare trots" in event.kommentar
    assert "Region Blekinge har inget registrerat beslut." in event.kommentar
    assert "utdragen kommer i nästa vecka" in event.kommentar
    assert event.anvandare == kansli


def test_forcing_through_the_page_is_refused_to_others(client, dp, org):
    coordinator = samordnare(org, org.regioner[0])
    client.force_login(coordinator)
    response = client.post(
        url("transition", dp.referens, "borja_inforande"),
        {"status": dp.status, "kommentar": "Brådskar.", "forcera": "on"},
    )
    assert response.status_code == 403
    dp.refresh_from_db()
    assert dp.status == Status.HUVUDMANNABESLUT


# --- The matrix of a project ----------------------------------------------------------------


def test_the_matrix_shows_each_regions_outcome_as_text(client, kansli, dp, org, reader):
    first, second = reks(dp)
    client.force_login(kansli)
    client.post(
        url("huvudmannabeslut", dp.referens),
        post_data(
            org.regioner[0],
            pdf_upload(),
            {first: ("bifall", ""), second: ("avslag", "Saknar finansiering.")},
        ),
    )
    client.post(
        url("huvudmannabeslut", dp.referens),
        post_data(
            org.regioner[1],
            None,
            {first: ("delvis_bifall", "Bara i öppenvården.")},
            niva="tjansteman",
            organ_namn="Hälso- och sjukvårdsdirektören",
        ),
    )
    blekinge = Huvudmannabeslut.objects.get(delprojekt=dp, region=org.regioner[0])
    client.force_login(reader)
    response = client.get(url("regionbeslut", dp.referens))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Regionernas beslut – matris" in page
    for region in org.regioner:
        assert f'<th scope="col" id="region-{region.pk}">{region.namn}</th>' in page
    assert first.text in page and second.text in page
    assert "Rekommendation 1" in page and "Rekommendation 2" in page
    assert "Bifall" in page and "Avslag" in page and "Delvis bifall" in page
    assert "Saknar finansiering." in page and "Bara i öppenvården." in page
    assert "Tjänstemannanivå" in page and "Hälso- och sjukvårdsdirektören" in page
    assert "RS 2026/12" in page
    assert url("huvudmannabeslut_utdrag", dp.referens, blekinge.pk) in page
    assert page.count("Inget beslut ännu") == 2 + 2 * 2  # two regions: header + two cells each
    assert "Utfall saknas" in page  # Halland has no outcome for recommendation 2
    assert "Saknar protokollsutdrag, utfall för rekommendation 2" in page
    assert "Registrera eller ändra" not in page  # the reader registers nothing


def test_the_matrix_is_linked_and_hidden_from_outsiders(client, kansli, dp, outsider):
    client.force_login(kansli)
    detail = client.get(url("detail", dp.referens)).content.decode()
    assert url("regionbeslut", dp.referens) in detail
    page = client.get(url("huvudmannabeslut", dp.referens)).content.decode()
    assert url("regionbeslut", dp.referens) in page
    client.force_login(outsider)
    assert client.get(url("regionbeslut", dp.referens)).status_code == 404


def test_the_matrix_before_the_board_has_decided(client, kansli, org):
    project = register(kansli)
    project.regioner.set(org.regioner)
    client.force_login(kansli)
    page = client.get(url("regionbeslut", project.referens)).content.decode()
    assert "Nämnden har inte rekommenderat regionerna något ännu." in page


def test_the_matrix_query_budget(client, kansli, dp, django_assert_max_num_queries):
    register_regional_decisions(dp)
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        assert client.get(url("regionbeslut", dp.referens)).status_code == 200


# --- The overview across the portfolio -------------------------------------------------------


def _waiting_project(kansli, org, titel, *, dagar, status=Status.HUVUDMANNABESLUT, rek=2):
    project = register(kansli, titel=titel)
    project.regioner.set(org.regioner[:2])
    datum = timezone.localdate() - datetime.timedelta(days=dagar)
    Delprojekt.objects.filter(pk=project.pk).update(status=status, namnd_beslutsdatum=datum)
    beslut = Beslut.objects.create(
        delprojekt=project,
        organ=org.namnd,
        datum=datum,
        utfall=Beslut.Utfall.REKOMMENDATION,
        beslutstext="Nämnden rekommenderar.",
    )
    for i in range(1, rek + 1):
        Rekommendation.objects.create(beslut=beslut, ordning=i, text=f"Rekommendation {i}.")
    project.refresh_from_db()
    return project


def _decide(project, region, *, extract=True, outcomes=True):
    b = Huvudmannabeslut(
        delprojekt=project,
        region=region,
        niva="politisk",
        organ_namn="Regionstyrelsen",
        datum=timezone.localdate(),
    )
    if extract:
        b.protokollsutdrag.save("utdrag.pdf", ContentFile(MINIMAL_PDF), save=False)
    b.save()
    if outcomes:
        for rek in Rekommendation.objects.filter(beslut__delprojekt=project):
            Rekommendationsutfall.objects.create(
                huvudmannabeslut=b, rekommendation=rek, utfall="bifall"
            )
    return b


def test_the_overview_lists_exactly_what_each_region_still_has_to_decide(client, kansli, org):
    blekinge, halland = org.regioner[:2]
    a = _waiting_project(kansli, org, "Projekt A", dagar=40)
    b = _waiting_project(kansli, org, "Projekt B", dagar=10, status=Status.INFORANDE)
    done = _waiting_project(kansli, org, "Projekt klart", dagar=90)
    earlier = register(kansli, titel="Projekt i nämnden")
    earlier.regioner.set(org.regioner)
    Delprojekt.objects.filter(pk=earlier.pk).update(status=Status.NAMND)
    _decide(a, blekinge)
    _decide(a, halland, extract=False, outcomes=False)
    _decide(b, halland)
    _decide(done, blekinge)
    _decide(done, halland)
    client.force_login(kansli)
    response = client.get(url("regionbeslut_oversikt"))
    assert response.status_code == 200
    listor = {lista.region: lista.rader for lista in response.context["listor"]}
    assert [(r.delprojekt, r.saknas) for r in listor[blekinge]] == [(b, ["beslut"])]
    assert [(r.delprojekt, r.saknas) for r in listor[halland]] == [
        (a, ["protokollsutdrag", "utfall för rekommendation 1, 2"])
    ]
    assert listor[halland][0].dagar == 40
    assert listor[org.regioner[2]] == []
    page = response.content.decode()
    assert "Projekt A" in page and "Projekt B" in page
    assert "Projekt klart" not in page and "Projekt i nämnden" not in page
    assert "Protokollsutdrag, utfall för rekommendation 1, 2" in page

    # Halland completes its decision: the project leaves Halland's list.
    hb = Huvudmannabeslut.objects.get(delprojekt=a, region=halland)
    hb.protokollsutdrag.save("utdrag.pdf", ContentFile(MINIMAL_PDF))
    for rek in Rekommendation.objects.filter(beslut__delprojekt=a):
        Rekommendationsutfall.objects.create(
            huvudmannabeslut=hb, rekommendation=rek, utfall="bifall"
        )
    response = client.get(url("regionbeslut_oversikt"))
    listor = {lista.region: lista.rader for lista in response.context["listor"]}
    assert listor[halland] == []
    assert [r.delprojekt for r in listor[blekinge]] == [b]


def test_the_overview_filters_by_region_and_starts_with_a_coordinators_own(client, kansli, org):
    blekinge, halland = org.regioner[:2]
    _waiting_project(kansli, org, "Projekt A", dagar=5)
    client.force_login(kansli)
    response = client.get(url("regionbeslut_oversikt"), {"region": halland.pk})
    assert [lista.region for lista in response.context["listor"]] == [halland]
    response = client.get(url("regionbeslut_oversikt"), {"region": "nonsens"})
    assert response.status_code == 200
    assert len(response.context["listor"]) == len(org.regioner)
    coordinator = samordnare(org, blekinge)
    client.force_login(coordinator)
    response = client.get(url("regionbeslut_oversikt"))
    assert [lista.region for lista in response.context["listor"]] == [blekinge]
    response = client.get(url("regionbeslut_oversikt"), {"region": ""})
    assert len(response.context["listor"]) == len(org.regioner)


def test_the_overview_is_for_the_kansli_and_those_who_read_all(
    client, kansli, org, outsider, reader
):
    client.force_login(outsider)
    assert client.get(url("regionbeslut_oversikt")).status_code == 403
    client.force_login(reader)
    assert client.get(url("regionbeslut_oversikt")).status_code == 200
    client.force_login(kansli)
    portfolio = client.get(url("portfolio")).content.decode()
    assert url("regionbeslut_oversikt") in portfolio


def test_the_overview_query_budget(client, kansli, org, django_assert_max_num_queries):
    for i in range(20):
        project = _waiting_project(kansli, org, f"Projekt {i}", dagar=i)
        if i % 2:
            _decide(project, org.regioner[0], outcomes=bool(i % 3))
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        response = client.get(url("regionbeslut_oversikt"))
    assert response.status_code == 200
    rader = sum(len(lista.rader) for lista in response.context["listor"])
    assert rader == 20 + 10 + 3  # Halland: all 20; Blekinge: 10 undecided, 3 without outcomes


def test_the_registration_page_links_the_extract_only_through_the_protected_view(
    client, kansli, dp, django_assert_max_num_queries
):
    register_regional_decisions(dp)
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        page = client.get(url("huvudmannabeslut", dp.referens)).content.decode()
    assert "/media/" not in page
    beslut = Huvudmannabeslut.objects.filter(delprojekt=dp).first()
    assert url("huvudmannabeslut_utdrag", dp.referens, beslut.pk) in page
    assert "En ny fil ersätter det sparade utdraget." in page
    assert page.count('value="bifall" id=') == 2 * 4
    assert page.count("checked") == 2 * 4  # every stored outcome is preselected

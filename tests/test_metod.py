"""What the working method asks along the way: the kansli's contacts during beredning,
the chair chosen first, the competences that must be there, the nuläge checks, the
language review before hand-in and who presented the report to each body."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from delprojekt import models as m
from delprojekt import workflow
from delprojekt.rapportkontroll import rapportkontroll
from delprojekt.services.arbetsgrupp import arbetsgrupp_chair_details
from delprojekt.services.errors import GuardFailed, Invalid, NotAllowed
from delprojekt.services.formation import formation_checks
from delprojekt.services.grupparbete import beredningskontakt_delete, beredningskontakt_save
from delprojekt.services.sprakgranskning import (
    sprakgranskning_assign,
    sprakgranskning_done,
    utan_patientperspektiv_save,
)
from delprojekt.services.workflow import delprojekt_transition
from tests import factories as f
from tests.conftest import register, today

# --- 1. Kontakter under beredningen -------------------------------------------------------


def _kontakt(dp, user, **data):
    values = {"datum": today(), "organ": None, "person": "Kunskapsstöd barn", "fragan": "Läget"}
    values.update(data)
    return beredningskontakt_save(delprojekt=dp, user=user, data=values)


def test_the_kansli_logs_a_contact_during_beredning(kansli, project_a, org):
    k = _kontakt(project_a, kansli, organ=org.chefsamrad, person="", utfall="Stöder förslaget.")
    k.refresh_from_db()
    assert k.mottagare == "Chefsamråd ortopedi"
    assert k.registrerad_av == kansli
    assert m.Handelse.objects.filter(
        delprojekt=project_a, text__contains="Kontakt under beredningen registrerades"
    ).exists()


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        ({"datum": None}, "datum", "Ange datum"),
        ({"datum": datetime.date(2999, 1, 1)}, "datum", "framtiden"),
        ({"person": "  "}, "person", "Ange organet"),
        ({"fragan": " "}, "fragan", "Beskriv vad kontakten gällde"),
    ],
)
def test_a_contact_needs_date_who_and_what(kansli, project_a, data, field, text):
    with pytest.raises(Invalid) as exc:
        _kontakt(project_a, kansli, **data)
    assert text in exc.value.field_errors[field][0]
    assert not m.Beredningskontakt.objects.exists()


def test_only_the_kansli_logs_contacts(ordforande, project_a):
    with pytest.raises(NotAllowed):
        _kontakt(project_a, ordforande)
    assert not m.Beredningskontakt.objects.exists()


def test_deleting_a_contact_is_on_the_timeline(kansli, project_a):
    k = _kontakt(project_a, kansli)
    beredningskontakt_delete(kontakt=k, user=kansli)
    assert not m.Beredningskontakt.objects.exists()
    assert m.Handelse.objects.filter(text__contains="togs bort: Kunskapsstöd barn").exists()


def test_the_contacts_page_saves_and_refuses_bad_input(client, kansli, project_a):
    client.force_login(kansli)
    url = reverse("delprojekt:beredningskontakter", args=[project_a.referens])
    bad = client.post(url, {"datum": "igår", "person": "", "fragan": ""})
    assert bad.status_code == 200
    assert "Ange datumet som ÅÅÅÅ-MM-DD." in bad.content.decode()
    assert not m.Beredningskontakt.objects.exists()
    none = client.post(url, {"datum": today().isoformat(), "person": "", "fragan": "Läget"})
    assert "Ange organet, eller vilken person" in none.content.decode()
    ok = client.post(
        url,
        {"datum": today().isoformat(), "person": "Programområde barn", "fragan": "Behovet"},
    )
    assert ok.status_code == 302
    assert m.Beredningskontakt.objects.get().person == "Programområde barn"


def test_the_project_page_shows_the_contacts_in_beredning(
    client, kansli, project_a, django_assert_max_num_queries
):
    _kontakt(project_a, kansli, utfall="Vill delta i arbetsgruppen.")
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        page = client.get(project_a.get_absolute_url()).content.decode()
    assert "Kontakter under beredningen" in page
    assert "Vill delta i arbetsgruppen." in page
    assert "Alla kontakter och registrera en ny" in page


# --- 2. Ordföranden väljs först; kompetenser som ska finnas ---------------------------------


@pytest.fixture
def grupp(org, kansli, lg_members):
    from tests.workflow_helpers import walk_to

    return walk_to(
        register(kansli), m.Status.ARBETSGRUPP, org=org, kansli=kansli, lg_members=lg_members
    )


@pytest.fixture
def bildad(grupp, kansli):
    """The group with an appointed chair and member and the kansli's contact person."""
    from tests.workflow_helpers import fill_group

    fill_group(grupp, kansli)
    return grupp


def _check(dp, key):
    return next(c for c in formation_checks(dp) if c.key == key)


def test_forming_the_group_warns_until_a_chair_has_accepted(client, kansli, grupp):
    assert not _check(grupp, "ordforande").ok
    chair = f.ArbetsgruppsmedlemskapFactory(
        delprojekt=grupp, roll="ordforande", status="tillfragad", avstamt_med_chef=False
    )
    check = _check(grupp, "ordforande")
    assert not check.ok and "inte accepterat" in check.text
    client.force_login(kansli)
    response = client.post(
        reverse("delprojekt:arbetsgrupp", args=[grupp.referens]),
        {"person": f.PersonFactory().pk, "roll": "ledamot", "status": "nominerad"},
        follow=True,
    )
    assert any("inte accepterat uppdraget" in str(x) for x in response.context["messages"])
    chair.status = "accepterad"
    chair.save(update_fields=["status"])
    check = _check(grupp, "ordforande")
    assert not check.ok and "avsatt tid och relevant erfarenhet saknas" in check.text
    arbetsgrupp_chair_details(
        member=chair, user=kansli, avsatt_tid="20 %", erfarenhet="Verksamhetschef i tio år."
    )
    check = _check(grupp, "ordforande")
    assert check.ok and "20 %" in check.text
    response = client.post(
        reverse("delprojekt:arbetsgrupp", args=[grupp.referens]),
        {"person": f.PersonFactory().pk, "roll": "ledamot", "status": "nominerad"},
        follow=True,
    )
    assert not any("inte accepterat" in str(x) for x in response.context["messages"])


def test_the_chairs_time_and_experience_are_recorded_on_the_page(client, kansli, bildad):
    chair = bildad.medlemskap.get(roll="ordforande")
    client.force_login(kansli)
    target = reverse("delprojekt:arbetsgrupp_member", args=[bildad.referens, chair.pk])
    bad = client.post(
        target,
        {"action": "ordforande", f"o{chair.pk}-avsatt_tid": " ", f"o{chair.pk}-erfarenhet": "X"},
        follow=True,
    )
    assert any("avsatta tid" in str(x) for x in bad.context["messages"])
    chair.refresh_from_db()
    assert chair.avsatt_tid == ""
    client.post(
        target,
        {
            "action": "ordforande",
            f"o{chair.pk}-avsatt_tid": "4 timmar i veckan",
            f"o{chair.pk}-erfarenhet": "Leder kunskapsstöd för strokevård.",
        },
    )
    chair.refresh_from_db()
    assert chair.avsatt_tid == "4 timmar i veckan"
    assert bildad.handelser.filter(text__contains="avsatt tid 4 timmar i veckan").exists()
    page = client.get(reverse("delprojekt:arbetsgrupp", args=[bildad.referens])).content.decode()
    assert "4 timmar i veckan" in page


def test_chair_details_refusals(kansli, ordforande, bildad, project_a):
    ledamot = bildad.medlemskap.get(roll="ledamot")
    with pytest.raises(Invalid):
        arbetsgrupp_chair_details(member=ledamot, user=kansli, avsatt_tid="20 %", erfarenhet="X")
    chair = bildad.medlemskap.get(roll="ordforande")
    with pytest.raises(NotAllowed):
        arbetsgrupp_chair_details(member=chair, user=ordforande, avsatt_tid="1", erfarenhet="X")
    with pytest.raises(Invalid) as exc:
        arbetsgrupp_chair_details(member=chair, user=kansli, avsatt_tid="20 %", erfarenhet=" ")
    assert "erfarenhet" in exc.value.field_errors


def test_a_missing_ska_competence_blocks_the_hand_over_until_a_reason(client, kansli, bildad):
    krav = m.Kompetenskrav.objects.create(delprojekt=bildad, benamning="Logopedi", krav="ska")
    m.Kompetenskrav.objects.create(delprojekt=bildad, benamning="Dietist", krav="bor")
    missing = workflow.missing(bildad, "overlamna_uppdrag")
    assert any("Kompetensen Logopedi ska finnas" in x for x in missing)
    assert not any("Dietist" in x for x in missing)
    with pytest.raises(GuardFailed):
        delprojekt_transition(delprojekt=bildad, name="overlamna_uppdrag", user=kansli)
    bildad.refresh_from_db()
    assert bildad.status == m.Status.ARBETSGRUPP

    client.force_login(kansli)
    target = reverse("delprojekt:arbetsgrupp_kompetens_skal", args=[bildad.referens, krav.pk])
    too_long = client.post(target, {f"s{krav.pk}-skal_saknas": "x" * 2001}, follow=True)
    assert any("högst 2 000 tecken" in str(x) for x in too_long.context["messages"])
    krav.refresh_from_db()
    assert krav.skal_saknas == ""
    client.post(target, {f"s{krav.pk}-skal_saknas": "Logoped adjungeras vid behov."})
    krav.refresh_from_db()
    assert krav.skal_saknas == "Logoped adjungeras vid behov."
    assert workflow.missing(bildad, "overlamna_uppdrag") == []
    delprojekt_transition(delprojekt=bildad, name="overlamna_uppdrag", user=kansli)
    bildad.refresh_from_db()
    assert bildad.status == m.Status.NULAGE


def test_a_covered_ska_competence_does_not_block(kansli, bildad):
    krav = m.Kompetenskrav.objects.create(delprojekt=bildad, benamning="Logopedi", krav="ska")
    bildad.medlemskap.get(roll="ledamot").kompetenser.add(krav)
    assert workflow.missing(bildad, "overlamna_uppdrag") == []


def test_only_the_kansli_records_a_reason(client, ordforande, project_a):
    krav = m.Kompetenskrav.objects.create(delprojekt=project_a, benamning="Logopedi")
    client.force_login(ordforande)
    target = reverse("delprojekt:arbetsgrupp_kompetens_skal", args=[project_a.referens, krav.pk])
    assert client.post(target, {f"s{krav.pk}-skal_saknas": "Skäl"}).status_code == 403
    krav.refresh_from_db()
    assert krav.skal_saknas == ""


def test_the_hand_over_warns_when_the_chairs_time_is_missing(bildad):
    assert any("avsatta tid" in w for w in workflow.warnings(bildad, "overlamna_uppdrag"))


# --- 3. Nuläget: alla berörda regioner och patientens och närståendes perspektiv ----------


def _nulage(dp, text):
    dokument, _created = m.Dokument.objects.get_or_create(delprojekt=dp, typ="slutrapport")
    m.Kapitel.objects.update_or_create(dokument=dokument, nyckel="nulage", defaults={"text": text})


def _rad(dp):
    return [p.text for p in rapportkontroll(dp).rad]


def test_the_report_check_names_regions_the_nulage_does_not_mention(kansli, project_a, org):
    project_a.regioner.set(org.regioner)
    _nulage(project_a, "I Halland och i Region Skåne väntar patienterna länge. Kronoberg har kö.")
    rad = _rad(project_a)
    assert any("Nuläget nämner inte Region Blekinge." in r for r in rad)
    _nulage(project_a, "Blekinge, Halland, Kronoberg och Skåne har alla köer.")
    assert not any("Nuläget nämner inte" in r for r in _rad(project_a))


def test_the_report_check_asks_for_the_patient_perspective(kansli, project_a):
    _nulage(project_a, "## Väntetider\n\nPatienter väntar länge.")
    assert any("saknar patientens och närståendes perspektiv" in r for r in _rad(project_a))
    _nulage(project_a, "## Patienters och närståendes perspektiv\n\nDe vill ha besked tidigt.")
    assert not any("närståendes perspektiv" in r for r in _rad(project_a))


def test_a_recorded_reason_silences_the_patient_perspective_advice(
    client, kansli, ordforande, project_a
):
    _nulage(project_a, "Text.")
    client.force_login(ordforande)
    target = reverse("delprojekt:slutrapport_patientperspektiv", args=[project_a.referens])
    too_long = client.post(target, {"utan_patientperspektiv": "x" * 5001}, follow=True)
    assert any("högst 5 000 tecken" in str(x) for x in too_long.context["messages"])
    project_a.refresh_from_db()
    assert project_a.utan_patientperspektiv == ""
    client.post(target, {"utan_patientperspektiv": "Patientföreningen intervjuas i analysen."})
    project_a.refresh_from_db()
    assert project_a.utan_patientperspektiv == "Patientföreningen intervjuas i analysen."
    assert not any("närståendes perspektiv" in r for r in _rad(project_a))


def test_only_report_writers_record_the_reason(client, reader, samarbetsgrupp_user, project_a):
    target = reverse("delprojekt:slutrapport_patientperspektiv", args=[project_a.referens])
    for user in (reader, samarbetsgrupp_user):
        client.force_login(user)
        assert client.post(target, {"utan_patientperspektiv": "Skäl"}).status_code == 403
    with pytest.raises(NotAllowed):
        utan_patientperspektiv_save(delprojekt=project_a, user=reader, text="Skäl")


# --- 4. Språkgranskning före inlämning ------------------------------------------------------


def test_the_language_review_is_assigned_and_marked_done(client, kansli, ordforande, project_a):
    kommunikator = f.PersonFactory(namn="Klara Kommunikatör")
    f.ArbetsgruppsmedlemskapFactory(delprojekt=project_a, person=kommunikator, roll="kommunikator")
    page = reverse("delprojekt:sprakgranskning", args=[project_a.referens])
    client.force_login(ordforande)
    assert "Klara Kommunikatör" in client.get(page).content.decode()
    bad = client.post(page, {"action": "tilldela", "granskare": f.PersonFactory().pk})
    assert bad.status_code == 200
    assert "Välj arbetsgruppens kommunikatör eller någon på kansliet." in bad.content.decode()
    assert not m.Sprakgranskning.objects.exists()
    client.post(page, {"action": "tilldela", "granskare": kommunikator.pk})
    g = m.Sprakgranskning.objects.get()
    assert g.granskare == kommunikator and g.klar is None
    # The chair may not mark someone else's review done.
    assert client.post(page, {"action": "klar", "kommentarer": "Klart"}).status_code == 403
    client.force_login(kansli)
    client.post(page, {"action": "klar", "kommentarer": "Kortare meningar i analysen."})
    g.refresh_from_db()
    assert g.klar is not None and g.kommentarer == "Kortare meningar i analysen."
    assert project_a.handelser.filter(text__contains="språkgranskningen är klar").exists()


def test_the_reviewer_marks_their_own_review_done(client, kansli, project_a):
    from tests.conftest import _person_user

    user, person = _person_user("komm", "Klara Kommunikatör")
    f.ArbetsgruppsmedlemskapFactory(delprojekt=project_a, person=person, roll="kommunikator")
    sprakgranskning_assign(delprojekt=project_a, user=kansli, granskare=person)
    client.force_login(user)
    page = reverse("delprojekt:sprakgranskning", args=[project_a.referens])
    too_long = client.post(page, {"action": "klar", "kommentarer": "x" * 5001})
    assert "högst 5 000 tecken" in too_long.content.decode()
    assert m.Sprakgranskning.objects.get().klar is None
    assert client.post(page, {"action": "klar", "kommentarer": "Bra."}).status_code == 302
    assert m.Sprakgranskning.objects.get().klar is not None
    with pytest.raises(Invalid):
        sprakgranskning_done(delprojekt=project_a, user=kansli, kommentarer="Igen")


def test_the_assigned_reviewer_is_told_at_once_as_a_duty(kansli, project_a, mailoutbox):
    from delprojekt.models import Notis, Notisinstallning, Notistyp, Notisval
    from tests.conftest import deliver_mail

    person = f.PersonFactory(namn="Klara Kommunikatör", epost="klara@example.test")
    f.ArbetsgruppsmedlemskapFactory(delprojekt=project_a, person=person, roll="kommunikator")
    # Even someone who has switched reminders off is told: it is a duty.
    Notisinstallning.objects.create(person=person, typ=Notistyp.PAMINNELSE, val=Notisval.AV)
    sprakgranskning_assign(delprojekt=project_a, user=kansli, granskare=person)
    notis = Notis.objects.get(person=person)
    assert notis.typ == Notistyp.PLIKT
    assert notis.lank == reverse("delprojekt:sprakgranskning", args=[project_a.referens])
    deliver_mail()
    (brev,) = [b for b in mailoutbox if "klara@example.test" in b.to]
    assert brev.subject == f"Språkgranska slutrapporten: {project_a.referens} {project_a.titel}"
    assert notis.lank in brev.body
    # Assigning the same person again tells no one twice.
    sprakgranskning_assign(delprojekt=project_a, user=kansli, granskare=person)
    assert Notis.objects.filter(person=person).count() == 1


def test_outsiders_neither_assign_nor_see(client, outsider, reader, project_a):
    page = reverse("delprojekt:sprakgranskning", args=[project_a.referens])
    client.force_login(outsider)
    assert client.get(page).status_code == 404
    client.force_login(reader)
    assert client.get(page).status_code == 200
    assert client.post(page, {"action": "tilldela", "granskare": 1}).status_code == 403


def test_the_hand_in_warns_without_a_finished_review_but_does_not_block(kansli, org, lg_members):
    from tests.workflow_helpers import fill_slutrapport, walk_to

    dp = walk_to(
        register(kansli), m.Status.SLUTRAPPORT, org=org, kansli=kansli, lg_members=lg_members
    )
    fill_slutrapport(dp)
    name = "lamna_till_samarbetsgrupp"
    assert any("Ingen språkgranskning är gjord" in w for w in workflow.warnings(dp, name))
    sprakgranskning_assign(delprojekt=dp, user=kansli, granskare=m.Person.objects.get(user=kansli))
    assert any("inte klar" in w for w in workflow.warnings(dp, name))
    assert workflow.missing(dp, name) == []
    delprojekt_transition(delprojekt=dp, name=name, user=kansli)
    dp.refresh_from_db()
    assert dp.status == m.Status.SAMARBETSGRUPP


# --- 5. Vem som föredrog slutrapporten --------------------------------------------------------


def test_who_presented_the_report_is_recorded_and_printed(client, org, kansli, lg_members):
    from delprojekt.services.protokoll_pdf import protokoll_pdf, protokollsutdrag_pdf
    from delprojekt.services.workflow import positions_record
    from tests.test_protokoll_pdf import _text
    from tests.test_sammantrade import _arende, make_meeting
    from tests.workflow_helpers import all_agree, walk_to

    dp = walk_to(
        register(kansli), m.Status.LEDNINGSGRUPP, org=org, kansli=kansli, lg_members=lg_members
    )
    positions_record(delprojekt=dp, user=kansli, positioner=all_agree())
    mote = make_meeting(kansli, lg_members, org.ledningsgrupp)
    p = _arende(mote, kansli, dp)
    client.force_login(kansli)
    target = reverse("sammantrade:protokollfor", args=[mote.pk, p.pk])
    data = {"status": m.Status.LEDNINGSGRUPP, "overgang": "besluta", "beslutstext": "Besluta."}
    too_long = client.post(target, {**data, "foredragande": "x" * 201})
    assert too_long.status_code == 200
    assert "högst 200 tecken" in too_long.content.decode()
    p.refresh_from_db()
    assert p.protokollford is None and p.foredragande == ""
    client.post(target, {**data, "foredragande": "Olof Ordförande, arbetsgruppens ordförande"})
    p.refresh_from_db()
    assert p.foredragande == "Olof Ordförande, arbetsgruppens ordförande"
    page = client.get(reverse("sammantrade:detalj", args=[mote.pk])).content.decode()
    assert "Olof Ordförande, arbetsgruppens ordförande" in page
    assert "Föredragande: Olof Ordförande" in _text(protokoll_pdf(mote))
    p.paragraf_organ, p.paragraf_ar, p.paragraf_nummer = org.ledningsgrupp, 2026, 1
    assert "Föredragande: Olof Ordförande" in _text(protokollsutdrag_pdf(p))


# --- 6. Uppföljningen som bilaga till slutrapporten ------------------------------------------


def test_the_follow_up_plan_chooses_an_appendix_and_the_report_says_so(
    client, kansli, ordforande, project_a, org, lg_members
):
    from tests.test_uppfoljning_rapport import pdf_text
    from tests.workflow_helpers import walk_to
    from uppfoljning.services.rapport import rapport_pdf

    dp = walk_to(project_a, m.Status.SLUTRAPPORT, org=org, kansli=kansli, lg_members=lg_members)
    client.force_login(kansli)
    target = reverse("delprojekt:uppfoljningsplan", args=[dp.referens])
    client.post(
        target, {"hur": "Enkät", "nar": "Efter 12 månader", "vem": "Ordf.", "som_bilaga": "on"}
    )
    assert m.Uppfoljningsplan.objects.get(delprojekt=dp).som_bilaga is True
    dp = walk_to(dp, m.Status.UPPFOLJNING, org=org, kansli=kansli, lg_members=lg_members)
    assert m.Uppfoljningsplan.objects.get(delprojekt=dp).som_bilaga is True
    text = pdf_text(rapport_pdf(dp.uppfoljningsomgangar.get(nummer=1)))
    assert "Bilaga till slutrapporten: uppföljning" in text
    assert "skriven som bilaga till delprojektets slutrapport" in text

"""The working group's own records: notes and vägval, förankring, delrapporter, stöd,
kommunikationsplan, resurser and comments."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from delprojekt.dates import add_months
from delprojekt.models import (
    Delprojekt,
    Delrapport,
    Forankring,
    Handelse,
    Kommentar,
    Kommunikationsaktivitet,
    Minnesanteckning,
    Resursinsats,
    Samfinansiering,
    Status,
    Stodbegaran,
    Vagval,
)
from delprojekt.services import grupparbete as svc
from delprojekt.services.bilagor import bilaga_add
from delprojekt.services.errors import Invalid, Locked, NotAllowed
from delprojekt.services.kommentarer import kommentar_add
from tests import factories as f
from tests.conftest import deliver_mail, person_of, register, today, valj_notiser
from tests.test_bilagor import PNG
from tests.workflow_helpers import walk_to


def url(name, *args):
    return reverse(f"delprojekt:{name}", args=args)


def msgs(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def events(dp) -> list[str]:
    return list(
        Handelse.objects.filter(delprojekt=dp, typ=Handelse.Typ.GRUPPARBETE).values_list(
            "text", flat=True
        )
    )


def _member(dp, username, namn, roll="ledamot", region=None):
    user = f.UserFactory(username=username, first_name=namn.split()[0], last_name=namn.split()[-1])
    person = f.PersonFactory(namn=namn, user=user, region=region)
    membership = f.ArbetsgruppsmedlemskapFactory(delprojekt=dp, person=person, roll=roll)
    return user, membership


@pytest.fixture
def ledamot_a(project_a, org):
    user, _m = _member(project_a, "leda", "Lisa Ledamot", region=org.regioner[1])
    return user


@pytest.fixture
def adjungerad_a(project_a, org):
    _user, m = _member(project_a, "adj", "Anders Adjungerad", roll="adjungerad")
    return m


def chair_membership(dp, user):
    return dp.medlemskap.get(person=person_of(user))


def note_data(**kw):
    data = {
        "datum": (today() - datetime.timedelta(days=2)).isoformat(),
        "plats": "Lund",
        "dagordning": "1. Nuläget\n2. Avgränsning",
        "anteckningar": "Vi gick igenom **väntetiderna**.",
        "mjuka_resultat": "Bättre samarbetsklimat mellan regionerna.",
        "vagval-TOTAL_FORMS": "2",
        "vagval-INITIAL_FORMS": "0",
        "vagval-MIN_NUM_FORMS": "0",
        "vagval-MAX_NUM_FORMS": "30",
        "vagval-0-val": "Vi avgränsar till vuxna patienter",
        "vagval-0-motivering": "Barn har redan ett eget delprojekt.",
        "vagval-1-val": "",
        "vagval-1-motivering": "",
    }
    data.update(kw)
    return data


# --- Minnesanteckningar ----------------------------------------------------------------


def test_chair_writes_a_note_with_attendees_and_vagval(client, ordforande, project_a, adjungerad_a):
    client.force_login(ordforande)
    chair = chair_membership(project_a, ordforande)
    response = client.post(
        url("anteckning_ny", project_a.referens),
        note_data(
            deltagare=[chair.pk, adjungerad_a.pk],
            **{"vagval-1-val": "Vi prioriterar väntetider", "vagval-1-motivering": "Störst behov."},
        ),
    )
    note = Minnesanteckning.objects.get(delprojekt=project_a)
    assert response.status_code == 302
    assert response["Location"] == url("anteckning", project_a.referens, note.pk)
    assert note.registrerad_av == ordforande
    assert set(note.deltagare.all()) == {chair, adjungerad_a}
    assert [(v.ordning, v.val) for v in note.vagval.all()] == [
        (1, "Vi avgränsar till vuxna patienter"),
        (2, "Vi prioriterar väntetider"),
    ]
    assert note.history.first().history_user == ordforande
    assert Vagval.history.filter(history_user=ordforande).count() == 2
    assert any("Minnesanteckningar från mötet" in t for t in events(project_a))

    page = client.get(url("anteckning", project_a.referens, note.pk)).content.decode()
    assert "Anders Adjungerad (adjungerad)" in page
    assert "<strong>väntetiderna</strong>" in page
    assert "Motivering: Barn har redan ett eget delprojekt." in page
    assert "Bättre samarbetsklimat" in page


def test_members_write_notes_only_when_the_chair_allows(client, ordforande, ledamot_a, project_a):
    client.force_login(ledamot_a)
    assert client.get(url("anteckning_ny", project_a.referens)).status_code == 403
    assert client.post(url("anteckning_ny", project_a.referens), note_data()).status_code == 403
    assert not Minnesanteckning.objects.exists()
    # A member may not change the setting.
    assert (
        client.post(
            url("anteckningsratt", project_a.referens), {"medlemmar_skriver_anteckningar": "on"}
        ).status_code
        == 403
    )

    client.force_login(ordforande)
    client.post(
        url("anteckningsratt", project_a.referens), {"medlemmar_skriver_anteckningar": "on"}
    )
    project_a.refresh_from_db()
    assert project_a.medlemmar_skriver_anteckningar
    assert project_a.history.first().history_user == ordforande
    assert "Alla i arbetsgruppen får nu skriva minnesanteckningar" in events(project_a)

    client.force_login(ledamot_a)
    response = client.post(url("anteckning_ny", project_a.referens), note_data())
    assert response.status_code == 302
    own = Minnesanteckning.objects.get(registrerad_av=ledamot_a)
    # The member edits their own note …
    edit = note_data(
        anteckningar="Rättat.", **{"vagval-TOTAL_FORMS": "3", "vagval-INITIAL_FORMS": "1"}
    )
    assert client.post(url("anteckning_andra", project_a.referens, own.pk), edit).status_code == 302
    own.refresh_from_db()
    assert own.anteckningar == "Rättat."
    # … but not the chair's.
    other = svc.minnesanteckning_save(
        delprojekt=project_a,
        user=ordforande,
        data={"datum": today(), "plats": "Växjö"},
        vagval=[],
    )
    assert client.get(url("anteckning_andra", project_a.referens, other.pk)).status_code == 403
    # When the chair withdraws the right, the member can no longer edit even their own.
    svc.anteckningsratt_set(delprojekt=project_a, user=ordforande, value=False)
    project_a.refresh_from_db()
    assert client.get(url("anteckning_andra", project_a.referens, own.pk)).status_code == 403


def test_attendees_from_another_project_are_refused(
    client, ordforande, project_a, project_b, ledamot_b
):
    member_b = project_b.medlemskap.get()
    with pytest.raises(Invalid) as exc:
        svc.minnesanteckning_save(
            delprojekt=project_a,
            user=ordforande,
            data={"datum": today(), "plats": "Lund", "deltagare": [member_b]},
            vagval=[],
        )
    assert "nuvarande medlemmar" in exc.value.messages[0]
    client.force_login(ordforande)
    response = client.post(
        url("anteckning_ny", project_a.referens), note_data(deltagare=[member_b.pk])
    )
    assert response.status_code == 200
    assert not Minnesanteckning.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"vagval-0-motivering": ""}, "både vad som valdes och en motivering"),
        ({"plats": ""}, "markera att det var digitalt"),
        (
            {"datum": (datetime.date.today() + datetime.timedelta(days=30)).isoformat()},
            "framtiden",
        ),
    ],
)
def test_a_note_with_bad_input_is_not_saved(client, ordforande, project_a, change, message):
    client.force_login(ordforande)
    response = client.post(url("anteckning_ny", project_a.referens), note_data(**change))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Minnesanteckning.objects.exists()
    assert events(project_a) == []


def test_a_digital_meeting_needs_no_place(ordforande, project_a):
    note = svc.minnesanteckning_save(
        delprojekt=project_a,
        user=ordforande,
        data={"datum": today(), "plats": "", "digitalt": True},
        vagval=[],
    )
    assert note.platsbeskrivning == "Digitalt"


def test_notes_pages_for_readers_and_outsiders(client, ordforande, reader, outsider, project_a):
    svc.minnesanteckning_save(
        delprojekt=project_a, user=ordforande, data={"datum": today(), "plats": "Lund"}, vagval=[]
    )
    note = Minnesanteckning.objects.get()
    client.force_login(reader)
    assert client.get(url("anteckningar", project_a.referens)).status_code == 200
    page = client.get(url("anteckning", project_a.referens, note.pk)).content.decode()
    assert "Ändra" not in page and "Skicka kommentar" not in page
    assert client.post(url("anteckning_ny", project_a.referens), note_data()).status_code == 403
    assert (
        client.post(url("post_ta_bort", project_a.referens, "anteckning", note.pk)).status_code
        == 403
    )
    client.force_login(outsider)
    assert client.get(url("anteckningar", project_a.referens)).status_code == 404
    assert client.get(url("anteckning", project_a.referens, note.pk)).status_code == 404
    assert client.post(url("anteckning_ny", project_a.referens), note_data()).status_code == 404
    assert Minnesanteckning.objects.count() == 1


def test_chair_deletes_a_note_with_its_vagval(client, ordforande, project_a):
    note = svc.minnesanteckning_save(
        delprojekt=project_a,
        user=ordforande,
        data={"datum": today(), "plats": "Lund"},
        vagval=[{"val": "A", "motivering": "B"}],
    )
    client.force_login(ordforande)
    client.post(url("post_ta_bort", project_a.referens, "anteckning", note.pk))
    assert not Minnesanteckning.objects.exists() and not Vagval.objects.exists()
    assert Minnesanteckning.history.filter(history_type="-").get().history_user == ordforande
    assert any("togs bort" in t for t in events(project_a))


def test_vagval_log_and_the_project_page_section(
    client, kansli, ordforande, project_a, django_assert_max_num_queries
):
    for i in range(8):
        svc.minnesanteckning_save(
            delprojekt=project_a,
            user=ordforande,
            data={"datum": today() - datetime.timedelta(days=30 - i), "plats": "Lund"},
            vagval=[{"val": f"Vägval nummer {i}", "motivering": f"Skäl {i}"}],
        )
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        response = client.get(url("vagval", project_a.referens))
    body = response.content.decode()
    assert all(f"Vägval nummer {i}" in body for i in range(8))
    assert body.index("Vägval nummer 7") < body.index("Vägval nummer 0")
    newest = Minnesanteckning.objects.order_by("-datum").first()
    assert url("anteckning", project_a.referens, newest.pk) in body

    with django_assert_max_num_queries(15):
        response = client.get(url("anteckningar", project_a.referens))
    assert response.status_code == 200

    detail = client.get(url("detail", project_a.referens)).content.decode()
    assert "Vägval nummer 7" in detail and "Vägval nummer 3" in detail
    assert "Vägval nummer 2" not in detail  # only the latest five
    assert url("vagval", project_a.referens) in detail


# --- Förankring ----------------------------------------------------------------------------


def forankring_data(org, **kw):
    data = {
        "datum": today().isoformat(),
        "organ": org.chefsamrad.pk,
        "person": "",
        "region": org.regioner[0].pk,
        "diskuterat": "Avgränsningen av uppdraget.",
        "utfall": "Chefsamrådet stöder avgränsningen.",
    }
    data.update(kw)
    return data


def test_chair_logs_a_contact_with_the_line(client, ordforande, project_a, org):
    client.force_login(ordforande)
    response = client.post(url("forankring", project_a.referens), forankring_data(org))
    assert response.status_code == 302
    fa = Forankring.objects.get()
    assert (fa.organ, fa.region, fa.registrerad_av) == (
        org.chefsamrad,
        org.regioner[0],
        ordforande,
    )
    assert fa.history.first().history_user == ordforande
    assert "Förankring med linjen registrerades: Chefsamråd ortopedi" in events(project_a)
    page = client.get(url("forankring", project_a.referens)).content.decode()
    assert "Chefsamrådet stöder avgränsningen." in page
    # Editing.
    client.post(
        url("forankring_andra", project_a.referens, fa.pk),
        forankring_data(org, utfall="Nytt utfall."),
    )
    fa.refresh_from_db()
    assert fa.utfall == "Nytt utfall."


def test_a_contact_needs_a_body_or_a_person(client, ordforande, project_a, org):
    client.force_login(ordforande)
    response = client.post(url("forankring", project_a.referens), forankring_data(org, organ=""))
    assert response.status_code == 200
    assert "Ange chefsamråd eller organ" in response.content.decode()
    assert not Forankring.objects.exists()
    response = client.post(
        url("forankring", project_a.referens),
        forankring_data(org, organ="", person="Verksamhetschef ortopedi"),
    )
    assert Forankring.objects.get().mottagare == "Verksamhetschef ortopedi"


def test_forankring_permissions(client, reader, outsider, ledamot_a, project_a, org):
    for user, status in ((reader, 403), (ledamot_a, 403), (outsider, 404)):
        client.force_login(user)
        assert (
            client.post(url("forankring", project_a.referens), forankring_data(org)).status_code
            == status
        )
    assert not Forankring.objects.exists()
    client.force_login(reader)
    assert client.get(url("forankring", project_a.referens)).status_code == 200


def test_forankring_overview_lists_working_projects_without_recent_contact(
    client, kansli, ordforande, lg_members, org, project_a, django_assert_max_num_queries
):
    working = walk_to(
        register(kansli, titel="Höftprotes"),
        Status.ARBETSGRUPP,
        org=org,
        kansli=kansli,
        lg_members=lg_members,
    )
    old = walk_to(
        register(kansli, titel="Gråstarr"),
        Status.ARBETSGRUPP,
        org=org,
        kansli=kansli,
        lg_members=lg_members,
    )
    Forankring.objects.create(
        delprojekt=old,
        datum=add_months(today(), -4),
        organ=org.chefsamrad,
        diskuterat="Start.",
    )
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        response = client.get(url("forankring_oversikt"))
    body = response.content.decode()
    assert working.referens in body and "aldrig" in body
    assert old.referens in body and f"{add_months(today(), -4):%Y-%m-%d}" in body
    assert project_a.referens not in body  # a proposal has no working group yet

    svc.forankring_save(
        delprojekt=working,
        user=kansli,
        data={"datum": today(), "organ": org.chefsamrad, "diskuterat": "Nuläget."},
    )
    body = client.get(url("forankring_oversikt")).content.decode()
    assert working.referens not in body
    assert old.referens in body

    client.force_login(ordforande)
    assert client.get(url("forankring_oversikt")).status_code == 403
    client.force_login(kansli)
    assert url("forankring_oversikt") in client.get(url("portfolio")).content.decode()


# --- Delrapporter ------------------------------------------------------------------------


def test_delrapport_is_written_and_sent_for_information_without_changing_state(
    client,
    ordforande,
    samarbetsgrupp_user,
    lg_members,
    project_a,
    org,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(ordforande)
    response = client.post(
        url("delrapporter", project_a.referens),
        {"titel": "Nuläget i korthet", "text": "Väntetiderna skiljer sig **mycket**."},
    )
    rapport = Delrapport.objects.get()
    assert response["Location"] == url("delrapport", project_a.referens, rapport.pk)
    assert rapport.history.first().history_user == ordforande
    before = Delprojekt.objects.values("status", "status_andrad").get(pk=project_a.pk)
    quiet = f.PersonFactory(namn="Tyst Ledamot")
    valj_notiser(quiet, "av")
    f.OrganmedlemskapFactory(person=quiet, organ=org.samarbetsgrupp)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("delrapport_skicka", project_a.referens, rapport.pk), {"till": "samarbetsgrupp"}
        )
    assert response.status_code == 302
    rapport.refresh_from_db()
    assert rapport.skickad_till == "samarbetsgrupp" and rapport.skickad_av == ordforande
    assert rapport.skickad is not None
    assert Delprojekt.objects.values("status", "status_andrad").get(pk=project_a.pk) == before
    deliver_mail()
    assert [m.to for m in mailoutbox] == [[person_of(samarbetsgrupp_user).epost]]
    assert "Nuläget i korthet" in mailoutbox[0].subject
    assert "Väntetiderna skiljer sig" in mailoutbox[0].body
    assert any("skickad för kännedom till samarbetsgruppen" in t for t in events(project_a))

    # Sent once; cannot be sent again, changed or deleted.
    client.post(url("delrapport_skicka", project_a.referens, rapport.pk), {"till": "ledningsgrupp"})
    rapport.refresh_from_db()
    assert rapport.skickad_till == "samarbetsgrupp"
    response = client.post(url("post_ta_bort", project_a.referens, "delrapport", rapport.pk))
    assert "En skickad delrapport kan inte tas bort." in msgs(response)
    assert Delrapport.objects.filter(pk=rapport.pk).exists()
    with pytest.raises(Locked):
        svc.delrapport_save(
            delprojekt=project_a,
            user=ordforande,
            data={"titel": "X", "text": "Y"},
            instance=rapport,
        )


def test_an_empty_delrapport_is_refused(client, ordforande, project_a):
    client.force_login(ordforande)
    response = client.post(url("delrapporter", project_a.referens), {"titel": "Tom", "text": ""})
    assert response.status_code == 200
    assert "Skriv delrapportens text eller bifoga en fil." in response.content.decode()
    assert not Delrapport.objects.exists()


def test_an_unsent_delrapport_can_be_deleted(client, ordforande, project_a):
    rapport = svc.delrapport_save(
        delprojekt=project_a, user=ordforande, data={"titel": "Utkast", "text": "Text."}
    )
    client.force_login(ordforande)
    client.post(url("post_ta_bort", project_a.referens, "delrapport", rapport.pk))
    assert not Delrapport.objects.exists()


def test_delrapport_permissions(client, ordforande, reader, outsider, project_a):
    rapport = svc.delrapport_save(
        delprojekt=project_a, user=ordforande, data={"titel": "Delrapport 1", "text": "Text."}
    )
    client.force_login(reader)
    page = client.get(url("delrapport", project_a.referens, rapport.pk)).content.decode()
    assert "Delrapport 1" in page and "Skicka för kännedom" not in page
    target = url("delrapport_skicka", project_a.referens, rapport.pk)
    assert client.post(target, {"till": "ledningsgrupp"}).status_code == 403
    client.force_login(outsider)
    assert client.post(target, {"till": "ledningsgrupp"}).status_code == 404
    assert client.get(url("delrapport", project_a.referens, rapport.pk)).status_code == 404
    rapport.refresh_from_db()
    assert rapport.skickad is None


def test_delrapport_to_an_unknown_body_is_refused(ordforande, project_a):
    rapport = svc.delrapport_save(
        delprojekt=project_a, user=ordforande, data={"titel": "R", "text": "Text."}
    )
    with pytest.raises(Invalid):
        svc.delrapport_send(delrapport=rapport, user=ordforande, till="namnd")
    rapport.refresh_from_db()
    assert rapport.skickad is None


# --- Stöd och kommunikation ----------------------------------------------------------------


def test_support_request_is_made_and_answered_by_the_kansli(client, kansli, ordforande, project_a):
    client.force_login(ordforande)
    response = client.post(
        url("stod", project_a.referens),
        {"formular": "stod", "stod-typ": "data", "stod-beskrivning": "Väntetider ur DARC."},
    )
    assert response.status_code == 302
    begaran = Stodbegaran.objects.get()
    assert begaran.status == Stodbegaran.Status.OPPEN
    assert begaran.history.first().history_user == ordforande
    # Only the kansli answers.
    answer = {f"svar{begaran.pk}-status": "besvarad", f"svar{begaran.pk}-svar": "Bifogat."}
    assert client.post(url("stod_svar", project_a.referens, begaran.pk), answer).status_code == 403

    client.force_login(kansli)
    response = client.post(
        url("stod_svar", project_a.referens, begaran.pk), {f"svar{begaran.pk}-status": "besvarad"}
    )
    assert "Skriv svaret innan begäran markeras som besvarad." in msgs(response)
    client.post(url("stod_svar", project_a.referens, begaran.pk), answer)
    begaran.refresh_from_db()
    assert (begaran.status, begaran.svar, begaran.besvarad) == ("besvarad", "Bifogat.", today())
    assert begaran.history.first().history_user == kansli
    assert "Begäran om stöd (data och statistik (t.ex. darc)): besvarad" in events(project_a)
    page = client.get(url("stod", project_a.referens)).content.decode()
    assert "Bifogat." in page


def test_support_request_needs_a_description(client, ordforande, reader, project_a):
    client.force_login(ordforande)
    response = client.post(
        url("stod", project_a.referens),
        {"formular": "stod", "stod-typ": "hr", "stod-beskrivning": ""},
    )
    assert response.status_code == 200
    assert not Stodbegaran.objects.exists()
    client.force_login(reader)
    response = client.post(
        url("stod", project_a.referens),
        {"formular": "stod", "stod-typ": "hr", "stod-beskrivning": "Hjälp"},
    )
    assert response.status_code == 403


def test_communication_plan(client, ordforande, project_a):
    client.force_login(ordforande)
    response = client.post(
        url("stod", project_a.referens),
        {
            "formular": "kommunikation",
            "komm-vad": "Intervju med ordföranden",
            "komm-kanal": "Intranätet",
            "komm-nar": today().isoformat(),
            "komm-vem": "Kommunikatören",
            "komm-status": "planerad",
        },
    )
    assert response.status_code == 302
    akt = Kommunikationsaktivitet.objects.get()
    client.post(
        url("kommunikation_andra", project_a.referens, akt.pk),
        {
            "formular": "kommunikation",
            "komm-vad": "Intervju med ordföranden",
            "komm-kanal": "Intranätet",
            "komm-nar": today().isoformat(),
            "komm-vem": "Kommunikatören",
            "komm-status": "genomford",
        },
    )
    akt.refresh_from_db()
    assert akt.status == "genomford"
    assert akt.history.count() == 2
    assert any("Intervju med ordföranden" in t for t in events(project_a))
    page = client.get(url("stod", project_a.referens)).content.decode()
    assert "Intervju med ordföranden" in page and "Genomförd" in page
    response = client.post(
        url("stod", project_a.referens),
        {"formular": "kommunikation", "komm-vad": "", "komm-status": "planerad"},
    )
    assert response.status_code == 200
    assert Kommunikationsaktivitet.objects.count() == 1


# --- Resurser ------------------------------------------------------------------------------


def test_staff_time_is_registered_and_checked(client, ordforande, project_a):
    client.force_login(ordforande)
    person = person_of(ordforande)
    data = {
        "formular": "insats",
        "insats-person": person.pk,
        "insats-roll": "Processtöd",
        "insats-andel": "20",
        "insats-fran": "2026-01-01",
        "insats-till": "2026-12-31",
    }
    assert client.post(url("resurser", project_a.referens), data).status_code == 302
    insats = Resursinsats.objects.get()
    assert insats.andel == Decimal("20") and insats.history.first().history_user == ordforande
    assert "Resursinsats: Olof Ordförande 20 % (Processtöd)" in events(project_a)
    assert str(insats) == "Olof Ordförande 20 %"
    page = client.get(url("resurser", project_a.referens)).content.decode()
    assert "<td>20&nbsp;%</td>" in page and "20,0" not in page and "20.0" not in page
    for bad, message in (
        ({"insats-andel": "120"}, "högst 100 procent"),
        ({"insats-till": "2025-12-31"}, "Slutdatum kan inte ligga före startdatum."),
    ):
        response = client.post(url("resurser", project_a.referens), {**data, **bad})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert Resursinsats.objects.count() == 1


def test_co_financing_warns_until_the_shares_add_up(client, ordforande, reader, project_a):
    client.force_login(ordforande)

    def share(finansiar, andel):
        return client.post(
            url("resurser", project_a.referens),
            {
                "formular": "finansiering",
                "fin-avser": "Processtöd",
                "fin-finansiar": finansiar,
                "fin-andel": andel,
                "fin-kommentar": "Tid 20/80",
            },
        )

    response = share("Sjukvårdsregionen", "50")
    assert any("blir tillsammans 50 %" in m for m in msgs(response))
    assert "Samfinansiering av Processtöd: Sjukvårdsregionen 50 %" in events(project_a)
    assert Samfinansiering.objects.count() == 1  # saved despite the warning
    client.get(url("resurser", project_a.referens))  # the messages are shown
    response = share("Region Halland", "50")
    assert not any("blir tillsammans" in m for m in msgs(response))
    page = client.get(url("resurser", project_a.referens)).content.decode()
    assert "Stämmer (100 %)" in page
    response = share("Region Skåne", "0")
    assert response.status_code == 200 and Samfinansiering.objects.count() == 2

    client.force_login(reader)
    assert share("Region Skåne", "10").status_code == 403
    page = client.get(url("resurser", project_a.referens)).content.decode()
    assert "Processtöd" in page and "Registrera en andel" not in page


def test_cost_estimate(client, ordforande, project_a):
    client.force_login(ordforande)
    client.post(
        url("resurser", project_a.referens),
        {"formular": "kostnad", "kostnad-kostnadsuppskattning": "Cirka 400 000 kr."},
    )
    project_a.refresh_from_db()
    assert project_a.kostnadsuppskattning == "Cirka 400 000 kr."
    assert project_a.history.first().history_user == ordforande
    assert "Den grova kostnadsuppskattningen ändrades" in events(project_a)


def test_personnummer_in_free_text_gives_a_warning(client, ordforande, project_a, org):
    client.force_login(ordforande)
    response = client.post(
        url("forankring", project_a.referens),
        forankring_data(org, diskuterat="Patienten 19121212-1212 nämndes."),
    )
    assert any("personnummer" in m.lower() for m in msgs(response))


# --- Kommentarer ---------------------------------------------------------------------------


def test_members_comment_on_notes_and_others_may_not(
    client, ordforande, ledamot_a, reader, project_a, project_b, kansli
):
    note = svc.minnesanteckning_save(
        delprojekt=project_a, user=ordforande, data={"datum": today(), "plats": "Lund"}, vagval=[]
    )
    ct = ContentType.objects.get_for_model(Minnesanteckning).pk
    back = url("anteckning", project_a.referens, note.pk)
    client.force_login(ledamot_a)
    response = client.post(
        url("kommentar_ny", project_a.referens),
        {"content_type": ct, "object_id": note.pk, "text": "Bra möte!", "next": back},
    )
    assert response["Location"] == back
    k = Kommentar.objects.get()
    assert (k.post, k.skriven_av, k.text) == (note, ledamot_a, "Bra möte!")
    assert k.history.first().history_user == ledamot_a
    assert "Bra möte!" in client.get(back).content.decode()
    assert any("Kommentar till" in t for t in events(project_a))

    # An unsafe next is ignored; an unknown target gives a message, not an error.
    response = client.post(
        url("kommentar_ny", project_a.referens),
        {"content_type": "9999", "object_id": "x", "text": "Hej", "next": "https://example.com/"},
    )
    assert response.status_code == 302 and "example.com" not in response["Location"]
    assert "Posten att kommentera finns inte i det här delprojektet." in msgs(response)
    other = svc.minnesanteckning_save(
        delprojekt=project_b, user=kansli, data={"datum": today(), "plats": "Malmö"}, vagval=[]
    )
    client.post(
        url("kommentar_ny", project_a.referens),
        {"content_type": ct, "object_id": other.pk, "text": "Fel projekt"},
    )
    assert Kommentar.objects.count() == 1
    with pytest.raises(Invalid):
        kommentar_add(delprojekt=project_a, user=ledamot_a, post=note, text="   ")

    client.force_login(reader)
    response = client.post(
        url("kommentar_ny", project_a.referens),
        {"content_type": ct, "object_id": note.pk, "text": "Läsare"},
    )
    assert response.status_code == 403
    with pytest.raises(NotAllowed):
        kommentar_add(delprojekt=project_a, user=reader, post=note, text="Läsare")
    assert Kommentar.objects.count() == 1


def test_every_page_renders_within_its_query_budget(
    client, ordforande, project_a, org, adjungerad_a, django_assert_max_num_queries
):
    png = PNG
    person = person_of(ordforande)
    for i in range(5):
        records = [
            svc.minnesanteckning_save(
                delprojekt=project_a,
                user=ordforande,
                data={"datum": today(), "plats": "Lund", "deltagare": [adjungerad_a]},
                vagval=[{"val": f"V{i}", "motivering": "M"}],
            ),
            svc.forankring_save(
                delprojekt=project_a,
                user=ordforande,
                data={"datum": today(), "organ": org.chefsamrad, "diskuterat": f"D{i}"},
            ),
            svc.delrapport_save(
                delprojekt=project_a, user=ordforande, data={"titel": f"R{i}", "text": "T"}
            ),
            svc.stodbegaran_save(
                delprojekt=project_a, user=ordforande, data={"typ": "hr", "beskrivning": f"S{i}"}
            ),
            svc.kommunikationsaktivitet_save(
                delprojekt=project_a, user=ordforande, data={"vad": f"K{i}", "status": "planerad"}
            ),
            svc.resursinsats_save(
                delprojekt=project_a,
                user=ordforande,
                data={"person": person, "roll": "Ordförande", "andel": 10, "fran": today()},
            ),
            svc.samfinansiering_save(
                delprojekt=project_a,
                user=ordforande,
                data={"avser": f"Processtöd {i % 2}", "finansiar": "Region", "andel": 50},
            )[0],
        ]
        for post in records:
            bilaga_add(
                delprojekt=project_a,
                user=ordforande,
                fil=SimpleUploadedFile("bild.png", png),
                post=post,
            )
    note = Minnesanteckning.objects.first()
    rapport = Delrapport.objects.first()
    client.force_login(ordforande)
    for name, args in (
        ("anteckningar", ()),
        ("anteckning_ny", ()),
        ("anteckning", (note.pk,)),
        ("anteckning_andra", (note.pk,)),
        ("vagval", ()),
        ("forankring", ()),
        ("delrapporter", ()),
        ("delrapport", (rapport.pk,)),
        ("delrapport_andra", (rapport.pk,)),
        ("stod", ()),
        ("resurser", ()),
        ("detail", ()),
    ):
        # A single record's page also reads its attendees or files, vägval and comments.
        budget = 16 if name in ("anteckning", "delrapport") else 15
        with django_assert_max_num_queries(budget):
            response = client.get(url(name, project_a.referens, *args))
        assert response.status_code == 200, name
        body = response.content.decode()
        if name in ("anteckning", "forankring", "delrapport", "stod", "resurser"):
            assert "bild.png" in body, name
        ids = re.findall(r'\bid="([^"]+)"', body)
        assert len(ids) == len(set(ids)), (name, sorted(i for i in ids if ids.count(i) > 1))


def test_saving_unchanged_records_records_no_event(ordforande, project_a, org):
    data = {"datum": today(), "organ": org.chefsamrad, "diskuterat": "Start."}
    fa = svc.forankring_save(delprojekt=project_a, user=ordforande, data=data)
    note = svc.minnesanteckning_save(
        delprojekt=project_a,
        user=ordforande,
        data={"datum": today(), "plats": "Lund"},
        vagval=[{"val": "A", "motivering": "B"}],
    )
    count = len(events(project_a))
    svc.forankring_save(delprojekt=project_a, user=ordforande, data=data, instance=fa)
    svc.minnesanteckning_save(
        delprojekt=project_a,
        user=ordforande,
        data={"datum": today(), "plats": "Lund"},
        vagval=[{"val": "A", "motivering": "B"}],
        instance=note,
    )
    assert len(events(project_a)) == count
    assert fa.history.count() == 1 and Vagval.history.count() == 1
    svc.minnesanteckning_save(
        delprojekt=project_a,
        user=ordforande,
        data={"datum": today(), "plats": "Lund"},
        vagval=[{"val": "A", "motivering": "Ny motivering"}],
        instance=note,
    )
    assert len(events(project_a)) == count + 1

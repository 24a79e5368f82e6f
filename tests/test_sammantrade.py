"""Meetings of the bodies: agenda, kallelse, recorded decisions, § numbers, justering."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from delprojekt.models import (
    Beslut,
    Dagordningspunkt,
    Handelse,
    Paragrafserie,
    Protokollkorrigering,
    Sammantrade,
    Status,
)
from delprojekt.services import notifications
from delprojekt.services.errors import GuardFailed, Invalid, Locked, NotAllowed, StaleState
from delprojekt.services.sammantrade import (
    LAST,
    dagordning_add_free,
    dagordning_add_from_queue,
    dagordning_move,
    dagordning_remove,
    kallelse_send,
    protokoll_finalise,
    protokoll_justera,
    protokoll_korrigera,
    punkt_omedelbar_justering,
    punkt_record,
    sammantrade_create,
    sammantrade_update,
)
from delprojekt.services.workflow import positions_record
from tests import factories as f
from tests.conftest import deliver_mail, person_of, register, valj_notiser
from tests.workflow_helpers import all_agree, walk_to

pytestmark = pytest.mark.django_db


def _start(days: int = -1, year: int | None = None) -> datetime.datetime:
    if year is not None:
        return timezone.make_aware(datetime.datetime(year, 3, 10, 13, 0))
    return timezone.now() + datetime.timedelta(days=days)


def make_meeting(kansli, lg_members, organ, *, start=None) -> Sammantrade:
    return sammantrade_create(
        user=kansli,
        organ=organ,
        data={
            "start": start or _start(),
            "plats": "Regionhuset, sal 3",
            "ordforande": person_of(lg_members[0]),
            "sekreterare": person_of(kansli),
            "justerare": person_of(lg_members[1]),
        },
    )


@pytest.fixture
def mote(org, kansli, lg_members) -> Sammantrade:
    return make_meeting(kansli, lg_members, org.ledningsgrupp)


def add_info(s: Sammantrade, user, rubrik: str = "Lägesrapport") -> Dagordningspunkt:
    return dagordning_add_free(
        sammantrade=s, user=user, typ=Dagordningspunkt.Typ.INFORMATION, rubrik=rubrik, text=""
    )


def record_all_and_finalise(s: Sammantrade, user) -> None:
    for p in s.punkter.all():
        punkt_record(punkt=p, user=user)
    protokoll_finalise(sammantrade=s, user=user)


@pytest.fixture
def startbeslut(project_a, org, kansli, lg_members):
    return walk_to(project_a, Status.STARTBESLUT, org=org, kansli=kansli, lg_members=lg_members)


# --- Creating and seeing meetings ------------------------------------------------------


def test_kansli_creates_a_meeting(client, org, kansli, lg_members):
    client.force_login(kansli)
    url = reverse("sammantrade:nytt") + "?organ=ledningsgrupp"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "start": "2026-12-03T09:00",
            "slut": "2026-12-03T12:00",
            "plats": "Regionhuset",
            "ordforande": person_of(lg_members[0]).pk,
            "sekreterare": person_of(kansli).pk,
            "justerare": person_of(lg_members[1]).pk,
        },
    )
    s = Sammantrade.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("sammantrade:detalj", args=[s.pk])
    assert s.organ == org.ledningsgrupp
    assert s.ordforande == person_of(lg_members[0])
    assert s.history.first().history_user == kansli


def test_meeting_chair_must_belong_to_the_body_or_the_kansli(client, org, kansli, outsider):
    client.force_login(kansli)
    response = client.post(
        reverse("sammantrade:nytt") + "?organ=ledningsgrupp",
        {"start": "2026-12-03T09:00", "ordforande": person_of(outsider).pk},
    )
    assert response.status_code == 200
    assert "ordforande" in response.context["form"].errors
    assert not Sammantrade.objects.exists()


def test_end_before_start_is_refused_in_swedish(org, kansli):
    with pytest.raises(Invalid) as exc:
        sammantrade_create(
            user=kansli,
            organ=org.ledningsgrupp,
            data={"start": _start(1), "slut": _start(0)},
        )
    assert "sluta efter" in exc.value.messages[0]
    assert not Sammantrade.objects.exists()


def test_only_the_kansli_creates_meetings(client, org, lg_members, outsider):
    for user in (lg_members[0], outsider):
        client.force_login(user)
        assert client.get(reverse("sammantrade:nytt")).status_code == 403
    with pytest.raises(NotAllowed):
        sammantrade_create(user=lg_members[0], organ=org.ledningsgrupp, data={"start": _start()})


def test_who_sees_a_meeting(
    client, org, mote, kansli, lg_members, samarbetsgrupp_user, reader, outsider
):
    chefsamrad = f.UserFactory()
    f.OrganmedlemskapFactory(organ=org.chefsamrad, person=f.PersonFactory(user=chefsamrad))
    url = reverse("sammantrade:detalj", args=[mote.pk])
    for user, expected in [
        (kansli, 200),
        (lg_members[2], 200),  # a member of the body
        (reader, 200),  # readers see everything
        (samarbetsgrupp_user, 200),  # the bodies' members read every project
        (chefsamrad, 404),  # a chefsamråd's member does not know of it
        (outsider, 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == expected, user
    # The list: 403 for those who may see no meeting at all.
    client.force_login(outsider)
    assert client.get(reverse("sammantrade:lista")).status_code == 403
    client.force_login(chefsamrad)
    response = client.get(reverse("sammantrade:lista"))
    assert response.status_code == 200
    assert mote not in response.context["kommande"] + response.context["tidigare"]


def test_a_member_may_see_but_not_manage(client, mote, lg_members):
    client.force_login(lg_members[2])
    response = client.post(
        reverse("sammantrade:fri_punkt", args=[mote.pk]), {"typ": "information", "rubrik": "X"}
    )
    assert response.status_code == 403
    assert client.get(reverse("sammantrade:andra", args=[mote.pk])).status_code == 403
    assert not mote.punkter.exists()


def test_list_page_and_query_budget(client, org, kansli, lg_members, django_assert_max_num_queries):
    for days in (-20, -10, 5, 12):
        s = make_meeting(kansli, lg_members, org.ledningsgrupp, start=_start(days))
        add_info(s, kansli)
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("sammantrade:lista"))
    assert response.status_code == 200
    assert len(response.context["kommande"]) == 2
    assert len(response.context["tidigare"]) == 2
    assert "Nytt sammanträde" in response.content.decode()


def test_detail_page_renders_for_the_kansli(client, mote, kansli, startbeslut):
    add_info(mote, kansli)
    client.force_login(kansli)
    response = client.get(reverse("sammantrade:detalj", args=[mote.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lägesrapport" in body
    assert startbeslut.referens in body  # the queue's item with its "Lägg till" button
    assert "Lägg till" in body


def test_update_records_history(mote, kansli):
    sammantrade_update(sammantrade=mote, user=kansli, data={"plats": "Digitalt"})
    mote.refresh_from_db()
    assert mote.plats == "Digitalt"
    assert mote.history.first().history_user == kansli


# --- Agenda ----------------------------------------------------------------------------


def test_agenda_from_the_queue(client, mote, kansli, lg_members, startbeslut):
    client.force_login(kansli)
    response = client.post(
        reverse("sammantrade:lagg_till", args=[mote.pk]), {"nyckel": f"delprojekt:{startbeslut.pk}"}
    )
    assert response.status_code == 302
    p = mote.punkter.get()
    assert p.typ == Dagordningspunkt.Typ.ARENDE
    assert p.delprojekt == startbeslut
    assert p.history.first().history_user == kansli
    # Not twice, and not on another open agenda either.
    other = make_meeting(kansli, lg_members, mote.organ)
    with pytest.raises(StaleState) as exc:
        dagordning_add_from_queue(
            sammantrade=other, nyckel=f"delprojekt:{startbeslut.pk}", user=kansli
        )
    assert "redan på dagordningen" in exc.value.messages[0]
    assert Dagordningspunkt.objects.count() == 1


def test_unknown_queue_item_is_refused(client, mote, kansli):
    client.force_login(kansli)
    response = client.post(
        reverse("sammantrade:lagg_till", args=[mote.pk]),
        {"nyckel": "delprojekt:99999"},
        follow=True,
    )
    assert "väntar inte längre" in response.content.decode()
    assert not mote.punkter.exists()


def test_free_items_order_and_removal(client, mote, kansli):
    client.force_login(kansli)
    url = reverse("sammantrade:fri_punkt", args=[mote.pk])
    client.post(url, {"typ": "information", "rubrik": "Ekonomi", "text": "Budget"})
    client.post(url, {"typ": "ovrigt", "rubrik": "Nästa möte"})
    response = client.post(url, {"typ": "information", "rubrik": ""})
    assert response.status_code == 200  # re-rendered with the error
    assert "Skriv en rubrik" in response.content.decode()
    a, b = mote.punkter.order_by("ordning")
    assert (a.rubrik, a.ordning, b.rubrik, b.ordning) == ("Ekonomi", 1, "Nästa möte", 2)
    client.post(reverse("sammantrade:flytta", args=[mote.pk, b.pk]), {"riktning": "upp"})
    assert list(mote.punkter.order_by("ordning").values_list("rubrik", flat=True)) == [
        "Nästa möte",
        "Ekonomi",
    ]
    client.post(reverse("sammantrade:ta_bort", args=[mote.pk, b.pk]))
    assert list(mote.punkter.values_list("rubrik", "ordning")) == [("Ekonomi", 1)]


def test_agenda_cannot_change_after_finalising(mote, kansli):
    p = add_info(mote, kansli)
    record_all_and_finalise(mote, kansli)
    with pytest.raises(Locked):
        dagordning_remove(punkt=p, user=kansli)
    with pytest.raises(Locked):
        add_info(mote, kansli, "Sent tillägg")
    assert mote.punkter.count() == 1


# --- Kallelse --------------------------------------------------------------------------


def test_kallelse_mails_members_with_the_agenda_pdf(client, mote, kansli, lg_members, mailoutbox):
    add_info(mote, kansli)
    tyst = person_of(lg_members[3])
    valj_notiser(tyst, "av")
    client.force_login(kansli)
    response = client.post(reverse("sammantrade:kallelse", args=[mote.pk]), follow=True)
    assert response.status_code == 200
    mote.refresh_from_db()
    assert mote.kallelse_skickad is not None
    # Queued with the change, and said so: not "sent" before it is.
    assert mailoutbox == []
    page = response.content.decode()
    assert "Köad" in page and "0 av 3 levererade" in page
    assert deliver_mail() == 3
    page = client.get(reverse("sammantrade:detalj", args=[mote.pk])).content.decode()
    assert "Skickad till alla 3 mottagare" in page
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted(person_of(u).epost for u in lg_members[:3])
    message = mailoutbox[0]
    assert "Kallelse" in message.subject and "Ledningsgruppen" in message.subject
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and name.endswith(".pdf")
    assert content.startswith(b"%PDF")
    assert "Lägesrapport" in message.body


def test_no_kallelse_mail_while_mail_is_suppressed(mote, kansli, lg_members, mailoutbox):
    add_info(mote, kansli)
    with notifications.suppressed():
        kallelse_send(sammantrade=mote, user=kansli)
    mote.refresh_from_db()
    assert mote.kallelse_skickad is not None
    assert deliver_mail() == 0
    assert mailoutbox == []


def test_kallelse_needs_an_agenda(mote, kansli, mailoutbox):
    with pytest.raises(GuardFailed):
        kallelse_send(sammantrade=mote, user=kansli)
    mote.refresh_from_db()
    assert mote.kallelse_skickad is None


# --- Recording decisions ---------------------------------------------------------------


def test_detail_page_query_count_does_not_grow_with_the_agenda(
    client, org, mote, kansli, lg_members, django_assert_max_num_queries
):
    """Each waiting project on the agenda brings its positions form, prefetched at once."""
    for i in range(8):
        dp = walk_to(register(kansli, titel=f"Ärende {i}"), Status.STARTBESLUT, org=org,
                     kansli=kansli, lg_members=lg_members)  # fmt: skip
        positions_record(delprojekt=dp, user=kansli, positioner=all_agree())
        _arende(mote, kansli, dp)
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("sammantrade:detalj", args=[mote.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    # Each item links to its form; the form is rendered for the opened item only.
    assert body.count("Protokollför beslutet") == 0
    assert body.count('<p class="sam-protokollfor"><a href="?punkt=') == 8
    punkt = mote.punkter.order_by("ordning").first()
    with django_assert_max_num_queries(15):
        response = client.get(reverse("sammantrade:detalj", args=[mote.pk]), {"punkt": punkt.pk})
    body = response.content.decode()
    assert body.count("Protokollför beslutet") == 1
    assert f'action="{reverse("sammantrade:protokollfor", args=[mote.pk, punkt.pk])}"' in body


def _arende(mote, kansli, dp) -> Dagordningspunkt:
    return dagordning_add_from_queue(sammantrade=mote, nyckel=f"delprojekt:{dp.pk}", user=kansli)


def test_recording_starta_runs_the_transition_once(client, mote, kansli, startbeslut):
    positions_record(delprojekt=startbeslut, user=kansli, positioner=all_agree())
    p = _arende(mote, kansli, startbeslut)
    client.force_login(kansli)
    page = client.get(reverse("sammantrade:detalj", args=[mote.pk]), {"punkt": p.pk})
    assert "Starta delprojektet" in page.content.decode()
    form = {
        "status": Status.STARTBESLUT,
        "overgang": "starta",
        "beslutstext": "Ledningsgruppen beslutar att starta delprojektet.",
        "reservation": "",
    }
    url = reverse("sammantrade:protokollfor", args=[mote.pk, p.pk])
    response = client.post(url, form)
    assert response.status_code == 302
    startbeslut.refresh_from_db()
    assert startbeslut.status == Status.UPPDRAG
    p.refresh_from_db()
    assert p.protokollford is not None and p.overgang == "starta"
    assert p.beslut.beslutstext == "Ledningsgruppen beslutar att starta delprojektet."
    assert p.beslut.datum == timezone.localtime(mote.start).date()
    assert p.beslut.sammantrade == str(mote) and p.beslut.paragraf == ""

    # Double click / back button: the same form again.
    again = client.post(url, form, follow=True)
    assert "redan protokollfört" in again.content.decode()
    # And straight through the service, as a racing request would.
    with pytest.raises(StaleState) as exc:
        punkt_record(
            punkt=p,
            user=kansli,
            overgang="starta",
            beslutstext="Igen",
            expected_status=Status.STARTBESLUT,
        )
    assert "redan protokollfört" in exc.value.messages[0]
    assert (
        Handelse.objects.filter(
            delprojekt=startbeslut, typ=Handelse.Typ.OVERGANG, overgang="starta"
        ).count()
        == 1
    )
    assert Beslut.objects.filter(delprojekt=startbeslut, utfall=Beslut.Utfall.START).count() == 1


def test_unanimity_guard_still_applies(client, org, mote, kansli, lg_members, project_a):
    dp = walk_to(project_a, Status.LEDNINGSGRUPP, org=org, kansli=kansli, lg_members=lg_members)
    p = _arende(mote, kansli, dp)
    beslut_fore = Beslut.objects.filter(delprojekt=dp).count()
    client.force_login(kansli)
    response = client.post(
        reverse("sammantrade:protokollfor", args=[mote.pk, p.pk]),
        {"status": Status.LEDNINGSGRUPP, "overgang": "besluta", "beslutstext": "Besluta."},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "inte enig" in body
    assert person_of(lg_members[0]).namn in body
    dp.refresh_from_db()
    p.refresh_from_db()
    assert dp.status == Status.LEDNINGSGRUPP
    assert p.protokollford is None
    assert Beslut.objects.filter(delprojekt=dp).count() == beslut_fore


def test_stale_status_is_refused(client, mote, kansli, startbeslut):
    positions_record(delprojekt=startbeslut, user=kansli, positioner=all_agree())
    p = _arende(mote, kansli, startbeslut)
    client.force_login(kansli)
    response = client.post(
        reverse("sammantrade:protokollfor", args=[mote.pk, p.pk]),
        {"status": Status.VILANDE, "overgang": "ateruppta", "beslutstext": "Återuppta."},
        follow=True,
    )
    assert "Någon annan har redan ändrat" in response.content.decode()
    p.refresh_from_db()
    assert p.protokollford is None


def test_decision_needs_an_outcome_and_text(client, mote, kansli, startbeslut):
    p = _arende(mote, kansli, startbeslut)
    client.force_login(kansli)
    response = client.post(
        reverse("sammantrade:protokollfor", args=[mote.pk, p.pk]),
        {"status": Status.STARTBESLUT, "overgang": "", "beslutstext": ""},
    )
    assert response.status_code == 200
    assert "Välj ett beslut" in response.content.decode()
    p.refresh_from_db()
    assert p.protokollford is None


def test_information_item_is_noted(client, mote, kansli):
    p = add_info(mote, kansli)
    client.force_login(kansli)
    client.post(
        reverse("sammantrade:protokollfor", args=[mote.pk, p.pk]),
        {"beslutstext": "Informationen antecknas.", "reservation": ""},
    )
    p.refresh_from_db()
    assert p.protokollford is not None
    assert p.beslutstext == "Informationen antecknas."
    assert p.beslut is None


def test_attendance(client, mote, kansli, lg_members, outsider):
    client.force_login(kansli)
    ids = [person_of(u).pk for u in lg_members[:2]]
    client.post(reverse("sammantrade:narvaro", args=[mote.pk]), {"narvarande": ids})
    assert sorted(mote.narvarande.values_list("pk", flat=True)) == sorted(ids)
    response = client.post(
        reverse("sammantrade:narvaro", args=[mote.pk]), {"narvarande": [person_of(outsider).pk]}
    )
    assert response.status_code == 200
    assert sorted(mote.narvarande.values_list("pk", flat=True)) == sorted(ids)


# --- § numbering -----------------------------------------------------------------------


def test_paragraphs_run_per_body_and_year(org, kansli, lg_members):
    lg = org.ledningsgrupp
    first = make_meeting(kansli, lg_members, lg, start=_start(year=2025))
    for rubrik in ("A", "B", "C"):
        add_info(first, kansli, rubrik)
    record_all_and_finalise(first, kansli)
    second = make_meeting(
        kansli, lg_members, lg, start=_start(year=2025) + datetime.timedelta(days=30)
    )
    add_info(second, kansli, "D")
    add_info(second, kansli, "E")
    record_all_and_finalise(second, kansli)
    next_year = make_meeting(kansli, lg_members, lg, start=_start(year=2026))
    add_info(next_year, kansli, "F")
    record_all_and_finalise(next_year, kansli)
    # Another body: its own series.
    sg_member = f.OrganmedlemskapFactory(organ=org.samarbetsgrupp).person
    sg = sammantrade_create(
        user=kansli,
        organ=org.samarbetsgrupp,
        data={"start": _start(year=2025), "ordforande": sg_member},
    )
    add_info(sg, kansli, "G")
    record_all_and_finalise(sg, kansli)

    def paragrafer(s):
        return [p.paragraf for p in s.punkter.order_by("ordning")]

    assert paragrafer(first) == ["§ 1/2025", "§ 2/2025", "§ 3/2025"]
    assert paragrafer(second) == ["§ 4/2025", "§ 5/2025"]
    assert paragrafer(next_year) == ["§ 1/2026"]
    assert paragrafer(sg) == ["§ 1/2025"]
    assert Paragrafserie.objects.get(organ=lg, ar=2025).senaste == 5
    # Finalising again numbers nothing twice.
    with pytest.raises(StaleState):
        protokoll_finalise(sammantrade=first, user=kansli)
    assert Paragrafserie.objects.get(organ=lg, ar=2025).senaste == 5


def test_paragraphs_follow_the_agenda_order_and_reach_the_decision(mote, kansli, startbeslut):
    positions_record(delprojekt=startbeslut, user=kansli, positioner=all_agree())
    info = add_info(mote, kansli)
    arende = _arende(mote, kansli, startbeslut)
    dagordning_move(punkt=arende, user=kansli, riktning="upp")
    punkt_record(
        punkt=arende,
        user=kansli,
        overgang="starta",
        beslutstext="Ledningsgruppen beslutar att starta.",
        expected_status=Status.STARTBESLUT,
    )
    punkt_record(punkt=info, user=kansli)
    protokoll_finalise(sammantrade=mote, user=kansli)
    year = timezone.localtime(mote.start).year
    arende.refresh_from_db()
    info.refresh_from_db()
    assert arende.paragraf == f"§ 1/{year}"
    assert info.paragraf == f"§ 2/{year}"
    assert arende.beslut.paragraf == f"§ 1/{year}"


def test_finalising_needs_every_item_recorded(client, mote, kansli):
    add_info(mote, kansli)
    client.force_login(kansli)
    response = client.post(reverse("sammantrade:fardigstall", args=[mote.pk]), follow=True)
    assert "Protokollför alla punkter" in response.content.decode()
    mote.refresh_from_db()
    assert mote.protokoll_klart is None
    assert not Paragrafserie.objects.filter(senaste__gt=0).exists()


# --- Justering -------------------------------------------------------------------------


@pytest.fixture
def klart(mote, kansli):
    add_info(mote, kansli)
    record_all_and_finalise(mote, kansli)
    mote.refresh_from_db()
    return mote


def test_justering_by_chair_and_justerare_locks_the_protocol(client, klart, kansli, lg_members):
    chair, justerare, other = lg_members[0], lg_members[1], lg_members[2]
    url = reverse("sammantrade:justera", args=[klart.pk])
    for user in (kansli, other):
        client.force_login(user)
        assert client.post(url).status_code == 403
    client.force_login(chair)
    assert client.post(url).status_code == 302
    klart.refresh_from_db()
    assert klart.ordforande_justerat is not None and klart.ordforande_justerat_av == chair
    assert klart.justerare_justerat is None and not klart.justerat
    # The chair cannot sign for the justerare.
    response = client.post(url, follow=True)
    assert "redan justerat" in response.content.decode()
    klart.refresh_from_db()
    assert klart.justerare_justerat is None
    client.force_login(justerare)
    client.post(url)
    klart.refresh_from_db()
    assert klart.justerare_justerat_av == justerare
    assert klart.justerat

    # Locked: every edit refuses.
    punkt = klart.punkter.get()
    for call in (
        lambda: sammantrade_update(sammantrade=klart, user=kansli, data={"plats": "Annan"}),
        lambda: punkt_record(punkt=punkt, user=kansli),
        lambda: kallelse_send(sammantrade=klart, user=kansli),
        lambda: add_info(klart, kansli, "Sent"),
    ):
        with pytest.raises(Locked) as exc:
            call()
        assert exc.value.messages[0] == LAST
    client.force_login(kansli)
    assert client.get(reverse("sammantrade:andra", args=[klart.pk])).status_code == 200
    response = client.post(
        reverse("sammantrade:andra", args=[klart.pk]),
        {"start": "2026-12-03T09:00", "plats": "Annan"},
    )
    assert LAST in response.content.decode()
    klart.refresh_from_db()
    assert klart.plats == "Regionhuset, sal 3"

    # A correction is recorded; nothing else changes.
    response = client.post(
        reverse("sammantrade:korrigera", args=[klart.pk]),
        {"punkt": punkt.pk, "text": "Rubriken ska vara Lägesrapport Q3."},
    )
    assert response.status_code == 302
    k = Protokollkorrigering.objects.get()
    assert k.punkt == punkt and k.registrerad_av == kansli
    punkt.refresh_from_db()
    assert punkt.rubrik == "Lägesrapport"
    page = client.get(reverse("sammantrade:detalj", args=[klart.pk])).content.decode()
    assert "Protokollet är justerat." in page
    assert "Rubriken ska vara Lägesrapport Q3." in page
    assert f"§ 1/{klart.start.year}" in page
    assert "Protokollför beslutet" not in page


def test_justering_only_after_finalising(mote, kansli, lg_members):
    add_info(mote, kansli)
    with pytest.raises(GuardFailed):
        protokoll_justera(sammantrade=mote, user=lg_members[0])
    mote.refresh_from_db()
    assert mote.ordforande_justerat is None


def test_correction_only_after_justering(klart, kansli):
    with pytest.raises(GuardFailed):
        protokoll_korrigera(sammantrade=klart, user=kansli, text="Fel.")
    assert not Protokollkorrigering.objects.exists()


def test_omedelbar_justering(client, mote, kansli, lg_members):
    p = add_info(mote, kansli)
    with pytest.raises(GuardFailed):
        punkt_omedelbar_justering(punkt=p, user=lg_members[0])
    punkt_record(punkt=p, user=kansli)
    client.force_login(lg_members[2])
    url = reverse("sammantrade:omedelbar", args=[mote.pk, p.pk])
    assert client.post(url).status_code == 403
    client.force_login(lg_members[1])
    assert client.post(url).status_code == 302
    p.refresh_from_db()
    assert p.omedelbart_justerad is not None and p.omedelbart_justerad_av == lg_members[1]
    page = client.get(reverse("sammantrade:detalj", args=[mote.pk]))
    assert "Omedelbart justerad" in page.content.decode()


def test_the_board_recommends_with_one_text_per_proposal(
    client, org, kansli, lg_members, project_a
):
    dp = walk_to(project_a, Status.NAMND, org=org, kansli=kansli, lg_members=lg_members)
    s = sammantrade_create(user=kansli, organ=org.namnd, data={"start": _start()})
    p = dagordning_add_from_queue(sammantrade=s, nyckel=f"delprojekt:{dp.pk}", user=kansli)
    client.force_login(kansli)
    page = client.get(reverse("sammantrade:detalj", args=[s.pk]), {"punkt": p.pk})
    form = next(r["form"] for r in page.context["rader"] if r["punkt"].pk == p.pk)
    rek_fields = [name for name in form.fields if name.startswith("rek_")]
    assert rek_fields
    assert "rekommenderar regionerna att" in form.fields[rek_fields[0]].initial
    data = {
        "status": Status.NAMND,
        "overgang": "rekommendera",
        "beslutstext": "Nämnden beslutar att rekommendera regionerna att införa förslagen.",
    }
    data.update({name: form.fields[name].initial for name in rek_fields})
    response = client.post(reverse("sammantrade:protokollfor", args=[s.pk, p.pk]), data)
    assert response.status_code == 302
    dp.refresh_from_db()
    p.refresh_from_db()
    assert dp.status == Status.HUVUDMANNABESLUT
    assert p.beslut.rekommendationer.count() == len(rek_fields)


def test_the_boards_recommendation_is_previewed_as_the_whole_sentence_without_recording(
    client, org, kansli, lg_members, project_a
):
    dp = walk_to(project_a, Status.NAMND, org=org, kansli=kansli, lg_members=lg_members)
    s = sammantrade_create(user=kansli, organ=org.namnd, data={"start": _start()})
    p = dagordning_add_from_queue(sammantrade=s, nyckel=f"delprojekt:{dp.pk}", user=kansli)
    client.force_login(kansli)
    page = client.get(reverse("sammantrade:detalj", args=[s.pk]), {"punkt": p.pk}).content.decode()
    assert "Så står rekommendationen i beslutet:" in page
    assert "Förhandsgranska rekommendationerna" in page
    forslag = dp.atgardsforslag.first()
    sentence = "Södra regionvårdsnämnden rekommenderar regionerna att inför vårdplanen."
    response = client.post(
        reverse("sammantrade:protokollfor", args=[s.pk, p.pk]),
        {
            "status": Status.NAMND,
            "overgang": "rekommendera",
            "beslutstext": "Nämnden rekommenderar regionerna.",
            f"rek_{forslag.pk}": sentence,
            "forhandsgranska": "1",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<p class="rek-forhandsvisning__text">{sentence}</p>' in html
    # The form stays open with the text as written.
    assert '<details class="sam-protokollfor" open>' in html
    p.refresh_from_db()
    dp.refresh_from_db()
    assert p.protokollford is None and p.beslut_id is None
    assert dp.status == Status.NAMND


def test_a_preparing_body_records_its_statement_without_a_transition(
    org, kansli, lg_members, project_a
):
    dp = walk_to(
        project_a, Status.POLITISK_BEREDNING, org=org, kansli=kansli, lg_members=lg_members
    )
    s = sammantrade_create(user=kansli, organ=org.politisk_styrgrupp, data={"start": _start()})
    p = dagordning_add_from_queue(sammantrade=s, nyckel=f"delprojekt:{dp.pk}", user=kansli)
    with pytest.raises(Invalid):
        punkt_record(punkt=p, user=kansli, beslutstext="")
    punkt_record(punkt=p, user=kansli, beslutstext="Ärendet är berett för nämnden.")
    p.refresh_from_db()
    dp.refresh_from_db()
    assert p.protokollford is not None and p.beslut is None
    assert dp.status == Status.POLITISK_BEREDNING
    event = Handelse.objects.filter(delprojekt=dp, typ=Handelse.Typ.BESLUT).latest("pk")
    assert "Politiska styrgruppen" in event.text
    assert event.kommentar == "Ärendet är berett för nämnden."


def test_decisions_are_recorded_from_the_meeting_day(org, kansli, lg_members):
    s = make_meeting(kansli, lg_members, org.ledningsgrupp, start=_start(3))
    p = add_info(s, kansli)
    with pytest.raises(GuardFailed) as exc:
        punkt_record(punkt=p, user=kansli)
    assert "inte ägt rum" in exc.value.messages[0]
    p.refresh_from_db()
    assert p.protokollford is None


def test_a_chefsamrad_is_chosen_by_number(client, org, kansli):
    client.force_login(kansli)
    url = reverse("sammantrade:nytt") + f"?organ={org.chefsamrad.pk}"
    response = client.post(url, {"start": "2026-12-03T09:00"})
    assert response.status_code == 302
    assert Sammantrade.objects.get().organ == org.chefsamrad
    # An unknown body shows the choice again instead of an error.
    assert (
        "Välj vilket organ" in client.get(reverse("sammantrade:nytt") + "?organ=x").content.decode()
    )


def test_signers_cannot_be_swapped_once_justering_began(klart, lg_members):
    protokoll_justera(sammantrade=klart, user=lg_members[0])
    klart.refresh_from_db()
    with pytest.raises(Locked) as exc:
        sammantrade_update(
            sammantrade=klart,
            user=klart.sekreterare.user,
            data={"justerare": person_of(lg_members[2])},
        )
    assert "Justeringen har börjat" in exc.value.messages[0]
    klart.refresh_from_db()
    assert klart.justerare == person_of(lg_members[1])


def test_protocol_actions_answer_404_and_403_consistently(
    client, mote, kansli, lg_members, outsider
):
    p = add_info(mote, kansli)
    posts = [
        reverse("sammantrade:protokollfor", args=[mote.pk, p.pk]),
        reverse("sammantrade:fardigstall", args=[mote.pk]),
        reverse("sammantrade:kallelse", args=[mote.pk]),
        reverse("sammantrade:narvaro", args=[mote.pk]),
        reverse("sammantrade:flytta", args=[mote.pk, p.pk]),
        reverse("sammantrade:ta_bort", args=[mote.pk, p.pk]),
        reverse("sammantrade:lagg_till", args=[mote.pk]),
        reverse("sammantrade:korrigera", args=[mote.pk]),
    ]
    client.force_login(outsider)
    assert [client.post(url).status_code for url in posts] == [404] * len(posts)
    client.force_login(lg_members[2])  # a member: sees the meeting, manages nothing
    assert [client.post(url).status_code for url in posts] == [403] * len(posts)
    p.refresh_from_db()
    mote.refresh_from_db()
    assert p.protokollford is None and mote.kallelse_skickad is None
    assert client.get(reverse("sammantrade:detalj", args=[mote.pk])).status_code == 200


def test_positions_are_recorded_with_the_decision(client, mote, kansli, lg_members, startbeslut):
    p = _arende(mote, kansli, startbeslut)
    client.force_login(kansli)
    page = client.get(reverse("sammantrade:detalj", args=[mote.pk]), {"punkt": p.pk})
    assert "Ledamöternas ställningstaganden" in page.content.decode()
    data = {
        "status": Status.STARTBESLUT,
        "overgang": "starta",
        "beslutstext": "Ledningsgruppen beslutar att starta delprojektet.",
    }
    data.update({f"position_{person_of(u).pk}": "instammer" for u in lg_members})
    response = client.post(reverse("sammantrade:protokollfor", args=[mote.pk, p.pk]), data)
    assert response.status_code == 302
    startbeslut.refresh_from_db()
    assert startbeslut.status == Status.UPPDRAG
    assert Handelse.objects.filter(
        delprojekt=startbeslut, typ=Handelse.Typ.STALLNINGSTAGANDE
    ).count() == len(lg_members)


def test_a_long_agenda_is_read_a_page_at_a_time_and_actions_return_to_the_items_page(
    client, org, mote, kansli
):
    punkter = [
        dagordning_add_free(
            sammantrade=mote, user=kansli, typ=Dagordningspunkt.Typ.INFORMATION, rubrik=f"Punkt {i}"
        )
        for i in range(1, 28)
    ]
    client.force_login(kansli)
    url = reverse("sammantrade:detalj", args=[mote.pk])
    body = client.get(url).content.decode()
    assert "Punkt 1–25 av 27." in body
    assert "Punkt 26</h3>" not in body
    assert 'href="?sida=2#dagordning" rel="next"' in body
    page2 = client.get(url, {"sida": 2}).content.decode()
    assert "Punkt 26–27 av 27." in page2
    assert "Punkt 27</h3>" in page2 and "Punkt 1</h3>" not in page2
    # Only the agenda's very first and last items cannot move further.
    assert page2.count("disabled>Flytta ned") == 1
    assert page2.count("disabled>Flytta upp") == 0
    # Moving an item of the second page leads back to that page.
    response = client.post(
        reverse("sammantrade:flytta", args=[mote.pk, punkter[26].pk]), {"riktning": "upp"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url}?sida=2#punkt-{punkter[26].pk}"
    # A page number out of range shows the last page, never an error.
    assert client.get(url, {"sida": "99"}).status_code == 200
    assert client.get(url, {"sida": "x"}).status_code == 200

"""Follow-up rounds: creation from the board's decision, who writes, presentations,
reminders, the list of all rounds, and closing the project."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from delprojekt.models import Handelse, Status, Utskick
from delprojekt.services.errors import GuardFailed, Invalid, NotAllowed
from delprojekt.services.workflow import Overgangsdata, delprojekt_transition
from tests import factories as f
from tests.conftest import deliver_mail, register
from tests.workflow_helpers import walk_to
from uppfoljning.models import (
    Omgangsstatus,
    Paminnelse,
    Redovisning,
    Uppfoljningsansvarig,
    Uppfoljningsomgang,
)
from uppfoljning.services import omgang as svc
from uppfoljning.services.omgang import due_date_after_board, forra_ordforande
from uppfoljning.services.paminnelser import skicka_paminnelser


def _chair_user(dp):
    """Give the project's (former) chair a login."""
    person = forra_ordforande(dp)
    user = f.UserFactory(username=f"ordf-{dp.pk}")
    person.user = user
    person.save(update_fields=["user"])
    return user


def _handed_in(omgang, when=None):
    Uppfoljningsomgang.objects.filter(pk=omgang.pk).update(
        status=Omgangsstatus.INLAMNAD, inlamnad=when or timezone.now()
    )
    omgang.refresh_from_db()
    return omgang


@pytest.fixture
def in_follow_up(org, kansli, lg_members):
    return walk_to(
        register(kansli), Status.HUVUDMANNABESLUT, org=org, kansli=kansli, lg_members=lg_members
    )


# --- Creation and due dates --------------------------------------------------------------


def test_the_board_decision_creates_the_first_round_and_asks_the_chair(
    org, kansli, lg_members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dp = walk_to(
            register(kansli),
            Status.HUVUDMANNABESLUT,
            org=org,
            kansli=kansli,
            lg_members=lg_members,
        )
    omgang = dp.uppfoljningsomgangar.get()
    assert omgang.nummer == 1
    assert omgang.status == Omgangsstatus.PLANERAD
    assert omgang.forfallodatum == due_date_after_board(dp.namnd_beslutsdatum)
    ansvarig = omgang.ansvariga.get()
    assert ansvarig.person == forra_ordforande(dp)
    assert ansvarig.svar == Uppfoljningsansvarig.Svar.TILLFRAGAD
    deliver_mail()
    asked = [
        m
        for m in mail.outbox
        if ansvarig.person.epost in m.to and "uppföljningsrapporten" in m.subject
    ]
    assert len(asked) == 1
    assert "uppföljningsrapporten" in asked[0].subject


@pytest.mark.parametrize(
    ("decision", "due"),
    [
        (datetime.date(2028, 2, 29), datetime.date(2029, 2, 28)),
        (datetime.date(2027, 1, 31), datetime.date(2028, 1, 31)),
        (datetime.date(2026, 12, 15), datetime.date(2027, 12, 15)),
    ],
)
def test_due_date_is_twelve_months_after_the_decision(decision, due, samverkan):
    assert due_date_after_board(decision) == due


def test_due_date_follows_the_samverkans_months(samverkan):
    samverkan.forsta_uppfoljning_manader = 9
    samverkan.save(update_fields=["forsta_uppfoljning_manader"])
    assert due_date_after_board(datetime.date(2027, 1, 31)) == datetime.date(2027, 10, 31)


def test_a_board_decision_on_29_february_is_due_28_february(org, kansli, lg_members):
    with time_machine.travel(datetime.datetime(2028, 2, 29, 14, 0, tzinfo=datetime.UTC)):
        dp = walk_to(
            register(kansli),
            Status.HUVUDMANNABESLUT,
            org=org,
            kansli=kansli,
            lg_members=lg_members,
        )
    assert dp.namnd_beslutsdatum == datetime.date(2028, 2, 29)
    assert dp.uppfoljningsomgangar.get().forfallodatum == datetime.date(2029, 2, 28)


# --- Who writes the report ---------------------------------------------------------------


def test_the_chair_accepts_and_the_round_starts(client, in_follow_up):
    dp = in_follow_up
    omgang = dp.uppfoljningsomgangar.get()
    chair = _chair_user(dp)
    ansvarig = omgang.ansvariga.get()
    client.force_login(chair)
    page = client.get(reverse("uppfoljning:omgang", args=[dp.referens, 1]))
    assert "Ditt svar" in page.content.decode()
    response = client.post(
        reverse("uppfoljning:ansvarig_answer", args=[dp.referens, 1, ansvarig.pk]),
        {f"svar{ansvarig.pk}-svar": "ja", f"svar{ansvarig.pk}-kommentar": ""},
    )
    assert response.status_code == 302
    omgang.refresh_from_db()
    ansvarig.refresh_from_db()
    assert ansvarig.svar == Uppfoljningsansvarig.Svar.ACCEPTERAD
    assert omgang.status == Omgangsstatus.PAGAR
    assert chair.has_perm("uppfoljning.write_rapport", omgang)
    assert dp.handelser.filter(typ=Handelse.Typ.UPPFOLJNING, text__contains="åtog sig").exists()
    assert ansvarig.history.count() >= 2


def test_declining_needs_a_reason_and_the_kansli_asks_someone_else(
    client, in_follow_up, kansli, django_capture_on_commit_callbacks
):
    dp = in_follow_up
    omgang = dp.uppfoljningsomgangar.get()
    chair = _chair_user(dp)
    ansvarig = omgang.ansvariga.get()
    client.force_login(chair)
    url = reverse("uppfoljning:ansvarig_answer", args=[dp.referens, 1, ansvarig.pk])
    response = client.post(url, {f"svar{ansvarig.pk}-svar": "nej"})
    assert response.status_code == 400
    assert "Skriv en kort motivering" in response.content.decode()
    ansvarig.refresh_from_db()
    assert ansvarig.svar == Uppfoljningsansvarig.Svar.TILLFRAGAD
    client.post(
        url,
        {f"svar{ansvarig.pk}-svar": "nej", f"svar{ansvarig.pk}-kommentar": "Ny tjänst."},
    )
    ansvarig.refresh_from_db()
    assert ansvarig.svar == Uppfoljningsansvarig.Svar.AVBOJD
    assert not chair.has_perm("uppfoljning.write_rapport", omgang)

    other = f.PersonFactory(namn="Tova Testberg")
    client.force_login(kansli)
    deliver_mail()  # what the set-up queued
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("uppfoljning:ansvarig_add", args=[dp.referens, 1]), {"person": other.pk}
        )
    assert response.status_code == 302
    assert omgang.ansvariga.filter(person=other, svar="tillfragad").exists()
    deliver_mail()
    assert [m.to for m in mail.outbox] == [[other.epost]]
    # Asking the same person twice is refused.
    response = client.post(
        reverse("uppfoljning:ansvarig_add", args=[dp.referens, 1]), {"person": other.pk}
    )
    assert response.status_code == 400
    assert "redan tillfrågad" in response.content.decode()


def test_only_the_asked_person_answers_for_themself(in_follow_up, lg_members, reader):
    dp = in_follow_up
    omgang = dp.uppfoljningsomgangar.get()
    ansvarig = omgang.ansvariga.get()
    for user in (lg_members[0], reader):
        with pytest.raises(NotAllowed):
            svc.ansvarig_answer(ansvarig=ansvarig, user=user, accept=True)
    ansvarig.refresh_from_db()
    assert ansvarig.svar == Uppfoljningsansvarig.Svar.TILLFRAGAD


# --- Presentations and closing -----------------------------------------------------------


def test_presentations_make_the_round_presented_then_the_kansli_closes_it(
    client, in_follow_up, kansli
):
    dp = in_follow_up
    omgang = _handed_in(dp.uppfoljningsomgangar.get())
    client.force_login(kansli)
    url = reverse("uppfoljning:redovisning_add", args=[dp.referens, 1])
    future = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(url, {"organ_typ": "samarbetsgrupp", "datum": future, "form": "muntlig"})
    assert response.status_code == 400
    assert "kan inte ligga i framtiden" in response.content.decode()
    assert not Redovisning.objects.exists()
    today = timezone.localdate()
    for organ in ("samarbetsgrupp", "ledningsgrupp", "namnd"):
        response = client.post(url, {"organ_typ": organ, "datum": today, "form": "muntlig"})
        assert response.status_code == 302
    omgang.refresh_from_db()
    assert omgang.status == Omgangsstatus.REDOVISAD
    assert omgang.redovisningar.filter(form="muntlig").count() == 3
    # A second presentation to the same body is refused.
    response = client.post(url, {"organ_typ": "namnd", "datum": today, "form": "skriftlig"})
    assert "redan redovisad för nämnden" in response.content.decode()
    response = client.post(
        reverse("uppfoljning:omgang_action", args=[dp.referens, 1, "avsluta"]),
        {"avsluta-kommentar": "Ingen ytterligare uppföljning behövs."},
    )
    assert response.status_code == 302
    omgang.refresh_from_db()
    assert omgang.status == Omgangsstatus.KLAR
    assert omgang.kommentar == "Ingen ytterligare uppföljning behövs."


def test_a_presentation_before_the_report_is_handed_in_is_refused(in_follow_up, kansli):
    omgang = in_follow_up.uppfoljningsomgangar.get()
    with pytest.raises(GuardFailed, match="inte inlämnad"):
        svc.redovisning_record(
            omgang=omgang, user=kansli, organ_typ="namnd", datum=timezone.localdate()
        )
    assert not Redovisning.objects.exists()


def test_a_report_can_be_sent_back_only_before_any_presentation(in_follow_up, kansli):
    omgang = _handed_in(in_follow_up.uppfoljningsomgangar.get())
    with pytest.raises(Invalid, match="kompletteras"):
        svc.omgang_aterfor(omgang=omgang, user=kansli, kommentar=" ")
    svc.redovisning_record(
        omgang=omgang, user=kansli, organ_typ="samarbetsgrupp", datum=timezone.localdate()
    )
    with pytest.raises(GuardFailed, match="redan redovisad"):
        svc.omgang_aterfor(omgang=omgang, user=kansli, kommentar="Saknar enkäten.")
    Redovisning.objects.all().delete()
    svc.omgang_aterfor(omgang=omgang, user=kansli, kommentar="Saknar enkäten.")
    omgang.refresh_from_db()
    assert omgang.status == Omgangsstatus.PAGAR
    assert omgang.inlamnad is None


def _presented(omgang, user, organ_typ, datum):
    return svc.redovisning_record(omgang=omgang, user=user, organ_typ=organ_typ, datum=datum)


def _days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def test_presentations_out_of_order_are_refused_naming_the_body_first_in_line(in_follow_up, kansli):
    omgang = _handed_in(
        in_follow_up.uppfoljningsomgangar.get(), timezone.now() - datetime.timedelta(days=30)
    )
    for organ in ("ledningsgrupp", "namnd"):
        with pytest.raises(GuardFailed) as refused:
            _presented(omgang, kansli, organ, _days_ago(5))
        assert type(refused.value) is GuardFailed
        assert refused.value.messages == ["Rapporten redovisas först för samarbetsgruppen."]
        assert refused.value.field_errors == {
            "organ_typ": ["Rapporten redovisas först för samarbetsgruppen."]
        }
    assert not Redovisning.objects.exists()
    _presented(omgang, kansli, "samarbetsgrupp", _days_ago(10))
    with pytest.raises(GuardFailed, match=r"^Rapporten redovisas först för ledningsgruppen\.$"):
        _presented(omgang, kansli, "namnd", _days_ago(5))
    _presented(omgang, kansli, "ledningsgrupp", _days_ago(5))
    _presented(omgang, kansli, "namnd", _days_ago(5))
    omgang.refresh_from_db()
    assert omgang.status == Omgangsstatus.REDOVISAD
    assert list(
        omgang.redovisningar.order_by("datum", "pk").values_list("organ_typ", flat=True)
    ) == [
        "samarbetsgrupp",
        "ledningsgrupp",
        "namnd",
    ]
    events = in_follow_up.handelser.filter(text__contains="rapporten redovisad för")
    assert events.count() == 3


def test_a_later_presentation_cannot_be_dated_before_an_earlier_one(in_follow_up, kansli):
    omgang = _handed_in(
        in_follow_up.uppfoljningsomgangar.get(), timezone.now() - datetime.timedelta(days=30)
    )
    _presented(omgang, kansli, "samarbetsgrupp", _days_ago(10))
    with pytest.raises(Invalid) as refused:
        _presented(omgang, kansli, "ledningsgrupp", _days_ago(11))
    assert refused.value.messages == [
        "Redovisningen för ledningsgruppen kan inte ligga före redovisningen för "
        f"samarbetsgruppen ({_days_ago(10):%Y-%m-%d})."
    ]
    assert refused.value.field_errors == {
        "datum": ["Datumet ligger före redovisningen för samarbetsgruppen."]
    }
    assert not omgang.redovisningar.filter(organ_typ="ledningsgrupp").exists()
    # The same day is fine: both bodies may meet on one day.
    _presented(omgang, kansli, "ledningsgrupp", _days_ago(10))
    with pytest.raises(Invalid, match="före redovisningen för ledningsgruppen"):
        _presented(omgang, kansli, "namnd", _days_ago(12))


def test_a_presentation_entered_again_cannot_be_dated_after_a_later_one(in_follow_up, kansli):
    omgang = _handed_in(
        in_follow_up.uppfoljningsomgangar.get(), timezone.now() - datetime.timedelta(days=30)
    )
    first = _presented(omgang, kansli, "samarbetsgrupp", _days_ago(10))
    _presented(omgang, kansli, "ledningsgrupp", _days_ago(5))
    svc.redovisning_remove(redovisning=first, user=kansli)
    with pytest.raises(Invalid) as refused:
        _presented(omgang, kansli, "samarbetsgrupp", _days_ago(4))
    assert refused.value.field_errors == {
        "datum": ["Datumet ligger efter redovisningen för ledningsgruppen."]
    }
    assert not omgang.redovisningar.filter(organ_typ="samarbetsgrupp").exists()
    _presented(omgang, kansli, "samarbetsgrupp", _days_ago(6))


def test_the_kansli_entering_presentations_by_hand_is_held_to_the_order(
    client, in_follow_up, kansli
):
    dp = in_follow_up
    omgang = _handed_in(dp.uppfoljningsomgangar.get(), timezone.now() - datetime.timedelta(days=30))
    client.force_login(kansli)
    url = reverse("uppfoljning:redovisning_add", args=[dp.referens, 1])

    def post(organ, datum):
        return client.post(url, {"organ_typ": organ, "datum": datum, "form": "skriftlig"})

    response = post("ledningsgrupp", _days_ago(5))
    assert response.status_code == 400
    assert "Rapporten redovisas först för samarbetsgruppen." in response.content.decode()
    assert not Redovisning.objects.exists()

    assert post("samarbetsgrupp", _days_ago(10)).status_code == 302
    response = post("ledningsgrupp", _days_ago(12))
    assert response.status_code == 400
    assert "Datumet ligger före redovisningen för samarbetsgruppen." in response.content.decode()
    response = post("namnd", _days_ago(5))
    assert response.status_code == 400
    assert "Rapporten redovisas först för ledningsgruppen." in response.content.decode()
    assert list(omgang.redovisningar.values_list("organ_typ", flat=True)) == ["samarbetsgrupp"]

    assert post("ledningsgrupp", _days_ago(10)).status_code == 302
    assert post("namnd", _days_ago(3)).status_code == 302
    omgang.refresh_from_db()
    assert omgang.status == Omgangsstatus.REDOVISAD
    assert omgang.redovisningar.count() == 3


def test_round_actions_are_for_the_kansli(client, in_follow_up, reader, outsider, lg_members):
    dp = in_follow_up
    _handed_in(dp.uppfoljningsomgangar.get())
    url = reverse("uppfoljning:redovisning_add", args=[dp.referens, 1])
    data = {"organ_typ": "namnd", "datum": timezone.localdate(), "form": "skriftlig"}
    for user in (reader, lg_members[0]):
        client.force_login(user)
        assert client.get(reverse("uppfoljning:omgang", args=[dp.referens, 1])).status_code == 200
        assert client.post(url, data).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse("uppfoljning:omgang", args=[dp.referens, 1])).status_code == 404
    assert client.post(url, data).status_code == 404
    assert not Redovisning.objects.exists()


def test_closing_the_project_needs_the_last_round_done_or_a_reason(client, org, kansli, lg_members):
    dp = walk_to(
        register(kansli), Status.UPPFOLJNING, org=org, kansli=kansli, lg_members=lg_members
    )
    with pytest.raises(GuardFailed):
        delprojekt_transition(delprojekt=dp, name="avsluta", user=kansli)
    dp.refresh_from_db()
    assert dp.status == Status.UPPFOLJNING
    # The kansli may close with a recorded reason.
    dp = delprojekt_transition(
        delprojekt=dp,
        name="avsluta",
        user=kansli,
        kommentar="Verksamheten är nedlagd; ingen uppföljning är möjlig.",
        data=Overgangsdata(forcera=True),
    )
    assert dp.status == Status.AVSLUTAD
    event = dp.handelser.get(overgang="avsluta")
    assert "Gick vidare trots" in event.kommentar
    assert "nedlagd" in event.kommentar


def test_a_further_round_is_due_6_to_12_months_after_the_presentation(org, kansli, lg_members):
    dp = walk_to(
        register(kansli), Status.UPPFOLJNING, org=org, kansli=kansli, lg_members=lg_members
    )
    from tests.workflow_helpers import present_round

    present_round(dp)
    today = timezone.localdate()
    too_early = today + datetime.timedelta(days=60)
    with pytest.raises(Invalid, match="6–12 månader"):
        delprojekt_transition(
            delprojekt=dp,
            name="ny_uppfoljning",
            user=kansli,
            data=Overgangsdata(forfallodatum=too_early),
        )
    due = today + datetime.timedelta(days=270)
    dp = delprojekt_transition(
        delprojekt=dp, name="ny_uppfoljning", user=kansli, data=Overgangsdata(forfallodatum=due)
    )
    second = dp.uppfoljningsomgangar.get(nummer=2)
    assert second.forfallodatum == due
    assert second.status == Omgangsstatus.PLANERAD
    assert second.ansvariga.count() == 1


# --- Reminders ---------------------------------------------------------------------------


def _reminders(omgang):
    return sorted(omgang.paminnelser.values_list("typ", flat=True))


def test_reminders_are_sent_once_each_at_60_14_and_after_the_due_date(in_follow_up):
    dp = in_follow_up
    omgang = dp.uppfoljningsomgangar.get()
    due = omgang.forfallodatum
    chair = forra_ordforande(dp)
    deliver_mail()  # what the set-up queued
    mail.outbox.clear()

    def run_on(day):
        with time_machine.travel(
            datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
        ):
            return skicka_paminnelser().skickade

    assert run_on(due - datetime.timedelta(days=61)) == 0
    assert run_on(due - datetime.timedelta(days=60)) == 1
    # Every hour the same day, and the next days: nothing new.
    assert run_on(due - datetime.timedelta(days=60)) == 0
    assert run_on(due - datetime.timedelta(days=30)) == 0
    assert run_on(due - datetime.timedelta(days=14)) == 1
    assert run_on(due) == 0
    assert run_on(due + datetime.timedelta(days=1)) == 1
    assert run_on(due + datetime.timedelta(days=2)) == 0
    assert _reminders(omgang) == ["14", "60", "forsenad"]
    # One message to each of the two recipients per reminder.
    assert deliver_mail() == 6
    assert len(mail.outbox) == 6
    # The person asked (nobody has accepted yet) and the kansli contact each get them.
    everyone = {address for m in mail.outbox for address in m.to}
    assert everyone == {chair.epost, dp.kontaktperson.epost}
    assert "Försenad" in mail.outbox[-1].subject


def test_a_late_first_run_sends_only_the_reminder_due_now(in_follow_up):
    omgang = in_follow_up.uppfoljningsomgangar.get()
    day = omgang.forfallodatum - datetime.timedelta(days=10)
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)):
        skicka_paminnelser()
    assert _reminders(omgang) == ["14"]


def test_no_reminders_for_handed_in_or_finished_rounds(in_follow_up):
    omgang = _handed_in(in_follow_up.uppfoljningsomgangar.get())
    day = omgang.forfallodatum + datetime.timedelta(days=5)
    deliver_mail()  # what the set-up queued
    mail.outbox.clear()
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)):
        assert skicka_paminnelser().skickade == 0
    Uppfoljningsomgang.objects.filter(pk=omgang.pk).update(status=Omgangsstatus.KLAR)
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)):
        assert skicka_paminnelser().skickade == 0
    assert not Paminnelse.objects.exists()
    deliver_mail()
    assert mail.outbox == []


def test_a_mail_server_that_is_down_keeps_the_reminder_queued_and_the_command_fails(
    in_follow_up, monkeypatch
):
    from io import StringIO

    from django.core.mail.backends import locmem
    from django.core.management import CommandError, call_command

    omgang = in_follow_up.uppfoljningsomgangar.get()
    day = omgang.forfallodatum - datetime.timedelta(days=14)
    deliver_mail()  # what the set-up queued
    mail.outbox.clear()
    Utskick.objects.all().delete()

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no server")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", broken)
    out = StringIO()
    with (
        time_machine.travel(datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)),
        pytest.raises(CommandError, match=r"^2 e-postmeddelanden kunde inte skickas"),
    ):
        call_command("skicka_paminnelser", stdout=out)
    assert "Påminnelser köade: 1" in out.getvalue()
    assert "kunde inte skickas: 2" in out.getvalue()
    # The reminder is recorded and its mail waits in the outbox: nothing is lost.
    assert _reminders(omgang) == ["14"]
    assert Utskick.objects.filter(status=Utskick.Status.MISSLYCKAD).count() == 2
    monkeypatch.undo()
    with time_machine.travel(
        datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)
    ):
        call_command("skicka_paminnelser", stdout=out)
    assert "Påminnelser köade: 0" in out.getvalue()
    assert _reminders(omgang) == ["14"]
    assert len(mail.outbox) == 2
    assert Utskick.objects.filter(status=Utskick.Status.SKICKAD).count() == 2


def test_the_command_reports_what_it_sent(in_follow_up):
    from io import StringIO

    from django.core.management import call_command

    omgang = in_follow_up.uppfoljningsomgangar.get()
    day = omgang.forfallodatum + datetime.timedelta(days=1)
    deliver_mail()  # what the set-up queued
    out = StringIO()
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)):
        call_command("skicka_paminnelser", stdout=out)
        call_command("skicka_paminnelser", stdout=out)
    assert "Påminnelser köade: 1" in out.getvalue()
    assert "E-post skickad: 2, kunde inte skickas: 0" in out.getvalue()
    assert "Påminnelser köade: 0" in out.getvalue()


# --- The list of all rounds ----------------------------------------------------------------


def test_the_list_shows_overdue_rounds_with_days(client, in_follow_up, kansli, reader, outsider):
    dp = in_follow_up
    omgang = dp.uppfoljningsomgangar.get()
    Uppfoljningsomgang.objects.filter(pk=omgang.pk).update(
        forfallodatum=timezone.localdate() - datetime.timedelta(days=9)
    )
    client.force_login(kansli)
    page = client.get(reverse("uppfoljning:oversikt"))
    html = page.content.decode()
    overdue = html.split('id="forsenade"')[1].split('id="snart"')[0]
    assert dp.referens in overdue
    assert "9 dagar" in overdue
    client.force_login(reader)
    assert client.get(reverse("uppfoljning:oversikt")).status_code == 200
    client.force_login(outsider)
    assert client.get(reverse("uppfoljning:oversikt")).status_code == 403


def test_the_list_sorts_done_rounds_by_on_time_or_late(
    client, django_assert_max_num_queries, in_follow_up, kansli
):
    dp = in_follow_up
    omgang = dp.uppfoljningsomgangar.get()
    late = datetime.datetime.combine(
        omgang.forfallodatum + datetime.timedelta(days=3), datetime.time(10), tzinfo=datetime.UTC
    )
    Uppfoljningsomgang.objects.filter(pk=omgang.pk).update(
        status=Omgangsstatus.KLAR, inlamnad=late, klar=late
    )
    client.force_login(kansli)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("uppfoljning:oversikt")).content.decode()
    done = html.split('id="klara"')[1]
    assert dp.referens in done
    assert "försenad" in done


def test_asking_someone_lists_the_former_group_first_and_refuses_unknown_people(
    client, in_follow_up, kansli
):
    dp = in_follow_up
    client.force_login(kansli)
    html = client.get(reverse("uppfoljning:omgang", args=[dp.referens, 1])).content.decode()
    group = html.split('label="Den tidigare arbetsgruppen"')[1].split("</optgroup>")[0]
    assert forra_ordforande(dp).namn in group
    assert "Kerstin Kanslisson" not in group
    response = client.post(
        reverse("uppfoljning:ansvarig_add", args=[dp.referens, 1]), {"person": "999999"}
    )
    assert response.status_code == 400
    assert "Välj" in response.content.decode()
    assert dp.uppfoljningsomgangar.get().ansvariga.count() == 1


def test_anyone_in_the_register_is_asked_by_e_mail_or_name_and_the_list_stays_short(
    client, in_follow_up, kansli
):
    dp = in_follow_up
    url = reverse("uppfoljning:ansvarig_add", args=[dp.referens, 1])
    f.PersonFactory.create_batch(30)
    utanfor = f.PersonFactory(namn="Ylva Ytterberg", epost="ylva.ytterberg@example.se")
    f.PersonFactory(namn="Sam Samma", epost="sam1@example.se")
    f.PersonFactory(namn="Sam Samma", epost="sam2@example.se")
    client.force_login(kansli)
    html = client.get(reverse("uppfoljning:omgang", args=[dp.referens, 1])).content.decode()
    # Only the former group is listed, not the whole register.
    assert "Ylva Ytterberg" not in html
    assert 'name="annan"' in html
    for text, message in (
        ("Ingen Alls", "Ingen person i registret har"),
        ("sam samma", "Flera personer i registret heter så"),
        ("okand@example.se", "Ingen person i registret har"),
    ):
        response = client.post(url, {"annan": text})
        assert response.status_code == 400
        assert message in response.content.decode()
    response = client.post(url, {"person": str(forra_ordforande(dp).pk), "annan": "Ylva Ytterberg"})
    assert response.status_code == 400
    assert "inte båda" in response.content.decode()
    response = client.post(url, {})
    assert response.status_code == 400
    assert dp.uppfoljningsomgangar.get().ansvariga.count() == 1
    response = client.post(url, {"annan": "  YLVA.ytterberg@example.se "})
    assert response.status_code == 302
    response = client.post(url, {"annan": "Sam  Samma"})
    assert response.status_code == 400
    assert dp.uppfoljningsomgangar.get().ansvariga.filter(person=utanfor).exists()

"""The outbox: every mail is queued with the change that caused it, delivered by the
worker exactly once, retried with a growing wait while the mail server is down, and what
could not be sent is shown to the kansli, who can send it again."""

from __future__ import annotations

import collections
import datetime
import socket
import threading
from email import message_from_bytes
from io import StringIO

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from mailer.models import Message

from delprojekt.models import Utskick
from delprojekt.services import notifications, utkorg
from tests import factories as f
from tests.conftest import deliver_mail

T0 = datetime.datetime(2026, 11, 2, 8, 0, tzinfo=datetime.UTC)


def queue_to(people, text="Ett meddelande") -> int:
    """Queue one mail per person the way the application does: through send_to."""
    return notifications.send_to(
        people,
        "delprojekt/email/overgang",
        {"h": None, "dp": None, "text": text},
    )


@pytest.fixture
def people(db):
    return [
        f.PersonFactory(namn=f"Mottagare {i}", epost=f"mottagare{i}@example.test") for i in range(3)
    ]


# --- Queued with the change -------------------------------------------------------------


def test_mail_is_queued_in_the_transaction_and_rolled_back_with_it(people, mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        assert queue_to(people) == 3
        assert Utskick.objects.count() == 3 and Message.objects.count() == 3
        raise RuntimeError("the change failed")
    assert not Utskick.objects.exists()
    assert not Message.objects.exists()
    assert deliver_mail() == 0
    assert mailoutbox == []


def test_the_worker_delivers_each_queued_mail_once(people, mailoutbox):
    queue_to(people)
    assert mailoutbox == []
    assert {u.status for u in Utskick.objects.all()} == {Utskick.Status.KOAD}
    assert deliver_mail() == 3
    assert deliver_mail() == 0
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.epost for p in people)
    rows = list(Utskick.objects.all())
    assert all(u.status == Utskick.Status.SKICKAD and u.skickad and u.forsok == 1 for u in rows)
    # The Message-ID recorded is the one the recipient gets.
    assert {u.message_id for u in rows} == {m.extra_headers["Message-ID"] for m in mailoutbox}
    assert not Message.objects.exists()


def test_suppressed_mail_is_not_queued(people):
    with notifications.suppressed():
        assert queue_to(people) == 0
    assert not Utskick.objects.exists()


# --- A mail server that is down, then back ---------------------------------------------------


class Postlada:
    """A local SMTP server that refuses every recipient until told to accept."""

    def __init__(self) -> None:
        self.accepting = False
        self.received: list[str] = []
        self.refused = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if not self.accepting:
            with self.lock:
                self.refused += 1
            return "451 4.3.2 Tjänsten är tillfälligt otillgänglig"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content)
        with self.lock:
            self.received.append(message["Message-ID"])
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    handler = Postlada()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_TIMEOUT = 5
    settings.EMAIL_USE_TLS = False
    settings.SFBV_MAIL_RETRY_SECONDS = 60
    yield handler
    controller.stop()


def test_mail_server_down_for_an_hour_then_back_delivers_every_mail_exactly_once(
    people, smtp_server, settings
):
    with time_machine.travel(T0, tick=False) as traveller:
        queue_to(people)
        failing_passes = 0
        # The worker runs every minute for an hour; the server refuses every recipient.
        for minute in range(60):
            traveller.move_to(T0 + datetime.timedelta(minutes=minute))
            if utkorg.leverera().misslyckade:
                failing_passes += 1
        assert smtp_server.received == []
        # Attempts at 0, 1, 3, 7, 15 and 31 minutes: the wait doubles after each failure.
        assert failing_passes == 6
        rows = list(Utskick.objects.all())
        assert all(u.status == Utskick.Status.MISSLYCKAD and u.forsok == 6 for u in rows)
        assert all(u.nasta_forsok == T0 + datetime.timedelta(minutes=63) for u in rows)
        assert all("451" in u.senaste_fel for u in rows)
        assert smtp_server.refused == 3 * 6

        # A pass that fails makes the command fail, so the timer's unit shows it.
        traveller.move_to(T0 + datetime.timedelta(minutes=63))
        with pytest.raises(CommandError, match=r"^3 e-postmeddelanden kunde inte skickas"):
            call_command("skicka_epost", stdout=StringIO())

        # The server is back; the worker keeps running every minute.
        smtp_server.accepting = True
        delivered = 0
        for minute in range(64, 200):
            traveller.move_to(T0 + datetime.timedelta(minutes=minute))
            delivered += utkorg.leverera().skickade
    assert delivered == 3
    counts = collections.Counter(smtp_server.received)
    assert sorted(counts) == sorted(u.message_id for u in Utskick.objects.all())
    assert set(counts.values()) == {1}
    assert all(u.status == Utskick.Status.SKICKAD for u in Utskick.objects.all())
    assert not Message.objects.exists()


def test_no_server_at_all_is_a_failed_attempt_too(people, settings):
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens here
    settings.EMAIL_TIMEOUT = 2
    queue_to(people[:1])
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("skicka_epost", stdout=out)
    assert "kunde inte skickas: 1" in out.getvalue()
    u = Utskick.objects.get()
    assert u.status == Utskick.Status.MISSLYCKAD and u.forsok == 1 and u.nasta_forsok
    assert u.senaste_fel


def test_after_the_last_attempt_only_the_kansli_sends_again(people, settings, monkeypatch):
    settings.SFBV_MAIL_MAX_ATTEMPTS = 2
    from django.core.mail.backends import locmem

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("ingen server")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", broken)
    queue_to(people[:1])
    with time_machine.travel(T0, tick=False) as traveller:
        utkorg.leverera()
        traveller.move_to(T0 + datetime.timedelta(minutes=5))
        utkorg.leverera()
        u = Utskick.objects.get()
        assert u.forsok == 2 and u.nasta_forsok is None
        traveller.move_to(T0 + datetime.timedelta(days=2))
        assert utkorg.leverera().misslyckade == 0  # no more automatic attempts
    assert Utskick.objects.get().forsok == 2


# --- The kansli's page ----------------------------------------------------------------------


def _fail_one(people, monkeypatch) -> Utskick:
    from django.core.mail.backends import locmem

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("ingen server")

    queue_to(people[:1])
    with monkeypatch.context() as m:
        m.setattr(locmem.EmailBackend, "send_messages", broken)
        utkorg.leverera()
    return Utskick.objects.get()


def test_the_kansli_sees_what_could_not_be_sent_and_sends_it_again(
    client, kansli, people, monkeypatch, mailoutbox
):
    u = _fail_one(people, monkeypatch)
    # The address was wrong; the kansli corrects it on the person.
    person = u.person
    person.epost = "ratt.adress@example.test"
    person.save()
    client.force_login(kansli)
    page = client.get(reverse("epost:lista")).content.decode()
    assert "Kunde inte skickas (1)" in page
    assert people[0].namn in page and "mottagare0@example.test" in page
    assert "ingen server" in page
    assert "Adressen är nu ratt.adress@example.test" in page
    response = client.post(reverse("epost:skicka_igen", args=[u.pk]), follow=True)
    assert "ligger i kön igen" in response.content.decode()
    u.refresh_from_db()
    assert u.status == Utskick.Status.KOAD and u.adress == "ratt.adress@example.test"
    assert deliver_mail() == 1
    assert [m.to for m in mailoutbox] == [["ratt.adress@example.test"]]
    assert "Kunde inte skickas (0)" in client.get(reverse("epost:lista")).content.decode()
    # Sending a delivered mail again is refused with a message, not an error.
    response = client.post(reverse("epost:skicka_igen", args=[u.pk]), follow=True)
    assert "redan levererat" in response.content.decode()
    assert deliver_mail() == 0


def test_send_all_again(client, kansli, people, monkeypatch, mailoutbox):
    from django.core.mail.backends import locmem

    queue_to(people)
    with monkeypatch.context() as m:
        m.setattr(
            locmem.EmailBackend,
            "send_messages",
            lambda *a, **k: (_ for _ in ()).throw(OSError("nere")),
        )
        utkorg.leverera()
    assert Utskick.objects.filter(status=Utskick.Status.MISSLYCKAD).count() == 3
    client.force_login(kansli)
    response = client.post(reverse("epost:skicka_igen_alla"), follow=True)
    assert "3 meddelanden ligger i kön igen" in response.content.decode()
    assert deliver_mail() == 3


@pytest.mark.parametrize("who", ["reader", "outsider"])
def test_only_the_kansli_sees_the_outbox_or_sends_again(client, who, request, people, monkeypatch):
    u = _fail_one(people, monkeypatch)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("epost:lista")).status_code == 403
    assert client.post(reverse("epost:skicka_igen", args=[u.pk])).status_code == 403
    assert client.post(reverse("epost:skicka_igen_alla")).status_code == 403
    u.refresh_from_db()
    assert u.status == Utskick.Status.MISSLYCKAD
    assert Message.objects.get().priority != 2  # still deferred, not back in the queue


def test_the_outbox_page_stays_within_its_query_budget(
    client, kansli, people, monkeypatch, django_assert_max_num_queries
):
    _fail_one(people, monkeypatch)
    queue_to(people)
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("epost:lista")).status_code == 200


# --- The demo sends in-process ------------------------------------------------------------


def test_rundemo_delivers_the_queue_in_its_own_thread(people, monkeypatch):
    from demo.management.commands import rundemo

    queue_to(people[:1])
    calls = []

    def sleep(seconds):
        calls.append(seconds)
        if len(calls) > 1:
            raise SystemExit

    monkeypatch.setattr(rundemo.time, "sleep", sleep)
    monkeypatch.setattr(rundemo.connection, "close", lambda: None)  # keep the test's transaction
    with pytest.raises(SystemExit):
        rundemo.deliver_mail_forever()
    assert [m.to for m in mail.outbox] == [[people[0].epost]]
    assert Utskick.objects.get().status == Utskick.Status.SKICKAD

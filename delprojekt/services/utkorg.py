"""The outbox: every e-mail is queued in the database and delivered by a worker.

``koa`` puts messages on django-mailer's queue in the caller's transaction, so a mail
exists exactly when the change that caused it was committed, and a mail server that is
down cannot turn a saved change into an error. ``leverera`` is one pass of the worker
(``manage.py skicka_epost``): it hands back to the queue the failed messages whose
waiting time is over, lets django-mailer send the queue (each message locked with
``SELECT ... FOR UPDATE NOWAIT``, each attempt written to its ``MessageLog``), and then
brings each ``Utskick`` row up to date from that log. After a failed attempt the next
one waits twice as long as the last, from ``SFBV_MAIL_RETRY_SECONDS`` up to an hour,
at most ``SFBV_MAIL_MAX_ATTEMPTS`` times; the kansli can always send again by hand.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from mailer import engine
from mailer.models import PRIORITY_DEFERRED, PRIORITY_MEDIUM, RESULT_SUCCESS, Message, MessageLog

from delprojekt.models import Person, Sammantrade, Utskick
from delprojekt.permissions import is_kansli
from delprojekt.services.errors import Invalid, NotAllowed, StaleState
from delprojekt.types import Actor

logger = logging.getLogger(__name__)

MAX_WAIT = datetime.timedelta(hours=1)

_suppressed: contextvars.ContextVar[bool] = contextvars.ContextVar("suppressed", default=False)


@contextlib.contextmanager
def suppressed() -> Iterator[None]:
    """No mail for changes made inside this block (imports and demo data)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def is_suppressed() -> bool:
    return _suppressed.get()


def koa(
    brev: Iterable[tuple[Person | None, EmailMessage]],
    *,
    sammantrade: Sammantrade | None = None,
) -> int:
    """Queue each ``(recipient, message)`` in the current transaction. Returns how many."""
    if is_suppressed():
        return 0
    pairs = list(brev)
    if not pairs:
        return 0
    rows = []
    for _person, email in pairs:
        email.extra_headers.setdefault("Message-ID", make_msgid(domain=DNS_NAME))
        row = Message(priority=PRIORITY_MEDIUM)
        row.email = email
        rows.append(row)
    with transaction.atomic():
        Message.objects.bulk_create(rows)
        Utskick.objects.bulk_create(
            Utskick(
                message_id=email.extra_headers["Message-ID"],
                meddelande=row,
                person=person,
                adress=", ".join(email.to)[:254],
                amne=str(email.subject)[:255],
                sammantrade=sammantrade,
            )
            for (person, email), row in zip(pairs, rows, strict=True)
        )
    return len(rows)


def vantetid(forsok: int) -> datetime.timedelta:
    """How long to wait after the ``forsok``-th failed attempt."""
    first = datetime.timedelta(seconds=max(settings.SFBV_MAIL_RETRY_SECONDS, 1))
    return min(first * 2 ** max(forsok - 1, 0), MAX_WAIT)


@dataclass
class Leverans:
    skickade: int = 0
    misslyckade: int = 0


def leverera() -> Leverans:
    """One pass of the worker: retry what is due, send the queue, record the outcome."""
    now = timezone.now()
    due = Utskick.objects.filter(
        status=Utskick.Status.MISSLYCKAD, nasta_forsok__lte=now, meddelande__isnull=False
    ).values("meddelande_id")
    Message.objects.filter(pk__in=due, priority=PRIORITY_DEFERRED).update(
        priority=PRIORITY_MEDIUM, retry_count=F("retry_count") + 1
    )
    start = timezone.now()
    engine.send_all()
    attempts = list(
        MessageLog.objects.filter(when_attempted__gte=start).values_list("message_id", "result")
    )
    avstam({message_id for message_id, _result in attempts if message_id})
    sent = sum(1 for _id, result in attempts if result == RESULT_SUCCESS)
    return Leverans(skickade=sent, misslyckade=len(attempts) - sent)


def avstam(message_ids: set[str]) -> None:
    """Bring the outbox rows of ``message_ids`` up to date from django-mailer's log.

    Counted from the whole log each time, so running it twice changes nothing."""
    if not message_ids:
        return
    logs: dict[str, list[MessageLog]] = {}
    for log in MessageLog.objects.filter(message_id__in=message_ids).order_by(
        "when_attempted", "pk"
    ):
        logs.setdefault(log.message_id or "", []).append(log)
    for u in Utskick.objects.filter(message_id__in=message_ids):
        attempts = logs.get(u.message_id, [])
        if not attempts:
            continue
        last = attempts[-1]
        delivered = next((a for a in attempts if a.result == RESULT_SUCCESS), None)
        u.forsok = len(attempts)
        u.senaste_forsok = last.when_attempted
        if delivered is not None:
            u.status = Utskick.Status.SKICKAD
            u.skickad = delivered.when_attempted
            u.nasta_forsok = None
        else:
            u.status = Utskick.Status.MISSLYCKAD
            u.senaste_fel = last.log_message[:2000]
            u.nasta_forsok = (
                last.when_attempted + vantetid(u.forsok)
                if u.forsok < settings.SFBV_MAIL_MAX_ATTEMPTS
                else None
            )
            logger.warning(
                "E-post till %s kunde inte skickas (försök %s): %s",
                u.adress,
                u.forsok,
                u.senaste_fel,
            )
        u.save(
            update_fields=[
                "forsok",
                "senaste_forsok",
                "status",
                "skickad",
                "nasta_forsok",
                "senaste_fel",
            ]
        )


def skicka_igen(*, utskick: Utskick, user: Actor) -> Utskick:
    """Put a mail that could not be sent back on the queue, to the person's current
    address; the worker tries it on its next pass."""
    if not is_kansli(user):
        raise NotAllowed(_("Bara kansliet kan skicka e-post igen."))
    with transaction.atomic():
        u = (
            Utskick.objects.select_for_update(of=("self",))
            .select_related("person")
            .get(pk=utskick.pk)
        )
        if u.status == Utskick.Status.SKICKAD:
            raise StaleState(_("Meddelandet är redan levererat."))
        if u.status == Utskick.Status.KOAD:
            raise StaleState(_("Meddelandet ligger redan i kön."))
        message = Message.objects.select_for_update().filter(pk=u.meddelande_id).first()
        if message is None:
            raise Invalid(_("Meddelandet finns inte längre i kön och kan inte skickas igen."))
        email = message.email
        if email is None:
            raise Invalid(_("Meddelandet går inte att läsa och kan inte skickas igen."))
        if u.person is not None and u.person.epost and u.person.epost != u.adress:
            email.to = [u.person.epost]
            message.email = email
            u.adress = u.person.epost
        message.priority = PRIORITY_MEDIUM
        message.save()
        u.status = Utskick.Status.KOAD
        u.nasta_forsok = None
        u.save(update_fields=["status", "nasta_forsok", "adress"])
    logger.info("E-post till %s lades i kön igen av %s", u.adress, user)
    return u


@dataclass(frozen=True)
class Kallelsestatus:
    """How the last sending of a meeting's kallelse went, counted per recipient."""

    mottagare: int
    skickade: int
    koade: int
    misslyckade: int
    senast_levererad: datetime.datetime | None

    @property
    def alla_skickade(self) -> bool:
        return self.mottagare > 0 and self.skickade == self.mottagare


def kallelsestatus(sammantrade: Sammantrade) -> Kallelsestatus | None:
    """None before the kallelse was sent; otherwise its last sending's delivery."""
    if sammantrade.kallelse_skickad is None:
        return None
    counts = Utskick.objects.filter(
        sammantrade=sammantrade, koad__gte=sammantrade.kallelse_skickad
    ).aggregate(
        mottagare=Count("pk"),
        skickade=Count("pk", filter=Q(status=Utskick.Status.SKICKAD)),
        koade=Count("pk", filter=Q(status=Utskick.Status.KOAD)),
        misslyckade=Count("pk", filter=Q(status=Utskick.Status.MISSLYCKAD)),
        senast_levererad=Max("skickad"),
    )
    return Kallelsestatus(**counts)


def skicka_igen_alla(*, user: Actor) -> int:
    """Put every mail that could not be sent back on the queue. Returns how many."""
    if not is_kansli(user):
        raise NotAllowed(_("Bara kansliet kan skicka e-post igen."))
    count = 0
    for u in Utskick.objects.filter(
        status=Utskick.Status.MISSLYCKAD, meddelande__isnull=False
    ).order_by("pk"):
        try:
            skicka_igen(utskick=u, user=user)
        except (Invalid, StaleState):
            continue
        count += 1
    return count

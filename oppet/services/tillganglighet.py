"""A visitor's report of an accessibility problem, sent to the kansli through the outbox.

The report is queued as mail (``delprojekt.services.utkorg.koa``) to everyone in the
kansli with an e-mail address, or to ``DEFAULT_FROM_EMAIL`` when none has one, so it
is delivered, retried and visible under *E-post* like every other mail.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

from delprojekt.models import Organ, Organmedlemskap, Person
from delprojekt.services.utkorg import koa


def kansliets_mottagare() -> list[Person]:
    ids = (
        Organmedlemskap.objects.current()
        .filter(organ__typ=Organ.Typ.KANSLI, organ__aktiv=True)
        .values("person_id")
    )
    return list(Person.objects.filter(pk__in=ids).exclude(epost="").order_by("namn"))


def tillganglighetsrapport_send(*, beskrivning: str, sida: str = "", epost: str = "") -> int:
    """Queue the report to the kansli. Returns the number of messages queued."""
    context = {"beskrivning": beskrivning, "sida": sida, "epost": epost}
    subject = render_to_string("oppet/email/tillganglighet_subject.txt", context).strip()
    text = render_to_string("oppet/email/tillganglighet.txt", context)
    mottagare: list[tuple[Person | None, str]] = [(p, p.epost) for p in kansliets_mottagare()]
    if not mottagare:
        mottagare = [(None, settings.DEFAULT_FROM_EMAIL)]
    brev = [
        (person, EmailMessage(subject, text, to=[adress], reply_to=[epost] if epost else None))
        for person, adress in mottagare
    ]
    with transaction.atomic():
        return koa(brev)

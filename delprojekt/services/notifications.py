"""E-mail to the people of a project when its state changes, and the one way every
mail of the application is written: ``send_to`` renders the templates and queues one
message per person in the outbox (``utkorg``), in the transaction of the change, so no
one is told about a change that was rolled back and no mail is lost when the mail
server is down.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from delprojekt.models import (
    ArbetsgruppRoll,
    Arbetsgruppsmedlemskap,
    Handelse,
    Nomineringsstatus,
    Person,
    Sammantrade,
    Samverkan,
)
from delprojekt.services.utkorg import is_suppressed, koa, suppressed

__all__ = ["is_suppressed", "notify_transition", "send_to", "suppressed"]


def recipients_for(handelse: Handelse) -> list[Person]:
    """Contact person, chair and proposer who want mail, except the one who acted."""
    dp = handelse.delprojekt
    ids = {dp.kontaktperson_id, dp.forslagsstallare_id}
    ids |= set(
        Arbetsgruppsmedlemskap.objects.current()
        .filter(delprojekt=dp, roll=ArbetsgruppRoll.ORDFORANDE)
        .exclude(status=Nomineringsstatus.AVBOJD)
        .values_list("person_id", flat=True)
    )
    ids.discard(None)
    people = Person.objects.filter(pk__in=ids, epost_notiser=True).exclude(epost="")
    if handelse.anvandare_id:
        people = people.exclude(user_id=handelse.anvandare_id)
    return list(people.order_by("namn"))


def notify_transition(handelse_id: int) -> int:
    """Queue the mail for one transition event. Returns the number of messages queued."""
    if is_suppressed():
        return 0
    handelse = (
        Handelse.objects.select_related("delprojekt", "beslut", "beslut__organ")
        .filter(pk=handelse_id)
        .first()
    )
    if handelse is None:
        return 0
    people = recipients_for(handelse)
    if not people:
        return 0
    context = {"h": handelse, "dp": handelse.delprojekt, "base_url": settings.SFBV_BASE_URL}
    return send_to(people, "delprojekt/email/overgang", context)


def send_to(
    people: list[Person],
    template: str,
    context: dict,
    *,
    attachments: list[tuple[str, bytes, str]] | None = None,
    sammantrade: Sammantrade | None = None,
) -> int:
    """Queue the mail ``<template>_subject.txt`` / ``.txt`` / ``.html`` to each person.

    Runs in the transaction of the change that caused it: the mail is queued exactly
    when the change is committed. Returns the number of messages queued."""
    if is_suppressed() or not people:
        return 0
    context = {"base_url": settings.SFBV_BASE_URL, "samverkan": Samverkan.current(), **context}
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    brev = []
    for person in people:
        message = EmailMultiAlternatives(subject, text, to=[person.epost])
        message.attach_alternative(html, "text/html")
        for filename, content, mimetype in attachments or []:
            message.attach(filename, content, mimetype)
        brev.append((person, message))
    return koa(brev, sammantrade=sammantrade)

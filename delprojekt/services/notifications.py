"""Telling people about what happened, and the one way every mail of the application is
written.

``notify`` is how a person is told about an event: a ``Notis`` row for the list in the
application, and the mail at once only for those who want that kind at once (duty
reminders always); the others get it in the daily summary (``services.notiser``) or
not at all. ``send_to`` renders the templates and queues one message per person in the
outbox (``utkorg``), in the transaction of the change, so no one is told about a change
that was rolled back and no mail is lost when the mail server is down.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone

from delprojekt.models import (
    ArbetsgruppRoll,
    Arbetsgruppsmedlemskap,
    Handelse,
    Nomineringsstatus,
    Notis,
    Notisinstallning,
    Notistyp,
    Notisval,
    Person,
    Sammantrade,
    Samverkan,
)
from delprojekt.models.notiser import VALBARA_TYPER
from delprojekt.services.utkorg import is_suppressed, koa, suppressed

__all__ = ["is_suppressed", "notify", "notify_transition", "send_to", "suppressed"]


def recipients_for(handelse: Handelse) -> list[Person]:
    """Contact person, chair and proposer, except the one who acted."""
    dp = handelse.delprojekt
    ids = {dp.kontaktperson_id, dp.forslagsstallare_id}
    ids |= set(
        Arbetsgruppsmedlemskap.objects.current()
        .filter(delprojekt=dp, roll=ArbetsgruppRoll.ORDFORANDE)
        .exclude(status=Nomineringsstatus.AVBOJD)
        .values_list("person_id", flat=True)
    )
    ids.discard(None)
    people = Person.objects.filter(pk__in=ids)
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
    dp = handelse.delprojekt
    return notify(
        people,
        typ=Notistyp.BESLUT,
        template="delprojekt/email/overgang",
        context={"h": handelse, "dp": dp},
        lank=dp.get_absolute_url(),
    )


def notisval_for(people: list[Person], typ: str) -> dict[int, str]:
    """How each person wants ``typ`` mailed (``Notisval``); duty reminders always at once."""
    val = dict.fromkeys((p.pk for p in people), Notisval.DIREKT.value)
    if typ in VALBARA_TYPER:
        val.update(
            Notisinstallning.objects.filter(person__in=people, typ=typ).values_list(
                "person_id", "val"
            )
        )
    return val


def notify(
    people: Iterable[Person],
    *,
    typ: str,
    template: str,
    context: dict,
    lank: str = "",
    attachments: list[tuple[str, bytes, str]] | None = None,
    sammantrade: Sammantrade | None = None,
) -> int:
    """Tell each person about one event, in the transaction of the change.

    Every person gets a ``Notis`` (its text is the mail's subject, ``lank`` a path in
    the application); the mail is queued now only to those with an address who want
    ``typ`` at once. The daily summary mails those who chose it. Returns the number of
    messages queued now."""
    if is_suppressed():
        return 0
    unika = list({p.pk: p for p in people}.values())
    if not unika:
        return 0
    context = {"base_url": settings.SFBV_BASE_URL, **context}
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    val = notisval_for(unika, typ)
    now = timezone.now()
    direkt = [p for p in unika if val[p.pk] == Notisval.DIREKT and p.epost]
    mejlas = {p.pk for p in direkt}
    Notis.objects.bulk_create(
        Notis(
            person=p,
            typ=typ,
            text=subject[:300],
            lank=lank[:500],
            skapad=now,
            epost=val[p.pk],
            mejlad=now if p.pk in mejlas else None,
        )
        for p in unika
    )
    return send_to(direkt, template, context, attachments=attachments, sammantrade=sammantrade)


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

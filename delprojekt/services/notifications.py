"""E-mail to the people of a project when its state changes.

Called through ``transaction.on_commit`` only, so no one is told about a change
that was rolled back, and the mail shows the state as committed.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Iterator

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string

from delprojekt.models import (
    ArbetsgruppRoll,
    Arbetsgruppsmedlemskap,
    Handelse,
    Nomineringsstatus,
    Person,
)

logger = logging.getLogger(__name__)

_suppressed: contextvars.ContextVar[bool] = contextvars.ContextVar("suppressed", default=False)


@contextlib.contextmanager
def suppressed() -> Iterator[None]:
    """No mail for changes made inside this block (imports and demo data)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def notify_transition_on_commit(handelse_id: int) -> None:
    """Schedule the mail for after the commit, unless notifications are suppressed."""
    if _suppressed.get():
        return
    from django.db import transaction

    transaction.on_commit(lambda: notify_transition(handelse_id))


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
    """Send the mail for one transition event. Returns the number of messages sent."""
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
    return send_to(people, "delprojekt/email/overgang", context, about=handelse)


def is_suppressed() -> bool:
    return _suppressed.get()


def send_to(
    people: list[Person],
    template: str,
    context: dict,
    *,
    about: object,
    fail_silently: bool = True,
) -> int:
    """Send the mail ``<template>_subject.txt`` / ``.txt`` / ``.html`` to each person.

    Usually runs after commit: the change is already saved, so a mail server that is
    down is logged and must never turn it into an error. Returns the number of messages
    sent. With ``fail_silently=False`` the error is raised instead, for a caller that
    records the sending in the same transaction (the follow-up reminders).
    """
    context = {"base_url": settings.SFBV_BASE_URL, **context}
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    messages = []
    for person in people:
        message = EmailMultiAlternatives(subject, text, to=[person.epost])
        message.attach_alternative(html, "text/html")
        messages.append(message)
    try:
        return get_connection().send_messages(messages) or 0
    except OSError:
        if not fail_silently:
            raise
        logger.exception("Kunde inte skicka e-post om %s", about)
        return 0

"""The project's timeline: the one way an event (``Handelse``) is written.

Every service records what it did through ``record_event``; the log is append-only.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from delprojekt.models import Delprojekt, Handelse
from delprojekt.permissions import roller_for
from delprojekt.types import Actor


def actor_name(user: Actor) -> str:
    """The acting person's name as it stands in the log, kept even if the account goes."""
    roller = roller_for(user)
    if roller.person_id is not None:
        return roller.person_namn
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or getattr(user, "username", "") or _("System")


def record_event(
    *,
    delprojekt: Delprojekt,
    user: Actor,
    typ: str,
    text: str,
    kommentar: str = "",
    **extra: Any,
) -> Handelse:
    return Handelse.objects.create(
        delprojekt=delprojekt,
        typ=typ,
        anvandare=user if getattr(user, "pk", None) else None,
        aktor=actor_name(user),
        text=text[:300],
        kommentar=kommentar,
        **extra,
    )

"""Who authored a row's next history version (django-simple-history)."""

from __future__ import annotations

from django.db import models

from delprojekt.types import Actor


def set_history_user(obj: models.Model, user: Actor | None) -> None:
    """Record ``user`` as the author of the history version that ``obj``'s next save writes.

    simple-history takes the author from this attribute before it falls back to the
    request's user, which commands and work after a commit do not have.
    """
    # simple-history ships no types, and the models do not declare the attribute it reads.
    obj._history_user = user  # type: ignore[attr-defined]

"""The private token of a user's iCal feed: issued, replaced and looked up by its hash."""

from __future__ import annotations

from django.utils import timezone

from delprojekt.models.sammantrade import Kalendertoken, _new_token, kalendertoken_hash
from delprojekt.types import Actor


def kalendertoken_issue(*, user: Actor) -> str:
    """Give ``user`` a new feed token and return it; any earlier token stops working.

    Only the hash is stored, so the returned token is the one chance to show it.
    """
    token = _new_token()
    Kalendertoken.objects.update_or_create(
        user=user, defaults={"token_hash": kalendertoken_hash(token), "skapad": timezone.now()}
    )
    return token


def kalendertoken_find(token: str) -> Kalendertoken | None:
    """The token row that ``token`` belongs to, with its user, or None."""
    return (
        Kalendertoken.objects.select_related("user")
        .filter(token_hash=kalendertoken_hash(token))
        .first()
    )

"""Domain errors the services raise and the views turn into messages."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal the user can act on; ``messages`` are shown as they are (Swedish).

    Services raise one of the kinds below, never this base; views catch it.
    """

    def __init__(self, *messages: str, field_errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(" ".join(str(m) for m in messages))
        self.messages = [str(m) for m in messages]
        self.field_errors = field_errors or {}


class NotAllowed(DomainError):
    """The user may see the object but not do this (HTTP 403)."""


class Invalid(DomainError):
    """The input is not acceptable: a field is missing, malformed or out of range.

    Usually carries ``field_errors``, shown next to the fields.
    """


class GuardFailed(DomainError):
    """The transition's or action's conditions are not met (yet)."""


class StaleState(DomainError):
    """Someone else changed the object since the form was opened, or the same form was
    sent twice."""


class Locked(DomainError):
    """The record is signed or frozen and cannot change; only a recorded correction can."""

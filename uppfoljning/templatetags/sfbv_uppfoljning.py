"""Template helpers for the follow-up pages."""

from __future__ import annotations

from django import template

from uppfoljning.diagram import tal as _tal

register = template.Library()


@register.filter
def tal(value: object) -> str:
    """``{{ value|tal }}``: a number the Swedish way, without trailing zeros (62,5)."""
    return _tal(value)

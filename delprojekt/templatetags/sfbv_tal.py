"""``{{ value|tal }}``: a number the Swedish way (62,5; 1 250; −3); ``{{ value|tal:1 }}``
keeps exactly one decimal (59,0)."""

from __future__ import annotations

from django import template

from delprojekt.tal import tal as _tal

register = template.Library()


@register.filter
def tal(value: object, decimaler: int | None = None) -> str:
    return _tal(value, decimaler)  # type: ignore[arg-type]

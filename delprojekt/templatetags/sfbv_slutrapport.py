"""Template helpers for the slutrapport pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def hamta(mapping: dict | None, key: str) -> Any:
    """``{{ mapping|hamta:key }}``: a dictionary entry by a variable key."""
    if not mapping:
        return None
    return mapping.get(key)

"""``{% hjalp_lank %}``: the address of the guide's section for the page being shown."""

from __future__ import annotations

from django import template

from delprojekt.permissions import Roller
from hjalp.kapitel import hjalp_url

register = template.Library()


@register.simple_tag(takes_context=True)
def hjalp_lank(context: template.Context) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    inloggad = bool(user is not None and user.is_authenticated)
    # The roles the context processor computed for this request (no query of its own).
    roller = context.get("roller") or Roller()
    return hjalp_url(getattr(request, "resolver_match", None), roller, inloggad=inloggad)

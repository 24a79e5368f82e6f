"""``{% processtod_sektion dp %}``: the project page's small "Processtöd" section, shown
when a processtöd post supports the project. It marks the method's exception — a person
from the kansli or solidarity financing — with the recorded reason (one query)."""

from __future__ import annotations

from django import template

from processtod.selectors import processtod_for_delprojekt

register = template.Library()


@register.inclusion_tag("processtod/_sektion.html", takes_context=True)
def processtod_sektion(context: template.Context, dp) -> dict:
    user = context["request"].user
    tjanster = processtod_for_delprojekt(dp)
    return {
        "tjanster": [(t, user.has_perm("processtod.view_tjanst", t)) for t in tjanster],
    }

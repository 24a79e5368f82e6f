"""``{% publicering_sektion dp %}``: the project page's small "Publicering" section,
shown to the kansli only."""

from __future__ import annotations

from django import template
from django.conf import settings

from oppet.forms import PubliceringForm
from oppet.services.publicering import publicering_for

register = template.Library()


@register.inclusion_tag("oppet/_publicering_sektion.html", takes_context=True)
def publicering_sektion(context: template.Context, dp) -> dict:
    user = context["request"].user
    if not user.has_perm("oppet.view_publicering", dp):
        return {"visa": False}
    nu = publicering_for(dp)
    ar_publicerad = bool(nu and nu.publicerad)
    form = PubliceringForm(
        initial={"publicerad_nu": ar_publicerad, "roller": nu.roller if nu else []},
        auto_id="pub_%s",
    )
    return {
        "visa": True,
        "dp": dp,
        "nu": nu,
        "ar_publicerad": ar_publicerad,
        "form": form,
        "oppet_pa": settings.SFBV_OPPET,
        "csrf_token": context.get("csrf_token"),
    }

"""The start page's section of regions without an implementation plan (registered in
``delprojekt.start``): a region counts as without a plan until a version is frozen,
``SFBV_GENOMFORANDEPLAN_DAGAR`` days after its project entered införande."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.start import MAX_POSTER, Post, Sektion, Underlag, begransa, dagar_text, sektion
from inforande.services.plan import regioner_utan_plan


@sektion
def genomforandeplaner(u: Underlag) -> Sektion | None:
    """The kansli: every such region; a coordinator: their own region's projects. One query."""
    region_id = u.roller.samordnare_region_id
    if not (u.roller.kansli or u.roller.admin) and region_id is None:
        return None
    qs = regioner_utan_plan(
        today=u.today, region_id=None if (u.roller.kansli or u.roller.admin) else region_id
    ).order_by("delprojekt__status_andrad", "delprojekt__referens", "region__ordning")
    poster = []
    for r in qs[: MAX_POSTER + 1]:
        dp = r.delprojekt
        dagar = (u.today - timezone.localdate(dp.status_andrad)).days
        poster.append(
            Post(
                text=_("%(ref)s %(titel)s: %(region)s")
                % {"ref": dp.referens, "titel": dp.titel, "region": r.region.namn},
                url=reverse("inforande:plan", args=[dp.referens, r.region_id]),
                detalj=(
                    _("Utkast finns, ingen version fastställd") if r.utkast else _("Plan saknas")
                )
                + " · "
                + _("i införande sedan %(n)s") % {"n": dagar_text(dagar)},
                varning=True,
            )
        )
    return begransa(
        "genomforandeplaner",
        _("Genomförandeplaner som saknas efter %(n)d dagar i införande")
        % {"n": settings.SFBV_GENOMFORANDEPLAN_DAGAR},
        poster,
    )

"""The start page's processtöd section (registered in ``delprojekt.start``): invoices of
half-years that have ended and are not yet paid, for the kansli (all regions) and a
regional coordinator (their region). One query."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from delprojekt.start import Post, Sektion, Underlag, begransa, sektion
from delprojekt.tal import tal
from processtod.models import Fakturastatus, Processtodsfaktura
from processtod.permissions import synliga_regioner

_GRANS = 200


@sektion
def processtod_fakturor(u: Underlag) -> Sektion | None:
    if not (u.roller.kansli or u.roller.admin or u.roller.samordnare_region_id is not None):
        return None
    regioner = synliga_regioner(u.user)
    # Half-years that have ended: every earlier year, and this year's first after June.
    klara = [(u.today.year, 1)] if u.today >= datetime.date(u.today.year, 7, 1) else []
    qs = (
        Processtodsfaktura.objects.exclude(status=Fakturastatus.BETALD)
        .filter(ar__lte=u.today.year)
        .select_related("tjanst__region")
        .order_by("ar", "halvar", "tjanst__region__ordning", "tjanst__benamning")
    )
    if regioner is not None:
        qs = qs.filter(tjanst__region_id__in=regioner)
    poster = []
    for f in qs[:_GRANS]:
        if f.ar == u.today.year and (f.ar, f.halvar) not in klara:
            continue
        poster.append(
            Post(
                text=_("%(tjanst)s, %(region)s: %(period)s")
                % {
                    "tjanst": f.tjanst.benamning,
                    "region": f.tjanst.region.namn,
                    "period": f.period,
                },
                url=reverse("processtod:tjanst", args=[f.tjanst_id]),
                detalj=_("%(status)s, %(belopp)s kr")
                % {"status": f.get_status_display(), "belopp": tal(f.belopp)},
                varning=f.status == Fakturastatus.FORVANTAD,
            )
        )
    return begransa(
        "processtod",
        _("Fakturor för processtöd som inte är betalda"),
        poster,
        alla_url=reverse("processtod:lista"),
    )

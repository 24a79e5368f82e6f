"""The demo's notifications: the recent decisions on each person's projects, as the
notification service would have recorded them had the demo's history happened live (the
loader runs with notifications suppressed, so nothing is mailed)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.template.loader import render_to_string

from delprojekt.models import Handelse, Notis, Notistyp, Notisval, Samverkan
from delprojekt.services.notifications import recipients_for

#: How many of the latest transitions become notifications, and how old a notification
#: may be and still be unread.
SENASTE = 40
OLAST_DAGAR = 21


def fill_notiser(nu: datetime.datetime) -> int:
    samverkan = Samverkan.current()
    handelser = (
        Handelse.objects.filter(typ=Handelse.Typ.OVERGANG)
        .select_related("delprojekt", "beslut", "beslut__organ")
        .order_by("-tidpunkt", "-pk")[:SENASTE]
    )
    notiser = []
    for h in handelser:
        dp = h.delprojekt
        text = render_to_string(
            "delprojekt/email/overgang_subject.txt",
            {"h": h, "dp": dp, "samverkan": samverkan, "base_url": settings.SFBV_BASE_URL},
        ).strip()
        last = None if nu - h.tidpunkt < datetime.timedelta(days=OLAST_DAGAR) else h.tidpunkt
        notiser.extend(
            Notis(
                person=p,
                typ=Notistyp.BESLUT,
                text=text[:300],
                lank=dp.get_absolute_url(),
                skapad=h.tidpunkt,
                last=last,
                epost=Notisval.DIREKT,
                mejlad=h.tidpunkt if p.epost else None,
            )
            for p in recipients_for(h)
        )
    Notis.objects.bulk_create(notiser)
    return len(notiser)

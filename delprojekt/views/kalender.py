"""The personal iCal feed of the meetings of one's bodies, at a private, revocable URL."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from icalendar import Calendar, Event

from delprojekt.models import Organ, Organmedlemskap, Samverkan
from delprojekt.models.sammantrade import Kalendertoken, Sammantrade
from delprojekt.permissions import roller_for
from delprojekt.services.kalender import kalendertoken_find, kalendertoken_issue

BAKAT = datetime.timedelta(days=60)
STANDARDLANGD = datetime.timedelta(hours=2)


def _feed_url(token: str) -> str:
    path = reverse("sammantrade:kalender_feed", kwargs={"token": token})
    return f"{settings.SFBV_BASE_URL}{path}"


def _meeting_url(sammantrade: Sammantrade) -> str:
    try:
        path = reverse("sammantrade:detalj", kwargs={"pk": sammantrade.pk})
    except NoReverseMatch:
        path = f"/sammantraden/{sammantrade.pk}/"
    return f"{settings.SFBV_BASE_URL}{path}"


@login_required
@require_GET
def kalender(request: HttpRequest) -> HttpResponse:
    """The page about the feed; the address itself is shown only when it is made."""
    token = Kalendertoken.objects.filter(user=request.user).first()
    return render(request, "delprojekt/sammantrade/kalender.html", {"token": token})


@login_required
@require_POST
@never_cache
def kalender_ny(request: HttpRequest) -> HttpResponse:
    """Make the address, or replace it: the old one stops working at once.

    The answer shows the new address instead of redirecting, since only its hash is
    kept and nothing else could show it again.
    """
    ersatter = Kalendertoken.objects.filter(user=request.user).exists()
    token = kalendertoken_issue(user=request.user)
    return render(
        request,
        "delprojekt/sammantrade/kalender.html",
        {
            "token": Kalendertoken.objects.get(user=request.user),
            "feed_url": _feed_url(token),
            "ersatter": ersatter,
        },
    )


def _organ_for(user) -> list[int]:
    roller = roller_for(user)
    if roller.kansli or roller.admin:
        return list(Organ.objects.filter(aktiv=True).values_list("pk", flat=True))
    return list(
        Organmedlemskap.objects.current()
        .filter(person__user=user, organ__aktiv=True)
        .values_list("organ_id", flat=True)
    )


@require_GET
def kalender_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCal feed; the token is the only key, so an unknown or revoked one is a 404."""
    kt = kalendertoken_find(token)
    if kt is None or not kt.user.is_active:
        raise Http404
    host = urlsplit(settings.SFBV_BASE_URL).hostname or "sfbv"
    motena = (
        Sammantrade.objects.filter(
            organ_id__in=_organ_for(kt.user), start__gte=timezone.now() - BAKAT
        )
        .select_related("organ")
        .prefetch_related("punkter")
        .order_by("start", "pk")
    )
    cal = Calendar()
    cal.add("prodid", f"-//{Samverkan.current().kortnamn}//Sammanträden//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("Sammanträden"))
    nu = timezone.now()
    for sm in motena:
        event = Event()
        event.add("uid", f"sammantrade-{sm.pk}@{host}")
        event.add("dtstamp", nu)
        event.add("dtstart", sm.start)
        event.add("dtend", sm.slut or sm.start + STANDARDLANGD)
        event.add("summary", f"{sm.organ.namn}: {_('sammanträde')}")
        plats = sm.plats or sm.lank
        if plats:
            event.add("location", plats)
        url = _meeting_url(sm)
        event.add("url", url)
        rader = [f"{i}. {p.rubrik}" for i, p in enumerate(sm.punkter.all(), start=1)]
        beskrivning = _("Dagordning") + ":\n" + "\n".join(rader) if rader else ""
        if sm.lank and sm.plats:
            beskrivning = f"{beskrivning}\n\n{_('Digitalt möte')}: {sm.lank}".strip()
        beskrivning = f"{beskrivning}\n\n{url}".strip()
        event.add("description", beskrivning)
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sammantraden.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Content-Type-Options"] = "nosniff"
    return response

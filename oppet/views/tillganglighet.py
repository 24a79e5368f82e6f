"""The accessibility report form: validated, throttled per address, CSRF-protected.

The statement itself (``/oppet/tillganglighet/``) is a cacheable public page; the form
is a page of its own because it carries a CSRF token, which a shared cache must never
hand to another visitor (``Cache-Control: private, no-store``).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from oppet.forms import TillganglighetForm
from oppet.services.tillganglighet import tillganglighetsrapport_send
from oppet.views.offentlig import offentlig, oppet_pa
from sfbv.throttling import rate_limited

SCOPE = "oppet-tillganglighet"


def _privat(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


@oppet_pa
@require_http_methods(["GET", "POST"])
def rapportera(request: HttpRequest) -> HttpResponse:
    form = TillganglighetForm(
        request.POST if request.method == "POST" else None,
        initial={"sida": request.GET.get("sida", "")[:500]},
    )
    status = 200
    if request.method == "POST":
        if rate_limited(
            request, scope=SCOPE, limit=settings.SFBV_OPPET_RAPPORTER_PER_TIMME, seconds=3600
        ):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Du har skickat många rapporter på kort tid. Vänta en timme och försök "
                    "igen, eller kontakta kansliet på annat sätt."
                ),
            )
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            # A filled hidden field is a robot: thank it and send nothing.
            if not data["webbplats"]:
                tillganglighetsrapport_send(
                    beskrivning=data["beskrivning"], sida=data["sida"], epost=data["epost"]
                )
            return _privat(redirect("oppet:tack"))
        else:
            status = 400
    return _privat(render(request, "oppet/rapportera.html", {"form": form}, status=status))


@offentlig
def tack(request: HttpRequest) -> HttpResponse:
    return render(request, "oppet/tack.html")

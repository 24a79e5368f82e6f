"""The start page: what awaits the person who is logged in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from delprojekt.start import ANTAL_SESSION_KEY, antal_att_gora, start_for


@login_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    sektioner = start_for(request.user)
    antal = antal_att_gora(sektioner)
    # The menu shows this count on every page without computing it again: it is the
    # count of the start page's last visit (written only when it changed).
    if request.session.get(ANTAL_SESSION_KEY) != antal:
        request.session[ANTAL_SESSION_KEY] = antal
    return render(request, "delprojekt/start.html", {"sektioner": sektioner, "antal": antal})

"""The search page: everything the user may open that matches the query, grouped by kind."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from delprojekt.sok import SLAG, SLAG_NYCKLAR, sok


@login_required
@require_GET
def sok_sida(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    slag = request.GET.get("typ") or None
    if slag not in SLAG_NYCKLAR:
        slag = None
    resultat = sok(request.user, q, slag=slag)
    return render(
        request,
        "delprojekt/sok.html",
        {
            "resultat": resultat,
            "slag": slag,
            "slag_rubrik": next((s.rubrik for s in SLAG if s.nyckel == slag), ""),
        },
    )

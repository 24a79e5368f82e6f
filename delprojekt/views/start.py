"""The start page: what awaits the person who is logged in."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from delprojekt.start import ANTAL_COOKIE, ANTAL_COOKIE_SALT, antal_att_gora, start_for


@login_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    sektioner = start_for(request.user)
    antal = antal_att_gora(sektioner)
    response = render(
        request,
        "delprojekt/start.html",
        # ``att_gora`` overrides the context processor's count of the last visit.
        {"sektioner": sektioner, "antal": antal, "att_gora": antal},
    )
    # The menu shows this count on every page without computing it again: it is the count
    # of the start page's last visit, kept with the user's id in a signed cookie.
    response.set_signed_cookie(
        ANTAL_COOKIE,
        f"{request.user.pk}:{antal}",
        salt=ANTAL_COOKIE_SALT,
        max_age=settings.SESSION_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response

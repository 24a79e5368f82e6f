"""The page where a user makes and revokes their personal API tokens."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from api.forms import NyNyckelForm
from api.models import ApiToken
from api.services import api_token_create, api_token_revoke
from delprojekt.services.errors import DomainError

_NY_NYCKEL = "api_ny_nyckel"


def _sida(request: HttpRequest, form: NyNyckelForm, ny_nyckel: str = "", status: int = 200):
    nycklar = ApiToken.objects.filter(user=request.user).order_by("revoked_at", "-created", "-pk")
    response = render(
        request,
        "api/nycklar.html",
        {"form": form, "nycklar": nycklar, "ny_nyckel": ny_nyckel},
        status=status,
    )
    # The new key is in this response only: no cache may keep it.
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def nycklar(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        # Shown once: taken out of the session by the first page after the creation.
        return _sida(request, NyNyckelForm(), ny_nyckel=request.session.pop(_NY_NYCKEL, ""))
    form = NyNyckelForm(request.POST)
    if not form.is_valid():
        return _sida(request, form, status=400)
    try:
        ny = api_token_create(user=request.user, name=form.cleaned_data["name"])
    except DomainError as e:
        for message in e.messages:
            form.add_error("name", message)
        return _sida(request, form, status=400)
    # Post/redirect/get, so that reloading the page makes no second key. The key waits in
    # the user's own session only until that next page takes it out.
    request.session[_NY_NYCKEL] = ny.key
    return redirect("api_nycklar:lista")


@login_required
@require_POST
def aterkalla(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        token = api_token_revoke(user=request.user, token_id=pk)
    except DomainError as e:
        for message in e.messages:
            flash.error(request, message)
    else:
        flash.success(
            request,
            _("Nyckeln ”%(namn)s” är återkallad och fungerar inte längre.") % {"namn": token.name},
        )
    return redirect("api_nycklar:lista")

"""The account pages: the overview, password reset and change (Django's own views with
Swedish templates), the authenticator app, and the code step after the password."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from delprojekt.services.errors import DomainError
from delprojekt.views.helpers import form_errors_from, local_next
from konton.forms import BytLosenordForm, KodForm, LosenordAterstallningForm, NyttLosenordForm
from konton.services import (
    reservkoder_kvar,
    reservkoder_skapa,
    tvasteg_enhet,
    tvasteg_har_app,
    tvasteg_lagg_till,
    tvasteg_ny_nyckel,
    tvasteg_ta_bort,
    tvasteg_verifiera,
)
from konton.sessions import (
    NY_NYCKEL,
    NYA_RESERVKODER,
    andra_sessioner_avsluta,
    har_app,
    satt_har_app,
)
from sfbv.throttling import rate_limited


@login_required
def oversikt(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "konton/oversikt.html",
        {
            "har_app": har_app(request),
            "har_losenord": request.user.has_usable_password(),
            "kravs": _kravs(request),
        },
    )


def _kravs(request: HttpRequest) -> bool:
    user = request.user
    return settings.SFBV_2FA_KRAVS and (user.is_staff or user.is_superuser)


# --- Password reset -------------------------------------------------------------------


class LosenordAterstallning(auth_views.PasswordResetView):
    """Asks for an address and always answers the same, whether an account has it or not."""

    form_class = LosenordAterstallningForm
    template_name = "konton/losenord_aterstall.html"
    success_url = reverse_lazy("konton:losenord_skickat")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Counted per address of the asker, never per account, so the refusal says
        # nothing about which addresses have one.
        if rate_limited(
            request, scope="losenord", limit=settings.SFBV_LOSENORD_PER_TIMME, seconds=3600
        ):
            form = self.get_form()
            form.is_valid()
            form.add_error(
                None, _("För många förfrågningar från din adress. Försök igen om en timme.")
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


class LosenordSkickat(auth_views.PasswordResetDoneView):
    template_name = "konton/losenord_skickat.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        timmar = max(settings.PASSWORD_RESET_TIMEOUT // 3600, 1)
        return {**super().get_context_data(**kwargs), "timmar": timmar}


class LosenordNytt(auth_views.PasswordResetConfirmView):
    form_class = NyttLosenordForm
    template_name = "konton/losenord_nytt.html"
    success_url = reverse_lazy("konton:losenord_klart")


class LosenordKlart(auth_views.PasswordResetCompleteView):
    template_name = "konton/losenord_klart.html"


class BytLosenord(auth_views.PasswordChangeView):
    form_class = BytLosenordForm
    template_name = "konton/byt_losenord.html"
    success_url = reverse_lazy("konton:oversikt")

    def form_valid(self, form: BytLosenordForm) -> HttpResponse:
        response = super().form_valid(form)
        flash.success(self.request, _("Ditt lösenord är bytt."))
        return response


# --- The authenticator app ------------------------------------------------------------


def _qr_svg(data: str) -> str:
    """The QR code as inline SVG: drawn in the page, nothing fetched, nothing the
    Content-Security-Policy has to allow."""
    qr = segno.make(data, error="m")
    svg = qr.svg_inline(
        scale=4,
        border=4,
        svgclass="qr",
        lineclass=None,
        omitsize=True,
        title=_("QR-kod för autentiseringsappen"),
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" aria-labelledby="qr-rubrik" ', 1))  # noqa: S308


def _hemlighet(nyckel: str) -> str:
    text = b32encode(bytes.fromhex(nyckel)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _app_sida(request: HttpRequest, form: KodForm, status: int = 200) -> HttpResponse:
    context: dict[str, Any] = {"form": form, "kravs": _kravs(request)}
    if har_app(request):
        context["har_app"] = True
        # New backup codes are shown once, on the page right after they were made.
        context["nya_reservkoder"] = request.session.pop(NYA_RESERVKODER, None)
        context["reservkoder_kvar"] = reservkoder_kvar(request.user)
    else:
        nyckel = request.session.get(NY_NYCKEL)
        if not nyckel:
            nyckel = request.session[NY_NYCKEL] = tvasteg_ny_nyckel()
        enhet = tvasteg_enhet(user=request.user, nyckel=nyckel)
        context["qr"] = _qr_svg(enhet.config_url)
        context["hemlighet"] = _hemlighet(nyckel)
    response = render(request, "konton/tvasteg.html", context, status=status)
    # The secret is in this page: no cache may keep it.
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def tvasteg(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app (GET shows its QR code, POST confirms it with a code)."""
    if request.method != "POST":
        return _app_sida(request, KodForm())
    form = KodForm(request.POST)
    nyckel = request.session.get(NY_NYCKEL)
    if har_app(request) or not nyckel:
        # Sent twice, or from a page whose secret this session no longer holds.
        flash.error(request, _("Sidan var inaktuell. Försök igen med koden som visas nu."))
        return redirect("konton:tvasteg")
    if not form.is_valid():
        return _app_sida(request, form, status=400)
    try:
        enhet = tvasteg_lagg_till(user=request.user, nyckel=nyckel, kod=form.cleaned_data["kod"])
    except DomainError as e:
        form_errors_from(e, form)
        return _app_sida(request, form, status=400)
    del request.session[NY_NYCKEL]
    satt_har_app(request, True)
    # This session has shown the code: it counts as verified.
    otp_login(request, enhet)
    request.session.cycle_key()
    request.session[NYA_RESERVKODER] = reservkoder_skapa(user=request.user)
    # A browser logged in elsewhere without the code must log in again, with it.
    andra = andra_sessioner_avsluta(request)
    flash.success(
        request,
        _("Tvåstegsverifiering är påslagen. Nästa gång du loggar in frågar vi efter en kod."),
    )
    if andra:
        flash.info(
            request,
            ngettext(
                "Du loggades ut i %(n)s annan webbläsare.",
                "Du loggades ut i %(n)s andra webbläsare.",
                andra,
            )
            % {"n": andra},
        )
    return redirect("konton:tvasteg")


@login_required
@require_POST
def reservkoder(request: HttpRequest) -> HttpResponse:
    """New backup codes (the earlier ones stop working), shown once on the app page.
    The session is verified: the two-step middleware lets no other session here."""
    if not har_app(request):
        return redirect("konton:tvasteg")
    try:
        request.session[NYA_RESERVKODER] = reservkoder_skapa(user=request.user)
    except DomainError as e:
        flash.error(request, str(e))
    return redirect("konton:tvasteg")


@login_required
@require_POST
def tvasteg_ta_bort_vy(request: HttpRequest) -> HttpResponse:
    form = KodForm(request.POST)
    if not har_app(request):
        return redirect("konton:tvasteg")
    if not form.is_valid():
        return _app_sida(request, form, status=400)
    try:
        tvasteg_ta_bort(user=request.user, kod=form.cleaned_data["kod"])
    except DomainError as e:
        form_errors_from(e, form)
        return _app_sida(request, form, status=400)
    satt_har_app(request, False)
    flash.success(request, _("Tvåstegsverifiering är avstängd för ditt konto."))
    return redirect("konton:tvasteg")


# --- The code step after the password -------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def verifiera(request: HttpRequest) -> HttpResponse:
    """The second step: the password was right, now the code from the app."""
    if not request.user.is_authenticated:
        return redirect("login")
    nasta = local_next(request, reverse(settings.LOGIN_REDIRECT_URL))
    if request.user.is_verified():  # type: ignore[union-attr]
        return HttpResponseRedirect(nasta)
    if not tvasteg_har_app(request.user):
        # The app was removed in another session since this one began.
        satt_har_app(request, False)
        return HttpResponseRedirect(nasta)
    form = KodForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                enhet = tvasteg_verifiera(user=request.user, kod=form.cleaned_data["kod"])
            except DomainError as e:
                form_errors_from(e, form)
            else:
                otp_login(request, enhet)
                request.session.cycle_key()
                return HttpResponseRedirect(nasta)
    return render(request, "konton/verifiera.html", {"form": form, "next": nasta}, status=status)

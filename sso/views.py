"""The addresses of logging in and out with the region's account.

Off (404) unless the provider is configured (settings.SFBV_OIDC). The login and its
callback are mozilla-django-oidc's views; this module adds the Swedish message on
failure, the browser-session cookie and logging out at the provider too.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc import views as oidc_views


def _pa() -> None:
    if not settings.SFBV_OIDC:
        raise Http404(_("Inloggning med regionens konto är inte påslagen."))


class _Inloggning(oidc_views.OIDCAuthenticationRequestView):
    pass


class _Callback(oidc_views.OIDCAuthenticationCallbackView):
    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            return super().get(request)
        except SuspiciousOperation:
            # A state that this browser never started (an old tab, a replay).
            return self.login_failure()

    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request,
            _(
                "Inloggningen med regionens konto gick inte igenom. Försök igen, eller "
                "logga in med användarnamn och lösenord. Kontakta kansliet om det inte går."
            ),
        )
        return redirect("login")

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        # As a login without "Kom ihåg mig": the cookie goes when the browser closes.
        self.request.session.set_expiry(0)
        return response


def inloggning(request: HttpRequest) -> HttpResponse:
    _pa()
    return _Inloggning.as_view()(request)


def callback(request: HttpRequest) -> HttpResponse:
    _pa()
    return _Callback.as_view()(request)


class Utloggning(auth_views.LogoutView):
    """Django's logout; after a login with the region's account, and when the provider's
    logout address is given (OIDC_OP_LOGOUT_URL), also the provider's session."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        if not (settings.SFBV_OIDC and settings.OIDC_OP_LOGOUT_URL and id_token):
            return response
        query = urlencode(
            {
                "id_token_hint": id_token,
                "client_id": settings.OIDC_RP_CLIENT_ID,
                "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
            }
        )
        separator = "&" if "?" in settings.OIDC_OP_LOGOUT_URL else "?"
        return HttpResponseRedirect(f"{settings.OIDC_OP_LOGOUT_URL}{separator}{query}")

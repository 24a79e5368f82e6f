"""The second step of logging in, whichever way the user logged in.

A user with a confirmed authenticator app is logged in by the password but reaches no
page except the code page (and logging out) until the code is given in this session.
With ``SFBV_2FA_KRAVS`` staff and superusers without an app reach only the page where
they add one. The public part (``/oppet/``) is left alone: it shows nothing a visitor
without an account cannot see, and reading the session there would mark its cached
pages as varying by cookie.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from konton.sessions import har_app


class TvastegsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def _kodsida(self) -> str:
        return reverse("konton:verifiera")

    @cached_property
    def _appsida(self) -> str:
        return reverse("konton:tvasteg")

    @cached_property
    def _alltid_oppna(self) -> frozenset[str]:
        return frozenset(
            {self._kodsida, reverse("logout"), reverse("admin:logout"), reverse("login")}
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self._hinder(request) or self.get_response(request)

    def _hinder(self, request: HttpRequest) -> HttpResponse | None:
        path = request.path_info
        if path.startswith("/oppet/") or path in self._alltid_oppna:
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():  # type: ignore[attr-defined]
            return None
        if har_app(request):
            return self._till(self._kodsida, request)
        if settings.SFBV_2FA_KRAVS and (user.is_staff or user.is_superuser):
            if path == self._appsida:
                return None
            return self._till(self._appsida, request)
        return None

    @staticmethod
    def _till(sida: str, request: HttpRequest) -> HttpResponse:
        nasta = request.get_full_path() if request.method == "GET" else ""
        if not nasta or nasta == "/":
            return HttpResponseRedirect(sida)
        return HttpResponseRedirect(f"{sida}?{urlencode({'next': nasta})}")

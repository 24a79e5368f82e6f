"""What the session remembers about the user's second step.

Whether the user has a confirmed authenticator app is read once, when they log in, and
kept in the session; the middleware then knows on every request without a query.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.sessions.models import Session
from django.http import HttpRequest
from django.utils import timezone

from konton.services import tvasteg_har_app

HAR_APP = "konton_har_app"
NY_NYCKEL = "konton_ny_nyckel"
#: Backup codes just made, shown once on the next page and then forgotten.
NYA_RESERVKODER = "konton_nya_reservkoder"


def minns_tvasteg(
    sender: Any, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any
) -> None:
    """On login: remember whether this user must give a code before going on."""
    if request is not None and hasattr(request, "session"):
        request.session[HAR_APP] = tvasteg_har_app(user)
        request.session.pop(NY_NYCKEL, None)
        request.session.pop(NYA_RESERVKODER, None)


def har_app(request: HttpRequest) -> bool:
    """Whether the signed-in user has a confirmed app; read once for sessions that began
    before this was remembered at login."""
    value = request.session.get(HAR_APP)
    if value is None:
        user: AbstractBaseUser | AnonymousUser = request.user
        value = tvasteg_har_app(user) if user.is_authenticated else False
        request.session[HAR_APP] = value
    return bool(value)


def satt_har_app(request: HttpRequest, value: bool) -> None:
    request.session[HAR_APP] = value


def andra_sessioner_avsluta(request: HttpRequest) -> int:
    """Log the user out everywhere but here (e.g. when the second step is switched on, a
    browser logged in without it must log in again). Returns how many sessions ended.

    Sessions stored in the database (the default ``db`` and ``cached_db`` engines) are
    read and ended through the engine, so a cached copy goes too; with an engine that
    keeps sessions elsewhere (signed cookies) nothing can be reached and nothing is done.
    """
    if settings.SESSION_ENGINE not in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        return 0
    anvandare = str(request.user.pk)
    denna = request.session.session_key
    store = import_module(settings.SESSION_ENGINE).SessionStore
    nycklar = [
        s.session_key
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if s.session_key != denna and str(s.get_decoded().get(SESSION_KEY)) == anvandare
    ]
    for nyckel in nycklar:
        store(session_key=nyckel).delete()
    return len(nycklar)

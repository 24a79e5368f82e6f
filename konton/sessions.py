"""What the session remembers about the user's second step.

Whether the user has a confirmed authenticator app is read once, when they log in, and
kept in the session; the middleware then knows on every request without a query.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest

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

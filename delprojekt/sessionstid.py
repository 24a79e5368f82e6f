"""The idle timeout: a session ends after ``SFBV_SESSION_IDLE_HOURS`` without a request.

Instead of writing the session on every request (``SESSION_SAVE_EVERY_REQUEST``), the
middleware renews its expiry at most every ``FORNYA_SEKUNDER``: an active user keeps
the session, a page view costs no write, and the timeout is exact to within that
interval. A login counts as activity, so the first page after it writes nothing either.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

NYCKEL = "_sfbv_senast_aktiv"
FORNYA_SEKUNDER = 5 * 60


def mark_active(request: HttpRequest) -> None:
    request.session[NYCKEL] = int(time.time())


def on_login(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """``user_logged_in`` receiver: the login itself is the latest activity."""
    if request is not None and hasattr(request, "session"):
        mark_active(request)


class IdleTimeoutMiddleware:
    """Renews a session's expiry when it was last renewed ``FORNYA_SEKUNDER`` ago."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session the request has already read is renewed: no session cookie, or a
        # request that never looked at the session, loads nothing here; nor does a failed
        # response (the database may be the reason it failed).
        if (
            session is not None
            and session.accessed
            and session.session_key is not None
            and response.status_code < 500
            and int(time.time()) - int(session.get(NYCKEL, 0)) >= FORNYA_SEKUNDER
        ):
            mark_active(request)
        return response

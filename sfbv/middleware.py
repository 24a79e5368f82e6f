"""A database outage answers 503 with a Swedish page, not 500.

Django turns an exception raised inside any middleware or view into a response at that
layer (``convert_exception_to_response``), so an outer middleware never sees the
exception itself. Two routes therefore lead here:

- ``process_exception`` for the view, its decorators and template rendering (that is
  where the lazy session and ``request.user`` are usually loaded);
- a ``got_request_exception`` receiver that marks the request when an inner middleware
  (say the session saved in ``SessionMiddleware.process_response``) fails on the
  database; ``__call__`` then replaces the 500 built for it.

The page is a standalone template rendered without the request, so no context
processor runs and nothing touches the database while it is down.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
_MARK = "_sfbv_database_outage"


def _unavailable(request: HttpRequest, exc: BaseException) -> HttpResponse:
    logger.error(
        "Databasen svarar inte: %s %s gav 503 (%s: %s)",
        request.method,
        request.path,
        type(exc).__name__,
        exc,
        exc_info=exc,
    )
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _mark_database_outage(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    # Sent from inside Django's ``except`` block, so the exception is the current one.
    exc = sys.exc_info()[1]
    if request is not None and isinstance(exc, DATABASE_ERRORS):
        setattr(request, _MARK, exc)


got_request_exception.connect(_mark_database_outage, dispatch_uid="sfbv-database-outage")


class DatabaseOutageMiddleware:
    """Outermost middleware: every database error of a request becomes a 503."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        except DATABASE_ERRORS as exc:
            return _unavailable(request, exc)
        exc = getattr(request, _MARK, None)
        if exc is not None:
            return _unavailable(request, exc)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            return _unavailable(request, exception)
        return None

"""What the HTTP benchmark (``bench/http.py``) needs from the application, only with
``SFBV_BENCH=1``: the floor page and the number of SQL queries of each request.

The floor is the cheapest page a logged-in user can get through the same settings,
middleware, session and login as every other page; the benchmark states each page's
time as a multiple of it. The count comes from a wrapper around the database
connection (``connection.execute_wrapper``), so it works with ``DEBUG`` off as deployed.
Neither is installed in a normal run (``sfbv/settings.py`` and ``sfbv/urls.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

#: The response header with the request's number of SQL queries.
HEADER = "X-SQL-Antal"


@login_required
def golv(request: HttpRequest) -> HttpResponse:
    return HttpResponse("golv", content_type="text/plain; charset=utf-8")


@login_required
def tom_sida(request: HttpRequest) -> HttpResponse:
    """The layout every page shares (header, menu, the user's roles, footer) around an
    empty content: what a page costs before it shows anything of its own."""
    return render(request, "bench/tom_sida.html")


class SqlAntalMiddleware:
    """Count the SQL queries of the request on every database and send the sum in
    ``X-SQL-Antal``. Outermost, so that the session, login and history middleware's
    queries count too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        antal = 0

        def rakna(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any):
            nonlocal antal
            antal += 1
            return execute(sql, params, many, context)

        with ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(rakna))
            response = self.get_response(request)
        response[HEADER] = str(antal)
        return response

"""The HTTP benchmark's floor page and query-count header exist only with SFBV_BENCH."""

from __future__ import annotations

import importlib

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches

import sfbv.urls
from sfbv.bench import HEADER
from tests.conftest import register

pytestmark = pytest.mark.django_db

MIDDLEWARE = "sfbv.bench.SqlAntalMiddleware"


@pytest.fixture
def bench_on(settings):
    """The settings and URLs as ``SFBV_BENCH=1`` makes them (settings are read at import)."""
    settings.SFBV_BENCH = True
    settings.MIDDLEWARE = [MIDDLEWARE, *settings.MIDDLEWARE]
    importlib.reload(sfbv.urls)
    clear_url_caches()
    yield
    settings.SFBV_BENCH = False
    importlib.reload(sfbv.urls)
    clear_url_caches()


def test_a_normal_run_has_neither_the_floor_nor_the_header(client, kansli):
    assert MIDDLEWARE not in settings.MIDDLEWARE
    client.force_login(kansli)
    response = client.get("/bench/golv/")
    assert response.status_code == 404
    assert HEADER not in response
    assert HEADER not in client.get("/")


def test_the_floor_answers_a_logged_in_user_with_a_tiny_page(bench_on, client, kansli):
    client.force_login(kansli)
    response = client.get("/bench/golv/")
    assert response.status_code == 200
    assert response.content == b"golv"


def test_the_floor_asks_for_login(bench_on, client):
    response = client.get("/bench/golv/")
    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")
    # No session cookie: nothing was read from the database.
    assert response[HEADER] == "0"


@pytest.mark.parametrize("url", ["/bench/golv/", "/delprojekt/"])
def test_the_header_counts_the_requests_queries(bench_on, client, kansli, url):
    for titel in ("Stroke", "Hjärtsvikt", "Kataraktkirurgi"):
        register(kansli, titel=titel)
    client.force_login(kansli)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert int(response[HEADER]) == len(queries)
    assert len(queries) >= 2  # at least the session and the user


def test_the_empty_page_is_the_shared_layout_around_nothing(bench_on, client, kansli):
    client.force_login(kansli)
    response = client.get("/bench/tom-sida/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Tom sida</h1>" in body
    assert 'class="main-nav"' in body
    client.logout()
    assert client.get("/bench/tom-sida/").status_code == 302


def test_a_normal_run_has_no_empty_page(client, kansli):
    client.force_login(kansli)
    assert client.get("/bench/tom-sida/").status_code == 404

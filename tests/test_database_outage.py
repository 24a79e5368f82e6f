"""A database outage answers 503 in Swedish with Retry-After; other errors stay 500."""

from __future__ import annotations

import logging
from unittest import mock

import pytest
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.test import Client
from django.urls import reverse

OUTAGE_LOGGER = "sfbv.middleware"


def _assert_unavailable(response, caplog, exc_type) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Tjänsten är tillfälligt otillgänglig" in response.content.decode()
    # The page keeps to the same Content-Security-Policy as every other.
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    records = [r for r in caplog.records if r.name == OUTAGE_LOGGER]
    assert len(records) == 1
    assert records[0].levelno == logging.ERROR
    assert records[0].exc_info is not None and records[0].exc_info[0] is exc_type


@pytest.mark.parametrize("exc_type", [OperationalError, InterfaceError])
def test_it_answers_503_when_the_database_is_gone_while_loading_the_session(
    kansli, caplog, exc_type
):
    # The lazy session is first loaded when the two-step middleware asks for the user:
    # Django turns the error there into a 500 and signals it, the outage middleware
    # answers 503; the test client would raise it again afterwards, a browser just gets
    # the answer.
    client = Client(raise_request_exception=False)
    client.force_login(kansli)
    # Every query fails, as during a restart: the first one is the lazy session load.
    with mock.patch.object(
        connection, "cursor", side_effect=exc_type("server closed the connection")
    ):
        response = client.get(reverse("delprojekt:portfolio"))
    _assert_unavailable(response, caplog, exc_type)


def test_it_answers_503_for_a_database_error_inside_a_middleware(kansli, caplog):
    # Django turns a middleware's exception into a 500 and signals it; the test client
    # would raise it again afterwards, a browser just gets the answer.
    client = Client(raise_request_exception=False)
    client.force_login(kansli)
    with mock.patch.object(
        AuthenticationMiddleware,
        "process_request",
        side_effect=OperationalError("could not connect to server"),
    ):
        response = client.get(reverse("delprojekt:portfolio"))
    _assert_unavailable(response, caplog, OperationalError)


def test_other_errors_in_the_view_still_answer_500(kansli, caplog):
    client = Client(raise_request_exception=False)
    client.force_login(kansli)
    with mock.patch.object(connection, "cursor", side_effect=RuntimeError("bug")):
        response = client.get(reverse("delprojekt:portfolio"))
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert not [r for r in caplog.records if r.name == OUTAGE_LOGGER]


def test_other_errors_in_a_middleware_still_answer_500(kansli, caplog):
    client = Client(raise_request_exception=False)
    client.force_login(kansli)
    with mock.patch.object(
        AuthenticationMiddleware, "process_request", side_effect=RuntimeError("bug")
    ):
        response = client.get(reverse("delprojekt:portfolio"))
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert not [r for r in caplog.records if r.name == OUTAGE_LOGGER]

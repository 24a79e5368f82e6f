"""Sessions end after the idle timeout, and at browser close unless "Kom ihåg mig"."""

from __future__ import annotations

import datetime

import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delprojekt.sessionstid import FORNYA_SEKUNDER

PASSWORD = "test-lösenord-123"


def log_in(client, **extra):
    return client.post(reverse("login"), {"username": "kansli", "password": PASSWORD, **extra})


def portfolio_status(client) -> int:
    return client.get(reverse("delprojekt:portfolio")).status_code


def test_the_idle_timeout_defaults_to_eight_hours():
    assert settings.SFBV_SESSION_IDLE_HOURS == 8
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False


def test_the_login_page_offers_kom_ihag_mig(client, samverkan):
    body = client.get(reverse("login")).content.decode()
    assert 'name="kom_ihag"' in body
    assert "Kom ihåg mig" in body


def test_without_kom_ihag_the_session_ends_when_the_browser_closes(client, kansli):
    response = log_in(client)
    assert response.status_code == 302
    assert client.session.get_expire_at_browser_close() is True
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""


def test_with_kom_ihag_the_cookie_lasts_the_idle_timeout(client, kansli):
    response = log_in(client, kom_ihag="on")
    assert response.status_code == 302
    assert client.session.get_expire_at_browser_close() is False
    assert client.session.get_expiry_age() == 8 * 60 * 60
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 8 * 60 * 60


def test_a_browser_session_also_expires_when_idle(client, kansli):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client)
        assert portfolio_status(client) == 200
    with time_machine.travel(start + datetime.timedelta(hours=8, minutes=1), tick=False):
        response = client.get(reverse("delprojekt:portfolio"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_remembered_session_expires_when_idle(client, kansli):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client, kom_ihag="on")
        assert portfolio_status(client) == 200
    with time_machine.travel(start + datetime.timedelta(hours=8, minutes=1), tick=False):
        assert portfolio_status(client) == 302


def test_activity_keeps_the_session_alive_past_the_timeout(client, kansli):
    start = timezone.now()
    for hours in (0, 7, 14, 21):
        with time_machine.travel(start + datetime.timedelta(hours=hours), tick=False):
            if hours == 0:
                log_in(client)
            assert portfolio_status(client) == 200


def test_the_idle_timeout_follows_the_setting(client, kansli, settings):
    settings.SESSION_COOKIE_AGE = 60 * 60
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client, kom_ihag="on")
    with time_machine.travel(start + datetime.timedelta(minutes=59), tick=False):
        assert portfolio_status(client) == 200
    with time_machine.travel(start + datetime.timedelta(minutes=59 + 61), tick=False):
        assert portfolio_status(client) == 302


def test_a_page_view_writes_no_session_until_the_renewal_interval(client, kansli):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client)
    with (
        time_machine.travel(start + datetime.timedelta(seconds=FORNYA_SEKUNDER - 1), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        assert portfolio_status(client) == 200
    assert not [
        q
        for q in queries.captured_queries
        if "django_session" in q["sql"]
        and (q["sql"].startswith("UPDATE") or q["sql"].startswith("INSERT"))
    ]
    with (
        time_machine.travel(start + datetime.timedelta(seconds=FORNYA_SEKUNDER + 1), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        assert portfolio_status(client) == 200
    assert [q for q in queries.captured_queries if q["sql"].startswith('UPDATE "django_session"')]

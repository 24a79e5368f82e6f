"""The personal iCal feed of one's bodies' meetings, at a private, revocable address."""

from __future__ import annotations

import datetime
import hashlib
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from delprojekt.models.sammantrade import (
    Dagordningspunkt,
    Kalendertoken,
    Sammantrade,
    kalendertoken_hash,
)
from delprojekt.services.kalender import kalendertoken_issue
from tests import factories as f


@pytest.fixture
def meetings(org):
    now = timezone.now()
    lg = Sammantrade.objects.create(
        organ=org.ledningsgrupp,
        start=now + datetime.timedelta(days=10),
        slut=now + datetime.timedelta(days=10, hours=3),
        plats="Regionhuset, sal 3",
    )
    Dagordningspunkt.objects.create(
        sammantrade=lg, ordning=1, typ="arende", rubrik="Start av delprojekt Ryggkirurgi"
    )
    Dagordningspunkt.objects.create(
        sammantrade=lg, ordning=2, typ="information", rubrik="Budgetläget"
    )
    sg = Sammantrade.objects.create(
        organ=org.samarbetsgrupp,
        start=now + datetime.timedelta(days=12),
        lank="https://mote.example.se/sg",
    )
    gammalt = Sammantrade.objects.create(
        organ=org.ledningsgrupp, start=now - datetime.timedelta(days=90), plats="Arkivet"
    )
    nyligen = Sammantrade.objects.create(
        organ=org.ledningsgrupp, start=now - datetime.timedelta(days=30), plats="Nyss"
    )
    return {"lg": lg, "sg": sg, "gammalt": gammalt, "nyligen": nyligen}


def _token(user) -> str:
    return kalendertoken_issue(user=user)


def _feed(client, token):
    return client.get(reverse("sammantrade:kalender_feed", kwargs={"token": token}))


def _events(response) -> dict[str, object]:
    cal = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_making_the_address_shows_it_once(client, lg_members, settings):
    settings.SFBV_BASE_URL = "https://sfbv.example.se"
    user = lg_members[0]
    client.force_login(user)
    first = client.get(reverse("sammantrade:kalender")).content.decode()
    assert "Skapa kalenderadress" in first
    assert ".ics" not in first
    assert not Kalendertoken.objects.filter(user=user).exists()

    response = client.post(reverse("sammantrade:kalender_ny"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    match = re.search(r"https://sfbv\.example\.se/sammantraden/kalender/([\w-]+)\.ics", html)
    assert match is not None
    assert Kalendertoken.objects.get(user=user).token_hash == kalendertoken_hash(match[1])
    assert "Outlook" in html and "Google" in html
    assert "visas bara den här gången" in html

    again = client.get(reverse("sammantrade:kalender")).content.decode()
    assert match[1] not in again
    assert ".ics" not in again
    assert "Skapa ny adress" in again


def test_the_database_holds_no_plain_token(lg_members):
    token = kalendertoken_issue(user=lg_members[0])
    row = Kalendertoken.objects.values().get(user=lg_members[0])
    assert token not in [str(v) for v in row.values()]
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert {f.name for f in Kalendertoken._meta.get_fields()} == {
        "id",
        "user",
        "token_hash",
        "skapad",
    }


def test_page_needs_login(client, org):
    response = client.get(reverse("sammantrade:kalender"))
    assert response.status_code == 302


def test_feed_lists_the_meetings_of_ones_bodies(client, meetings, lg_members, settings):
    settings.SFBV_BASE_URL = "https://sfbv.example.se"
    response = _feed(client, _token(lg_members[0]))  # no login needed
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = _events(response)
    lg, nyligen = meetings["lg"], meetings["nyligen"]
    assert set(events) == {
        f"sammantrade-{lg.pk}@sfbv.example.se",
        f"sammantrade-{nyligen.pk}@sfbv.example.se",
    }
    event = events[f"sammantrade-{lg.pk}@sfbv.example.se"]
    assert str(event["SUMMARY"]) == "Ledningsgruppen: sammanträde"
    assert str(event["LOCATION"]) == "Regionhuset, sal 3"
    assert event.decoded("DTSTART") == lg.start.replace(microsecond=0)
    assert event.decoded("DTEND") == lg.slut.replace(microsecond=0)
    assert str(event["URL"]).startswith(f"https://sfbv.example.se/sammantraden/{lg.pk}/")
    description = str(event["DESCRIPTION"])
    assert "Start av delprojekt Ryggkirurgi" in description
    assert "Budgetläget" in description


def test_feed_defaults_to_two_hours_and_link_as_location(client, meetings, samarbetsgrupp_user):
    events = _events(_feed(client, _token(samarbetsgrupp_user)))
    assert len(events) == 1
    (event,) = events.values()
    sg = meetings["sg"]
    assert str(event["LOCATION"]) == "https://mote.example.se/sg"
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(hours=2)
    assert event.decoded("DTSTART") == sg.start.replace(microsecond=0)


def test_kansli_sees_all_bodies(client, meetings, kansli):
    events = _events(_feed(client, _token(kansli)))
    assert len(events) == 3  # not the one 90 days back


def test_former_member_sees_nothing(client, meetings, org):
    user = f.UserFactory(username="tidigare")
    person = f.PersonFactory(namn="Tora Tidigare", user=user)
    f.OrganmedlemskapFactory(
        person=person, organ=org.ledningsgrupp, till=timezone.localdate() - datetime.timedelta(1)
    )
    response = _feed(client, _token(user))
    assert response.status_code == 200
    assert _events(response) == {}


def test_renewed_token_revokes_the_old_address(client, meetings, lg_members):
    user = lg_members[0]
    old = _token(user)
    assert _feed(client, old).status_code == 200
    client.force_login(user)
    response = client.post(reverse("sammantrade:kalender_ny"))
    html = response.content.decode()
    assert "Den gamla adressen fungerar inte längre" in html
    new = re.search(r"/sammantraden/kalender/([\w-]+)\.ics", html)[1]
    assert new != old
    client.logout()
    assert _feed(client, old).status_code == 404
    assert _feed(client, new).status_code == 200


def test_renewal_needs_post(client, lg_members):
    client.force_login(lg_members[0])
    assert client.get(reverse("sammantrade:kalender_ny")).status_code == 405


def test_unknown_token_is_404(client, meetings):
    assert _feed(client, "finns-inte").status_code == 404


def test_inactive_users_token_is_404(client, meetings, lg_members):
    token = _token(lg_members[0])
    lg_members[0].is_active = False
    lg_members[0].save()
    assert _feed(client, token).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_migration_hashes_existing_tokens_so_old_addresses_keep_working(client):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("delprojekt", "0012_referensprefix_bara_versaler_och_siffror")]
    after = [("delprojekt", "0015_kalendertoken_utan_klartext")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    user = old_apps.get_model("auth", "User").objects.create(username="gammal")
    old_apps.get_model("delprojekt", "Kalendertoken").objects.create(
        user_id=user.pk, token="en-gammal-adress"
    )

    try:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(after)
        row = Kalendertoken.objects.values().get(user_id=user.pk)
    finally:
        # Leave the schema as the rest of the suite expects it: at the latest migration.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert row["token_hash"] == kalendertoken_hash("en-gammal-adress")
    assert "en-gammal-adress" not in [str(v) for v in row.values()]
    assert _feed(client, "en-gammal-adress").status_code == 200

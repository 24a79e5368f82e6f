"""The personal iCal feed of one's bodies' meetings, at a private, revocable address."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from delprojekt.models.sammantrade import Dagordningspunkt, Kalendertoken, Sammantrade
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
    return Kalendertoken.objects.get_or_create(user=user)[0].token


def _feed(client, token):
    return client.get(reverse("sammantrade:kalender_feed", kwargs={"token": token}))


def _events(response) -> dict[str, object]:
    cal = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_page_shows_the_private_address(client, lg_members, settings):
    settings.SFBV_BASE_URL = "https://sfbv.example.se"
    client.force_login(lg_members[0])
    response = client.get(reverse("sammantrade:kalender"))
    assert response.status_code == 200
    token = Kalendertoken.objects.get(user=lg_members[0]).token
    html = response.content.decode()
    assert f"https://sfbv.example.se/sammantraden/kalender/{token}.ics" in html
    assert "Outlook" in html and "Google" in html
    assert "Skapa ny adress" in html


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
    response = client.post(reverse("sammantrade:kalender_ny"), follow=True)
    assert "ny adress" in response.content.decode()
    new = Kalendertoken.objects.get(user=user).token
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

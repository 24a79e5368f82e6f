"""The portfolio's sort key, its filter choices and the cached organisation behind them."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delprojekt.models import (
    STATUSORDNING,
    Delprojekt,
    Organmedlemskap,
    Referensserie,
    Status,
)
from delprojekt.organisation import organisation
from delprojekt.selectors import delprojekt_portfolio
from delprojekt.workflow import SPAR
from tests import factories as f
from tests.conftest import register
from tests.workflow_helpers import walk_to

pytestmark = pytest.mark.django_db

URL = reverse("delprojekt:portfolio")


def references(user, sort: str) -> list[str]:
    return [dp.referens for dp in delprojekt_portfolio(user, filters={"sort": sort})]


def get(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_stored_order_is_the_main_path_then_the_states_off_it():
    assert [*SPAR, Status.VILANDE, Status.AVSLAGEN, Status.AVBRUTEN] == STATUSORDNING
    assert sorted(STATUSORDNING) == sorted(Status.values)


def test_sorting_by_status_follows_a_transition(kansli, org, lg_members):
    a = register(kansli, titel="Ryggkirurgi")
    b = register(kansli, titel="Barnreumatologi")
    # Both proposals: the newest first.
    assert references(kansli, "status") == [b.referens, a.referens]
    walk_to(a, Status.STARTBESLUT, org=org, kansli=kansli, lg_members=lg_members)
    a = Delprojekt.objects.get(pk=a.pk)
    assert a.status_ordning == STATUSORDNING.index(Status.STARTBESLUT)
    assert references(kansli, "status") == [b.referens, a.referens]
    walk_to(b, Status.UPPDRAG, org=org, kansli=kansli, lg_members=lg_members)
    assert references(kansli, "status") == [a.referens, b.referens]
    # The history kept every state without the derived key.
    states = list(a.history.order_by("history_date").values_list("status", flat=True))
    assert states[0] == "forslag" and "beredning" in states and states[-1] == "startbeslut"


def test_sorting_by_status_puts_resting_projects_after_the_finished_path(
    client, kansli, org, lg_members
):
    a = register(kansli, titel="Ryggkirurgi")
    b = register(kansli, titel="Barnreumatologi")
    walk_to(b, Status.STARTBESLUT, org=org, kansli=kansli, lg_members=lg_members)
    # A bulk-created row (no save() of ours) gets its key from the database too.
    c = Delprojekt.objects.bulk_create(
        [
            Delprojekt(
                referens="SFBV-2019-001",
                prefix="SFBV",
                ar=2019,
                lopnummer=1,
                titel="Vilande projekt",
                ursprung="ledningsgrupp",
                status=Status.VILANDE,
            )
        ]
    )[0]
    assert references(kansli, "status") == [a.referens, b.referens, c.referens]
    client.force_login(kansli)
    body = client.get(URL, {"sort": "status"}).content.decode()
    assert body.index(a.referens) < body.index(b.referens) < body.index(c.referens)


def test_the_years_offered_are_those_of_the_reference_series(client, kansli, org):
    register(kansli, titel="Ryggkirurgi", registrerad=timezone.now() - datetime.timedelta(days=800))
    this_year = timezone.localdate().year
    earlier = timezone.localtime(timezone.now() - datetime.timedelta(days=800)).year
    Referensserie.objects.create(prefix="ANNAN", ar=2015, senaste=3)
    client.force_login(kansli)
    _n, body = get(client)
    assert f'<option value="{earlier}">{earlier}</option>' in body
    assert '<option value="2015">2015</option>' in body
    assert f'<option value="{this_year}">' not in body
    # The first project of a new year brings its year at once.
    register(kansli, titel="Barnreumatologi")
    _n, body = get(client)
    assert f'<option value="{this_year}">{this_year}</option>' in body
    assert organisation().ar == (this_year, earlier, 2015)


def test_the_organisation_is_read_once_and_then_served_from_the_cache(client, kansli, org):
    register(kansli, titel="Ryggkirurgi")
    client.force_login(kansli)
    cold, _body = get(client)
    warm, body = get(client)
    assert warm == cold - 1
    assert warm <= 15
    for region in org.regioner:
        assert f">{region.namn}</option>" in body


def test_a_change_to_the_organisation_shows_on_the_next_request(client, kansli, org):
    client.force_login(kansli)
    get(client)  # now cached
    region = org.regioner[0]
    region.namn = "Region Blekinge län"
    region.save(update_fields=["namn"])
    _n, body = get(client)
    assert ">Region Blekinge län</option>" in body

    fokus = org.fokus[0]
    namn = fokus.namn
    assert f">{namn}</option>" in body
    fokus.delete()
    _n, body = get(client)
    assert f">{namn}</option>" not in body

    ny = f.PersonFactory(namn="Nora Nykansli")
    _n, body = get(client)
    assert "Nora Nykansli" not in body  # not in the kansli yet
    medlemskap = Organmedlemskap.objects.create(person=ny, organ=org.kansli)
    _n, body = get(client)
    assert ">Nora Nykansli</option>" in body
    ny.namn = "Nora Omdöpt"
    ny.save(update_fields=["namn"])
    _n, body = get(client)
    assert ">Nora Omdöpt</option>" in body
    medlemskap.delete()
    _n, body = get(client)
    assert "Nora Omdöpt" not in body


def test_a_filter_by_a_region_focus_area_contact_or_year_lists_only_its_projects(
    client, kansli, org
):
    a = register(kansli, titel="Ryggkirurgi", regioner=org.regioner[:1], fokusomraden=org.fokus[:1])
    b = register(kansli, titel="Barnreumatologi", kontaktperson=kansli.person)
    client.force_login(kansli)
    for params, inne, ute in [
        ({"region": org.regioner[0].pk}, a, b),
        ({"fokus": org.fokus[0].pk}, a, b),
        ({"kontaktperson": kansli.person.pk}, b, a),
        ({"ar": a.ar, "q": "rygg"}, a, b),
    ]:
        body = client.get(URL, params).content.decode()
        assert inne.referens in body and ute.referens not in body, params
    # An unknown id is an invalid filter with a message, not an error.
    response = client.get(URL, {"region": 10**12, "kontaktperson": "x"})
    assert response.status_code == 200
    assert "ogiltigt" in response.content.decode()

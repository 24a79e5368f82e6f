"""The user's roles, read in one query compiled once per process (``roller_for``)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group

from delprojekt.models import Organ
from delprojekt.permissions import GRUPP_LASARE, GRUPP_SAMORDNARE, _roller_fraga, roller_for
from tests import factories as f

pytestmark = pytest.mark.django_db


def _fresh(user):
    user.__dict__.pop("_sfbv_roller", None)
    return roller_for(user)


def test_the_compiled_query_takes_the_user_and_the_day_each_time():
    sql, params = _roller_fraga(41, datetime.date(2026, 5, 6))
    # The person, the bodies and the groups are each the user's, the memberships the day's.
    assert params.count(41) == 3
    assert sum(p in (datetime.date(2026, 5, 6), "2026-05-06") for p in params) == 2
    assert _roller_fraga(42, datetime.date(2026, 5, 7))[0] == sql


def test_roles_follow_the_memberships_dates_and_the_groups(db):
    region = f.RegionFactory()
    user = f.UserFactory()
    person = f.PersonFactory(user=user, region=region, namn="Vera Vardagsdotter")
    kansli = f.OrganFactory(typ=Organ.Typ.KANSLI)
    lg = f.OrganFactory(typ=Organ.Typ.LEDNINGSGRUPP)
    sg = f.OrganFactory(typ=Organ.Typ.SAMARBETSGRUPP, aktiv=False)
    f.OrganmedlemskapFactory(
        person=person, organ=kansli, fran=datetime.date(2026, 1, 1), till=datetime.date(2026, 6, 30)
    )
    f.OrganmedlemskapFactory(person=person, organ=lg, fran=datetime.date(2026, 7, 1))
    f.OrganmedlemskapFactory(person=person, organ=sg)
    user.groups.add(Group.objects.get_or_create(name=GRUPP_SAMORDNARE)[0])

    with time_machine.travel(datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC)):
        roller = _fresh(user)
    assert roller.kansli and not roller.ledningsgrupp
    assert not roller.samarbetsgrupp  # the body is not active
    assert roller.person_id == person.pk and roller.person_namn == "Vera Vardagsdotter"
    assert roller.samordnare_region_id == region.pk and not roller.lasare

    with time_machine.travel(datetime.datetime(2026, 7, 1, 12, tzinfo=datetime.UTC)):
        roller = _fresh(user)
    assert roller.ledningsgrupp and not roller.kansli

    user.groups.add(Group.objects.get_or_create(name=GRUPP_LASARE)[0])
    assert _fresh(user).lasare


def test_an_account_without_a_person_has_only_its_groups(db):
    user = f.UserFactory()
    user.groups.add(Group.objects.get_or_create(name=GRUPP_LASARE)[0])
    roller = _fresh(user)
    assert roller.person_id is None and roller.person_namn == ""
    assert roller.lasare and not roller.kansli

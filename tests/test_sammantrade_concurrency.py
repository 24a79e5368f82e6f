"""§ numbers under concurrency on PostgreSQL, with real parallel transactions."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from delprojekt.models import Dagordningspunkt, Handelse, Paragrafserie, Status
from delprojekt.services.errors import StaleState
from delprojekt.services.sammantrade import (
    dagordning_add_free,
    dagordning_add_from_queue,
    protokoll_finalise,
    punkt_record,
    sammantrade_create,
)
from delprojekt.services.workflow import positions_record
from tests.conftest import person_of
from tests.test_concurrency import in_parallel
from tests.workflow_helpers import all_agree, walk_to

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises all writers; row locks are tested on PostgreSQL",
    ),
]


def _meeting(org, kansli, lg_members, day: int, punkter: int):
    s = sammantrade_create(
        user=kansli,
        organ=org.ledningsgrupp,
        data={
            "start": timezone.make_aware(datetime.datetime(2026, 2, day, 13, 0)),
            "ordforande": person_of(lg_members[0]),
            "justerare": person_of(lg_members[1]),
        },
    )
    for i in range(punkter):
        p = dagordning_add_free(
            sammantrade=s, user=kansli, typ=Dagordningspunkt.Typ.INFORMATION, rubrik=f"Punkt {i}"
        )
        punkt_record(punkt=p, user=kansli)
    return s


def test_parallel_finalisations_get_distinct_gap_free_numbers(org, kansli, lg_members):
    meetings = [_meeting(org, kansli, lg_members, day, 3) for day in (2, 9, 16, 23)]

    def finalise(i: int) -> str:
        protokoll_finalise(sammantrade=meetings[i], user=kansli)
        return "ok"

    results = in_parallel(len(meetings), finalise)
    assert results == ["ok"] * len(meetings), results
    numbers = sorted(
        Dagordningspunkt.objects.filter(
            paragraf_organ=org.ledningsgrupp, paragraf_ar=2026
        ).values_list("paragraf_nummer", flat=True)
    )
    assert numbers == list(range(1, 13))
    # Each meeting's paragraphs are one consecutive run in agenda order.
    for s in meetings:
        own = list(s.punkter.order_by("ordning").values_list("paragraf_nummer", flat=True))
        assert own == list(range(own[0], own[0] + 3))
    assert Paragrafserie.objects.get(organ=org.ledningsgrupp, ar=2026).senaste == 12


def test_the_same_protocol_finalised_twice_in_parallel_is_numbered_once(org, kansli, lg_members):
    s = _meeting(org, kansli, lg_members, 4, 2)

    def finalise(_i: int) -> str:
        protokoll_finalise(sammantrade=s, user=kansli)
        return "ok"

    results = in_parallel(2, finalise)
    assert results.count("ok") == 1, results
    assert any(isinstance(r, StaleState) for r in results)
    assert Paragrafserie.objects.get(organ=org.ledningsgrupp, ar=2026).senaste == 2


def test_double_submit_in_parallel_runs_the_transition_once(org, kansli, lg_members, project_a):
    dp = walk_to(project_a, Status.STARTBESLUT, org=org, kansli=kansli, lg_members=lg_members)
    positions_record(delprojekt=dp, user=kansli, positioner=all_agree())
    s = sammantrade_create(
        user=kansli,
        organ=org.ledningsgrupp,
        data={"start": timezone.now() - datetime.timedelta(hours=2)},
    )
    p = dagordning_add_from_queue(sammantrade=s, nyckel=f"delprojekt:{dp.pk}", user=kansli)

    def record(_i: int) -> str:
        punkt_record(
            punkt=p,
            user=kansli,
            overgang="starta",
            beslutstext="Ledningsgruppen beslutar att starta delprojektet.",
            expected_status=Status.STARTBESLUT,
        )
        return "ok"

    results = in_parallel(2, record)
    assert results.count("ok") == 1, results
    assert (
        Handelse.objects.filter(delprojekt=dp, typ=Handelse.Typ.OVERGANG, overgang="starta").count()
        == 1
    )

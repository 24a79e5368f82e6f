"""Concurrent registrations and transitions on PostgreSQL, with real parallel transactions."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from delprojekt.models import Delprojekt, Handelse, Status
from delprojekt.services.delprojekt import delprojekt_register
from delprojekt.services.errors import GuardFailed, StaleState
from delprojekt.services.workflow import delprojekt_transition

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises all writers; row locks are tested on PostgreSQL",
    ),
]


def in_parallel(count: int, work) -> list:
    """Run ``work(i)`` in ``count`` threads that start together; return results or errors."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as exc:  # the test inspects what each thread got
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_twenty_parallel_registrations_get_consecutive_references(kansli):
    def register(i: int) -> str:
        dp = delprojekt_register(
            user=kansli, titel=f"Parallellt förslag {i}", ursprung="medarbetare"
        )
        return dp.referens

    results = in_parallel(20, register)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    year = Delprojekt.objects.first().ar
    assert sorted(results) == [f"SFBV-{year}-{n:03d}" for n in range(1, 21)]
    assert Delprojekt.objects.count() == 20


def test_two_parallel_runs_of_one_transition_give_one_transition(kansli, project_a):
    def bered(_i: int) -> str:
        delprojekt_transition(
            delprojekt=project_a, name="bered", user=kansli, expected_status=Status.FORSLAG
        )
        return "ok"

    results = in_parallel(2, bered)
    assert results.count("ok") == 1, results
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], StaleState), results
    assert "Någon annan har redan ändrat" in refused[0].messages[0]
    project_a.refresh_from_db()
    assert project_a.status == Status.BEREDNING
    assert Handelse.objects.filter(delprojekt=project_a, typ=Handelse.Typ.OVERGANG).count() == 1


def test_parallel_runs_without_expected_state_still_transition_once(kansli, project_a):
    # Without the form's state the lock and the re-read still stop the second run:
    # the project is no longer in `forslag`, so `bered` is not available any more.
    def bered(_i: int) -> str:
        delprojekt_transition(delprojekt=project_a, name="bered", user=kansli)
        return "ok"

    results = in_parallel(2, bered)
    assert results.count("ok") == 1, results
    assert any(isinstance(r, GuardFailed) for r in results)
    assert Handelse.objects.filter(delprojekt=project_a, typ=Handelse.Typ.OVERGANG).count() == 1

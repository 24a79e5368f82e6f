"""References of registered proposals: one gap-free series per prefix and year."""

from __future__ import annotations

import datetime

import time_machine

from delprojekt.models import Delprojekt, Samverkan
from tests.conftest import register


def set_prefix(prefix: str) -> None:
    samverkan = Samverkan.current()
    samverkan.referens_prefix = prefix
    samverkan.save(update_fields=["referens_prefix"])


def test_a_changed_prefix_starts_its_own_series(kansli):
    with time_machine.travel(datetime.datetime(2026, 3, 14, 12, tzinfo=datetime.UTC)):
        first = register(kansli, titel="Höftprotes")
        set_prefix("SRM")
        second = register(kansli, titel="Knäprotes")
        third = register(kansli, titel="Axelprotes")

    assert [dp.referens for dp in Delprojekt.objects.order_by("pk")] == [
        "SFBV-2026-001",
        "SRM-2026-001",
        "SRM-2026-002",
    ]
    assert [(dp.prefix, dp.ar, dp.lopnummer) for dp in (first, second, third)] == [
        ("SFBV", 2026, 1),
        ("SRM", 2026, 1),
        ("SRM", 2026, 2),
    ]


def test_going_back_to_an_earlier_prefix_continues_its_series(kansli):
    with time_machine.travel(datetime.datetime(2026, 3, 14, 12, tzinfo=datetime.UTC)):
        register(kansli)
        set_prefix("SRM")
        register(kansli)
        set_prefix("SFBV")
        again = register(kansli)
    assert again.referens == "SFBV-2026-002"

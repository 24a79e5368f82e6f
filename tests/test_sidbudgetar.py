"""Query budgets of the heavy pages at 1,000 projects: the meeting page, a decision queue
with 300 waiting items, the project page with 500 events, the follow-up round and report
pages and the slutrapport page.

Each test measures a page with little data, adds data in bulk, and measures it again:
the count stays within the budget and, where it is meant to be constant, the same.
"""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delprojekt.models import (
    Dagordningspunkt,
    Delprojekt,
    Handelse,
    Sammantrade,
    Stallningstagande,
    Status,
    Ursprung,
)
from tests.conftest import person_of

pytestmark = pytest.mark.django_db

BUDGET = 15

_lopnummer = itertools.count(1)


def bulk_projects(org, kansli, n: int, status: str, *, dagar: int = 30) -> list[Delprojekt]:
    """``n`` projects in ``status``, each with its regions and the event that brought it
    there (the item the ledningsgrupp takes positions on)."""
    since = timezone.now() - datetime.timedelta(days=dagar)
    kontakt = person_of(kansli)
    projects = Delprojekt.objects.bulk_create(
        Delprojekt(
            referens=f"SFBV-2019-{i:04d}",
            ar=2019,
            lopnummer=i,
            titel=f"Projekt {i}",
            ursprung=Ursprung.LEDNINGSGRUPP,
            status=status,
            status_andrad=since,
            kontaktperson=kontakt,
        )
        for i in (next(_lopnummer) for _ in range(n))
    )
    through = Delprojekt.regioner.through
    through.objects.bulk_create(
        through(delprojekt=dp, region=r) for dp in projects for r in org.regioner
    )
    Handelse.objects.bulk_create(
        Handelse(
            delprojekt=dp, typ=Handelse.Typ.OVERGANG, till_status=status, text="x", tidpunkt=since
        )
        for dp in projects
    )
    return projects


def count(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response.content.decode()


def agree(lg_members, projects) -> None:
    """Half the ledningsgrupp agrees on each project's current item."""
    arenden = Handelse.objects.filter(delprojekt__in=projects, typ=Handelse.Typ.OVERGANG)
    Stallningstagande.objects.bulk_create(
        Stallningstagande(
            delprojekt_id=h.delprojekt_id,
            arende=h,
            person=person_of(u),
            position=Stallningstagande.Position.INSTAMMER,
        )
        for h in arenden
        for u in lg_members[::2]
    )


# --- The meeting page ------------------------------------------------------------------


def on_agenda(meeting: Sammantrade, projects, start: int = 1) -> None:
    Dagordningspunkt.objects.bulk_create(
        Dagordningspunkt(
            sammantrade=meeting,
            ordning=i,
            typ=Dagordningspunkt.Typ.ARENDE,
            rubrik=dp.titel,
            delprojekt=dp,
        )
        for i, dp in enumerate(projects, start=start)
    )


def test_the_meeting_page_costs_the_same_with_40_items_and_300_waiting(
    client, org, kansli, lg_members
):
    meeting = Sammantrade.objects.create(
        organ=org.ledningsgrupp,
        start=timezone.now() + datetime.timedelta(days=3),
        sekreterare=person_of(kansli),
        ordforande=person_of(lg_members[0]),
        justerare=person_of(lg_members[1]),
    )
    url = reverse("sammantrade:detalj", args=[meeting.pk])
    client.force_login(kansli)
    small = bulk_projects(org, kansli, 3, Status.STARTBESLUT)
    agree(lg_members, small)
    on_agenda(meeting, small[:2])
    small_count, body = count(client, url)
    assert body.count("Protokollför beslutet") == 2

    agenda = bulk_projects(org, kansli, 38, Status.STARTBESLUT)
    waiting = bulk_projects(org, kansli, 299, Status.LEDNINGSGRUPP)
    agree(lg_members, agenda + waiting)
    on_agenda(meeting, agenda, start=3)
    bulk_projects(org, kansli, 1000 - 340, Status.UPPDRAG)
    assert Delprojekt.objects.count() == 1000
    large_count, body = count(client, url)
    assert body.count("Protokollför beslutet") == 40
    assert large_count == small_count
    assert large_count <= BUDGET

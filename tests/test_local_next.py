"""Where a form returns after saving: only a local path from ``next``, else the default.

A value without a slash once reached ``redirect()``, which took it for a view name
and failed with a 500 after the data was already saved.
"""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse

from delprojekt.models import Handelse, Kommentar, Minnesanteckning, Stallningstagande, Status
from delprojekt.services import grupparbete as svc
from delprojekt.services.beslutsko import beslutsforslag_version
from delprojekt.views.helpers import local_next
from tests.conftest import person_of, register, today
from tests.test_beslutsko import park

QUEUE = "/beslut/samarbetsgrupp/?visa=alla#arende-1"
FOREIGN = ["6", "beslut:oversikt", "//evil.example", "/\\evil.example", "https://evil.example/"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (QUEUE, QUEUE),
        ("/", "/"),
        ("", "/start/"),
        *[(value, "/start/") for value in FOREIGN],
        ("http://testserver/beslut/", "/start/"),
        ("/beslut/\nSet-Cookie: x=1", "/start/"),
    ],
)
def test_local_next_accepts_only_a_path_on_this_site(value, expected):
    request = RequestFactory().post("/", {"next": value})
    assert local_next(request, "/start/") == expected


def test_local_next_reads_the_query_string_of_a_get():
    request = RequestFactory().get("/", {"next": QUEUE})
    assert local_next(request, "/start/") == QUEUE


# --- The kansli's beslutsförslag --------------------------------------------------------


@pytest.mark.parametrize("nasta", ["6", *FOREIGN[2:], QUEUE])
def test_beslutsforslag_saves_once_and_returns_to_a_local_next_only(
    client, kansli, project_a, nasta
):
    client.force_login(kansli)
    response = client.post(
        reverse("beslut:beslutsforslag", args=[project_a.referens]),
        {
            "beslutsforslag": "Samarbetsgruppen tillstyrker.",
            "version": beslutsforslag_version(""),
            "next": nasta,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == (nasta if nasta == QUEUE else project_a.get_absolute_url())
    project_a.refresh_from_db()
    assert project_a.beslutsforslag == "Samarbetsgruppen tillstyrker."
    assert (
        Handelse.objects.filter(
            delprojekt=project_a, typ=Handelse.Typ.ANDRING, text="Förslaget till beslut ändrat"
        ).count()
        == 1
    )


# --- Comments on the working group's records ------------------------------------------


@pytest.mark.parametrize("nasta", ["6", *FOREIGN[2:], QUEUE])
def test_comment_saves_once_and_returns_to_a_local_next_only(client, ordforande, project_a, nasta):
    note = svc.minnesanteckning_save(
        delprojekt=project_a, user=ordforande, data={"datum": today(), "plats": "Lund"}, vagval=[]
    )
    client.force_login(ordforande)
    response = client.post(
        reverse("delprojekt:kommentar_ny", args=[project_a.referens]),
        {
            "content_type": ContentType.objects.get_for_model(Minnesanteckning).pk,
            "object_id": note.pk,
            "text": "Bra möte!",
            "next": nasta,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == (nasta if nasta == QUEUE else project_a.get_absolute_url())
    assert list(Kommentar.objects.values_list("text", flat=True)) == ["Bra möte!"]


# --- A ledningsgrupp member's position, also posted from the decision queue ----------------


@pytest.mark.parametrize("nasta", ["6", *FOREIGN[2:], QUEUE])
def test_position_saves_once_and_returns_to_a_local_next_only(
    client, org, kansli, lg_members, nasta
):
    dp = park(register(kansli, titel="Ryggkirurgi"), Status.LEDNINGSGRUPP)
    pid = person_of(lg_members[0]).pk
    client.force_login(lg_members[0])
    response = client.post(
        reverse("delprojekt:positions", args=[dp.referens]),
        {f"position_{pid}": "instammer", "next": nasta},
    )
    assert response.status_code == 302
    fallback = f"{dp.get_absolute_url()}#stallningstaganden"
    assert response["Location"] == (nasta if nasta == QUEUE else fallback)
    saved = Stallningstagande.objects.filter(delprojekt=dp, person_id=pid)
    assert list(saved.values_list("position", flat=True)) == ["instammer"]

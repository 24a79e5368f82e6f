"""The bench data (bench/data.py) holds what the services would have written."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from bench.data import LOSENORD, bygg
from delprojekt.models import Delprojekt, Handelse, Organ, Sammantrade, Status
from delprojekt.services import guards
from delprojekt.workflow import vantande_status
from uppfoljning.models import Uppfoljningsomgang

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return bygg(40, vantar_ledningsgrupp=6)


def test_the_ledningsgrupp_queue_holds_as_many_as_asked(data):
    waiting = Delprojekt.objects.filter(status__in=vantande_status(Organ.Typ.LEDNINGSGRUPP))
    assert waiting.count() == data.vantar_ledningsgrupp == 6


def test_each_project_is_in_the_state_its_last_transition_led_to(data):
    for dp in Delprojekt.objects.all():
        arende = guards.current_arende(dp)
        if dp.status == Status.FORSLAG:
            assert arende is None
            continue
        assert arende is not None, dp.referens
        assert arende.till_status == dp.status
        assert arende.tidpunkt == dp.status_andrad
        assert dp.history.count() >= 1 + dp.handelser.filter(typ=Handelse.Typ.OVERGANG).count()


def test_positions_are_on_the_current_item_of_a_waiting_project(data):
    dp = Delprojekt.objects.get(referens=data.storst)
    assert dp.status == Status.LEDNINGSGRUPP
    assert dp.handelser.count() == 500
    arende = guards.current_arende(dp)
    positions = guards.positioner(dp, arende)
    ledamoter = {m.person_id for m in guards.ledningsgrupp_ledamoter()}
    assert len(ledamoter) == 4
    assert set(positions) <= ledamoter


def test_special_cases_and_logins(data, client):
    assert Sammantrade.objects.get(pk=data.mote_40).punkter.count() == 40
    # Only 40 projects here: the "300" meeting lists each once.
    assert Sammantrade.objects.get(pk=data.mote_300).punkter.count() == 40
    assert Uppfoljningsomgang.objects.filter(delprojekt__referens=data.uppfoljning).exists()
    assert Delprojekt.objects.values("kontaktperson").distinct().count() > 1
    for username in (data.kansli_username, data.ledningsgrupp_username, data.medlem_username):
        assert User.objects.get(username=username).check_password(LOSENORD)
    login = {"username": data.ledningsgrupp_username, "password": LOSENORD}
    assert client.post("/logga-in/", login).status_code == 302
    assert client.get("/beslut/ledningsgrupp/").status_code == 200
    client.logout()
    login = {"username": data.kansli_username, "password": LOSENORD}
    assert client.post("/logga-in/", login).status_code == 302
    for url in (
        f"/delprojekt/{data.storst}/",
        f"/sammantraden/{data.mote_40}/",
        f"/uppfoljning/{data.uppfoljning}/omgang/1/",
        f"/uppfoljning/{data.uppfoljning}/omgang/1/rapport/",
        f"/delprojekt/{data.storst}/dokument/slutrapport/",
        "/admin/delprojekt/delprojekt/",
    ):
        assert client.get(url).status_code == 200, url

"""The read-only API (/api/v1/): tokens, permissions, every resource, filters, pages, cost."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from api.models import ApiToken
from api.services import api_token_create, api_token_revoke, hash_key
from delprojekt.models import Beslut, Dagordningspunkt, Delprojekt, Handelse, Sammantrade, Status
from delprojekt.services.events import record_event
from tests import factories as f
from tests.api_helpers import fyll, token_client
from tests.conftest import _person_user, register

pytestmark = pytest.mark.django_db

LISTOR = [
    "delprojekt",
    "beslut",
    "sammantraden",
    "rekommendationer",
    "huvudmannabeslut",
    "inforande",
    "uppfoljningsparametrar",
    "matvarden",
]


def url(namn: str, **query: object) -> str:
    base = f"/api/v1/{namn}/"
    if query:
        base += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return base


@pytest.fixture
def data_a(project_a, org, kansli):
    return fyll(project_a, org, kansli, nr=1)


@pytest.fixture
def data_b(project_b, org, kansli):
    return fyll(project_b, org, kansli, datum=datetime.date(2025, 11, 5), nr=2)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


# --- Authentication -------------------------------------------------------------------


def test_it_refuses_a_request_without_a_token(data_a):
    for namn in LISTOR:
        response = Client().get(url(namn))
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_refuses_a_wrong_token(kansli, data_a):
    key = api_token_create(user=kansli, name="Power BI").key
    for wrong in (key[:-2] + "xx", "sfbv_00000000_abc", "nonsense", key + "a"):
        response = Client(headers={"Authorization": f"Bearer {wrong}"}).get(url("delprojekt"))
        assert response.status_code == 401, wrong
    malformed = Client(headers={"Authorization": "Bearer"}).get(url("delprojekt"))
    assert malformed.status_code == 401


def test_it_refuses_a_revoked_token(kansli, data_a):
    ny = api_token_create(user=kansli, name="Power BI")
    client = Client(headers={"Authorization": f"Bearer {ny.key}"})
    assert client.get(url("delprojekt")).status_code == 200
    api_token_revoke(user=kansli, token_id=ny.token.pk)
    assert client.get(url("delprojekt")).status_code == 401


def test_it_refuses_the_token_of_a_deactivated_account(kansli, data_a):
    client = token_client(kansli)
    kansli.is_active = False
    kansli.save(update_fields=["is_active"])
    assert client.get(url("delprojekt")).status_code == 401


def test_it_takes_the_token_scheme_too_and_notes_the_use(kansli, data_a):
    ny = api_token_create(user=kansli, name="Excel")
    assert ny.token.last_used is None
    response = Client(headers={"Authorization": f"Token {ny.key}"}).get(url("delprojekt"))
    assert response.status_code == 200
    ny.token.refresh_from_db()
    assert ny.token.last_used is not None


def test_the_key_is_stored_only_as_its_hash(kansli):
    ny = api_token_create(user=kansli, name="Excel")
    row = ApiToken.objects.get(pk=ny.token.pk)
    assert row.hashed_key == hash_key(ny.key)
    assert ny.key not in (row.hashed_key, row.prefix, row.name)
    assert ny.key.startswith(f"sfbv_{row.prefix}_")


def test_the_web_session_does_not_open_the_api(kansli, data_a):
    client = Client()
    client.force_login(kansli)
    assert client.get(url("delprojekt")).status_code == 401


def test_only_get_is_allowed(kansli, data_a):
    client = token_client(kansli)
    detalj = f"/api/v1/delprojekt/{data_a.dp.referens}/"
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(url("delprojekt")).status_code == 405, method
        assert getattr(client, method)(detalj).status_code == 405, method
    assert Delprojekt.objects.filter(pk=data_a.dp.pk).exists()


# --- Permissions: exactly what the web pages show ------------------------------------------


def test_a_chair_sees_exactly_their_project_and_its_rows(ordforande, data_a, data_b):
    client = token_client(ordforande)
    assert ids(client.get(url("delprojekt"))) == [data_a.dp.pk]
    assert ids(client.get(url("beslut"))) == [data_a.beslut.pk]
    assert ids(client.get(url("rekommendationer"))) == [data_a.rekommendation.pk]
    assert ids(client.get(url("huvudmannabeslut"))) == [data_a.huvudmannabeslut.pk]
    assert ids(client.get(url("inforande"))) == [data_a.inforande.pk]
    assert ids(client.get(url("uppfoljningsparametrar"))) == [data_a.parameter.pk]
    assert ids(client.get(url("matvarden"))) == [data_a.matvarde.pk]
    # Not a member of the board: as in the web pages, no meetings.
    assert ids(client.get(url("sammantraden"))) == []
    assert client.get(f"/api/v1/delprojekt/{data_b.dp.referens}/").status_code == 404
    assert client.get(f"/api/v1/beslut/{data_b.beslut.pk}/").status_code == 404
    assert client.get(f"/api/v1/matvarden/{data_b.matvarde.pk}/").status_code == 404


def test_an_outsider_sees_nothing(outsider, data_a, data_b):
    client = token_client(outsider)
    for namn in LISTOR:
        response = client.get(url(namn))
        assert response.status_code == 200
        assert response.json()["count"] == 0, namn
    assert client.get(f"/api/v1/delprojekt/{data_a.dp.referens}/").status_code == 404
    assert client.get(f"/api/v1/sammantraden/{data_a.sammantrade.pk}/").status_code == 404


def test_the_kansli_and_a_reader_see_everything(kansli, reader, data_a, data_b):
    for user in (kansli, reader):
        client = token_client(user)
        assert sorted(ids(client.get(url("delprojekt")))) == sorted([data_a.dp.pk, data_b.dp.pk])
        assert len(ids(client.get(url("sammantraden")))) == 2
        assert len(ids(client.get(url("matvarden")))) == 2


def test_a_body_member_sees_its_meetings_without_the_items_of_hidden_projects(
    org, kansli, data_a, data_b
):
    """A chefsamråd member does not read every project: they see their body's meetings and
    decisions outside a project, but no item or decision of a project they may not see."""
    user, person = _person_user("chef", "Cecilia Chefsson", org.regioner[2])
    f.OrganmedlemskapFactory(person=person, organ=org.chefsamrad)
    mote = Sammantrade.objects.create(organ=org.chefsamrad, start=timezone.now())
    Dagordningspunkt.objects.create(
        sammantrade=mote,
        ordning=1,
        typ=Dagordningspunkt.Typ.ARENDE,
        rubrik="Dold",
        delprojekt=data_a.dp,
    )
    oppen = Dagordningspunkt.objects.create(
        sammantrade=mote, ordning=2, typ=Dagordningspunkt.Typ.INFORMATION, rubrik="Information"
    )
    utan_projekt = Beslut.objects.create(
        organ=org.chefsamrad,
        datum=datetime.date(2026, 1, 5),
        utfall=Beslut.Utfall.BIFALL,
        beslutstext="Chefsamrådet beslutar.",
    )
    Beslut.objects.create(
        organ=org.ledningsgrupp,
        datum=datetime.date(2026, 1, 5),
        utfall=Beslut.Utfall.BIFALL,
        beslutstext="Ledningsgruppen beslutar.",
    )
    client = token_client(user)
    moten = client.get(url("sammantraden")).json()["results"]
    assert [m["id"] for m in moten] == [mote.pk]
    assert [p["id"] for p in moten[0]["punkter"]] == [oppen.pk]
    assert ids(client.get(url("beslut"))) == [utan_projekt.pk]
    assert ids(client.get(url("delprojekt"))) == []


# --- Each resource -----------------------------------------------------------------------


def test_the_project_resource(kansli, data_a):
    client = token_client(kansli)
    row = client.get(f"/api/v1/delprojekt/{data_a.dp.referens}/").json()
    assert row["referens"] == data_a.dp.referens
    assert row["titel"] == "Ryggkirurgi"
    assert row["status"] == Status.FORSLAG
    assert row["status_namn"] == "Förslag"
    assert row["regioner"] == ["BLE", "HAL"]
    assert row["webbsida"] == f"http://testserver/delprojekt/{data_a.dp.referens}/"


def test_the_decision_meeting_and_recommendation_resources(kansli, data_a):
    client = token_client(kansli)
    beslut = client.get(f"/api/v1/beslut/{data_a.beslut.pk}/").json()
    assert beslut["delprojekt"] == data_a.dp.referens
    assert beslut["organ"]["typ"] == "namnd"
    assert beslut["paragraf"] == "§ 1/2026"
    assert beslut["utfall_namn"] == "Rekommendation till regionerna"
    mote = client.get(f"/api/v1/sammantraden/{data_a.sammantrade.pk}/").json()
    assert mote["punkter"][0]["paragraf"] == "§ 1/2026"
    assert mote["punkter"][0]["paragraf_nummer"] == 1
    assert mote["punkter"][0]["beslut"] == data_a.beslut.pk
    assert mote["punkter"][0]["delprojekt"] == data_a.dp.referens
    rek = client.get(f"/api/v1/rekommendationer/{data_a.rekommendation.pk}/").json()
    assert rek["beslut"] == data_a.beslut.pk
    assert rek["beslutsdatum"] == "2026-03-12"
    assert rek["text"] == "Inför Ryggkirurgi."


def test_the_regions_answers_implementation_and_follow_up(kansli, data_a):
    client = token_client(kansli)
    hb = client.get(f"/api/v1/huvudmannabeslut/{data_a.huvudmannabeslut.pk}/").json()
    assert hb["region"] == "BLE"
    assert hb["utfall"] == [
        {
            "rekommendation": data_a.rekommendation.pk,
            "ordning": 1,
            "utfall": "bifall",
            "utfall_namn": "Bifall",
            "kommentar": "",
        }
    ]
    inf = client.get(f"/api/v1/inforande/{data_a.inforande.pk}/").json()
    assert (inf["region"], inf["status"], inf["status_namn"]) == ("BLE", "pagar", "Pågår")
    assert inf["delprojekt"] == data_a.dp.referens
    par = client.get(f"/api/v1/uppfoljningsparametrar/{data_a.parameter.pk}/").json()
    assert (par["utgangsvarde"], par["malvarde"], par["kalla"]) == (120, 90, "pas")
    mv = client.get(f"/api/v1/matvarden/{data_a.matvarde.pk}/").json()
    assert mv["varde"] == 101.5
    assert (mv["region"], mv["parameter"]) == ("BLE", data_a.parameter.pk)


# --- Filters and ordering ---------------------------------------------------------------------


def test_the_project_filters(kansli, org, data_a, data_b):
    client = token_client(kansli)
    data_b.dp.regioner.set([org.regioner[3]])
    assert ids(client.get(url("delprojekt", region="ska"))) == [data_b.dp.pk]
    assert ids(client.get(url("delprojekt", status="forslag", ordning="titel"))) == [
        data_b.dp.pk,
        data_a.dp.pk,
    ]
    assert ids(client.get(url("delprojekt", status="avslutad"))) == []
    year = data_a.dp.ar
    assert len(ids(client.get(url("delprojekt", ar=year)))) == 2
    assert ids(client.get(url("delprojekt", ar=year - 1))) == []
    framtid = (timezone.now() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S")
    assert ids(client.get(url("delprojekt", andrad_sedan=framtid))) == []
    assert len(ids(client.get(url("delprojekt", andrad_sedan="2000-01-01T00:00:00")))) == 2


def test_updated_since_finds_a_project_whose_event_is_new(kansli, data_a, data_b):
    client = token_client(kansli)
    sedan = timezone.now() + datetime.timedelta(minutes=1)
    with time_machine.travel(sedan + datetime.timedelta(minutes=1)):
        record_event(
            delprojekt=data_b.dp, typ=Handelse.Typ.ANDRING, text="Titeln ändrad", user=kansli
        )
    query = sedan.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(client.get(url("delprojekt", andrad_sedan=query))) == [data_b.dp.pk]


def test_the_other_filters(kansli, org, data_a, data_b):
    client = token_client(kansli)
    assert ids(client.get(url("beslut", ar=2025))) == [data_b.beslut.pk]
    assert ids(client.get(url("beslut", delprojekt=data_a.dp.referens))) == [data_a.beslut.pk]
    assert ids(client.get(url("beslut", organ_typ="ledningsgrupp"))) == []
    assert len(ids(client.get(url("beslut", organ=org.namnd.pk)))) == 2
    assert ids(client.get(url("beslut", fran="2026-01-01", till="2026-12-31"))) == [
        data_a.beslut.pk
    ]
    assert ids(client.get(url("sammantraden", ar=2025))) == [data_b.sammantrade.pk]
    assert ids(client.get(url("rekommendationer", ar=2026))) == [data_a.rekommendation.pk]
    assert ids(client.get(url("huvudmannabeslut", region="KRO"))) == []
    assert ids(client.get(url("inforande", status="genomfort"))) == []
    assert len(ids(client.get(url("inforande", status="pagar")))) == 2
    assert ids(client.get(url("uppfoljningsparametrar", delprojekt=data_b.dp.referens))) == [
        data_b.parameter.pk
    ]
    assert ids(client.get(url("matvarden", region="HELA"))) == []
    assert len(ids(client.get(url("matvarden", region="ble")))) == 2
    assert ids(client.get(url("matvarden", parameter=data_a.parameter.pk))) == [data_a.matvarde.pk]


def test_a_bad_filter_value_is_a_400_with_a_swedish_message(kansli, data_a):
    client = token_client(kansli)
    for query in ({"ar": "tjugo"}, {"ar": 99999}, {"status": "okand"}, {"fran": "igår"}):
        response = client.get(url("delprojekt" if "status" in query else "beslut", **query))
        assert response.status_code == 400, query
        (fel,) = response.json().values()
        assert any(ord(c) > 127 or " " in m for m in fel for c in m), fel


def test_a_time_filter_takes_any_iso_offset_and_refuses_a_time_outside_the_calendar(kansli, data_a):
    client = token_client(kansli)
    # PostgreSQL takes offsets only up to ±15:59; the filter hands on UTC.
    far_east = client.get("/api/v1/inforande/?uppdaterad_sedan=2000-01-01T00:00:00%2B18:41")
    assert ids(far_east) == [data_a.inforande.pk]
    assert ids(client.get(url("delprojekt", andrad_sedan="2000-01-01T00:00:00-23:59"))) == [
        data_a.dp.pk
    ]
    for tid in ("0001-01-01T00:00:00%2B01:00", "9999-12-31T23:59:59-05:00"):
        response = client.get(f"/api/v1/beslut/?registrerat_sedan={tid}")
        assert response.status_code == 400, tid
        assert response.json() == {"registrerat_sedan": ["Ange en tidpunkt mellan år 1 och 9999."]}


def test_ordering_is_stable_and_an_unknown_field_is_ignored(kansli, org):
    projekt = [register(kansli, titel="Samma titel") for _ in range(4)]
    client = token_client(kansli)
    assert ids(client.get(url("delprojekt", ordning="titel"))) == [p.pk for p in projekt]
    assert ids(client.get(url("delprojekt", ordning="-titel"))) == [p.pk for p in projekt]
    nyast_forst = [p.pk for p in reversed(projekt)]
    assert ids(client.get(url("delprojekt", ordning="lösenord"))) == nyast_forst
    assert ids(client.get(url("delprojekt"))) == nyast_forst


# --- Pages ---------------------------------------------------------------------------------------


def test_pagination_with_page_size_and_its_maximum(kansli, org, settings):
    projekt = [register(kansli, titel=f"Projekt {i}") for i in range(5)]
    client = token_client(kansli)
    first = client.get(url("delprojekt", page_size=2)).json()
    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert first["next"].endswith("page=2&page_size=2")
    seen = [r["id"] for r in first["results"]]
    for page in (2, 3):
        seen += ids(client.get(url("delprojekt", page_size=2, page=page)))
    assert sorted(seen) == sorted(p.pk for p in projekt)
    settings.SFBV_API_MAX_PAGE_SIZE = 3
    assert len(ids(client.get(url("delprojekt", page_size=100)))) == 3
    assert client.get(url("delprojekt", page=99)).status_code == 404


@pytest.mark.parametrize("persona", ["kansli", "ordforande"])
def test_every_list_stays_within_the_query_budget(
    request, persona, org, kansli, ordforande, project_a, django_assert_max_num_queries
):
    fyll(project_a, org, kansli, nr=1)
    for i in range(12):
        fyll(register(kansli, titel=f"Projekt {i}"), org, kansli, nr=i + 2)
    client = token_client(request.getfixturevalue(persona))
    for namn in LISTOR:
        with django_assert_max_num_queries(15):
            response = client.get(url(namn, page_size=100))
        assert response.status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(f"/api/v1/delprojekt/{project_a.referens}/").status_code == 200


def test_the_api_is_throttled_per_user(kansli, reader, data_a, settings):
    settings.SFBV_API_RATE = "2/min"
    client = token_client(kansli)
    assert client.get(url("delprojekt")).status_code == 200
    assert client.get(url("beslut")).status_code == 200
    response = client.get(url("delprojekt"))
    assert response.status_code == 429
    assert "Retry-After" in response
    # Another user has a count of their own.
    assert token_client(reader).get(url("delprojekt")).status_code == 200


# --- Schema and documentation ------------------------------------------------------------


def test_the_schema_needs_a_token_or_a_session(kansli):
    assert Client().get("/api/v1/schema/").status_code == 401
    response = token_client(kansli).get("/api/v1/schema/", headers={"Accept": "application/json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/delprojekt/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["apiNyckel"]["scheme"] == "bearer"


def test_the_docs_page_uses_only_local_files(kansli, client):
    assert client.get("/api/v1/docs/").status_code == 302
    client.force_login(kansli)
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html and "<style>" not in html
    assert "swagger-ui-bundle.js" in html and "cdn" not in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()


def test_an_unknown_address_under_the_api_is_a_json_404(kansli):
    client = token_client(kansli)
    for path in ("/api/v1/beslut/0.5/", "/api/v1/finns-inte/", "/api/v1/delprojekt/%C2%84/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Sidan finns inte."}


def test_an_administrator_lists_and_revokes_keys_in_the_admin(client, kansli, data_a):
    from django.contrib.auth import get_user_model

    ny = api_token_create(user=kansli, name="Power BI")
    admin = get_user_model().objects.create_superuser("admin", "admin@example.test", "x")
    client.force_login(admin)
    lista = client.get("/admin/api/apitoken/")
    assert lista.status_code == 200
    assert "Power BI" in lista.content.decode() and ny.token.prefix in lista.content.decode()
    # Keys are made by their holder only, and a revoked key stays on record.
    assert client.get("/admin/api/apitoken/add/").status_code == 403
    svar = client.post(
        "/admin/api/apitoken/",
        {"action": "aterkalla", "_selected_action": [ny.token.pk]},
        follow=True,
    )
    assert "1 nyckel återkallad." in svar.content.decode()
    ny.token.refresh_from_db()
    assert ny.token.revoked_at is not None
    assert (
        Client(headers={"Authorization": f"Bearer {ny.key}"}).get(url("delprojekt")).status_code
        == 401
    )


def test_revoking_others_keys_needs_the_right_to_change_them(kansli, reader):
    from api.services import api_tokens_revoke_as_admin
    from delprojekt.services.errors import NotAllowed

    api_token_create(user=kansli, name="Excel")
    with pytest.raises(NotAllowed):
        api_tokens_revoke_as_admin(user=reader, tokens=ApiToken.objects.all())
    assert ApiToken.objects.active().count() == 1

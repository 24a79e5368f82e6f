"""The page of personal API tokens (/konto/api-nycklar/)."""

from __future__ import annotations

import pytest
from django.test import Client

from api.models import ApiToken
from api.services import MAX_ACTIVE_TOKENS, api_token_create, hash_key

pytestmark = pytest.mark.django_db

SIDA = "/konto/api-nycklar/"


def aterkalla(token: ApiToken) -> str:
    return f"{SIDA}{token.pk}/aterkalla/"


@pytest.fixture
def inloggad(kansli) -> Client:
    client = Client()
    client.force_login(kansli)
    return client


def test_the_page_needs_a_login(org):
    response = Client().get(SIDA)
    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")


def test_a_new_key_is_shown_once_and_stored_only_as_its_hash(inloggad, kansli):
    response = inloggad.post(SIDA, {"name": "  Power BI  "})
    assert response.status_code == 302
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.revoked_at) == (kansli, "Power BI", None)
    forsta = inloggad.get(SIDA)
    html = forsta.content.decode()
    assert "Kopiera nyckeln nu" in html
    key = html.split(f"sfbv_{token.prefix}_", 1)[1].split("<", 1)[0]
    assert hash_key(f"sfbv_{token.prefix}_{key}") == token.hashed_key
    assert "no-store" in forsta["Cache-Control"]
    andra = inloggad.get(SIDA).content.decode()
    assert "Kopiera nyckeln nu" not in andra
    assert key not in andra
    assert token.prefix in andra and "Aldrig" in andra


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "Ge nyckeln ett namn"), ("   ", "Ge nyckeln ett namn"), ("x" * 101, "100 tecken")],
)
def test_a_key_without_a_proper_name_is_refused(inloggad, name, message):
    response = inloggad.post(SIDA, {"name": name})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ApiToken.objects.exists()


def test_there_is_a_limit_to_active_keys(inloggad, kansli):
    for i in range(MAX_ACTIVE_TOKENS):
        api_token_create(user=kansli, name=f"Nyckel {i}")
    response = inloggad.post(SIDA, {"name": "En till"})
    assert response.status_code == 400
    assert "Återkalla någon först" in response.content.decode()
    assert ApiToken.objects.count() == MAX_ACTIVE_TOKENS


def test_a_user_revokes_their_key(inloggad, kansli):
    token = api_token_create(user=kansli, name="Excel").token
    assert inloggad.get(aterkalla(token)).status_code == 405
    response = inloggad.post(aterkalla(token), follow=True)
    assert "är återkallad" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    again = inloggad.post(aterkalla(token), follow=True)
    assert "redan återkallad" in again.content.decode()


def test_nobody_revokes_someone_elses_key(inloggad, reader):
    token = api_token_create(user=reader, name="Läsarens").token
    response = inloggad.post(aterkalla(token), follow=True)
    assert "finns inte" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "Läsarens" not in inloggad.get(SIDA).content.decode()


def test_the_forms_need_the_csrf_token(kansli):
    client = Client(enforce_csrf_checks=True)
    client.force_login(kansli)
    token = api_token_create(user=kansli, name="Excel").token
    assert client.post(SIDA, {"name": "Utan CSRF"}).status_code == 403
    assert client.post(aterkalla(token)).status_code == 403
    assert ApiToken.objects.count() == 1
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_page_stays_within_the_query_budget(inloggad, kansli, django_assert_max_num_queries):
    for i in range(10):
        api_token_create(user=kansli, name=f"Nyckel {i}")
    with django_assert_max_num_queries(15):
        assert inloggad.get(SIDA).status_code == 200


def test_the_menu_links_to_the_page(inloggad):
    assert f'href="{SIDA}"' in inloggad.get("/").content.decode()


def test_the_key_form_labels_its_field_without_a_colon(client, kansli):
    client.force_login(kansli)
    body = client.get("/konto/api-nycklar/").content.decode()
    assert "Namn på nyckeln</label>" in body
    assert "Namn på nyckeln:" not in body

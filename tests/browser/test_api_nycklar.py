"""A user makes a personal API token on a phone, uses it, and revokes it; the API's
documentation page runs under the site's Content-Security-Policy."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import expect

from api.models import ApiToken
from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def _logga_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def _ryms(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_a_user_makes_uses_and_revokes_a_token_on_a_phone(page, live_server, kansli, project_a):
    page.set_viewport_size({"width": 390, "height": 844})
    _logga_in(page, live_server, "kansli")
    page.locator("summary.site-menu__toggle").click()
    page.get_by_role("link", name="API-nycklar").click()
    expect(page.get_by_role("heading", level=1, name="API-nycklar")).to_be_visible()
    expect(page.get_by_text("Du har inga API-nycklar ännu.")).to_be_visible()
    assert_accessible(page)
    assert _ryms(page)

    page.get_by_role("button", name="Skapa nyckel").click()
    expect(page.get_by_role("alert")).to_contain_text("Ge nyckeln ett namn")
    assert ApiToken.objects.count() == 0

    page.get_by_label("Namn på nyckeln").fill("Power BI, månadsrapport")
    page.get_by_role("button", name="Skapa nyckel").click()
    nyckel = page.get_by_label("API-nyckel").input_value()
    assert nyckel.startswith("sfbv_")
    assert_accessible(page)
    assert _ryms(page)
    token = ApiToken.objects.get()
    expect(page.get_by_role("cell", name=token.prefix)).to_be_visible()

    api = Client(headers={"Authorization": f"Bearer {nyckel}"})
    assert api.get("/api/v1/delprojekt/").json()["results"][0]["referens"] == project_a.referens

    page.reload()  # neither a second key nor the first one shown again
    expect(page.get_by_label("API-nyckel")).to_have_count(0)
    assert ApiToken.objects.count() == 1
    page.get_by_role("button", name="Återkalla Power BI, månadsrapport").click()
    expect(page.get_by_text("är återkallad")).to_be_visible()
    expect(page.get_by_role("cell", name="Återkallad")).to_be_visible()
    assert_accessible(page)
    assert _ryms(page)
    assert api.get("/api/v1/delprojekt/").status_code == 401


def test_the_documentation_page_runs_under_the_sites_csp(strict_page, live_server, kansli):
    _logga_in(strict_page, live_server, "kansli")
    strict_page.goto(f"{live_server.url}/api/v1/docs/")
    expect(strict_page.get_by_role("heading", level=1, name="SFBV API", exact=True)).to_be_visible()
    # Swagger UI has read the schema and drawn an operation per path.
    expect(strict_page.get_by_text("/api/v1/delprojekt/{referens}/")).to_be_visible()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_documentation_page_is_accessible(page, live_server, kansli, width):
    page.set_viewport_size({"width": width, "height": 844})
    _logga_in(page, live_server, "kansli")
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.get_by_text("/api/v1/delprojekt/{referens}/")).to_be_visible()
    assert_accessible(page)
    assert _ryms(page)

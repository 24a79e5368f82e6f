"""The search in the browser: from the header's box to a hit, on a desktop and a phone,
without accessibility violations or sideways scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.test_journey import login
from tests.conftest import register

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_the_header_search_finds_a_project_and_leads_to_it(
    page: Page, live_server, kansli, org, width
):
    dp = register(
        kansli,
        titel="Kirurgisk behandling av höftfraktur dygnet runt med ett långt namn",
        syfte="Att alla höftfrakturer opereras inom 24 timmar.",
    )
    page.set_viewport_size({"width": width, "height": 844})
    login(page, live_server.url, "kansli")
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    if width < 768:
        # On a phone the search box is in the folded menu.
        page.get_by_text("Meny").click()
    box = page.get_by_role("search").first.get_by_label("Sök")
    box.fill("kirurgi")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Sök")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Delprojekt")).to_be_visible()
    expect(page.locator(".sok-traff mark").first).to_be_visible()
    assert_accessible(page)
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    page.get_by_role("link", name="Kirurgisk behandling av höftfraktur").click()
    expect(page).to_have_url(f"{live_server.url}{dp.get_absolute_url()}")


def test_a_search_without_letters_gets_a_message(page: Page, live_server, kansli):
    login(page, live_server.url, "kansli")
    page.goto(f"{live_server.url}/sok/?q=%26%7C%21%28%29")
    expect(page.get_by_text("Skriv minst en bokstav eller siffra.")).to_be_visible()
    assert_accessible(page)

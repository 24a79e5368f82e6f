"""The kansli's first journey, in a real browser, with an accessibility check on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from delprojekt.models import Delprojekt, Stallningstagande, Status
from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/logga-in/")
    assert_accessible(page)
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    # Logging in lands on the start page; the journeys go on from the portfolio.
    expect(page.get_by_role("heading", level=1)).to_have_text("Att göra")
    page.goto(f"{base}/delprojekt/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Delprojektportfölj")


def login_in_new_page(browser, base: str, username: str) -> Page:
    """A new page of its own, logged in as ``username`` (for a second person at once)."""
    page = browser.new_page(locale="sv-SE")
    page.goto(f"{base}/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Att göra")
    page.goto(f"{base}/delprojekt/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Delprojektportfölj")
    return page


def test_kansli_takes_a_proposal_to_a_start_decision(
    page: Page, live_server, kansli, lg_members, org, outsider, browser
):
    base = live_server.url
    login(page, base, "kansli")
    assert_accessible(page)

    # Register a proposal with what the preparation needs.
    page.get_by_role("link", name="Registrera förslag").first.click()
    assert_accessible(page)
    page.get_by_label("Titel").fill("Ryggkirurgi i Södra sjukvårdsregionen")
    page.get_by_label("Förslaget kommer från").select_option("chefsgrupp")
    page.get_by_label("Kort underlag").fill(
        "Väntetiderna för ryggkirurgi skiljer sig mellan regionerna."
    )
    page.get_by_label("Syfte", exact=True).fill("Jämlik tillgång till ryggkirurgi.")
    page.get_by_label("Mål", exact=True).fill("Gemensamma indikationer och kortare väntetider.")
    page.get_by_label("Förväntat utfall").fill("Ett förslag till arbetsfördelning.")
    for region in org.regioner[:3]:
        page.get_by_label(region.namn).check()
    page.get_by_label("Tillgänglighet").check()
    page.get_by_label("Avstämt med samarbetsgruppen").fill("2026-11-02")
    page.get_by_role("button", name="Registrera förslaget").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ryggkirurgi i Södra sjukvårdsregionen"
    )
    expect(
        page.get_by_text(re.compile(r"Förslaget är registrerat som SFBV-\d{4}-001"))
    ).to_be_visible()
    assert_accessible(page)
    dp = Delprojekt.objects.get()
    detail_url = page.url

    # Prepare it: the kansli starts the preparation, using only the keyboard.
    page.get_by_role("link", name="Påbörja beredning").click()
    assert_accessible(page)
    page.get_by_label("Kommentar").focus()
    page.keyboard.type("Kansliet har kontaktat chefsamrådet.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Delprojektet har nu status »Under beredning«")).to_be_visible()

    # Put it before the ledningsgrupp.
    page.get_by_role("link", name="Lägg fram för startbeslut").click()
    assert_accessible(page)
    page.get_by_role("button", name="Lägg fram för startbeslut").click()
    expect(page.get_by_text("Delprojektet har nu status »Väntar på startbeslut«")).to_be_visible()
    assert_accessible(page)

    # The ledningsgrupp decided per capsulam: recorded with all four members' positions.
    # (A decision at a meeting is recorded on the meeting's item: test_beslut_journey.)
    page.locator("#nasta-steg ~ ul a[href$='/overgang/starta/']").click()
    assert_accessible(page)
    page.get_by_label("Per capsulam").check()
    page.get_by_label("Beslutsdatum").fill("2026-11-20")
    page.get_by_label("Beslutstext").fill("Ledningsgruppen beslutar att starta delprojektet.")
    for select in page.locator("select[name^=position_]").all():
        select.select_option("instammer")
    page.get_by_role("button", name="Starta delprojektet").click()
    expect(page.get_by_text("Delprojektet har nu status »Uppdrag formuleras«")).to_be_visible()
    assert_accessible(page)

    dp.refresh_from_db()
    assert dp.status == Status.UPPDRAG
    assert Stallningstagande.objects.filter(delprojekt=dp, position="instammer").count() == 4
    expect(page.locator(".timeline")).to_contain_text(
        "Ledningsgruppen beslutar att starta delprojektet."
    )

    # An outsider cannot see it: not in the list, and the page answers 404.
    other = browser.new_context(locale="sv-SE", bypass_csp=True)
    outsider_page = other.new_page()
    login(outsider_page, base, "utomstaende")
    expect(outsider_page.get_by_text(dp.referens)).to_have_count(0)
    response = outsider_page.goto(detail_url)
    assert response is not None and response.status == 404
    assert_accessible(outsider_page)
    other.close()

"""An anonymous visitor in the public part: from the login page to /oppet/, a published
demo project, its decision, its PDF, the feed, the open data and the accessibility
statement with its report form; every page axe-clean at desktop width and at 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from delprojekt.models import Delprojekt
from demo.loader import AVPUBLICERADE, load_demo
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

NO_OVERFLOW = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
RYGG = "Ryggkirurgi – gemensamma indikationer och arbetsfördelning"


def check(page: Page, wide: bool) -> None:
    assert_accessible(page)
    if not wide:
        assert page.evaluate(NO_OVERFLOW), f"{page.url} är bredare än 390 px"
        hojd = page.evaluate(
            "document.querySelector('.site-header').getBoundingClientRect().height"
        )
        assert hojd <= 120, f"{page.url}: sidhuvudet är {hojd:.0f} px högt"


def test_an_anonymous_visitor_reads_the_public_part(page: Page, live_server):
    assert load_demo() is True
    for bredd in (1280, 390):
        page.context.clear_cookies()
        journey(page, live_server.url, bredd)


def journey(page: Page, base: str, bredd: int) -> None:
    page.set_viewport_size({"width": bredd, "height": 900})
    wide = bredd > 390

    page.goto(f"{base}/logga-in/")
    page.get_by_role("link", name="Se publicerade delprojekt och beslut utan att logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Delprojekt i Samarbete för bättre vård"
    )
    expect(page.get_by_text("6 publicerade delprojekt")).to_be_visible()
    # The withdrawn demo project is not listed.
    for titel in AVPUBLICERADE:
        expect(page.get_by_role("link", name=titel)).to_have_count(0)
    check(page, wide)

    page.get_by_role("textbox", name="Sök").fill("ryggkirurgi")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_text("1 publicerat delprojekt")).to_be_visible()
    page.get_by_role("link", name=RYGG).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(RYGG)
    expect(page.get_by_role("heading", name="Beslut", exact=True)).to_be_visible()
    # The chair's name is published for this demo project, nobody else's.
    expect(page.locator("dl.facts")).to_contain_text("Ordförande")
    check(page, wide)

    pdf_link = page.get_by_role("link", name="Slutrapport, godkänd version")
    href = pdf_link.get_attribute("href")
    assert href and href.endswith(".pdf")
    response = page.request.get(f"{base}{href}")
    assert response.status == 200 and response.body().startswith(b"%PDF")

    page.get_by_role("link", name="Beslut", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organens beslut")
    check(page, wide)
    page.locator("main ul.oppet-ar a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("beslut")
    check(page, wide)

    feed = page.request.get(f"{base}/oppet/flode.atom")
    assert feed.status == 200 and b"<feed" in feed.body()

    page.get_by_role("link", name="Öppna data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Öppna data")
    check(page, wide)
    zip_href = page.get_by_role("link", name="Hämta som CSV-filer (ZIP med README.txt)")
    data = page.request.get(f"{base}{zip_href.get_attribute('href')}")
    assert data.status == 200 and data.body().startswith(b"PK")

    page.get_by_role("link", name="Tillgänglighetsredogörelse").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tillgänglighet")
    check(page, wide)
    page.get_by_role("link", name="Rapportera en brist i tillgängligheten").click()
    page.get_by_role("button", name="Skicka").click()
    expect(page.get_by_role("alert")).to_contain_text("Beskriv vad som inte fungerar.")
    check(page, wide)
    page.get_by_label("Beskriv problemet").fill("Rubrikerna läses upp i fel ordning.")
    page.get_by_role("button", name="Skicka").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för din rapport")
    check(page, wide)

    # An unpublished demo project is not there, whatever the address.
    hidden = Delprojekt.objects.exclude(publicering__publicerad=True).order_by("pk").first()
    assert hidden is not None
    response = page.goto(f"{base}/oppet/delprojekt/{hidden.referens}/")
    assert response is not None and response.status == 404

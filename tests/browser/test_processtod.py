"""The kansli records a processtöd post and its invoice on a phone: refusals in Swedish,
every page axe-clean and no sideways scrolling at 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from processtod.models import Processtodsfaktura, Processtodstjanst
from tests.browser.axe import assert_accessible
from tests.browser.test_journey import login

pytestmark = pytest.mark.browser


def fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert_accessible(page)


def test_the_kansli_records_a_post_and_its_invoice_on_a_phone(
    page: Page, live_server, kansli, project_a
):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server.url, "kansli")
    page.get_by_role("link", name="Processtöd och dess fakturering").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Processtöd")
    fits(page)
    page.get_by_role("link", name="Ny tjänst").click()
    page.get_by_label("Benämning").fill("Processtöd 5")
    page.get_by_label("Region", exact=True).select_option(label="Region Halland")
    page.get_by_label("Från", exact=True).fill("2026-06-01")
    page.get_by_label("Till", exact=True).fill("2026-01-01")
    page.get_by_label("Lönekostnad per månad vid heltid (kr)").fill("50000")
    page.get_by_label("Finansieras solidariskt (undantag)").check()
    page.get_by_label(f"{project_a.referens} {project_a.titel}").check()
    page.get_by_role("button", name="Spara").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Slutdatum kan inte vara före startdatum.")
    expect(summary).to_contain_text("ange skälet till undantaget")
    fits(page)
    assert not Processtodstjanst.objects.exists()

    page.get_by_label("Till", exact=True).fill("2026-12-31")
    page.get_by_label("Skäl till undantaget").fill("Ingen region kunde avsätta någon.")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Processtöd 5, Region Halland")
    expect(page.get_by_text("Tjänsten finansieras solidariskt.")).to_be_visible()
    fits(page)

    page.get_by_role("link", name="Registrera faktura").click()
    page.get_by_label("Halvår").select_option(label="Första halvåret (januari–juni)")
    page.get_by_label("Status").select_option(label="Mottagen")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Ange fakturans referens när fakturan har kommit."
    )
    fits(page)
    page.get_by_label("Fakturans referens").fill("F-2026-17")
    page.get_by_role("button", name="Spara").click()
    # June only: 1 month × 50 000 × 100 % × 50 %.
    expect(page.get_by_role("cell", name="25 000 kr").first).to_be_visible()
    faktura = Processtodsfaktura.objects.get()
    assert faktura.referens == "F-2026-17" and faktura.status == "mottagen"

    page.get_by_role("link", name="Processtöd", exact=True).click()
    page.get_by_role("link", name="Fakturering per region och år (2026)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fakturering av processtöd 2026")
    fits(page)

    page.goto(f"{live_server.url}{project_a.get_absolute_url()}")
    section = page.locator("section.processtod-sektion")
    expect(section).to_contain_text("finansieras solidariskt")
    expect(section).to_contain_text("Ingen region kunde avsätta någon.")
    fits(page)

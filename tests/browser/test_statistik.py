"""The statistics page in the browser: reached from the menu, filtered with the form,
accessible, and without sideways scrolling on a 390 px wide phone."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from delprojekt.models import Status
from tests.browser.axe import assert_accessible
from tests.browser.test_journey import login
from tests.test_statistik import overgang, projekt

pytestmark = pytest.mark.browser

NO_OVERFLOW = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def test_the_statistics_page_is_filtered_accessible_and_fits_a_phone(
    page: Page, live_server, kansli, org
):
    today = timezone.localdate()
    S = Status
    for i, region in enumerate(org.regioner):
        registrerad = today - datetime.timedelta(days=400 + 30 * i)
        dp = projekt(
            kansli,
            f"Delprojekt {region.kortnamn}",
            registrerad=registrerad,
            status=S.UPPDRAG,
            regioner=[region],
        )
        overgang(dp, "starta", S.STARTBESLUT, S.UPPDRAG, registrerad + datetime.timedelta(60 + i))

    login(page, live_server.url, "kansli")
    page.get_by_role("link", name="Statistik", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistik")
    expect(
        page.get_by_text("Urval: alla år, alla regioner, alla fokusområden – 4 delprojekt.")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Region", exact=True).select_option(label="Region Halland")
    page.get_by_role("button", name="Visa").click()
    expect(
        page.get_by_text("Urval: alla år, Region Halland, alla fokusområden – 1 delprojekt.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Exportera till Excel")).to_have_attribute(
        "href", f"/statistik/statistik.xlsx?region={org.regioner[1].pk}"
    )
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate(NO_OVERFLOW)
    assert_accessible(page)

    pdf = page.request.get(
        f"{live_server.url}/statistik/manadsrapport.pdf?ar={today.year}&manad={today.month}"
        f"&region={org.regioner[1].pk}"
    )
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"

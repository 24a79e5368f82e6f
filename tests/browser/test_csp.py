"""Every main page keeps to its Content-Security-Policy in a browser that enforces it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from delprojekt.models import Status, Uppfoljningsparameter
from tests.conftest import register
from tests.factories import PASSWORD
from tests.workflow_helpers import walk_to
from uppfoljning.models import Matvarde

pytestmark = pytest.mark.browser


def test_the_main_pages_report_no_csp_violations(strict_page, live_server, kansli, org, lg_members):
    dp = walk_to(register(kansli, titel="Höftledsplastik"), Status.UPPFOLJNING, org=org,
                 kansli=kansli, lg_members=lg_members)  # fmt: skip
    parameter = Uppfoljningsparameter.objects.filter(delprojekt=dp).first()
    assert parameter is not None
    for i, region in enumerate(org.regioner):
        Matvarde.objects.create(
            parameter=parameter, region=region, datum=datetime.date(2025, 6, 1), varde=40 - i
        )
    page = strict_page
    base = live_server.url

    page.goto(f"{base}/logga-in/")
    page.get_by_label("Användarnamn").fill("kansli")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Att göra")
    assert (
        "frame-ancestors 'none'"
        in page.context.request.get(f"{base}/").headers["content-security-policy"]
    )

    for path in [
        reverse("delprojekt:portfolio"),
        reverse("delprojekt:register"),
        dp.get_absolute_url(),
        reverse("uppfoljning:parametrar", args=[dp.referens]),
        reverse("uppfoljning:oversikt"),
        reverse("beslut:oversikt"),
        reverse("sammantrade:lista"),
        reverse("epost:lista"),
        reverse("sammantrade:kalender"),  # last: the calendar's button is pressed below
    ]:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("load")
    page.get_by_role("button", name="Skapa kalenderadress").click()
    expect(page.get_by_label("Din personliga kalenderadress")).to_be_visible()


def test_the_boards_recommendation_is_previewed_while_it_is_written(
    strict_page, live_server, kansli, org, lg_members
):
    """sfbv.js runs under the site's policy: the preview follows the field as it is typed."""
    dp = walk_to(register(kansli, titel="Barnreumatologi"), Status.NAMND, org=org, kansli=kansli,
                 lg_members=lg_members)  # fmt: skip
    forslag = dp.atgardsforslag.first()
    assert forslag is not None
    page = strict_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill("kansli")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto(
        f"{live_server.url}{reverse('delprojekt:transition', args=[dp.referens, 'rekommendera'])}"
    )
    preview = page.locator(f'[data-rek-for="id_rek_{forslag.pk}"] .rek-forhandsvisning__text')
    expect(preview).to_contain_text("rekommenderar regionerna att")
    field = page.locator(f"#id_rek_{forslag.pk}")
    field.fill("Södra regionvårdsnämnden rekommenderar regionerna att inför vårdplanen.")
    expect(preview).to_have_text(
        "Södra regionvårdsnämnden rekommenderar regionerna att inför vårdplanen."
    )
    field.fill("")
    expect(preview).to_have_text("(tom – skriv nämndens rekommendation)")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

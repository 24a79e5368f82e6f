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

"""The start page in the browser: the kansli's and a writer's lists pass the
accessibility check and fit a phone's width."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from delprojekt.models import Dokument, Granskningskommentar, Kapitel, Sammantrade
from tests.browser.axe import assert_accessible
from tests.browser.test_journey import login
from tests.conftest import person_of, register

pytestmark = pytest.mark.browser


@pytest.fixture
def work(kansli, org, ordforande, project_a):
    writer = person_of(ordforande)
    dokument, _c = Dokument.objects.get_or_create(delprojekt=project_a, typ="slutrapport")
    kapitel, _c = Kapitel.objects.update_or_create(
        dokument=dokument, nyckel="analys", defaults={"skribent": writer}
    )
    Granskningskommentar.objects.create(kapitel=kapitel, text="Källa?", skriven_av=kansli)
    register(
        kansli, titel="Ett mycket långt projektnamn om vårdkedjan", kontaktperson=person_of(kansli)
    )
    Sammantrade.objects.create(
        organ=org.kansli, start=timezone.now() + datetime.timedelta(days=4), plats="Rum 1"
    )
    return project_a


@pytest.mark.parametrize("username", ["kansli", "ordf"])
def test_the_start_page_is_accessible_and_fits_a_phone(page: Page, live_server, work, username):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server.url, username)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Att göra")
    # On a phone the menu is folded: its button carries the count of things to do.
    expect(page.locator("summary.site-menu__toggle")).to_contain_text("(")
    assert_accessible(page)
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    if username == "ordf":
        link = page.get_by_role("link", name=f"{work.referens}: Analys").first
        expect(link).to_have_attribute(
            "href", f"/delprojekt/{work.referens}/dokument/slutrapport/analys/"
        )

"""Every demo persona logs in, lands on the start page and follows each of its entries:
the page is axe-clean, and every entry's link opens the page where the work is done,
at the place it names (the anchor exists there)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from demo.loader import DEMO_PASSWORD, load_demo
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

#: Persona -> sections its start page must show on the demo data.
PERSONAS = {
    "kansli1": {"kontaktprojekt", "beslutskoer", "utan_kallelse", "regionbeslut", "forankring"},
    "lg-halland": {"sammantraden", "stallningstaganden", "mina_koer"},
    "samarbetsgrupp": {"mina_koer"},
    "tidigare-ordforande": {"uppfoljningsrapporter"},
    "samordnare-halland": {"regionbeslut", "inforande"},
    "ordforande": set(),
    "lasare": set(),
}


def test_each_persona_lands_on_its_start_page_and_each_entry_leads_to_the_work(
    page: Page, live_server, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert load_demo() is True
    base = live_server.url
    for username, expected in PERSONAS.items():
        page.context.clear_cookies()
        page.goto(f"{base}/logga-in/")
        page.get_by_label("Användarnamn").fill(username)
        page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Att göra")
        assert_accessible(page)
        shown = set(page.eval_on_selector_all("section.start-sektion", "s => s.map(e => e.id)"))
        assert expected <= shown, f"{username}: {sorted(expected - shown)} missing"
        if "uppfoljningsrapporter" in expected:
            expect(page.locator("#uppfoljningsrapporter")).to_contain_text("försenad")
        links = page.eval_on_selector_all(
            "section.start-sektion li a", "as => as.map(a => a.getAttribute('href'))"
        )
        for href in dict.fromkeys(links):
            response = page.goto(f"{base}{href}")
            assert response is not None and response.status == 200, f"{username}: {href}"
            if "#" in href:
                anchor = href.split("#", 1)[1]
                assert page.locator(f"[id='{anchor}']").count() == 1, f"{username}: {href}"

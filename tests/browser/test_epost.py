"""The kansli finds mail that could not be sent and sends it again, on a phone too."""

from __future__ import annotations

import pytest
from django.core.mail.backends import locmem
from playwright.sync_api import expect

from delprojekt.models import Utskick
from delprojekt.services import notifications, utkorg
from tests import factories as f
from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_the_kansli_sends_a_failed_mail_again(page, live_server, kansli, monkeypatch):
    person = f.PersonFactory(namn="Maja Mottagare", epost="maja.mottagare@example.test")
    notifications.send_to([person], "delprojekt/email/overgang", {"h": None, "dp": None})

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("Anslutningen nekades av e-postservern")

    with monkeypatch.context() as m:
        m.setattr(locmem.EmailBackend, "send_messages", broken)
        assert utkorg.leverera().misslyckade == 1

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill("kansli")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    # On a phone the menu is folded behind its "Meny" button.
    page.locator("summary.site-menu__toggle").click()
    page.get_by_role("link", name="E-post").click()
    expect(page.get_by_role("heading", level=2, name="Kunde inte skickas (1)")).to_be_visible()
    expect(page.get_by_text("Anslutningen nekades av e-postservern")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    page.get_by_role("button", name="Skicka igen till maja.mottagare@example.test").click()
    expect(page.get_by_text("ligger i kön igen")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Kunde inte skickas (0)")).to_be_visible()
    assert Utskick.objects.get().status == Utskick.Status.KOAD

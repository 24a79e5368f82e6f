"""A person on a phone reads their notifications, marks them as read and chooses when
to get mail; both pages are accessible and fit 390 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from delprojekt.models import Notis, Notisinstallning, Notistyp
from tests.browser.axe import assert_accessible
from tests.conftest import person_of
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def _logga_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def _ryms(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_notifications_and_their_settings_on_a_phone(page, live_server, kansli, project_a):
    me = person_of(kansli)
    for text, typ in [
        (f"{project_a.referens} {project_a.titel}: Under beredning", Notistyp.BESLUT),
        ("Justera protokollet: Ledningsgruppen 2026-03-10", Notistyp.PLIKT),
    ]:
        Notis.objects.create(
            person=me, typ=typ, text=text, lank=project_a.get_absolute_url(), epost="direkt"
        )
    page.set_viewport_size({"width": 390, "height": 844})
    _logga_in(page, live_server, "kansli")
    page.locator("summary.site-menu__toggle").click()
    page.get_by_role("link", name=re.compile(r"^Notiser \(2\)\s*olästa$")).click()
    expect(page.get_by_role("heading", level=1, name="Notiser")).to_be_visible()
    expect(page.get_by_text("2 olästa notiser.")).to_be_visible()
    assert_accessible(page)
    assert _ryms(page)

    page.get_by_role("button", name="Markera som läst: Justera protokollet").click()
    expect(page.get_by_text("1 oläst notis.")).to_be_visible()
    page.get_by_role("button", name="Markera alla som lästa").click()
    expect(page.get_by_text("1 notis är markerad som läst.")).to_be_visible()
    assert not Notis.objects.filter(last__isnull=True).exists()
    assert_accessible(page)
    assert _ryms(page)

    page.get_by_role("link", name="Välj när du vill få e-post").click()
    expect(page.get_by_role("heading", level=1, name="Notisinställningar")).to_be_visible()
    assert_accessible(page)
    assert _ryms(page)
    page.get_by_role("group", name="Sammanträden").get_by_label("Daglig sammanfattning").check()
    page.get_by_role("group", name="Kommentarer på mina kapitel").get_by_label("Inte alls").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Dina notisinställningar är sparade.")).to_be_visible()
    saved = dict(Notisinstallning.objects.filter(person=me).values_list("typ", "val"))
    assert saved["sammantrade"] == "sammanfattning"
    assert saved["kommentar"] == "av"
    assert saved["beslut"] == "direkt"
    expect(
        page.get_by_role("group", name="Sammanträden").get_by_label("Daglig sammanfattning")
    ).to_be_checked()
    assert_accessible(page)
    assert _ryms(page)

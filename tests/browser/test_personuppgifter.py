"""The kansli finds a person, downloads the register extract and anonymises them, on a
phone, with no accessibility violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from delprojekt.models import Anonymisering, Person
from tests import factories as f
from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def _fits(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_the_kansli_anonymises_a_person_on_a_phone(page, live_server, kansli, org):
    user = f.UserFactory(username="frida")
    person = f.PersonFactory(
        namn="Frida Fiktivsson", epost="frida.fiktivsson@example.test", user=user
    )
    f.OrganmedlemskapFactory(person=person, organ=org.samarbetsgrupp)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill("kansli")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.locator("summary.site-menu__toggle").click()
    page.get_by_role("link", name="Personuppgifter").click()
    expect(page.get_by_role("heading", level=1, name="Personuppgifter")).to_be_visible()
    assert_accessible(page)
    assert _fits(page)

    page.get_by_label("Sök person").fill("Fiktivsson")
    page.get_by_role("button", name="Sök", exact=True).first.click()
    page.get_by_role("link", name="Frida Fiktivsson").click()
    expect(page.get_by_role("heading", level=1, name="Frida Fiktivsson")).to_be_visible()
    expect(page.get_by_text("Aktuellt medlemskap i: Samarbetsgruppen")).to_be_visible()
    assert_accessible(page)
    assert _fits(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Hämta registerutdrag (PDF)").click()
    assert download.value.suggested_filename == f"registerutdrag-person-{person.pk}.pdf"

    page.get_by_role("link", name="Anonymisera personen").click()
    expect(page.get_by_role("heading", level=1, name="Anonymisera personen")).to_be_visible()
    assert_accessible(page)
    assert _fits(page)
    # Without the tick, nothing happens and the error says why.
    page.get_by_label("Skäl").fill("Begäran om radering, dnr 2026/17")
    page.get_by_role("button", name="Anonymisera för gott").click()
    expect(
        page.get_by_text("Bekräfta att anonymiseringen inte går att ångra.").first
    ).to_be_visible()
    assert_accessible(page)
    assert Person.objects.get(pk=person.pk).anonymiserad is None

    page.get_by_label("Jag förstår att anonymiseringen inte går att ångra.").check()
    page.get_by_role("button", name="Anonymisera för gott").click()
    pseudonym = f"Anonymiserad person {person.pk}"
    expect(page.get_by_role("heading", level=1, name=pseudonym)).to_be_visible()
    expect(page.get_by_text("Skäl: Begäran om radering, dnr 2026/17")).to_be_visible()
    assert_accessible(page)
    assert _fits(page)
    assert Anonymisering.objects.get().person_id == person.pk

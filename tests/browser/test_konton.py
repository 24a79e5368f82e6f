"""On a phone: asking for a new password from the login page, and adding an
authenticator app under the site's Content-Security-Policy, then logging in with it."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from mailer.models import Message
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def _ryms(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def _kontrollera(page) -> None:
    assert_accessible(page)
    assert _ryms(page)


def test_the_reset_pages_on_a_phone(page, live_server, kansli, settings):
    settings.SFBV_BASE_URL = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_role("link", name="Glömt lösenordet?").click()
    expect(page.get_by_role("heading", level=1, name="Glömt lösenordet?")).to_be_visible()
    _kontrollera(page)

    page.get_by_role("button", name="Skicka länk").click()
    expect(page.get_by_role("alert")).to_contain_text("Detta fält måste fyllas i.")
    _kontrollera(page)

    page.get_by_label("E-postadress").fill("kansli@example.test")
    page.get_by_role("button", name="Skicka länk").click()
    expect(page.get_by_role("heading", level=1, name="Kontrollera din e-post")).to_be_visible()
    _kontrollera(page)

    lank = re.search(r"(http\S+/konto/losenord/nytt/\S+/)", Message.objects.get().email.body)
    assert lank
    page.goto(lank.group(1))
    expect(page.get_by_role("heading", level=1, name="Välj ett nytt lösenord")).to_be_visible()
    _kontrollera(page)
    page.get_by_label("Nytt lösenord", exact=True).fill("12345678")
    page.get_by_label("Bekräfta nytt lösenord").fill("12345678")
    page.get_by_role("button", name="Spara lösenordet").click()
    expect(page.get_by_role("alert")).to_contain_text("alldeles för vanligt")
    _kontrollera(page)
    page.get_by_label("Nytt lösenord", exact=True).fill("Lingonris-och-mossa-7")
    page.get_by_label("Bekräfta nytt lösenord").fill("Lingonris-och-mossa-7")
    page.get_by_role("button", name="Spara lösenordet").click()
    expect(page.get_by_role("heading", level=1, name="Lösenordet är bytt")).to_be_visible()
    _kontrollera(page)

    page.goto(lank.group(1))
    expect(page.get_by_role("heading", level=1, name="Länken fungerar inte")).to_be_visible()
    _kontrollera(page)


def test_adding_an_app_on_a_phone_and_logging_in_with_it(strict_page, live_server, kansli):
    page = strict_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill("kansli")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.locator("summary.site-menu__toggle").click()
    page.get_by_role("link", name="Mitt konto").click()
    expect(page.get_by_role("heading", level=1, name="Mitt konto")).to_be_visible()
    page.get_by_role("link", name="Slå på tvåstegsverifiering").click()
    expect(page.get_by_role("heading", level=1, name="Tvåstegsverifiering")).to_be_visible()
    qr = page.get_by_role("img", name="QR-kod att skanna med autentiseringsappen")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] <= 390
    assert _ryms(page)

    hemlighet = page.locator("#hemlighet").inner_text().replace(" ", "")
    nyckel = _hex(hemlighet)
    page.get_by_label("Kod från appen").fill(f"{totp(bytes.fromhex(nyckel)):06d}")
    page.get_by_role("button", name="Slå på").click()
    expect(page.get_by_role("status")).to_contain_text("Tvåstegsverifiering är påslagen")
    assert TOTPDevice.objects.get(user=kansli).confirmed

    page.locator("summary.site-menu__toggle").click()
    page.get_by_role("button", name="Logga ut").click()
    page.get_by_label("Användarnamn").fill("kansli")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1, name="Skriv koden från appen")).to_be_visible()
    assert _ryms(page)
    page.get_by_label("Kod från appen").fill("12")
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_role("alert")).to_contain_text("Skriv de sex siffrorna")


@pytest.mark.parametrize("har_app", [False, True])
def test_the_app_and_code_pages_are_accessible(page, live_server, kansli, har_app):
    page.set_viewport_size({"width": 390, "height": 844})
    if har_app:
        TOTPDevice.objects.create(user=kansli, name="app", confirmed=True)
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill("kansli")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    if har_app:
        expect(page.get_by_role("heading", level=1, name="Skriv koden från appen")).to_be_visible()
        _kontrollera(page)
        page.get_by_role("button", name="Fortsätt").click()
        expect(page.get_by_role("alert")).to_be_visible()
        _kontrollera(page)
    else:
        page.goto(f"{live_server.url}/konto/tvastegsverifiering/")
        expect(page.get_by_role("heading", level=1, name="Tvåstegsverifiering")).to_be_visible()
        _kontrollera(page)
        page.get_by_role("button", name="Slå på").click()
        expect(page.get_by_role("alert")).to_be_visible()
        _kontrollera(page)
        page.goto(f"{live_server.url}/konto/")
        _kontrollera(page)
        page.goto(f"{live_server.url}/konto/losenord/byt/")
        _kontrollera(page)


def _hex(base32: str) -> str:
    padded = base32 + "=" * (-len(base32) % 8)
    return b32decode(padded).hex()

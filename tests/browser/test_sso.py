"""Logging in with the region's account through a real OpenID Connect provider.

The test starts the certified Node ``oidc-provider`` (tests/oidc/provider.js, installed
by `npm ci` in tests/oidc, which CI runs) on a free port, points the live server at it,
and goes the whole way in Chromium: the button on the login page, the provider's login
form, the code flow back, the person matched by e-mail with the roles from the groups
claim, and logging out at both ends."""

from __future__ import annotations

import copy
import re
import shutil
import socket
import subprocess
import threading
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from delprojekt.models import Organmedlemskap, Person
from sso.models import SsoMedlemskap
from tests import factories as f
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

OIDC_DIR = Path(__file__).resolve().parent.parent / "oidc"
EMAIL = "sigrid.sso@example.test"
LG_GRUPP = "grupp-ledningsgrupp"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def provider(live_server):
    node = shutil.which("node")
    assert node, "node saknas: webbläsartestet för OIDC kräver Node.js"
    assert (OIDC_DIR / "node_modules" / "oidc-provider").exists(), (
        "oidc-provider saknas: kör `npm ci` i tests/oidc (CI gör det)"
    )
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [node, "provider.js"],
        cwd=OIDC_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "PORT": str(port),
            "REDIRECT_URI": f"{live_server.url}/oidc/callback/",
            "POST_LOGOUT_REDIRECT_URI": f"{live_server.url}/logga-in/",
            "CLIENT_ID": "sfbv-test",
            "CLIENT_SECRET": "hemligt-i-testet",
            "USER_EMAIL": EMAIL.upper(),
            "USER_NAME": "Sigrid Ssonsson",
            "USER_GROUPS": f"{LG_GRUPP},grupp-utan-betydelse",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    output: list[str] = []
    # The provider prints a line once it listens; what it prints later (errors) is kept
    # by a thread and shown when the test fails.
    for line in process.stdout:
        output.append(line)
        if "oidc-provider ready" in line:
            break
    drain = threading.Thread(target=lambda: output.extend(process.stdout or []), daemon=True)
    drain.start()
    try:
        assert process.poll() is None, "oidc-provider startade inte:\n" + "".join(output)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        drain.join(timeout=10)
        process.stdout.close()
        print("".join(output))


@pytest.fixture
def oidc_settings(settings, provider):
    settings.SFBV_OIDC = True
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider}/auth"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider}/me"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider}/jwks"
    settings.OIDC_OP_LOGOUT_URL = f"{provider}/session/end"
    settings.OIDC_STORE_ID_TOKEN = True
    settings.SFBV_OIDC_ISSUER = provider
    settings.OIDC_RP_CLIENT_ID = "sfbv-test"
    settings.OIDC_RP_CLIENT_SECRET = "hemligt-i-testet"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "sso.backends.RegionensKonto",
    ]
    settings.SFBV_OIDC_GRUPPER = {LG_GRUPP: {"organ": "Ledningsgruppen", "roll": "ledamot"}}
    # As sfbv/settings.py allows the provider's logout as a form action.
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(provider)
    settings.CONTENT_SECURITY_POLICY = policy
    return settings


def test_the_login_page_offers_the_regions_account_accessibly_on_a_phone(
    page: Page, live_server, oidc_settings
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/logga-in/")
    expect(page.get_by_role("link", name="Logga in med regionens konto")).to_be_visible()
    expect(page.get_by_label("Användarnamn")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_a_person_logs_in_with_the_regions_account_and_gets_the_groups_roles(
    strict_page: Page, live_server, provider, oidc_settings, org
):
    # The site's Content-Security-Policy is enforced all the way (strict_page).
    page = strict_page
    # Sigrid is in the register, without an account; the provider vouches for her address
    # in capitals.
    person = f.PersonFactory(namn="Sigrid Ssonsson", epost=EMAIL, user=None, region=org.regioner[1])

    page.goto(f"{live_server.url}/delprojekt/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    page.get_by_role("link", name="Logga in med regionens konto").click()

    # The provider's own login form (oidc-provider's development interactions).
    page.locator("input[name=login]").fill("sigrid")
    page.locator("input[name=password]").fill("vilket-som-helst")
    page.locator("button[type=submit]").click()
    # The consent screen the provider shows a first-time client.
    page.locator("button[type=submit]").click()

    # Back in SFBV, where she asked to go, as the ledningsgrupp member the group makes her.
    expect(page.get_by_role("heading", level=1)).to_have_text("Delprojektportfölj")
    assert page.url == f"{live_server.url}/delprojekt/"
    expect(page.locator("body")).to_contain_text("Sigrid Ssonsson")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Att göra")

    person.refresh_from_db()
    assert person.user is not None
    assert User.objects.count() == 1
    medlemskap = Organmedlemskap.objects.get(person=person)
    assert (medlemskap.organ, medlemskap.roll) == (org.ledningsgrupp, "ledamot")
    assert SsoMedlemskap.objects.get(medlemskap=medlemskap).claim_varde == LG_GRUPP

    # Logging out ends the provider's session too (its own confirmation page) and comes
    # back to the login page.
    page.get_by_role("button", name="Logga ut").click()
    expect(page).to_have_url(re.compile(re.escape(f"{provider}/session/end")))
    page.locator("button[value=yes]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    assert page.url.startswith(f"{live_server.url}/logga-in/")
    page.goto(f"{live_server.url}/delprojekt/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    # The provider asks for the login again: its session is gone as well.
    page.get_by_role("link", name="Logga in med regionens konto").click()
    expect(page.locator("input[name=login]")).to_be_visible()
    assert Person.objects.filter(epost__iexact=EMAIL).count() == 1

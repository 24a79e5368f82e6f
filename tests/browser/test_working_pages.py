"""The kansli writes the uppdrag and forms the group in the browser; every working page
passes the accessibility check."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from weasyprint import HTML

from delprojekt.models import Arbetsgruppsmedlemskap, Huvudmannabeslut, Status
from tests import factories as f
from tests.browser.axe import assert_accessible
from tests.browser.test_journey import login
from tests.conftest import person_of, register
from tests.workflow_helpers import walk_to

pytestmark = pytest.mark.browser

UPPDRAG = [
    ("Bakgrund", "Väntetiderna skiljer sig mellan regionerna."),
    ("Syfte och frågeställning/problembeskrivning", "Jämlik tillgång."),
    ("Specifika uppdragspunkter", "1. Beskriv nuläget.\n2. Föreslå åtgärder."),
    ("Avgränsningar", "Gäller vuxna."),
    ("Arbetsgruppens sammansättning", "Läkare och sjuksköterskor från alla regioner."),
    ("Tidplan", "Slutrapport hösten 2027."),
    ("Tänkt uppföljning", "Väntetider per region tolv månader efter nämndens beslut."),
]


def test_kansli_writes_the_uppdrag_and_forms_the_group(
    page: Page, live_server, kansli, lg_members, org
):
    dp = walk_to(register(kansli, titel="Ryggkirurgi"), Status.UPPDRAG, org=org, kansli=kansli,
                 lg_members=lg_members)  # fmt: skip
    chair = f.PersonFactory(namn="Olle Ordförande", region=org.regioner[0], profession="Läkare")
    member = f.PersonFactory(namn="Maja Medlem", region=org.regioner[1], profession="Sjuksköterska")
    login(page, live_server.url, "kansli")
    page.goto(f"{live_server.url}{dp.get_absolute_url()}")

    page.get_by_role("link", name="Uppdrag", exact=True).click()
    assert_accessible(page)
    for rubrik, text in UPPDRAG:
        page.get_by_role("link", name=f"Skriv {rubrik}").click()
        assert_accessible(page)
        page.get_by_label("Text").fill(text)
        page.get_by_role("button", name="Spara kapitlet").click()
        expect(page.get_by_text("Kapitlet är sparat.")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}{dp.get_absolute_url()}")
    page.get_by_role("link", name="Uppdraget klart – bilda arbetsgrupp").click()
    page.get_by_role("button", name="Uppdraget klart – bilda arbetsgrupp").click()
    expect(page.get_by_text("»Arbetsgrupp bildas«")).to_be_visible()

    page.get_by_role("link", name="Arbetsgrupp", exact=True).click()
    assert_accessible(page)
    for person, roll in [
        (chair, "Ordförande"),
        (member, "Ledamot"),
        (person_of(kansli), "Kontaktperson (kansliet)"),
    ]:
        page.get_by_label("Person").select_option(label=person.namn)
        page.get_by_label("Roll", exact=True).select_option(label=roll)
        page.get_by_label("Status", exact=True).select_option(label="Utsedd")
        page.get_by_label("Avstämt med närmaste chef", exact=True).check()
        page.get_by_role("button", name="Lägg till").click()
        expect(page.get_by_text(f"{person.namn} är tillagd i arbetsgruppen.")).to_be_visible()
    assert_accessible(page)
    assert Arbetsgruppsmedlemskap.objects.filter(delprojekt=dp, status="utsedd").count() == 3

    page.goto(f"{live_server.url}{dp.get_absolute_url()}")
    page.get_by_role("link", name="Överlämna uppdraget").click()
    assert_accessible(page)
    page.get_by_role("button", name="Överlämna uppdraget").click()
    expect(page.get_by_text("»Nulägesbeskrivning«")).to_be_visible()

    for link in ("Slutrapport", "Åtgärdsförslag", "Uppföljningsplan", "Regionernas beslut",
                 "Uppföljning"):  # fmt: skip
        page.goto(f"{live_server.url}{dp.get_absolute_url()}")
        page.get_by_role("link", name=link, exact=True).click()
        assert_accessible(page)


def test_a_region_registers_its_decision_with_a_pdf(
    page: Page, live_server, kansli, lg_members, org, tmp_path
):
    dp = walk_to(register(kansli, titel="Palliativ vård"), Status.HUVUDMANNABESLUT, org=org,
                 kansli=kansli, lg_members=lg_members)  # fmt: skip
    pdf = tmp_path / "utdrag.pdf"
    pdf.write_bytes(HTML(string="<p>Protokollsutdrag</p>").write_pdf())
    login(page, live_server.url, "kansli")
    page.goto(f"{live_server.url}/delprojekt/{dp.referens}/huvudmannabeslut/")
    assert_accessible(page)
    region = org.regioner[0]
    section = page.get_by_role("region", name=region.namn)
    section.get_by_text("Registrera beslutet").click()
    assert_accessible(page)
    section.get_by_label("Beslutsnivå").select_option(label="Politisk nivå")
    section.get_by_label("Beslutande organ").fill("Regionstyrelsen")
    section.get_by_label("Beslutsdatum").fill("2026-10-15")
    section.get_by_label("Protokollsutdrag (PDF)").set_input_files(str(pdf))
    section.get_by_role("button", name=f"Spara beslutet för {region.namn}").click()
    expect(page.get_by_text(f"Beslutet för {region.namn} är registrerat.")).to_be_visible()
    assert_accessible(page)
    assert Huvudmannabeslut.objects.get(delprojekt=dp, region=region).protokollsutdrag

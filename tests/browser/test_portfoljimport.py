"""The kansli imports running projects from a file on a phone: upload, preview, import."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from delprojekt.models import Delprojekt, Handelse, Status
from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

CSV = (
    "\ufeffreferens;titel;status;registrerad;regioner;kontaktperson;startbeslut datum;"
    "startbeslut paragraf\r\n"
    "SFBV-2024-007;Höftledsartros;Analys;2024-03-14;Halland, Kronoberg;Kerstin Kanslisson;"
    "2024-05-02;§ 14/2024\r\n"
    "SFBV-2024-009;Ett mycket långt namn på ett delprojekt om jämlik tillgång till vård;"
    "Väntar på startbeslut;14 mars 2024;alla;;;\r\n"
)


def _ryms(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_kansli_imports_a_portfolio_on_a_phone(page, live_server, kansli, org, tmp_path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill("kansli")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto(f"{live_server.url}/delprojekt/")
    page.get_by_role("link", name="Importera delprojekt från en fil").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importera delprojekt")
    assert_accessible(page)
    assert _ryms(page)

    # A file that is no spreadsheet: a message, nothing read.
    bad = tmp_path / "bild.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    page.get_by_label("Fil (CSV eller Excel)").set_input_files(str(bad))
    page.get_by_role("button", name="Läs in och förhandsgranska").click()
    expect(page.get_by_role("heading", name="Filen kunde inte läsas")).to_be_visible()
    assert_accessible(page)

    fil = tmp_path / "portfolj.csv"
    fil.write_text(CSV, encoding="utf-8")
    page.get_by_label("Fil (CSV eller Excel)").set_input_files(str(fil))
    page.get_by_role("button", name="Läs in och förhandsgranska").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Förhandsvisning av import")
    expect(page.get_by_text("Alla 2 rader kan importeras.")).to_be_visible()
    assert_accessible(page)
    assert _ryms(page)
    assert not Delprojekt.objects.exists()

    page.get_by_role("button", name="Importera alla 2 delprojekt").click()
    expect(page.get_by_text("2 delprojekt importerades.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delprojektportfölj")
    assert_accessible(page)

    dp = Delprojekt.objects.get(referens="SFBV-2024-007")
    assert dp.status == Status.ANALYS
    assert list(dp.handelser.values_list("typ", flat=True)) == [Handelse.Typ.IMPORTERAD]
    page.goto(f"{live_server.url}{dp.get_absolute_url()}")
    expect(page.get_by_text("Importerad i status »Analys«").first).to_be_visible()
    assert_accessible(page)
    assert _ryms(page)

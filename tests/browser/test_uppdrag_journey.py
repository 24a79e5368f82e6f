"""From start decision to a working group at work, in the browser: the kansli writes the
uppdrag, nominates and appoints the group and hands the uppdrag over; the chair writes the
notes of the first meeting with two vägval. Every page passes the accessibility check."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from delprojekt.models import (
    Arbetsgruppsmedlemskap,
    Beslut,
    Kompetenskrav,
    Milstolpe,
    Minnesanteckning,
    Status,
    Uppdragsversion,
)
from tests import factories as f
from tests.browser.axe import assert_accessible
from tests.browser.test_journey import login
from tests.conftest import person_of, register
from tests.workflow_helpers import walk_to

pytestmark = pytest.mark.browser

UPPDRAG = [
    ("Bakgrund", "Väntetiderna till **ryggkirurgi** skiljer sig mellan regionerna."),
    ("Syfte och frågeställning/problembeskrivning", "Jämlik tillgång till ryggkirurgi."),
    ("Specifika uppdragspunkter", "1. Beskriv nuläget.\n2. Analysera orsakerna.\n3. Föreslå."),
    ("Avgränsningar", "Gäller vuxna patienter."),
    ("Arbetsgruppens sammansättning", "Tvärprofessionell, med alla fyra regionerna."),
    ("Tidplan", "Se milstolparna nedan."),
    ("Tänkt uppföljning", "Väntetider per region, tolv månader efter nämndens beslut."),
]  # fmt: skip


def _step(page: Page, namn: str, knapp: str, *, avstamt: bool = False) -> None:
    row = page.get_by_role("row").filter(has_text=namn)
    if avstamt:
        row.get_by_label("Avstämt med närmaste chef").check()
    row.get_by_role("button", name=f"{knapp} – {namn}").click()
    expect(page.get_by_text("Ändringen är sparad.")).to_be_visible()


def test_uppdrag_group_and_first_meeting(page: Page, live_server, kansli, lg_members, org, browser):
    base = live_server.url
    dp = walk_to(register(kansli, titel="Ryggkirurgi"), Status.UPPDRAG, org=org, kansli=kansli,
                 lg_members=lg_members)  # fmt: skip
    dp.regioner.set(org.regioner[:2])
    chair_user = f.UserFactory(username="olle", first_name="Olle", last_name="Ordförande")
    chair = f.PersonFactory(namn="Olle Ordförande", region=org.regioner[0], profession="Läkare",
                            user=chair_user)  # fmt: skip
    member = f.PersonFactory(namn="Maja Medlem", region=org.regioner[1], profession="Sjuksköterska")

    login(page, base, "kansli")
    page.goto(f"{base}{dp.get_absolute_url()}")
    page.get_by_role("link", name="Uppdrag", exact=True).click()
    assert_accessible(page)

    # The chapters, in Markdown, one of them previewed first.
    for i, (rubrik, text) in enumerate(UPPDRAG):
        page.get_by_role("link", name=f"Skriv {rubrik}").click()
        page.get_by_label("Text").fill(text)
        if i == 2:
            page.get_by_role("button", name="Förhandsgranska").click()
            assert_accessible(page)
            expect(page.locator("ol li").filter(has_text="Analysera orsakerna.")).to_be_visible()
        page.get_by_role("button", name="Spara kapitlet").click()
        expect(page.get_by_text("Kapitlet är sparat.")).to_be_visible()
    expect(page.locator("strong", has_text="ryggkirurgi")).to_be_visible()

    # The competences the group must have, and a milestone of the tidplan.
    page.goto(f"{base}/delprojekt/{dp.referens}/uppdrag/kompetenser/")
    assert_accessible(page)
    for benamning in ("Ryggkirurgi", "Omvårdnad"):
        page.get_by_role("textbox", name="Kompetens eller område").fill(benamning)
        page.get_by_role("button", name="Lägg till").click()
    assert Kompetenskrav.objects.filter(delprojekt=dp).count() == 2
    page.goto(f"{base}/delprojekt/{dp.referens}/uppdrag/tidplan/")
    assert_accessible(page)
    page.get_by_role("textbox", name="Datum").fill("2027-03-01")
    page.get_by_role("textbox", name="Milstolpe").fill("Nulägesbeskrivningen klar")
    page.get_by_role("button", name="Lägg till").click()
    assert Milstolpe.objects.filter(delprojekt=dp).count() == 1
    pdf = page.request.get(f"{base}/delprojekt/{dp.referens}/uppdrag.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    page.goto(f"{base}{dp.get_absolute_url()}")
    page.get_by_role("link", name="Uppdraget klart – bilda arbetsgrupp").click()
    page.get_by_role("button", name="Uppdraget klart – bilda arbetsgrupp").click()
    expect(page.get_by_text("»Arbetsgrupp bildas«")).to_be_visible()

    # Nominations: the chair first, then a member; the kansli's contact person directly.
    page.get_by_role("link", name="Arbetsgrupp", exact=True).click()
    assert_accessible(page)
    for person, roll, kompetens in [
        (chair, "Ordförande", "Ryggkirurgi"),
        (member, "Ledamot", "Omvårdnad"),
    ]:
        page.get_by_label("Person").select_option(label=person.namn)
        page.get_by_label("Roll", exact=True).select_option(label=roll)
        page.get_by_label("Nominerad genom").select_option(label="Ledningsgruppen")
        page.get_by_role("group", name="Täcker kompetenser").get_by_label(kompetens).check()
        page.get_by_role("button", name="Lägg till").click()
        expect(page.get_by_text(f"{person.namn} är tillagd i arbetsgruppen.")).to_be_visible()
    expect(
        page.get_by_text("Varning: Patient- eller närståenderepresentant övervägd")
    ).to_be_visible()
    expect(page.get_by_text("Uppfyllt: Alla berörda regioner finns med")).to_be_visible()
    expect(page.get_by_text("Uppfyllt: Uppdragets kompetenskrav är täckta")).to_be_visible()
    for person in (chair, member):
        _step(page, person.namn, "Markera som tillfrågad")
        _step(page, person.namn, "Har accepterat", avstamt=True)
    page.get_by_label("Person").select_option(label=person_of(kansli).namn)
    page.get_by_label("Roll", exact=True).select_option(label="Kontaktperson (kansliet)")
    page.get_by_label("Status", exact=True).select_option(label="Utsedd")
    page.get_by_label("Avstämt med närmaste chef", exact=True).check()
    page.get_by_role("button", name="Lägg till").click()
    assert_accessible(page)

    # The ledningsgrupp's appointment, recorded as one decision (the chair's, on delegation).
    page.get_by_role("link", name="Registrera ledningsgruppens beslut").click()
    assert_accessible(page)
    page.get_by_label("Olle Ordförande").check()
    page.get_by_label("Maja Medlem").check()
    page.get_by_label("Ordförandebeslut på delegation").check()
    page.get_by_role("button", name="Registrera beslutet").click()
    assert_accessible(page)
    beslut = Beslut.objects.get(delprojekt=dp, utfall=Beslut.Utfall.ARBETSGRUPP_UTSEDD)
    assert set(
        Arbetsgruppsmedlemskap.objects.filter(utsedd_beslut=beslut).values_list(
            "person__namn", flat=True
        )
    ) == {"Olle Ordförande", "Maja Medlem"}

    page.get_by_role("link", name="Deltagarlista", exact=True).click()
    assert_accessible(page)
    expect(page.get_by_role("table").get_by_text("Maja Medlem")).to_be_visible()

    page.goto(f"{base}{dp.get_absolute_url()}")
    page.get_by_role("link", name="Överlämna uppdraget").click()
    page.get_by_role("button", name="Överlämna uppdraget").click()
    expect(page.get_by_text("»Nulägesbeskrivning«")).to_be_visible()
    assert Uppdragsversion.objects.filter(delprojekt=dp, nummer=1).exists()

    # The chair writes the notes of the first meeting, with two vägval.
    chair_page = browser.new_page(locale="sv-SE")
    try:
        chair_page.goto(f"{base}/logga-in/")
        chair_page.get_by_label("Användarnamn").fill("olle")
        chair_page.get_by_label("Lösenord").fill(f.PASSWORD)
        chair_page.get_by_role("button", name="Logga in").click()
        chair_page.goto(f"{base}{dp.get_absolute_url()}")
        chair_page.get_by_role("link", name="Minnesanteckningar", exact=True).click()
        assert_accessible(chair_page)
        chair_page.get_by_role("link", name="Nya minnesanteckningar").click()
        assert_accessible(chair_page)
        chair_page.get_by_label("Mötesdatum").fill("2026-11-20")
        chair_page.get_by_label("Digitalt möte").check()
        chair_page.get_by_label("Maja Medlem").check()
        chair_page.get_by_label("Olle Ordförande").check()
        chair_page.get_by_label("Dagordning").fill("1. Uppstart\n2. Arbetsformer")
        chair_page.get_by_role("textbox", name="Anteckningar", exact=True).fill(
            "Gruppen gick igenom uppdraget."
        )
        vagval = [
            ("Nuläget beskrivs för de tre senaste åren.", "Äldre data går inte att jämföra."),
            ("Patientperspektivet tas in genom en fokusgrupp.", "Ger bredare underlag."),
        ]
        for i, (val, motivering) in enumerate(vagval):
            chair_page.get_by_label("Vägval eller prioritering").nth(i).fill(val)
            chair_page.get_by_label("Motivering").nth(i).fill(motivering)
        chair_page.get_by_role("button", name="Spara minnesanteckningarna").click()
        assert_accessible(chair_page)
        note = Minnesanteckning.objects.get(delprojekt=dp)
        assert [v.val for v in note.vagval.order_by("ordning")] == [v for v, _ in vagval]
        assert note.deltagare.count() == 2

        chair_page.goto(f"{base}{dp.get_absolute_url()}")
        vagval_section = chair_page.get_by_role("region", name="Vägval")
        expect(vagval_section.get_by_text(vagval[1][0])).to_be_visible()
        assert_accessible(chair_page)
    finally:
        chair_page.close()

"""What the method asks along the way, in the browser: the kansli logs a contact during
beredning and sees it on the project page; forming the group, the chair's time and a
reason for a missing competence that must be there let the uppdrag be handed over; the
meeting records who presented the slutrapport, and the protocol prints it. Every page
passes the accessibility check, also at phone width."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from delprojekt.models import Beredningskontakt, Kompetenskrav, Status
from delprojekt.services.workflow import positions_record
from tests.browser.axe import assert_accessible
from tests.browser.test_journey import login
from tests.conftest import register
from tests.workflow_helpers import all_agree, fill_group, walk_to

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_contacts_chair_competences_and_presenter(page: Page, live_server, kansli, lg_members, org):
    base = live_server.url
    login(page, base, "kansli")

    # 1. A contact during beredning, logged from the project page.
    dp = walk_to(register(kansli, titel="Sällsynta diagnoser"), Status.BEREDNING, org=org,
                 kansli=kansli, lg_members=lg_members)  # fmt: skip
    page.goto(f"{base}{dp.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Kontakter under beredningen")).to_be_visible()
    page.get_by_role("link", name="Alla kontakter och registrera en ny").click()
    assert_accessible(page)
    page.get_by_role("button", name="Spara kontakten").click()
    expect(page.get_by_role("heading", name="Något behöver rättas")).to_be_visible()
    assert not Beredningskontakt.objects.exists()
    page.get_by_label("Datum").fill("2026-01-15")
    page.get_by_label("Person eller annan instans").fill("Programområde barn (fiktivt)")
    page.get_by_label("Vad kontakten gällde").fill("Behovet av en gemensam vårdkedja.")
    page.get_by_label("Vad som kom fram").fill("Vill gärna delta i arbetsgruppen.")
    page.get_by_role("button", name="Spara kontakten").click()
    expect(page.get_by_text("Kontakten under beredningen är sparad.")).to_be_visible()
    assert Beredningskontakt.objects.get().person == "Programområde barn (fiktivt)"
    page.goto(f"{base}{dp.get_absolute_url()}")
    expect(page.get_by_text("Vill gärna delta i arbetsgruppen.")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 800})
    _no_sideways_scroll(page)
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # 2. The group: the chair's time and experience, and a reason for a missing competence.
    grupp = walk_to(register(kansli, titel="Ryggkirurgi"), Status.ARBETSGRUPP, org=org,
                    kansli=kansli, lg_members=lg_members)  # fmt: skip
    fill_group(grupp, kansli)
    Kompetenskrav.objects.create(delprojekt=grupp, benamning="Logopedi", krav="ska")
    page.goto(f"{base}/delprojekt/{grupp.referens}/arbetsgrupp/")
    notice = page.locator(".notice--warning")
    expect(notice).to_contain_text("Kompetensen Logopedi ska finnas")
    assert_accessible(page)
    chair = grupp.medlemskap.get(roll="ordforande").person.namn
    page.get_by_text(f"Avsatt tid och erfarenhet för {chair}").click()
    page.get_by_label("Avsatt tid för uppdraget").fill("20 %")
    page.get_by_label("Relevant erfarenhet").fill("Verksamhetschef i tio år.")
    page.get_by_role("button", name=f"Spara – {chair}").click()
    expect(page.get_by_text("Ordförandens avsatta tid och erfarenhet är sparade.")).to_be_visible()
    page.get_by_label("Skäl till att kompetensen saknas").fill("Logoped adjungeras vid behov.")
    page.get_by_role("button", name="Spara skälet – Logopedi").click()
    expect(page.get_by_text("Skälet för Logopedi är sparat.")).to_be_visible()
    expect(page.locator(".notice--warning")).to_have_count(0)
    assert_accessible(page)
    page.goto(f"{base}{grupp.get_absolute_url()}")
    page.get_by_role("link", name="Överlämna uppdraget").click()
    page.get_by_role("button", name="Överlämna uppdraget").click()
    grupp.refresh_from_db()
    assert grupp.status == Status.NULAGE

    # 5. The ledningsgrupp's meeting records who presented the slutrapport.
    from tests.test_sammantrade import _arende, make_meeting

    rapport = walk_to(register(kansli, titel="Stroke"), Status.LEDNINGSGRUPP, org=org,
                      kansli=kansli, lg_members=lg_members)  # fmt: skip
    positions_record(delprojekt=rapport, user=kansli, positioner=all_agree())
    mote = make_meeting(kansli, lg_members, org.ledningsgrupp)
    punkt = _arende(mote, kansli, rapport)
    page.goto(f"{base}/sammantraden/{mote.pk}/?punkt={punkt.pk}")
    page.get_by_label("Besluta (enhälligt) – till politisk beredning").check()
    page.get_by_label("Föredragande").fill("Olle Ordförande, arbetsgruppens ordförande")
    page.get_by_role("button", name="Protokollför beslutet").click()
    expect(page.get_by_text("Olle Ordförande, arbetsgruppens ordförande")).to_be_visible()
    assert_accessible(page)
    punkt.refresh_from_db()
    assert punkt.foredragande == "Olle Ordförande, arbetsgruppens ordförande"

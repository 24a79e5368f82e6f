"""Implementation as the regions plan it, in the browser: Halland's coordinator writes
Halland's implementation plan and freezes it, then raises a problem that lands in the
samarbetsgrupp's queue; the kansli records the samarbetsgrupp's answer, which the matrix
links to. Every page passes axe-core and fits a 390 px wide phone."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import Page, expect

from delprojekt.models import Atgardsforslag, Samverkan, Status
from delprojekt.permissions import GRUPP_SAMORDNARE
from delprojekt.services.regionbeslut import current_rekommendationer
from inforande.models import Eskalering, Genomforandeplan, Planversion, Sjukvardsregionstatus
from tests import factories as f
from tests.browser.axe import assert_accessible
from tests.browser.test_journey import login_in_new_page
from tests.conftest import register
from tests.workflow_helpers import walk_to

pytestmark = pytest.mark.browser

NO_OVERFLOW = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def check(page: Page) -> None:
    assert_accessible(page)
    assert page.evaluate(NO_OVERFLOW), f"{page.url} är för bred för 390 px"


def test_halland_writes_its_plan_and_raises_a_problem_the_kansli_answers(
    live_server, browser, kansli, lg_members, org
):
    base = live_server.url
    dp = walk_to(register(kansli, titel="Nyckelbenskirurgi"), Status.INFORANDE, org=org,
                 kansli=kansli, lg_members=lg_members)  # fmt: skip
    halland = org.regioner[1]
    annika = f.UserFactory(username="annika")
    annika.groups.add(Group.objects.get_or_create(name=GRUPP_SAMORDNARE)[0])
    f.PersonFactory(namn="Annika Samordnare", user=annika, region=halland)

    # Halland's coordinator finds the missing plan beside the matrix and writes it.
    page = login_in_new_page(browser, base, "annika")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/uppfoljning/{dp.referens}/inforande/")
    check(page)
    page.get_by_role("link", name=f"Plan saknas – {halland.namn}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Genomförandeplan för {halland.namn}"
    )
    check(page)
    page.get_by_role("link", name="Skriv planen").click()
    check(page)
    page.get_by_label("Vilket är det huvudsakliga budskapet i rekommendationerna?").fill(
        "Alla patienter opereras enligt gemensamma indikationer."
    )
    page.get_by_label("Hur genomförs förändringen?").fill("Klinik för klinik.")
    page.get_by_label("Milstolpe 1: vad").fill("Utbildning av ortopeder")
    page.get_by_label("Milstolpe 1: när").fill("2027-03-01")
    # A milestone without a responsible person is refused with nothing saved.
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Milstolpe 1 behöver vad, när och ansvarig.")).to_be_visible()
    check(page)
    assert not Genomforandeplan.objects.exists()
    page.get_by_label("Milstolpe 1: ansvarig").fill("Verksamhetschef ortopedi")
    page.get_by_label("Ansvarig linjechef").fill("Verksamhetschef ortopedi, Halland")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text(f"Genomförandeplanen för {halland.namn} är sparad.")).to_be_visible()
    page.get_by_role("button", name="Fastställ som ny version").click()
    expect(page.get_by_text("är fastställd som version 1")).to_be_visible()
    expect(page.get_by_role("link", name="Version 1 (PDF)")).to_be_visible()
    check(page)
    assert Planversion.objects.get().plan.region == halland

    # … and raises a problem to the samarbetsgrupp, for decision.
    page.get_by_role("link", name="Lyft ett problem").click()
    check(page)
    page.get_by_label("Lyfts till").select_option(label=org.samarbetsgrupp.namn)
    page.get_by_label("För beslut").check()
    page.get_by_label("Rubrik").fill("Operationstider saknas under sommaren")
    page.get_by_label("Beskriv problemet och vad ni behöver från organet").fill(
        "Vi behöver låna operationstid av en annan region."
    )
    page.get_by_role("button", name="Lyft problemet").click()
    expect(page.get_by_text("står i dess kö")).to_be_visible()
    check(page)
    e = Eskalering.objects.get()
    assert (e.region, e.organ, e.syfte) == (halland, org.samarbetsgrupp, "beslut")

    # The kansli finds it in the samarbetsgrupp's queue and records the answer.
    kp = login_in_new_page(browser, base, "kansli")
    kp.set_viewport_size({"width": 390, "height": 844})
    kp.goto(f"{base}/beslut/samarbetsgrupp/")
    item = kp.get_by_role("link", name="Operationstider saknas under sommaren", exact=False).first
    expect(item).to_be_visible()
    check(kp)
    item.click()
    expect(kp.get_by_role("heading", level=1)).to_have_text("Operationstider saknas under sommaren")
    check(kp)
    kp.get_by_label("Organets svar").fill("Samarbetsgruppen ber Skåne erbjuda operationstid.")
    kp.get_by_label("Datum för svaret").fill(timezone.localdate().isoformat())
    kp.get_by_role("button", name="Registrera svaret").click()
    expect(kp.get_by_text("Organets svar är registrerat.")).to_be_visible()
    check(kp)
    assert Eskalering.objects.get().besvarad

    # The matrix links the answered problem; the queue no longer holds it.
    kp.goto(f"{base}/uppfoljning/{dp.referens}/inforande/")
    expect(kp.get_by_text("besvarat", exact=False).first).to_be_visible()
    expect(kp.get_by_role("link", name="Version 1 – Region Halland")).to_be_visible()
    kp.goto(f"{base}/beslut/samarbetsgrupp/")
    expect(kp.get_by_text("Operationstider saknas under sommaren")).to_have_count(0)

    # A recommendation aimed at the sjukvårdsregion itself: the kansli keeps its row.
    rek = current_rekommendationer(dp)[-1]
    Atgardsforslag.objects.filter(pk=rek.atgardsforslag_id).update(sjukvardsregional=True)
    kp.goto(f"{base}/uppfoljning/{dp.referens}/inforande/")
    kp.get_by_role("link", name=f"Uppdatera {Samverkan.current().sjukvardsregion}").click()
    check(kp)
    kp.get_by_label(f"Status för rekommendation {rek.ordning}").select_option(label="Pågår")
    kp.get_by_role("button", name="Spara").click()
    expect(kp.get_by_text("är sparat")).to_be_visible()
    check(kp)
    assert Sjukvardsregionstatus.objects.get().status == "pagar"

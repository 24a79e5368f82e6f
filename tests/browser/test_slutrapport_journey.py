"""Writing the slutrapport in the browser: the chair writes two chapters, adds three
åtgärdsförslag and the follow-up plan and sees the report checks; a co-writer's save
conflicts and is merged; the kansli resolves a review comment; the chair hands the
report to the samarbetsgrupp. Every page passes the accessibility check."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from delprojekt.models import (
    Atgardsforslag,
    Granskningskommentar,
    Kapitel,
    Status,
    Uppfoljningsparameter,
)
from tests import factories as f
from tests.browser.axe import assert_accessible
from tests.browser.test_journey import login_in_new_page
from tests.conftest import register
from tests.workflow_helpers import walk_to

pytestmark = pytest.mark.browser


def _write(page: Page, base: str, dp, nyckel: str, text: str) -> None:
    page.goto(f"{base}/delprojekt/{dp.referens}/dokument/slutrapport/{nyckel}/")
    page.get_by_role("textbox", name="Text").fill(text)
    page.get_by_role("button", name="Spara kapitlet").click()


def test_chair_and_co_writer_write_and_hand_in_the_report(
    live_server, browser, kansli, lg_members, org
):
    base = live_server.url
    dp = walk_to(register(kansli, titel="Ryggkirurgi"), Status.SLUTRAPPORT, org=org, kansli=kansli,
                 lg_members=lg_members)  # fmt: skip
    chair_user = f.UserFactory(username="olle")
    chair = f.PersonFactory(namn="Olle Ordförande", user=chair_user, region=org.regioner[0])
    f.ArbetsgruppsmedlemskapFactory(delprojekt=dp, person=chair, roll="ordforande")
    writer_user = f.UserFactory(username="sara")
    writer = f.PersonFactory(namn="Sara Skribent", user=writer_user, region=org.regioner[1])
    f.ArbetsgruppsmedlemskapFactory(delprojekt=dp, person=writer, roll="skribent")
    Kapitel.objects.filter(dokument__delprojekt=dp, dokument__typ="slutrapport").update(
        text="Kort text."
    )
    dp.uppfoljningsparametrar.all().delete()

    page = login_in_new_page(browser, base, "olle")
    page.goto(f"{base}/delprojekt/{dp.referens}/dokument/slutrapport/")
    assert_accessible(page)
    expect(page.get_by_role("heading", name="Rapportkontroll")).to_be_visible()

    # Two chapters, the second with a long sentence the check will point out.
    _write(page, base, dp, "nulage", "Väntetiderna skiljer sig mellan regionerna. Det är tydligt.")
    expect(page.get_by_text("Kapitlet är sparat.")).to_be_visible()
    page.goto(f"{base}/delprojekt/{dp.referens}/dokument/slutrapport/analys/")
    assert_accessible(page)
    analys_editor = page.url
    page.get_by_role("textbox", name="Text").fill(
        "Analysen visar att organisatoriska förutsättningar, kompetensförsörjningsfrågor och "
        "regionövergripande samverkansstrukturer tillsammans förklarar huvuddelen av "
        "skillnaderna mellan regionernas väntetider och behandlingsresultat."
    )

    # Meanwhile the co-writer saves the same chapter.
    other = login_in_new_page(browser, base, "sara")
    _write(other, base, dp, "analys", "Skribentens analys.")
    expect(other.get_by_text("Kapitlet är sparat.")).to_be_visible()
    other.close()

    # The chair's save is refused, both texts shown; the chair merges and saves.
    page.get_by_role("button", name="Spara kapitlet").click()
    expect(page.get_by_text("Någon annan har sparat kapitlet")).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_text("Skribentens analys.").first).to_be_visible()
    merged = "Skribentens analys. " + page.get_by_role("textbox", name="Text").input_value()
    page.get_by_role("textbox", name="Text").fill(merged)
    page.get_by_role("button", name="Spara kapitlet").click()
    expect(page.get_by_text("Kapitlet är sparat.")).to_be_visible()
    assert page.url != analys_editor
    analys = Kapitel.objects.get(dokument__delprojekt=dp, nyckel="analys")
    assert analys.text.startswith("Skribentens analys.") and "Analysen visar" in analys.text
    expect(page.get_by_text("Lix", exact=False).first).to_be_visible()

    # Three åtgärdsförslag.
    page.goto(f"{base}/delprojekt/{dp.referens}/atgardsforslag/")
    assert_accessible(page)
    before = Atgardsforslag.objects.filter(delprojekt=dp).count()
    for titel in ("Gemensamma indikationer", "Samlad kirurgi", "Fysioterapi före remiss"):
        page.get_by_label("Förslag", exact=True).fill(titel)
        page.get_by_label("Rimlighet och genomförbarhet").fill("Genomförbart inom ett år.")
        page.get_by_role("button", name="Spara förslaget").click()
        expect(page.get_by_text("Åtgärdsförslaget är sparat.")).to_be_visible()
    assert Atgardsforslag.objects.filter(delprojekt=dp).count() == before + 3

    # The follow-up plan with one parameter.
    page.goto(f"{base}/delprojekt/{dp.referens}/uppfoljningsplan/")
    assert_accessible(page)
    page.get_by_label("Hur", exact=True).fill("Registerdata och enkät till verksamheterna.")
    page.get_by_label("När", exact=True).fill("Tolv månader efter nämndens beslut")
    page.get_by_label("Vem", exact=True).fill("Arbetsgruppens ordförande")
    page.get_by_role("button", name="Spara planen").click()
    expect(page.get_by_text("Planen är sparad.")).to_be_visible()
    page.get_by_role("link", name="Lägg till parameter").click()
    assert_accessible(page)
    page.get_by_label("Parameter", exact=True).fill("Väntetid till operation")
    page.get_by_label("Enhet").fill("dagar")
    page.get_by_label("Källa", exact=True).select_option(label="Nationellt kvalitetsregister")
    page.get_by_label("Utgångsvärde", exact=True).fill("92,5")
    page.get_by_role("button", name="Spara").first.click()
    assert Uppfoljningsparameter.objects.filter(delprojekt=dp).count() == 1
    assert str(Uppfoljningsparameter.objects.get(delprojekt=dp).utgangsvarde) == "92.500"

    # The kansli resolves a review comment.
    comment = Granskningskommentar.objects.create(
        kapitel=Kapitel.objects.get(dokument__delprojekt=dp, nyckel="nulage"),
        text="Lägg till källan för väntetiderna.",
        skriven_av=writer_user,
    )
    kansli_page = login_in_new_page(browser, base, "kansli")
    kansli_page.goto(f"{base}/delprojekt/{dp.referens}/dokument/slutrapport/nulage/kommentarer/")
    assert_accessible(kansli_page)
    kansli_page.get_by_role("button", name="Markera som löst").click()
    assert_accessible(kansli_page)
    comment.refresh_from_db()
    assert comment.lost is not None
    kansli_page.close()

    # The chair hands the report to the samarbetsgrupp.
    page.goto(f"{base}{dp.get_absolute_url()}")
    page.get_by_role("link", name="Lämna slutrapporten till samarbetsgruppen").click()
    assert_accessible(page)
    page.get_by_role("button", name="Lämna slutrapporten till samarbetsgruppen").click()
    expect(page.get_by_text("»Granskning i samarbetsgruppen«")).to_be_visible()
    dp.refresh_from_db()
    assert dp.status == Status.SAMARBETSGRUPP
    page.close()

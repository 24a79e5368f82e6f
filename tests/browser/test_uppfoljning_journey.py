"""The follow-up in the browser: the kansli sees an overdue follow-up in the list; the
former chair accepts, adds a second parameter, imports measured values and writes and
hands in the report; Halland's coordinator updates Halland's implementation; the report
is presented to the three bodies and the round closes. Every page passes axe-core."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from delprojekt.models import Status, Uppfoljningsparameter
from delprojekt.permissions import GRUPP_SAMORDNARE
from delprojekt.services.regionbeslut import current_rekommendationer
from tests import factories as f
from tests.browser.axe import assert_accessible
from tests.browser.test_journey import login_in_new_page
from tests.conftest import register
from tests.workflow_helpers import walk_to
from uppfoljning.models import Inforandestatus, Matvarde, Omgangsstatus, Uppfoljningsomgang
from uppfoljning.services.omgang import forra_ordforande

pytestmark = pytest.mark.browser


def test_an_overdue_follow_up_from_list_to_closed_round(
    live_server, browser, kansli, lg_members, org, tmp_path
):
    base = live_server.url
    dp = walk_to(register(kansli, titel="Nyckelbenskirurgi"), Status.UPPFOLJNING, org=org,
                 kansli=kansli, lg_members=lg_members)  # fmt: skip
    omgang = dp.uppfoljningsomgangar.get()
    Uppfoljningsomgang.objects.filter(pk=omgang.pk).update(
        forfallodatum=timezone.localdate() - datetime.timedelta(days=5)
    )
    chair = forra_ordforande(dp)
    chair.user = f.UserFactory(username="olle")
    chair.save(update_fields=["user"])
    halland = org.regioner[1]
    samordnare = f.UserFactory(username="annika")
    samordnare.groups.add(Group.objects.get_or_create(name=GRUPP_SAMORDNARE)[0])
    f.PersonFactory(namn="Annika Samordnare", user=samordnare, region=halland)
    first = dp.uppfoljningsparametrar.order_by("ordning").first()

    # The kansli sees the overdue follow-up with its days.
    page = login_in_new_page(browser, base, "kansli")
    page.goto(f"{base}/uppfoljning/")
    assert_accessible(page)
    overdue = page.locator("section", has=page.get_by_role("heading", name="Försenade"))
    expect(overdue.get_by_role("link", name=f"{dp.referens} Nyckelbenskirurgi")).to_be_visible()
    expect(overdue.get_by_text("5 dagar")).to_be_visible()
    overdue.get_by_role("link", name=f"{dp.referens} Nyckelbenskirurgi").click()
    assert_accessible(page)
    expect(page.get_by_text("försenad 5 dagar")).to_be_visible()

    # The former chair accepts to write the report.
    olle = login_in_new_page(browser, base, "olle")
    olle.goto(f"{base}/uppfoljning/{dp.referens}/omgang/1/")
    assert_accessible(olle)
    olle.get_by_label("Jag åtar mig att skriva rapporten").check()
    olle.get_by_role("button", name="Skicka svaret").click()
    expect(olle.get_by_text("Svaret är registrerat.")).to_be_visible()
    omgang.refresh_from_db()
    assert omgang.status == Omgangsstatus.PAGAR

    # A second parameter, then the values of both from a file.
    olle.goto(f"{base}/uppfoljning/{dp.referens}/parametrar/")
    assert_accessible(olle)
    olle.get_by_role("link", name="Lägg till parameter").click()
    assert_accessible(olle)
    olle.get_by_label("Parameter", exact=True).fill("Andel opererade")
    olle.get_by_label("Enhet").fill("%")
    olle.get_by_label("Källa", exact=True).select_option(label="Nationellt kvalitetsregister")
    olle.get_by_label("Utgångsvärde", exact=True).fill("40")
    olle.get_by_label("Målvärde", exact=True).fill("25")
    olle.get_by_role("button", name="Lägg till parametern").click()
    assert dp.uppfoljningsparametrar.count() == 2
    second = dp.uppfoljningsparametrar.get(namn="Andel opererade")

    today = timezone.localdate()
    rows = ["parameter;region;datum;värde"]
    for months, (a, b) in enumerate([("55", "38"), ("47", "33"), ("41", "29")]):
        day = today - datetime.timedelta(days=30 * (3 - months))
        for region in org.regioner[:2]:
            rows.append(f"{first.namn};{region.kortnamn};{day:%Y-%m-%d};{a}")
            rows.append(f"{second.namn};{region.namn};{day:%Y-%m-%d};{b},5")
    good = tmp_path / "matvarden.csv"
    good.write_text("\n".join(rows) + "\n", encoding="utf-8")
    bad = tmp_path / "fel.csv"
    bad.write_text(rows[0] + "\n" + f"{first.namn};Gotland;{today:%Y-%m-%d};12\n", encoding="utf-8")

    olle.goto(f"{base}/uppfoljning/{dp.referens}/parametrar/import/")
    assert_accessible(olle)
    olle.get_by_label("Fil (CSV eller Excel)").set_input_files(str(bad))
    olle.get_by_role("button", name="Importera").click()
    expect(olle.get_by_role("heading", name="Inget importerades")).to_be_visible()
    expect(olle.get_by_text("Gotland")).to_be_visible()
    assert_accessible(olle)
    assert not Matvarde.objects.exists()
    olle.get_by_label("Fil (CSV eller Excel)").set_input_files(str(good))
    olle.get_by_role("button", name="Importera").click()
    expect(olle.get_by_text("12 nya värden", exact=False)).to_be_visible()
    assert Matvarde.objects.filter(parameter__delprojekt=dp).count() == 12
    olle.goto(f"{base}/uppfoljning/{dp.referens}/parametrar/")
    assert_accessible(olle)
    assert olle.locator("svg[role=img]").count() == 2

    # Halland's coordinator updates Halland's implementation, and only Halland's.
    annika = login_in_new_page(browser, base, "annika")
    annika.goto(f"{base}/uppfoljning/{dp.referens}/inforande/")
    assert_accessible(annika)
    expect(annika.get_by_role("link", name="Uppdatera Region Blekinge")).to_have_count(0)
    annika.get_by_role("link", name="Uppdatera Region Halland").click()
    assert_accessible(annika)
    # The recommendations keep the åtgärdsförslag's numbers; take the first one on the page.
    annika.get_by_label(re.compile("^Status för rekommendation")).first.select_option(label="Pågår")
    annika.get_by_label(re.compile("^Kommentar till rekommendation")).first.fill(
        "Vårdprogrammet införs i höst."
    )
    annika.get_by_role("button", name="Spara").click()
    assert_accessible(annika)
    status = Inforandestatus.objects.get(
        region=halland,
        rekommendation=current_rekommendationer(dp)[0],
    )
    assert status.status == Inforandestatus.Status.PAGAR
    expect(annika.get_by_text("Vårdprogrammet införs i höst.")).to_be_visible()
    annika.close()

    # The chair writes the report and hands it in.
    olle.goto(f"{base}/uppfoljning/{dp.referens}/omgang/1/rapport/")
    assert_accessible(olle)
    olle.get_by_role("textbox", name="Sammanfattning").fill(
        "Vårdprogrammet används i Blekinge och införs i Halland. " * 12
    )
    olle.get_by_role("textbox", name="Kommentar till effekterna").fill(
        "Väntetiden har minskat i båda regionerna. " * 10
    )
    olle.get_by_role("textbox", name="Slutsatser").fill(
        "Rekommendationerna har i huvudsak genomförts. " * 8
    )
    olle.get_by_label("Nej").check()
    olle.get_by_role("button", name="Spara rapporten").click()
    expect(olle.get_by_text("sidor", exact=False).first).to_be_visible()
    assert_accessible(olle)
    olle.get_by_role("button", name="Lämna in rapporten").click()
    assert_accessible(olle)
    omgang.refresh_from_db()
    assert omgang.status == Omgangsstatus.INLAMNAD
    assert omgang.rapport.pdf_sha256
    olle.close()

    # The kansli records the three presentations and closes the round.
    page.goto(f"{base}/uppfoljning/{dp.referens}/omgang/1/")
    for organ in ("samarbetsgruppen", "ledningsgruppen", "nämnden"):
        page.get_by_label("Redovisad för").select_option(label=organ)
        page.get_by_label("Datum").fill(f"{today:%Y-%m-%d}")
        page.get_by_label("Skriftligt").check()
        page.get_by_role("button", name="Registrera").click()
        expect(page.get_by_text("Redovisningen är registrerad.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kommentar").fill("Ingen ytterligare uppföljning.")
    page.get_by_role("button", name="Omgången är klar").click()
    expect(page.get_by_text("Omgången är klar.", exact=True)).to_be_visible()
    assert_accessible(page)
    omgang.refresh_from_db()
    assert omgang.status == Omgangsstatus.KLAR
    assert omgang.redovisningar.count() == 3
    assert Uppfoljningsparameter.objects.filter(delprojekt=dp).count() == 2
    page.close()

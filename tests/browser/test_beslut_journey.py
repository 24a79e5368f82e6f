"""A ledningsgrupp meeting in the browser: the kansli builds the agenda from the queue,
the four members record their positions, the secretary records the decision and
finalises the protocol, chair and justerare sign off; then a regional coordinator
registers the region's decision with its extract. Every page passes the accessibility
check."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import Page, expect
from weasyprint import HTML

from delprojekt.models import (
    Dagordningspunkt,
    Handelse,
    Huvudmannabeslut,
    Person,
    Rekommendationsutfall,
    Sammantrade,
    Stallningstagande,
    Status,
)
from delprojekt.permissions import GRUPP_SAMORDNARE
from tests import factories as f
from tests.browser.axe import assert_accessible
from tests.browser.test_journey import login_in_new_page
from tests.conftest import register
from tests.workflow_helpers import walk_to

pytestmark = pytest.mark.browser


def test_a_ledningsgrupp_meeting_from_queue_to_signed_protocol(
    live_server, browser, kansli, lg_members, org
):
    base = live_server.url
    dp = walk_to(register(kansli, titel="Ryggkirurgi"), Status.STARTBESLUT, org=org,
                 kansli=kansli, lg_members=lg_members)  # fmt: skip
    members = [Person.objects.get(user=u) for u in lg_members]
    chair, justerare = members[1], members[2]

    # The kansli creates the meeting and builds its agenda from the queue.
    page = login_in_new_page(browser, base, "kansli")
    page.get_by_role("link", name="Beslutskö").first.click()
    assert_accessible(page)
    page.goto(f"{base}/beslut/ledningsgrupp/")
    assert_accessible(page)
    expect(page.get_by_role("link", name=f"{dp.referens} Ryggkirurgi", exact=True)).to_be_visible()
    page.goto(f"{base}/sammantraden/nytt/?organ=ledningsgrupp")
    assert_accessible(page)
    start = timezone.localtime().replace(hour=8, minute=0)
    page.get_by_label("Datum och tid").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Plats").fill("Växjö")
    page.get_by_label("Ordförande").select_option(label=chair.namn)
    page.get_by_label("Sekreterare").select_option(label="Kerstin Kanslisson")
    page.get_by_label("Justerare").select_option(label=justerare.namn)
    page.get_by_role("button", name="Spara").click()
    assert_accessible(page)
    meeting = Sammantrade.objects.get(organ=org.ledningsgrupp)
    page.get_by_role("button", name=f"Lägg till {dp.referens} Ryggkirurgi").click()
    assert_accessible(page)
    assert meeting.punkter.filter(delprojekt=dp).exists()
    page.get_by_role("button", name="Skicka kallelse").click()
    meeting.refresh_from_db()
    assert meeting.kallelse_skickad is not None

    # Each member records their own position from their queue.
    for user, person in zip(lg_members, members, strict=True):
        member_page = login_in_new_page(browser, base, user.username)
        expect(member_page.get_by_role("link", name="Beslutskö").first).to_be_visible()
        member_page.goto(f"{base}/beslut/mina/")
        assert_accessible(member_page)
        # The queue lists the item; its link opens the member's form.
        member_page.get_by_role("link", name=f"Ta ställning – {dp.referens} Ryggkirurgi").click()
        assert_accessible(member_page)
        member_page.get_by_label(f"{person.namn} (").select_option(label="Instämmer")
        member_page.get_by_role("button", name="Spara ställningstagande").click()
        expect(member_page.get_by_text("Ditt ställningstagande saknas")).to_have_count(0)
        member_page.close()

    # The secretary records the decision and finalises the protocol.
    page.goto(f"{base}/sammantraden/{meeting.pk}/")
    assert Stallningstagande.objects.filter(delprojekt=dp, position="instammer").count() == 4
    page.get_by_text(f"Protokollför {dp.referens} Ryggkirurgi").click()
    page.get_by_label("Starta delprojektet").check()
    page.get_by_role("button", name="Protokollför beslutet").click()
    assert_accessible(page)
    dp.refresh_from_db()
    assert dp.status == Status.UPPDRAG
    assert Handelse.objects.filter(delprojekt=dp, overgang="starta").count() == 1
    page.get_by_role("button", name="Färdigställ protokollet och numrera paragraferna").click()
    assert_accessible(page)
    punkt = Dagordningspunkt.objects.get(sammantrade=meeting, delprojekt=dp)
    assert punkt.paragraf == f"§ 1/{start.year}"
    page.close()

    # Chair and justerare sign off, each with their own login.
    for user in (lg_members[1], lg_members[2]):
        signer = login_in_new_page(browser, base, user.username)
        signer.goto(f"{base}/sammantraden/{meeting.pk}/")
        signer.get_by_role("button", name="Justera protokollet").click()
        assert_accessible(signer)
        signer.close()
    meeting.refresh_from_db()
    assert meeting.justerat
    reader = login_in_new_page(browser, base, "kansli")
    response = reader.request.get(f"{base}/sammantraden/punkt/{punkt.pk}/utdrag.pdf")
    assert response.ok and response.body().startswith(b"%PDF")
    reader.goto(f"{base}{dp.get_absolute_url()}")
    expect(reader.get_by_role("link", name=f"Protokollsutdrag § 1/{start.year}")).to_be_visible()
    assert_accessible(reader)
    reader.close()


def test_a_coordinator_registers_the_regions_decision(
    page: Page, live_server, kansli, lg_members, org, tmp_path
):
    base = live_server.url
    dp = walk_to(register(kansli, titel="Palliativ vård"), Status.HUVUDMANNABESLUT, org=org,
                 kansli=kansli, lg_members=lg_members)  # fmt: skip
    region = org.regioner[0]
    user = f.UserFactory(username="samordnare")
    user.groups.add(Group.objects.get_or_create(name=GRUPP_SAMORDNARE)[0])
    f.PersonFactory(namn="Sara Samordnare", user=user, region=region)
    pdf = tmp_path / "utdrag.pdf"
    pdf.write_bytes(HTML(string="<p>Protokollsutdrag, Regionstyrelsen</p>").write_pdf())

    page.goto(f"{base}/logga-in/")
    page.get_by_label("Användarnamn").fill("samordnare")
    page.get_by_label("Lösenord").fill(f.PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto(f"{base}/delprojekt/{dp.referens}/huvudmannabeslut/")
    assert_accessible(page)
    section = page.get_by_role("region", name=region.namn)
    section.get_by_text("Registrera beslutet").click()
    section.get_by_label("Beslutsnivå").select_option(label="Politisk nivå")
    section.get_by_label("Beslutande organ").fill("Regionstyrelsen")
    section.get_by_label("Beslutsdatum").fill(
        (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    )
    section.get_by_label("Protokollsutdrag (PDF)").set_input_files(str(pdf))
    section.get_by_role("group", name=re.compile("^Utfall för rekommendation")).get_by_label(
        "Bifall", exact=True
    ).check()
    section.get_by_role("button", name=f"Spara beslutet för {region.namn}").click()
    expect(page.get_by_text(f"Beslutet för {region.namn} är registrerat.")).to_be_visible()
    assert_accessible(page)
    beslut = Huvudmannabeslut.objects.get(delprojekt=dp, region=region)
    assert beslut.protokollsutdrag
    assert Rekommendationsutfall.objects.get(huvudmannabeslut=beslut).utfall == "bifall"
    # Only their own region: another region's form is not offered.
    other = page.get_by_role("region", name=org.regioner[1].namn)
    expect(other.get_by_text("Registrera beslutet")).to_have_count(0)

    page.goto(f"{base}/delprojekt/{dp.referens}/regionbeslut/")
    assert_accessible(page)
    expect(page.get_by_text("Bifall").first).to_be_visible()

"""The ledningsgrupp's verksamhetsberättelse: the kansli goes from the meetings to the
body's page, records a member's mandate, plans an activity, writes the body's text,
records the approval under the § of a held meeting, freezes the PDF/A and publishes it;
an anonymous visitor then finds it on the public pages. A working group's chair writes
the group's report, records the group's meeting that approved it and freezes it. Every
page axe-clean, at desktop width and at 390 px."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from delprojekt.models import Dagordningspunkt, Minnesanteckning, Sammantrade
from tests.browser.axe import assert_accessible
from tests.browser.test_journey import login
from verksamhet.models import Verksamhetsberattelse

pytestmark = pytest.mark.browser

NO_OVERFLOW = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
AR = timezone.localdate().year - 1


@pytest.fixture
def held_meeting(org, kansli, lg_members):
    start = timezone.now() - datetime.timedelta(days=2)
    s = Sammantrade.objects.create(organ=org.ledningsgrupp, start=start, plats="Växjö")
    return Dagordningspunkt.objects.create(
        sammantrade=s,
        ordning=1,
        typ=Dagordningspunkt.Typ.ARENDE,
        rubrik=f"Verksamhetsberättelse {AR}",
        paragraf_organ=org.ledningsgrupp,
        paragraf_ar=start.year,
        paragraf_nummer=12,
    )


def check(page: Page) -> None:
    assert_accessible(page)
    assert page.evaluate(NO_OVERFLOW), f"{page.url} är bredare än sidan"


@pytest.mark.parametrize("bredd", [1280, 390])
def test_the_ledningsgrupps_report_is_approved_at_a_meeting_and_frozen(
    page: Page, live_server, org, kansli, lg_members, held_meeting, bredd
):
    page.set_viewport_size({"width": bredd, "height": 900})
    base = live_server.url
    login(page, base, "kansli")

    page.goto(f"{base}/sammantraden/")
    page.locator("nav.organ-lankar").get_by_role("link", name="Ledningsgruppen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ledningsgruppen")
    check(page)

    # A member's mandate from the region.
    page.get_by_role("link", name="Registrera mandatet – Ledamot HAL Lundgren").click()
    check(page)
    page.get_by_label("Vad ledamoten får besluta").fill("Tillstyrka starter inom budget.")
    page.get_by_label("Mandatet givet av").fill("Regiondirektören")
    page.get_by_role("button", name="Spara mandatet").click()
    expect(page.get_by_text("Tillstyrka starter inom budget.")).to_be_visible()
    expect(page.get_by_text("Givet av Regiondirektören")).to_be_visible()

    # The year's report: the body's text.
    page.get_by_role("link", name=f"Verksamhetsberättelse {AR}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Verksamhetsberättelse {AR}")
    check(page)
    page.get_by_label("Organets egen text (Markdown)").fill(
        "Ledningsgruppen ledde arbetet.\n\n## Framåt\n\n- Kortare ledtider"
    )
    page.get_by_role("button", name="Spara texten").click()
    expect(page.get_by_text("Texten är sparad.")).to_be_visible()
    check(page)

    # Approved under the held meeting's §.
    page.get_by_label("Godkänd under paragraf").select_option(str(held_meeting.pk))
    page.get_by_role("button", name="Registrera godkännandet").click()
    expect(page.get_by_text(f"{held_meeting.paragraf}.")).to_be_visible()
    check(page)

    page.get_by_role("button", name="Lås som PDF/A").click()
    expect(page.get_by_text("Verksamhetsberättelsen är låst som PDF/A.")).to_be_visible()
    check(page)
    b = Verksamhetsberattelse.objects.get(organ=org.ledningsgrupp, ar=AR)
    assert b.last is not None and b.sha256
    pdf = page.request.get(f"{base}/verksamhet/organ/{org.ledningsgrupp.pk}/berattelse/{AR}.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    # Frozen: the text form is gone.
    expect(page.get_by_role("button", name="Spara texten")).to_have_count(0)

    page.get_by_role("button", name="Publicera på de öppna sidorna").click()
    expect(page.get_by_text("Verksamhetsberättelsen är publicerad.")).to_be_visible()

    # An anonymous visitor on the public pages.
    page.context.clear_cookies()
    page.goto(f"{base}/oppet/beslut/")
    page.get_by_role("link", name="Organens verksamhetsberättelser").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organens verksamhetsberättelser")
    check(page)
    link = page.get_by_role("link", name=f"Verksamhetsberättelse {AR} (PDF)")
    response = page.request.get(f"{base}{link.get_attribute('href')}")
    assert response.status == 200 and response.body() == b.pdf.open("rb").read()
    b.pdf.close()


@pytest.mark.parametrize("bredd", [1280, 390])
def test_a_working_groups_report_is_approved_at_its_meeting_and_frozen(
    page: Page, live_server, project_a, ordforande, bredd
):
    """The chair writes the group's text, records the meeting at which the group agreed
    to it, freezes the PDF/A and downloads it."""
    i_ar = timezone.localdate().year
    mote = Minnesanteckning.objects.create(
        delprojekt=project_a, datum=timezone.localdate(), plats="Kalmar"
    )
    page.set_viewport_size({"width": bredd, "height": 900})
    base = live_server.url
    login(page, base, "ordf")

    page.goto(f"{base}/delprojekt/{project_a.referens}/arbetsgrupp/")
    page.locator(".ag-actions").get_by_role(
        "link", name=f"Verksamhetsberättelse {i_ar}", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Verksamhetsberättelse {i_ar}")
    check(page)
    page.get_by_label("Arbetsgruppens egen text (Markdown)").fill(
        "Gruppen möttes och enades om avgränsningen.\n\n- Nulägesanalysen klar"
    )
    page.get_by_role("button", name="Spara texten").click()
    expect(page.get_by_text("Texten är sparad.")).to_be_visible()
    check(page)

    page.get_by_label("Godkänd vid arbetsgruppens möte").select_option(str(mote.pk))
    page.get_by_role("button", name="Registrera godkännandet").click()
    expect(
        page.get_by_text(f"Godkänd av arbetsgruppen vid mötet {mote.datum:%Y-%m-%d}.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Spara texten")).to_have_count(0)
    check(page)

    page.get_by_role("button", name="Lås som PDF/A").click()
    expect(page.get_by_text("Verksamhetsberättelsen är låst som PDF/A.")).to_be_visible()
    check(page)
    b = Verksamhetsberattelse.objects.get(delprojekt=project_a, ar=i_ar)
    assert b.last is not None and b.sha256
    href = page.get_by_role("link", name="Den låsta PDF:en").get_attribute("href")
    pdf = page.request.get(f"{base}{href}")
    assert pdf.status == 200 and pdf.body() == b.pdf.open("rb").read()
    b.pdf.close()
    expect(page.get_by_role("button", name="Lås som PDF/A")).to_have_count(0)

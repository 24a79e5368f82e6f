"""A fresh installation configured from an organisation file runs a project from the
proposal to the closed follow-up in the browser, along its own chain of bodies: Södra
sjukvårdsregionen (four regions, political preparation) and Sjukvårdsregion
Mellansverige (seven regions, the ledningsgrupp's decision straight to the board).
Mellansverige's pages, PDFs and mails never say "SFBV" or "Södra"."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from delprojekt.models import Delprojekt, Fokusomrade, Region, Samverkan, Status
from delprojekt.services.workflow import positions_record
from delprojekt.workflow import overgang
from tests import factories as f
from tests.browser.axe import assert_accessible
from tests.conftest import deliver_mail
from tests.factories import PASSWORD
from tests.workflow_helpers import (
    all_agree,
    fill_chapters,
    fill_group,
    fill_slutrapport,
    present_round,
    register_regional_decisions,
)

pytestmark = [pytest.mark.browser, pytest.mark.ingen_samverkan]

FORBJUDNA = ("SFBV", "Södra")


@dataclass(frozen=True)
class Installation:
    fil: str
    kansli: str
    prefix: str
    #: The ways through the chain after the final report is handed in.
    kedja: tuple[str, ...]
    #: Texts of the other samverkan that must never show.
    forbjudna: tuple[str, ...]


SODRA = Installation(
    "sodra.yaml",
    "kansli1",
    "SFBV",
    ("lamna_till_samarbetsgrupp", "tillstyrk", "besluta", "till_namnd"),
    ("Mellansverige", "SRM"),
)
MELLANSVERIGE = Installation(
    "mellansverige.yaml",
    "kansli",
    "SRM",
    ("lamna_till_samarbetsgrupp", "tillstyrk", "besluta_till_namnd"),
    FORBJUDNA,
)


def _check_page(page: Page, inst: Installation) -> None:
    # Read the page a click loads, not the one it is replacing.
    page.wait_for_load_state("load")
    expect(page).to_have_title(re.compile(rf"– {re.escape(Samverkan.current().kortnamn)}$"))
    html = page.content()
    for text in inst.forbjudna:
        # As a word: a random token (CSRF) may hold the letters.
        assert not re.search(rf"\b{text}\b", html), f"»{text}« på {page.url}"


def _transition(page: Page, detail: str, dp: Delprojekt, name: str, inst: Installation) -> None:
    """Take transition ``name`` from the project's "Nästa steg" panel, as the kansli."""
    o = overgang(dp.status, name)
    assert o is not None, f"{name} finns inte från {dp.status} i den här kedjan"
    page.goto(detail)
    page.locator(f"#nasta-steg ~ ul a[href$='/overgang/{name}/']").click()
    _check_page(page, inst)
    if o.organ:
        page.get_by_label("Per capsulam").check()
    for select in page.locator("select[name^=position_]").all():
        select.select_option("instammer")
    page.get_by_role("button", name=str(o.label)).click()
    dp.refresh_from_db()
    expect(
        page.get_by_text(f"Delprojektet har nu status »{dp.get_status_display()}«")
    ).to_be_visible()
    assert dp.status == o.target
    _check_page(page, inst)


@pytest.mark.parametrize("inst", [SODRA, MELLANSVERIGE], ids=["sodra", "mellansverige"])
def test_a_fresh_installation_runs_a_project_from_proposal_to_follow_up(
    page: Page, live_server, mailoutbox, inst: Installation
):
    call_command(
        "load_organisation",
        str(Path(settings.BASE_DIR) / "organisation" / inst.fil),
        stdout=io.StringIO(),
    )
    for user in get_user_model().objects.all():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    kansli = get_user_model().objects.get(username=inst.kansli)
    samverkan = Samverkan.current()
    base = live_server.url

    page.goto(f"{base}/logga-in/")
    _check_page(page, inst)
    expect(page.get_by_text(f"delprojekten i {samverkan.namn}")).to_be_visible()
    page.get_by_label("Användarnamn").fill(inst.kansli)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Att göra")
    expect(page.locator(".brand__name")).to_have_text(samverkan.kortnamn)
    _check_page(page, inst)

    # The proposal, registered in the browser with every region of this samverkan.
    page.get_by_role("link", name="Registrera förslag").first.click()
    _check_page(page, inst)
    page.get_by_label("Titel").fill("Gemensam strokevård")
    page.get_by_label("Förslaget kommer från").select_option("chefsgrupp")
    page.get_by_label("Kort underlag").fill("Vården efter stroke skiljer sig mellan regionerna.")
    page.get_by_label("Syfte", exact=True).fill("Jämlik strokevård.")
    page.get_by_label("Mål", exact=True).fill("Gemensamma vårdförlopp.")
    page.get_by_label("Förväntat utfall").fill("Ett förslag till gemensamt vårdförlopp.")
    for region in Region.objects.all():
        page.get_by_label(region.namn).check()
    page.get_by_label(Fokusomrade.objects.first().namn).check()
    page.get_by_label("Avstämt med samarbetsgruppen").fill("2026-11-02")
    page.get_by_role("button", name="Registrera förslaget").click()
    expect(
        page.get_by_text(re.compile(rf"Förslaget är registrerat som {inst.prefix}-\d{{4}}-001"))
    ).to_be_visible()
    assert_accessible(page)
    _check_page(page, inst)
    dp = Delprojekt.objects.get()
    detail = page.url

    # Along the main path; what the working group writes is put in place directly (its
    # own journeys test those pages), every transition is taken in the browser.
    prepare = {
        "bilda_arbetsgrupp": lambda: fill_chapters(dp, "uppdrag"),
        "overlamna_uppdrag": lambda: fill_group(dp, kansli),
        "skriv_slutrapport": lambda: f.AtgardsforslagFactory(delprojekt=dp),
        inst.kedja[0]: lambda: fill_slutrapport(dp),
        # The members' positions (recorded on the project page: test_beslut_journey).
        "besluta": lambda: positions_record(delprojekt=dp, user=kansli, positioner=all_agree()),
        "besluta_till_namnd": lambda: positions_record(
            delprojekt=dp, user=kansli, positioner=all_agree()
        ),
        "borja_inforande": lambda: register_regional_decisions(dp),
        "avsluta": lambda: present_round(dp),
    }
    steps = (
        "bered",
        "lagg_fram",
        "starta",
        "bilda_arbetsgrupp",
        "overlamna_uppdrag",
        "till_analys",
        "till_forslag",
        "skriv_slutrapport",
        *inst.kedja,
        "rekommendera",
        "borja_inforande",
        "starta_uppfoljning",
        "avsluta",
    )
    for name in steps:
        if name in prepare:
            prepare[name]()
        _transition(page, detail, dp, name, inst)
        if name == "rekommendera":
            pdf = page.request.get(base + reverse("delprojekt:slutrapport_pdf", args=[dp.referens]))
            assert pdf.ok
            text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
            assert samverkan.namn.upper() in text.replace("\n", " ").upper()
            for forbidden in inst.forbjudna:
                assert forbidden not in text

    assert dp.status == Status.AVSLUTAD
    assert_accessible(page)
    timeline = page.locator(".timeline")
    if "besluta_till_namnd" in inst.kedja:
        expect(timeline).to_contain_text("och lämna dem till nämnden")
        expect(timeline).not_to_contain_text("politisk beredning")
    else:
        expect(timeline).to_contain_text("lämna dem till politisk beredning")

    deliver_mail()
    assert mailoutbox, "inga utskick att granska"
    for message in mailoutbox:
        parts = [message.subject, message.body, *(c for c, _t in message.alternatives)]
        for forbidden in inst.forbjudna:
            assert all(forbidden not in part for part in parts), (forbidden, message.subject)

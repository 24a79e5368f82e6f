"""The slutrapport PDF (PDF/A, contents with page numbers, numbered chapters) and the frozen
copy of the version the board approved."""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from delprojekt.models import Kapitel, Rapportversion, Samverkan, Status
from delprojekt.services.slutrapport_pdf import rapportversion_freeze, slutrapport_pdf
from tests import factories as f
from tests.workflow_helpers import run, walk_to

LONG = "\n\n".join(
    "Nulägesbeskrivningen bygger på data från regionernas patientadministrativa system "
    "och på intervjuer med verksamheterna i de fyra regionerna. " * 6
    for _ in range(8)
)


def url(name, *args):
    return reverse(f"delprojekt:{name}", args=args)


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def _set(dp, nyckel, text):
    Kapitel.objects.filter(
        dokument__delprojekt=dp, dokument__typ="slutrapport", nyckel=nyckel
    ).update(text=text)


@pytest.fixture
def report(project_a, org):
    dp = project_a
    _set(dp, "uppdrag", "Uppdraget var att kartlägga ryggkirurgin.")
    _set(dp, "nulage", "## Väntetider\n\n" + LONG + "\n\n## Volymer\n\n" + LONG)
    _set(dp, "analys", "## Orsaker\n\n" + LONG)
    _set(dp, "forslag", "Gruppen lägger fram två förslag.")
    _set(dp, "faktabilaga", "| Region | Väntetid |\n|---|---|\n| Halland | 40 |")
    _set(dp, "referenser", "1. Socialstyrelsen, Väntetider i vården.")
    a = f.AtgardsforslagFactory(
        delprojekt=dp, ordning=1, titel="Gemensam remissrutin", kostnad="2 mnkr"
    )
    a.regioner.set(org.regioner[:2])
    f.AtgardsforslagFactory(delprojekt=dp, ordning=2, titel="Regionöverskridande operationslista")
    dp.uppfoljningsparametrar.create(
        namn="Väntetid till operation", enhet="dagar", kalla="pas", malvarde=30
    )
    return dp


def test_the_pdf_has_numbered_chapters_a_correct_toc_and_page_footer(report):
    pdf = slutrapport_pdf(report)
    pages = _pages(pdf)
    n = len(pages)
    assert n >= 5
    text = "\n".join(pages)
    headings = [
        "1. Uppdrag",
        "2. Gruppsammansättning",
        "3. Nuläge",
        "4. Analys",
        "5. Förslag",
        "6. Referenser",
        "Bilaga 1. Faktabilaga",
    ]
    toc = pages[1]
    assert "Innehåll" in toc
    for heading in headings:
        m = re.search(re.escape(heading) + r"[ .…]*?(\d+)\s*$", toc, re.MULTILINE)
        assert m, heading
        toc_page = int(m.group(1))
        real = next(
            i + 1
            for i, p in enumerate(pages)
            if i >= 2 and re.search(r"^" + re.escape(heading) + r"\s*$", p, re.MULTILINE)
        )
        assert toc_page == real, heading
    # Numbered subsections, åtgärdsförslag as numbered boxes, the follow-up parameters.
    assert "3.1 Väntetider" in text and "3.2 Volymer" in text and "4.1 Orsaker" in text
    assert "Förslag 1. Gemensam remissrutin" in text
    assert "Förslag 2. Regionöverskridande operationslista" in text
    assert "Väntetid till operation" in text
    assert "Uppföljningsplan" in text
    assert f"Sida 1 av {n}" in pages[0]
    assert f"Sida {n} av {n}" in pages[-1]
    # Running header: reference and title on the pages after the cover.
    assert f"{report.referens} · {report.titel}" in pages[2]
    assert "Utkast" in pages[0]


def test_the_pdf_is_pdf_a_with_language_and_metadata(report):
    reader = PdfReader(io.BytesIO(slutrapport_pdf(report)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfaid:part" in xmp
    assert b"<pdfaid:part>3</pdfaid:part>" in xmp or b'pdfaid:part="3"' in xmp
    meta = reader.metadata
    assert report.referens in meta.title and "Slutrapport" in meta.title
    assert meta.author == Samverkan.current().namn
    # Fonts are embedded.
    fonts = [
        font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()
    ]
    assert fonts and all(
        "/FontFile2" in font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        or "/FontFile3" in font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        for font in fonts
        if "/DescendantFonts" in font
    )


def test_the_same_input_gives_the_same_text(report):
    first, second = slutrapport_pdf(report), slutrapport_pdf(report)
    assert _pages(first) == _pages(second)
    assert (
        PdfReader(io.BytesIO(first)).metadata.creation_date
        == PdfReader(io.BytesIO(second)).metadata.creation_date
    )


def test_the_live_pdf_view_and_permissions(client, report, reader, outsider):
    client.force_login(reader)
    response = client.get(url("slutrapport_pdf", report.referens))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "1. Uppdrag" in "\n".join(_pages(response.content))
    page = client.get(url("dokument", report.referens, "slutrapport")).content.decode()
    assert url("slutrapport_pdf", report.referens) in page
    client.force_login(outsider)
    assert client.get(url("slutrapport_pdf", report.referens)).status_code == 404
    assert client.get(url("rapportversion", report.referens, 1)).status_code == 404


def test_rekommendera_freezes_the_approved_pdf(
    client, project_a, org, kansli, lg_members, reader, outsider, django_capture_on_commit_callbacks
):
    dp = walk_to(project_a, Status.NAMND, org=org, kansli=kansli, lg_members=lg_members)
    with django_capture_on_commit_callbacks(execute=True):
        dp = run(dp, "rekommendera", kansli)
    version = Rapportversion.objects.get(delprojekt=dp)
    assert version.nummer == 1
    assert version.beslut.organ_id and version.beslut.datum == dp.namnd_beslutsdatum
    with version.fil.open("rb") as fh:
        stored = fh.read()
    assert hashlib.sha256(stored).hexdigest() == version.sha256
    pages = _pages(stored)
    assert version.sidor == len(pages)
    namnd = Samverkan.current().namnd_namn or str(version.beslut.organ)
    assert f"Godkänd av {namnd} {version.beslut.datum:%Y-%m-%d}" in pages[0]
    assert "Utkast" not in pages[0]
    # The group composition table lists the appointed members.
    medlem = dp.medlemskap.select_related("person").first().person.namn
    assert medlem in "\n".join(pages)

    # Idempotent per decision.
    assert rapportversion_freeze(dp.pk, version.beslut_id).pk == version.pk
    assert Rapportversion.objects.filter(delprojekt=dp).count() == 1

    client.force_login(reader)
    page = client.get(url("dokument", dp.referens, "slutrapport")).content.decode()
    assert version.sha256 in page
    assert url("rapportversion", dp.referens, 1) in page
    response = client.get(url("rapportversion", dp.referens, 1))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private"
    assert client.get(url("rapportversion", dp.referens, 2)).status_code == 404

    # A later change of the text changes the live PDF, never the frozen file.
    _set(dp, "nulage", "Ett helt nytt nuläge efter beslutet.")
    live = "\n".join(_pages(client.get(url("slutrapport_pdf", dp.referens)).content))
    assert "Ett helt nytt nuläge efter beslutet." in live
    version.refresh_from_db()
    with version.fil.open("rb") as fh:
        assert fh.read() == stored
    assert hashlib.sha256(stored).hexdigest() == version.sha256

    client.force_login(outsider)
    assert client.get(url("rapportversion", dp.referens, 1)).status_code == 404


def test_skriv_pdf_writes_the_report_and_refuses_an_unknown_reference(kansli, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from tests.conftest import register

    dp = register(kansli, titel="Barnreumatologi")
    out = tmp_path / "rapport.pdf"
    call_command("skriv_pdf", dp.referens, str(out))
    assert out.read_bytes().startswith(b"%PDF")
    call_command("skriv_pdf", dp.referens, str(tmp_path / "u.pdf"), dokument="uppdrag")
    assert (tmp_path / "u.pdf").read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="inget delprojekt"):
        call_command("skriv_pdf", "SFBV-1999-999", str(out))

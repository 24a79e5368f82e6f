"""The uppdrag: Markdown chapters, preview, versions and diff, competences, tidplan,
freezing at hand-over, changes by decision, and the PDF."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from delprojekt.diff import jamfor
from delprojekt.markdown import render_markdown
from delprojekt.models import (
    MALL,
    Beslut,
    Delprojekt,
    Dokumenttyp,
    Handelse,
    Kapitel,
    Kompetenskrav,
    Milstolpe,
    Status,
    Uppdragsversion,
)
from delprojekt.services.dokument import kapitel_save
from delprojekt.services.errors import GuardFailed, Locked, StaleState
from delprojekt.services.uppdrag import kompetenskrav_save
from tests.conftest import register
from tests.workflow_helpers import latest_paragraph, walk_to


def url(name, *args):
    return reverse(f"delprojekt:{name}", args=args)


def kapitel(dp, nyckel, typ="uppdrag"):
    return Kapitel.objects.get(dokument__delprojekt=dp, dokument__typ=typ, nyckel=nyckel)


@pytest.fixture
def in_uppdrag(org, kansli, lg_members):
    return walk_to(register(kansli), Status.UPPDRAG, org=org, kansli=kansli, lg_members=lg_members)


@pytest.fixture
def a_in_uppdrag(org, kansli, lg_members, project_a, ordforande):
    return walk_to(project_a, Status.UPPDRAG, org=org, kansli=kansli, lg_members=lg_members)


@pytest.fixture
def handed_over(org, kansli, lg_members, in_uppdrag):
    Kompetenskrav.objects.create(delprojekt=in_uppdrag, ordning=1, benamning="Ortopedi")
    Milstolpe.objects.create(
        delprojekt=in_uppdrag, datum=datetime.date(2026, 9, 1), benamning="Nuläge klart"
    )
    return walk_to(in_uppdrag, Status.NULAGE, org=org, kansli=kansli, lg_members=lg_members)


def save_chapter(client, dp, nyckel, version, text, **extra):
    return client.post(
        url("kapitel", dp.referens, "uppdrag", nyckel), {"version": version, "text": text, **extra}
    )


# --- Markdown -----------------------------------------------------------------------------


def test_markdown_is_sanitised_and_keeps_tables():
    text = (
        "<script>alert(1)</script>\n\n"
        '<img src="x" onerror="alert(2)">\n\n'
        "[länk](javascript:alert(3)) och [bra](https://example.org)\n\n"
        "| Region | Antal |\n|---|---|\n| Skåne | 12 |\n"
    )
    html = render_markdown(text)
    assert "<script" not in html and "alert(1)" not in html.replace("&lt;", "")
    assert "onerror" not in html
    assert "javascript:" not in html
    assert 'href="https://example.org"' in html
    assert "<table>" in html and "<td>Skåne</td>" in html


def test_chapters_are_shown_as_markdown_with_hints(client, kansli, in_uppdrag):
    client.force_login(kansli)
    save_chapter(
        client,
        in_uppdrag,
        "uppdragspunkter",
        0,
        '1. Kartlägg\n2. Föreslå\n\n<span onclick="x()">y</span>',
    )
    page = client.get(url("dokument", in_uppdrag.referens, "uppdrag")).content.decode()
    assert "<ol>\n<li>Kartlägg</li>" in page
    assert "onclick" not in page
    assert "Skriv punkterna som en numrerad lista" in page
    assert url("kapitel_versioner", in_uppdrag.referens, "uppdrag", "uppdragspunkter") in page


def test_the_slutrapport_page_renders_markdown_without_uppdrag_parts(
    client, kansli, org, lg_members, in_uppdrag
):
    dp = walk_to(in_uppdrag, Status.NULAGE, org=org, kansli=kansli, lg_members=lg_members)
    client.force_login(kansli)
    client.post(
        url("kapitel", dp.referens, "slutrapport", "nulage"), {"version": 0, "text": "**Fet**"}
    )
    page = client.get(url("dokument", dp.referens, "slutrapport")).content.decode()
    assert "<strong>Fet</strong>" in page
    assert "Kompetenser och områden" not in page


# --- Preview and conflict -----------------------------------------------------------------


def test_preview_renders_and_saves_nothing(client, kansli, in_uppdrag):
    client.force_login(kansli)
    response = save_chapter(
        client, in_uppdrag, "bakgrund", 0, "## Läget\n\n*Viktigt*", forhandsgranska="1"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Förhandsgranskning" in body
    assert "<em>Viktigt</em>" in body and "<h3>Läget</h3>" in body
    k = kapitel(in_uppdrag, "bakgrund")
    assert (k.text, k.version) == ("", 0)
    assert not in_uppdrag.handelser.filter(typ=Handelse.Typ.DOKUMENT).exists()
    # The text stays in the box with the version the user opened.
    assert 'name="version" value="0"' in body and "*Viktigt*" in body


def test_preview_does_not_hide_a_later_conflict(client, kansli, in_uppdrag):
    client.force_login(kansli)
    save_chapter(client, in_uppdrag, "bakgrund", 0, "Den andras text.")
    save_chapter(client, in_uppdrag, "bakgrund", 0, "Min text.", forhandsgranska="1")
    response = save_chapter(client, in_uppdrag, "bakgrund", 0, "**Min** text.")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Någon annan har sparat kapitlet" in body
    assert "Den andras text." in body and "<strong>Min</strong> text." in body
    assert 'class="side-by-side"' in body
    assert kapitel(in_uppdrag, "bakgrund").text == "Den andras text."


# --- Chapter versions and the diff --------------------------------------------------------


def test_diff_marks_removed_and_added_words_escaped():
    result = jamfor("Väntetiden är lång <b>i</b> Skåne.", "Väntetiden är kort <b>i</b> Skåne.")
    assert result.andrad
    assert re.search(r"<del[^>]*>.*borttaget:.*lång</del>", result.fore)
    assert re.search(r"<ins[^>]*>.*tillagt:.*kort</ins>", result.efter)
    assert "<b>" not in result.fore and "&lt;b&gt;" in result.fore
    assert not jamfor("Samma.", "Samma.").andrad


def test_versions_page_lists_versions_and_compares(client, kansli, reader, in_uppdrag):
    client.force_login(kansli)
    save_chapter(client, in_uppdrag, "syfte", 0, "Syftet är att korta köerna.")
    save_chapter(client, in_uppdrag, "syfte", 1, "Syftet är att jämna ut köerna.")
    target = url("kapitel_versioner", in_uppdrag.referens, "uppdrag", "syfte")
    client.force_login(reader)
    page = client.get(target).content.decode()
    assert "Kerstin Kanslisson" in page
    assert re.search(r'<th scope="row">2</th>', page) and re.search(r'<th scope="row">1</th>', page)
    response = client.get(target, {"a": 1, "b": 2})
    body = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<del[^>]*>.*korta</del>", body)
    assert re.search(r"<ins[^>]*>.*jämna ut</ins>", body)


@pytest.mark.parametrize(
    "params", [{"a": "x", "b": "1"}, {"a": "1", "b": "99"}, {"a": "1"}, {"b": "-3"}]
)
def test_bad_version_parameters_give_a_message(client, kansli, in_uppdrag, params):
    client.force_login(kansli)
    save_chapter(client, in_uppdrag, "syfte", 0, "Ett.")
    save_chapter(client, in_uppdrag, "syfte", 1, "Två.")
    response = client.get(url("kapitel_versioner", in_uppdrag.referens, "uppdrag", "syfte"), params)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Versionen finns inte" in body or "Välj två versioner" in body
    assert "<del" not in body


def test_versions_page_refusals(client, outsider, kansli, in_uppdrag):
    client.force_login(outsider)
    target = url("kapitel_versioner", in_uppdrag.referens, "uppdrag", "syfte")
    assert client.get(target).status_code == 404
    client.force_login(kansli)
    assert (
        client.get(url("kapitel_versioner", in_uppdrag.referens, "uppdrag", "x")).status_code == 404
    )
    assert client.post(target).status_code == 405


# --- Competences ------------------------------------------------------------------------


def test_kansli_adds_edits_orders_and_removes_competences(client, kansli, in_uppdrag):
    client.force_login(kansli)
    target = url("kompetenskrav", in_uppdrag.referens)
    assert client.get(target).status_code == 200
    r = client.post(target, {"benamning": "Ortopedi", "krav": "ska", "kommentar": "Två regioner"})
    assert r.status_code == 302
    client.post(target, {"benamning": "Fysioterapi", "krav": "bor", "kommentar": ""})
    ortopedi, fysio = in_uppdrag.kompetenskrav.order_by("ordning")
    assert (ortopedi.ordning, fysio.ordning, fysio.krav) == (1, 2, "bor")
    assert ortopedi.history.first().history_user == kansli
    assert in_uppdrag.handelser.filter(
        typ=Handelse.Typ.DOKUMENT, text__contains="kompetens lades till: Ortopedi"
    ).exists()

    client.post(url("kompetenskrav_flytta", in_uppdrag.referens, fysio.pk), {"riktning": "upp"})
    assert list(
        in_uppdrag.kompetenskrav.order_by("ordning").values_list("benamning", flat=True)
    ) == [
        "Fysioterapi",
        "Ortopedi",
    ]
    client.post(
        url("kompetenskrav_edit", in_uppdrag.referens, ortopedi.pk),
        {"benamning": "Ortopedisk kirurgi", "krav": "ska", "kommentar": ""},
    )
    ortopedi.refresh_from_db()
    assert ortopedi.benamning == "Ortopedisk kirurgi"

    page = client.get(url("dokument", in_uppdrag.referens, "uppdrag")).content.decode()
    assert "Ortopedisk kirurgi" in page and "Bör finnas" in page

    client.post(url("kompetenskrav_remove", in_uppdrag.referens, fysio.pk))
    remaining = list(in_uppdrag.kompetenskrav.all())
    assert [(k.benamning, k.ordning) for k in remaining] == [("Ortopedisk kirurgi", 1)]
    assert in_uppdrag.handelser.filter(text__contains="kompetens togs bort: Fysioterapi").exists()


def test_invalid_competence_is_refused_with_a_message(client, kansli, in_uppdrag):
    client.force_login(kansli)
    response = client.post(
        url("kompetenskrav", in_uppdrag.referens), {"benamning": "", "krav": "kanske"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Skriv kompetensen eller området." in body
    assert not in_uppdrag.kompetenskrav.exists()


def test_competence_refusals(client, kansli, outsider, reader, ordforande, a_in_uppdrag, project_b):
    k = Kompetenskrav.objects.create(delprojekt=a_in_uppdrag, benamning="Ortopedi")
    data = {"benamning": "Fysioterapi", "krav": "ska"}
    for user, status in ((outsider, 404), (reader, 403), (ordforande, 403)):
        client.force_login(user)
        assert client.get(url("kompetenskrav", a_in_uppdrag.referens)).status_code == status
        assert client.post(url("kompetenskrav", a_in_uppdrag.referens), data).status_code == status
        remove = url("kompetenskrav_remove", a_in_uppdrag.referens, k.pk)
        assert client.post(remove).status_code == status
    assert list(a_in_uppdrag.kompetenskrav.values_list("benamning", flat=True)) == ["Ortopedi"]
    # Another project's competence is not reachable through this project.
    client.force_login(kansli)
    other = url("kompetenskrav_remove", project_b.referens, k.pk)
    assert client.post(other).status_code == 404
    assert client.get(url("kompetenskrav_remove", a_in_uppdrag.referens, k.pk)).status_code == 405


# --- Milestones ------------------------------------------------------------------------


def test_kansli_adds_edits_and_removes_milestones(client, kansli, in_uppdrag):
    client.force_login(kansli)
    target = url("milstolpar", in_uppdrag.referens)
    client.post(target, {"datum": "2026-10-01", "benamning": "Analys klar"})
    client.post(target, {"datum": "2026-06-01", "benamning": "Nuläge klart", "klar": "on"})
    first, second = in_uppdrag.milstolpar.all()
    assert (first.benamning, first.klar, second.benamning) == ("Nuläge klart", True, "Analys klar")
    assert first.history.first().history_user == kansli
    page = client.get(url("dokument", in_uppdrag.referens, "uppdrag")).content.decode()
    assert 'class="milstolpar"' in page
    assert page.index("Nuläge klart") < page.index("Analys klar")
    assert '<time datetime="2026-06-01">' in page

    client.post(
        url("milstolpe_edit", in_uppdrag.referens, second.pk),
        {"datum": "2026-11-15", "benamning": "Analys klar"},
    )
    second.refresh_from_db()
    assert second.datum == datetime.date(2026, 11, 15)
    client.post(url("milstolpe_remove", in_uppdrag.referens, first.pk))
    assert list(in_uppdrag.milstolpar.values_list("benamning", flat=True)) == ["Analys klar"]
    assert in_uppdrag.handelser.filter(text__contains="milstolpe togs bort").exists()


def test_invalid_milestone_is_refused(client, kansli, in_uppdrag):
    client.force_login(kansli)
    response = client.post(
        url("milstolpar", in_uppdrag.referens), {"datum": "första maj", "benamning": ""}
    )
    body = response.content.decode()
    assert "Ange datumet som ÅÅÅÅ-MM-DD." in body and "Skriv vad milstolpen är." in body
    assert not in_uppdrag.milstolpar.exists()


def test_milestone_refusals(client, outsider, reader, ordforande, a_in_uppdrag):
    m = Milstolpe.objects.create(
        delprojekt=a_in_uppdrag, datum=datetime.date(2026, 5, 1), benamning="Start"
    )
    data = {"datum": "2026-06-01", "benamning": "Mer"}
    for user, status in ((outsider, 404), (reader, 403), (ordforande, 403)):
        client.force_login(user)
        assert client.post(url("milstolpar", a_in_uppdrag.referens), data).status_code == status
        edit = url("milstolpe_edit", a_in_uppdrag.referens, m.pk)
        assert client.post(edit, data).status_code == status
        remove = url("milstolpe_remove", a_in_uppdrag.referens, m.pk)
        assert client.post(remove).status_code == status
    m.refresh_from_db()
    assert (m.benamning, a_in_uppdrag.milstolpar.count()) == ("Start", 1)


# --- Freezing and changes by decision ---------------------------------------------------


def test_hand_over_freezes_the_uppdrag_as_version_1(handed_over, kansli):
    version = Uppdragsversion.objects.get(delprojekt=handed_over)
    assert (version.nummer, version.skapad_av, version.beslut) == (1, kansli, None)
    chapters = {k["nyckel"]: k for k in version.innehall["kapitel"]}
    assert chapters["bakgrund"]["text"] == "Text."
    assert chapters["uppfoljning"]["rubrik"] == "Tänkt uppföljning"
    assert version.innehall["kompetenskrav"][0]["benamning"] == "Ortopedi"
    assert version.innehall["milstolpar"][0] == {
        "datum": "2026-09-01",
        "benamning": "Nuläge klart",
        "klar": False,
    }


def test_frozen_uppdrag_refuses_every_change(client, kansli, handed_over):
    client.force_login(kansli)
    k = handed_over.kompetenskrav.get()
    m = handed_over.milstolpar.get()
    response = client.post(
        url("kompetenskrav", handed_over.referens),
        {"benamning": "Ny", "krav": "ska"},
        follow=True,
    )
    assert "Uppdraget är överlämnat och låst" in response.content.decode()
    client.post(url("kompetenskrav_remove", handed_over.referens, k.pk))
    client.post(url("milstolpar", handed_over.referens), {"datum": "2026-01-01", "benamning": "N"})
    client.post(url("milstolpe_remove", handed_over.referens, m.pk))
    save_chapter(client, handed_over, "bakgrund", 0, "Ändrat.")
    assert list(handed_over.kompetenskrav.values_list("benamning", flat=True)) == ["Ortopedi"]
    assert handed_over.milstolpar.count() == 1
    assert kapitel(handed_over, "bakgrund").text == "Text."
    with pytest.raises(Locked, match="överlämnat och låst"):
        kompetenskrav_save(
            delprojekt=handed_over, user=kansli, data={"benamning": "X", "krav": "ska"}
        )


def test_a_document_not_open_yet_is_a_guard_and_one_handed_in_is_locked(
    org, kansli, lg_members, handed_over
):
    fresh = register(kansli, titel="Ännu inget startbeslut")
    with pytest.raises(GuardFailed, match="skrivs efter startbeslutet"):
        kompetenskrav_save(delprojekt=fresh, user=kansli, data={"benamning": "X", "krav": "ska"})
    nyckel = MALL[Dokumenttyp.SLUTRAPPORT][0][0]
    with pytest.raises(GuardFailed, match="Slutrapporten kan skrivas"):
        kapitel_save(
            delprojekt=fresh,
            typ=Dokumenttyp.SLUTRAPPORT,
            nyckel=nyckel,
            user=kansli,
            text="X",
            version=0,
        )
    granskas = walk_to(
        handed_over, Status.SAMARBETSGRUPP, org=org, kansli=kansli, lg_members=lg_members
    )
    with pytest.raises(Locked, match="Slutrapporten kan skrivas"):
        kapitel_save(
            delprojekt=granskas,
            typ=Dokumenttyp.SLUTRAPPORT,
            nyckel=nyckel,
            user=kansli,
            text="X",
            version=0,
        )
    assert not Kompetenskrav.objects.filter(delprojekt=fresh).exists()


def test_a_recorded_decision_opens_the_uppdrag_and_locking_makes_version_2(
    client, kansli, org, handed_over
):
    client.force_login(kansli)
    page = client.get(url("dokument", handed_over.referens, "uppdrag")).content.decode()
    assert url("uppdrag_andring", handed_over.referens) in page
    response = client.post(
        url("uppdrag_andring", handed_over.referens),
        {
            "organ": "ledningsgrupp",
            "datum": timezone.localdate().isoformat(),
            "beslutstext": "Uppdraget utökas med barn och unga.",
            "slag": "per_capsulam",
        },
    )
    assert response.status_code == 302
    dp = Delprojekt.objects.get(pk=handed_over.pk)
    beslut = dp.uppdrag_andringsbeslut
    assert (beslut.utfall, beslut.organ, beslut.paragraf) == (
        Beslut.Utfall.UPPDRAG_ANDRAT,
        org.ledningsgrupp,
        latest_paragraph(org.ledningsgrupp, timezone.localdate().year),
    )
    assert beslut.slag == Beslut.Slag.PER_CAPSULAM
    assert dp.handelser.filter(typ=Handelse.Typ.BESLUT, beslut=beslut).exists()

    # Open for changes: chapters, competences and milestones.
    k = kapitel(dp, "avgransningar")
    save_chapter(client, dp, "avgransningar", k.version, "Barn och unga ingår.")
    assert kapitel(dp, "avgransningar").text == "Barn och unga ingår."
    client.post(url("kompetenskrav", dp.referens), {"benamning": "Barnortopedi", "krav": "ska"})
    assert dp.kompetenskrav.filter(benamning="Barnortopedi").exists()
    # A second decision is refused while the first is open.
    again = client.post(
        url("uppdrag_andring", dp.referens),
        {"organ": "samarbetsgrupp", "datum": timezone.localdate().isoformat(), "beslutstext": "X"},
        follow=True,
    )
    assert "redan registrerat" in again.content.decode()
    assert Beslut.objects.filter(utfall=Beslut.Utfall.UPPDRAG_ANDRAT).count() == 1

    response = client.post(url("uppdrag_las", dp.referens))
    assert response.status_code == 302
    dp.refresh_from_db()
    assert dp.uppdrag_andringsbeslut is None
    v2 = dp.uppdragsversioner.get(nummer=2)
    assert v2.beslut == beslut
    chapters = {c["nyckel"]: c["text"] for c in v2.innehall["kapitel"]}
    assert chapters["avgransningar"] == "Barn och unga ingår."
    # Frozen again.
    save_chapter(client, dp, "avgransningar", kapitel(dp, "avgransningar").version, "Nej.")
    assert kapitel(dp, "avgransningar").text == "Barn och unga ingår."

    # The two frozen versions compared chapter by chapter.
    page = client.get(url("uppdrag_versioner", dp.referens), {"a": 1, "b": 2}).content.decode()
    assert re.search(r"<ins[^>]*>.*Barn och unga ingår.*</ins>", page)
    assert re.search(r"<ins[^>]*>[^<]*<span[^>]*>tillagt: </span>2\. Barnortopedi", page)
    listing = client.get(url("dokument", dp.referens, "uppdrag")).content.decode()
    assert "Uppdraget utökas med barn och unga." in listing


def test_amendment_refusals_and_invalid_input(
    client, kansli, reader, outsider, samarbetsgrupp_user, handed_over
):
    target = url("uppdrag_andring", handed_over.referens)
    data = {"organ": "ledningsgrupp", "datum": timezone.localdate().isoformat(), "beslutstext": "X"}
    client.force_login(outsider)
    assert client.post(target, data).status_code == 404
    for user in (reader, samarbetsgrupp_user):
        client.force_login(user)
        assert client.post(target, data).status_code == 403
        assert client.post(url("uppdrag_las", handed_over.referens)).status_code == 403
    client.force_login(kansli)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    body = client.post(
        target, {"organ": "namnd", "datum": future, "beslutstext": " "}
    ).content.decode()
    assert "Välj ledningsgruppen eller samarbetsgruppen." in body
    assert "Beslutsdatum kan inte ligga i framtiden." in body
    assert "Skriv beslutets text." in body
    # Not yet handed over: nothing to change by decision.
    fresh = register(kansli, titel="Ännu inte överlämnat")
    r = client.post(url("uppdrag_andring", fresh.referens), data, follow=True)
    assert "inte överlämnat" in r.content.decode()
    assert client.get(url("uppdrag_las", handed_over.referens)).status_code == 405
    # Locking with no pending decision is a message, not an error.
    r = client.post(url("uppdrag_las", handed_over.referens), follow=True)
    assert "redan låst" in r.content.decode()
    assert not Beslut.objects.filter(utfall=Beslut.Utfall.UPPDRAG_ANDRAT).exists()
    assert Uppdragsversion.objects.filter(delprojekt=handed_over).count() == 1


def test_bad_parameters_on_frozen_versions_page(client, reader, handed_over):
    client.force_login(reader)
    r = client.get(url("uppdrag_versioner", handed_over.referens), {"a": "1", "b": "7"})
    assert r.status_code == 200
    assert "Versionen finns inte" in r.content.decode()


# --- PDF -----------------------------------------------------------------------------------


def _pdf_text(content: bytes) -> tuple[list[str], int]:
    reader = PdfReader(io.BytesIO(content))
    return [p.extract_text() for p in reader.pages], len(reader.pages)


def test_the_uppdrag_pdf(client, kansli, reader, outsider, in_uppdrag, tmp_path):
    client.force_login(kansli)
    save_chapter(client, in_uppdrag, "uppdragspunkter", 0, "1. Kartlägg vården\n2. Föreslå")
    client.post(
        url("kompetenskrav", in_uppdrag.referens),
        {"benamning": "Ortopedisk kirurgi", "krav": "ska", "kommentar": "Från två regioner"},
    )
    client.post(
        url("milstolpar", in_uppdrag.referens), {"datum": "2026-09-01", "benamning": "Nuläge klart"}
    )
    client.force_login(reader)
    response = client.get(url("uppdrag_pdf", in_uppdrag.referens))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages, n = _pdf_text(response.content)
    text = "\n".join(pages)
    assert n >= 2
    for heading in (
        "1. Bakgrund",
        "2. Syfte och frågeställning/problembeskrivning",
        "3. Specifika uppdragspunkter",
        "5. Arbetsgruppens sammansättning",
        "6. Tidplan",
        "7. Tänkt uppföljning",
    ):
        assert heading in text
    assert "Sida 1 av" in pages[0] and f"Sida {n} av {n}" in pages[-1]
    assert "Kompetens eller område" in text and "Ortopedisk kirurgi" in text
    assert "Ska finnas" in text and "Från två regioner" in text
    assert "2026-09-01" in text and "Nuläge klart" in text
    assert "Utkast" in pages[0] and in_uppdrag.referens in pages[0]

    pdf = tmp_path / "uppdrag.pdf"
    pdf.write_bytes(response.content)
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm
    subprocess.run(  # noqa: S603 - fixed arguments, a file we wrote
        [pdftoppm, "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "sida")],
        check=True,
    )
    pngs = list(tmp_path.glob("sida*.png"))
    assert len(pngs) == 1 and pngs[0].stat().st_size > 1000

    assert client.post(url("uppdrag_pdf", in_uppdrag.referens)).status_code == 405
    client.force_login(outsider)
    assert client.get(url("uppdrag_pdf", in_uppdrag.referens)).status_code == 404


def test_the_pdf_of_a_handed_over_uppdrag_says_so(client, kansli, handed_over):
    client.force_login(kansli)
    response = client.get(url("uppdrag_pdf", handed_over.referens))
    pages, _n = _pdf_text(response.content)
    date = f"{handed_over.overlamnat_datum:%Y-%m-%d}"
    assert f"Överlämnat {date}" in pages[0]
    assert "Utkast" not in pages[0]
    page = client.get(url("dokument", handed_over.referens, "uppdrag")).content.decode()
    assert url("uppdrag_pdf", handed_over.referens) in page


def test_uppdrag_page_query_budget(client, kansli, in_uppdrag, django_assert_max_num_queries):
    for i in range(5):
        Kompetenskrav.objects.create(delprojekt=in_uppdrag, ordning=i + 1, benamning=f"K{i}")
        Milstolpe.objects.create(
            delprojekt=in_uppdrag, datum=datetime.date(2026, 1 + i, 1), benamning=f"M{i}"
        )
    client.force_login(kansli)
    with django_assert_max_num_queries(15):
        assert client.get(url("dokument", in_uppdrag.referens, "uppdrag")).status_code == 200


def test_changing_a_competence_someone_removed_is_refused(kansli, in_uppdrag):
    k, _changed = kompetenskrav_save(
        delprojekt=in_uppdrag, user=kansli, data={"benamning": "Ortopedi", "krav": "ska"}
    )
    stale = Kompetenskrav.objects.get(pk=k.pk)
    k.delete()
    with pytest.raises(StaleState, match="tagits bort"):
        kompetenskrav_save(
            delprojekt=in_uppdrag,
            user=kansli,
            data={"benamning": "Ortopedisk kirurgi", "krav": "ska"},
            kompetenskrav=stale,
        )
    assert not in_uppdrag.kompetenskrav.exists()


def test_the_edit_page_links_versions_and_shows_the_hint(client, kansli, in_uppdrag):
    client.force_login(kansli)
    page = client.get(url("kapitel", in_uppdrag.referens, "uppdrag", "uppfoljning")).content
    body = page.decode()
    assert "Förhandsgranska" in body and 'name="forhandsgranska"' in body
    assert "hur, när och av vem" in body
    assert url("kapitel_versioner", in_uppdrag.referens, "uppdrag", "uppfoljning") in body


def test_diff_of_a_very_long_rewritten_line_marks_it_whole():
    old = " ".join(f"a{i}" for i in range(3000))
    new = " ".join(f"b{i}" for i in range(3000))
    result = jamfor(old, new)
    assert (result.borttaget, result.tillagt) == (1, 1)
    assert result.fore.count("<del") == 1 and result.efter.count("<ins") == 1


def test_a_reader_sees_the_structured_parts_but_no_editing(client, reader, in_uppdrag):
    Kompetenskrav.objects.create(delprojekt=in_uppdrag, benamning="Fysioterapi", krav="bor")
    Milstolpe.objects.create(
        delprojekt=in_uppdrag, datum=datetime.date(2026, 3, 1), benamning="Start", klar=True
    )
    client.force_login(reader)
    page = client.get(url("dokument", in_uppdrag.referens, "uppdrag")).content.decode()
    assert "Fysioterapi" in page and "Bör finnas" in page
    assert "Start" in page and "(klar)" in page
    assert url("uppdrag_pdf", in_uppdrag.referens) in page
    assert url("kompetenskrav", in_uppdrag.referens) not in page
    assert url("milstolpar", in_uppdrag.referens) not in page
    assert 'class="hint"' not in page

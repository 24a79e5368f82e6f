"""The meeting PDFs: kallelse, protokoll and protokollsutdrag, and who may fetch them."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from delprojekt.models import Beslut, Handelse
from delprojekt.models.sammantrade import Dagordningspunkt, Protokollkorrigering, Sammantrade
from delprojekt.services.protokoll_pdf import kallelse_pdf, protokoll_pdf, protokollsutdrag_pdf
from tests.conftest import person_of

TZ = timezone.get_default_timezone()


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def _at(y, m, d, hh=13, mm=0):
    return datetime.datetime(y, m, d, hh, mm, tzinfo=TZ)


@pytest.fixture
def meeting(org, kansli, lg_members):
    chair, justerare = person_of(lg_members[0]), person_of(lg_members[1])
    sm = Sammantrade.objects.create(
        organ=org.ledningsgrupp,
        start=_at(2026, 12, 8, 13, 0),
        slut=_at(2026, 12, 8, 15, 0),
        plats="Regionhuset, sal 3",
        lank="https://mote.example.se/lg",
        ordforande=chair,
        sekreterare=person_of(kansli),
        justerare=justerare,
    )
    sm.narvarande.set([chair, justerare, person_of(lg_members[2])])
    return sm


@pytest.fixture
def items(meeting, project_a):
    p1 = Dagordningspunkt.objects.create(
        sammantrade=meeting,
        ordning=1,
        typ=Dagordningspunkt.Typ.ARENDE,
        rubrik="Start av delprojekt Ryggkirurgi",
        delprojekt=project_a,
        beslutsforslag="Ledningsgruppen **beslutar** att starta delprojektet.",
    )
    p2 = Dagordningspunkt.objects.create(
        sammantrade=meeting,
        ordning=2,
        typ=Dagordningspunkt.Typ.INFORMATION,
        rubrik="Information om budgetläget",
    )
    return p1, p2


def _record(meeting, items, *, numbered=True, signed=True):
    p1, p2 = items
    now = _at(2026, 12, 8, 14, 0)
    p1.beslutstext = "Ledningsgruppen beslutar att starta delprojektet Ryggkirurgi."
    p1.reservation = "Ledamot HAL reserverar sig mot beslutet."
    p2.beslutstext = "Informationen noteras till protokollet."
    for n, p in enumerate((p1, p2), start=1):
        p.protokollford = now
        if numbered:
            p.paragraf_organ = meeting.organ
            p.paragraf_ar = 2026
            p.paragraf_nummer = n
        p.save()
    if numbered:
        meeting.protokoll_klart = now
    if signed:
        meeting.ordforande_justerat = _at(2026, 12, 9, 10)
        meeting.justerare_justerat = _at(2026, 12, 10, 11)
    meeting.save()
    return p1, p2


def test_kallelse_pdf_has_agenda_and_swedish_date(meeting, items):
    text = _text(kallelse_pdf(meeting))
    assert "Kallelse till sammanträde" in text
    assert "tisdag 8 december 2026 kl. 13.00" in text
    assert "Start av delprojekt Ryggkirurgi" in text
    assert "Information om budgetläget" in text
    assert "Ärende för beslut" in text
    assert "beslutar att starta delprojektet" in text
    assert "Regionhuset, sal 3" in text
    assert "Ledamot BLE Lundgren" in text  # the chair
    assert "Sida 1 av" in text


def test_protocol_pdf_has_paragraphs_attendance_and_signoff(meeting, items):
    _record(meeting, items)
    Protokollkorrigering.objects.create(
        sammantrade=meeting, punkt=items[0], text="Stavfel i beslutstexten rättat."
    )
    text = _text(protokoll_pdf(meeting))
    assert "§ 1/2026" in text and "§ 2/2026" in text
    assert "beslutar att starta delprojektet Ryggkirurgi" in text
    assert "Informationen noteras till protokollet" in text
    assert "reserverar sig mot beslutet" in text
    for namn in ("Ledamot BLE Lundgren", "Ledamot HAL Lundgren", "Ledamot KRO Lundgren"):
        assert namn in text
    assert "Justerat 2026-12-09" in text
    assert "Justerat 2026-12-10" in text
    assert "Stavfel i beslutstexten rättat" in text
    assert "Kerstin Kanslisson" in text  # the secretary
    assert "Utkast" not in text
    assert "Sida 1 av" in text


def test_protocol_marks_omedelbart_justerad(meeting, items):
    p1, _p2 = _record(meeting, items, signed=False)
    p1.omedelbart_justerad = _at(2026, 12, 8, 15)
    p1.save()
    text = _text(protokoll_pdf(meeting))
    assert "Omedelbart justerad 2026-12-08" in text
    assert "Justerat 2026-12-09" not in text


def test_draft_protocol_says_utkast(meeting, items):
    _record(meeting, items, numbered=False, signed=False)
    text = _text(protokoll_pdf(meeting))
    assert "Utkast" in text
    assert "§ 1/2026" not in text
    assert "Informationen noteras till protokollet" in text


def test_extract_has_paragraph_decision_and_signoff(meeting, items):
    p1, _p2 = _record(meeting, items)
    text = _text(protokollsutdrag_pdf(p1))
    assert "Protokollsutdrag" in text
    assert "Ledningsgruppen" in text
    assert "§ 1/2026 Start av delprojekt Ryggkirurgi" in text
    assert "Ledningsgruppen beslutar att starta delprojektet Ryggkirurgi." in text
    assert "reserverar sig mot beslutet" in text
    assert (
        "Justerat av Ledamot BLE Lundgren den 2026-12-09 och av Ledamot HAL Lundgren "
        "den 2026-12-10" in text
    )
    assert "Rätt utdraget intygar: Kerstin Kanslisson" in text
    assert "Informationen noteras" not in text  # only its own paragraph
    assert "Sida 1 av 1" in text


def test_extract_shows_corrections_of_its_paragraph_and_of_the_whole_protocol(meeting, items):
    p1, p2 = _record(meeting, items)
    Protokollkorrigering.objects.create(
        sammantrade=meeting, punkt=p1, text="Beslutet gäller från 1 mars."
    )
    Protokollkorrigering.objects.create(sammantrade=meeting, text="Mötet hölls i sal 4.")
    Protokollkorrigering.objects.create(sammantrade=meeting, punkt=p2, text="Budgeten avser 2027.")
    text = _text(protokollsutdrag_pdf(p1))
    assert "Korrigeringar" in text
    assert "Beslutet gäller från 1 mars." in text
    assert "(hela protokollet): Mötet hölls i sal 4." in text
    assert "Budgeten avser 2027." not in text  # another paragraph's


def test_extract_of_immediately_signed_paragraph(meeting, items):
    p1, _p2 = _record(meeting, items, signed=False)
    p1.omedelbart_justerad = _at(2026, 12, 8, 15)
    p1.save()
    text = _text(protokollsutdrag_pdf(p1))
    assert "Omedelbart justerad 2026-12-08" in text
    assert "Protokollet är inte justerat" not in text


# The views


def test_member_of_the_body_gets_the_pdfs(client, meeting, items, lg_members):
    p1, _p2 = _record(meeting, items)
    client.force_login(lg_members[3])
    for name, pk in (
        ("kallelse_pdf", meeting.pk),
        ("protokoll_pdf", meeting.pk),
        ("utdrag_pdf", p1.pk),
    ):
        response = client.get(reverse(f"sammantrade:{name}", args=[pk]))
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    response = client.get(reverse("sammantrade:utdrag_pdf", args=[p1.pk]))
    assert "§ 1/2026" in _text(response.content)


def test_kansli_gets_the_protocol(client, meeting, items, kansli):
    _record(meeting, items)
    client.force_login(kansli)
    response = client.get(reverse("sammantrade:protokoll_pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert "§ 2/2026" in _text(response.content)


def test_outsider_is_told_nothing(client, meeting, items, outsider, ledamot_b):
    """Like a project, a meeting one may not see answers 404, never revealing it exists."""
    p1, _p2 = _record(meeting, items)
    for user in (outsider, ledamot_b):  # not members of the ledningsgrupp
        client.force_login(user)
        for name, pk in (
            ("kallelse_pdf", meeting.pk),
            ("protokoll_pdf", meeting.pk),
            ("utdrag_pdf", p1.pk),
        ):
            response = client.get(reverse(f"sammantrade:{name}", args=[pk]))
            assert response.status_code == 404, (user, name)


def test_anonymous_is_sent_to_login(client, meeting):
    response = client.get(reverse("sammantrade:kallelse_pdf", args=[meeting.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_unknown_meeting_is_404(client, kansli):
    client.force_login(kansli)
    assert client.get(reverse("sammantrade:kallelse_pdf", args=[999999])).status_code == 404
    assert client.get(reverse("sammantrade:utdrag_pdf", args=[999999])).status_code == 404


def test_extract_of_an_unnumbered_item_is_404(client, meeting, items, kansli):
    p1, _p2 = _record(meeting, items, numbered=False, signed=False)
    client.force_login(kansli)
    assert client.get(reverse("sammantrade:utdrag_pdf", args=[p1.pk])).status_code == 404


def test_project_reader_gets_the_extract_of_its_decision(client, meeting, items, ordforande):
    """The project's chair sees the project, so also the extract of a decision on it."""
    p1, p2 = _record(meeting, items)
    client.force_login(ordforande)
    assert client.get(reverse("sammantrade:utdrag_pdf", args=[p1.pk])).status_code == 200
    # ...but not the paragraph on something else, nor the whole protocol.
    assert client.get(reverse("sammantrade:utdrag_pdf", args=[p2.pk])).status_code == 404
    assert client.get(reverse("sammantrade:protokoll_pdf", args=[meeting.pk])).status_code == 404


@pytest.fixture
def startbeslut(meeting, project_a) -> Beslut:
    """The body's start decision on project A, with its event in the timeline."""
    beslut = Beslut.objects.create(
        delprojekt=project_a,
        organ=meeting.organ,
        datum=datetime.date(2026, 12, 8),
        utfall=Beslut.Utfall.START,
        beslutstext="Delprojektet startas.",
    )
    Handelse.objects.create(
        delprojekt=project_a, typ=Handelse.Typ.OVERGANG, text="Startbeslut", beslut=beslut
    )
    return beslut


def test_timeline_links_a_decision_to_its_extract(
    client, meeting, items, project_a, kansli, startbeslut, django_assert_max_num_queries
):
    # Linked before the protocol is signed: a signed paragraph never changes.
    items[0].beslut = startbeslut
    p1, _p2 = _record(meeting, items)
    client.force_login(kansli)
    url = reverse("delprojekt:detail", args=[project_a.referens])
    with django_assert_max_num_queries(15):
        response = client.get(url)
    html = response.content.decode()
    link = reverse("sammantrade:utdrag_pdf", args=[p1.pk])
    assert f'href="{link}"' in html
    assert "Protokollsutdrag § 1/2026" in html


def test_timeline_has_no_link_before_the_paragraph_is_numbered(
    client, meeting, items, project_a, kansli, startbeslut
):
    p1, _p2 = _record(meeting, items, numbered=False, signed=False)
    p1.beslut = startbeslut
    p1.save()
    client.force_login(kansli)
    html = client.get(reverse("delprojekt:detail", args=[project_a.referens])).content.decode()
    assert "Delprojektet startas." in html
    assert "Protokollsutdrag" not in html


def test_the_cached_timeline_shows_a_paragraph_numbered_and_a_body_renamed_later(
    client, meeting, items, project_a, kansli, startbeslut
):
    """The timeline's HTML is kept per worker; what may still change about its events
    (the § of their decisions, the extract's number, the body's name) is in its key."""
    p1, _p2 = _record(meeting, items, numbered=False, signed=False)
    p1.beslut = startbeslut
    p1.save()
    client.force_login(kansli)
    url = reverse("delprojekt:detail", args=[project_a.referens])
    assert "Protokollsutdrag" not in client.get(url).content.decode()
    assert "Protokollsutdrag" not in client.get(url).content.decode()
    _record(meeting, items)
    html = client.get(url).content.decode()
    assert "Protokollsutdrag § 1/2026" in html
    meeting.organ.namn = "Ledningsgruppen för vården i söder"
    meeting.organ.save()
    assert "Ledningsgruppen för vården i söder 2026-12-08" in client.get(url).content.decode()


def test_user_text_never_breaks_the_pdf(meeting, items):
    p1, _p2 = items
    p1.rubrik = "<script>alert(1)</script> & {{ x }} {% now %}"
    p1.beslutsforslag = "![bild](http://example.invalid/x.png)\n\n<img src='file:///etc/passwd'>"
    p1.save()
    text = _text(kallelse_pdf(meeting))
    assert "<script>alert(1)</script> & {{ x }} {% now %}" in text
    assert "root:" not in text

"""Hostile uploads: files that unpack to far more than they weigh, PDFs with active
content, and images or PDFs with something appended after their end."""

from __future__ import annotations

import io
import time
import zipfile
import zlib
from functools import cache

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

from delprojekt import filskydd
from delprojekt.models import Bilaga, Handelse, Huvudmannabeslut, Rekommendationsutfall, Status
from delprojekt.services import bilagefiler
from delprojekt.services.bilagor import bilaga_add
from delprojekt.services.errors import Invalid
from delprojekt.services.huvudmannabeslut import validate_pdf
from tests import factories as f
from tests import test_regionbeslut as rb
from tests.conftest import register
from tests.test_bilagor import PNG, msgs, note, post_upload, upload  # noqa: F401
from tests.test_uppfoljning_matvarden import dp, vantetid  # noqa: F401
from tests.workflow_helpers import walk_to
from uppfoljning import matvardesimport
from uppfoljning.models import Matvarde
from uppfoljning.services import matvarden as svc

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPPACKAT = "packas upp till mer än"
AKTIVT = "PDF-filen innehåller skript, inbäddade filer eller kommandon som startar program"
EFTER_PDF = "PDF-filen har data efter filens slut"
EFTER_BILD = "Bilden har data efter bildens slut"
HTML = b"<html><body><script>alert('hej')</script></body></html>"


# --- Files ---------------------------------------------------------------------------------


def _xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["parameter", "region", "datum", "värde"])
    ws.append(["Väntetid", "Region Halland", "2025-06-01", 41])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@cache
def string_bomb_xlsx() -> bytes:
    """A valid workbook whose shared strings hold one 200 MB string: ~200 KB packed."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_xlsx())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z,
    ):
        for info in src.infolist():
            if info.filename != "xl/sharedStrings.xml":
                z.writestr(info, src.read(info))
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
            fh.write(
                b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
                b"<si><t>"
            )
            chunk = b"A" * (1024 * 1024)
            for _ in range(200):
                fh.write(chunk)
            fh.write(b"</t></si></sst>")
    return out.getvalue()


def many_parts_xlsx(n: int) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_xlsx())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z,
    ):
        for info in src.infolist():
            z.writestr(info, src.read(info))
        for i in range(n):
            z.writestr(f"xl/media/bild{i}.xml", b"<x/>")
    return out.getvalue()


def packed_hard_docx() -> bytes:
    """Small in total (5 MB unpacked) but one part packed about a thousand times."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "word/document.xml", b"<w:document>" + b" " * (5 * 1024 * 1024) + b"</w:document>"
        )
    return out.getvalue()


def pdf(
    *, open_action: DictionaryObject | None = None, link_action: DictionaryObject | None = None
) -> PdfWriter:
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    if open_action is not None:
        writer._root_object[NameObject("/OpenAction")] = open_action
    if link_action is not None:
        link = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (10, 10, 100, 30)]),
                NameObject("/A"): link_action,
            }
        )
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    return writer


def pdf_bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def js_action() -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hej');"),
        }
    )


def launch_action() -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )


def goto_action(writer: PdfWriter) -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/S"): NameObject("/GoTo"),
            NameObject("/D"): ArrayObject([writer.pages[0].indirect_reference, NameObject("/Fit")]),
        }
    )


def pdf_open_js() -> bytes:
    return pdf_bytes(pdf(open_action=js_action()))


def pdf_open_js_escaped() -> bytes:
    """The same, with the names spelled with #xx escapes: a byte search misses them."""
    data = pdf_open_js()
    escaped = data.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
    assert b"/JavaScript" not in escaped and b"/JS " not in escaped
    return escaped


def pdf_js_in_object_stream() -> bytes:
    """A PDF 1.5 whose open action lives in a compressed object stream: no byte search
    sees it, only a reader that resolves the object does."""
    out = io.BytesIO()
    offsets: dict[int, int] = {}

    def obj(num: int, body: bytes) -> None:
        offsets[num] = out.tell()
        out.write(b"%d 0 obj\n" % num + body + b"\nendobj\n")

    out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    obj(1, b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>")
    obj(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    obj(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    head = b"4 0 "
    packed = zlib.compress(head + b"<< /S /JavaScript /JS (app.alert\\('hej'\\);) >>")
    obj(
        5,
        b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(head), len(packed))
        + packed
        + b"\nendstream",
    )
    offsets[6] = out.tell()
    rows = [b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff"]
    for num in range(1, 7):
        if num == 4:
            rows.append(b"\x02" + (5).to_bytes(4, "big") + b"\x00\x00")
        else:
            rows.append(b"\x01" + offsets[num].to_bytes(4, "big") + b"\x00\x00")
    xref = b"".join(rows)
    out.write(
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % len(xref)
        + xref
        + b"\nendstream\nendobj\n"
    )
    out.write(b"startxref\n%d\n%%%%EOF\n" % offsets[6])
    data = out.getvalue()
    assert b"JavaScript" not in data and b"/JS" not in data
    return data


def pdf_open_launch() -> bytes:
    return pdf_bytes(pdf(open_action=launch_action()))


def pdf_names_js() -> bytes:
    writer = pdf()
    names = DictionaryObject(
        {
            NameObject("/Names"): ArrayObject(
                [TextStringObject("hej"), writer._add_object(js_action())]
            )
        }
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(names)}
    )
    return pdf_bytes(writer)


def pdf_embedded_file() -> bytes:
    writer = pdf()
    writer.add_attachment("lista.txt", b"hemlig lista")
    return pdf_bytes(writer)


def pdf_link_js() -> bytes:
    return pdf_bytes(pdf(link_action=js_action()))


def pdf_page_aa_launch() -> bytes:
    writer = pdf()
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): launch_action()})
    return pdf_bytes(writer)


def pdf_indirect_js() -> bytes:
    """The open action as an object of its own, referred to from the catalog."""
    writer = pdf()
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(js_action())
    return pdf_bytes(writer)


def pdf_open_goto() -> bytes:
    writer = pdf()
    writer._root_object[NameObject("/OpenAction")] = goto_action(writer)
    return pdf_bytes(writer)


def plain_pdf() -> bytes:
    return pdf_bytes(pdf())


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(out, "JPEG", quality=90)
    return out.getvalue()


def jpeg_with_thumbnail() -> bytes:
    """A JPEG whose EXIF holds a thumbnail with its own end marker."""
    im = Image.new("RGB", (64, 64), (20, 120, 30))
    exif = im.getexif()
    exif[0x010E] = "Mätpunkt"  # ImageDescription
    thumb = jpeg()
    app1 = b"Exif\x00\x00" + exif.tobytes() + thumb
    data = io.BytesIO()
    im.save(data, "JPEG")
    raw = data.getvalue()
    segment = b"\xff\xe1" + (len(app1) + 2).to_bytes(2, "big") + app1
    return raw[:2] + segment + raw[2:]


# --- The measured-value import --------------------------------------------------------------


def test_the_string_bomb_is_a_real_small_workbook():
    data = string_bomb_xlsx()
    assert len(data) < matvardesimport.MAX_BYTES
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.getinfo("xl/sharedStrings.xml").file_size > 200 * 1024 * 1024
        assert matvardesimport.filtyp(data) == "xlsx"


def test_a_workbook_that_unpacks_to_200_mb_is_refused_at_once():
    data = string_bomb_xlsx()
    start = time.perf_counter()
    with pytest.raises(matvardesimport.Filfel) as exc:
        matvardesimport.las_fil(io.BytesIO(data))
    took = time.perf_counter() - start
    assert "Filen packas upp till mer än 20 MB och tas inte emot." in str(exc.value)
    assert took < 0.5, took


def test_a_workbook_with_too_many_parts_is_refused():
    with pytest.raises(matvardesimport.Filfel) as exc:
        matvardesimport.las_fil(io.BytesIO(many_parts_xlsx(1001)))
    assert "fler än 1000 delar" in str(exc.value)


def test_a_part_packed_absurdly_hard_is_refused():
    data = packed_hard_docx()
    with pytest.raises(filskydd.FarligFil) as info:
        filskydd.zip_kontroll(data, max_uppackat=20 * 1024 * 1024, max_poster=1000)
    assert "onormalt hårt packad (word/document.xml)" in str(info.value)


def test_an_ordinary_workbook_passes_the_zip_check():
    filskydd.zip_kontroll(_xlsx(), max_uppackat=20 * 1024 * 1024, max_poster=1000)
    rows = matvardesimport.las_fil(io.BytesIO(_xlsx()))
    assert [r.parameter for r in rows] == ["Väntetid"]


def test_the_service_imports_nothing_from_the_bomb(dp, kansli):  # noqa: F811
    fil = SimpleUploadedFile("varden.xlsx", string_bomb_xlsx(), XLSX_MIME)
    r = svc.matvarden_import(delprojekt=dp, user=kansli, fil=fil)
    assert r.fel == [
        "Filen packas upp till mer än 20 MB och tas inte emot. "
        "Minska innehållet eller dela upp den i flera filer."
    ]
    assert not Matvarde.objects.exists()


def test_the_import_page_refuses_the_bomb(client, dp, kansli):  # noqa: F811
    client.force_login(kansli)
    fil = SimpleUploadedFile("varden.xlsx", string_bomb_xlsx(), XLSX_MIME)
    start = time.perf_counter()
    response = client.post(reverse("uppfoljning:matvarde_import", args=[dp.referens]), {"fil": fil})
    took = time.perf_counter() - start
    assert response.status_code == 400
    html = response.content.decode()
    assert "Filen packas upp till mer än 20 MB och tas inte emot." in html
    assert "Inget importerades" in html or "tas inte emot" in html
    assert not Matvarde.objects.exists()
    assert took < 2, took


# --- Office attachments ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("Budget.xlsx", string_bomb_xlsx(), "Filen packas upp till mer än 200 MB"),
        ("Budget.xlsx", many_parts_xlsx(2001), "fler än 2000 delar"),
        ("Plan.docx", packed_hard_docx(), "onormalt hårt packad"),
    ],
)
def test_office_attachments_are_bounded_by_what_they_unpack_to(
    project_a, ordforande, name, content, message
):
    with pytest.raises(Invalid) as exc:
        bilaga_add(delprojekt=project_a, user=ordforande, fil=upload(name, content))
    assert message in exc.value.messages[0]
    assert message in exc.value.field_errors["fil"][0]
    assert not Bilaga.objects.exists()


def test_the_attachment_limits():
    assert bilagefiler.MAX_UPPACKAT == 200 * 1024 * 1024
    assert bilagefiler.MAX_ZIPPOSTER == 2000
    assert {"docx", "xlsx", "pptx", "odt", "ods"} == bilagefiler.ZIP_TYPES


def test_an_ordinary_workbook_is_still_accepted_as_attachment(project_a, ordforande):
    b = bilaga_add(delprojekt=project_a, user=ordforande, fil=upload("Budget.xlsx", _xlsx()))
    assert b.mimetyp == XLSX_MIME


def test_the_attachment_page_refuses_the_bomb(client, ordforande, project_a, note):  # noqa: F811
    client.force_login(ordforande)
    response = post_upload(client, project_a, note, upload("Budget.xlsx", string_bomb_xlsx()))
    assert response.status_code == 302
    assert "Filen packas upp till mer än 200 MB och tas inte emot." in " ".join(msgs(response))
    assert not Bilaga.objects.exists()


# --- PDFs ---------------------------------------------------------------------------------------

HOSTILE_PDFS = [
    ("OpenAction JavaScript", pdf_open_js, AKTIVT),
    ("OpenAction JavaScript, names escaped", pdf_open_js_escaped, AKTIVT),
    ("OpenAction as an indirect object", pdf_indirect_js, AKTIVT),
    ("OpenAction in a compressed object stream", pdf_js_in_object_stream, AKTIVT),
    ("OpenAction Launch", pdf_open_launch, AKTIVT),
    ("document JavaScript in the names tree", pdf_names_js, AKTIVT),
    ("embedded file", pdf_embedded_file, AKTIVT),
    ("link annotation with JavaScript", pdf_link_js, AKTIVT),
    ("page open action launching a program", pdf_page_aa_launch, AKTIVT),
    ("HTML after %%EOF", lambda: plain_pdf() + HTML, EFTER_PDF),
    ("bytes after %%EOF", lambda: plain_pdf() + b"\n" + b"x" * 10, EFTER_PDF),
    ("no %%EOF at all", lambda: plain_pdf().rsplit(b"%%EOF", 1)[0], "går inte att läsa"),
]
PDF_IDS = [c[0] for c in HOSTILE_PDFS]


@pytest.mark.parametrize(
    ("case", "make", "message"), HOSTILE_PDFS, ids=[c[0] for c in HOSTILE_PDFS]
)
def test_a_hostile_protocol_extract_is_refused(case, make, message):
    fil = SimpleUploadedFile("utdrag.pdf", make(), "application/pdf")
    with pytest.raises(Invalid) as exc:
        validate_pdf(fil)
    assert message in exc.value.messages[0]
    assert message in exc.value.field_errors["protokollsutdrag"][0]


@pytest.mark.parametrize(
    ("case", "make", "message"), HOSTILE_PDFS, ids=[c[0] for c in HOSTILE_PDFS]
)
def test_a_hostile_pdf_attachment_is_refused(project_a, ordforande, case, make, message):
    with pytest.raises(Invalid) as exc:
        bilaga_add(delprojekt=project_a, user=ordforande, fil=upload("Nuläge.pdf", make()))
    assert message in exc.value.field_errors["fil"][0]
    assert not Bilaga.objects.exists()


@pytest.mark.parametrize(
    "make",
    [plain_pdf, pdf_open_goto, lambda: plain_pdf() + b"\r\n", lambda: plain_pdf() + b"\x00 \n"],
    ids=["plain", "OpenAction GoTo", "CRLF after %%EOF", "PDF whitespace after %%EOF"],
)
def test_ordinary_pdfs_are_accepted(make):
    validate_pdf(SimpleUploadedFile("utdrag.pdf", make(), "application/pdf"))


@pytest.fixture
def beslut_dp(org, kansli, lg_members):
    """A project awaiting the regions' decisions, with two recommendations."""
    project = walk_to(
        register(kansli, titel="Palliativ vård"),
        Status.SLUTRAPPORT,
        org=org,
        kansli=kansli,
        lg_members=lg_members,
    )
    project.atgardsforslag.update(ordning=1)
    f.AtgardsforslagFactory(delprojekt=project, ordning=2, titel="Gemensam vårdplan")
    return walk_to(project, Status.HUVUDMANNABESLUT, org=org, kansli=kansli, lg_members=lg_members)


def test_the_decision_page_refuses_an_extract_with_javascript(client, kansli, beslut_dp, org):
    first, second = rb.reks(beslut_dp)
    events = Handelse.objects.filter(delprojekt=beslut_dp).count()
    client.force_login(kansli)
    response = client.post(
        rb.url("huvudmannabeslut", beslut_dp.referens),
        rb.post_data(
            org.regioner[0],
            SimpleUploadedFile("utdrag.pdf", pdf_open_launch(), "application/pdf"),
            {first: ("bifall", ""), second: ("bifall", "")},
        ),
    )
    assert response.status_code == 400
    assert AKTIVT in response.content.decode()
    assert not Huvudmannabeslut.objects.exists()
    assert not Rekommendationsutfall.objects.exists()
    assert Handelse.objects.filter(delprojekt=beslut_dp).count() == events


def test_the_attachment_page_refuses_a_pdf_with_javascript(client, ordforande, project_a, note):  # noqa: F811
    client.force_login(ordforande)
    response = post_upload(client, project_a, note, upload("Nuläge.pdf", pdf_open_js()))
    assert response.status_code == 302
    assert AKTIVT in " ".join(msgs(response))
    assert not Bilaga.objects.exists()


# --- Images -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bild.png", PNG + HTML),
        ("bild.png", PNG + b"\x00"),
        ("bild.png", PNG + b"\n"),
        ("foto.jpg", jpeg() + HTML),
        ("foto.jpg", jpeg() + b"\x00\x00"),
        ("foto.jpg", jpeg() + HTML + b"\xff\xd9"),
    ],
    ids=["png html", "png zero", "png newline", "jpeg html", "jpeg zeros", "jpeg html + ffd9"],
)
def test_images_with_anything_after_their_end_are_refused(project_a, ordforande, name, content):
    with pytest.raises(Invalid) as exc:
        bilaga_add(delprojekt=project_a, user=ordforande, fil=upload(name, content))
    assert EFTER_BILD in exc.value.field_errors["fil"][0]
    assert not Bilaga.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("bild.png", PNG), ("foto.jpg", jpeg()), ("foto.jpg", jpeg_with_thumbnail())],
    ids=["png", "jpeg", "jpeg with exif thumbnail"],
)
def test_ordinary_images_are_accepted(project_a, ordforande, name, content):
    b = bilaga_add(delprojekt=project_a, user=ordforande, fil=upload(name, content))
    with b.fil.open("rb") as fh:
        assert fh.read() == content


def test_a_pdf_without_an_end_is_refused_by_the_check_itself():
    with pytest.raises(filskydd.FarligFil) as exc:
        filskydd.pdf_kontroll(plain_pdf().rsplit(b"%%EOF", 1)[0])
    assert EFTER_PDF in str(exc.value)


def test_a_pdf_too_intricate_to_walk_is_refused(monkeypatch):
    monkeypatch.setattr(filskydd, "MAX_PDF_OBJEKT", 3)
    with pytest.raises(filskydd.FarligFil) as exc:
        filskydd.pdf_kontroll(plain_pdf())
    assert "för invecklad för att granskas" in str(exc.value)


def test_a_broken_png_is_refused():
    with pytest.raises(filskydd.FarligFil) as exc:
        filskydd.png_kontroll(PNG[:30])
    assert "går inte att läsa" in str(exc.value)


def test_the_attachment_page_refuses_a_png_with_html(client, ordforande, project_a, note):  # noqa: F811
    client.force_login(ordforande)
    response = post_upload(client, project_a, note, upload("bild.png", PNG + HTML))
    assert response.status_code == 302
    assert EFTER_BILD in " ".join(msgs(response))
    assert not Bilaga.objects.exists()

"""Attachments: the type is checked by content, files are served only to readers."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from pypdf import PdfWriter

from delprojekt.models import Bilaga, Forankring, Handelse, Minnesanteckning
from delprojekt.services import bilagefiler
from delprojekt.services import grupparbete as svc
from delprojekt.services.bilagor import bilaga_add, bilaga_delete
from delprojekt.services.errors import Invalid, NotAllowed
from tests.conftest import today

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x03\x00\x08\xfc\x02\xfe\xa7\x9a"
    b"\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82"
)


def url(name, *args):
    return reverse(f"delprojekt:{name}", args=args)


def msgs(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def odt_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        z.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def note(project_a, ordforande):
    return svc.minnesanteckning_save(
        delprojekt=project_a, user=ordforande, data={"datum": today(), "plats": "Lund"}, vagval=[]
    )


def post_upload(client, dp, post, fil, **extra):
    data = {"fil": fil, "beskrivning": "Underlag", "next": url("anteckning", dp.referens, post.pk)}
    data["content_type"] = ContentType.objects.get_for_model(post).pk
    data["object_id"] = post.pk
    data.update(extra)
    return client.post(url("bilaga_ny", dp.referens), data)


@pytest.mark.parametrize(
    ("name", "content", "mimetyp"),
    [
        ("Nuläge.pdf", pdf_bytes(), "application/pdf"),
        ("bild.png", PNG, "image/png"),
        ("Plan.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
        (
            "Protokoll.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_real_files_are_accepted(client, ordforande, project_a, note, name, content, mimetyp):
    client.force_login(ordforande)
    response = post_upload(client, project_a, note, upload(name, content))
    assert response.status_code == 302
    assert response["Location"] == url("anteckning", project_a.referens, note.pk)
    b = Bilaga.objects.get()
    assert (b.filnamn, b.mimetyp, b.storlek, b.post) == (name, mimetyp, len(content), note)
    assert b.uppladdad_av == ordforande and b.beskrivning == "Underlag"
    # Stored under a random name, not the uploaded one.
    assert name.rsplit(".", 1)[0] not in b.fil.name
    with b.fil.open("rb") as fh:
        assert fh.read() == content
    assert b.history.first().history_user == ordforande
    assert project_a.handelser.filter(
        typ=Handelse.Typ.GRUPPARBETE, text__startswith=f"Bilaga {name} lades till"
    ).exists()
    page = client.get(url("anteckning", project_a.referens, note.pk)).content.decode()
    assert url("bilaga", project_a.referens, b.pk) in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "Filtypen är inte tillåten"),
        ("bild.pdf", PNG, "innehållet är PNG"),
        ("text.docx", "Det här är bara text.\n".encode() * 20, "Filtypen är inte tillåten"),
        ("tom.pdf", b"", "filen är tom"),
        ("trasig.pdf", b"%PDF-1.4\n" + b"trasig" * 100, "PDF-filen går inte att läsa"),
        ("arkiv.zip", b"PK\x03\x04" + b"\x00" * 100, "Filtypen är inte tillåten"),
        ("Plan.docx", odt_bytes(), "innehållet är ODT"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(
    client, ordforande, project_a, note, name, content, message
):
    client.force_login(ordforande)
    response = post_upload(client, project_a, note, upload(name, content, "application/pdf"))
    assert response.status_code == 302
    shown = " ".join(msgs(response))
    assert message in shown
    if "tillåten" in message:
        assert "PDF, Word (DOCX)" in shown  # names the allowed types
    assert not Bilaga.objects.exists()


def test_a_file_above_the_limit_is_refused(ordforande, project_a, note, monkeypatch):
    monkeypatch.setattr(bilagefiler, "MAX_UPLOAD_BYTES", 1000)
    monkeypatch.setattr(bilagefiler, "MAX_UPLOAD_MB", 0)
    with pytest.raises(Invalid) as exc:
        bilaga_add(
            delprojekt=project_a, user=ordforande, fil=upload("bild.png", PNG + b"\x00" * 1000)
        )
    assert "större än" in exc.value.messages[0]
    bilaga_add(delprojekt=project_a, user=ordforande, fil=upload("bild.png", PNG))
    assert Bilaga.objects.count() == 1


def test_the_limit_is_twenty_megabytes():
    assert bilagefiler.MAX_UPLOAD_BYTES == 20 * 1024 * 1024


def test_post_of_another_project_is_refused(client, kansli, ordforande, project_a, project_b, note):
    other = svc.minnesanteckning_save(
        delprojekt=project_b, user=kansli, data={"datum": today(), "plats": "Malmö"}, vagval=[]
    )
    with pytest.raises(Invalid):
        bilaga_add(delprojekt=project_a, user=kansli, fil=upload("bild.png", PNG), post=other)
    client.force_login(kansli)
    response = post_upload(client, project_a, other, upload("bild.png", PNG))
    assert "Posten att bifoga till finns inte i det här delprojektet." in msgs(response)
    # Only the group's records are targets: a user row is not.
    response = post_upload(
        client,
        project_a,
        note,
        upload("bild.png", PNG),
        content_type=ContentType.objects.get(app_label="auth", model="user").pk,
        object_id=kansli.pk,
    )
    assert "Posten att bifoga till finns inte i det här delprojektet." in msgs(response)
    for ct_id, obj_id in (("1" * 30, note.pk), ("x", note.pk), (note.pk, "9" * 30), ("-1", "-1")):
        response = post_upload(
            client, project_a, note, upload("bild.png", PNG), content_type=ct_id, object_id=obj_id
        )
        assert response.status_code == 302
    assert not Bilaga.objects.exists()


def test_unsafe_next_is_not_followed(client, ordforande, project_a, note):
    client.force_login(ordforande)
    response = post_upload(
        client, project_a, note, upload("bild.png", PNG), next="https://evil.example/"
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_who_may_upload(client, reader, outsider, ledamot_b, project_a, note):
    client.force_login(reader)
    assert post_upload(client, project_a, note, upload("bild.png", PNG)).status_code == 403
    client.force_login(outsider)
    assert post_upload(client, project_a, note, upload("bild.png", PNG)).status_code == 404
    with pytest.raises(NotAllowed):
        bilaga_add(delprojekt=project_a, user=reader, fil=upload("bild.png", PNG), post=note)
    assert not Bilaga.objects.exists()


def test_download_for_readers_only(client, ordforande, reader, outsider, ledamot_b, project_a):
    fa = svc.forankring_save(
        delprojekt=project_a,
        user=ordforande,
        data={"datum": today(), "person": "Verksamhetschef", "diskuterat": "Start."},
    )
    assert isinstance(fa, Forankring)
    # Built once: a zip records the time, so two builds a second apart differ.
    content = docx_bytes()
    b = bilaga_add(
        delprojekt=project_a,
        user=ordforande,
        fil=upload('../../"Rapport".docx', content),
        post=fa,
    )
    assert b.filnamn == "_Rapport_.docx"
    client.force_login(reader)
    response = client.get(url("bilaga", project_a.referens, b.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == b.mimetyp
    assert response["Content-Disposition"].startswith("attachment;")
    assert "_Rapport_.docx" in response["Content-Disposition"]
    for user in (outsider, ledamot_b):
        client.force_login(user)
        assert client.get(url("bilaga", project_a.referens, b.pk)).status_code == 404
    # The file is not reachable by guessing the project either.
    client.force_login(ledamot_b)
    assert client.get(f"/media/{b.fil.name}").status_code == 404


def test_delete_an_attachment(
    client, ordforande, reader, project_a, note, django_capture_on_commit_callbacks
):
    b = bilaga_add(delprojekt=project_a, user=ordforande, fil=upload("bild.png", PNG), post=note)
    storage, name = b.fil.storage, b.fil.name
    client.force_login(reader)
    assert client.post(url("bilaga_ta_bort", project_a.referens, b.pk)).status_code == 403
    with pytest.raises(NotAllowed):
        bilaga_delete(bilaga=b, user=reader)
    client.force_login(ordforande)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("bilaga_ta_bort", project_a.referens, b.pk))
    assert response.status_code == 302
    assert not Bilaga.objects.exists()
    assert not storage.exists(name)
    assert Bilaga.history.filter(history_type="-").get().history_user == ordforande


def test_deleting_a_record_removes_its_files(
    ordforande, project_a, note, django_capture_on_commit_callbacks
):
    b = bilaga_add(delprojekt=project_a, user=ordforande, fil=upload("bild.png", PNG), post=note)
    storage, name = b.fil.storage, b.fil.name
    with django_capture_on_commit_callbacks(execute=True):
        svc.minnesanteckning_delete(note=Minnesanteckning.objects.get(pk=note.pk), user=ordforande)
    assert not Bilaga.objects.exists()
    assert not storage.exists(name)


def test_delrapport_with_only_a_file(client, ordforande, project_a):
    client.force_login(ordforande)
    response = client.post(
        url("delrapporter", project_a.referens),
        {"titel": "Delrapport som PDF", "text": "", "fil": upload("delrapport.pdf", pdf_bytes())},
    )
    assert response.status_code == 302
    rapport = project_a.delrapporter.get()
    assert rapport.bilagor.get().filnamn == "delrapport.pdf"
    # A bad file makes the whole report fail, with the message at the field.
    response = client.post(
        url("delrapporter", project_a.referens),
        {"titel": "Trasig", "text": "", "fil": upload("x.pdf", PNG)},
    )
    assert response.status_code == 200
    assert "innehållet är PNG" in response.content.decode()
    assert project_a.delrapporter.count() == 1
    assert Bilaga.objects.count() == 1


def test_a_rolled_back_upload_leaves_no_file(settings, ordforande, project_a, note):
    media = Path(settings.MEDIA_ROOT)
    before = {p for p in media.rglob("*") if p.is_file()}

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        b = bilaga_add(
            delprojekt=project_a,
            user=ordforande,
            fil=upload("Nuläge.pdf", pdf_bytes()),
            post=note,
        )
        assert (media / b.fil.name).is_file()
        raise Boom
    assert {p for p in media.rglob("*") if p.is_file()} == before
    assert not Bilaga.objects.filter(delprojekt=project_a).exists()

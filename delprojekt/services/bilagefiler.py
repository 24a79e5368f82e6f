"""The files of attachments: checks on their content and name, storing and removing them.

The type is decided by the file's content, never by its name: the name's extension
must agree with what the content is, so an executable or an image renamed ``.pdf``
is refused. Files are stored under a random name; the original name is kept only
as text for display and download.

Which records take attachments, and who may add them, is decided above this module
(``delprojekt.services.bilagor``); the record services store a record's file here.
"""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

import filetype
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.filskydd import FarligFil, jpeg_kontroll, png_kontroll, zip_kontroll
from delprojekt.historik import set_history_user
from delprojekt.models import Bilaga, Delprojekt, Handelse
from delprojekt.services.errors import Invalid
from delprojekt.services.events import record_event
from delprojekt.services.filer import fil_store
from delprojekt.services.huvudmannabeslut import validate_pdf
from delprojekt.types import Actor

logger = logging.getLogger(__name__)

MAX_UPLOAD_MB = 20
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024

#: Detected type (``filetype`` extension) → MIME type stored and the name extensions
#: that may carry it.
ALLOWED_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("application/pdf", ("pdf",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ("docx",),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ("pptx",),
    ),
    "png": ("image/png", ("png",)),
    "jpg": ("image/jpeg", ("jpg", "jpeg")),
    "odt": ("application/vnd.oasis.opendocument.text", ("odt",)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ("ods",)),
}

#: Office files are zips: what they may unpack to and their number of parts. The
#: files are stored, not parsed here, but whoever opens them unpacks them; ten times
#: the upload limit leaves room for documents full of already packed pictures.
ZIP_TYPES = {"docx", "xlsx", "pptx", "odt", "ods"}
MAX_UPPACKAT = 10 * MAX_UPLOAD_BYTES
MAX_ZIPPOSTER = 2000

#: Types a browser may show in place; everything else is always downloaded.
INLINE_MIMETYPES = {"application/pdf", "image/png", "image/jpeg"}

ALLOWED_TEXT = "PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), PNG, JPEG, ODT eller ODS"

_UNSAFE_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def clean_filename(name: str, extension: str) -> str:
    """The uploaded name without folders or characters that are unsafe in a header."""
    base = re.split(r"[/\\]", name or "")[-1]
    base = _UNSAFE_CHARS.sub("_", base).strip(" .")
    if not base:
        base = f"bilaga.{extension}"
    if len(base) > 200:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 200 - len(ext) - 1] + dot + ext) if dot else base[:200]
    return base


def detect_type(fil: UploadedFile) -> tuple[str, str]:
    """``(extension, mimetype)`` of an allowed upload, or ``Invalid`` for the field ``fil``."""

    def refuse(message: str) -> Invalid:
        return Invalid(message, field_errors={"fil": [message]})

    size = fil.size or 0
    if size < 1:
        raise refuse(_("Filen är tom. Välj en fil med innehåll."))
    if size > MAX_UPLOAD_BYTES:
        raise refuse(
            _("Filen är större än %(mb)d MB. Dela upp den eller minska den.")
            % {"mb": MAX_UPLOAD_MB}
        )
    fil.seek(0)
    head = fil.read(8192)
    fil.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.extension not in ALLOWED_TYPES:
        raise refuse(
            _("Filtypen är inte tillåten. Tillåtna filtyper: %(typer)s.") % {"typer": ALLOWED_TEXT}
        )
    mimetype, name_extensions = ALLOWED_TYPES[kind.extension]
    name_ext = (fil.name or "").rpartition(".")[2].lower() if "." in (fil.name or "") else ""
    if name_ext not in name_extensions:
        raise refuse(
            _(
                "Filens namn slutar inte på det filen innehåller (innehållet är %(typ)s). "
                "Byt namn så att filändelsen stämmer, t.ex. .%(ext)s. Tillåtna filtyper: %(typer)s."
            )
            % {"typ": kind.extension.upper(), "ext": name_extensions[0], "typer": ALLOWED_TEXT}
        )
    if kind.extension == "pdf":
        validate_pdf(fil, max_bytes=MAX_UPLOAD_BYTES, field="fil")
    try:
        if kind.extension in ZIP_TYPES:
            zip_kontroll(fil, max_uppackat=MAX_UPPACKAT, max_poster=MAX_ZIPPOSTER)
        elif kind.extension == "png":
            png_kontroll(fil)
        elif kind.extension == "jpg":
            jpeg_kontroll(fil)
    except FarligFil as exc:
        raise refuse(str(exc)) from exc
    return kind.extension, mimetype


def bilaga_store(
    *,
    delprojekt: Delprojekt,
    user: Actor,
    fil: UploadedFile | None,
    post: Any | None = None,
    beskrivning: str = "",
) -> Bilaga:
    """Check and store an uploaded file with its row and event.

    The caller has checked that ``post`` is a record of ``delprojekt`` that takes
    attachments and that the user may add them.
    """
    if fil is None:
        message = _("Välj en fil.")
        raise Invalid(message, field_errors={"fil": [message]})
    extension, mimetype = detect_type(fil)
    beskrivning = (beskrivning or "").strip()
    if len(beskrivning) > 300:
        message = _("Beskrivningen får vara högst 300 tecken.")
        raise Invalid(message, field_errors={"beskrivning": [message]})
    bilaga = Bilaga(
        delprojekt=delprojekt,
        filnamn=clean_filename(fil.name or "", extension),
        mimetyp=mimetype,
        storlek=fil.size or 0,
        beskrivning=beskrivning,
        uppladdad_av=user,
        uppladdad=timezone.now(),
    )
    if post is not None:
        bilaga.content_type = ContentType.objects.get_for_model(post)
        bilaga.object_id = post.pk
    with transaction.atomic():
        fil_store(fil=bilaga.fil, name=f"{uuid.uuid4().hex}.{extension}", content=fil)
        set_history_user(bilaga, user)
        bilaga.save()
        record_event(
            delprojekt=delprojekt,
            user=user,
            typ=Handelse.Typ.GRUPPARBETE,
            text=_("Bilaga %(namn)s lades till%(till)s")
            % {"namn": bilaga.filnamn, "till": f" ({post})" if post is not None else ""},
        )
    return bilaga


def delete_file_later(bilaga: Bilaga) -> None:
    storage, name = bilaga.fil.storage, bilaga.fil.name

    def delete() -> None:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Kunde inte ta bort filen %s", name)

    transaction.on_commit(delete)


def bilagor_delete_for(post: Any) -> None:
    """Remove the files of a record that is being deleted (rows go with the record)."""
    for b in Bilaga.objects.filter(
        content_type=ContentType.objects.get_for_model(post), object_id=post.pk
    ):
        delete_file_later(b)

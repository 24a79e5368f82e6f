"""Checks on uploaded files that go beyond their type: what they unpack to and what they carry.

The upload limits count compressed bytes. An office file is a zip, and a zip of a few
hundred kilobytes can unpack to gigabytes; ``zip_kontroll`` reads only the zip's
directory (never the entries) and refuses a file whose entries would unpack to more
than a bound, whose entries are packed implausibly hard, or that has too many entries.
Python's ``zipfile`` stops reading an entry at its declared size (and fails on the
checksum), so for files we parse ourselves the directory's sizes are binding.

``pdf_kontroll`` refuses PDFs with active content (JavaScript, launch actions,
embedded files) and data after the end of the file; ``png_kontroll`` and
``jpeg_kontroll`` refuse anything after the image's end marker, where HTML or a
second file can hide.

Each check raises ``FarligFil`` with a Swedish message that is shown as it is.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import IO, Any

from django.utils.translation import gettext as _

#: A zip entry may unpack to at most this many times its packed size, counted for
#: entries above ``LITEN_POST`` (tiny entries cannot hurt, whatever their ratio).
#: Real XML in office files packs 5–50 times; a string of one repeated character,
#: the classic bomb, packs about 1000 times.
MAX_KVOT = 200
LITEN_POST = 1024 * 1024

#: PDF whitespace (ISO 32000-1, 7.2.2): the only bytes allowed after the last %%EOF.
PDF_BLANKT = b"\x00\t\n\x0c\r "

_PDF_EOF = b"%%EOF"
#: Names that mean active content, as plain tokens in the file (a name ends at a
#: delimiter or whitespace).
_PDF_AKTIVA_NAMN = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?)(?![^\s/\[\]<>(){}%])")
_PDF_STROM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
_AKTIVA_NYCKLAR = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EF"}
_AKTIVA_TYPER = {"/JavaScript", "/Launch", "/EmbeddedFile"}
#: Walking a PDF's dictionaries and arrays stops here (a file made to be slow to walk
#: is refused); a real file within our size limits has far fewer.
MAX_PDF_OBJEKT = 1_000_000

PNG_SIGNATUR = b"\x89PNG\r\n\x1a\n"


class FarligFil(ValueError):
    """The file is refused; the message is Swedish and shown as it is."""


def _las(fil: IO[bytes] | bytes) -> bytes:
    if isinstance(fil, bytes | bytearray):
        return bytes(fil)
    fil.seek(0)
    try:
        return fil.read()
    finally:
        fil.seek(0)


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)}"


# --- Zip (office files) ----------------------------------------------------------------


def zip_kontroll(fil: IO[bytes] | bytes, *, max_uppackat: int, max_poster: int) -> None:
    """Refuse a zip that would unpack to more than ``max_uppackat`` bytes in total, has
    more than ``max_poster`` entries, or has an entry packed more than ``MAX_KVOT`` times.

    Only the zip's central directory is read, so even a bomb is refused at once.
    """
    stang = isinstance(fil, bytes | bytearray)
    strom: IO[bytes] = io.BytesIO(fil) if isinstance(fil, bytes | bytearray) else fil
    if not stang:
        strom.seek(0)
    try:
        try:
            with zipfile.ZipFile(strom) as z:
                poster = z.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
            raise FarligFil(_("Filen går inte att öppna. Är den skadad?")) from exc
    finally:
        if not stang:
            strom.seek(0)
    if len(poster) > max_poster:
        raise FarligFil(
            _(
                "Filen består av fler än %(n)s delar och tas inte emot. "
                "Spara den på nytt eller dela upp den."
            )
            % {"n": max_poster}
        )
    totalt = 0
    for post in poster:
        totalt += post.file_size
        if totalt > max_uppackat:
            raise FarligFil(
                _(
                    "Filen packas upp till mer än %(mb)s MB och tas inte emot. "
                    "Minska innehållet eller dela upp den i flera filer."
                )
                % {"mb": _mb(max_uppackat)}
            )
        if post.file_size > LITEN_POST and post.file_size > MAX_KVOT * max(post.compress_size, 1):
            raise FarligFil(
                _(
                    "Filen innehåller en del som är onormalt hårt packad "
                    "(%(namn)s) och tas inte emot. Spara den på nytt och försök igen."
                )
                % {"namn": post.filename[:80]}
            )


# --- PDF ---------------------------------------------------------------------------------


def _aktiv(obj: Any) -> bool:
    """Whether a PDF dictionary is (or names) active content."""
    from pypdf.generic import DictionaryObject

    if not isinstance(obj, DictionaryObject):
        return False
    if _AKTIVA_NYCKLAR.intersection(obj.keys()):
        return True
    typer = {str(_los(obj.get("/S"))), str(_los(obj.get("/Type")))}
    return bool(typer & _AKTIVA_TYPER)


def _los(obj: Any) -> Any:
    return obj.get_object() if obj is not None and hasattr(obj, "get_object") else obj


def _pdf_graf_aktiv(reader: Any) -> bool:
    """Walk every object reachable from the trailer: the catalog with its /OpenAction,
    /AA and names tree, the pages with their /AA and annotations' actions, form fields.

    pypdf decodes ``#xx`` escapes in names and reads objects out of compressed object
    streams, which a byte search cannot see.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    behallare = (DictionaryObject, ArrayObject, IndirectObject)
    sett: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer]
    antal = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in sett:
                continue
            sett.add(key)
            obj = obj.get_object()
        antal += 1
        if antal > MAX_PDF_OBJEKT:
            raise FarligFil(_("PDF-filen är för invecklad för att granskas. Spara den på nytt."))
        if isinstance(obj, DictionaryObject):
            if _aktiv(obj):
                return True
            stack.extend(v for k, v in obj.items() if k != "/Parent" and isinstance(v, behallare))
        elif isinstance(obj, ArrayObject):
            # Only containers: a font's widths alone can be thousands of numbers.
            stack.extend(v for v in obj if isinstance(v, behallare))
    return False


def pdf_kontroll(fil: IO[bytes] | bytes) -> None:
    """Refuse a PDF with data after its last ``%%EOF`` or with active content.

    The caller has checked that the file is a readable PDF.
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    data = _las(fil)
    slut = data.rfind(_PDF_EOF)
    if slut < 0 or data[slut + len(_PDF_EOF) :].strip(PDF_BLANKT):
        raise FarligFil(
            _(
                "PDF-filen har data efter filens slut och tas inte emot. "
                "Spara den på nytt som PDF och försök igen."
            )
        )
    aktiv_text = _(
        "PDF-filen innehåller skript, inbäddade filer eller kommandon som startar program "
        "och tas inte emot. Skriv ut den till en ny PDF (»Skriv ut som PDF«) och ladda upp den."
    )
    # Stream contents (images, compressed text) are left out: random bytes there could
    # spell a name by chance. What streams hide (object streams) the walk below sees.
    if _PDF_AKTIVA_NAMN.search(_PDF_STROM.sub(b"", data)):
        raise FarligFil(aktiv_text)
    try:
        reader = PdfReader(io.BytesIO(data))
        aktiv = _pdf_graf_aktiv(reader)
    except FarligFil:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise FarligFil(_("PDF-filen går inte att läsa. Är den skadad?")) from exc
    if aktiv:
        raise FarligFil(aktiv_text)


# --- Images ------------------------------------------------------------------------------

_BILD_EFTER_SLUT = "Bilden har data efter bildens slut och tas inte emot. Spara den på nytt."


def png_kontroll(fil: IO[bytes] | bytes) -> None:
    """Refuse a PNG whose chunks do not end exactly with ``IEND`` at the end of the file."""
    data = _las(fil)
    if not data.startswith(PNG_SIGNATUR):
        raise FarligFil(_("Bilden går inte att läsa. Är den skadad?"))
    i = len(PNG_SIGNATUR)
    while True:
        if i + 12 > len(data):
            raise FarligFil(_("Bilden går inte att läsa. Är den skadad?"))
        langd = int.from_bytes(data[i : i + 4], "big")
        typ = data[i + 4 : i + 8]
        i += 12 + langd
        if i > len(data):
            raise FarligFil(_("Bilden går inte att läsa. Är den skadad?"))
        if typ == b"IEND":
            break
    if i != len(data):
        raise FarligFil(_(_BILD_EFTER_SLUT))


def _jpeg_slut(data: bytes) -> int:
    """Offset just after the image's EOI marker, found by walking the segments (so a
    thumbnail's own EOI inside an APP segment is skipped), or -1 if there is none."""
    n = len(data)
    i = 2
    while i < n:
        if data[i] != 0xFF:
            return -1
        while i < n and data[i] == 0xFF:
            i += 1
        if i >= n:
            return -1
        marker = data[i]
        i += 1
        if marker == 0xD9:
            return i
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue
        if i + 2 > n:
            return -1
        i += int.from_bytes(data[i : i + 2], "big")
        if marker == 0xDA:
            # Entropy-coded data runs to the next marker that is not a stuffed 0xFF00
            # or a restart marker.
            while True:
                j = data.find(b"\xff", i)
                if j < 0 or j + 1 >= n:
                    return -1
                nasta = data[j + 1]
                if nasta == 0x00 or 0xD0 <= nasta <= 0xD7 or nasta == 0xFF:
                    i = j + 1 if nasta == 0xFF else j + 2
                    continue
                i = j
                break
    return -1


def jpeg_kontroll(fil: IO[bytes] | bytes) -> None:
    """Refuse a JPEG with anything after its end-of-image marker."""
    data = _las(fil)
    if not data.startswith(b"\xff\xd8"):
        raise FarligFil(_("Bilden går inte att läsa. Är den skadad?"))
    slut = _jpeg_slut(data)
    if slut < 0:
        raise FarligFil(_("Bilden går inte att läsa. Är den skadad?"))
    if slut != len(data):
        raise FarligFil(_(_BILD_EFTER_SLUT))

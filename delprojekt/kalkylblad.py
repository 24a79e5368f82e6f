"""Reading an uploaded spreadsheet (CSV or XLSX) into rows of cells.

The type is decided from the bytes, never from the name: an XLSX is a zip holding
``xl/workbook.xml`` (checked against zip bombs before openpyxl sees it); anything else
must decode as text (UTF-8 with or without a byte order mark, else Windows-1252) and is
read as CSV with the separator of its first line (``;`` as Swedish Excel writes it,
``,`` or tab). Every problem with the file as a whole raises ``Filfel`` with a Swedish
message that is shown as it is; nothing here touches the database.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import filetype
from django.utils.translation import gettext as _

from delprojekt.filskydd import FarligFil, zip_kontroll

#: What an XLSX may unpack to, and its number of parts.
MAX_UPPACKAT = 20 * 1024 * 1024
MAX_ZIPPOSTER = 1000
#: Columns read from an XLSX sheet (a sheet may claim thousands of empty ones).
MAX_KOLUMNER = 60

INTE_KALKYLBLAD = "Filen är varken en CSV- eller en Excelfil (XLSX)."


class Filfel(Exception):
    """The file as a whole cannot be read; the message is Swedish and shown as it is."""


@dataclass(frozen=True)
class Tabell:
    """The first non-empty row (the headers) and the data rows with their row numbers."""

    rubriker: list[Any]
    rader: list[tuple[int, list[Any]]]


def normalisera(text: Any) -> str:
    """Lower case, no accents, single spaces: for comparing headers and names."""
    s = unicodedata.normalize("NFKD", str(text if text is not None else ""))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.lower().replace("\u00a0", " ").split())


def _storlek(max_bytes: int) -> str:
    return _("Filen är för stor (högst %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)}


def las_bytes(fil: Any, *, max_bytes: int) -> bytes:
    """The bytes of an ``UploadedFile``, a file object or bytes, at most ``max_bytes``."""
    size = getattr(fil, "size", None)
    if size is not None and size > max_bytes:
        raise Filfel(_storlek(max_bytes))
    if hasattr(fil, "seek"):
        fil.seek(0)
    data = fil.read(max_bytes + 1) if hasattr(fil, "read") else bytes(fil)
    if len(data) > max_bytes:
        raise Filfel(_storlek(max_bytes))
    return data


def filtyp(data: bytes) -> str:
    """``"xlsx"`` or ``"csv"`` from the bytes themselves; else ``Filfel``."""
    if not data.strip():
        raise Filfel(_("Filen är tom."))
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise Filfel(_(INTE_KALKYLBLAD)) from exc
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise Filfel(_(INTE_KALKYLBLAD))
    if filetype.guess(data[:8192]) is not None:
        raise Filfel(_(INTE_KALKYLBLAD))
    text = avkoda(data)
    sample = text[:20000]
    if "\ufffd" in sample or any(
        unicodedata.category(c) == "Cc" and c not in "\t\r\n" for c in sample
    ):
        raise Filfel(_(INTE_KALKYLBLAD))
    return "csv"


def avkoda(data: bytes) -> str:
    if b"\x00" in data:
        raise Filfel(_(INTE_KALKYLBLAD))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise Filfel(_(INTE_KALKYLBLAD)) from exc


def avgransare(forsta_raden: str) -> str:
    """The separator of a CSV file from its header line: ``;``, ``,`` or tab."""
    semikolon, komma = forsta_raden.count(";"), forsta_raden.count(",")
    if semikolon and semikolon >= komma:
        return ";"
    if komma:
        return ","
    return "\t" if "\t" in forsta_raden else ";"


def _csv_rader(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    text = avkoda(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=avgransare(first))
    start = 1
    try:
        for cells in reader:
            yield start, list(cells)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise Filfel(
            _(
                "Rad %(rad)s i CSV-filen går inte att läsa (fattas ett citattecken, "
                "eller är en cell för lång?)."
            )
            % {"rad": start}
        ) from exc


_XLSX_FEL = "Excelfilen gick inte att läsa. Spara den på nytt som .xlsx och försök igen."


def _xlsx_tabell(data: bytes, max_rader: int, kontroll: Rubrikkontroll) -> Tabell:
    from openpyxl import load_workbook

    try:
        zip_kontroll(data, max_uppackat=MAX_UPPACKAT, max_poster=MAX_ZIPPOSTER)
    except FarligFil as exc:
        raise Filfel(str(exc)) from exc
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise Filfel(_(_XLSX_FEL)) from exc
    try:
        if not wb.worksheets:
            raise Filfel(_("Filen är tom."))
        ws = wb.worksheets[0]

        def rows() -> Iterator[tuple[int, list[Any]]]:
            start = ws.min_row or 1
            for i, cells in enumerate(ws.iter_rows(max_col=MAX_KOLUMNER, values_only=True)):
                yield start + i, list(cells)

        try:
            return _tabell(rows(), max_rader, kontroll)
        except Filfel:
            raise
        except Exception as exc:
            raise Filfel(_(_XLSX_FEL)) from exc
    finally:
        wb.close()


def _tom(cells: list[Any]) -> bool:
    return all(c is None or str(c).strip() == "" for c in cells)


#: Called with the header row as soon as it is read (raises ``Filfel`` for a missing column).
Rubrikkontroll = Callable[[list[Any]], object] | None


def _tabell(
    rows: Iterator[tuple[int, list[Any]]], max_rader: int, kontroll: Rubrikkontroll
) -> Tabell:
    rubriker: list[Any] | None = None
    rader: list[tuple[int, list[Any]]] = []
    for nummer, cells in rows:
        if _tom(cells):
            continue
        if rubriker is None:
            rubriker = cells
            if kontroll is not None:
                kontroll(rubriker)
            continue
        if len(rader) >= max_rader:
            raise Filfel(
                _("Filen har fler än %(n)s rader. Dela upp den i flera filer.")
                % {"n": f"{max_rader:,}".replace(",", "\u00a0")}
            )
        rader.append((nummer, cells))
    if rubriker is None:
        raise Filfel(_("Filen är tom."))
    if not rader:
        raise Filfel(_("Filen har rubriker men inga rader med värden."))
    return Tabell(rubriker=rubriker, rader=rader)


def las_tabell(
    fil: Any, *, max_bytes: int, max_rader: int, rubrikkontroll: Rubrikkontroll = None
) -> Tabell:
    """The header row and data rows of an uploaded CSV or XLSX (the first sheet).

    ``rubrikkontroll`` sees the header row before any data row is read, so a file with
    the wrong columns is refused for that, whatever else is wrong with it."""
    data = las_bytes(fil, max_bytes=max_bytes)
    if filtyp(data) == "xlsx":
        return _xlsx_tabell(data, max_rader, rubrikkontroll)
    return _tabell(_csv_rader(data), max_rader, rubrikkontroll)

"""Spreadsheet downloads: XLSX with typed cells and CSV for Swedish Excel, one way for every list.

Every text cell that a spreadsheet program would read as a formula (it begins with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is neutralised: in CSV with a
leading apostrophe, in XLSX as an explicit string cell with Excel's quote prefix, so
what the user typed is shown and never run.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"

#: What makes Excel (and LibreOffice) treat a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

DATE_FORMAT = "yyyy-mm-dd"

Value = str | int | float | Decimal | datetime.date | None


@dataclass(frozen=True)
class Kolumn:
    rubrik: str
    #: Width in characters in the XLSX; CSV has none.
    bredd: int = 15


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_START)


def csv_safe(value: object) -> str:
    """A CSV cell Excel will not read as a formula (CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def filename(namn: str, ext: str) -> str:
    """``sfbv-portfolj-2026-12-02.xlsx``: what it is and the day it was taken."""
    return f"sfbv-{namn}-{timezone.localdate():%Y-%m-%d}.{ext}"


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_response(*, name: str, kolumner: Sequence[Kolumn], rader: Iterable[Sequence[Value]]):
    """UTF-8 with a byte order mark and ``;`` between cells, as Swedish Excel reads CSV."""
    buffer = io.StringIO()
    # The byte order mark makes Excel read å, ä and ö right.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_safe(k.rubrik) for k in kolumner])
    writer.writerows([csv_safe(v) for v in rad] for rad in rader)
    return _attachment(HttpResponse(buffer.getvalue().encode("utf-8"), content_type=CSV_TYPE), name)


@dataclass(frozen=True)
class Blad:
    """One sheet of a workbook: its name (at most 31 characters), columns and rows."""

    namn: str
    kolumner: Sequence[Kolumn]
    rader: Iterable[Sequence[Value]]


def xlsx_bytes(*, blad: str, kolumner: Sequence[Kolumn], rader: Iterable[Sequence[Value]]) -> bytes:
    """One sheet: a bold, frozen header row, an auto-filter over the data, typed cells."""
    return xlsx_bok([Blad(blad, kolumner, rader)])


def xlsx_bok(ark: Sequence[Blad]) -> bytes:
    """A workbook of one or more sheets, each made as ``xlsx_bytes`` makes its one."""
    wb = Workbook(write_only=True)
    for b in ark:
        _sheet(wb, b)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _sheet(wb: Workbook, b: Blad) -> None:
    ws = wb.create_sheet(title=_text(b.namn)[:31])
    for i, k in enumerate(b.kolumner, start=1):
        ws.column_dimensions[get_column_letter(i)].width = k.bredd
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for k in b.kolumner:
        cell = WriteOnlyCell(ws, value=_text(k.rubrik))
        cell.font = bold
        header.append(cell)
    ws.append(header)
    antal = 0
    for rad in b.rader:
        ws.append([_cell(ws, v) for v in rad])
        antal += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(b.kolumner))}{antal + 1}"


def xlsx_response(
    *, name: str, blad: str, kolumner: Sequence[Kolumn], rader: Iterable[Sequence[Value]]
) -> HttpResponse:
    data = xlsx_bytes(blad=blad, kolumner=kolumner, rader=rader)
    return _attachment(HttpResponse(data, content_type=XLSX_TYPE), name)


def _text(value: str) -> str:
    # Control characters are not allowed in the XML of a sheet.
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _cell(ws, value: Value):
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, int | float | Decimal):
        return value
    text = _text(str(value))
    if not is_formula_like(text):
        return text
    cell = WriteOnlyCell(ws)
    # Assigned past the type guessing, which would make "=..." a formula.
    cell._value = text
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def xlsx_bok_response(*, name: str, ark: Sequence[Blad]) -> HttpResponse:
    return _attachment(HttpResponse(xlsx_bok(ark), content_type=XLSX_TYPE), name)

"""Reading measured values from an uploaded CSV or XLSX file.

The regions send their figures as spreadsheets. ``las_fil`` turns the uploaded bytes
into raw rows (a file-level problem raises ``Filfel`` with a Swedish message);
``tolka`` resolves each row's parameter, region, date and value and collects one
Swedish message per bad row. Nothing here writes to the database: the service
``uppfoljning.services.matvarden.matvarden_import`` saves all rows or none.

Columns are found by their header (any order, any case, with or without å/ä/ö):
parameter, region, datum, värde and optionally källa.
"""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import filetype
from django.utils.translation import gettext as _

from delprojekt.filskydd import FarligFil, zip_kontroll

#: Largest accepted file and most data rows in one file.
MAX_BYTES = 2 * 1024 * 1024
MAX_RADER = 5000
#: What an XLSX may unpack to, and its number of parts. 5000 rows of 30 cells are a
#: few MB of XML; a workbook saved by Excel has a dozen parts.
MAX_UPPACKAT = 20 * 1024 * 1024
MAX_ZIPPOSTER = 1000
#: No measured value is older than this.
MIN_DATUM = datetime.date(2000, 1, 1)
#: The model's field: 14 digits, 3 of them decimals.
MAX_HELTAL_SIFFROR = 11
MAX_DECIMALER = 3

KOLUMNER = ("parameter", "region", "datum", "varde")
VALFRIA = ("kalla",)
KOLUMNNAMN = {
    "parameter": "parameter",
    "region": "region",
    "datum": "datum",
    "varde": "värde",
    "kalla": "källa",
}
#: Words that mean "the whole sjukvårdsregion" in the region column (besides its name).
HELA_ORD = {"", "hela", "hela sjukvardsregionen", "hela regionen", "alla", "-", "–"}

INTE_KALKYLBLAD = "Filen är varken en CSV- eller en Excelfil (XLSX)."


class Filfel(Exception):
    """The file as a whole cannot be read; the message is Swedish and shown as it is."""


@dataclass(frozen=True)
class Radata:
    """One data row as it stands in the file (cells as text, or as XLSX values)."""

    nummer: int
    parameter: Any
    region: Any
    datum: Any
    varde: Any
    kalla: Any = ""


@dataclass(frozen=True)
class Rad:
    """One valid row, resolved to the project's parameter and region (None: whole)."""

    nummer: int
    parameter: Any
    region: Any
    datum: datetime.date
    varde: Decimal
    kalla: str


# --- Reading the file ----------------------------------------------------------------


def normalisera(text: Any) -> str:
    """Lower case, no accents, single spaces: for comparing headers and names."""
    s = unicodedata.normalize("NFKD", str(text if text is not None else ""))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.lower().replace("\u00a0", " ").split())


def _las_bytes(fil: Any) -> bytes:
    size = getattr(fil, "size", None)
    if size is not None and size > MAX_BYTES:
        raise Filfel(_("Filen är för stor (högst 2 MB)."))
    if hasattr(fil, "seek"):
        fil.seek(0)
    data = fil.read(MAX_BYTES + 1) if hasattr(fil, "read") else bytes(fil)
    if len(data) > MAX_BYTES:
        raise Filfel(_("Filen är för stor (högst 2 MB)."))
    return data


def filtyp(data: bytes) -> str:
    """``"xlsx"`` or ``"csv"`` from the bytes themselves (never from the name); else Filfel."""
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
    text = _avkoda(data)
    if (
        any(unicodedata.category(c) == "Cc" and c not in "\t\r\n" for c in text[:20000])
        or "\ufffd" in text[:20000]
    ):
        raise Filfel(_(INTE_KALKYLBLAD))
    return "csv"


def _avkoda(data: bytes) -> str:
    if b"\x00" in data:
        raise Filfel(_(INTE_KALKYLBLAD))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise Filfel(_(INTE_KALKYLBLAD)) from exc


def _kolumner(header: list[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = normalisera(cell)
        if key in KOLUMNER or key in VALFRIA:
            found.setdefault(key, i)
    saknas = [KOLUMNNAMN[k] for k in KOLUMNER if k not in found]
    if saknas:
        raise Filfel(
            _(
                "Filen saknar kolumnen %(kolumner)s. Första raden ska ha rubrikerna "
                "parameter, region, datum och värde (och gärna källa)."
            )
            % {"kolumner": ", ".join(f"»{k}«" for k in saknas)}
        )
    return found


def _cell(cells: list[Any], cols: dict[str, int], key: str) -> Any:
    i = cols.get(key)
    return cells[i] if i is not None and i < len(cells) else None


def _rader(
    rows: Any,  # iterable of (row number, list of cells)
) -> list[Radata]:
    header: list[Any] | None = None
    cols: dict[str, int] = {}
    out: list[Radata] = []
    for nummer, cells in rows:
        cells = list(cells)
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        if header is None:
            header = cells
            cols = _kolumner(header)
            continue
        if len(out) >= MAX_RADER:
            raise Filfel(
                _("Filen har fler än %(n)s rader. Dela upp den i flera filer.")
                % {"n": f"{MAX_RADER:,}".replace(",", "\u00a0")}
            )

        out.append(
            Radata(
                nummer=nummer,
                parameter=_cell(cells, cols, "parameter"),
                region=_cell(cells, cols, "region"),
                datum=_cell(cells, cols, "datum"),
                varde=_cell(cells, cols, "varde"),
                kalla=_cell(cells, cols, "kalla"),
            )
        )
    if header is None:
        raise Filfel(_("Filen är tom."))
    if not out:
        raise Filfel(_("Filen har rubriker men inga rader med värden."))
    return out


def _csv_rader(data: bytes) -> list[Radata]:
    text = _avkoda(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    if ";" not in first and "," not in first and "\t" in first:
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> Any:
        start = 1
        try:
            for cells in reader:
                yield start, cells
                start = reader.line_num + 1
        except csv.Error as exc:
            raise Filfel(
                _(
                    "Rad %(rad)s i CSV-filen går inte att läsa (fattas ett citattecken, "
                    "eller är en cell för lång?)."
                )
                % {"rad": start}
            ) from exc

    return _rader(rows())


def _xlsx_rader(data: bytes) -> list[Radata]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise Filfel(
            _("Excelfilen gick inte att läsa. Spara den på nytt som .xlsx och försök igen.")
        ) from exc
    try:
        if not wb.worksheets:
            raise Filfel(_("Filen är tom."))
        ws = wb.worksheets[0]

        def rows() -> Any:
            start = ws.min_row or 1
            for i, cells in enumerate(ws.iter_rows(max_col=30, values_only=True)):
                yield start + i, cells

        try:
            return _rader(rows())
        except Filfel:
            raise
        except Exception as exc:
            raise Filfel(
                _("Excelfilen gick inte att läsa. Spara den på nytt som .xlsx och försök igen.")
            ) from exc
    finally:
        wb.close()


def las_fil(fil: Any) -> list[Radata]:
    """The data rows of an uploaded file (an ``UploadedFile``, a file object or bytes)."""
    data = _las_bytes(fil)
    if filtyp(data) == "xlsx":
        # Before openpyxl sees it: the upload limit counts packed bytes only.
        try:
            zip_kontroll(data, max_uppackat=MAX_UPPACKAT, max_poster=MAX_ZIPPOSTER)
        except FarligFil as exc:
            raise Filfel(str(exc)) from exc
        return _xlsx_rader(data)
    return _csv_rader(data)


# --- Interpreting the rows -----------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).replace("\u00a0", " ").split())


def tolka_tal(value: Any) -> Decimal | None:
    """A number from a cell: 12,5 or 12.5 (spaces between thousands allowed); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, float):
        d = Decimal(repr(value))
    elif isinstance(value, Decimal):
        d = value
    else:
        s = _text(value).replace(" ", "").replace("\u2212", "-")
        if s.count(",") + s.count(".") > 1 or not s:
            return None
        try:
            d = Decimal(s.replace(",", "."))
        except InvalidOperation:
            return None
    if not d.is_finite():
        return None
    return d


def varde_fel(d: Decimal) -> str | None:
    """Why a number does not fit the field (14 digits, 3 decimals), or None."""
    if abs(d) >= Decimal(10) ** MAX_HELTAL_SIFFROR:
        return _("talet är för stort")
    exponent = d.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_DECIMALER and d != round(d, MAX_DECIMALER):
        return _("högst tre decimaler")
    return None


def tolka_datum(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    s = _text(value)
    if len(s) > 10 and s[10:].strip() in ("00:00:00", "00:00", "T00:00:00"):
        s = s[:10]
    try:
        d = datetime.date.fromisoformat(s)
    except ValueError:
        return None
    return d if len(s) == 10 else None


def datum_fel(d: datetime.date, today: datetime.date) -> str | None:
    if d > today:
        return _("datumet %(d)s ligger i framtiden") % {"d": f"{d:%Y-%m-%d}"}
    if d < MIN_DATUM:
        return _("datumet %(d)s är före %(min)s") % {
            "d": f"{d:%Y-%m-%d}",
            "min": f"{MIN_DATUM:%Y-%m-%d}",
        }
    return None


class Uppslag:
    """Finds parameters by name or number and regions by name or short name."""

    def __init__(self, parametrar: list[Any], regioner: list[Any], sjukvardsregion: str) -> None:
        self.parametrar_namn = {normalisera(p.namn): p for p in parametrar}
        self.parametrar_nr = {str(p.ordning): p for p in parametrar}
        self.regioner: dict[str, Any] = {}
        for r in regioner:
            self.regioner[normalisera(r.namn)] = r
            self.regioner[normalisera(r.kortnamn)] = r
            namn = normalisera(r.namn)
            if namn.startswith("region "):
                self.regioner.setdefault(namn.removeprefix("region "), r)
        self.hela = HELA_ORD | {normalisera(sjukvardsregion)}

    def parameter(self, value: Any) -> Any:
        key = normalisera(_text(value))
        found = self.parametrar_namn.get(key) or self.parametrar_nr.get(key)
        if found is None and key.startswith("'"):
            # The example file protects names that look like formulas with an apostrophe.
            found = self.parametrar_namn.get(key[1:])
        return found

    def region(self, value: Any) -> tuple[bool, Any]:
        """(found, region or None for the whole sjukvårdsregion)."""
        key = normalisera(_text(value))
        if key in self.hela:
            return True, None
        r = self.regioner.get(key)
        return r is not None, r


def tolka(
    rader: list[Radata],
    *,
    parametrar: list[Any],
    regioner: list[Any],
    sjukvardsregion: str,
    today: datetime.date,
) -> tuple[list[Rad], list[str]]:
    """Resolve every row; returns the valid rows and one message per bad row."""
    uppslag = Uppslag(parametrar, regioner, sjukvardsregion)
    ok: list[Rad] = []
    fel: list[str] = []
    seen: dict[tuple[int, int | None, datetime.date], int] = {}
    for r in rader:
        problem: list[str] = []
        parameter = uppslag.parameter(r.parameter)
        if parameter is None:
            if _text(r.parameter):
                problem.append(_("okänd parameter »%(v)s«") % {"v": _text(r.parameter)})
            else:
                problem.append(_("parameter saknas"))
        found, region = uppslag.region(r.region)
        if not found:
            problem.append(_("okänd region »%(v)s«") % {"v": _text(r.region)})
        datum = tolka_datum(r.datum)
        if datum is None:
            if _text(r.datum):
                problem.append(_("datumet »%(v)s« ska skrivas ÅÅÅÅ-MM-DD") % {"v": _text(r.datum)})
            else:
                problem.append(_("datum saknas"))
        else:
            why = datum_fel(datum, today)
            if why:
                problem.append(why)
        varde = tolka_tal(r.varde)
        if varde is None:
            if _text(r.varde):
                problem.append(_("värdet »%(v)s« är inget tal") % {"v": _text(r.varde)})
            else:
                problem.append(_("värde saknas"))
        else:
            why = varde_fel(varde)
            if why:
                problem.append(_("värdet »%(v)s«: %(why)s") % {"v": _text(r.varde), "why": why})
        kalla = _text(r.kalla)
        if len(kalla) > 300:
            problem.append(_("källan är längre än 300 tecken"))
        if not problem and parameter is not None and datum is not None and varde is not None:
            key = (parameter.pk, getattr(region, "pk", None), datum)
            if key in seen:
                problem.append(
                    _("samma parameter, region och datum som rad %(rad)s") % {"rad": seen[key]}
                )
            else:
                seen[key] = r.nummer
        if problem:
            fel.append(_("Rad %(rad)s: %(fel)s") % {"rad": r.nummer, "fel": "; ".join(problem)})
        else:
            ok.append(
                Rad(
                    nummer=r.nummer,
                    parameter=parameter,
                    region=region,
                    datum=datum,  # type: ignore[arg-type]
                    varde=varde,  # type: ignore[arg-type]
                    kalla=kalla,
                )
            )
    return ok, fel

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

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from delprojekt.kalkylblad import Filfel, las_tabell, normalisera
from delprojekt.kalkylblad import filtyp as filtyp  # read through this module as before

#: Largest accepted file and most data rows in one file.
MAX_BYTES = 2 * 1024 * 1024
MAX_RADER = 5000
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
# Reading the bytes, telling CSV from XLSX and the limits on an XLSX's contents are
# shared with the portfolio import (``delprojekt.kalkylblad``).


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


def las_fil(fil: Any) -> list[Radata]:
    """The data rows of an uploaded file (an ``UploadedFile``, a file object or bytes)."""
    tabell = las_tabell(fil, max_bytes=MAX_BYTES, max_rader=MAX_RADER, rubrikkontroll=_kolumner)
    cols = _kolumner(tabell.rubriker)
    return [
        Radata(
            nummer=nummer,
            parameter=_cell(cells, cols, "parameter"),
            region=_cell(cells, cols, "region"),
            datum=_cell(cells, cols, "datum"),
            varde=_cell(cells, cols, "varde"),
            kalla=_cell(cells, cols, "kalla"),
        )
        for nummer, cells in tabell.rader
    ]


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

"""Charts of the follow-up parameters: measured values over time per region, drawn as SVG.

The chart is drawn on the server as one inline ``<svg>`` element with presentation
attributes only (no script, no classes, no external resources), so the same markup
looks the same in the browser and in the WeasyPrint PDF of the follow-up report.
Series differ in colour, marker shape and dash pattern; the data table
(``Diagram.tabell``) is the chart's text alternative and is shown next to it.

- ``parameterdiagram(parameter, matvarden, regioner=None) -> Diagram``
- ``parametrar_med_diagram(delprojekt) -> list[ParameterMedDiagram]`` (three queries)
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from delprojekt.models import Delprojekt, Region, Uppfoljningsparameter
from delprojekt.tal import tal
from uppfoljning.models import Matvarde

#: The series of values without a region.
HELA = "Hela sjukvårdsregionen"

# Geometry of the drawing (user units of the viewBox).
BREDD = 720
PLOT_VANSTER = 72
#: Room right of the plot for the labels of the baseline and target lines.
PLOT_HOGER = 124
PLOT_TOPP = 16
PLOT_HOJD = 240
LEGEND_RAD = 22
LEGEND_KOLUMN = 212
LEGEND_PER_RAD = 3
TEXTFARG = "#1a1a1a"
AXELFARG = "#4d4d4d"
RUTNAT = "#d9d9d9"
TYPSNITT = "Arial, Helvetica, sans-serif"

#: Colours with at least 4.5:1 contrast against white, each with its own marker shape
#: and dash pattern so that no series is told apart by colour alone.
STILAR: tuple[tuple[str, str, str], ...] = (
    ("#1f4e9c", "cirkel", ""),
    ("#b3261e", "kvadrat", "7 4"),
    ("#1b6e34", "triangel", "2 3"),
    ("#6a3d9a", "romb", "10 3 2 3"),
    ("#8a4b00", "kryss", "4 2"),
    ("#00626b", "triangel_ned", "12 4"),
    ("#7a1f5c", "cirkel_ihalig", "1 2 6 2"),
    ("#3d3d3d", "kvadrat_ihalig", "6 2 2 2 2 2"),
)
#: The whole sjukvårdsregion always gets the same, heavier style.
HELA_STIL = ("#1a1a1a", "stjarna", "")
UTGANG_FARG = "#595959"
UTGANG_STRECK = "5 4"
MAL_FARG = "#0b5d1e"
MAL_STRECK = "14 4 3 4"

MANADER = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


class Tabellrad(NamedTuple):
    datum: datetime.date
    varden: list[str]


@dataclass(frozen=True)
class Tabell:
    """The chart's values as a table: one column per series, one row per date or category."""

    kolumner: list[str]
    #: ``Tabellrad`` for the line charts over time, ``Kategorirad`` for the bar charts.
    rader: list[Tabellrad] | list[Kategorirad]
    enhet: str = ""


@dataclass(frozen=True)
class Diagram:
    svg: SafeString
    tabell: Tabell
    #: Names of the series in the order drawn (the legend's order).
    serier: list[str] = field(default_factory=list)
    tom: bool = False
    #: The chart's title (also its ``<title>``), for a caption beside it.
    titel: str = ""


@dataclass
class ParameterMedDiagram:
    parameter: Uppfoljningsparameter
    matvarden: list[Matvarde]
    diagram: Diagram


# --- Formatting ------------------------------------------------------------------------


def _f(x: float) -> str:
    """A coordinate, rounded so the markup is short and the same every time."""
    r = round(x, 1)
    if r == int(r):
        return str(int(r))
    return f"{r:.1f}"


def _e(value: Any) -> str:
    return str(escape(str(value)))


# --- Scales ----------------------------------------------------------------------------


def _nice(x: float, round_: bool) -> float:
    exp = math.floor(math.log10(x))
    f = x / 10**exp
    if round_:
        nf = 1 if f < 1.5 else 2 if f < 3 else 5 if f < 7 else 10
    else:
        nf = 1 if f <= 1 else 2 if f <= 2 else 5 if f <= 5 else 10
    return nf * 10**exp


def nice_ticks(lo: float, hi: float) -> list[float]:
    """Between four and six evenly spaced round values covering ``lo``..``hi``."""
    if hi < lo:
        lo, hi = hi, lo
    if hi == lo:
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    for target in (5, 4, 6, 3, 7):
        step = _nice((hi - lo) / (target - 1), round_=True)
        start = math.floor(lo / step) * step
        stop = math.ceil(hi / step) * step
        n = round((stop - start) / step) + 1
        if 4 <= n <= 6:
            return [_clean(start + i * step) for i in range(n)]
    # Fallback: widen the range until the count fits.
    step = _nice((hi - lo) / 4, round_=False)
    start = math.floor(lo / step) * step
    ticks = [_clean(start + i * step) for i in range(6)]
    while ticks[-1] < hi:
        step *= 2
        ticks = [_clean(start + i * step) for i in range(6)]
    return ticks[: max(4, next((i + 1 for i, t in enumerate(ticks) if t >= hi), 6))]


def _clean(x: float) -> float:
    return float(f"{x:.10g}") + 0.0


def _tick_label(x: float) -> str:
    return tal(Decimal(f"{x:.10g}"))


def _date_ticks(first: datetime.date, last: datetime.date) -> list[tuple[datetime.date, str]]:
    """Round dates (first of a month or a year) to label the time axis, at most eight."""
    span_months = (last.year - first.year) * 12 + last.month - first.month
    for step in (1, 2, 3, 6, 12, 24, 60, 120):
        if span_months / step <= 7:
            break
    ticks = []
    y, m = first.year, first.month
    # Start at the first step boundary on or after ``first``.
    while True:
        d = datetime.date(y, m, 1)
        index = y * 12 + m - 1
        if d >= first and index % step == 0:
            break
        m += 1
        if m > 12:
            y, m = y + 1, 1
    while d <= last:
        if step >= 12:
            label = str(d.year)
        elif d.month == 1 or not ticks:
            label = f"{MANADER[d.month - 1]} {d.year}"
        else:
            label = MANADER[d.month - 1]
        ticks.append((d, label))
        index += step
        d = datetime.date(index // 12, index % 12 + 1, 1)
    return ticks


# --- Markers ---------------------------------------------------------------------------


def _marker(shape: str, x: float, y: float, colour: str, size: float = 4.5) -> str:
    s = size
    fill = f'fill="{colour}" stroke="#ffffff" stroke-width="1"'
    hollow = f'fill="#ffffff" stroke="{colour}" stroke-width="2"'
    if shape == "cirkel":
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(s)}" {fill}/>'
    if shape == "cirkel_ihalig":
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(s - 0.5)}" {hollow}/>'
    if shape == "kvadrat":
        return (
            f'<rect x="{_f(x - s)}" y="{_f(y - s)}" width="{_f(2 * s)}" '
            f'height="{_f(2 * s)}" {fill}/>'
        )
    if shape == "kvadrat_ihalig":
        return (
            f'<rect x="{_f(x - s + 1)}" y="{_f(y - s + 1)}" width="{_f(2 * s - 2)}" '
            f'height="{_f(2 * s - 2)}" {hollow}/>'
        )
    if shape == "kryss":
        d = s
        return (
            f'<path d="M{_f(x - d)} {_f(y - d)}L{_f(x + d)} {_f(y + d)}'
            f'M{_f(x - d)} {_f(y + d)}L{_f(x + d)} {_f(y - d)}" '
            f'stroke="{colour}" stroke-width="2.5" fill="none"/>'
        )
    if shape == "stjarna":
        points = []
        for i in range(10):
            r = s + 1.5 if i % 2 == 0 else (s + 1.5) * 0.45
            a = math.pi / 2 + i * math.pi / 5
            points.append(f"{_f(x + r * math.cos(a))},{_f(y - r * math.sin(a))}")
        return f'<polygon points="{" ".join(points)}" {fill}/>'
    if shape == "triangel":
        pts = [(x, y - s - 1), (x + s + 0.5, y + s - 0.5), (x - s - 0.5, y + s - 0.5)]
    elif shape == "triangel_ned":
        pts = [(x, y + s + 1), (x + s + 0.5, y - s + 0.5), (x - s - 0.5, y - s + 0.5)]
    else:  # romb
        pts = [(x, y - s - 1), (x + s + 1, y), (x, y + s + 1), (x - s - 1, y)]
    return f'<polygon points="{" ".join(f"{_f(a)},{_f(b)}" for a, b in pts)}" {fill}/>'


def _dash(pattern: str) -> str:
    return f' stroke-dasharray="{pattern}"' if pattern else ""


# --- The chart -------------------------------------------------------------------------


@dataclass
class _Serie:
    namn: str
    farg: str
    form: str
    streck: str
    punkter: list[tuple[datetime.date, Decimal]]


def _serier(matvarden: list[Matvarde], regioner: list[Region] | None) -> list[_Serie]:
    by_region: dict[int | None, list[Matvarde]] = {}
    names: dict[int | None, str] = {None: _(HELA)}
    for m in matvarden:
        by_region.setdefault(m.region_id, []).append(m)
        if m.region_id is not None and m.region_id not in names:
            names[m.region_id] = m.region.namn
    order: list[int | None] = [r.pk for r in (regioner or []) if r.pk in by_region]
    rest = sorted(
        (k for k in by_region if k is not None and k not in order),
        key=lambda k: (getattr(next(iter(by_region[k])).region, "ordning", 0), names[k]),
    )
    order += rest
    if None in by_region:
        order.append(None)
    serier = []
    for i, key in enumerate(k for k in order if k is not None):
        farg, form, streck = STILAR[i % len(STILAR)]
        serier.append(_Serie(names[key], farg, form, streck, _punkter(by_region[key])))
    if None in by_region:
        serier.append(_Serie(names[None], *HELA_STIL, _punkter(by_region[None])))
    return serier


def _punkter(values: list[Matvarde]) -> list[tuple[datetime.date, Decimal]]:
    return sorted(((m.datum, Decimal(m.varde)) for m in values), key=lambda p: p[0])


def _tabell(serier: list[_Serie], enhet: str) -> Tabell:
    datum = sorted({d for s in serier for d, _v in s.punkter})
    lookup = [dict(s.punkter) for s in serier]
    rader = [Tabellrad(d, [tal(lk[d]) if d in lk else "–" for lk in lookup]) for d in datum]
    return Tabell(kolumner=[s.namn for s in serier], rader=rader, enhet=enhet)


def parameterdiagram(
    parameter: Uppfoljningsparameter,
    matvarden: list[Matvarde],
    regioner: list[Region] | None = None,
) -> Diagram:
    """The chart of one parameter's measured values, one series per region.

    ``regioner`` (the project's regions) orders the series; values of other regions get
    series after them, and values without a region ("the whole sjukvårdsregion") last.
    Pass values with ``select_related("region")`` to keep it free of queries.
    """
    serier = _serier(list(matvarden), regioner)
    enhet = parameter.enhet or ""
    tabell = _tabell(serier, enhet)
    utgang = parameter.utgangsvarde
    mal = parameter.malvarde
    utgangsdatum = parameter.utgangsdatum

    # Value range: the values, the baseline and the target.
    ys = [float(v) for s in serier for _d, v in s.punkter]
    ys += [float(x) for x in (utgang, mal) if x is not None]
    ticks: list[float] = []
    if ys:
        # A little room so that no value or line sits on the plot's edge; values that
        # are all positive never get a negative axis.
        pad = (max(ys) - min(ys)) * 0.05
        lo = min(ys) - pad
        if min(ys) >= 0:
            lo = max(lo, 0.0)
        ticks = nice_ticks(lo, max(ys) + pad)

    # Time range: the values' dates and the baseline's date.
    dates = [d for s in serier for d, _v in s.punkter]
    if utgangsdatum is not None and utgang is not None:
        dates.append(utgangsdatum)
    if dates:
        first, last = min(dates), max(dates)
        if (last - first).days < 60:
            mid = first + (last - first) / 2
            first, last = mid - datetime.timedelta(days=45), mid + datetime.timedelta(days=45)
    else:
        first = last = None

    plot_bredd = BREDD - PLOT_VANSTER - PLOT_HOGER
    x0, y0 = PLOT_VANSTER, PLOT_TOPP
    x1, y1 = x0 + plot_bredd, y0 + PLOT_HOJD
    inset = 14  # keeps the first and last marker off the axes

    def x_of(d: datetime.date) -> float:
        assert first is not None and last is not None
        span = (last - first).days or 1
        return x0 + inset + (d - first).days / span * (plot_bredd - 2 * inset)

    def y_of(v: float) -> float:
        lo, hi = ticks[0], ticks[-1]
        return y1 - (v - lo) / ((hi - lo) or 1) * PLOT_HOJD

    legend: list[tuple[str, str, str, str | None]] = [
        (s.namn, s.farg, s.streck, s.form) for s in serier
    ]
    if utgang is not None:
        legend.append((_("Utgångsvärde"), UTGANG_FARG, UTGANG_STRECK, None))
    if mal is not None:
        legend.append((_("Målvärde"), MAL_FARG, MAL_STRECK, None))
    legend_rader = math.ceil(len(legend) / LEGEND_PER_RAD)
    legend_topp = y1 + 52
    hojd = legend_topp + legend_rader * LEGEND_RAD + 4

    ident = f"parameter-{parameter.pk or 0}-diagram"
    namn = parameter.namn
    titel = _("Diagram: %(namn)s") % {"namn": namn}
    beskrivning = _beskrivning(parameter, serier, first, last)

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {BREDD} {_f(hojd)}" '
        f'width="100%" role="img" aria-labelledby="{ident}-titel {ident}-beskrivning" '
        f'font-family="{TYPSNITT}" font-size="12" fill="{TEXTFARG}">',
        f'<title id="{ident}-titel">{_e(titel)}</title>',
        f'<desc id="{ident}-beskrivning">{_e(beskrivning)}</desc>',
        f'<rect x="0" y="0" width="{BREDD}" height="{_f(hojd)}" fill="#ffffff"/>',
    ]

    # Grid and value axis.
    out.append('<g data-axel="y">')
    for t in ticks:
        y = y_of(t)
        colour = AXELFARG if t == 0 and ticks[0] < 0 else RUTNAT
        out.append(
            f'<line x1="{x0}" y1="{_f(y)}" x2="{x1}" y2="{_f(y)}" stroke="{colour}" '
            f'stroke-width="1"/>'
        )
        out.append(
            f'<text x="{x0 - 8}" y="{_f(y + 4)}" text-anchor="end">{_e(_tick_label(t))}</text>'
        )
    if enhet:
        mid = y0 + PLOT_HOJD / 2
        out.append(
            f'<text x="14" y="{_f(mid)}" text-anchor="middle" '
            f'transform="rotate(-90 14 {_f(mid)})">{_e(enhet)}</text>'
        )
    out.append("</g>")

    # Time axis.
    out.append('<g data-axel="x">')
    out.append(
        f'<line x1="{x0}" y1="{y1}" x2="{x1}" y2="{y1}" stroke="{AXELFARG}" stroke-width="1"/>'
    )
    out.append(
        f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}" stroke="{AXELFARG}" stroke-width="1"/>'
    )
    if first is not None and last is not None:
        for d, label in _date_ticks(first, last):
            x = x_of(d)
            if x < x0 or x > x1:
                continue
            out.append(
                f'<line x1="{_f(x)}" y1="{y1}" x2="{_f(x)}" y2="{y1 + 5}" stroke="{AXELFARG}" '
                f'stroke-width="1"/>'
            )
            out.append(f'<text x="{_f(x)}" y="{y1 + 19}" text-anchor="middle">{_e(label)}</text>')
    out.append(
        f'<text x="{_f(x0 + plot_bredd / 2)}" y="{y1 + 38}" text-anchor="middle">'
        f"{_e(_('Datum för mätningen'))}</text>"
    )
    out.append("</g>")

    # The series.
    for s in serier:
        pts = [(x_of(d), y_of(float(v))) for d, v in s.punkter]
        out.append(f'<g data-serie="{_e(s.namn)}">')
        if len(pts) > 1:
            out.append(
                f'<polyline points="{" ".join(f"{_f(a)},{_f(b)}" for a, b in pts)}" '
                f'fill="none" stroke="{s.farg}" stroke-width="2.5" '
                f'stroke-linejoin="round"{_dash(s.streck)}/>'
            )
        for a, b in pts:
            out.append(_marker(s.form, a, b, s.farg))
        out.append("</g>")

    # Baseline and target over the series, labelled in the margin right of the plot so
    # that no label hides a value.
    lines = []
    if utgang is not None:
        rows = [_("Utgångsvärde"), _kort(_med_enhet(utgang, enhet), 19)]
        if utgangsdatum:
            rows.append(f"({utgangsdatum:%Y-%m-%d})")
        lines.append(("utgangsvarde", y_of(float(utgang)), rows, UTGANG_FARG, UTGANG_STRECK))
    if mal is not None:
        rows = [_("Målvärde"), _kort(_med_enhet(mal, enhet), 19)]
        lines.append(("mal", y_of(float(mal)), rows, MAL_FARG, MAL_STRECK))
    # Label tops, pushed apart when the lines lie close together.
    tops: dict[str, float] = {}
    floor = float(y0)
    for key, y, rows, _c, _d in sorted(lines, key=lambda item: item[1]):
        top = max(y - 3, floor)
        tops[key] = top
        floor = top + 13 * len(rows) + 6
    for key, y, rows, colour, dash in lines:
        out.append(f'<g data-linje="{key}">')
        out.append(
            f'<line x1="{x0}" y1="{_f(y)}" x2="{x1 + 2}" y2="{_f(y)}" stroke="{colour}" '
            f'stroke-width="2"{_dash(dash)}/>'
        )
        if key == "utgangsvarde" and utgangsdatum is not None and first is not None:
            bx = x_of(utgangsdatum)
            if x0 <= bx <= x1:
                out.append(
                    f'<circle cx="{_f(bx)}" cy="{_f(y)}" r="4" fill="#ffffff" '
                    f'stroke="{colour}" stroke-width="2"/>'
                )
        for i, row in enumerate(rows):
            weight = ' font-weight="bold"' if i == 0 else ""
            out.append(
                f'<text x="{x1 + 8}" y="{_f(tops[key] + 13 * i)}" fill="{colour}" '
                f'font-size="11"{weight}>{_e(row)}</text>'
            )
        out.append("</g>")

    if not serier:
        out.append(
            f'<text x="{_f(x0 + plot_bredd / 2)}" y="{_f(y0 + PLOT_HOJD / 2)}" '
            f'text-anchor="middle" font-size="15" data-tom="1">'
            f"{_e(_('Inga mätvärden ännu'))}</text>"
        )

    # Legend.
    out.append('<g data-forklaring="1">')
    for i, (label, colour, dash, form) in enumerate(legend):
        row, col = divmod(i, LEGEND_PER_RAD)
        lx = x0 + col * LEGEND_KOLUMN
        ly = legend_topp + row * LEGEND_RAD
        out.append(
            f'<line x1="{lx}" y1="{ly}" x2="{lx + 34}" y2="{ly}" stroke="{colour}" '
            f'stroke-width="2.5"{_dash(dash)}/>'
        )
        if form:
            out.append(_marker(form, lx + 17, ly, colour))
        out.append(f'<text x="{lx + 42}" y="{ly + 4}">{_e(_kort(label, 26))}</text>')
    out.append("</g>")
    out.append("</svg>")
    return Diagram(
        svg=mark_safe("".join(out)),  # noqa: S308 - every text above is escaped
        tabell=tabell,
        serier=[s.namn for s in serier],
        tom=not serier,
    )


def _med_enhet(value: Decimal, enhet: str) -> str:
    return f"{tal(value)} {enhet}".strip()


def _kort(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _beskrivning(
    parameter: Uppfoljningsparameter,
    serier: list[_Serie],
    first: datetime.date | None,
    last: datetime.date | None,
) -> str:
    parts = []
    enhet = parameter.enhet or ""
    if serier:
        dates = [d for s in serier for d, _v in s.punkter]
        parts.append(
            _("Linjediagram över mätvärdena %(fran)s–%(till)s för %(serier)s.")
            % {
                "fran": f"{min(dates):%Y-%m-%d}",
                "till": f"{max(dates):%Y-%m-%d}",
                "serier": ", ".join(s.namn for s in serier),
            }
        )
        for s in serier:
            d, v = s.punkter[-1]
            parts.append(
                _("%(serie)s: senast %(v)s (%(d)s).")
                % {"serie": s.namn, "v": _med_enhet(v, enhet), "d": f"{d:%Y-%m-%d}"}
            )
    else:
        parts.append(_("Inga mätvärden ännu."))
    if parameter.utgangsvarde is not None:
        text = _("Utgångsvärde %(v)s") % {"v": _med_enhet(parameter.utgangsvarde, enhet)}
        if parameter.utgangsdatum:
            text += f" ({parameter.utgangsdatum:%Y-%m-%d})"
        parts.append(text + ".")
    if parameter.malvarde is not None:
        parts.append(_("Målvärde %(v)s.") % {"v": _med_enhet(parameter.malvarde, enhet)})
    else:
        parts.append(_("Inget målvärde angivet."))
    parts.append(_("Värdena finns i tabellen under diagrammet."))
    return " ".join(parts)


# --- All of a project's parameters -------------------------------------------------------


def parametrar_med_diagram(delprojekt: Delprojekt) -> list[ParameterMedDiagram]:
    """Every parameter of the project with its values and chart, in three queries (two
    when the project's regions are prefetched, as on its pages)."""
    parametrar = list(delprojekt.uppfoljningsparametrar.order_by("ordning", "pk"))
    regioner = sorted(delprojekt.regioner.all(), key=lambda r: (r.ordning, r.namn))
    values: dict[int, list[Matvarde]] = {p.pk: [] for p in parametrar}
    if parametrar:
        for m in (
            Matvarde.objects.filter(parameter__in=parametrar)
            .select_related("region", "registrerad_av")
            .order_by("datum", "region__ordning", "pk")
        ):
            values[m.parameter_id].append(m)
    result = []
    for p in parametrar:
        for m in values[p.pk]:
            m.parameter = p
        result.append(
            ParameterMedDiagram(p, values[p.pk], parameterdiagram(p, values[p.pk], regioner))
        )
    return result


# --- Bar charts (the statistics) ---------------------------------------------------------

#: Bars are told apart by fill as well as colour: solid, hollow with a thick outline, and a
#: light tint with a dark outline.
STAPELSTILAR: tuple[tuple[str, str], ...] = (
    ("#1f4e9c", "fylld"),
    ("#b3261e", "ihalig"),
    ("#1b6e34", "ljus"),
    ("#6a3d9a", "fylld"),
    ("#8a4b00", "ihalig"),
    ("#00626b", "ljus"),
)
_LJUS = {"#1b6e34": "#cfe8d6", "#00626b": "#c9e6e8"}


class Kategorirad(NamedTuple):
    """One row of a bar chart's table: a category (a year, a month, a phase) and its values."""

    kategori: str
    varden: list[str]


@dataclass(frozen=True)
class Stapelserie:
    namn: str
    varden: list[float | None]


def _stapel(x: float, y: float, w: float, h: float, farg: str, fyllning: str) -> str:
    if fyllning == "ihalig":
        paint = f'fill="#ffffff" stroke="{farg}" stroke-width="2"'
        x, y, w, h = x + 1, y + 1, max(w - 2, 0.5), max(h - 1, 0)
    elif fyllning == "ljus":
        paint = f'fill="{_LJUS.get(farg, "#e6e6e6")}" stroke="{farg}" stroke-width="1.5"'
    else:
        paint = f'fill="{farg}"'
    return f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}" {paint}/>'


def _svg_head(ident: str, hojd: float, titel: str, beskrivning: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {BREDD} {_f(hojd)}" '
        f'width="100%" role="img" aria-labelledby="{ident}-titel {ident}-beskrivning" '
        f'font-family="{TYPSNITT}" font-size="12" fill="{TEXTFARG}">',
        f'<title id="{ident}-titel">{_e(titel)}</title>',
        f'<desc id="{ident}-beskrivning">{_e(beskrivning)}</desc>',
        f'<rect x="0" y="0" width="{BREDD}" height="{_f(hojd)}" fill="#ffffff"/>',
    ]


def stapeldiagram(
    *,
    ident: str,
    titel: str,
    kategorier: list[str],
    serier: list[Stapelserie],
    enhet: str = "",
    axeltext: str = "",
    heltal: bool = True,
) -> Diagram:
    """Grouped vertical bars: one group per category (year, month), one bar per series.

    ``None`` is a missing value: no bar, "–" in the table. The table
    (``Diagram.tabell``, rows of ``Kategorirad``) is the text alternative.
    """
    plot_bredd = BREDD - PLOT_VANSTER - 24
    x0, y0 = PLOT_VANSTER, PLOT_TOPP
    y1 = y0 + PLOT_HOJD
    values = [v for s in serier for v in s.varden if v is not None]
    hi = max(values, default=0.0)
    # Counts get whole-number steps: at least 0–4 on the axis.
    ticks = nice_ticks(0.0, max(float(hi), 4.0 if heltal else 1.0))
    if ticks[0] < 0:
        ticks = [t for t in ticks if t >= 0] or [0.0, 1.0]

    def y_of(v: float) -> float:
        return y1 - (v - ticks[0]) / ((ticks[-1] - ticks[0]) or 1) * PLOT_HOJD

    n = max(len(kategorier), 1)
    grupp = plot_bredd / n
    stapel = min(grupp * 0.8 / max(len(serier), 1), 40.0)
    etikett_var = 1 if n <= 12 else math.ceil(n / 12)
    legend_rader = math.ceil(len(serier) / LEGEND_PER_RAD)
    legend_topp = y1 + 64
    hojd = legend_topp + legend_rader * LEGEND_RAD + 4

    beskrivning = _stapelbeskrivning(kategorier, serier)
    out = _svg_head(ident, hojd, titel, beskrivning)
    out.append('<g data-axel="y">')
    for t in ticks:
        y = y_of(t)
        out.append(
            f'<line x1="{x0}" y1="{_f(y)}" x2="{x0 + plot_bredd}" y2="{_f(y)}" stroke="{RUTNAT}" '
            f'stroke-width="1"/>'
        )
        out.append(
            f'<text x="{x0 - 8}" y="{_f(y + 4)}" text-anchor="end">{_e(_tick_label(t))}</text>'
        )
    if enhet:
        mid = y0 + PLOT_HOJD / 2
        out.append(
            f'<text x="14" y="{_f(mid)}" text-anchor="middle" '
            f'transform="rotate(-90 14 {_f(mid)})">{_e(enhet)}</text>'
        )
    out.append("</g>")
    for i, s in enumerate(serier):
        farg, fyllning = STAPELSTILAR[i % len(STAPELSTILAR)]
        out.append(f'<g data-serie="{_e(s.namn)}">')
        for k, v in enumerate(s.varden):
            if v is None:
                continue
            x = x0 + k * grupp + (grupp - stapel * len(serier)) / 2 + i * stapel
            y = y_of(float(v))
            out.append(_stapel(x, y, stapel - 1, y1 - y, farg, fyllning))
        out.append("</g>")
    out.append('<g data-axel="x">')
    out.append(
        f'<line x1="{x0}" y1="{y1}" x2="{x0 + plot_bredd}" y2="{y1}" stroke="{AXELFARG}" '
        f'stroke-width="1"/>'
    )
    for k, label in enumerate(kategorier):
        if k % etikett_var:
            continue
        x = x0 + k * grupp + grupp / 2
        # A second line (after "\n") goes under the first: "jan" over "2026".
        for rad, text in enumerate(label.split("\n")[:2]):
            out.append(
                f'<text x="{_f(x)}" y="{y1 + 17 + 13 * rad}" text-anchor="middle">{_e(text)}</text>'
            )
    if axeltext:
        out.append(
            f'<text x="{_f(x0 + plot_bredd / 2)}" y="{y1 + 44}" text-anchor="middle">'
            f"{_e(axeltext)}</text>"
        )
    out.append("</g>")
    out.append('<g data-forklaring="1">')
    for i, s in enumerate(serier):
        farg, fyllning = STAPELSTILAR[i % len(STAPELSTILAR)]
        row, col = divmod(i, LEGEND_PER_RAD)
        lx = x0 + col * LEGEND_KOLUMN
        ly = legend_topp + row * LEGEND_RAD
        out.append(_stapel(lx, ly - 7, 24, 14, farg, fyllning))
        out.append(f'<text x="{lx + 32}" y="{ly + 4}">{_e(_kort(s.namn, 28))}</text>')
    out.append("</g>")
    if not values:
        out.append(
            f'<text x="{_f(x0 + plot_bredd / 2)}" y="{_f(y0 + PLOT_HOJD / 2)}" '
            f'text-anchor="middle" font-size="15" data-tom="1">{_e(_("Inga värden"))}</text>'
        )
    out.append("</svg>")
    rader = [
        Kategorirad(kat.replace("\n", " "), [tal(s.varden[k]) for s in serier])
        for k, kat in enumerate(kategorier)
    ]
    return Diagram(
        svg=mark_safe("".join(out)),  # noqa: S308 - every text above is escaped
        tabell=Tabell(kolumner=[s.namn for s in serier], rader=rader, enhet=enhet),
        serier=[s.namn for s in serier],
        tom=not values,
        titel=titel,
    )


def _stapelbeskrivning(kategorier: list[str], serier: list[Stapelserie]) -> str:
    if not kategorier or not any(v is not None for s in serier for v in s.varden):
        return _("Inga värden.")
    parts = [
        _("Stapeldiagram, %(fran)s–%(till)s, för %(serier)s.")
        % {
            "fran": kategorier[0].replace("\n", " "),
            "till": kategorier[-1].replace("\n", " "),
            "serier": ", ".join(s.namn for s in serier),
        }
    ]
    for s in serier:
        present = [v for v in s.varden if v is not None]
        if not present:
            continue
        hi = max(present)
        at = kategorier[s.varden.index(hi)].replace("\n", " ")
        parts.append(
            _("%(serie)s: sammanlagt %(summa)s, högst %(hi)s (%(at)s).")
            % {
                "serie": s.namn,
                "summa": tal(sum(present)),
                "hi": tal(hi),
                "at": at,
            }
        )
    parts.append(_("Värdena finns i tabellen under diagrammet."))
    return " ".join(parts)


@dataclass(frozen=True)
class Intervall:
    """One row of an interval chart: a median with its quartiles and its extremes."""

    namn: str
    median: float | None
    q1: float | None = None
    q3: float | None = None
    minsta: float | None = None
    storsta: float | None = None


def intervalldiagram(*, ident: str, titel: str, rader: list[Intervall], enhet: str) -> Diagram:
    """Horizontal rows: a thin line from the least to the greatest value, a box from the
    first to the third quartile and a mark at the median, labelled with the median."""
    etikett_bredd = 230
    x0 = etikett_bredd
    plot_bredd = BREDD - x0 - 70
    radhojd = 40
    y0 = PLOT_TOPP + 4
    hojd = y0 + radhojd * max(len(rader), 1) + 44
    values = [
        v for r in rader for v in (r.minsta, r.storsta, r.median, r.q1, r.q3) if v is not None
    ]
    ticks = nice_ticks(0.0, max(max(values, default=1.0), 4.0))
    ticks = [t for t in ticks if t >= 0]

    def x_of(v: float) -> float:
        return x0 + (v - ticks[0]) / ((ticks[-1] - ticks[0]) or 1) * plot_bredd

    parts = []
    for r in rader:
        if r.median is None:
            parts.append(_("%(namn)s: inga värden.") % {"namn": r.namn})
        else:
            parts.append(
                _("%(namn)s: median %(m)s, hälften mellan %(q1)s och %(q3)s, spann %(a)s–%(b)s.")
                % {
                    "namn": r.namn,
                    "m": _med_enhet(Decimal(str(r.median)), enhet),
                    "q1": tal(r.q1),
                    "q3": tal(r.q3),
                    "a": tal(r.minsta),
                    "b": tal(r.storsta),
                }
            )
    parts.append(_("Värdena finns i tabellen under diagrammet."))
    out = _svg_head(ident, hojd, titel, " ".join(parts))
    yb = y0 + radhojd * len(rader)
    out.append('<g data-axel="x">')
    for t in ticks:
        x = x_of(t)
        out.append(
            f'<line x1="{_f(x)}" y1="{y0}" x2="{_f(x)}" y2="{yb}" stroke="{RUTNAT}" '
            f'stroke-width="1"/>'
        )
        out.append(
            f'<text x="{_f(x)}" y="{yb + 17}" text-anchor="middle">{_e(_tick_label(t))}</text>'
        )
    out.append(
        f'<text x="{_f(x0 + plot_bredd / 2)}" y="{yb + 36}" text-anchor="middle">{_e(enhet)}</text>'
    )
    out.append("</g>")
    farg = STAPELSTILAR[0][0]
    for i, r in enumerate(rader):
        yc = y0 + i * radhojd + radhojd / 2
        out.append(f'<g data-rad="{_e(r.namn)}">')
        # "Från → till" on two lines, so that long phase names are not cut.
        first, arrow, rest = r.namn.partition(" → ")
        if arrow:
            out.append(
                f'<text x="{x0 - 10}" y="{_f(yc - 3)}" text-anchor="end">'
                f"{_e(_kort(first + arrow.rstrip(), 30))}</text>"
                f'<text x="{x0 - 10}" y="{_f(yc + 12)}" text-anchor="end">'
                f"{_e(_kort(rest, 30))}</text>"
            )
        else:
            out.append(
                f'<text x="{x0 - 10}" y="{_f(yc + 4)}" text-anchor="end">'
                f"{_e(_kort(r.namn, 30))}</text>"
            )
        if r.median is not None:
            if r.minsta is not None and r.storsta is not None:
                out.append(
                    f'<line x1="{_f(x_of(r.minsta))}" y1="{_f(yc)}" x2="{_f(x_of(r.storsta))}" '
                    f'y2="{_f(yc)}" stroke="{AXELFARG}" stroke-width="1.5"/>'
                )
            if r.q1 is not None and r.q3 is not None:
                out.append(
                    _stapel(x_of(r.q1), yc - 9, max(x_of(r.q3) - x_of(r.q1), 2), 18, farg, "ljus")
                )
            xm = x_of(r.median)
            out.append(
                f'<line x1="{_f(xm)}" y1="{_f(yc - 12)}" x2="{_f(xm)}" y2="{_f(yc + 12)}" '
                f'stroke="{TEXTFARG}" stroke-width="3"/>'
            )
            label_x = x_of(r.storsta if r.storsta is not None else r.median) + 6
            out.append(f'<text x="{_f(label_x)}" y="{_f(yc + 4)}">{_e(tal(r.median))}</text>')
        else:
            out.append(f'<text x="{x0 + 6}" y="{_f(yc + 4)}">–</text>')
        out.append("</g>")
    out.append("</svg>")
    tabellrader = [
        Kategorirad(r.namn, [tal(v) for v in (r.median, r.q1, r.q3, r.minsta, r.storsta)])
        for r in rader
    ]
    return Diagram(
        svg=mark_safe("".join(out)),  # noqa: S308 - every text above is escaped
        tabell=Tabell(
            kolumner=[
                _("Median"),
                _("Första kvartil"),
                _("Tredje kvartil"),
                _("Minst"),
                _("Störst"),
            ],
            rader=tabellrader,
            enhet=enhet,
        ),
        serier=[r.namn for r in rader],
        tom=not values,
        titel=titel,
    )

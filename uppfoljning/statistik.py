"""The statistics of the whole portfolio: counts per year, inflow and throughput per month,
days per phase, and the regions' decisions and implementation.

Every figure is computed from the lifecycle's data in a fixed number of queries, whatever
the number of projects (asserted in ``tests/test_statistik.py``):

1. the projects (state, registration, hand-over and board dates, number of regions),
2. the first date of each counted transition per project, grouped in SQL,
3. the regions' own decisions,
4. the regions (without a region filter) and the regions each recommended project concerns,
5. the regions' answers per recommendation, counted in SQL,
6. the implementation status per region, counted in SQL.

When a point in the lifecycle happened: the date of the body's decision when
the transition recorded one, otherwise the local date of the event; the hand-over and the
board's decision use the dates recorded on the project. What each figure means is written
on the page ("Så räknas det") and in ``docs/statistik.md``.
"""

from __future__ import annotations

import datetime
import statistics as pystats
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    DateField,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.models import (
    Delprojekt,
    Fokusomrade,
    Handelse,
    Huvudmannabeslut,
    Region,
    Rekommendationsutfall,
    Status,
)
from delprojekt.workflow import LIVSCYKEL
from uppfoljning.diagram import Diagram, Intervall, Stapelserie, intervalldiagram, stapeldiagram
from uppfoljning.models import Inforandestatus

MANADSNAMN = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
MANADER_KORT = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

#: The transitions whose first date per project is counted, by what they mean here.
START = tuple(o.name for o in LIVSCYKEL if o.target == Status.UPPDRAG)  # starta, ateruppta
#: Handing the final report in, to the samarbetsgrupp or (without one) the ledningsgrupp.
SLUTRAPPORT_LAMNAD = tuple(
    o.name for o in LIVSCYKEL if Status.SLUTRAPPORT in o.sources and not o.bakat
)
AVBRYT = "avbryt"
AVSLA = "avsla"
VILA = "vila"
OVERLAMNA = "overlamna_uppdrag"
RAKNADE = (*START, *SLUTRAPPORT_LAMNAD, AVBRYT, AVSLA, VILA, OVERLAMNA)
#: Reaching one of these ends the project's way through the process.
SLUT = ("avslutad", "avslagen", "avbruten")
SLUT_OVERGANGAR = tuple(o.name for o in LIVSCYKEL if o.target in SLUT)


@dataclass(frozen=True)
class Urval:
    """The page's filters: a calendar year, a concerned region, a focus area."""

    ar: int | None = None
    region: Region | None = None
    fokus: Fokusomrade | None = None

    def beskrivning(self) -> str:
        parts = [str(self.ar) if self.ar else _("alla år")]
        parts.append(self.region.namn if self.region else _("alla regioner"))
        parts.append(self.fokus.namn if self.fokus else _("alla fokusområden"))
        return ", ".join(parts)


@dataclass
class Arsrad:
    ar: int | None
    startade: int = 0
    slutrapporterade: int = 0
    avbrutna: int = 0
    avslagna: int = 0
    vilande: int = 0

    KOLUMNER = ("startade", "slutrapporterade", "avbrutna", "avslagna", "vilande")


@dataclass
class Manadsrad:
    manad: datetime.date
    registrerade: int = 0
    startade: int = 0
    slutrapporterade: int = 0
    avslutade: int = 0

    @property
    def namn(self) -> str:
        return f"{MANADSNAMN[self.manad.month - 1]} {self.manad.year}"

    @property
    def kort(self) -> str:
        return MANADER_KORT[self.manad.month - 1]


@dataclass
class Fasrad:
    nyckel: str
    namn: str
    fran: str
    till: str
    dagar: list[int] = field(default_factory=list)

    @property
    def antal(self) -> int:
        return len(self.dagar)

    @property
    def median(self) -> float | None:
        return float(pystats.median(self.dagar)) if self.dagar else None

    def _kvartiler(self) -> tuple[float, float] | tuple[None, None]:
        if not self.dagar:
            return None, None
        if len(self.dagar) == 1:
            return float(self.dagar[0]), float(self.dagar[0])
        q1, _m, q3 = pystats.quantiles(self.dagar, n=4, method="inclusive")
        return round(q1, 1), round(q3, 1)

    @property
    def q1(self) -> float | None:
        return self._kvartiler()[0]

    @property
    def q3(self) -> float | None:
        return self._kvartiler()[1]

    @property
    def minsta(self) -> int | None:
        return min(self.dagar) if self.dagar else None

    @property
    def storsta(self) -> int | None:
        return max(self.dagar) if self.dagar else None


@dataclass
class Regionrad:
    region: Region
    #: Projects concerning the region that have the board's recommendation.
    rekommenderade: int = 0
    beslutade: int = 0
    bifall: int = 0
    delvis: int = 0
    avslag: int = 0
    dagar: list[int] = field(default_factory=list)
    inforande: dict[str, int] = field(default_factory=dict)

    @property
    def saknas(self) -> int:
        return max(self.rekommenderade - self.beslutade, 0)

    @property
    def median_dagar(self) -> float | None:
        return float(pystats.median(self.dagar)) if self.dagar else None

    def inforande_lista(self) -> list[int]:
        return [self.inforande.get(s, 0) for s in Inforandestatus.Status.values]

    @property
    def inforande_totalt(self) -> int:
        return sum(self.inforande.values())


@dataclass
class Statistik:
    urval: Urval
    ar: list[Arsrad]
    totalt: Arsrad
    manader: list[Manadsrad]
    faser: list[Fasrad]
    regioner: list[Regionrad]
    #: Projects now resting and now in the process (not ended, past the start decision).
    vilande_nu: int
    pagaende_nu: int
    antal_projekt: int
    beraknad: datetime.datetime


FASER: tuple[tuple[str, str, str], ...] = (
    ("registrering-start", "Registrering", "Startbeslut"),
    ("start-overlamnat", "Startbeslut", "Uppdraget överlämnat"),
    ("overlamnat-slutrapport", "Uppdraget överlämnat", "Slutrapporten lämnad"),
    ("slutrapport-namnd", "Slutrapporten lämnad", "Nämndens beslut"),
    ("namnd-regioner", "Nämndens beslut", "Alla regioners beslut"),
)


def projekt_i_urval(urval: Urval) -> QuerySet[Delprojekt]:
    qs = Delprojekt.objects.all()
    if urval.region is not None:
        qs = qs.filter(regioner=urval.region)
    if urval.fokus is not None:
        qs = qs.filter(fokusomraden=urval.fokus)
    return qs


def _inom(urval: Urval, d: datetime.date | None, till: datetime.date | None = None) -> bool:
    return (
        d is not None and (urval.ar is None or d.year == urval.ar) and (till is None or d <= till)
    )


def _manader(
    urval: Urval, today: datetime.date, manad: datetime.date | None
) -> list[datetime.date]:
    """The months shown: the twelve up to the report's month; else the chosen year (up
    to this month), else the last twelve."""
    if manad is None and urval.ar is not None:
        last = 12 if urval.ar < today.year else today.month if urval.ar == today.year else 0
        return [datetime.date(urval.ar, m, 1) for m in range(1, last + 1)]
    slut = manad or today
    index = slut.year * 12 + slut.month - 1
    return [datetime.date(i // 12, i % 12 + 1, 1) for i in range(index - 11, index + 1)]


def manadens_sista(manad: datetime.date) -> datetime.date:
    nasta = datetime.date(manad.year + manad.month // 12, manad.month % 12 + 1, 1)
    return nasta - datetime.timedelta(days=1)


def statistik(
    urval: Urval, *, manad: datetime.date | None = None, regioner: list[Region] | None = None
) -> Statistik:
    """The figures for the filters. With ``manad`` (the monthly report): the months are
    the twelve up to that month and nothing after that month is counted. ``regioner``:
    every region, when the caller has read them already."""
    today = timezone.localdate()
    till = manadens_sista(manad) if manad is not None else None
    urval_qs = projekt_i_urval(urval)
    through = Delprojekt.regioner.through
    antal_regioner = Subquery(
        through.objects.filter(delprojekt_id=OuterRef("pk"))
        .values("delprojekt_id")
        .annotate(n=Count("*"))
        .values("n"),  # type: ignore[misc]  # the stubs do not see the annotation
        output_field=IntegerField(),
    )
    projekt = list(
        urval_qs.order_by()
        .annotate(antal_regioner=Coalesce(antal_regioner, 0), registrerad=TruncDate("skapad"))
        .values(
            "pk",
            "status",
            "registrerad",
            "overlamnat_datum",
            "namnd_beslutsdatum",
            "antal_regioner",
        )
    )
    filtrerat = urval.region is not None or urval.fokus is not None
    handelser = Handelse.objects.filter(
        typ=Handelse.Typ.OVERGANG, overgang__in=(*RAKNADE, *SLUT_OVERGANGAR)
    )
    if filtrerat:
        handelser = handelser.filter(delprojekt__in=urval_qs.values("pk"))
    forsta: dict[int, dict[str, datetime.date]] = defaultdict(dict)
    for row in handelser.values("delprojekt_id", "overgang").annotate(
        datum=Min(Coalesce("beslut__datum", TruncDate("tidpunkt"), output_field=DateField()))
    ):
        forsta[row["delprojekt_id"]][row["overgang"]] = row["datum"]

    beslut_qs = Huvudmannabeslut.objects.filter(
        Exists(
            through.objects.filter(
                delprojekt_id=OuterRef("delprojekt_id"), region_id=OuterRef("region_id")
            )
        )
    )
    if filtrerat:
        beslut_qs = beslut_qs.filter(delprojekt__in=urval_qs.values("pk"))
    regionbeslut: dict[int, dict[int, datetime.date]] = defaultdict(dict)
    for dp_id, region_id, datum in beslut_qs.values_list("delprojekt_id", "region_id", "datum"):
        regionbeslut[dp_id][region_id] = datum

    ar_rader: dict[int, Arsrad] = {}
    manader = {m: Manadsrad(m) for m in _manader(urval, today, manad)}
    faser = [Fasrad(k, f"{_(a)} → {_(b)}", _(a), _(b)) for k, a, b in FASER]
    vilande_nu = pagaende_nu = 0

    def rad(d: datetime.date) -> Arsrad:
        return ar_rader.setdefault(d.year, Arsrad(d.year))

    def manadsrad(d: datetime.date | None) -> Manadsrad | None:
        return manader.get(d.replace(day=1)) if d is not None else None

    def fas(i: int, fran: datetime.date | None, slut: datetime.date | None) -> None:
        if fran is not None and slut is not None and _inom(urval, slut, till) and slut >= fran:
            faser[i].dagar.append((slut - fran).days)

    for p in projekt:
        f = forsta.get(p["pk"], {})
        registrerad = p["registrerad"]
        start = min((f[n] for n in START if n in f), default=None)
        overlamnat = p["overlamnat_datum"] or f.get(OVERLAMNA)
        lamnad = min((f[n] for n in SLUTRAPPORT_LAMNAD if n in f), default=None)
        namnd = p["namnd_beslutsdatum"]
        lamnade_processen = min((f[n] for n in SLUT_OVERGANGAR if n in f), default=None)
        if p["status"] == Status.VILANDE:
            vilande_nu += 1
        elif start is not None and p["status"] not in SLUT:
            pagaende_nu += 1

        handelser_ar: tuple[tuple[datetime.date | None, str], ...] = (
            (start, "startade"),
            (namnd, "slutrapporterade"),
            (f.get(AVBRYT), "avbrutna"),
            (f.get(AVSLA), "avslagna"),
            (f.get(VILA), "vilande"),
        )
        for dag, kolumn in handelser_ar:
            if _inom(urval, dag, till):
                assert dag is not None
                r = rad(dag)
                setattr(r, kolumn, getattr(r, kolumn) + 1)
        handelser_manad: tuple[tuple[datetime.date | None, str], ...] = (
            (registrerad, "registrerade"),
            (start, "startade"),
            (namnd, "slutrapporterade"),
            (lamnade_processen, "avslutade"),
        )
        for dag, kolumn in handelser_manad:
            m = manadsrad(dag)
            if m is not None:
                setattr(m, kolumn, getattr(m, kolumn) + 1)

        beslut = regionbeslut.get(p["pk"], {})
        alla_regioner = (
            max(beslut.values())
            if beslut and p["antal_regioner"] and len(beslut) >= p["antal_regioner"]
            else None
        )
        fas(0, registrerad, start)
        fas(1, start, overlamnat)
        fas(2, overlamnat, lamnad)
        fas(3, lamnad, namnd)
        fas(4, namnd, alla_regioner)

    regionrader = _regionrader(urval, urval_qs, projekt, regionbeslut, till, regioner)
    ar = [ar_rader[y] for y in sorted(ar_rader)]
    totalt = Arsrad(None)
    for kolumn in Arsrad.KOLUMNER:
        setattr(totalt, kolumn, sum(getattr(r, kolumn) for r in ar))
    return Statistik(
        urval=urval,
        ar=ar,
        totalt=totalt,
        manader=list(manader.values()),
        faser=faser,
        regioner=regionrader,
        vilande_nu=vilande_nu,
        pagaende_nu=pagaende_nu,
        antal_projekt=len(projekt),
        beraknad=timezone.localtime(),
    )


def _regionrader(
    urval: Urval,
    urval_qs: QuerySet[Delprojekt],
    projekt: list[dict],
    regionbeslut: dict[int, dict[int, datetime.date]],
    till: datetime.date | None,
    alla: list[Region] | None,
) -> list[Regionrad]:
    """Per region: the projects the board recommended to it (in the chosen year), its own
    decisions on them, its answers per recommendation and its implementation."""
    if urval.region is not None:
        regioner = [urval.region]
    else:
        regioner = alla if alla is not None else list(Region.objects.all())
    rader = {r.pk: Regionrad(r) for r in regioner}
    namnd_datum = {
        p["pk"]: p["namnd_beslutsdatum"]
        for p in projekt
        if _inom(urval, p["namnd_beslutsdatum"], till)
    }
    kohort = urval_qs.filter(namnd_beslutsdatum__isnull=False)
    if urval.ar is not None:
        kohort = kohort.filter(namnd_beslutsdatum__year=urval.ar)
    if till is not None:
        kohort = kohort.filter(namnd_beslutsdatum__lte=till)
    kohort_pk = kohort.values("pk")
    berorda = Delprojekt.regioner.through.objects.filter(
        region_id__in=rader, delprojekt_id__in=kohort_pk
    )
    for dp_id, region_id in berorda.values_list("delprojekt_id", "region_id"):
        if dp_id not in namnd_datum:
            continue
        rad = rader[region_id]
        rad.rekommenderade += 1
        datum = regionbeslut.get(dp_id, {}).get(region_id)
        if datum is not None and (till is None or datum <= till):
            rad.beslutade += 1
            if datum >= namnd_datum[dp_id]:
                rad.dagar.append((datum - namnd_datum[dp_id]).days)

    namn = {
        Rekommendationsutfall.Utfall.BIFALL: "bifall",
        Rekommendationsutfall.Utfall.DELVIS: "delvis",
        Rekommendationsutfall.Utfall.AVSLAG: "avslag",
    }
    utfall = Rekommendationsutfall.objects.filter(
        huvudmannabeslut__region_id__in=rader, huvudmannabeslut__delprojekt_id__in=kohort_pk
    )
    for row in utfall.values("huvudmannabeslut__region_id", "utfall").annotate(n=Count("pk")):
        rad = rader[row["huvudmannabeslut__region_id"]]
        kolumn = namn.get(row["utfall"])
        if kolumn:
            setattr(rad, kolumn, getattr(rad, kolumn) + row["n"])
    inforande = Inforandestatus.objects.filter(
        region_id__in=rader, rekommendation__beslut__delprojekt_id__in=kohort_pk
    )
    per_status: dict[int, Counter[str]] = defaultdict(Counter)
    for row in inforande.values("region_id", "status").annotate(n=Count("pk")):
        per_status[row["region_id"]][row["status"]] += row["n"]
    for region_id, counts in per_status.items():
        rader[region_id].inforande = dict(counts)
    return list(rader.values())


# --- Charts: the same for the page and the monthly report --------------------------------


@dataclass(frozen=True)
class Diagrammen:
    ar: Diagram
    manader: Diagram
    faser: Diagram
    regionbeslut: Diagram
    inforande: Diagram


def diagrammen(st: Statistik, prefix: str = "statistik") -> Diagrammen:
    ar = stapeldiagram(
        ident=f"{prefix}-ar",
        titel=_("Delprojekt per år"),
        kategorier=[str(r.ar) for r in st.ar],
        serier=[
            Stapelserie(_("Startade"), [r.startade for r in st.ar]),
            Stapelserie(_("Slutrapporterade"), [r.slutrapporterade for r in st.ar]),
            Stapelserie(_("Avbrutna"), [r.avbrutna for r in st.ar]),
            Stapelserie(_("Vilandeförklarade"), [r.vilande for r in st.ar]),
        ],
        enhet=_("antal"),
        axeltext=_("År"),
    )
    manader = stapeldiagram(
        ident=f"{prefix}-manader",
        titel=_("Inflöde och genomströmning per månad"),
        kategorier=[
            m.kort if i and m.manad.month != 1 else f"{m.kort}\n{m.manad.year}"
            for i, m in enumerate(st.manader)
        ],
        serier=[
            # Short names for the legend; the table's headings say what they count.
            Stapelserie(_("Inflöde"), [m.registrerade for m in st.manader]),
            Stapelserie(_("Startade"), [m.startade for m in st.manader]),
            Stapelserie(_("Genomströmning"), [m.slutrapporterade for m in st.manader]),
        ],
        enhet=_("antal"),
        axeltext=_("Månad"),
    )
    faser = intervalldiagram(
        ident=f"{prefix}-faser",
        titel=_("Dagar per fas"),
        rader=[Intervall(f.namn, f.median, f.q1, f.q3, f.minsta, f.storsta) for f in st.faser],
        enhet=_("dagar"),
    )
    namn = [r.region.namn.removeprefix("Region ") for r in st.regioner]
    regionbeslut = stapeldiagram(
        ident=f"{prefix}-regionbeslut",
        titel=_("Regionernas beslut på nämndens rekommendationer"),
        kategorier=namn,
        serier=[
            Stapelserie(_("Rekommenderade delprojekt"), [r.rekommenderade for r in st.regioner]),
            Stapelserie(_("Med regionens beslut"), [r.beslutade for r in st.regioner]),
        ],
        enhet=_("antal"),
    )
    inforande = stapeldiagram(
        ident=f"{prefix}-inforande",
        titel=_("Införande per region"),
        kategorier=namn,
        serier=[
            Stapelserie(str(label), [r.inforande.get(value, 0) for r in st.regioner])
            for value, label in Inforandestatus.Status.choices
        ],
        enhet=_("rekommendationer"),
    )
    return Diagrammen(ar, manader, faser, regionbeslut, inforande)

"""The start page: what awaits one person, built from what they are and do.

The page is the list of *sections* (``SEKTIONER``), each a function
``(Underlag) -> Sektion | None`` registered with ``@sektion``. A section
returns None when it has nothing for this person, so the page shows only what is
there. Each entry (``Post``) links to the exact place where the work is done: the
chapter, the meeting's justering, the follow-up round, not just the project.

Other apps add their own sections the same way (``uppfoljning.start`` adds the
follow-up reports), so ``delprojekt`` never imports them.

Every section costs a fixed number of queries whatever the amount of data, and lists
at most ``MAX_POSTER`` entries (with the number left out), so the whole page stays
within a small query budget (asserted in ``tests/test_start.py``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delprojekt.beslutsko import KO_TYPER, POSITION_STATES, _current_arende_subquery
from delprojekt.models import (
    Delprojekt,
    Dokumenttyp,
    Huvudmannabeslut,
    Kapitel,
    Organ,
    Organmedlemskap,
    Sammantrade,
    Stallningstagande,
    Utskick,
)
from delprojekt.models.delprojekt import TERMINAL
from delprojekt.permissions import Roller, roller_for
from delprojekt.services.regionbeslut import OPEN_IN
from delprojekt.types import Viewer
from delprojekt.workflow import nasta_steg, vantande_status

#: Where the start page keeps the number of open items for the menu's "Start (n)".
ANTAL_SESSION_KEY = "sfbv_att_gora"
#: Entries shown per section; the rest are counted ("och 12 till").
MAX_POSTER = 20
#: How far ahead the meetings of one's bodies are listed.
SAMMANTRADE_DAGAR = 14


@dataclass(frozen=True)
class Post:
    """One thing to do or to know, with the link to where it is done."""

    text: str
    url: str
    detalj: str = ""
    #: Shown as a warning (overdue, failed).
    varning: bool = False


@dataclass(frozen=True)
class Sektion:
    nyckel: str
    rubrik: str
    poster: list[Post] = field(default_factory=list)
    #: Entries beyond those listed.
    fler: int = 0
    #: Where the whole list is (shown as "Visa alla").
    alla_url: str = ""

    @property
    def antal(self) -> int:
        return len(self.poster) + self.fler


@dataclass
class Underlag:
    """What every section is given: the person, their roles, today, and a memo so that
    sections built from the same rows (meetings, chapters, follow-up reports) share one
    query."""

    user: Viewer
    roller: Roller
    today: datetime.date
    memo: dict[str, Any] = field(default_factory=dict)

    def en_gang(self, nyckel: str, hamta: Callable[[], Any]) -> Any:
        if nyckel not in self.memo:
            self.memo[nyckel] = hamta()
        return self.memo[nyckel]


Sektionsfunktion = Callable[[Underlag], "Sektion | None"]
SEKTIONER: list[Sektionsfunktion] = []


def sektion(func: Sektionsfunktion) -> Sektionsfunktion:
    """Register a section of the start page (in the order of registration)."""
    SEKTIONER.append(func)
    return func


def start_for(user: Viewer, today: datetime.date | None = None) -> list[Sektion]:
    """The non-empty sections of ``user``'s start page."""
    u = Underlag(user=user, roller=roller_for(user), today=today or timezone.localdate())
    out = []
    for func in SEKTIONER:
        s = func(u)
        if s is not None and s.antal:
            out.append(s)
    return out


def antal_att_gora(sektioner: list[Sektion]) -> int:
    return sum(s.antal for s in sektioner)


def begransa(nyckel: str, rubrik: str, poster: list[Post], alla_url: str = "") -> Sektion | None:
    """A section of at most ``MAX_POSTER`` entries from a list fetched with one more
    than that (so "more" needs no count query)."""
    if not poster:
        return None
    return Sektion(
        nyckel=nyckel,
        rubrik=rubrik,
        poster=poster[:MAX_POSTER],
        fler=max(0, len(poster) - MAX_POSTER),
        alla_url=alla_url,
    )


def datum(d: datetime.datetime) -> str:
    return f"{timezone.localtime(d):%Y-%m-%d %H:%M}"


def dagar_text(n: int) -> str:
    return ngettext("%(n)d dag", "%(n)d dagar", n) % {"n": n}


def _stuck_days() -> int:
    return int(getattr(settings, "SFBV_STUCK_DAYS", 90))


# --- Everyone --------------------------------------------------------------------------

#: Rows fetched for sections that share a query (split in Python afterwards).
DELAD_GRANS = 200


def _moten(u: Underlag) -> list[Sammantrade]:
    """In one query: meetings of my bodies in the next two weeks, protocols waiting for
    my signature and (for the kansli) coming meetings without a kallelse."""

    def hamta() -> list[Sammantrade]:
        pid = u.roller.person_id
        now = timezone.now()
        mitt_organ = Exists(
            Organmedlemskap.objects.current().filter(
                person_id=pid, organ_id=OuterRef("organ_id"), organ__aktiv=True
            )
        )
        cond = Q(pk__in=[])
        if pid is not None:
            cond |= Q(
                mitt_organ,
                start__gte=now,
                start__lt=now + datetime.timedelta(days=SAMMANTRADE_DAGAR),
            )
            cond |= Q(protokoll_klart__isnull=False) & (
                Q(ordforande_id=pid, ordforande_justerat__isnull=True)
                | Q(justerare_id=pid, justerare_justerat__isnull=True)
            )
        if u.roller.kansli or u.roller.admin:
            cond |= Q(start__gte=now, kallelse_skickad__isnull=True)
        if cond == Q(pk__in=[]):
            return []
        return list(
            Sammantrade.objects.annotate(mitt_organ=mitt_organ)
            .filter(cond)
            .select_related("organ")
            .order_by("start", "pk")[:DELAD_GRANS]
        )

    return u.en_gang("moten", hamta)


@sektion
def sammantraden(u: Underlag) -> Sektion | None:
    """Meetings of my bodies in the next two weeks, and whether the kallelse went out."""
    if u.roller.person_id is None:
        return None
    now = timezone.now()
    slut = now + datetime.timedelta(days=SAMMANTRADE_DAGAR)
    poster = [
        Post(
            text=f"{s.organ.namn} {datum(s.start)}",
            url=reverse("sammantrade:detalj", args=[s.pk]),
            detalj=(
                _("Kallelsen skickades %(d)s") % {"d": datum(s.kallelse_skickad)}
                if s.kallelse_skickad
                else _("Kallelsen är inte skickad")
            ),
        )
        for s in _moten(u)
        if s.mitt_organ and now <= s.start < slut
    ]
    return begransa(
        "sammantraden",
        _("Sammanträden de närmaste %(n)d dagarna") % {"n": SAMMANTRADE_DAGAR},
        poster,
        reverse("sammantrade:lista"),
    )


@sektion
def justering(u: Underlag) -> Sektion | None:
    """Protocols finished and waiting for my signature as chair or justerare."""
    pid = u.roller.person_id
    if pid is None:
        return None
    poster = [
        Post(
            text=_("Protokollet från %(organ)s %(d)s")
            % {"organ": s.organ.namn, "d": datum(s.start)},
            url=reverse("sammantrade:detalj", args=[s.pk]) + "#justering",
            detalj=_("Färdigställt %(d)s") % {"d": datum(s.protokoll_klart)},
        )
        for s in _moten(u)
        if s.protokoll_klart is not None
        and (
            (s.ordforande_id == pid and s.ordforande_justerat is None)
            or (s.justerare_id == pid and s.justerare_justerat is None)
        )
    ]
    return begransa("justering", _("Protokoll att justera"), poster)


def _mina_kapitel(u: Underlag) -> list[Kapitel]:
    """The chapters of open projects I write, with their open review comments counted."""

    def hamta() -> list[Kapitel]:
        return list(
            Kapitel.objects.filter(skribent_id=u.roller.person_id)
            .exclude(dokument__delprojekt__status__in=TERMINAL)
            .annotate(
                oppna=Count("kommentarer", filter=Q(kommentarer__lost__isnull=True)),
                aldsta=Min("kommentarer__skriven", filter=Q(kommentarer__lost__isnull=True)),
            )
            .select_related("dokument__delprojekt")
            .order_by("-oppna", "dokument__delprojekt__referens", "pk")[:DELAD_GRANS]
        )

    return u.en_gang("kapitel", hamta)


def _kapitel_url(k: Kapitel) -> str:
    return reverse(
        "delprojekt:kapitel", args=[k.dokument.delprojekt.referens, k.dokument.typ, k.nyckel]
    )


@sektion
def kapitel(u: Underlag) -> Sektion | None:
    """Chapters of an open project's slutrapport that I write."""
    if u.roller.person_id is None:
        return None
    rader = sorted(
        (k for k in _mina_kapitel(u) if k.dokument.typ == Dokumenttyp.SLUTRAPPORT),
        key=lambda k: (k.dokument.delprojekt.referens, k.pk),
    )
    poster = [
        Post(
            text=f"{k.dokument.delprojekt.referens}: {k.rubrik}",
            url=_kapitel_url(k),
            detalj=(
                _("Senast ändrat %(d)s") % {"d": datum(k.andrad)}
                if k.version
                else _("Inte påbörjat")
            ),
        )
        for k in rader
    ]
    return begransa("kapitel", _("Kapitel i slutrapporter som jag skriver"), poster)


@sektion
def kommentarer(u: Underlag) -> Sektion | None:
    """Open review comments on the chapters I write."""
    if u.roller.person_id is None:
        return None
    rader = sorted((k for k in _mina_kapitel(u) if k.oppna), key=lambda k: (k.aldsta, k.pk))
    poster = [
        Post(
            text=f"{k.dokument.delprojekt.referens}: {k.rubrik}",
            url=_kapitel_url(k),
            detalj=ngettext("%(n)d öppen kommentar", "%(n)d öppna kommentarer", k.oppna)
            % {"n": k.oppna},
        )
        for k in rader
    ]
    return begransa("kommentarer", _("Granskningskommentarer att besvara"), poster)


# --- Members of the bodies --------------------------------------------------------------


@sektion
def stallningstaganden(u: Underlag) -> Sektion | None:
    """Items in the ledningsgrupp's queue where my position is missing (only the
    ledningsgrupp's members take positions; other bodies decide at their meetings)."""
    if not u.roller.ledningsgrupp or u.roller.person_id is None:
        return None
    projekt = list(
        Delprojekt.objects.filter(status__in=POSITION_STATES)
        .annotate(arende_id=_current_arende_subquery())
        .filter(arende_id__isnull=False)
        .exclude(
            Exists(
                Stallningstagande.objects.filter(
                    arende_id=OuterRef("arende_id"), person_id=u.roller.person_id
                )
            )
        )
        .only("pk", "referens", "titel", "status", "status_andrad")
        .order_by("status_andrad", "pk")[: MAX_POSTER + 1]
    )
    poster = [
        Post(
            text=f"{dp.referens} {dp.titel}",
            url=dp.get_absolute_url() + "#stallningstaganden",
            detalj=_("Väntar sedan %(n)s") % {"n": dagar_text(_dagar_i_status(dp, u.today))},
        )
        for dp in projekt
    ]
    return begransa(
        "stallningstaganden",
        _("Ärenden där mitt ställningstagande saknas"),
        poster,
        reverse("beslut:organ", args=[Organ.Typ.LEDNINGSGRUPP]),
    )


# --- The kansli --------------------------------------------------------------------------


def _dagar_i_status(dp: Delprojekt, today: datetime.date) -> int:
    return (today - timezone.localdate(dp.status_andrad)).days


def _kansliprojekt(u: Underlag) -> tuple[list[Delprojekt], list[Delprojekt]]:
    """In one query (numbered per group with a window function): the open projects I am contact
    person for, and the open projects stuck longer than ``SFBV_STUCK_DAYS``."""

    def hamta() -> tuple[list[Delprojekt], list[Delprojekt]]:
        grans = timezone.now() - datetime.timedelta(days=_stuck_days())
        pid = u.roller.person_id if u.roller.kansli else None
        kontakt = Q(kontaktperson_id=pid) if pid is not None else Q(pk__in=[])
        fastnat = Q(status_andrad__lt=grans)
        ordning = [F("status_andrad").asc(), F("pk").asc()]
        rader = list(
            Delprojekt.objects.active()
            .filter(kontakt | fastnat)
            .annotate(
                ar_kontakt=ExpressionWrapper(kontakt, output_field=BooleanField()),
                ar_fastnat=ExpressionWrapper(fastnat, output_field=BooleanField()),
            )
            .annotate(
                nr_kontakt=Window(RowNumber(), partition_by=[F("ar_kontakt")], order_by=ordning),
                nr_fastnat=Window(RowNumber(), partition_by=[F("ar_fastnat")], order_by=ordning),
            )
            .filter(
                Q(ar_kontakt=True, nr_kontakt__lte=MAX_POSTER + 1)
                | Q(ar_fastnat=True, nr_fastnat__lte=MAX_POSTER + 1)
            )
            .only("pk", "referens", "titel", "status", "status_andrad")
            .order_by("status_andrad", "pk")
        )
        return (
            [dp for dp in rader if dp.ar_kontakt and dp.nr_kontakt <= MAX_POSTER + 1],
            [dp for dp in rader if dp.ar_fastnat and dp.nr_fastnat <= MAX_POSTER + 1],
        )

    return u.en_gang("kansliprojekt", hamta)


@sektion
def kontaktprojekt(u: Underlag) -> Sektion | None:
    """The open projects I am contact person for, with their next step."""
    if not u.roller.kansli or u.roller.person_id is None:
        return None
    poster = [
        Post(
            text=f"{dp.referens} {dp.titel}",
            url=dp.get_absolute_url(),
            detalj=_("%(status)s i %(dagar)s. Nästa steg: %(steg)s")
            % {
                "status": dp.get_status_display(),
                "dagar": dagar_text(_dagar_i_status(dp, u.today)),
                "steg": nasta_steg(dp.status) or "–",
            },
        )
        for dp in _kansliprojekt(u)[0]
    ]
    return begransa(
        "kontaktprojekt", _("Mina delprojekt som kontaktperson"), poster, reverse("delprojekt:mine")
    )


@sektion
def fastnade(u: Underlag) -> Sektion | None:
    """Open projects unchanged in their state for longer than ``SFBV_STUCK_DAYS``."""
    if not (u.roller.kansli or u.roller.admin):
        return None
    poster = [
        Post(
            text=f"{dp.referens} {dp.titel}",
            url=dp.get_absolute_url(),
            detalj=_("%(status)s i %(dagar)s")
            % {
                "status": dp.get_status_display(),
                "dagar": dagar_text(_dagar_i_status(dp, u.today)),
            },
            varning=True,
        )
        for dp in _kansliprojekt(u)[1]
    ]
    return begransa(
        "fastnade",
        _("Delprojekt som stått still i mer än %(n)s") % {"n": dagar_text(_stuck_days())},
        poster,
        reverse("delprojekt:portfolio") + "?sort=-dagar",
    )


@sektion
def beslutskoer(u: Underlag) -> Sektion | None:
    """Each body's queue of projects with its oldest one (one grouped query; the
    queue pages also hold reports and follow-ups, which this count leaves out)."""
    if not (u.roller.kansli or u.roller.admin):
        return None
    per_status = {
        r["status"]: (r["n"], r["aldst"])
        for r in Delprojekt.objects.filter(
            status__in={s for t in KO_TYPER for s in vantande_status(t)}
        )
        .values("status")
        .annotate(n=Count("pk"), aldst=Min("status_andrad"))
        .order_by()
    }
    poster = []
    for typ in KO_TYPER:
        rader = [per_status[s] for s in vantande_status(typ) if s in per_status]
        if not rader:
            continue
        n = sum(r[0] for r in rader)
        aldst = min(r[1] for r in rader)
        poster.append(
            Post(
                text=f"{Organ.Typ(typ).label}: "
                + ngettext("%(n)d delprojekt", "%(n)d delprojekt", n) % {"n": n},
                url=reverse("beslut:organ", args=[typ]),
                detalj=_("Det äldsta har väntat %(n)s")
                % {"n": dagar_text((u.today - timezone.localdate(aldst)).days)},
            )
        )
    return begransa("beslutskoer", _("Beslutsköer"), poster, reverse("beslut:oversikt"))


@sektion
def utan_kallelse(u: Underlag) -> Sektion | None:
    """Coming meetings whose kallelse has not been sent."""
    if not (u.roller.kansli or u.roller.admin):
        return None
    now = timezone.now()
    poster = [
        Post(
            text=f"{s.organ.namn} {datum(s.start)}",
            # The meeting page's form that sends it (its own URL takes only a POST).
            url=reverse("sammantrade:detalj", args=[s.pk]) + "#kallelse",
            detalj=_("Om %(n)s") % {"n": dagar_text((timezone.localdate(s.start) - u.today).days)},
        )
        for s in _moten(u)
        if s.start >= now and s.kallelse_skickad is None
    ]
    return begransa("utan_kallelse", _("Sammanträden utan skickad kallelse"), poster)


def _utan_regionbeslut() -> QuerySet:
    """(project, region) pairs awaiting the region's decision with none registered."""
    through = Delprojekt.regioner.through
    return through.objects.filter(delprojekt__status__in=OPEN_IN).exclude(
        Exists(
            Huvudmannabeslut.objects.filter(
                delprojekt_id=OuterRef("delprojekt_id"), region_id=OuterRef("region_id")
            )
        )
    )


@sektion
def regionbeslut(u: Underlag) -> Sektion | None:
    """Projects whose regions have registered no decision yet. The kansli gets a count
    per region, a regional coordinator their own region's projects. (A decision that is
    registered but incomplete shows on the overview, not here.)"""
    region_id = u.roller.samordnare_region_id
    oversikt = reverse("delprojekt:regionbeslut_oversikt")
    if region_id is not None and not u.roller.kansli:
        rader = list(
            _utan_regionbeslut()
            .filter(region_id=region_id)
            .select_related("delprojekt")
            .order_by("delprojekt__namnd_beslutsdatum", "delprojekt__referens")[: MAX_POSTER + 1]
        )
        poster = [
            Post(
                text=f"{r.delprojekt.referens} {r.delprojekt.titel}",
                url=reverse("delprojekt:regionbeslut", args=[r.delprojekt.referens]),
                detalj=(
                    _("Nämnden beslutade för %(n)s sedan")
                    % {"n": dagar_text((u.today - r.delprojekt.namnd_beslutsdatum).days)}
                    if r.delprojekt.namnd_beslutsdatum
                    else ""
                ),
            )
            for r in rader
        ]
        return begransa(
            "regionbeslut",
            _("Min regions beslut som saknas"),
            poster,
            f"{oversikt}?region={region_id}",
        )
    if not (u.roller.kansli or u.roller.admin):
        return None
    poster = [
        Post(
            text=f"{r['region__namn']}: "
            + ngettext("%(n)d delprojekt", "%(n)d delprojekt", r["n"]) % {"n": r["n"]},
            url=f"{oversikt}?region={r['region_id']}",
        )
        for r in _utan_regionbeslut()
        .values("region_id", "region__namn", "region__ordning")
        .annotate(n=Count("pk"))
        .order_by("region__ordning", "region__namn")
    ]
    return begransa("regionbeslut", _("Regionernas beslut som saknas"), poster, oversikt)


@sektion
def misslyckad_epost(u: Underlag) -> Sektion | None:
    """Mail that could not be sent (one entry: the count, linked to the outbox)."""
    if not (u.roller.kansli or u.roller.admin):
        return None
    n = Utskick.objects.filter(status=Utskick.Status.MISSLYCKAD).count()
    if not n:
        return None
    return Sektion(
        nyckel="epost",
        rubrik=_("E-post som inte kunde skickas"),
        poster=[
            Post(
                text=ngettext("%(n)d meddelande", "%(n)d meddelanden", n) % {"n": n},
                url=reverse("epost:lista"),
                varning=True,
            )
        ],
    )

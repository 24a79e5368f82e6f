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
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delprojekt.beslutsko import (
    KO_TYPER,
    POSITION_STATES,
    _current_arende_subquery,
    koernas_langd,
)
from delprojekt.models import (
    Delprojekt,
    Dokumenttyp,
    Granskningskommentar,
    Kapitel,
    Organ,
    Organmedlemskap,
    Sammantrade,
    Stallningstagande,
    Utskick,
)
from delprojekt.models.delprojekt import TERMINAL
from delprojekt.permissions import Roller, roller_for
from delprojekt.selectors import FORANKRING_MANADER, forankring_saknas
from delprojekt.services.regionbeslut import regioner_utan_komplett_beslut
from delprojekt.types import Viewer
from delprojekt.workflow import nasta_steg

#: The signed cookie in which the start page keeps the number of open items for the
#: menu's "Start (n)" on other pages (a cookie costs no query, a session write three).
ANTAL_COOKIE = "sfbv_att_gora"
ANTAL_COOKIE_SALT = "delprojekt.start.antal"
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
                aldsta_id=Subquery(
                    Granskningskommentar.objects.filter(kapitel=OuterRef("pk"), lost__isnull=True)
                    .order_by("skriven", "pk")
                    .values("pk")[:1]
                ),
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
    """Open review comments on the chapters I write, each linked to the oldest one."""
    if u.roller.person_id is None:
        return None
    rader = sorted((k for k in _mina_kapitel(u) if k.oppna), key=lambda k: (k.aldsta, k.pk))
    poster = [
        Post(
            text=f"{k.dokument.delprojekt.referens}: {k.rubrik}",
            url=reverse(
                "delprojekt:kapitel_kommentarer", args=[k.dokument.delprojekt.referens, k.nyckel]
            )
            + f"#kommentar-{k.aldsta_id}",
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
        fastnat = Q(status_andrad__lt=grans)
        # Without a person (an administrator's account) nobody is my contact: a constant,
        # not an always-false Q, which PostgreSQL cannot take as a boolean column.
        if pid is not None:
            kontakt = Q(kontaktperson_id=pid)
            urval = kontakt | fastnat
            ar_kontakt: Any = ExpressionWrapper(kontakt, output_field=BooleanField())
        else:
            urval = fastnat
            ar_kontakt = Value(False, output_field=BooleanField())
        ordning = [F("status_andrad").asc(), F("pk").asc()]
        rader = list(
            Delprojekt.objects.active()
            .filter(urval)
            .annotate(
                ar_kontakt=ar_kontakt,
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


def _koposter(u: Underlag, typer: tuple[str, ...]) -> list[Post]:
    """One entry per body type in ``typer`` with waiting items: how many, the oldest."""
    langd = u.en_gang("koer", koernas_langd)
    poster = []
    for typ in typer:
        if typ not in langd:
            continue
        n, aldst = langd[typ]
        poster.append(
            Post(
                text=f"{Organ.Typ(typ).label}: "
                + ngettext("%(n)d ärende", "%(n)d ärenden", n) % {"n": n},
                url=reverse("beslut:organ", args=[typ]),
                detalj=_("Det äldsta har väntat %(n)s")
                % {"n": dagar_text((u.today - timezone.localdate(aldst)).days)},
            )
        )
    return poster


@sektion
def beslutskoer(u: Underlag) -> Sektion | None:
    """Every body's queue (projects, delrapporter, follow-up reports) with its oldest item."""
    if not (u.roller.kansli or u.roller.admin):
        return None
    return begransa(
        "beslutskoer", _("Beslutsköer"), _koposter(u, KO_TYPER), reverse("beslut:oversikt")
    )


@sektion
def mina_koer(u: Underlag) -> Sektion | None:
    """For the members of a body with a queue (the kansli sees all queues above): what
    awaits their body's next meetings."""
    if u.roller.kansli or u.roller.admin:
        return None
    typer = tuple(t for t in KO_TYPER if t in u.roller.organ_typer)
    if not typer:
        return None
    return begransa("mina_koer", _("Mina organs köer"), _koposter(u, typer))


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


def _brister(r: Any) -> str:
    """What a region's decision lacks, from the annotations of
    ``regioner_utan_komplett_beslut``."""
    if r.beslut_id is None:
        return _("Inget beslut registrerat")
    delar = []
    if r.utan_utdrag:
        delar.append(_("protokollsutdrag"))
    if r.besvarade < r.rekommendationer:
        delar.append(
            _("utfall för %(n)d av %(m)d rekommendationer")
            % {"n": r.rekommendationer - r.besvarade, "m": r.rekommendationer}
        )
    return _("Beslutet saknar %(vad)s") % {"vad": _(" och ").join(delar)}


@sektion
def regionbeslut(u: Underlag) -> Sektion | None:
    """Projects whose regions have no complete decision yet (none registered, or one
    without protokollsutdrag or outcomes). The kansli gets a count per region, a regional
    coordinator their own region's projects with what is missing."""
    region_id = u.roller.samordnare_region_id
    oversikt = reverse("delprojekt:regionbeslut_oversikt")
    if region_id is not None and not u.roller.kansli:
        rader = list(
            regioner_utan_komplett_beslut()
            .filter(region_id=region_id)
            .select_related("delprojekt")
            .order_by("delprojekt__namnd_beslutsdatum", "delprojekt__referens")[: MAX_POSTER + 1]
        )
        poster = []
        for r in rader:
            dp = r.delprojekt
            sedan = (
                _("Nämnden beslutade för %(n)s sedan")
                % {"n": dagar_text((u.today - dp.namnd_beslutsdatum).days)}
                if dp.namnd_beslutsdatum
                else ""
            )
            poster.append(
                Post(
                    text=f"{dp.referens} {dp.titel}",
                    url=reverse("delprojekt:regionbeslut", args=[dp.referens]),
                    detalj=". ".join(x for x in (_brister(r), sedan) if x),
                )
            )
        return begransa(
            "regionbeslut",
            _("Min regions beslut som saknas eller är ofullständiga"),
            poster,
            f"{oversikt}?region={region_id}",
        )
    if not (u.roller.kansli or u.roller.admin):
        return None
    poster = []
    for r in (
        regioner_utan_komplett_beslut()
        .values("region_id", "region__namn", "region__ordning")
        .annotate(
            n=Count("pk"),
            utan=Count("pk", filter=Q(beslut_id__isnull=True)),
        )
        .order_by("region__ordning", "region__namn")
    ):
        ofullstandiga = r["n"] - r["utan"]
        detalj = []
        if r["utan"]:
            detalj.append(
                ngettext("%(n)d utan beslut", "%(n)d utan beslut", r["utan"]) % {"n": r["utan"]}
            )
        if ofullstandiga:
            detalj.append(
                ngettext("%(n)d ofullständigt beslut", "%(n)d ofullständiga beslut", ofullstandiga)
                % {"n": ofullstandiga}
            )
        poster.append(
            Post(
                text=f"{r['region__namn']}: "
                + ngettext("%(n)d delprojekt", "%(n)d delprojekt", r["n"]) % {"n": r["n"]},
                url=f"{oversikt}?region={r['region_id']}",
                detalj=", ".join(detalj),
            )
        )
    return begransa(
        "regionbeslut", _("Regionernas beslut som saknas eller är ofullständiga"), poster, oversikt
    )


@sektion
def forankring(u: Underlag) -> Sektion | None:
    """Working groups at work with no contact with the line recorded for three months."""
    if not (u.roller.kansli or u.roller.admin):
        return None
    poster = [
        Post(
            text=f"{dp.referens} {dp.titel}",
            url=reverse("delprojekt:forankring", args=[dp.referens]),
            detalj=(
                _("Senaste kontakt med linjen %(d)s") % {"d": dp.senaste_forankring.isoformat()}
                if dp.senaste_forankring
                else _("Ingen kontakt med linjen registrerad")
            ),
        )
        for dp in forankring_saknas(u.today).only("pk", "referens", "titel")[: MAX_POSTER + 1]
    ]
    return begransa(
        "forankring",
        _("Arbetsgrupper utan kontakt med linjen på %(n)d månader") % {"n": FORANKRING_MANADER},
        poster,
        reverse("delprojekt:forankring_oversikt"),
    )


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

"""What awaits each body: the decision queues.

A queue is the union of what its *sources* (``KALLOR``) yield for one kind of body,
the longest-waiting item first. Each source is a function
``(organ_typ: str) -> Iterable[Koarende]`` registered with ``@kalla``.

Adding a new kind of item (follow-up reports to present, say) means writing one
source in its own module and registering it::

    from delprojekt.beslutsko import Dokumentlank, Koarende, kalla

    @kalla
    def uppfoljningar_att_redovisa(organ_typ: str) -> list[Koarende]:
        return [
            Koarende(
                nyckel=f"uppfoljning:{omgang.pk}",  # unique within the queue
                typ=Dagordningspunkt.Typ.UPPFOLJNING,  # how it goes on an agenda
                rubrik=...,
                sedan=...,  # an aware datetime: since when it waits
                delprojekt=omgang.delprojekt,
                dokument=(Dokumentlank(_("Uppföljningsrapport"), url),),
            )
            for omgang in ...
        ]

and importing that module once at start-up (the app's ``ready()`` or the module
that defines the model). No page, template or other source changes: the queue pages
and ``_arende.html`` show any ``Koarende`` from its fields (heading, kind, since
when, beslutsförslag, documents, agenda). Items that are neither of type "ärende" nor
carry ``overgangar`` are shown as items for information, without a beslutsförslag.
Tests may unregister a source with ``KALLOR.remove(func)``.

The start page shows every queue's length and its oldest item without building the
queues: each source also registers a *counter* with ``@raknare``, a function
``() -> Iterable[Koantal]`` that counts its items for every kind of body in one
grouped query (``koernas_langd`` adds them up). A counter that is one grouped query of
rows (key, count, oldest) registers with ``@raknare_fraga(tolka)`` instead: the start
page runs all of those as one UNION ALL query and hands each its rows. A counter counts
exactly the items its source yields (asserted in ``tests/test_start.py``).

A source should fetch everything its items show in a fixed number of queries (a
queue page asserts a query budget). A page may show several queues (``beslut:mina``):
a source whose rows for every kind of body come from one query reads them through a
function decorated with ``@en_gang_per_anrop``, which runs once per request. The
project source prefetches, for the ledningsgrupp, the item each project is on and the
members' positions, and stores them in the caches ``delprojekt.services.guards``
reads, so ``stallning(dp)`` and the unanimity messages of the ``besluta`` guard cost
no further queries.
"""

from __future__ import annotations

import datetime
import functools
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from django.core.signals import request_finished, request_started
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.models import (
    I_STATUS,
    Dagordningspunkt,
    Delprojekt,
    Delrapport,
    Dokumenttyp,
    Handelse,
    Organ,
    Organmedlemskap,
    Stallningstagande,
    Status,
)
from delprojekt.services import guards
from delprojekt.workflow import SPAR, Overgang, beslut_av, vantande_status

#: The kinds of body that have a decision queue, in the order of the process.
KO_TYPER: tuple[str, ...] = (
    Organ.Typ.SAMARBETSGRUPP,
    Organ.Typ.LEDNINGSGRUPP,
    Organ.Typ.POLITISK_STYRGRUPP,
    Organ.Typ.NAMND,
)


@dataclass(frozen=True)
class Dokumentlank:
    """A document to read before deciding."""

    titel: str
    url: str
    pdf: bool = False


@dataclass(frozen=True)
class Koarende:
    """One item awaiting a body."""

    #: Unique within a queue, e.g. "delprojekt:12" or "delrapport:5".
    nyckel: str
    #: A ``Dagordningspunkt.Typ`` value: how the item goes on an agenda.
    typ: str
    rubrik: str
    sedan: datetime.datetime
    delprojekt: Delprojekt | None = None
    delrapport: Delrapport | None = None
    beslutsforslag: str = ""
    #: The decisions the body can take on it (empty for items "for information").
    overgangar: tuple[Overgang, ...] = field(default_factory=tuple)
    #: On the agenda of a meeting whose protocol is not finalised yet.
    pa_dagordning: bool = False
    #: What to read before the meeting.
    dokument: tuple[Dokumentlank, ...] = field(default_factory=tuple)
    #: Where the heading links (the project page when empty).
    url: str = ""
    #: The follow-up round whose report the item presents (``Uppfoljningsomgang``).
    uppfoljningsomgang: Any = None
    #: False for an item listed cheaply, whose details (beslutsförslag, documents, the
    #: full project with its positions) ``komplettera`` fetches for the items shown.
    komplett: bool = True

    @property
    def for_beslut(self) -> bool:
        """An item the body decides or prepares (not one it only takes note of)."""
        return self.typ == Dagordningspunkt.Typ.ARENDE or bool(self.overgangar)

    @property
    def typ_label(self) -> str:
        try:
            return str(Dagordningspunkt.Typ(self.typ).label)
        except ValueError:
            return self.typ

    @property
    def dagar(self) -> int:
        """Whole days waited, counted in local calendar days."""
        return (timezone.localdate() - timezone.localdate(self.sedan)).days

    @property
    def anchor(self) -> str:
        """An HTML id for the item on a page."""
        return "arende-" + self.nyckel.replace(":", "-")

    @property
    def lank(self) -> str:
        if self.url:
            return self.url
        return self.delprojekt.get_absolute_url() if self.delprojekt is not None else ""


Kalla = Callable[[str], Iterable[Koarende]]
KALLOR: list[Kalla] = []


def kalla(func: Kalla) -> Kalla:
    """Register a source of queue items."""
    KALLOR.append(func)
    return func


T = TypeVar("T")

# What ``en_gang_per_anrop`` functions returned within the current request; None outside.
_anrop = threading.local()


def _anrop_start(**_kwargs: object) -> None:
    _anrop.svar = {}


def _anrop_slut(**_kwargs: object) -> None:
    _anrop.svar = None


request_started.connect(_anrop_start, dispatch_uid="delprojekt.beslutsko.anrop_start")
request_finished.connect(_anrop_slut, dispatch_uid="delprojekt.beslutsko.anrop_slut")


def en_gang_per_anrop(func: Callable[[], T]) -> Callable[[], T]:
    """Within one request ``func`` runs once and its result is kept until the request
    ends: a member of several bodies sees their queues on one page, and a source reads
    the rows of every kind of body in one query. Outside a request every call runs it."""

    @functools.wraps(func)
    def wrapper() -> T:
        svar = getattr(_anrop, "svar", None)
        if svar is None:
            return func()
        if func not in svar:
            svar[func] = func()
        return svar[func]

    return wrapper


def glom_anropet() -> None:
    """Forget what this request has read so far: the next read sees the rows as they
    are now (a service that checks a queue item under a lock)."""
    if getattr(_anrop, "svar", None) is not None:
        _anrop.svar = {}


#: The states in which the ledningsgrupp's members take positions on a project.
POSITION_STATES: tuple[str, ...] = tuple(vantande_status(Organ.Typ.LEDNINGSGRUPP))


@dataclass(frozen=True)
class Koantal:
    """How many items of one source wait for one kind of body, and since when the oldest."""

    organ_typ: str
    antal: int
    aldst: datetime.datetime


Raknare = Callable[[], Iterable[Koantal]]
RAKNARE: list[Raknare] = []


def raknare(func: Raknare) -> Raknare:
    """Register the counter of a source of queue items."""
    RAKNARE.append(func)
    return func


#: A counter's grouped rows: (key, count, oldest).
Rad = tuple[str, int, datetime.datetime]


@dataclass(frozen=True)
class Antalsfraga:
    """A counter as one grouped query, ``values("nyckel").annotate(n=…, aldst=…)``, and
    how its rows become counts per kind of body."""

    fraga: Callable[[], QuerySet]
    tolka: Callable[[list[Rad]], Iterable[Koantal]]


FRAGOR: list[Antalsfraga] = []


def raknare_fraga(
    tolka: Callable[[list[Rad]], Iterable[Koantal]],
) -> Callable[[Callable[[], QuerySet]], Callable[[], QuerySet]]:
    """Register a counter that is one grouped query (see the module's docstring)."""

    def register(fraga: Callable[[], QuerySet]) -> Callable[[], QuerySet]:
        FRAGOR.append(Antalsfraga(fraga, tolka))
        return fraga

    return register


def per_organtyp(rader: list[Rad]) -> Iterable[Koantal]:
    """Rows keyed by the kind of body itself."""
    return (Koantal(nyckel, n, aldst) for nyckel, n, aldst in rader)


def _fragornas_antal() -> Iterable[Koantal]:
    """Every query counter's rows in one UNION ALL query, handed to each its own."""
    if not FRAGOR:
        return
    delar = [
        f.fraga().annotate(kalla=Value(i)).values_list("kalla", "nyckel", "n", "aldst")
        for i, f in enumerate(FRAGOR)
    ]
    per_kalla: dict[int, list[Rad]] = {i: [] for i in range(len(FRAGOR))}
    for kalla, nyckel, n, aldst in delar[0].union(*delar[1:], all=True):
        per_kalla[kalla].append((nyckel, n, aldst))
    for i, f in enumerate(FRAGOR):
        yield from f.tolka(per_kalla[i])


def koernas_langd() -> dict[str, tuple[int, datetime.datetime]]:
    """Per kind of body with waiting items: their number and since when the oldest waits
    (one query for the query counters together, one per other registered counter)."""
    out: dict[str, tuple[int, datetime.datetime]] = {}
    for counter in [_fragornas_antal, *RAKNARE]:
        for k in counter():
            if not k.antal:
                continue
            if k.organ_typ in out:
                n, aldst = out[k.organ_typ]
                out[k.organ_typ] = (n + k.antal, min(aldst, k.aldst))
            else:
                out[k.organ_typ] = (k.antal, k.aldst)
    return out


Komplettering = Callable[[list[Koarende]], list[Koarende]]
KOMPLETTERING: dict[str, Komplettering] = {}


def komplettering(prefix: str) -> Callable[[Komplettering], Komplettering]:
    """Register how the items of one source (keys ``<prefix>:…``) listed with
    ``komplett=False`` are completed, a page of them at a time, in a fixed number of
    queries."""

    def register(func: Komplettering) -> Komplettering:
        KOMPLETTERING[prefix] = func
        return func

    return register


def komplettera(items: list[Koarende]) -> list[Koarende]:
    """``items`` in the same order, each with its details (see ``Koarende.komplett``)."""
    per_kalla: dict[str, list[int]] = {}
    for i, k in enumerate(items):
        if not k.komplett:
            per_kalla.setdefault(k.nyckel.split(":", 1)[0], []).append(i)
    out = list(items)
    for prefix, index in per_kalla.items():
        for i, k in zip(index, KOMPLETTERING[prefix]([items[i] for i in index]), strict=True):
            out[i] = k
    return out


def beslutsko_for(organ: Organ, *, komplett: bool = True) -> list[Koarende]:
    """Everything awaiting ``organ``, the longest-waiting first.

    A long queue is listed cheaply and shown a page at a time: with ``komplett=False``
    the items carry only what the list shows (heading, kind, since when, on an agenda),
    and the page completes the items it shows with ``komplettera``."""
    items: list[Koarende] = []
    for source in KALLOR:
        items.extend(source(organ.typ))
    items.sort(key=_ordning)
    return komplettera(items) if komplett else items


def _ordning(k: Koarende) -> tuple:
    """The longest-waiting first; items waiting since the same moment in the order they
    were made (source, then id), so that the queue and its pages never reshuffle."""
    kalla, _sep, rest = k.nyckel.partition(":")
    return (k.sedan, kalla, int(rest) if rest.isdigit() else 0, rest)


def _on_open_agenda(**filters: object) -> Exists:
    return Exists(
        Dagordningspunkt.objects.filter(sammantrade__protokoll_klart__isnull=True, **filters)
    )


def pa_dagordningen(prefix: str) -> Exists:
    """Whether the row (``OuterRef("pk")``) stands on an agenda not yet finalised, put
    up from its queue item ``"<prefix>:<pk>"`` (the key the agenda item keeps, for a
    source that has no field of its own on ``Dagordningspunkt``)."""
    return _on_open_agenda(konyckel=Concat(Value(f"{prefix}:"), Cast(OuterRef("pk"), CharField())))


def _project_documents(dp: Delprojekt) -> tuple[Dokumentlank, ...]:
    referens = dp.referens
    position = SPAR.index(dp.status) if dp.status in SPAR else -1
    if dp.status == Status.VILANDE or position < SPAR.index(Status.UPPDRAG):
        # Before the start decision the body reads the proposal itself.
        return (Dokumentlank(_("Förslaget och underlaget"), dp.get_absolute_url()),)
    docs = [
        Dokumentlank(
            _("Uppdraget"), reverse("delprojekt:dokument", args=[referens, Dokumenttyp.UPPDRAG])
        ),
        Dokumentlank(
            _("Uppdraget som PDF"), reverse("delprojekt:uppdrag_pdf", args=[referens]), pdf=True
        ),
    ]
    if position > SPAR.index(Status.SLUTRAPPORT):
        docs.append(
            Dokumentlank(
                _("Slutrapporten"),
                reverse("delprojekt:dokument", args=[referens, Dokumenttyp.SLUTRAPPORT]),
            )
        )
    return tuple(docs)


def _prefetch_arenden(projects: list[Delprojekt]) -> None:
    """Fill the ``current_arende`` cache of each project from its ``arende_id`` annotation."""
    ids = [dp.arende_id for dp in projects if dp.arende_id is not None]
    arenden = Handelse.objects.in_bulk(ids) if ids else {}
    for dp in projects:
        dp.__dict__["_arende"] = (dp.status, arenden.get(dp.arende_id))


def _prefetch_positioner(projects: list[Delprojekt]) -> None:
    """Fill the ledningsgrupp caches (members, positions) for every project at once."""
    if not projects:
        return
    ledamoter = guards.ledningsgrupp_ledamoter()
    by_arende: dict[int, dict[int, Stallningstagande]] = {}
    arende_ids = [dp.arende_id for dp in projects if dp.arende_id is not None]
    for s in Stallningstagande.objects.filter(arende_id__in=arende_ids).select_related(
        "registrerat_av"
    ):
        by_arende.setdefault(s.arende_id, {})[s.person_id] = s
    for dp in projects:
        dp.__dict__["_ledamoter"] = ledamoter
        if dp.arende_id is not None:
            dp.__dict__["_positioner"] = (dp.arende_id, by_arende.get(dp.arende_id, {}))


def _current_arende_subquery() -> Subquery:
    return Subquery(
        Handelse.objects.filter(
            delprojekt=OuterRef("pk"), typ__in=I_STATUS, till_status=OuterRef("status")
        )
        .order_by("-tidpunkt", "-pk")
        .values("pk")[:1]
    )


def prefetch_stallning(projects: list[Delprojekt]) -> None:
    """Fill the caches the guards read (current item, ledningsgrupp members, positions)
    for many projects in a fixed number of queries, e.g. for a meeting's agenda."""
    projects = [dp for dp in projects if dp is not None]
    if not projects:
        return
    # Projects listed by the queue know their current item already (``arende_id``).
    okanda = [dp for dp in projects if not hasattr(dp, "arende_id")]
    if okanda:
        ids = dict(
            Delprojekt.objects.filter(pk__in=[dp.pk for dp in okanda])
            .annotate(arende_id=_current_arende_subquery())
            .values_list("pk", "arende_id")
        )
        for dp in okanda:
            dp.arende_id = ids.get(dp.pk)
    _prefetch_arenden(projects)
    _prefetch_positioner(projects)


@kalla
def delprojekt_som_vantar(organ_typ: str) -> Iterable[Koarende]:
    """The projects waiting for a decision, listed in one query of their light columns
    (``delprojekt_komplettera`` fetches the rest for the items shown)."""
    states = vantande_status(organ_typ)
    if not states:
        return []
    projects = (
        Delprojekt.objects.filter(status__in=states)
        .only("pk", "referens", "titel", "status", "status_andrad")
        .annotate(
            pa_dagordning=_on_open_agenda(delprojekt=OuterRef("pk")),
            arende_id=_current_arende_subquery(),
        )
        .order_by("status_andrad", "pk")
    )
    return [
        Koarende(
            nyckel=f"delprojekt:{dp.pk}",
            typ=Dagordningspunkt.Typ.ARENDE,
            rubrik=f"{dp.referens} {dp.titel}",
            sedan=dp.status_andrad,
            delprojekt=dp,
            overgangar=tuple(beslut_av(organ_typ, dp.status)),
            pa_dagordning=dp.pa_dagordning,
            komplett=False,
        )
        for dp in projects
    ]


@komplettering("delprojekt")
def delprojekt_komplettera(items: list[Koarende]) -> list[Koarende]:
    """The shown projects in full, with the item each is on and, for the ledningsgrupp,
    the members' positions in the caches the guards read: three queries."""
    lista = [k.delprojekt for k in items if k.delprojekt is not None]
    arende_ids = {dp.pk: dp.arende_id for dp in lista}
    fulla: dict[int, Delprojekt] = {}
    arenden: dict[int, Handelse] = {}
    for h in Handelse.objects.filter(pk__in=[a for a in arende_ids.values() if a]).select_related(
        "delprojekt"
    ):
        fulla[h.delprojekt_id] = h.delprojekt
        arenden[h.delprojekt_id] = h
    utan = [pk for pk in arende_ids if pk not in fulla]
    if utan:
        fulla.update(Delprojekt.objects.in_bulk(utan))
    for pk, dp in fulla.items():
        dp.arende_id = arende_ids[pk]
        dp.__dict__["_arende"] = (dp.status, arenden.get(pk))
    if any(dp.status in POSITION_STATES for dp in fulla.values()):
        _prefetch_positioner([dp for dp in fulla.values() if dp.status in POSITION_STATES])
    out = []
    for k in items:
        full = fulla.get(k.delprojekt.pk) if k.delprojekt is not None else None
        if full is None:  # gone since it was listed
            out.append(replace(k, komplett=True))
            continue
        out.append(
            replace(
                k,
                delprojekt=full,
                beslutsforslag=full.beslutsforslag,
                dokument=_project_documents(full),
                komplett=True,
            )
        )
    return out


def _per_vantande_status(rader: list[Rad]) -> Iterable[Koantal]:
    per_status = {status: (n, aldst) for status, n, aldst in rader}
    for typ in KO_TYPER:
        antal = [per_status[s] for s in vantande_status(typ) if s in per_status]
        if antal:
            yield Koantal(typ, sum(r[0] for r in antal), min(r[1] for r in antal))


@raknare_fraga(_per_vantande_status)
def delprojekt_som_vantar_antal() -> QuerySet:
    """The counter of ``delprojekt_som_vantar``: one grouped query over the states."""
    return (
        Delprojekt.objects.filter(status__in={s for t in KO_TYPER for s in vantande_status(t)})
        .annotate(nyckel=F("status"))
        .values("nyckel")
        .annotate(n=Count("pk"), aldst=Min("status_andrad"))
        .order_by()
    )


def _delrapporter_ej_redovisade() -> QuerySet[Delrapport]:
    """Sent delrapporter not yet recorded in a finalised protocol."""
    return Delrapport.objects.filter(skickad__isnull=False).exclude(
        dagordningspunkter__sammantrade__protokoll_klart__isnull=False
    )


@raknare_fraga(per_organtyp)
def delrapporter_for_kannedom_antal() -> QuerySet:
    """The counter of ``delrapporter_for_kannedom``."""
    return (
        _delrapporter_ej_redovisade()
        .annotate(nyckel=F("skickad_till"))
        .values("nyckel")
        .annotate(n=Count("pk"), aldst=Min("skickad"))
        .order_by()
    )


@en_gang_per_anrop
def _delrapporter_att_redovisa() -> list[Delrapport]:
    """The sent part reports not yet recorded, for every body (one query)."""
    return list(
        _delrapporter_ej_redovisade()
        .annotate(pa_dagordning=_on_open_agenda(delrapport=OuterRef("pk")))
        .select_related("delprojekt")
        .order_by("skickad", "pk")
    )


@kalla
def delrapporter_for_kannedom(organ_typ: str) -> Iterable[Koarende]:
    rapporter = [r for r in _delrapporter_att_redovisa() if r.skickad_till == organ_typ]
    items = []
    for r in rapporter:
        assert r.skickad is not None  # the query takes only sent reports
        url = reverse("delprojekt:delrapport", args=[r.delprojekt.referens, r.pk])
        items.append(
            Koarende(
                nyckel=f"delrapport:{r.pk}",
                typ=Dagordningspunkt.Typ.DELRAPPORT,
                rubrik=f"{r.delprojekt.referens}: {r.titel}",
                sedan=r.skickad,
                delprojekt=r.delprojekt,
                delrapport=r,
                pa_dagordning=getattr(r, "pa_dagordning", False),  # the annotation
                dokument=(Dokumentlank(_("Delrapporten"), url),),
                url=url,
            )
        )
    return items


# --- The ledningsgrupp's positions on an item ------------------------------------------


@dataclass(frozen=True)
class Stallning:
    """Where the ledningsgrupp stands on a project's current item."""

    #: Each current deciding member with their position, or None when it is missing.
    rader: list[tuple[Organmedlemskap, Stallningstagande | None]]
    #: Every member has recorded "instämmer".
    enig: bool
    #: The ``besluta`` guard's sentences: who is missing, who reserves.
    meddelanden: list[str]

    def saknas_for(self, person_id: int | None) -> bool:
        """True when ``person_id`` is a member whose own position is missing."""
        return any(m.person_id == person_id and s is None for m, s in self.rader)


def stallning(dp: Delprojekt) -> Stallning | None:
    """The positions on ``dp``'s current item, or None when it does not wait for the group."""
    if dp.status not in POSITION_STATES:
        return None
    ledamoter = guards.ledningsgrupp_ledamoter(dp)
    pos = guards.positioner(dp, guards.current_arende(dp))
    rader = [(m, pos.get(m.person_id)) for m in ledamoter]
    # The same sentences the ``besluta`` transition refuses with.
    meddelanden = guards.enighet(dp)
    return Stallning(rader=rader, enig=not meddelanden, meddelanden=meddelanden)

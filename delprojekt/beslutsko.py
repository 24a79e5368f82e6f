"""What awaits each body: the decision queues.

A queue is the union of what its *sources* (``KALLOR``) yield for one kind of body.
Each source is a function ``(organ_typ) -> Iterable[Koarende]`` registered with
``@kalla``; a new kind of item (follow-up reports, say) plugs in by registering a
source in its own module, without touching the others.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from delprojekt.models import Dagordningspunkt, Delprojekt, Delrapport, Organ, Status
from delprojekt.workflow import OVERGANGAR, Overgang


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


Kalla = Callable[[str], Iterable[Koarende]]
KALLOR: list[Kalla] = []


def kalla(func: Kalla) -> Kalla:
    """Register a source of queue items."""
    KALLOR.append(func)
    return func


def vantande_status(organ_typ: str) -> list[str]:
    """The states in which a project waits for this kind of body."""
    states = {source for (source, _name), o in OVERGANGAR.items() if o.organ == organ_typ}
    if organ_typ == Organ.Typ.POLITISK_STYRGRUPP:
        # The political steering group prepares the board's decision.
        states.add(Status.POLITISK_BEREDNING)
    return sorted(states)


def beslutsko_for(organ: Organ) -> list[Koarende]:
    """Everything awaiting ``organ``, the longest-waiting first."""
    items: list[Koarende] = []
    for source in KALLOR:
        items.extend(source(organ.typ))
    return sorted(items, key=lambda k: k.sedan)


def _on_open_agenda(**filters: object) -> Exists:
    return Exists(
        Dagordningspunkt.objects.filter(sammantrade__protokoll_klart__isnull=True, **filters)
    )


@kalla
def delprojekt_som_vantar(organ_typ: str) -> Iterable[Koarende]:
    states = vantande_status(organ_typ)
    if not states:
        return []
    projects = (
        Delprojekt.objects.filter(status__in=states)
        .annotate(pa_dagordning=_on_open_agenda(delprojekt=OuterRef("pk")))
        .order_by("status_andrad")
    )
    return [
        Koarende(
            nyckel=f"delprojekt:{dp.pk}",
            typ=Dagordningspunkt.Typ.ARENDE,
            rubrik=f"{dp.referens} {dp.titel}",
            sedan=dp.status_andrad,
            delprojekt=dp,
            beslutsforslag=dp.beslutsforslag,
            overgangar=tuple(
                o
                for (source, _name), o in OVERGANGAR.items()
                if source == dp.status and o.organ == organ_typ
            ),
            pa_dagordning=dp.pa_dagordning,
        )
        for dp in projects
    ]


@kalla
def delrapporter_for_kannedom(organ_typ: str) -> Iterable[Koarende]:
    rapporter = (
        Delrapport.objects.filter(skickad_till=organ_typ, skickad__isnull=False)
        .exclude(dagordningspunkter__sammantrade__protokoll_klart__isnull=False)
        .annotate(pa_dagordning=_on_open_agenda(delrapport=OuterRef("pk")))
        .select_related("delprojekt")
        .order_by("skickad")
    )
    return [
        Koarende(
            nyckel=f"delrapport:{r.pk}",
            typ=Dagordningspunkt.Typ.DELRAPPORT,
            rubrik=f"{r.delprojekt.referens}: {r.titel}",
            sedan=r.skickad,
            delprojekt=r.delprojekt,
            delrapport=r,
            pa_dagordning=r.pa_dagordning,
        )
        for r in rapporter
    ]

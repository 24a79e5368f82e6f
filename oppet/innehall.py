"""What the public sees, declared in one place: every read of the public pages, the
feed and the open data goes through here, and nothing here reads working material.

Public, for a project the kansli has published (``Publicering.publicerad``):
title, reference, purpose, goal, concerned regions, focus areas, status and phase;
the bodies' decisions (date, §, outcome, text) and the board's recommendations; the
regions' own decisions (region, date, body, diary number); the approved slutrapport as
frozen (``Rapportversion``); handed-in follow-up reports as frozen; implementation
status per region and recommendation; the names of the holders of the roles the
kansli chose, and no other names.

Never public: anything of a project that is not published (or no longer is), working
material (chapters, notes, vägval, part reports, attachments, comments), positions
(``Stallningstagande``), the underlag, the kansli's notes, comments on implementation,
the regions' protocol extracts, and decisions appointing the working group's members
(their text names people).
"""

from __future__ import annotations

import datetime
import hashlib
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from delprojekt.models import (
    ArbetsgruppRoll,
    Arbetsgruppsmedlemskap,
    Beslut,
    Delprojekt,
    Handelse,
    Huvudmannabeslut,
    Nomineringsstatus,
    Organ,
    Rapportversion,
    Rekommendation,
    Sammantrade,
    Status,
)
from delprojekt.selectors import status_track
from delprojekt.workflow import FASER, SPAR
from oppet.models import PUBLICERBARA_ROLLER, Publicering, Publiceringsbeslut
from uppfoljning.models import Inforandestatus, Omgangsstatus, Uppfoljningsrapport

#: Decisions whose text names people: never shown.
DOLDA_UTFALL = (Beslut.Utfall.ARBETSGRUPP_UTSEDD,)
#: Follow-up rounds whose report has been handed in (and frozen).
INLAMNADE = (Omgangsstatus.INLAMNAD, Omgangsstatus.REDOVISAD, Omgangsstatus.KLAR)
#: The bodies whose decisions the public decision lists show, in this order.
BESLUTSORGAN = (
    Organ.Typ.SAMARBETSGRUPP,
    Organ.Typ.LEDNINGSGRUPP,
    Organ.Typ.POLITISK_STYRGRUPP,
    Organ.Typ.NAMND,
)

FAS_FOR_STATUS: dict[str, str] = {
    status: str(etikett) for _nyckel, etikett, states in FASER for status in states
}


def fasens_status(nyckel: str) -> list[str]:
    return next((list(s) for key, _l, s in FASER if key == nyckel), [])


def publicerade() -> QuerySet[Delprojekt]:
    """Every published project."""
    return Delprojekt.objects.filter(publicering__publicerad=True)


def publicerat_delprojekt(referens: str) -> Delprojekt:
    """The published project with this reference, or 404 (unknown, never published,
    withdrawn: the same answer)."""
    dp = (
        publicerade()
        .select_related("publicering", "kontaktperson")
        .prefetch_related("regioner", "fokusomraden")
        .filter(referens=referens)
        .first()
    )
    if dp is None:
        raise Http404
    return dp


def offentliga_beslut() -> QuerySet[Beslut]:
    """The decisions of published projects that may be shown."""
    return (
        Beslut.objects.filter(delprojekt__publicering__publicerad=True)
        .exclude(utfall__in=DOLDA_UTFALL)
        .select_related("organ", "delprojekt")
    )


def slutrapporter() -> QuerySet[Rapportversion]:
    """Approved slutrapports of published projects, as frozen."""
    return Rapportversion.objects.filter(delprojekt__publicering__publicerad=True).exclude(fil="")


def uppfoljningsrapporter() -> QuerySet[Uppfoljningsrapport]:
    """Handed-in follow-up reports of published projects, as frozen."""
    return (
        Uppfoljningsrapport.objects.filter(
            omgang__delprojekt__publicering__publicerad=True, omgang__status__in=INLAMNADE
        )
        .exclude(pdf="")
        .select_related("omgang", "omgang__delprojekt")
    )


def status_och_fas(dp: Delprojekt) -> tuple[str, str]:
    return str(Status(dp.status).label), FAS_FOR_STATUS.get(dp.status, "")


@dataclass
class Projektsida:
    dp: Delprojekt
    status: str
    fas: str
    track: list[dict[str, Any]]
    namn: list[tuple[str, list[str]]]
    beslut: list[Beslut]
    regionbeslut: list[Huvudmannabeslut]
    inforande: list[dict[str, Any]]
    inforande_regioner: list[Any]
    slutrapport: Rapportversion | None
    uppfoljningsrapporter: list[Uppfoljningsrapport] = field(default_factory=list)


def namn_for(dp: Delprojekt, roller: list[str]) -> list[tuple[str, list[str]]]:
    """(role, names) for the roles the kansli chose to publish, in the declared order."""
    if not roller:
        return []
    grupproller = [
        r for r in roller if r in (ArbetsgruppRoll.ORDFORANDE, ArbetsgruppRoll.PROCESSLEDARE)
    ]
    per_roll: dict[str, list[str]] = {r: [] for r in roller}
    if grupproller:
        for m in (
            Arbetsgruppsmedlemskap.objects.filter(
                delprojekt=dp, roll__in=grupproller, status=Nomineringsstatus.UTSEDD
            )
            .select_related("person")
            .order_by("fran", "pk")
        ):
            if m.person.namn not in per_roll[m.roll]:
                per_roll[m.roll].append(m.person.namn)
    if ArbetsgruppRoll.KONTAKTPERSON in per_roll and dp.kontaktperson is not None:
        per_roll[ArbetsgruppRoll.KONTAKTPERSON] = [dp.kontaktperson.namn]
    return [(etikett, per_roll[kod]) for kod, etikett in PUBLICERBARA_ROLLER if per_roll.get(kod)]


def projektsida(dp: Delprojekt) -> Projektsida:
    """Everything the public page of a published project shows, in a bounded number of
    queries."""
    spar: list[Handelse] = []
    if dp.status not in SPAR:
        spar = list(
            Handelse.objects.filter(
                delprojekt=dp, typ=Handelse.Typ.OVERGANG, till_status=dp.status
            ).order_by("-tidpunkt", "-pk")[:1]
        )
    beslut = list(
        offentliga_beslut()
        .filter(delprojekt=dp)
        .prefetch_related(
            Prefetch("rekommendationer", queryset=Rekommendation.objects.order_by("ordning"))
        )
        .order_by("datum", "pk")
    )
    regionbeslut = list(
        Huvudmannabeslut.objects.filter(delprojekt=dp)
        .select_related("region")
        .order_by("region__ordning", "region__namn")
    )
    statusar = list(
        Inforandestatus.objects.filter(rekommendation__beslut__delprojekt=dp)
        .select_related("rekommendation", "region")
        .order_by("rekommendation__beslut__datum", "rekommendation__ordning", "region__ordning")
    )
    regioner: dict[int, Any] = {}
    rader: dict[int, dict[str, Any]] = {}
    for s in statusar:
        regioner.setdefault(s.region_id, s.region)
        rad = rader.setdefault(
            s.rekommendation_id, {"rekommendation": s.rekommendation, "status": {}}
        )
        rad["status"][s.region_id] = s.get_status_display()
    region_lista = sorted(regioner.values(), key=lambda r: (r.ordning, r.namn))
    inforande = [
        {
            "rekommendation": rad["rekommendation"],
            "status": [rad["status"].get(r.pk, "–") for r in region_lista],
        }
        for rad in rader.values()
    ]
    slutrapport = slutrapporter().filter(delprojekt=dp).order_by("-nummer").first()
    rapporter = list(
        uppfoljningsrapporter().filter(omgang__delprojekt=dp).order_by("omgang__nummer")
    )
    status, fas = status_och_fas(dp)
    return Projektsida(
        dp=dp,
        status=status,
        fas=fas,
        track=status_track(dp, spar),
        namn=namn_for(dp, dp.publicering.roller),
        beslut=beslut,
        regionbeslut=regionbeslut,
        inforande=inforande,
        inforande_regioner=region_lista,
        slutrapport=slutrapport,
        uppfoljningsrapporter=rapporter,
    )


def sok_filter(q: str) -> Q:
    """Every word must occur in the reference, title, purpose or goal (the public fields:
    never the underlag or anything else)."""
    villkor = Q()
    for ord_ in q.split()[:10]:
        villkor &= (
            Q(referens__icontains=ord_)
            | Q(titel__icontains=ord_)
            | Q(syfte__icontains=ord_)
            | Q(mal__icontains=ord_)
        )
    return villkor


def beslutsar() -> list[tuple[str, str, list[tuple[int, int]]]]:
    """Per body (in ``BESLUTSORGAN`` order): its kind, name and (year, number of
    decisions) newest first, over the public decisions. One query."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    rader = (
        offentliga_beslut()
        .filter(organ__typ__in=BESLUTSORGAN)
        .annotate(ar=ExtractYear("datum"))
        .values_list("organ__typ", "organ__namn", "ar")
        .annotate(antal=Count("pk"))
        .order_by()
    )
    per_typ: dict[str, tuple[str, dict[int, int]]] = {}
    for typ, namn, ar, antal in rader:
        _namn, ar_antal = per_typ.setdefault(typ, (namn, {}))
        ar_antal[ar] = ar_antal.get(ar, 0) + antal
    return [
        (typ, per_typ[typ][0], sorted(per_typ[typ][1].items(), reverse=True))
        for typ in BESLUTSORGAN
        if typ in per_typ
    ]


def organets_beslut(typ: str, ar: int) -> QuerySet[Beslut]:
    return (
        offentliga_beslut()
        .filter(
            organ__typ=typ,
            datum__gte=datetime.date(ar, 1, 1),
            datum__lte=datetime.date(ar, 12, 31),
        )
        .order_by("datum", "paragraf", "pk")
    )


#: The fingerprint last read by this process, and when (``time.monotonic``).
_senaste: tuple[float, str] | None = None


def glom_dataversion(**_kwargs: object) -> None:
    """Forget the fingerprint this process read: connected to every model's save and
    delete, so the process that made a change answers with the new version at once."""
    global _senaste
    _senaste = None


def dataversion() -> str:
    """The fingerprint of the public data, read at most once per
    ``SFBV_OPPET_VERSION_SEKUNDER`` by each process: every public request needs it for
    its ETag, and reading it costs more than serving a cached page. Another worker
    process sees a change within that many seconds; the pages themselves may be kept
    by browsers and proxies for ``SFBV_OPPET_MAX_AGE`` anyway."""
    global _senaste
    sekunder = settings.SFBV_OPPET_VERSION_SEKUNDER
    nu = time.monotonic()
    if _senaste is not None and nu - _senaste[0] < sekunder:
        return _senaste[1]
    version = las_dataversion()
    _senaste = (nu, version)
    return version


#: Further (table, column) pairs whose MAX the fingerprint reads, registered by the apps
#: that publish something of their own (``registrera_datakalla`` in their ``ready``).
EXTRA_DATAKALLOR: list[tuple[str, str]] = []


def registrera_datakalla(tabell: str, kolumn: str) -> None:
    """Have the public part's fingerprint follow ``MAX(kolumn)`` of ``tabell`` too."""
    if (tabell, kolumn) not in EXTRA_DATAKALLOR:
        EXTRA_DATAKALLOR.append((tabell, kolumn))


def las_dataversion() -> str:
    """A short fingerprint of everything the public part shows, from one query: it
    changes with every publication decision, timeline event (transitions, decisions,
    edits), frozen report, handed-in follow-up, change of implementation status and
    finalised protocol. The ETags and the cached open data are keyed by it."""
    tabeller = [
        (Publiceringsbeslut._meta.db_table, "id"),
        (Publicering._meta.db_table, "andrad"),
        (Handelse._meta.db_table, "id"),
        (Rapportversion._meta.db_table, "id"),
        (Uppfoljningsrapport._meta.db_table, "id"),
        (Inforandestatus._meta.db_table, "uppdaterad"),
        (Sammantrade._meta.db_table, "protokoll_klart"),
        *EXTRA_DATAKALLOR,
    ]
    q = connection.ops.quote_name
    # Only the models' own table and column names go into the statement, quoted.
    sql = "SELECT " + ", ".join(f"(SELECT MAX({q(k)}) FROM {q(t)})" for t, k in tabeller)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rad = cursor.fetchone()
    return hashlib.sha256(repr(rad).encode()).hexdigest()[:20]

"""What the data says about a body's year: the generated part of its verksamhetsberättelse.

Six queries, whatever the size of the year: the meetings held, the body's decisions,
the projects started and finished in the year, the follow-up reports presented to the
body, and the implementation per region.

A working group's year (``arbetsgrupp_underlag``) takes five: the group's meetings
(its minnesanteckningar), its delrapporter, its förankringar with the line, the
project's decisions and its state changes.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils import timezone

from delprojekt.models import (
    Beslut,
    Delprojekt,
    Delrapport,
    Forankring,
    Handelse,
    Minnesanteckning,
    Organ,
    Sammantrade,
    Status,
)
from uppfoljning.models import Inforandestatus, Redovisning


@dataclass
class Beslutsslag:
    utfall: str
    etikett: str
    beslut: list[Beslut] = field(default_factory=list)


@dataclass
class Underlag:
    organ: Organ
    ar: int
    moten: Sequence[Sammantrade]
    beslut_per_slag: list[Beslutsslag]
    antal_beslut: int
    startade: list[Beslut]
    avslutade: list[Handelse]
    uppfoljningar: list[Redovisning]
    inforande: list[dict[str, Any]]
    inforande_statusar: list[tuple[str, str]]


def _aret(ar: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(ar, 1, 1), datetime.date(ar, 12, 31)


@dataclass
class ArbetsgruppUnderlag:
    delprojekt: Delprojekt
    ar: int
    moten: Sequence[Minnesanteckning]
    delrapporter: list[Delrapport]
    forankringar: list[Forankring]
    beslut_per_slag: list[Beslutsslag]
    antal_beslut: int
    statusandringar: list[Handelse]


def _per_slag(beslut: list[Beslut]) -> list[Beslutsslag]:
    """The decisions grouped by kind, in the order the kinds are declared."""
    etiketter = dict(Beslut.Utfall.choices)
    slag: dict[str, Beslutsslag] = {}
    for b in beslut:
        slag.setdefault(b.utfall, Beslutsslag(b.utfall, str(etiketter.get(b.utfall, b.utfall))))
        slag[b.utfall].beslut.append(b)
    ordning = [u for u, _ in Beslut.Utfall.choices]
    return sorted(
        slag.values(), key=lambda s: ordning.index(s.utfall) if s.utfall in ordning else 99
    )


def berattelse_underlag(*, organ: Organ, ar: int) -> Underlag:
    forsta, sista = _aret(ar)
    nu = timezone.now()
    moten = list(
        Sammantrade.objects.filter(
            organ=organ, start__date__gte=forsta, start__date__lte=sista, start__lte=nu
        )
        .annotate(antal_punkter=Count("punkter"))
        .order_by("start", "pk")
    )
    beslut = list(
        Beslut.objects.filter(organ=organ, datum__gte=forsta, datum__lte=sista)
        .select_related("delprojekt")
        .order_by("datum", "pk")
    )
    per_slag = _per_slag(beslut)
    startade = list(
        Beslut.objects.filter(
            utfall=Beslut.Utfall.START,
            datum__gte=forsta,
            datum__lte=sista,
            delprojekt__isnull=False,
        )
        .select_related("delprojekt", "organ")
        .order_by("datum", "pk")
    )
    avslutade = list(
        Handelse.objects.filter(
            till_status=Status.AVSLUTAD,
            tidpunkt__date__gte=forsta,
            tidpunkt__date__lte=sista,
        )
        .select_related("delprojekt")
        .order_by("tidpunkt", "pk")
    )
    uppfoljningar = list(
        Redovisning.objects.filter(organ_typ=organ.typ, datum__gte=forsta, datum__lte=sista)
        .select_related("omgang__delprojekt", "dagordningspunkt")
        .order_by("datum", "pk")
    )
    statusar = [(str(v), str(label)) for v, label in Inforandestatus.Status.choices]
    rader: dict[int, dict[str, Any]] = {}
    for region_id, namn, status, antal in (
        Inforandestatus.objects.values_list("region_id", "region__namn", "status")
        .annotate(antal=Count("pk"))
        .order_by("region__ordning", "region__namn", "status")
    ):
        rad = rader.setdefault(region_id, {"region": namn, "antal": {}, "totalt": 0})
        rad["antal"][status] = antal
        rad["totalt"] += antal
    inforande = []
    for rad in rader.values():
        rad["celler"] = [rad["antal"].get(v, 0) for v, _ in statusar]
        inforande.append(rad)
    return Underlag(
        organ=organ,
        ar=ar,
        moten=moten,
        beslut_per_slag=per_slag,
        antal_beslut=len(beslut),
        startade=startade,
        avslutade=avslutade,
        uppfoljningar=uppfoljningar,
        inforande=inforande,
        inforande_statusar=statusar,
    )


def arbetsgrupp_underlag(*, delprojekt: Delprojekt, ar: int) -> ArbetsgruppUnderlag:
    forsta, sista = _aret(ar)
    idag = timezone.localdate()
    moten = list(
        Minnesanteckning.objects.filter(
            delprojekt=delprojekt, datum__gte=forsta, datum__lte=min(sista, idag)
        )
        .annotate(
            antal_narvarande=Count("deltagare", distinct=True),
            antal_vagval=Count("vagval", distinct=True),
        )
        .order_by("datum", "pk")
    )
    delrapporter = list(
        Delrapport.objects.filter(
            delprojekt=delprojekt,
            registrerad__date__gte=forsta,
            registrerad__date__lte=sista,
        ).order_by("registrerad", "pk")
    )
    forankringar = list(
        Forankring.objects.filter(delprojekt=delprojekt, datum__gte=forsta, datum__lte=sista)
        .select_related("organ", "region")
        .order_by("datum", "pk")
    )
    beslut = list(
        Beslut.objects.filter(delprojekt=delprojekt, datum__gte=forsta, datum__lte=sista)
        .select_related("organ")
        .order_by("datum", "pk")
    )
    statusandringar = list(
        Handelse.objects.filter(
            delprojekt=delprojekt,
            typ=Handelse.Typ.OVERGANG,
            tidpunkt__date__gte=forsta,
            tidpunkt__date__lte=sista,
        ).order_by("tidpunkt", "pk")
    )
    return ArbetsgruppUnderlag(
        delprojekt=delprojekt,
        ar=ar,
        moten=moten,
        delrapporter=delrapporter,
        forankringar=forankringar,
        beslut_per_slag=_per_slag(beslut),
        antal_beslut=len(beslut),
        statusandringar=statusandringar,
    )


__all__ = [
    "ArbetsgruppUnderlag",
    "Beslutsslag",
    "Underlag",
    "arbetsgrupp_underlag",
    "berattelse_underlag",
]

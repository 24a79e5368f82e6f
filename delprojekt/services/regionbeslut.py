"""Reads about the regions' own decisions: what each region has decided and what is missing.

Used by the guard for ``borja_inforande``, the matrix page of a project and the
portfolio-wide overview the kansli chases decisions from. Queries are bounded: the
overview runs a fixed number of queries however many projects there are.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, F, Func, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.models import (
    Beslut,
    Delprojekt,
    Huvudmannabeslut,
    Region,
    Rekommendation,
    Rekommendationsutfall,
    Status,
)

KOMMENTAR_KRAVS = (Rekommendationsutfall.Utfall.DELVIS, Rekommendationsutfall.Utfall.AVSLAG)
#: The states in which regions register decisions and the kansli chases them.
OPEN_IN = (Status.HUVUDMANNABESLUT, Status.INFORANDE)


def current_rekommendationer(delprojekt: Delprojekt) -> list[Rekommendation]:
    """The recommendations of the board's latest recommending decision, in order."""
    senaste = (
        Beslut.objects.filter(delprojekt=delprojekt, utfall=Beslut.Utfall.REKOMMENDATION)
        .order_by("-datum", "-pk")
        .values("pk")[:1]
    )
    return list(
        Rekommendation.objects.filter(beslut__in=senaste)
        .select_related("atgardsforslag")
        .order_by("ordning", "pk")
    )


def saknas(
    beslut: Huvudmannabeslut | None,
    rekommendationer: list[Rekommendation],
    besvarade: set[int],
) -> list[str]:
    """What a region's decision still lacks, as short Swedish phrases (empty when complete).

    ``besvarade`` holds the ids of the recommendations the region has an outcome for.
    """
    if beslut is None:
        return [_("beslut")]
    out = []
    if not beslut.protokollsutdrag:
        out.append(_("protokollsutdrag"))
    obesvarade = [str(r.ordning) for r in rekommendationer if r.pk not in besvarade]
    if obesvarade:
        out.append(_("utfall för rekommendation %(nr)s") % {"nr": ", ".join(obesvarade)})
    return out


def _besvarade(beslut_ids: list[int]) -> dict[int, set[int]]:
    """Huvudmannabeslut id -> ids of the recommendations it has an outcome for."""
    out: dict[int, set[int]] = defaultdict(set)
    rows = Rekommendationsutfall.objects.filter(huvudmannabeslut_id__in=beslut_ids).values_list(
        "huvudmannabeslut_id", "rekommendation_id"
    )
    for beslut_id, rek_id in rows:
        out[beslut_id].add(rek_id)
    return out


def missing_for_implementation(dp: Delprojekt) -> list[str]:
    """Why implementation cannot start yet: per concerned region, what its decision lacks."""
    beslut = {b.region_id: b for b in dp.huvudmannabeslut.all()}
    rekommendationer = current_rekommendationer(dp)
    besvarade = _besvarade([b.pk for b in beslut.values()]) if rekommendationer else {}
    out = []
    for region in dp.regioner.all():
        b = beslut.get(region.pk)
        if b is None:
            out.append(_("%(region)s har inget registrerat beslut.") % {"region": region.namn})
            continue
        if not b.protokollsutdrag:
            out.append(_("%(region)s saknar protokollsutdrag.") % {"region": region.namn})
        obesvarade = [
            str(r.ordning) for r in rekommendationer if r.pk not in besvarade.get(b.pk, set())
        ]
        if obesvarade:
            out.append(
                _("%(region)s saknar utfall för rekommendation %(nr)s.")
                % {"region": region.namn, "nr": ", ".join(obesvarade)}
            )
    return out


def regioner_utan_komplett_beslut() -> QuerySet:
    """In one query: the (project, region) pairs awaiting the region's decision where the
    region has no complete one (``saknas`` gives the same answer row by row), each
    annotated with ``beslut_id`` (None when nothing is registered), ``utan_utdrag``
    (registered without protokollsutdrag), ``rekommendationer`` (of the board's latest
    recommending decision) and ``besvarade`` (those with the region's outcome)."""
    through = Delprojekt.regioner.through
    hmb = Huvudmannabeslut.objects.filter(
        delprojekt_id=OuterRef("delprojekt_id"), region_id=OuterRef("region_id")
    )
    senaste = (
        Beslut.objects.filter(
            delprojekt_id=OuterRef("delprojekt_id"), utfall=Beslut.Utfall.REKOMMENDATION
        )
        .order_by("-datum", "-pk")
        .values("pk")[:1]
    )

    def antal(qs: QuerySet) -> Coalesce:
        return Coalesce(
            Subquery(qs.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]),
            0,
        )

    return (
        through.objects.filter(delprojekt__status__in=OPEN_IN)
        .annotate(
            beslut_id=Subquery(hmb.values("pk")[:1]),
            utan_utdrag=Exists(hmb.filter(protokollsutdrag="")),
            senaste_rek=Subquery(senaste),
        )
        .annotate(
            rekommendationer=antal(
                Rekommendation.objects.filter(beslut_id=OuterRef("senaste_rek"))
            ),
            besvarade=antal(
                Rekommendationsutfall.objects.filter(
                    huvudmannabeslut_id=OuterRef("beslut_id"),
                    rekommendation__beslut_id=OuterRef("senaste_rek"),
                )
            ),
        )
        .filter(
            Q(beslut_id__isnull=True) | Q(utan_utdrag=True) | Q(besvarade__lt=F("rekommendationer"))
        )
    )


# --- The matrix of one project ------------------------------------------------------------


@dataclass
class Cell:
    region: Region
    beslut: Huvudmannabeslut | None
    utfall: Rekommendationsutfall | None


@dataclass
class Matrisrad:
    rekommendation: Rekommendation
    celler: list[Cell]


@dataclass
class Matris:
    regioner: list[Region]
    #: region id -> the region's decision (absent when none is registered)
    beslut: dict[int, Huvudmannabeslut]
    kolumner: list[tuple[Region, Huvudmannabeslut | None, list[str]]]
    rader: list[Matrisrad]
    namndbeslut: Beslut | None = None


def matris(dp: Delprojekt) -> Matris:
    """Recommendations × concerned regions, with each region's outcome."""
    regioner = list(dp.regioner.all())
    beslut = {
        b.region_id: b
        for b in Huvudmannabeslut.objects.filter(delprojekt=dp).prefetch_related(
            Prefetch("utfall", queryset=Rekommendationsutfall.objects.order_by())
        )
    }
    namndbeslut = (
        Beslut.objects.filter(delprojekt=dp, utfall=Beslut.Utfall.REKOMMENDATION)
        .select_related("organ")
        .order_by("-datum", "-pk")
        .first()
    )
    rekommendationer = (
        list(namndbeslut.rekommendationer.order_by("ordning", "pk")) if namndbeslut else []
    )
    utfall = {
        (b.region_id, u.rekommendation_id): u for b in beslut.values() for u in b.utfall.all()
    }
    kolumner = []
    for region in regioner:
        b = beslut.get(region.pk)
        besvarade = {u.rekommendation_id for u in b.utfall.all()} if b is not None else set()
        kolumner.append((region, b, saknas(b, rekommendationer, besvarade)))
    rader = [
        Matrisrad(
            rekommendation=rek,
            celler=[
                Cell(
                    region=region,
                    beslut=beslut.get(region.pk),
                    utfall=utfall.get((region.pk, rek.pk)),
                )
                for region in regioner
            ],
        )
        for rek in rekommendationer
    ]
    return Matris(
        regioner=regioner, beslut=beslut, kolumner=kolumner, rader=rader, namndbeslut=namndbeslut
    )


# --- Across the portfolio: what each region still has to decide ----------------------------


@dataclass
class Obeslutat:
    delprojekt: Delprojekt
    beslut: Huvudmannabeslut | None
    saknas: list[str]
    dagar: int | None


@dataclass
class Regionlista:
    region: Region
    rader: list[Obeslutat] = field(default_factory=list)


def oversikt(
    *, region: Region | None = None, today: datetime.date | None = None
) -> list[Regionlista]:
    """Per region (or only ``region``): the projects awaiting the board's recommendation
    in the regions for which that region has no complete decision, longest waiting first."""
    today = today or timezone.localdate()
    regioner = [region] if region is not None else list(Region.objects.order_by("ordning", "namn"))
    projekt_qs = Delprojekt.objects.filter(status__in=OPEN_IN)
    if region is not None:
        projekt_qs = projekt_qs.filter(regioner=region)
    projekt = list(
        projekt_qs.only("pk", "referens", "titel", "status", "namnd_beslutsdatum")
        .prefetch_related(Prefetch("regioner", queryset=Region.objects.only("pk")))
        .order_by("namnd_beslutsdatum", "referens")
    )
    ids = [dp.pk for dp in projekt]
    rekommendationer: dict[int | None, list[Rekommendation]] = {}
    for nb in (
        Beslut.objects.filter(delprojekt_id__in=ids, utfall=Beslut.Utfall.REKOMMENDATION)
        .only("pk", "delprojekt_id", "datum")
        .order_by("-datum", "-pk")
        .prefetch_related(
            Prefetch(
                "rekommendationer",
                queryset=Rekommendation.objects.only("pk", "beslut_id", "ordning").order_by(
                    "ordning", "pk"
                ),
            )
        )
    ):
        # Newest first: the first one seen for a project is its current decision.
        rekommendationer.setdefault(nb.delprojekt_id, list(nb.rekommendationer.all()))
    beslut = {
        (b.delprojekt_id, b.region_id): b
        for b in Huvudmannabeslut.objects.filter(delprojekt_id__in=ids).only(
            "pk", "delprojekt_id", "region_id", "protokollsutdrag", "datum"
        )
    }
    besvarade = _besvarade([b.pk for b in beslut.values()])
    out = []
    for r in regioner:
        lista = Regionlista(region=r)
        for dp in projekt:
            if r.pk not in {x.pk for x in dp.regioner.all()}:
                continue
            b = beslut.get((dp.pk, r.pk))
            brister = saknas(
                b, rekommendationer.get(dp.pk, []), besvarade.get(b.pk, set()) if b else set()
            )
            if brister:
                dagar = (today - dp.namnd_beslutsdatum).days if dp.namnd_beslutsdatum else None
                lista.rader.append(Obeslutat(delprojekt=dp, beslut=b, saknas=brister, dagar=dagar))
        out.append(lista)
    return out

"""Reads for the processtöd pages: the posts a user may see and the overview per year."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from delprojekt.models import Delprojekt, Organ, Organmedlemskap, Region
from delprojekt.types import Viewer
from processtod.models import Fakturastatus, Processtodsfaktura, Processtodstjanst
from processtod.permissions import synliga_regioner


def _kansli_nu() -> Exists:
    """Whether the post's person is a member of the kansli today (one subquery)."""
    return Exists(
        Organmedlemskap.objects.current()
        .filter(person=OuterRef("person_id"), organ__typ=Organ.Typ.KANSLI, organ__aktiv=True)
        .values("pk")
    )


def tjanster_for(user: Viewer) -> QuerySet[Processtodstjanst]:
    """The posts the user may read, with region and person, and whether the person is in
    the kansli (``ar_kansli``)."""
    qs = Processtodstjanst.objects.select_related("region", "person").annotate(
        ar_kansli=_kansli_nu()
    )
    regioner = synliga_regioner(user)
    if regioner is not None:
        qs = qs.filter(region_id__in=regioner)
    return qs


def tjanst_for_user(user: Viewer, pk: int) -> Processtodstjanst:
    """The post for its page, or 404 for anyone who may not read it (the permission's
    rule and this filter are the same: ``synliga_regioner``)."""
    tjanst = (
        tjanster_for(user)
        .filter(pk=pk)
        .prefetch_related(
            Prefetch("delprojekt", queryset=Delprojekt.objects.order_by("referens")),
            Prefetch("fakturor", queryset=Processtodsfaktura.objects.order_by("-ar", "-halvar")),
        )
        .first()
    )
    if tjanst is None or not user.has_perm("processtod.view_tjanst", tjanst):
        raise Http404
    return tjanst


def processtod_for_delprojekt(dp: Delprojekt) -> list[Processtodstjanst]:
    """The posts that support a project, each with ``ar_kansli`` (one query)."""
    return list(
        Processtodstjanst.objects.filter(delprojekt=dp)
        .select_related("region", "person")
        .annotate(ar_kansli=_kansli_nu())
        .order_by("region__ordning", "benamning", "pk")
    )


@dataclass
class Summor:
    forvantad: Decimal = Decimal(0)
    mottagen: Decimal = Decimal(0)
    betald: Decimal = Decimal(0)

    @property
    def totalt(self) -> Decimal:
        return self.forvantad + self.mottagen + self.betald

    def lagg_till(self, faktura: Processtodsfaktura) -> None:
        setattr(self, faktura.status, getattr(self, faktura.status) + faktura.belopp)


@dataclass
class Rad:
    tjanst: Processtodstjanst
    halvar: dict[int, Processtodsfaktura | None]
    summor: Summor = field(default_factory=Summor)


@dataclass
class Regiongrupp:
    region: Region
    rader: list[Rad] = field(default_factory=list)
    summor: Summor = field(default_factory=Summor)


@dataclass
class Oversikt:
    ar: int
    regioner: list[Regiongrupp]
    summor: Summor
    ar_med_data: list[int]


def oversikt(user: Viewer, ar: int) -> Oversikt:
    """The posts running some time in ``ar``, grouped by region, with the invoice of each
    half-year and the sums per status (two queries, and one for the years to choose)."""
    start, slut = datetime.date(ar, 1, 1), datetime.date(ar, 12, 31)
    tjanster = (
        tjanster_for(user)
        .filter(fran__lte=slut, till__gte=start)
        .prefetch_related(Prefetch("fakturor", queryset=Processtodsfaktura.objects.filter(ar=ar)))
        .order_by("region__ordning", "region__namn", "benamning", "pk")
    )
    grupper: dict[int, Regiongrupp] = {}
    totalt = Summor()
    for t in tjanster:
        grupp = grupper.setdefault(t.region_id, Regiongrupp(region=t.region))
        per_halvar: dict[int, Processtodsfaktura | None] = {1: None, 2: None}
        rad = Rad(tjanst=t, halvar=per_halvar)
        for faktura in t.fakturor.all():
            per_halvar[faktura.halvar] = faktura
            for s in (rad.summor, grupp.summor, totalt):
                s.lagg_till(faktura)
        grupp.rader.append(rad)
    return Oversikt(
        ar=ar, regioner=list(grupper.values()), summor=totalt, ar_med_data=ar_att_valja(user)
    )


def ar_att_valja(user: Viewer) -> list[int]:
    """The years some visible post runs, and this year."""
    ar = {timezone.localdate().year}
    spann: defaultdict[str, list[datetime.date]] = defaultdict(list)
    for fran, till in tjanster_for(user).values_list("fran", "till"):
        spann["fran"].append(fran)
        spann["till"].append(till)
    if spann:
        ar.update(range(min(spann["fran"]).year, max(spann["till"]).year + 1))
    return sorted(ar)


STATUSORDNING = [s.value for s in Fakturastatus]

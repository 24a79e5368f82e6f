"""Implementation per region: how far each region has come with each of the board's
recommendations.

- ``inforande_matris(dp)``: recommendations × concerned regions for one project, with
  the status of every cell (a cell nobody has recorded yet defaults to "ej aktuellt"
  when the region said no in its own decision, otherwise "ej påbörjat"). The follow-up
  report's section on implementation is generated from it.
- ``inforande_save``: a region's statuses and comments; the kansli for every region,
  a regional coordinator for their own region only.
- ``inforande_oversikt``: across the portfolio, per region, how many recommendations
  are implemented, in progress, not started or not relevant.

Reads run a fixed number of queries however many projects, recommendations and
regions there are.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from delprojekt.historik import set_history_user
from delprojekt.models import (
    Beslut,
    Delprojekt,
    Handelse,
    Region,
    Rekommendation,
    Rekommendationsutfall,
    Status,
)
from delprojekt.permissions import is_kansli, roller_for
from delprojekt.services.errors import GuardFailed, Invalid, NotAllowed
from delprojekt.services.events import record_event
from delprojekt.services.regionbeslut import current_rekommendationer
from delprojekt.types import Actor, Viewer
from uppfoljning.models import Inforandestatus

S = Inforandestatus.Status

#: The project states in which the board's recommendation exists and regions implement it.
INFORANDE_I = (Status.HUVUDMANNABESLUT, Status.INFORANDE, Status.UPPFOLJNING)
#: Projects counted in the portfolio view: implementing, followed up, or finished after it.
OVERSIKT_I = (*INFORANDE_I, Status.AVSLUTAD)

#: Display order of the statuses (furthest first) and a symbol for each, so that a
#: status never relies on colour alone.
ORDNING = (S.GENOMFORT, S.PAGAR, S.EJ_PABORJAT, S.EJ_AKTUELLT)
SYMBOL: dict[str, str] = {S.GENOMFORT: "✓", S.PAGAR: "◐", S.EJ_PABORJAT: "○", S.EJ_AKTUELLT: "–"}

KOMMENTAR_MAX = 500


def default_status(avslag: bool) -> str:
    """The status of a cell nobody has recorded: a region that said no has nothing to do."""
    return S.EJ_AKTUELLT if avslag else S.EJ_PABORJAT


def tom_summa() -> dict[str, int]:
    return {s.value: 0 for s in ORDNING}


# --- One project's matrix --------------------------------------------------------------


@dataclass(frozen=True)
class InforandeCell:
    region: Region
    status: str
    status_label: str
    kommentar: str
    uppdaterad: datetime.datetime | None
    uppdaterad_av: str
    regionens_beslut: str

    @property
    def symbol(self) -> str:
        return SYMBOL.get(self.status, "")

    @property
    def registrerad(self) -> bool:
        """Somebody has recorded this cell (it is not a default)."""
        return self.uppdaterad is not None


@dataclass(frozen=True)
class InforandeRad:
    rekommendation: Rekommendation
    celler: list[InforandeCell]


@dataclass(frozen=True)
class InforandeMatris:
    regioner: list[Region]
    rader: list[InforandeRad]
    summa: dict[str, int]

    @property
    def tom(self) -> bool:
        return not self.rader

    @property
    def antal(self) -> int:
        return sum(self.summa.values())

    def andelar(self) -> list[Andel]:
        return andelar(self.summa)

    def kolumn(self, region: Region) -> list[InforandeCell]:
        """The cells of one region, in the order of the recommendations."""
        i = [r.pk for r in self.regioner].index(region.pk)
        return [rad.celler[i] for rad in self.rader]


@dataclass(frozen=True)
class Andel:
    status: str
    label: str
    symbol: str
    antal: int
    procent: int


def andelar(summa: dict[str, int]) -> list[Andel]:
    """Count and share (whole per cent, rounded half up) of each status, in display order.

    Each share is rounded on its own, so equal counts always show equal shares (the
    shares may then add up to 99 or 101).
    """
    total = sum(summa.get(s.value, 0) for s in ORDNING)
    return [
        Andel(
            status=s.value,
            label=str(s.label),
            symbol=SYMBOL[s],
            antal=summa.get(s.value, 0),
            procent=(summa.get(s.value, 0) * 200 + total) // (2 * total) if total else 0,
        )
        for s in ORDNING
    ]


def _fordela(antal: list[int], enheter: int, total: int) -> list[int]:
    """Split ``enheter`` in proportion to ``antal`` (largest remainder), summing exactly."""
    exakta = [a * enheter / total for a in antal]
    heltal = [int(x) for x in exakta]
    rest = enheter - sum(heltal)
    ordning = sorted(range(len(antal)), key=lambda i: exakta[i] - heltal[i], reverse=True)
    for i in ordning[:rest]:
        heltal[i] += 1
    return heltal


def stapel(summa: dict[str, int], bredd: int = 20) -> list[tuple[str, str]]:
    """A text bar of ``bredd`` symbols: (status, symbols) per status, in display order."""
    total = sum(summa.get(s.value, 0) for s in ORDNING)
    if not total:
        return []
    delar = _fordela([summa.get(s.value, 0) for s in ORDNING], bredd, total)
    return [(s.value, SYMBOL[s] * n) for s, n in zip(ORDNING, delar, strict=True) if n]


def _lagrade(rek_ids: list[int], region_ids: list[int] | None = None) -> dict[tuple, Any]:
    """(rekommendation id, region id) -> the stored row, with who updated it."""
    qs = Inforandestatus.objects.filter(rekommendation_id__in=rek_ids).order_by()
    if region_ids is not None:
        qs = qs.filter(region_id__in=region_ids)
    return {
        (r.rekommendation_id, r.region_id): r for r in qs.select_related("uppdaterad_av__person")
    }


def _regionernas_beslut(rek_ids: list[int]) -> dict[tuple[int, int], str]:
    """(rekommendation id, region id) -> the region's outcome (``Rekommendationsutfall``)."""
    rows = (
        Rekommendationsutfall.objects.filter(rekommendation_id__in=rek_ids)
        .order_by()
        .values_list("rekommendation_id", "huvudmannabeslut__region_id", "utfall")
    )
    return {(rek, region): utfall for rek, region, utfall in rows}


def _namn(users: set[Actor]) -> dict[int, str]:
    """User id -> display name (the person's name, else the account's name); the users
    come with their person (``select_related("uppdaterad_av__person")``)."""

    def namn(u: Actor) -> str:
        person = getattr(u, "person", None)
        return (person.namn if person is not None else "") or u.get_full_name() or u.get_username()

    return {u.pk: namn(u) for u in users}


def inforande_matris(dp: Delprojekt) -> InforandeMatris:
    """Recommendations × concerned regions with each region's implementation status."""
    regioner = sorted(dp.regioner.all(), key=lambda r: (r.ordning, r.namn))
    rekommendationer = current_rekommendationer(dp)
    rek_ids = [r.pk for r in rekommendationer]
    if not rek_ids or not regioner:
        return InforandeMatris(
            regioner=regioner,
            rader=[InforandeRad(rekommendation=r, celler=[]) for r in rekommendationer],
            summa=tom_summa(),
        )
    lagrade = _lagrade(rek_ids)
    beslut = _regionernas_beslut(rek_ids)
    namn = _namn({r.uppdaterad_av for r in lagrade.values() if r.uppdaterad_av is not None})
    utfall_label = dict(Rekommendationsutfall.Utfall.choices)
    summa = tom_summa()
    rader = []
    for rek in rekommendationer:
        celler = []
        for region in regioner:
            rad = lagrade.get((rek.pk, region.pk))
            utfall = beslut.get((rek.pk, region.pk), "")
            if rad is not None:
                status, kommentar, uppdaterad = rad.status, rad.kommentar, rad.uppdaterad
                av = namn.get(rad.uppdaterad_av_id, "") if rad.uppdaterad_av_id else ""
            else:
                # A recommendation aimed at the sjukvårdsregion itself is not the regions'.
                status = default_status(
                    utfall == Rekommendationsutfall.Utfall.AVSLAG
                    or bool(rek.atgardsforslag and rek.atgardsforslag.sjukvardsregional)
                )
                kommentar, uppdaterad, av = "", None, ""
            summa[status] = summa.get(status, 0) + 1
            celler.append(
                InforandeCell(
                    region=region,
                    status=status,
                    status_label=str(S(status).label) if status in S.values else status,
                    kommentar=kommentar,
                    uppdaterad=uppdaterad,
                    uppdaterad_av=av,
                    regionens_beslut=str(utfall_label.get(utfall, "")),
                )
            )
        rader.append(InforandeRad(rekommendation=rek, celler=celler))
    return InforandeMatris(regioner=regioner, rader=rader, summa=summa)


# --- Who may update which region -------------------------------------------------------


def may_update(user: Viewer, dp: Delprojekt, region: Region) -> bool:
    """The kansli for every region, a regional coordinator for their own region only."""
    if not user.has_perm("uppfoljning.update_inforande", dp):
        return False
    return bool(is_kansli(user)) or roller_for(user).samordnare_region_id == region.pk


def is_open_for_updates(dp: Delprojekt) -> bool:
    """The board's recommendation exists and the project has not ended."""
    return dp.status in INFORANDE_I


# --- Saving a region's statuses --------------------------------------------------------


def inforande_save(
    *,
    delprojekt: Delprojekt,
    region: Region,
    user: Actor,
    data: dict[int, tuple[str, str]],
) -> int:
    """Record one region's status and comment per recommendation (rekommendation id ->
    (status, kommentar)). Writes only the rows that change; returns how many did."""
    dp = delprojekt
    if not user.has_perm("uppfoljning.update_inforande", dp):
        raise NotAllowed(_("Du får inte uppdatera införandet i det här delprojektet."))
    if not may_update(user, dp, region):
        raise NotAllowed(
            _("Som regional samordnare uppdaterar du bara införandet i din egen region.")
        )
    if not is_open_for_updates(dp):
        raise GuardFailed(
            _(
                "Införandet kan registreras först när nämnden har rekommenderat regionerna "
                "(och så länge delprojektet pågår)."
            )
        )
    if not dp.regioner.filter(pk=region.pk).exists():
        raise Invalid(_("%(region)s berörs inte av delprojektet.") % {"region": region.namn})
    rekommendationer = {r.pk: r for r in current_rekommendationer(dp)}
    rensat, fel = _validate(data, rekommendationer)
    if fel:
        allmanna = fel.pop("__all__", [])
        raise Invalid(
            _("Införandet sparades inte. Rätta felen och försök igen."),
            *allmanna,
            field_errors=fel,
        )

    with transaction.atomic():
        # One save per project at a time: the rows of a region are created on first save.
        Delprojekt.objects.select_for_update().only("pk").get(pk=dp.pk)
        ids = list(rensat)
        befintliga = {
            r.rekommendation_id: r
            for r in Inforandestatus.objects.select_for_update().filter(
                rekommendation_id__in=ids, region=region
            )
        }
        avslag = set(
            Rekommendationsutfall.objects.filter(
                rekommendation_id__in=ids,
                huvudmannabeslut__region=region,
                utfall=Rekommendationsutfall.Utfall.AVSLAG,
            ).values_list("rekommendation_id", flat=True)
        )
        now = timezone.now()
        andrade: list[tuple[Rekommendation, str, bool]] = []
        for rek_id in sorted(ids, key=lambda pk: (rekommendationer[pk].ordning, pk)):
            status, kommentar = rensat[rek_id]
            rad = befintliga.get(rek_id)
            if rad is None:
                if status == default_status(rek_id in avslag) and not kommentar:
                    continue
                rad = Inforandestatus(
                    rekommendation_id=rek_id,
                    region=region,
                    status=status,
                    kommentar=kommentar,
                    uppdaterad=now,
                    uppdaterad_av=user,
                )
                set_history_user(rad, user)
                rad.save()
                andrade.append((rekommendationer[rek_id], status, False))
                continue
            if rad.status == status and rad.kommentar == kommentar:
                continue
            bara_kommentar = rad.status == status
            rad.status = status
            rad.kommentar = kommentar
            rad.uppdaterad = now
            rad.uppdaterad_av = user
            set_history_user(rad, user)
            rad.save(update_fields=["status", "kommentar", "uppdaterad", "uppdaterad_av"])
            andrade.append((rekommendationer[rek_id], status, bara_kommentar))
        if andrade:
            record_event(
                delprojekt=dp,
                user=user,
                typ=Handelse.Typ.UPPFOLJNING,
                text=_sammanfattning(region, andrade),
            )
    return len(andrade)


def _validate(
    data: dict[int, tuple[str, str]], rekommendationer: dict[int, Rekommendation]
) -> tuple[dict[int, tuple[str, str]], dict[str, list[str]]]:
    rensat: dict[int, tuple[str, str]] = {}
    fel: dict[str, list[str]] = defaultdict(list)
    if not rekommendationer:
        fel["__all__"].append(_("Delprojektet har inga rekommendationer från nämnden."))
    for rek_id, value in data.items():
        try:
            status, kommentar = value
        except (TypeError, ValueError):
            fel["__all__"].append(_("Uppgifterna om införandet är ofullständiga."))
            continue
        rek = rekommendationer.get(rek_id) if isinstance(rek_id, int) else None
        if rek is None:
            fel["__all__"].append(
                _("Rekommendationen finns inte bland nämndens aktuella rekommendationer.")
            )
            continue
        status = str(status or "")
        kommentar = str(kommentar or "").replace("\r\n", "\n").strip()
        if status not in S.values:
            fel[f"status_{rek_id}"].append(
                _("Välj en giltig status för rekommendation %(nr)s.") % {"nr": rek.ordning}
            )
        if len(kommentar) > KOMMENTAR_MAX:
            fel[f"kommentar_{rek_id}"].append(
                _("Kommentaren till rekommendation %(nr)s får vara högst %(max)s tecken.")
                % {"nr": rek.ordning, "max": KOMMENTAR_MAX}
            )
        rensat[rek_id] = (status, kommentar)
    return rensat, dict(fel)


def _sammanfattning(region: Region, andrade: list[tuple[Rekommendation, str, bool]]) -> str:
    delar = []
    for rek, status, bara_kommentar in andrade:
        if bara_kommentar:
            delar.append(_("rekommendation %(nr)s ny kommentar") % {"nr": rek.ordning})
        else:
            delar.append(
                _("rekommendation %(nr)s %(status)s")
                % {"nr": rek.ordning, "status": str(S(status).label).lower()}
            )
    text = _("Införandet i %(region)s uppdaterades: %(delar)s.") % {
        "region": region.namn,
        "delar": ", ".join(delar),
    }
    if len(text) <= 300:
        return text
    antal = Counter(status for _rek, status, _k in andrade)
    delar = [f"{antal[s]} {str(s.label).lower()}" for s in ORDNING if antal[s]]
    return _("Införandet i %(region)s uppdaterades: %(n)s rekommendationer (%(delar)s).") % {
        "region": region.namn,
        "n": len(andrade),
        "delar": ", ".join(delar),
    }


# --- Across the portfolio --------------------------------------------------------------


@dataclass
class Projektsumma:
    delprojekt: Delprojekt
    summa: dict[str, int] = field(default_factory=tom_summa)

    @property
    def antal(self) -> int:
        return sum(self.summa.values())

    def andelar(self) -> list[Andel]:
        return andelar(self.summa)


@dataclass
class Regionsumma:
    region: Region
    summa: dict[str, int] = field(default_factory=tom_summa)
    projekt: list[Projektsumma] = field(default_factory=list)

    @property
    def antal(self) -> int:
        return sum(self.summa.values())

    def andelar(self) -> list[Andel]:
        return andelar(self.summa)

    def stapel(self) -> list[tuple[str, str]]:
        return stapel(self.summa)


def inforande_oversikt(*, region: Region | None = None) -> list[Regionsumma]:
    """Per region (or only ``region``): how the recommendations that concern it stand,
    in total and per project. Projects after the board's recommendation count."""
    regioner = [region] if region is not None else list(Region.objects.order_by("ordning", "namn"))
    projekt_qs = Delprojekt.objects.filter(status__in=OVERSIKT_I)
    if region is not None:
        projekt_qs = projekt_qs.filter(regioner=region)
    projekt = list(
        projekt_qs.only("pk", "referens", "titel", "status")
        .prefetch_related(Prefetch("regioner", queryset=Region.objects.only("pk")))
        .order_by("referens")
    )
    rekommendationer: dict[int | None, list[int]] = {}
    for nb in (
        Beslut.objects.filter(
            delprojekt_id__in=[dp.pk for dp in projekt], utfall=Beslut.Utfall.REKOMMENDATION
        )
        .only("pk", "delprojekt_id", "datum")
        .order_by("-datum", "-pk")
        .prefetch_related(
            Prefetch("rekommendationer", queryset=Rekommendation.objects.only("pk", "beslut_id"))
        )
    ):
        # Newest first: the first one seen for a project is its current decision.
        rekommendationer.setdefault(nb.delprojekt_id, [r.pk for r in nb.rekommendationer.all()])
    rek_ids = [pk for ids in rekommendationer.values() for pk in ids]
    region_ids = [r.pk for r in regioner]
    lagrade = {
        (rek, reg): status
        for rek, reg, status in Inforandestatus.objects.filter(
            rekommendation_id__in=rek_ids, region_id__in=region_ids
        )
        .order_by()
        .values_list("rekommendation_id", "region_id", "status")
    }
    avslag = set(
        Rekommendationsutfall.objects.filter(
            rekommendation_id__in=rek_ids,
            huvudmannabeslut__region_id__in=region_ids,
            utfall=Rekommendationsutfall.Utfall.AVSLAG,
        )
        .order_by()
        .values_list("rekommendation_id", "huvudmannabeslut__region_id")
    )
    out = []
    for r in regioner:
        rs = Regionsumma(region=r)
        for dp in projekt:
            ids = rekommendationer.get(dp.pk)
            if not ids or r.pk not in {x.pk for x in dp.regioner.all()}:
                continue
            ps = Projektsumma(delprojekt=dp)
            for rek_id in ids:
                status = lagrade.get((rek_id, r.pk)) or default_status((rek_id, r.pk) in avslag)
                ps.summa[status] = ps.summa.get(status, 0) + 1
                rs.summa[status] = rs.summa.get(status, 0) + 1
            rs.projekt.append(ps)
        out.append(rs)
    return out

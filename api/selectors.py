"""What each API resource may show a user: exactly what the web pages show them.

Every queryset starts from the permission module's own narrowing
(``delprojekt_visible_for`` for projects, the bodies' members for meetings), so a user
who may not know a project exists sees none of its decisions, agenda items,
recommendations, regional decisions, follow-up parameters or measured values.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from delprojekt.models import (
    Beslut,
    Dagordningspunkt,
    Huvudmannabeslut,
    Organ,
    Organmedlemskap,
    Rekommendation,
    Rekommendationsutfall,
    Sammantrade,
    Uppfoljningsparameter,
)
from delprojekt.permissions import delprojekt_visible_for, roller_for
from delprojekt.types import Viewer
from uppfoljning.models import Inforandestatus, Matvarde


def _synliga_projekt(user: Viewer) -> QuerySet | None:
    """The ids of the projects the user may see, as a subquery; None for all of them."""
    if roller_for(user).ser_alla:
        return None
    return delprojekt_visible_for(user).values("pk")


def _i_synliga_projekt(user: Viewer, qs: QuerySet, falt: str) -> QuerySet:
    projekt = _synliga_projekt(user)
    if projekt is None:
        return qs
    return qs.filter(**{f"{falt}__in": projekt})


def _mina_organ(user: Viewer) -> QuerySet | None:
    """The bodies whose meetings the user may see; None for every body (as the web UI's
    ``delprojekt.view_sammantrade``: the kansli, everyone who reads all, the members)."""
    roller = roller_for(user)
    if roller.ser_alla:
        return None
    if roller.person_id is None:
        return Organ.objects.none().values("pk")
    return (
        Organmedlemskap.objects.current()
        .filter(person_id=roller.person_id, organ__aktiv=True)
        .values("organ_id")
    )


def api_delprojekt(user: Viewer) -> QuerySet:
    return (
        delprojekt_visible_for(user)
        .select_related("kontaktperson")
        .prefetch_related("regioner", "fokusomraden")
    )


def api_beslut(user: Viewer) -> QuerySet:
    """Decisions of visible projects, and decisions outside a project of the bodies whose
    meetings the user sees (as the search narrows them)."""
    qs = Beslut.objects.select_related("organ", "delprojekt")
    if roller_for(user).ser_alla:
        return qs
    organ = _mina_organ(user)
    return qs.filter(
        Q(delprojekt__in=_synliga_projekt(user)) | (Q(delprojekt__isnull=True) & Q(organ__in=organ))
    )


def api_sammantraden(user: Viewer) -> QuerySet:
    """Meetings of the bodies the user may see, with the agenda items of the projects
    they may see (and the items that concern no project)."""
    punkter = Dagordningspunkt.objects.select_related("delprojekt").order_by("ordning", "pk")
    projekt = _synliga_projekt(user)
    if projekt is not None:
        punkter = punkter.filter(Q(delprojekt__isnull=True) | Q(delprojekt__in=projekt))
    qs = Sammantrade.objects.select_related("organ").prefetch_related(
        Prefetch("punkter", queryset=punkter)
    )
    organ = _mina_organ(user)
    if organ is not None:
        qs = qs.filter(organ__in=organ)
    return qs


def api_rekommendationer(user: Viewer) -> QuerySet:
    qs = Rekommendation.objects.select_related(
        "beslut", "beslut__delprojekt", "beslut__organ", "atgardsforslag"
    )
    return _i_synliga_projekt(user, qs, "beslut__delprojekt")


def api_huvudmannabeslut(user: Viewer) -> QuerySet:
    qs = Huvudmannabeslut.objects.select_related("delprojekt", "region").prefetch_related(
        Prefetch(
            "utfall",
            queryset=Rekommendationsutfall.objects.select_related("rekommendation").order_by(
                "rekommendation__ordning", "pk"
            ),
        )
    )
    return _i_synliga_projekt(user, qs, "delprojekt")


def api_inforandestatus(user: Viewer) -> QuerySet:
    qs = Inforandestatus.objects.select_related(
        "region", "rekommendation", "rekommendation__beslut__delprojekt"
    )
    return _i_synliga_projekt(user, qs, "rekommendation__beslut__delprojekt")


def api_uppfoljningsparametrar(user: Viewer) -> QuerySet:
    qs = Uppfoljningsparameter.objects.select_related("delprojekt")
    return _i_synliga_projekt(user, qs, "delprojekt")


def api_matvarden(user: Viewer) -> QuerySet:
    qs = Matvarde.objects.select_related("parameter", "parameter__delprojekt", "region")
    return _i_synliga_projekt(user, qs, "parameter__delprojekt")

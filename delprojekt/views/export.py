"""Spreadsheet downloads: the portfolio with its filters (XLSX, CSV) and the decision register."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from delprojekt import export
from delprojekt.export import Kolumn, Value
from delprojekt.forms import PortfolioFilterForm
from delprojekt.models import (
    ArbetsgruppRoll,
    Arbetsgruppsmedlemskap,
    Beslut,
    Delprojekt,
    Nomineringsstatus,
    Status,
)
from delprojekt.organisation import organisation
from delprojekt.selectors import (
    beslutsregister,
    delprojekt_portfolio,
    mina_roller,
)
from delprojekt.workflow import FASER, nasta_steg

_FAS = {status: str(label) for _key, label, states in FASER for status in states}


def _portfolio_kolumner(mine: bool) -> list[Kolumn]:
    min_roll = [Kolumn(_("Min roll"), 30)] if mine else []
    return [
        *min_roll,
        Kolumn(_("Referens"), 15),
        Kolumn(_("Titel"), 50),
        Kolumn(_("Status"), 24),
        Kolumn(_("Fas"), 28),
        Kolumn(_("Fokusområde"), 30),
        Kolumn(_("Regioner"), 36),
        Kolumn(_("Kontaktperson"), 24),
        Kolumn(_("Ordförande"), 24),
        Kolumn(_("Registrerad"), 12),
        Kolumn(_("I status sedan"), 14),
        Kolumn(_("Dagar i status"), 10),
        Kolumn(_("Nästa steg"), 50),
    ]


def _portfolio(request: HttpRequest, mine: bool) -> QuerySet:
    """The portfolio (or *Mina delprojekt*) as the page shows it to this user, with the
    page's filters."""
    form = PortfolioFilterForm(request.GET or None, org=organisation())
    filters = form.cleaned_data if form.is_valid() else {}
    return delprojekt_portfolio(request.user, filters=filters, mine=mine)


def _labels(choices) -> dict[str, str]:
    # Once per download: get_FOO_display() per row costs more than the rest of the row.
    return {value: str(label) for value, label in choices}


def _per_projekt(qs: QuerySet, ids: QuerySet) -> dict[int, list[str]]:
    """``(delprojekt_id, namn)`` rows, in their order, as lists per project."""
    out: dict[int, list[str]] = defaultdict(list)
    for delprojekt_id, namn in qs.filter(delprojekt_id__in=ids):
        out[delprojekt_id].append(namn)
    return out


def _portfolio_rader(request: HttpRequest, qs: QuerySet, mine: bool) -> Iterator[list[Value]]:
    """The rows of the download, read as values (no model instances): one query for the
    projects and one each for regions, focus areas and chairs."""
    now = timezone.now()
    status = _labels(Status.choices)
    nasta = {s: nasta_steg(s) for s in Status.values}
    roller: dict[int, str] = {}
    if mine:
        # Few rows, and the role needs the prefetched memberships of ``delprojekt_mine``.
        roller = {dp.pk: ", ".join(mina_roller(request.user, dp)) for dp in qs}
    qs = qs.prefetch_related(None)
    ids = qs.order_by().values("pk")
    regioner = _per_projekt(
        Delprojekt.regioner.through.objects.order_by("region__ordning", "region__namn").values_list(
            "delprojekt_id", "region__namn"
        ),
        ids,
    )
    fokus = _per_projekt(
        Delprojekt.fokusomraden.through.objects.order_by(
            "fokusomrade__ordning", "fokusomrade__namn"
        ).values_list("delprojekt_id", "fokusomrade__namn"),
        ids,
    )
    ordforanden = _per_projekt(
        Arbetsgruppsmedlemskap.objects.current()
        .filter(roll=ArbetsgruppRoll.ORDFORANDE)
        .exclude(status=Nomineringsstatus.AVBOJD)
        .order_by("pk")
        .values_list("delprojekt_id", "person__namn"),
        ids,
    )
    for pk, referens, titel, st, kontakt, skapad, andrad in qs.values_list(
        "pk", "referens", "titel", "status", "kontaktperson__namn", "skapad", "status_andrad"
    ):
        yield [
            *([roller[pk]] if mine else []),
            referens,
            titel,
            status.get(st, st),
            _FAS.get(st, ""),
            ", ".join(fokus.get(pk, ())),
            ", ".join(regioner.get(pk, ())),
            kontakt or "",
            ", ".join(ordforanden.get(pk, ())),
            timezone.localtime(skapad).date(),
            timezone.localtime(andrad).date(),
            (now - andrad).days,
            nasta.get(st, ""),
        ]


@login_required
@require_GET
def portfolio_xlsx(request: HttpRequest, mine: bool = False) -> HttpResponse:
    return export.xlsx_response(
        name=export.filename("mina-delprojekt" if mine else "portfolj", "xlsx"),
        blad=_("Mina delprojekt") if mine else _("Portfölj"),
        kolumner=_portfolio_kolumner(mine),
        rader=_portfolio_rader(request, _portfolio(request, mine), mine),
    )


@login_required
@require_GET
def portfolio_csv(request: HttpRequest, mine: bool = False) -> HttpResponse:
    return export.csv_response(
        name=export.filename("mina-delprojekt" if mine else "portfolj", "csv"),
        kolumner=_portfolio_kolumner(mine),
        rader=_portfolio_rader(request, _portfolio(request, mine), mine),
    )


_PARAGRAF = re.compile(r"§\s*(\d+)\s*/\s*(\d{4})")


def _paragraf(beslut) -> tuple[Value, Value]:
    """The § number and its year: from the protocol, else from the text recorded with
    the decision ("§ 14/2026", or whatever the body's own numbering was)."""
    if beslut.paragraf_nr is not None:
        return beslut.paragraf_nr, beslut.paragraf_ar
    match = _PARAGRAF.fullmatch(beslut.paragraf.strip())
    if match:
        return int(match[1]), int(match[2])
    return beslut.paragraf or None, None


def _beslut_rader(qs: QuerySet) -> Iterator[list[Value]]:
    slag = _labels(Beslut.Slag.choices)
    utfall = _labels(Beslut.Utfall.choices)
    for b in qs:
        nummer, ar = _paragraf(b)
        yield [
            b.organ.namn,
            ar,
            nummer,
            b.datum,
            slag.get(b.slag, b.slag),
            b.sammantrade,
            utfall.get(b.utfall, b.utfall),
            b.beslutstext,
            b.delprojekt.referens if b.delprojekt else "",
            b.delprojekt.titel if b.delprojekt else "",
        ]


@login_required
@require_GET
def beslutsregister_xlsx(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("delprojekt.export_beslutsregister"):
        raise PermissionDenied
    kolumner = [
        Kolumn(_("Organ"), 28),
        Kolumn(_("År"), 8),
        Kolumn(_("§"), 8),
        Kolumn(_("Beslutsdatum"), 12),
        Kolumn(_("Hur beslutet fattades"), 22),
        Kolumn(_("Sammanträde"), 28),
        Kolumn(_("Utfall"), 24),
        Kolumn(_("Beslutstext"), 80),
        Kolumn(_("Referens"), 15),
        Kolumn(_("Titel"), 50),
    ]
    return export.xlsx_response(
        name=export.filename("beslutsregister", "xlsx"),
        blad=_("Beslutsregister"),
        kolumner=kolumner,
        rader=_beslut_rader(beslutsregister(request.user)),
    )

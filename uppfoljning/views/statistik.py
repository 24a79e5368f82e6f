"""The statistics page, its workbook and the monthly report (``/statistik/``)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from delprojekt import export
from delprojekt.models import Fokusomrade, Region
from delprojekt.pdf import pdf_response
from delprojekt.selectors import years_in_use
from uppfoljning.forms.statistik import ManadsrapportForm, StatistikFilterForm
from uppfoljning.models import Inforandestatus
from uppfoljning.services.statistikrapport import manadsrapport_pdf, statistik_ark
from uppfoljning.statistik import diagrammen, statistik


def _check(request: HttpRequest) -> None:
    if not request.user.has_perm("uppfoljning.view_statistik"):
        raise PermissionDenied


def _filter_form(request: HttpRequest) -> StatistikFilterForm:
    return StatistikFilterForm(
        request.GET or None,
        years=years_in_use(),
        regioner=list(Region.objects.all()),
        fokusomraden=list(Fokusomrade.objects.all()),
    )


def _filter_query(form: StatistikFilterForm) -> str:
    """The valid filters as a query string, for the export links."""
    if not form.is_valid():
        return ""
    return urlencode({k: v for k, v in form.cleaned_data.items() if v not in (None, "")})


@login_required
@require_GET
def sida(request: HttpRequest) -> HttpResponse:
    _check(request)
    form = _filter_form(request)
    st = statistik(form.urval(), regioner=list(form.regioner.values()))
    today = timezone.localdate()
    rapportform = ManadsrapportForm(
        initial={"ar": today.year, "manad": today.month}, years=form.years
    )
    return render(
        request,
        "uppfoljning/statistik.html",
        {
            "form": form,
            "rapportform": rapportform,
            "querystring": _filter_query(form),
            "filtrerat": bool(request.GET) and form.is_valid() and any(form.cleaned_data.values()),
            "st": st,
            "diagram": diagrammen(st),
            "inforandestatus": Inforandestatus.Status.choices,
        },
    )


@login_required
@require_GET
def xlsx(request: HttpRequest) -> HttpResponse:
    _check(request)
    form = _filter_form(request)
    return export.xlsx_bok_response(
        name=export.filename("statistik", "xlsx"), ark=statistik_ark(statistik(form.urval()))
    )


@login_required
@require_GET
def manadsrapport(request: HttpRequest) -> HttpResponse:
    """``?ar=2026&manad=11`` (and the page's filters): the month's report as PDF/A."""
    _check(request)
    form = _filter_form(request)
    rapport = ManadsrapportForm(request.GET, years=years_in_use())
    if not rapport.is_valid():
        for errors in rapport.errors.values():
            for error in errors:
                messages.error(request, error)
        query = _filter_query(form)
        return redirect(reverse("statistik:sida") + (f"?{query}" if query else ""))
    manad = datetime.date(rapport.cleaned_data["ar"], rapport.cleaned_data["manad"], 1)
    pdf = manadsrapport_pdf(form.urval(), manad)
    return pdf_response(pdf, f"manadsrapport-{manad:%Y-%m}.pdf")

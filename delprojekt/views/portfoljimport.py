"""Importing running projects from a file (the kansli): upload, preview, import.

The rows read from the upload are kept in the session with their checksum between the
preview and the import, so that the import runs on exactly the rows that were shown;
the preview page reads them back and interprets them anew on every view.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from delprojekt import export
from delprojekt.export import Blad, Kolumn
from delprojekt.forms.portfoljimport import PortfoljImportForm
from delprojekt.markdown import render_markdown
from delprojekt.models import Samverkan, Status, Ursprung
from delprojekt.services import portfoljimport as svc
from delprojekt.services.errors import DomainError, NotAllowed, StaleState

SESSION_KEY = "sfbv_portfoljimport"


def _check(request: HttpRequest) -> None:
    if not request.user.has_perm("delprojekt.import_delprojekt"):
        raise PermissionDenied


def _sparat(request: HttpRequest) -> dict[str, Any] | None:
    stored = request.session.get(SESSION_KEY)
    if not isinstance(stored, dict) or not isinstance(stored.get("rader"), list):
        return None
    return stored


def _beskrivning_context() -> dict[str, Any]:
    return {
        "kolumner": svc.KOLUMNER,
        "statusar": Status.choices,
        "ursprung": Ursprung.choices,
        "prefix": Samverkan.current().referens_prefix,
        "max_rader": svc.MAX_RADER,
    }


@login_required
@require_http_methods(["GET", "POST"])
def portfolj_import(request: HttpRequest) -> HttpResponse:
    _check(request)
    form = (
        PortfoljImportForm(request.POST, request.FILES)
        if request.method == "POST"
        else PortfoljImportForm()
    )
    fel: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            fil = form.cleaned_data["fil"]
            try:
                forhand = svc.portfolj_forhandsgranska(user=request.user, fil=fil)
            except NotAllowed as exc:
                raise PermissionDenied from exc
            if not forhand.fel:
                request.session[SESSION_KEY] = {
                    "rader": forhand.rader,
                    "kontroll": forhand.kontrollsumma,
                    "varningar": forhand.varningar,
                    "filnamn": str(getattr(fil, "name", ""))[:200],
                }
                return redirect("delprojekt:import_forhandsvisning")
            fel = forhand.fel
    return render(
        request,
        "delprojekt/import/ladda_upp.html",
        {"form": form, "fel": fel, "pagaende": _sparat(request) is not None}
        | _beskrivning_context(),
        status=status,
    )


@login_required
@require_GET
def portfolj_forhandsvisning(request: HttpRequest) -> HttpResponse:
    _check(request)
    stored = _sparat(request)
    if stored is None:
        messages.info(request, _("Välj först en fil att läsa in."))
        return redirect("delprojekt:import")
    try:
        forhand = svc.portfolj_forhandsgranska_rader(user=request.user, rader=stored["rader"])
    except NotAllowed as exc:
        raise PermissionDenied from exc
    return render(
        request,
        "delprojekt/import/forhandsvisning.html",
        {
            "forhand": forhand,
            "kontroll": stored.get("kontroll", ""),
            "filvarningar": stored.get("varningar", []),
            "filnamn": stored.get("filnamn", ""),
            "antal_varningar": sum(1 for r in forhand.resultat if r.varningar),
        },
    )


@login_required
@require_POST
def portfolj_genomfor(request: HttpRequest) -> HttpResponse:
    _check(request)
    stored = _sparat(request)
    if stored is None:
        messages.error(
            request,
            _("Det finns ingen förhandsvisning att importera (redan importerad?). Välj en fil."),
        )
        return redirect("delprojekt:import")
    try:
        projekt = svc.portfolj_import(
            user=request.user, rader=stored["rader"], kontroll=request.POST.get("kontroll", "")
        )
    except NotAllowed as exc:
        raise PermissionDenied from exc
    except StaleState as exc:
        request.session.pop(SESSION_KEY, None)
        messages.error(request, " ".join(exc.messages))
        return redirect("delprojekt:import")
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("delprojekt:import_forhandsvisning")
    request.session.pop(SESSION_KEY, None)
    messages.success(
        request,
        ngettext(
            "%(n)s delprojekt importerades.",
            "%(n)s delprojekt importerades.",
            len(projekt),
        )
        % {"n": len(projekt)},
    )
    return redirect("delprojekt:portfolio")


def _mall_kolumner() -> list[Kolumn]:
    return [Kolumn(k.rubrik, max(14, min(len(k.rubrik) + 4, 40))) for k in svc.KOLUMNER]


@login_required
@require_GET
def portfolj_mall_xlsx(request: HttpRequest) -> HttpResponse:
    """The template: a sheet to fill in (read by the import) and a sheet explaining it."""
    _check(request)
    data = export.xlsx_bok(
        [
            Blad(_("Delprojekt"), _mall_kolumner(), svc.mall_rader()),
            Blad(
                _("Läs mig"),
                [
                    Kolumn(_("Kolumn"), 32),
                    Kolumn(_("Obligatorisk"), 12),
                    Kolumn(_("Innehåll"), 100),
                ],
                svc.mall_beskrivning(),
            ),
        ]
    )
    response = HttpResponse(data, content_type=export.XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="sfbv-importmall.xlsx"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def portfolj_mall_csv(request: HttpRequest) -> HttpResponse:
    _check(request)
    return export.csv_response(
        name="sfbv-importmall.csv", kolumner=_mall_kolumner(), rader=svc.mall_rader()
    )


@login_required
@require_GET
def portfolj_import_beskrivning(request: HttpRequest) -> HttpResponse:
    """``docs/import.md``, the description of the import and its template, as a page."""
    _check(request)
    try:
        text = (settings.BASE_DIR / "docs" / "import.md").read_text(encoding="utf-8")
    except OSError as exc:
        raise Http404 from exc
    return render(request, "delprojekt/import/beskrivning.html", {"html": render_markdown(text)})

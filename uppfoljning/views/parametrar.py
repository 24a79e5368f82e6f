"""Pages of the follow-up's parameters: charts and tables, entry of values, file import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from delprojekt.export import Kolumn, csv_response
from delprojekt.models import Delprojekt, Samverkan, Uppfoljningsparameter
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.services.personnummer import warning_for
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user
from uppfoljning.diagram import parameterdiagram, parametrar_med_diagram, tal
from uppfoljning.forms.parametrar import ImportForm, MatvardeForm, ParameterForm
from uppfoljning.matvardesimport import MAX_RADER
from uppfoljning.models import Matvarde
from uppfoljning.services import matvarden as svc

EDIT = "uppfoljning.edit_parameter"
RECORD = "uppfoljning.record_matvarde"


def _warn(request: HttpRequest, *texts: str) -> None:
    for text in texts:
        warning = warning_for(text or "")
        if warning:
            messages.warning(request, warning)
            return


def _med_texter(p: Uppfoljningsparameter) -> Uppfoljningsparameter:
    """The baseline and target the Swedish way, with the unit, for the templates."""
    for f in ("utgangsvarde", "malvarde"):
        value = getattr(p, f)
        text = f"{tal(value)} {p.enhet}".strip() if value is not None else ""
        setattr(p, f"{f}_text", text)
    return p


def _till_sidan(dp: Delprojekt, parameter: Uppfoljningsparameter | None = None) -> HttpResponse:
    url = reverse("uppfoljning:parametrar", args=[dp.referens])
    if parameter is not None:
        url += f"#parameter-{parameter.pk}"
    return redirect(url)


@login_required
@require_GET
def parametrar(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    items = parametrar_med_diagram(dp)
    for item in items:
        _med_texter(item.parameter)
    return render(
        request,
        "uppfoljning/parametrar/parametrar.html",
        {
            "dp": dp,
            "items": items,
            "may_edit": request.user.has_perm(EDIT, dp),
            "may_record": request.user.has_perm(RECORD, dp),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def parameter_ny(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm=EDIT)
    form = ParameterForm(request.POST) if request.method == "POST" else ParameterForm()
    if request.method == "POST" and form.is_valid():
        try:
            p = svc.uppfoljningsparameter_add(
                delprojekt=dp, user=request.user, data=form.cleaned_data
            )
        except NotAllowed as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            _warn(request, p.namn, p.kalla_beskrivning, p.mal_beskrivning)
            messages.success(request, _("Parametern är tillagd."))
            return _till_sidan(dp, p)
    return render(
        request,
        "uppfoljning/parametrar/parameter_ny.html",
        {"dp": dp, "form": form},
        status=400 if form.is_bound else 200,
    )


def _matvarde_form(
    request: HttpRequest, dp: Delprojekt, parameter: Uppfoljningsparameter, regioner: list
) -> MatvardeForm:
    return MatvardeForm(
        request.POST if request.method == "POST" else None,
        prefix="varde",
        regioner=regioner,
        tillatna=svc.tillatna_regioner(request.user, dp),
        enhet=parameter.enhet,
        hela_namn=Samverkan.current().sjukvardsregion,
        initial={"datum": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def parameter(request: HttpRequest, referens: str, pk: int) -> HttpResponse:
    """One parameter: its definition (editable), its values (with removal) and a new value."""
    dp = get_delprojekt_for_user(request, referens)
    p = get_object_or_404(Uppfoljningsparameter, pk=pk, delprojekt=dp)
    p.delprojekt = dp
    user = request.user
    may_edit = user.has_perm(EDIT, dp)
    may_record = user.has_perm(RECORD, dp)
    regioner = list(dp.regioner.order_by("ordning", "namn"))
    handling = request.POST.get("handling") if request.method == "POST" else None
    parameter_form = None
    varde_form = None
    status = 200

    if handling == "parameter":
        if not may_edit:
            raise PermissionDenied
        parameter_form = ParameterForm(request.POST, instance=Uppfoljningsparameter(pk=p.pk))
        if parameter_form.is_valid():
            try:
                p = svc.uppfoljningsparameter_change(
                    parameter=p, user=user, data=parameter_form.cleaned_data
                )
            except NotAllowed as exc:
                raise PermissionDenied from exc
            except DomainError as exc:
                form_errors_from(exc, parameter_form)
            else:
                _warn(request, p.namn, p.kalla_beskrivning, p.mal_beskrivning)
                messages.success(request, _("Parametern är sparad."))
                return redirect("uppfoljning:parameter", dp.referens, p.pk)
        status = 400
    elif handling == "varde":
        if not may_record:
            raise PermissionDenied
        varde_form = _matvarde_form(request, dp, p, regioner)
        if varde_form.is_valid():
            try:
                m = svc.matvarde_add(parameter=p, user=user, data=varde_form.cleaned_data)
            except NotAllowed as exc:
                raise PermissionDenied from exc
            except DomainError as exc:
                form_errors_from(exc, varde_form)
            else:
                _warn(request, m.kalla)
                messages.success(
                    request,
                    _("Värdet %(varde)s för %(datum)s är sparat.")
                    % {"varde": tal(m.varde), "datum": f"{m.datum:%Y-%m-%d}"},
                )
                return redirect("uppfoljning:parameter", dp.referens, p.pk)
        status = 400
    elif request.method == "POST":
        if not (may_edit or may_record):
            raise PermissionDenied
        return HttpResponse(_("Okänd åtgärd."), status=400)

    if parameter_form is None and may_edit:
        parameter_form = ParameterForm(instance=p)
    if varde_form is None and may_record:
        varde_form = _matvarde_form(request, dp, p, regioner)
        if not varde_form.fields["region"].choices:
            varde_form = None

    values = list(
        Matvarde.objects.filter(parameter=p)
        .select_related("region", "registrerad_av")
        .order_by("-datum", "region__ordning", "pk")
    )
    tillatna = svc.tillatna_regioner(user, dp)
    for m in values:
        m.parameter = p
        m.varde_text = tal(m.varde)
        m.kan_tas_bort = may_record and (tillatna is None or m.region_id in tillatna)
    diagram = parameterdiagram(p, values, regioner)
    _med_texter(p)
    context: dict[str, Any] = {
        "dp": dp,
        "parameter": p,
        "values": values,
        "diagram": diagram,
        "may_edit": may_edit,
        "may_record": may_record,
        "parameter_form": parameter_form,
        "varde_form": varde_form,
    }
    return render(request, "uppfoljning/parametrar/parameter.html", context, status=status)


@login_required
@require_POST
def matvarde_remove(request: HttpRequest, referens: str, pk: int, vpk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm=RECORD)
    p = get_object_or_404(Uppfoljningsparameter, pk=pk, delprojekt=dp)
    p.delprojekt = dp
    m = get_object_or_404(Matvarde.objects.select_related("region"), pk=vpk, parameter=p)
    m.parameter = p
    try:
        svc.matvarde_remove(matvarde=m, user=request.user)
    except NotAllowed as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Värdet för %(datum)s är borttaget.") % {"datum": f"{m.datum:%Y-%m-%d}"},
        )
    return redirect("uppfoljning:parameter", dp.referens, p.pk)


@login_required
@require_http_methods(["GET", "POST"])
def matvarde_import(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm=RECORD)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    fel: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                resultat = svc.matvarden_import(
                    delprojekt=dp, user=request.user, fil=form.cleaned_data["fil"]
                )
            except NotAllowed as exc:
                raise PermissionDenied from exc
            except DomainError as exc:
                fel = exc.messages
            else:
                if resultat.ok:
                    messages.success(
                        request,
                        _("Importen är klar: %(nya)s nya värden, %(andrade)s ändrade.")
                        % {"nya": resultat.nya, "andrade": resultat.andrade},
                    )
                    return _till_sidan(dp)
                fel = resultat.fel
    parametrar = list(dp.uppfoljningsparametrar.order_by("ordning", "pk"))
    regioner = list(dp.regioner.order_by("ordning", "namn"))
    return render(
        request,
        "uppfoljning/parametrar/import.html",
        {
            "dp": dp,
            "form": form,
            "fel": fel,
            "parametrar": parametrar,
            "regioner": regioner,
            "tillatna": svc.tillatna_regioner(request.user, dp),
            "sjukvardsregion": Samverkan.current().sjukvardsregion,
            "max_rader": f"{MAX_RADER:,}".replace(",", "\u00a0"),
        },
        status=status,
    )


@login_required
@require_GET
def matvarde_mall(request: HttpRequest, referens: str) -> HttpResponse:
    """An example CSV with the right columns and the project's parameter names."""
    dp = get_delprojekt_for_user(request, referens)
    parametrar = list(dp.uppfoljningsparametrar.order_by("ordning", "pk"))
    regioner = list(dp.regioner.order_by("ordning", "namn"))
    today = timezone.localdate()
    exempel_regioner = [r.namn for r in regioner[:2]] + ["Hela"]
    rader = []
    for p in parametrar or [Uppfoljningsparameter(namn=_("Parameterns namn"))]:
        value = tal(p.utgangsvarde) if p.utgangsvarde is not None else "12,5"
        rader.extend((p.namn, region, today, value, "") for region in exempel_regioner)
    kolumner = [Kolumn(k) for k in ("parameter", "region", "datum", "värde", "källa")]
    return csv_response(name=f"matvarden-{dp.referens}.csv", kolumner=kolumner, rader=rader)

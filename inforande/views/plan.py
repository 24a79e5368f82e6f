"""Pages of a region's implementation plan: reading it with its versions and history,
writing it, freezing a version, and a version's PDF/A."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from delprojekt.models import Delprojekt, Region
from delprojekt.pdf import pdf_response
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user
from inforande.forms import FaststallForm, PlanForm
from inforande.models import FRAGOR, Genomforandeplan
from inforande.services import plan as svc
from inforande.services.plan_pdf import planversion_pdf

HISTORIK_MAX = 20


def _region(dp: Delprojekt, region_pk: int) -> Region:
    region = next((r for r in dp.regioner.all() if r.pk == region_pk), None)
    if region is None:
        raise Http404
    return region


def _historik(plan: Genomforandeplan | None) -> list:
    if plan is None:
        return []
    return list(
        plan.history.select_related("history_user__person").order_by("-history_date")[:HISTORIK_MAX]
    )


@login_required
@require_GET
def plan(request: HttpRequest, referens: str, region_pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    region = _region(dp, region_pk)
    p = svc.plan_for(dp, region)
    versioner = list(p.versioner.all()) if p is not None else []
    status = svc.Planstatus(region=region, plan=p, senaste=versioner[0] if versioner else None)
    skriva = svc.is_open_for_plans(dp) and svc.may_write(request.user, dp, region)
    return render(
        request,
        "inforande/plan.html",
        {
            "dp": dp,
            "region": region,
            "plan": p,
            "status": status,
            "svar": [(q, getattr(p, f, "")) for f, q in FRAGOR],
            "versioner": versioner,
            "historik": _historik(p),
            "skriva": skriva,
            "kan_faststalla": skriva
            and p is not None
            and (status.senaste is None or status.andrad_sedan_version),
            "saknas": svc.saknas(p) if p is not None else [],
            "faststall_form": FaststallForm(initial={"andring": p.andring if p else 0}),
            "oppen": svc.is_open_for_plans(dp),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_andra(request: HttpRequest, referens: str, region_pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    region = _region(dp, region_pk)
    if not svc.may_write(request.user, dp, region):
        raise PermissionDenied
    p = svc.plan_for(dp, region)
    oppen = svc.is_open_for_plans(dp)
    status = 200
    if request.method == "POST":
        form = PlanForm(request.POST, plan=p)
        if form.is_valid():
            try:
                ny, andrad = svc.plan_save(
                    delprojekt=dp,
                    region=region,
                    user=request.user,
                    texter=form.texter(),
                    milstolpar=form.milstolpar(),
                    linjechef=form.cleaned_data["linjechef"],
                    andring=form.cleaned_data["andring"],
                )
            except NotAllowed as exc:
                raise PermissionDenied from exc
            except DomainError as exc:
                form_errors_from(exc, form)
                for msg in exc.field_errors.get("milstolpar", []):
                    form.add_error(None, msg)
            else:
                if andrad:
                    messages.success(
                        request,
                        _("Genomförandeplanen för %(region)s är sparad.") % {"region": region.namn},
                    )
                else:
                    messages.info(request, _("Inget ändrades."))
                note = svc.plan_warning(ny)
                if note:
                    messages.warning(request, note)
                return redirect("inforande:plan", dp.referens, region.pk)
        status = 400
    else:
        form = PlanForm(plan=p)
    return render(
        request,
        "inforande/plan_andra.html",
        {"dp": dp, "region": region, "plan": p, "form": form, "oppen": oppen},
        status=status,
    )


@login_required
@require_POST
def plan_faststall(request: HttpRequest, referens: str, region_pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    region = _region(dp, region_pk)
    if not svc.may_write(request.user, dp, region):
        raise PermissionDenied
    form = FaststallForm(request.POST)
    andring = form.cleaned_data["andring"] if form.is_valid() else None
    if andring is None:
        messages.error(request, _("Formuläret var ofullständigt. Ladda om sidan och försök igen."))
        return redirect("inforande:plan", dp.referens, region.pk)
    try:
        version = svc.plan_faststall(
            delprojekt=dp, region=region, user=request.user, andring=andring
        )
    except NotAllowed as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(
            request,
            _("Genomförandeplanen för %(region)s är fastställd som version %(nr)s.")
            % {"region": region.namn, "nr": version.nummer},
        )
    return redirect("inforande:plan", dp.referens, region.pk)


@login_required
@require_GET
def plan_pdf(request: HttpRequest, referens: str, region_pk: int, nummer: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    region = _region(dp, region_pk)
    p = svc.plan_for(dp, region)
    version = next((v for v in p.versioner.all() if v.nummer == nummer), None) if p else None
    if version is None:
        raise Http404
    return pdf_response(
        planversion_pdf(dp, version),
        f"{dp.referens}-genomforandeplan-{region.kortnamn}-v{version.nummer}.pdf",
    )

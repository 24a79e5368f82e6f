"""Pages of the escalated implementation problems: raising one, and reading one with
the body's answer (recorded by the kansli)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from delprojekt.models import Samverkan
from delprojekt.permissions import is_kansli
from delprojekt.selectors import delprojekt_for_user
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user
from inforande.forms import EskaleringForm, SvarForm
from inforande.models import Eskalering
from inforande.services import eskalering as svc
from inforande.services.plan import is_open_for_plans, may_write


@login_required
@require_http_methods(["GET", "POST"])
def eskalera(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="inforande.eskalera")
    regioner = [r for r in dp.regioner.all() if may_write(request.user, dp, r)]
    kansli = bool(is_kansli(request.user))
    form_kwargs = {
        "regioner": regioner,
        "sjukvardsregion": Samverkan.current().sjukvardsregion if kansli else None,
        "organ": svc.eskaleringsorgan(),
    }
    initial = {}
    if request.GET.get("region"):
        initial["rad"] = request.GET["region"]
    status = 200
    if request.method == "POST":
        form = EskaleringForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                e = svc.eskalering_create(
                    delprojekt=dp,
                    user=request.user,
                    region=form.region(),
                    organ=form.cleaned_data["organ"],
                    syfte=form.cleaned_data["syfte"],
                    rubrik=form.cleaned_data["rubrik"],
                    beskrivning=form.cleaned_data["beskrivning"],
                )
            except NotAllowed as exc:
                raise PermissionDenied from exc
            except DomainError as exc:
                form_errors_from(exc, form)
            else:
                messages.success(
                    request,
                    _("Problemet är lyft till %(organ)s och står i dess kö.")
                    % {"organ": e.organ.namn},
                )
                return redirect("inforande:eskalering", e.pk)
        status = 400
    else:
        form = EskaleringForm(initial=initial, **form_kwargs)
    return render(
        request,
        "inforande/eskalera.html",
        {"dp": dp, "form": form, "oppen": is_open_for_plans(dp)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def eskalering(request: HttpRequest, pk: int) -> HttpResponse:
    e = get_object_or_404(
        Eskalering.objects.select_related(
            "delprojekt", "region", "organ", "skapad_av__person", "svar_registrerat_av__person"
        ),
        pk=pk,
    )
    # 404 for whoever may not know the project.
    dp = delprojekt_for_user(request.user, e.delprojekt.referens)
    besvara = request.user.has_perm("inforande.besvara", dp) and not e.besvarad
    status = 200
    form = SvarForm() if besvara else None
    if request.method == "POST":
        if not request.user.has_perm("inforande.besvara", dp):
            raise PermissionDenied
        form = SvarForm(request.POST)
        if form.is_valid():
            try:
                svc.eskalering_besvara(
                    eskalering=e,
                    user=request.user,
                    svar=form.cleaned_data["svar"],
                    datum=form.cleaned_data["datum"],
                )
            except NotAllowed as exc:
                raise PermissionDenied from exc
            except DomainError as exc:
                if exc.field_errors:
                    form_errors_from(exc, form)
                else:
                    messages.error(request, " ".join(exc.messages))
                    return redirect("inforande:eskalering", e.pk)
            else:
                messages.success(request, _("Organets svar är registrerat."))
                return redirect("inforande:eskalering", e.pk)
        status = 400
        besvara = True
    behandlad = svc.behandlad_i(e)
    return render(
        request,
        "inforande/eskalering.html",
        {
            "dp": dp,
            "e": e,
            "rad": svc.radnamn(e.region),
            "form": form if besvara else None,
            "behandlad": behandlad,
            "se_protokollet": behandlad is not None
            and request.user.has_perm("delprojekt.view_sammantrade", behandlad.sammantrade),
        },
        status=status,
    )

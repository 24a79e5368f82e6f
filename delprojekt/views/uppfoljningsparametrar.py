"""The follow-up plan's parameters: add, change, move and remove."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from delprojekt.forms.uppfoljning import UppfoljningsparameterForm
from delprojekt.models import Dokumenttyp, Uppfoljningsparameter
from delprojekt.services.dokument import frozen_reason
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.services.personnummer import warning_for
from delprojekt.services.uppfoljningsparametrar import (
    uppfoljningsparameter_delete,
    uppfoljningsparameter_move,
    uppfoljningsparameter_save,
)
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user

PERM = "delprojekt.edit_slutrapport"


@login_required
@require_http_methods(["GET", "POST"])
def uppfoljningsparameter(
    request: HttpRequest, referens: str, pk: int | None = None
) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm=PERM)
    instance = get_object_or_404(Uppfoljningsparameter, pk=pk, delprojekt=dp) if pk else None
    reason = frozen_reason(dp, Dokumenttyp.SLUTRAPPORT)
    if reason:
        messages.error(request, reason)
        return redirect("delprojekt:uppfoljningsplan", dp.referens)
    form = UppfoljningsparameterForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            p = uppfoljningsparameter_save(
                delprojekt=dp,
                user=request.user,
                data=form.cleaned_data,
                parameter=instance,
            )
        except NotAllowed as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            for text in (p.namn, p.kalla_beskrivning, p.mal_beskrivning):
                warning = warning_for(text)
                if warning:
                    messages.warning(request, warning)
                    break
            messages.success(request, _("Parametern är sparad."))
            return redirect("delprojekt:uppfoljningsplan", dp.referens)
    return render(
        request,
        "delprojekt/uppfoljningsparameter_edit.html",
        {"dp": dp, "form": form, "instance": instance},
    )


@login_required
@require_POST
def uppfoljningsparameter_remove(request: HttpRequest, referens: str, pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm=PERM)
    p = get_object_or_404(Uppfoljningsparameter, pk=pk, delprojekt=dp)
    try:
        uppfoljningsparameter_delete(parameter=p, user=request.user)
    except NotAllowed as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Parametern är borttagen."))
    return redirect("delprojekt:uppfoljningsplan", dp.referens)


@login_required
@require_POST
def uppfoljningsparameter_flytta(request: HttpRequest, referens: str, pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm=PERM)
    p = get_object_or_404(Uppfoljningsparameter, pk=pk, delprojekt=dp)
    try:
        uppfoljningsparameter_move(
            parameter=p, user=request.user, riktning=request.POST.get("riktning", "")
        )
    except NotAllowed as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("delprojekt:uppfoljningsplan", dp.referens)

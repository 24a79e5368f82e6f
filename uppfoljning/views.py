from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from delprojekt.forms import RedovisningForm
from delprojekt.models import Status
from delprojekt.services.errors import DomainError
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user
from uppfoljning.models import Uppfoljningsomgang
from uppfoljning.services import omgang_redovisning_save


@login_required
@require_http_methods(["GET", "POST"])
def omgangar(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    rounds = list(dp.uppfoljningsomgangar.order_by("nummer"))
    may = request.user.has_perm("delprojekt.record_uppfoljning", dp) and (
        dp.status == Status.UPPFOLJNING
    )
    latest = rounds[-1] if rounds else None
    form = None
    if may and latest is not None:
        form = RedovisningForm(
            request.POST or None,
            initial={
                "redovisad_samarbetsgrupp": latest.redovisad_samarbetsgrupp,
                "redovisad_ledningsgrupp": latest.redovisad_ledningsgrupp,
                "redovisad_namnd": latest.redovisad_namnd,
            },
        )
    if request.method == "POST":
        if not may or latest is None:
            raise PermissionDenied
        omgang = get_object_or_404(Uppfoljningsomgang, pk=latest.pk)
        if form.is_valid():
            try:
                changed = omgang_redovisning_save(
                    omgang=omgang, user=request.user, data=form.cleaned_data
                )
            except DomainError as exc:
                form_errors_from(exc, form)
            else:
                messages.success(
                    request, _("Redovisningen är sparad.") if changed else _("Inget var ändrat.")
                )
                return redirect("uppfoljning:omgangar", dp.referens)
    return render(
        request,
        "uppfoljning/omgangar.html",
        {"dp": dp, "rounds": rounds, "latest": latest, "form": form},
    )

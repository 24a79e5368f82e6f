"""A body's page: its members with their mandates, its aktivitetsplaner and
verksamhetsberättelser; and a member's mandate."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from delprojekt.models import Organ, Organmedlemskap
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.views.helpers import form_errors_from
from verksamhet.forms import MandatForm
from verksamhet.models import Aktivitet, Verksamhetsberattelse
from verksamhet.permissions import MANDATORGAN
from verksamhet.services.mandat import mandat_save


def get_organ_for_user(request: HttpRequest, pk: int) -> Organ:
    """The body, or 404; 403 for someone who may not see the body's work."""
    organ = get_object_or_404(Organ, pk=pk)
    if not request.user.has_perm("verksamhet.view_organ", organ):
        raise PermissionDenied
    return organ


@login_required
def organ(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_organ_for_user(request, pk)
    idag = timezone.localdate()
    medlemmar = list(
        Organmedlemskap.objects.current()
        .filter(organ=body)
        .select_related("person__region", "mandat")
        .order_by("person__region__ordning", "person__namn")
    )
    mandatorgan = body.typ in MANDATORGAN
    for m in medlemmar:
        m.kan_andra_mandat = mandatorgan and request.user.has_perm("verksamhet.edit_mandat", m)
        m.mandat_rad = getattr(m, "mandat", None) if hasattr(m, "mandat") else None
    planar = set(Aktivitet.objects.filter(organ=body).values_list("ar", flat=True).distinct()) | {
        idag.year
    }
    berattelser = {
        b.ar: b for b in Verksamhetsberattelse.objects.filter(organ=body).order_by("-ar")
    }
    berattelse_ar = sorted(set(berattelser) | {idag.year - 1, idag.year}, reverse=True)
    return render(
        request,
        "verksamhet/organ.html",
        {
            "organ": body,
            "medlemmar": medlemmar,
            "mandatorgan": mandatorgan,
            "planar": sorted(planar, reverse=True),
            "berattelser": [(ar, berattelser.get(ar)) for ar in berattelse_ar],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mandat(request: HttpRequest, pk: int) -> HttpResponse:
    medlemskap = get_object_or_404(Organmedlemskap.objects.select_related("organ", "person"), pk=pk)
    if not request.user.has_perm("verksamhet.view_organ", medlemskap.organ):
        raise PermissionDenied
    if not request.user.has_perm("verksamhet.edit_mandat", medlemskap):
        raise PermissionDenied
    befintligt = getattr(medlemskap, "mandat", None) if hasattr(medlemskap, "mandat") else None
    initial = (
        {
            "omfattning": befintligt.omfattning,
            "givet_av": befintligt.givet_av,
            "giltigt_till": befintligt.giltigt_till,
        }
        if befintligt
        else {}
    )
    form = MandatForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            mandat_save(user=request.user, medlemskap=medlemskap, data=form.cleaned_data)
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            flash.success(request, _("Mandatet är sparat."))
            return redirect("verksamhet:organ", medlemskap.organ_id)
    return render(
        request,
        "verksamhet/mandat.html",
        {"medlemskap": medlemskap, "form": form},
        status=400 if form.errors else 200,
    )

"""A working group's verksamhetsberättelse for a year: the draft from the group's data
with its own text, the approval at one of its meetings, and the frozen PDF/A."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from delprojekt.models import Delprojekt
from delprojekt.pdf import pdf_response, stored_pdf_response
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user, run_service
from verksamhet.forms import ArbetsgruppTextForm, GodkannandeMoteForm
from verksamhet.models import Aktivitet, Verksamhetsberattelse
from verksamhet.services.berattelse import (
    arbetsgrupp_berattelse_godkann,
    arbetsgrupp_berattelse_las,
    arbetsgrupp_berattelse_text_save,
    arbetsgrupp_godkannande_moten,
)
from verksamhet.services.berattelse_pdf import arbetsgrupp_berattelse_pdf
from verksamhet.services.underlag import arbetsgrupp_underlag

PERM_VIEW = "verksamhet.view_arbetsgrupp_berattelse"
PERM_EDIT = "verksamhet.edit_arbetsgrupp_berattelse"


def _grupp_ar(request: HttpRequest, referens: str, ar: int) -> Delprojekt:
    # A report is written for a year that has begun, never for a coming one.
    if not 2000 <= ar <= timezone.localdate().year:
        raise Http404
    return get_delprojekt_for_user(request, referens, perm=PERM_VIEW)


@login_required
@require_http_methods(["GET", "POST"])
def berattelse(request: HttpRequest, referens: str, ar: int) -> HttpResponse:
    dp = _grupp_ar(request, referens, ar)
    b = (
        Verksamhetsberattelse.objects.select_related("godkand_mote")
        .filter(delprojekt=dp, ar=ar)
        .first()
    )
    kan_andra = request.user.has_perm(PERM_EDIT, dp)
    oppen = b is None or b.godkand is None
    form = ArbetsgruppTextForm(
        request.POST if request.method == "POST" else None, initial={"text": b.text if b else ""}
    )
    if request.method == "POST":
        if not kan_andra:
            raise PermissionDenied
        if form.is_valid():
            try:
                arbetsgrupp_berattelse_text_save(
                    user=request.user, delprojekt=dp, ar=ar, text=form.cleaned_data["text"]
                )
            except NotAllowed as exc:
                raise PermissionDenied(exc.messages[0]) from exc
            except DomainError as exc:
                form_errors_from(exc, form)
            else:
                flash.success(request, _("Texten är sparad."))
                return redirect(request.path)
    godkann_form = None
    if kan_andra and oppen:
        godkann_form = GodkannandeMoteForm(moten=list(arbetsgrupp_godkannande_moten(dp, ar)[:50]))
    return render(
        request,
        "verksamhet/arbetsgrupp_berattelse.html",
        {
            "dp": dp,
            "ar": ar,
            "b": b,
            "u": arbetsgrupp_underlag(delprojekt=dp, ar=ar),
            "antal_aktiviteter": Aktivitet.objects.filter(delprojekt=dp, ar=ar).count(),
            "form": form,
            "godkann_form": godkann_form,
            "kan_skriva": kan_andra and oppen,
            "kan_andra": kan_andra,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def godkann(request: HttpRequest, referens: str, ar: int) -> HttpResponse:
    dp = _grupp_ar(request, referens, ar)
    if not request.user.has_perm(PERM_EDIT, dp):
        raise PermissionDenied
    form = GodkannandeMoteForm(request.POST, moten=list(arbetsgrupp_godkannande_moten(dp, ar)[:50]))
    mote_id = form.cleaned_data["mote"] if form.is_valid() else None
    run_service(
        request,
        lambda: arbetsgrupp_berattelse_godkann(
            user=request.user, delprojekt=dp, ar=ar, mote_id=mote_id
        ),
        _("Godkännandet är registrerat."),
    )
    return redirect("verksamhet:arbetsgrupp_berattelse", dp.referens, ar)


@login_required
@require_POST
def las(request: HttpRequest, referens: str, ar: int) -> HttpResponse:
    dp = _grupp_ar(request, referens, ar)
    run_service(
        request,
        lambda: arbetsgrupp_berattelse_las(user=request.user, delprojekt=dp, ar=ar),
        _("Verksamhetsberättelsen är låst som PDF/A."),
    )
    return redirect("verksamhet:arbetsgrupp_berattelse", dp.referens, ar)


@login_required
@require_safe
def berattelse_pdf(request: HttpRequest, referens: str, ar: int) -> HttpResponse:
    """The frozen PDF once there is one, otherwise the draft rendered now."""
    dp = _grupp_ar(request, referens, ar)
    b = Verksamhetsberattelse.objects.filter(delprojekt=dp, ar=ar).first()
    namn = f"verksamhetsberattelse-{dp.referens}-{ar}.pdf"
    if b is not None and b.last is not None:
        return stored_pdf_response(b.pdf, namn)
    return pdf_response(arbetsgrupp_berattelse_pdf(delprojekt=dp, ar=ar), namn)

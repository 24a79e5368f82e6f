"""A body's verksamhetsberättelse for a year: the draft from the data with the body's own
text, the approval at a held meeting, the frozen PDF/A and its publication."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from delprojekt.models import Organ
from delprojekt.pdf import pdf_response, stored_pdf_response
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.views.helpers import form_errors_from, run_service
from verksamhet.forms import BerattelseTextForm, GodkannandeForm
from verksamhet.models import Aktivitet, Verksamhetsberattelse
from verksamhet.services.berattelse import (
    berattelse_godkann,
    berattelse_las,
    berattelse_publicera,
    berattelse_text_save,
    godkannande_forslag,
    godkannande_punkter,
)
from verksamhet.services.berattelse_pdf import berattelse_pdf as render_berattelse_pdf
from verksamhet.services.underlag import berattelse_underlag
from verksamhet.views.organ import get_organ_for_user


def _organ_ar(request: HttpRequest, pk: int, ar: int) -> Organ:
    # A report is written for a year that has begun, never for a coming one.
    if not 2000 <= ar <= timezone.localdate().year:
        raise Http404
    return get_organ_for_user(request, pk)


@login_required
@require_http_methods(["GET", "POST"])
def berattelse(request: HttpRequest, pk: int, ar: int) -> HttpResponse:
    organ = _organ_ar(request, pk, ar)
    b = (
        Verksamhetsberattelse.objects.select_related("godkand_punkt__sammantrade")
        .filter(organ=organ, ar=ar)
        .first()
    )
    kan_skriva = request.user.has_perm("verksamhet.edit_berattelse", organ)
    kan_godkanna = request.user.has_perm("verksamhet.godkann_berattelse", organ)
    form = BerattelseTextForm(
        request.POST if request.method == "POST" else None, initial={"text": b.text if b else ""}
    )
    if request.method == "POST":
        if not kan_skriva:
            raise PermissionDenied
        if form.is_valid():
            try:
                berattelse_text_save(
                    user=request.user, organ=organ, ar=ar, text=form.cleaned_data["text"]
                )
            except NotAllowed as exc:
                raise PermissionDenied(exc.messages[0]) from exc
            except DomainError as exc:
                form_errors_from(exc, form)
            else:
                flash.success(request, _("Texten är sparad."))
                return redirect(request.path)
    godkann_form = None
    if kan_godkanna and (b is None or b.godkand is None):
        godkann_form = GodkannandeForm(
            punkter=list(godkannande_punkter(organ, ar)[:50]),
            initial={"punkt": godkannande_forslag(b)},
        )
    return render(
        request,
        "verksamhet/berattelse.html",
        {
            "organ": organ,
            "ar": ar,
            "b": b,
            "u": berattelse_underlag(organ=organ, ar=ar),
            "antal_aktiviteter": Aktivitet.objects.filter(organ=organ, ar=ar).count(),
            "form": form,
            "godkann_form": godkann_form,
            "kan_skriva": kan_skriva and (b is None or b.godkand is None),
            "kan_godkanna": kan_godkanna,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def godkann(request: HttpRequest, pk: int, ar: int) -> HttpResponse:
    organ = _organ_ar(request, pk, ar)
    if not request.user.has_perm("verksamhet.godkann_berattelse", organ):
        raise PermissionDenied
    form = GodkannandeForm(request.POST, punkter=list(godkannande_punkter(organ, ar)[:50]))
    punkt_id = form.cleaned_data["punkt"] if form.is_valid() else None
    run_service(
        request,
        lambda: berattelse_godkann(user=request.user, organ=organ, ar=ar, punkt_id=punkt_id),
        _("Godkännandet är registrerat."),
    )
    return redirect("verksamhet:berattelse", organ.pk, ar)


@login_required
@require_POST
def las(request: HttpRequest, pk: int, ar: int) -> HttpResponse:
    organ = _organ_ar(request, pk, ar)
    run_service(
        request,
        lambda: berattelse_las(user=request.user, organ=organ, ar=ar),
        _("Verksamhetsberättelsen är låst som PDF/A."),
    )
    return redirect("verksamhet:berattelse", organ.pk, ar)


@login_required
@require_POST
def publicera(request: HttpRequest, pk: int, ar: int) -> HttpResponse:
    organ = _organ_ar(request, pk, ar)
    publicera_den = request.POST.get("publicera") == "1"
    run_service(
        request,
        lambda: berattelse_publicera(
            user=request.user, organ=organ, ar=ar, publicera=publicera_den
        ),
        _("Verksamhetsberättelsen är publicerad.")
        if publicera_den
        else _("Verksamhetsberättelsen är inte längre publicerad."),
    )
    return redirect("verksamhet:berattelse", organ.pk, ar)


@login_required
@require_safe
def berattelse_pdf(request: HttpRequest, pk: int, ar: int) -> HttpResponse:
    """The frozen PDF once there is one, otherwise the draft rendered now."""
    organ = _organ_ar(request, pk, ar)
    b = Verksamhetsberattelse.objects.filter(organ=organ, ar=ar).first()
    namn = f"verksamhetsberattelse-{organ.namn}-{ar}.pdf"
    if b is not None and b.last is not None:
        return stored_pdf_response(b.pdf, namn)
    return pdf_response(render_berattelse_pdf(organ=organ, ar=ar), namn)

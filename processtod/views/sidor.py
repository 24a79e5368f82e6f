"""The processtöd pages: the posts, a post with its invoices, the forms, the overview per
region and year and its XLSX. Thin: parse, call a service, answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.views.helpers import form_errors_from
from processtod.forms import ArForm, FakturaForm, TjanstForm
from processtod.models import Processtodsfaktura, Processtodstjanst
from processtod.selectors import oversikt, tjanst_for_user, tjanster_for
from processtod.services.export import oversikt_xlsx
from processtod.services.tjanster import (
    faktura_delete,
    faktura_save,
    tjanst_delete,
    tjanst_save,
)

LASARE = gettext_lazy(
    "Processtödstjänsterna visas för kansliet, ledningsgruppen och regionernas samordnare."
)


def _kan_lasa_listan(request: HttpRequest) -> None:
    if not request.user.has_perm("processtod.view_lista"):
        raise PermissionDenied(LASARE)


def _kan_andra(request: HttpRequest) -> None:
    if not request.user.has_perm("processtod.change_tjanst"):
        raise PermissionDenied(_("Bara kansliet ändrar processtödstjänster och deras fakturor."))


@login_required
@require_GET
def lista(request: HttpRequest) -> HttpResponse:
    _kan_lasa_listan(request)
    tjanster = list(tjanster_for(request.user).order_by("region__ordning", "benamning", "pk"))
    return render(
        request,
        "processtod/lista.html",
        {
            "tjanster": tjanster,
            "kan_andra": request.user.has_perm("processtod.change_tjanst"),
            "ar": timezone.localdate().year,
        },
    )


def _tjanst_initial(t: Processtodstjanst) -> dict:
    return {
        "benamning": t.benamning,
        "region": t.region_id,
        "person": t.person_id,
        "fran": t.fran,
        "till": t.till,
        "tjanstgoringsgrad": t.tjanstgoringsgrad,
        "medfinansiering": t.medfinansiering,
        "tid_sjukvardsregion": t.tid_sjukvardsregion,
        "manadslon": t.manadslon,
        "solidarisk": t.solidarisk,
        "undantag_skal": t.undantag_skal,
        "delprojekt": [dp.pk for dp in t.delprojekt.all()],
        "vardforlopp": t.vardforlopp,
    }


def _tjanst_form(request: HttpRequest, tjanst: Processtodstjanst | None) -> HttpResponse:
    initial = (
        _tjanst_initial(tjanst)
        if tjanst is not None
        else {"tjanstgoringsgrad": 100, "medfinansiering": 50, "tid_sjukvardsregion": 20}
    )
    form = TjanstForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sparad = tjanst_save(user=request.user, tjanst=tjanst, **form.cleaned_data)
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Tjänsten är sparad."))
            return redirect(sparad)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "processtod/tjanst_form.html", {"form": form, "tjanst": tjanst}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def ny(request: HttpRequest) -> HttpResponse:
    _kan_andra(request)
    return _tjanst_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def andra(request: HttpRequest, pk: int) -> HttpResponse:
    tjanst = tjanst_for_user(request.user, pk)
    _kan_andra(request)
    return _tjanst_form(request, tjanst)


@login_required
@require_GET
def tjanst(request: HttpRequest, pk: int) -> HttpResponse:
    t = tjanst_for_user(request.user, pk)
    fakturor = [(f, t.foreslaget_belopp(f.ar, f.halvar, f.manadslon)) for f in t.fakturor.all()]
    return render(
        request,
        "processtod/tjanst.html",
        {
            "tjanst": t,
            "fakturor": fakturor,
            "forslag": _forslag(t),
            "kan_andra": request.user.has_perm("processtod.change_tjanst"),
        },
    )


def _forslag(t: Processtodstjanst) -> list[tuple[str, object, object]]:
    """Each half-year of the post's period: (label, months, suggested amount)."""
    rader = []
    for ar in range(t.fran.year, t.till.year + 1):
        for halvar in (1, 2):
            manader = t.manader_i_halvar(ar, halvar)
            if manader:
                rader.append((f"{ar} H{halvar}", manader, t.foreslaget_belopp(ar, halvar)))
    return rader


def _faktura_form(
    request: HttpRequest, t: Processtodstjanst, faktura: Processtodsfaktura | None
) -> HttpResponse:
    initial = (
        {
            "ar": faktura.ar,
            "halvar": faktura.halvar,
            "manadslon": faktura.manadslon,
            "belopp": faktura.belopp,
            "status": faktura.status,
            "referens": faktura.referens,
            "anteckning": faktura.anteckning,
        }
        if faktura is not None
        else None
    )
    form = FakturaForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            faktura_save(user=request.user, tjanst=t, faktura=faktura, **form.cleaned_data)
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Fakturan är sparad."))
            return redirect(t)
    return render(
        request,
        "processtod/faktura_form.html",
        {"form": form, "tjanst": t, "faktura": faktura, "forslag": _forslag(t)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def faktura_ny(request: HttpRequest, pk: int) -> HttpResponse:
    t = tjanst_for_user(request.user, pk)
    _kan_andra(request)
    return _faktura_form(request, t, None)


def _faktura(t: Processtodstjanst, fpk: int) -> Processtodsfaktura:
    for f in t.fakturor.all():
        if f.pk == fpk:
            return f
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def faktura_andra(request: HttpRequest, pk: int, fpk: int) -> HttpResponse:
    t = tjanst_for_user(request.user, pk)
    faktura = _faktura(t, fpk)
    _kan_andra(request)
    return _faktura_form(request, t, faktura)


@login_required
@require_http_methods(["GET", "POST"])
def faktura_ta_bort(request: HttpRequest, pk: int, fpk: int) -> HttpResponse:
    """GET asks for confirmation; POST removes the invoice."""
    t = tjanst_for_user(request.user, pk)
    faktura = _faktura(t, fpk)
    _kan_andra(request)
    if request.method == "POST":
        try:
            faktura_delete(user=request.user, faktura=faktura)
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(t)
        messages.success(
            request, _("Fakturan för %(period)s är borttagen.") % {"period": faktura.period}
        )
        return redirect(t)
    return render(
        request,
        "processtod/ta_bort.html",
        {
            "tjanst": t,
            "faktura": faktura,
            "rubrik": _("Ta bort fakturan för %(period)s?") % {"period": faktura.period},
            "action": reverse("processtod:faktura_ta_bort", args=[t.pk, faktura.pk]),
            "knapp": _("Ta bort fakturan"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ta_bort(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST removes a post that has no invoices."""
    t = tjanst_for_user(request.user, pk)
    _kan_andra(request)
    if request.method == "POST":
        try:
            tjanst_delete(user=request.user, tjanst=t)
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(t)
        messages.success(request, _("Tjänsten %(namn)s är borttagen.") % {"namn": t.benamning})
        return redirect("processtod:lista")
    return render(
        request,
        "processtod/ta_bort.html",
        {
            "tjanst": t,
            "rubrik": _("Ta bort tjänsten %(namn)s?") % {"namn": t.benamning},
            "action": reverse("processtod:ta_bort", args=[t.pk]),
            "knapp": _("Ta bort tjänsten"),
        },
    )


def _valt_ar(request: HttpRequest) -> int:
    form = ArForm(request.GET or None)
    return form.cleaned_data["ar"] if form.is_valid() else timezone.localdate().year


@login_required
@require_GET
def oversikt_sida(request: HttpRequest) -> HttpResponse:
    _kan_lasa_listan(request)
    ar = _valt_ar(request)
    return render(
        request,
        "processtod/oversikt.html",
        {
            "o": oversikt(request.user, ar),
            "xlsx": reverse("processtod:oversikt_xlsx") + f"?ar={ar}",
        },
    )


@login_required
@require_GET
def oversikt_xlsx_fil(request: HttpRequest) -> HttpResponse:
    _kan_lasa_listan(request)
    return oversikt_xlsx(oversikt(request.user, _valt_ar(request)))

"""The aktivitetsplan of a body or a working group for one year."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from delprojekt.models import Delprojekt, Organ, Organmedlemskap, Person
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user
from verksamhet.forms import AktivitetForm
from verksamhet.models import Aktivitet
from verksamhet.services.aktivitet import (
    aktivitet_add,
    aktivitet_delete,
    aktivitet_update,
    may_edit_plan,
)
from verksamhet.views.organ import get_organ_for_user


def _check_ar(ar: int) -> None:
    if not 2000 <= ar <= 2100:
        raise Http404


def _personer(organ: Organ | None, dp: Delprojekt | None):  # type: ignore[no-untyped-def]
    """Who may own an activity: the body's current members (or the group's), and the kansli."""
    if organ is not None:
        ids = Organmedlemskap.objects.current().filter(organ=organ).values("person_id")
    else:
        ids = dp.medlemskap.values("person_id")  # type: ignore[union-attr]
    kansli = (
        Organmedlemskap.objects.current().filter(organ__typ=Organ.Typ.KANSLI).values("person_id")
    )
    return Person.objects.filter(Q(pk__in=ids) | Q(pk__in=kansli)).order_by("namn")


def _plan(
    request: HttpRequest, ar: int, *, organ: Organ | None, dp: Delprojekt | None
) -> HttpResponse:
    kan_andra = may_edit_plan(request.user, organ=organ, delprojekt=dp)
    form = AktivitetForm(
        request.POST if request.method == "POST" else None,
        personer=_personer(organ, dp),
        initial={"status": "planerad"},
    )
    if request.method == "POST":
        if not kan_andra:
            raise PermissionDenied
        if form.is_valid():
            try:
                aktivitet_add(
                    user=request.user, ar=ar, data=form.cleaned_data, organ=organ, delprojekt=dp
                )
            except NotAllowed as exc:
                raise PermissionDenied(exc.messages[0]) from exc
            except DomainError as exc:
                form_errors_from(exc, form)
            else:
                flash.success(request, _("Aktiviteten är tillagd."))
                return redirect(request.path)
    filt = {"organ": organ} if organ is not None else {"delprojekt": dp}
    aktiviteter = list(
        Aktivitet.objects.filter(ar=ar, **filt).select_related("ansvarig").order_by("nar", "pk")
    )
    return render(
        request,
        "verksamhet/aktivitetsplan.html",
        {
            "organ": organ,
            "dp": dp,
            "ar": ar,
            "aktiviteter": aktiviteter,
            "form": form,
            "kan_andra": kan_andra,
            "tillbaka": (
                reverse("verksamhet:organ", args=[organ.pk])
                if organ is not None
                else reverse("delprojekt:arbetsgrupp", args=[dp.referens])  # type: ignore[union-attr]
            ),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, pk: int, ar: int) -> HttpResponse:
    _check_ar(ar)
    return _plan(request, ar, organ=get_organ_for_user(request, pk), dp=None)


@login_required
@require_http_methods(["GET", "POST"])
def arbetsgrupp_plan(request: HttpRequest, referens: str, ar: int) -> HttpResponse:
    _check_ar(ar)
    dp = get_delprojekt_for_user(request, referens, perm="verksamhet.view_arbetsgrupp_plan")
    return _plan(request, ar, organ=None, dp=dp)


def _aktivitet_for_user(request: HttpRequest, pk: int) -> Aktivitet:
    a = get_object_or_404(Aktivitet.objects.select_related("organ", "delprojekt"), pk=pk)
    if a.organ is not None:
        get_organ_for_user(request, a.organ_id)  # type: ignore[arg-type]
    else:
        get_delprojekt_for_user(
            request,
            a.delprojekt.referens,
            perm="verksamhet.view_arbetsgrupp_plan",  # type: ignore[union-attr]
        )
    if not may_edit_plan(request.user, organ=a.organ, delprojekt=a.delprojekt):
        raise PermissionDenied
    return a


def _plan_url(a: Aktivitet) -> str:
    if a.organ_id is not None:
        return reverse("verksamhet:plan", args=[a.organ_id, a.ar])
    return reverse("verksamhet:arbetsgrupp_plan", args=[a.delprojekt.referens, a.ar])  # type: ignore[union-attr]


@login_required
@require_http_methods(["GET", "POST"])
def aktivitet(request: HttpRequest, pk: int) -> HttpResponse:
    a = _aktivitet_for_user(request, pk)
    form = AktivitetForm(
        request.POST if request.method == "POST" else None,
        personer=_personer(a.organ, a.delprojekt),
        initial={"vad": a.vad, "ansvarig": a.ansvarig_id, "nar": a.nar, "status": a.status},
    )
    if request.method == "POST" and form.is_valid():
        try:
            aktivitet_update(user=request.user, aktivitet=a, data=form.cleaned_data)
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            flash.success(request, _("Aktiviteten är sparad."))
            return redirect(_plan_url(a))
    return render(
        request,
        "verksamhet/aktivitet.html",
        {"a": a, "form": form, "tillbaka": _plan_url(a)},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def aktivitet_ta_bort(request: HttpRequest, pk: int) -> HttpResponse:
    a = _aktivitet_for_user(request, pk)
    url = _plan_url(a)
    try:
        aktivitet_delete(user=request.user, aktivitet=a)
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    flash.success(request, _("Aktiviteten är borttagen."))
    return redirect(url)

"""Writing the slutrapport together: chapter writers, the responsible writer, review comments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from delprojekt.forms.slutrapport import (
    GranskningskommentarForm,
    SkribentForm,
    gruppens_personer,
    personer_bland,
)
from delprojekt.models import (
    MALL,
    Arbetsgruppsmedlemskap,
    Delprojekt,
    Dokument,
    Dokumenttyp,
    Kapitel,
)
from delprojekt.models.dokument import Granskningskommentar, mall_rubrik
from delprojekt.permissions import roller_for
from delprojekt.services.dokument import is_editable
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.services.slutrapport import (
    granskningskommentar_add,
    granskningskommentar_reopen,
    granskningskommentar_resolve,
    huvudansvarig_set,
    kapitel_skribent_set,
    may_assign,
    may_comment,
    may_edit_chapter,
    may_resolve,
)
from delprojekt.views.helpers import get_delprojekt_for_user

TYP = Dokumenttyp.SLUTRAPPORT


def med_skrivande(queryset: QuerySet, typ: str) -> QuerySet:
    """The slutrapport's chapters with their writer, the document and the open comment count."""
    if typ != TYP:
        return queryset
    return queryset.select_related("skribent", "dokument__huvudansvarig").annotate(
        oppna=Count("kommentarer", filter=Q(kommentarer__lost__isnull=True))
    )


def skrivande_context(
    user: Any,
    dp: Delprojekt,
    kapitel: dict[str, Kapitel] | None = None,
    *,
    medlemskap: list[Arbetsgruppsmedlemskap] | None = None,
) -> dict[str, Any]:
    """What the slutrapport page shows about writers and comments (a fixed number of queries).

    ``kapitel`` are the chapters by key, fetched through ``med_skrivande``; ``medlemskap``
    the group's memberships with their persons, when the page has them.
    """
    if kapitel is None:
        kapitel = {
            k.nyckel: k
            for k in med_skrivande(
                Kapitel.objects.filter(dokument__delprojekt=dp, dokument__typ=TYP), TYP
            )
        }
    if kapitel:
        dokument = next(iter(kapitel.values())).dokument
    else:
        dokument = (
            Dokument.objects.filter(delprojekt=dp, typ=TYP).select_related("huvudansvarig").first()
        )
    assign = may_assign(user, dp) and is_editable(dp, TYP)
    skrivbar = user.has_perm("delprojekt.edit_slutrapport", dp)
    person_id = roller_for(user).person_id
    if not assign:
        personer = []
    elif medlemskap is not None:
        personer = personer_bland(medlemskap)
    else:
        personer = gruppens_personer(dp)
    info = {}
    for nyckel, _rubrik in MALL[TYP]:
        k = kapitel.get(nyckel)
        skribent = k.skribent if k else None
        info[nyckel] = {
            "skribent": skribent,
            "oppna": getattr(k, "oppna", 0) if k else 0,
            "egen": skribent is not None and skribent.pk == person_id,
            "form": (
                SkribentForm(
                    delprojekt=dp,
                    personer=personer,
                    initial={"person": skribent.pk if skribent else None},
                    auto_id=f"id_{nyckel}_%s",
                )
                if assign
                else None
            ),
        }
    return {
        "huvudansvarig": dokument.huvudansvarig if dokument else None,
        "huvudansvarig_form": (
            SkribentForm(
                delprojekt=dp,
                personer=personer,
                label=_("Huvudansvarig skribent"),
                initial={"person": dokument.huvudansvarig_id if dokument else None},
                auto_id="id_huvudansvarig_%s",
            )
            if assign
            else None
        ),
        "skrivande": info,
        "may_write_all": skrivbar,
        "may_comment": may_comment(user, dp),
        "writable_now": is_editable(dp, TYP),
    }


def _kapitel_or_404(dp: Delprojekt, nyckel: str) -> Kapitel:
    if nyckel not in dict(MALL[TYP]):
        raise Http404
    dokument, _created = Dokument.objects.get_or_create(delprojekt=dp, typ=TYP)
    Kapitel.objects.bulk_create([Kapitel(dokument=dokument, nyckel=nyckel)], ignore_conflicts=True)
    return Kapitel.objects.select_related("dokument__delprojekt", "skribent").get(
        dokument=dokument, nyckel=nyckel
    )


def _back(dp: Delprojekt, anchor: str = "") -> HttpResponse:
    url = reverse("delprojekt:dokument", args=[dp.referens, TYP])
    return redirect(f"{url}#{anchor}" if anchor else url)


@login_required
@require_POST
def skribent_set(request: HttpRequest, referens: str, nyckel: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    if nyckel not in dict(MALL[TYP]):
        raise Http404
    if not may_assign(request.user, dp):
        raise PermissionDenied
    form = SkribentForm(request.POST, delprojekt=dp)
    if not form.is_valid():
        messages.error(request, _("Välj någon som är med i arbetsgruppen."))
        return _back(dp, nyckel)
    try:
        kapitel_skribent_set(
            delprojekt=dp, user=request.user, nyckel=nyckel, person=form.cleaned_data["person"]
        )
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Skribenten för %(kapitel)s är sparad.") % {"kapitel": mall_rubrik(TYP, nyckel)},
        )
    return _back(dp, nyckel)


@login_required
@require_POST
def huvudansvarig(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    if not may_assign(request.user, dp):
        raise PermissionDenied
    form = SkribentForm(request.POST, delprojekt=dp)
    if not form.is_valid():
        messages.error(request, _("Välj någon som är med i arbetsgruppen."))
        return _back(dp)
    try:
        huvudansvarig_set(delprojekt=dp, user=request.user, person=form.cleaned_data["person"])
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Huvudansvarig skribent är sparad."))
    return _back(dp)


@login_required
@require_http_methods(["GET", "POST"])
def kapitel_kommentarer(request: HttpRequest, referens: str, nyckel: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    kapitel = _kapitel_or_404(dp, nyckel)
    may = may_comment(request.user, dp)
    form = GranskningskommentarForm(request.POST or None) if may else None
    if request.method == "POST":
        if not may:
            raise PermissionDenied
        if form.is_valid():
            try:
                granskningskommentar_add(
                    kapitel=kapitel, user=request.user, text=form.cleaned_data["text"]
                )
            except NotAllowed as exc:
                raise PermissionDenied(exc.messages[0]) from exc
            except DomainError as exc:
                for message in exc.messages:
                    form.add_error("text", message)
            else:
                messages.success(request, _("Kommentaren är sparad."))
                return redirect("delprojekt:kapitel_kommentarer", dp.referens, nyckel)
    kommentarer = list(
        kapitel.kommentarer.select_related("skriven_av", "lost_av").order_by(
            "lost", "skriven", "pk"
        )
    )
    for k in kommentarer:
        k.kapitel = kapitel
        k.may_resolve = may_resolve(request.user, k)
    return render(
        request,
        "delprojekt/slutrapport/kommentarer.html",
        {
            "dp": dp,
            "kapitel": kapitel,
            "nyckel": nyckel,
            "rubrik": kapitel.rubrik,
            "oppna": [k for k in kommentarer if k.lost is None],
            "losta": [k for k in kommentarer if k.lost is not None],
            "form": form,
            "may_edit": may_edit_chapter(request.user, dp, nyckel) and is_editable(dp, TYP),
        },
    )


@login_required
@require_POST
def kommentar_status(request: HttpRequest, referens: str, nyckel: str, pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    kommentar = get_object_or_404(
        Granskningskommentar.objects.select_related("kapitel__dokument__delprojekt"),
        pk=pk,
        kapitel__dokument__delprojekt=dp,
        kapitel__dokument__typ=TYP,
        kapitel__nyckel=nyckel,
    )
    action = request.POST.get("atgard")
    try:
        if action == "los":
            granskningskommentar_resolve(kommentar=kommentar, user=request.user)
            messages.success(request, _("Kommentaren är markerad som löst."))
        elif action == "oppna":
            granskningskommentar_reopen(kommentar=kommentar, user=request.user)
            messages.success(request, _("Kommentaren är öppen igen."))
        else:
            messages.error(request, _("Okänd åtgärd."))
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    return redirect("delprojekt:kapitel_kommentarer", dp.referens, nyckel)


def oppna_kommentarer(kapitel_nyckel: str, dp: Delprojekt) -> list[Granskningskommentar]:
    """The chapter's open comments, for the editor's side panel."""
    return list(
        Granskningskommentar.objects.filter(
            kapitel__dokument__delprojekt=dp,
            kapitel__dokument__typ=TYP,
            kapitel__nyckel=kapitel_nyckel,
            lost__isnull=True,
        ).select_related("skriven_av")
    )

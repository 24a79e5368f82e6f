"""The uppdrag beyond its chapters: chapter versions, competences, tidplan, frozen versions,
changes after the hand-over, and the PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from delprojekt.diff import jamfor
from delprojekt.forms.uppdrag import (
    JamforForm,
    KompetenskravForm,
    MilstolpeForm,
    UppdragAndringForm,
)
from delprojekt.models import (
    MALL,
    Dokumenttyp,
    Kapitel,
    Kompetenskrav,
    Milstolpe,
)
from delprojekt.models.dokument import mall_rubrik
from delprojekt.pdf import pdf_response
from delprojekt.services.dokument import frozen_reason, is_editable, may_write
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.services.personnummer import warning_for
from delprojekt.services.uppdrag import (
    kompetenskrav_delete,
    kompetenskrav_move,
    kompetenskrav_save,
    milstolpe_delete,
    milstolpe_save,
    uppdrag_andring_record,
    uppdrag_lock,
)
from delprojekt.services.uppdrag_pdf import uppdrag_pdf_bytes
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user

UPPDRAG = Dokumenttyp.UPPDRAG
EDIT = "delprojekt.edit_uppdrag"


# --- Versions of one chapter ---------------------------------------------------------


def _kapitel_versioner(kapitel: Kapitel | None) -> list[dict[str, Any]]:
    """Every saved version of a chapter, newest first, one entry per version number."""
    if kapitel is None:
        return []
    by_version: dict[int, dict[str, Any]] = {}
    for h in kapitel.history.exclude(history_type="-").select_related("history_user"):
        # Newest record first: keep the last state each version number had.
        if h.version in by_version:
            continue
        by_version[h.version] = {
            "version": h.version,
            "text": h.text,
            "andrad": h.andrad,
            "av": h.history_user,
        }
    if kapitel.version not in by_version:
        by_version[kapitel.version] = {
            "version": kapitel.version,
            "text": kapitel.text,
            "andrad": kapitel.andrad,
            "av": kapitel.andrad_av,
        }
    return sorted(by_version.values(), key=lambda v: v["version"], reverse=True)


@login_required
@require_GET
def kapitel_versioner(request: HttpRequest, referens: str, typ: str, nyckel: str) -> HttpResponse:
    if typ not in MALL or nyckel not in dict(MALL[typ]):
        raise Http404
    dp = get_delprojekt_for_user(request, referens)
    kapitel = (
        Kapitel.objects.filter(dokument__delprojekt=dp, dokument__typ=typ, nyckel=nyckel)
        .select_related("andrad_av")
        .first()
    )
    versioner = _kapitel_versioner(kapitel)
    nummer = [v["version"] for v in versioner]
    jamforelse = None
    fore = efter = None
    if "a" in request.GET or "b" in request.GET:
        form = JamforForm(request.GET, versions=nummer)
        if form.is_valid():
            texts = {v["version"]: v for v in versioner}
            fore, efter = texts[form.cleaned_data["a"]], texts[form.cleaned_data["b"]]
            jamforelse = jamfor(fore["text"], efter["text"])
    else:
        initial = {"a": nummer[1], "b": nummer[0]} if len(nummer) > 1 else {}
        form = JamforForm(initial=initial, versions=nummer)
    return render(
        request,
        "delprojekt/uppdrag/kapitel_versioner.html",
        {
            "dp": dp,
            "typ": typ,
            "typ_label": Dokumenttyp(typ).label,
            "nyckel": nyckel,
            "rubrik": mall_rubrik(typ, nyckel),
            "versioner": versioner,
            "form": form,
            "jamforelse": jamforelse,
            "fore": fore,
            "efter": efter,
        },
    )


# --- Competences and milestones ------------------------------------------------------


def _refuse_if_frozen(request: HttpRequest, dp: Any, target: str) -> HttpResponse | None:
    reason = frozen_reason(dp, UPPDRAG)
    if reason:
        messages.error(request, reason)
        return redirect(target, dp.referens)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def kompetenskrav(request: HttpRequest, referens: str, pk: int | None = None) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm=EDIT)
    instance = get_object_or_404(Kompetenskrav, pk=pk, delprojekt=dp) if pk else None
    may = may_write(request.user, dp, UPPDRAG)
    form = KompetenskravForm(request.POST or None, instance=instance) if may else None
    if request.method == "POST":
        refused = _refuse_if_frozen(request, dp, "delprojekt:kompetenskrav")
        if refused:
            return refused
        assert form is not None
        if form.is_valid():
            try:
                k, changed = kompetenskrav_save(
                    delprojekt=dp,
                    user=request.user,
                    data=form.cleaned_data,
                    kompetenskrav=instance,
                )
            except NotAllowed as exc:
                raise PermissionDenied(exc.messages[0]) from exc
            except DomainError as exc:
                form_errors_from(exc, form)
            else:
                warning = warning_for(f"{k.benamning} {k.kommentar}")
                if warning:
                    messages.warning(request, warning)
                messages.success(
                    request, _("Kompetensen är sparad.") if changed else _("Inget var ändrat.")
                )
                return redirect("delprojekt:kompetenskrav", dp.referens)
    return render(
        request,
        "delprojekt/uppdrag/kompetenskrav.html",
        {
            "dp": dp,
            "krav": dp.kompetenskrav.order_by("ordning", "pk"),
            "form": form,
            "instance": instance,
            "may_write": may,
            "frozen": frozen_reason(dp, UPPDRAG),
        },
    )


@login_required
@require_POST
def kompetenskrav_remove(request: HttpRequest, referens: str, pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm=EDIT)
    k = get_object_or_404(Kompetenskrav, pk=pk, delprojekt=dp)
    try:
        kompetenskrav_delete(kompetenskrav=k, user=request.user)
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Kompetensen är borttagen."))
    return redirect("delprojekt:kompetenskrav", dp.referens)


@login_required
@require_POST
def kompetenskrav_flytta(request: HttpRequest, referens: str, pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm=EDIT)
    k = get_object_or_404(Kompetenskrav, pk=pk, delprojekt=dp)
    try:
        moved = kompetenskrav_move(
            kompetenskrav=k, user=request.user, riktning=request.POST.get("riktning", "")
        )
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Ordningen är ändrad.") if moved else _("Kompetensen står redan där.")
        )
    return redirect("delprojekt:kompetenskrav", dp.referens)


@login_required
@require_http_methods(["GET", "POST"])
def milstolpar(request: HttpRequest, referens: str, pk: int | None = None) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm=EDIT)
    instance = get_object_or_404(Milstolpe, pk=pk, delprojekt=dp) if pk else None
    may = may_write(request.user, dp, UPPDRAG)
    form = MilstolpeForm(request.POST or None, instance=instance) if may else None
    if request.method == "POST":
        refused = _refuse_if_frozen(request, dp, "delprojekt:milstolpar")
        if refused:
            return refused
        assert form is not None
        if form.is_valid():
            try:
                m, changed = milstolpe_save(
                    delprojekt=dp, user=request.user, data=form.cleaned_data, milstolpe=instance
                )
            except NotAllowed as exc:
                raise PermissionDenied(exc.messages[0]) from exc
            except DomainError as exc:
                form_errors_from(exc, form)
            else:
                warning = warning_for(m.benamning)
                if warning:
                    messages.warning(request, warning)
                messages.success(
                    request, _("Milstolpen är sparad.") if changed else _("Inget var ändrat.")
                )
                return redirect("delprojekt:milstolpar", dp.referens)
    return render(
        request,
        "delprojekt/uppdrag/milstolpar.html",
        {
            "dp": dp,
            "milstolpar": dp.milstolpar.order_by("datum", "pk"),
            "form": form,
            "instance": instance,
            "may_write": may,
            "frozen": frozen_reason(dp, UPPDRAG),
            "idag": timezone.localdate(),
        },
    )


@login_required
@require_POST
def milstolpe_remove(request: HttpRequest, referens: str, pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm=EDIT)
    m = get_object_or_404(Milstolpe, pk=pk, delprojekt=dp)
    try:
        milstolpe_delete(milstolpe=m, user=request.user)
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Milstolpen är borttagen."))
    return redirect("delprojekt:milstolpar", dp.referens)


# --- Changes after the hand-over ----------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def uppdrag_andring(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="delprojekt.amend_uppdrag")
    open_for_change = dp.uppdrag_andringsbeslut_id is not None
    kan_registreras = dp.overlamnat_datum is not None and not is_editable(dp, UPPDRAG)
    form = UppdragAndringForm(request.POST or None) if kan_registreras else None
    if request.method == "POST":
        if form is None:
            messages.error(
                request,
                _("Ett beslut om ändrat uppdrag är redan registrerat. Lås uppdraget först.")
                if open_for_change
                else _("Uppdraget är inte överlämnat ännu och kan ändras utan beslut."),
            )
            return redirect("delprojekt:uppdrag_andring", dp.referens)
        if form.is_valid():
            try:
                uppdrag_andring_record(
                    delprojekt=dp,
                    user=request.user,
                    organ_typ=form.cleaned_data["organ"],
                    datum=form.cleaned_data["datum"],
                    beslutstext=form.cleaned_data["beslutstext"],
                    slag=form.cleaned_data["slag"],
                )
            except NotAllowed as exc:
                raise PermissionDenied(exc.messages[0]) from exc
            except DomainError as exc:
                form_errors_from(exc, form)
            else:
                messages.success(
                    request,
                    _(
                        "Beslutet är registrerat. Uppdraget är öppet för ändringar tills det "
                        "låses igen."
                    ),
                )
                return redirect("delprojekt:dokument", dp.referens, UPPDRAG)
    return render(
        request,
        "delprojekt/uppdrag/andring.html",
        {
            "dp": dp,
            "form": form,
            "andringsbeslut": dp.uppdrag_andringsbeslut if open_for_change else None,
            "versioner": dp.uppdragsversioner.select_related("beslut__organ", "skapad_av"),
        },
    )


@login_required
@require_POST
def uppdrag_las(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="delprojekt.amend_uppdrag")
    try:
        version = uppdrag_lock(delprojekt=dp, user=request.user)
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Uppdraget är låst som version %(nr)s.") % {"nr": version.nummer}
        )
    return redirect("delprojekt:dokument", dp.referens, UPPDRAG)


# --- Frozen versions compared ---------------------------------------------------------


def _structured_lines(innehall: dict[str, Any]) -> tuple[str, str]:
    krav = "\n".join(
        f"{k.get('ordning', '')}. {k.get('benamning', '')} ({k.get('krav_text', k.get('krav'))})"
        + (f" – {k['kommentar']}" if k.get("kommentar") else "")
        for k in innehall.get("kompetenskrav", [])
    )
    tidplan = "\n".join(
        f"{m.get('datum', '')} {m.get('benamning', '')}"
        + (f" ({_('klar')})" if m.get("klar") else "")
        for m in innehall.get("milstolpar", [])
    )
    return krav, tidplan


def _jamfor_versioner(a: Any, b: Any) -> list[dict[str, Any]]:
    kap_a = {k["nyckel"]: k for k in a.innehall.get("kapitel", [])}
    kap_b = {k["nyckel"]: k for k in b.innehall.get("kapitel", [])}
    rows = []
    for nyckel, rubrik in MALL[UPPDRAG]:
        rows.append(
            {
                "rubrik": rubrik,
                "jamforelse": jamfor(
                    kap_a.get(nyckel, {}).get("text", ""), kap_b.get(nyckel, {}).get("text", "")
                ),
            }
        )
    krav_a, tid_a = _structured_lines(a.innehall)
    krav_b, tid_b = _structured_lines(b.innehall)
    rows.append({"rubrik": _("Kompetenser och områden"), "jamforelse": jamfor(krav_a, krav_b)})
    rows.append({"rubrik": _("Milstolpar"), "jamforelse": jamfor(tid_a, tid_b)})
    return rows


@login_required
@require_GET
def uppdrag_versioner(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    versioner = list(dp.uppdragsversioner.select_related("beslut__organ", "skapad_av"))
    nummer = [v.nummer for v in versioner]
    rows = None
    fore = efter = None
    if "a" in request.GET or "b" in request.GET:
        form = JamforForm(request.GET, versions=nummer)
        if form.is_valid():
            by_nr = {v.nummer: v for v in versioner}
            fore, efter = by_nr[form.cleaned_data["a"]], by_nr[form.cleaned_data["b"]]
            rows = _jamfor_versioner(fore, efter)
    else:
        initial = {"a": nummer[-2], "b": nummer[-1]} if len(nummer) > 1 else {}
        form = JamforForm(initial=initial, versions=nummer)
    return render(
        request,
        "delprojekt/uppdrag/versioner.html",
        {
            "dp": dp,
            "versioner": versioner,
            "form": form,
            "rows": rows,
            "fore": fore,
            "efter": efter,
        },
    )


# --- PDF ----------------------------------------------------------------------------------


@login_required
@require_GET
def uppdrag_pdf(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    return pdf_response(uppdrag_pdf_bytes(dp), f"{dp.referens}-uppdrag.pdf")

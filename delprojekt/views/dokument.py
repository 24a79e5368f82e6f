"""The documents of the mall: chapters of the uppdrag and the slutrapport,
åtgärdsförslag and the follow-up plan."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from delprojekt import workflow
from delprojekt.forms import (
    AtgardsforslagForm,
    KapitelForm,
    UppfoljningsplanForm,
)
from delprojekt.forms.slutrapport import PatientperspektivForm
from delprojekt.markdown import render_markdown
from delprojekt.models import (
    MALL,
    Arbetsgruppsmedlemskap,
    Atgardsforslag,
    Beslut,
    Dokumenttyp,
    Kapitel,
    Sprakgranskning,
    Uppfoljningsplan,
)
from delprojekt.models.dokument import mall_rubrik
from delprojekt.rapportkontroll import hardest_sentences, lix, rapportkontroll
from delprojekt.services.dokument import (
    PERMISSION,
    KapitelKonflikt,
    atgardsforslag_delete,
    atgardsforslag_save,
    frozen_reason,
    kapitel_save,
    may_write,
    uppfoljningsplan_save,
)
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.services.personnummer import warning_for
from delprojekt.services.slutrapport import may_edit_chapter
from delprojekt.services.slutrapport_innehall import gruppsammansattning
from delprojekt.services.uppdrag import SKRIVTIPS
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user
from delprojekt.views.slutrapport import med_skrivande, oppna_kommentarer, skrivande_context


def _typ_or_404(typ: str) -> str:
    if typ not in MALL:
        raise Http404
    return typ


@login_required
def dokument(request: HttpRequest, referens: str, typ: str) -> HttpResponse:
    typ = _typ_or_404(typ)
    dp = get_delprojekt_for_user(request, referens)
    kapitel = {
        k.nyckel: k
        for k in med_skrivande(
            Kapitel.objects.filter(dokument__delprojekt=dp, dokument__typ=typ), typ
        ).select_related("andrad_av")
    }
    may = may_write(request.user, dp, typ)
    tips = SKRIVTIPS if typ == Dokumenttyp.UPPDRAG and may else {}
    chapters = [
        (nyckel, rubrik, kapitel.get(nyckel), tips.get(nyckel)) for nyckel, rubrik in MALL[typ]
    ]
    context = {
        "dp": dp,
        "typ": typ,
        "typ_label": Dokumenttyp(typ).label,
        "chapters": chapters,
        "may_write": may,
        "frozen": frozen_reason(dp, typ),
    }
    if typ == Dokumenttyp.SLUTRAPPORT:
        # The group once, for the writers to choose among and for its composition.
        medlemskap = list(
            Arbetsgruppsmedlemskap.objects.filter(delprojekt=dp).select_related(
                "person", "person__region", "region"
            )
        )
        context.update(skrivande_context(request.user, dp, kapitel, medlemskap=medlemskap))
    if typ == Dokumenttyp.UPPDRAG:
        context.update(
            {
                "kompetenskrav": list(dp.kompetenskrav.order_by("ordning", "pk")),
                "milstolpar": list(dp.milstolpar.order_by("datum", "pk")),
                "versioner": list(
                    dp.uppdragsversioner.select_related("beslut__organ", "skapad_av")
                ),
                "andringsbeslut": (
                    Beslut.objects.select_related("organ").get(pk=dp.uppdrag_andringsbeslut_id)
                    if dp.uppdrag_andringsbeslut_id
                    else None
                ),
                "idag": timezone.localdate(),
            }
        )
    if typ == Dokumenttyp.SLUTRAPPORT:
        context["gruppsammansattning"] = gruppsammansattning(dp, medlemskap)
    if typ == Dokumenttyp.SLUTRAPPORT:
        context["rapportkontroll"] = rapportkontroll(dp, kapitel)
        context["sprakgranskning"] = (
            Sprakgranskning.objects.filter(delprojekt=dp).select_related("granskare").first()
        )
        context["patientperspektiv_form"] = (
            PatientperspektivForm(initial={"utan_patientperspektiv": dp.utan_patientperspektiv})
            if may and request.user.has_perm("delprojekt.edit_slutrapport", dp)
            else None
        )
    return render(request, "delprojekt/dokument.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def kapitel_edit(request: HttpRequest, referens: str, typ: str, nyckel: str) -> HttpResponse:
    typ = _typ_or_404(typ)
    if nyckel not in dict(MALL[typ]):
        raise Http404
    if typ == Dokumenttyp.SLUTRAPPORT:
        # The kansli, the chair, the group's writers and the chapter's assigned writer.
        dp = get_delprojekt_for_user(request, referens)
        if not may_edit_chapter(request.user, dp, nyckel):
            raise PermissionDenied
    else:
        dp = get_delprojekt_for_user(request, referens, perm=PERMISSION[typ])
    reason = frozen_reason(dp, typ)
    if reason:
        messages.error(request, reason)
        return redirect("delprojekt:dokument", dp.referens, typ)
    kapitel = Kapitel.objects.filter(
        dokument__delprojekt=dp, dokument__typ=typ, nyckel=nyckel
    ).first()
    initial = {
        "version": kapitel.version if kapitel else 0,
        "text": kapitel.text if kapitel else "",
    }
    form = KapitelForm(request.POST or None, initial=initial)
    conflict = None
    preview = None
    preview_lix = None
    preview_svara: list = []
    if request.method == "POST" and "forhandsgranska" in request.POST:
        # Show the text as it will look, with its readability; nothing is saved and the
        # version stays the one the user opened, so a later save still sees whether
        # someone else saved since.
        if form.is_valid():
            preview = render_markdown(form.cleaned_data["text"], shift_headings=1)
            preview_lix = lix(form.cleaned_data["text"])
            preview_svara = hardest_sentences(form.cleaned_data["text"])
    elif request.method == "POST" and form.is_valid():
        try:
            _kapitel, changed = kapitel_save(
                delprojekt=dp,
                typ=typ,
                nyckel=nyckel,
                user=request.user,
                text=form.cleaned_data["text"],
                version=form.cleaned_data["version"],
            )
        except KapitelKonflikt as exc:
            conflict = exc.current
            # Keep the user's text in the box, now against the version saved by the other.
            form = KapitelForm({"version": conflict.version, "text": form.cleaned_data["text"]})
            form.is_valid()
            form.add_error(None, exc.messages[0])
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            warning = warning_for(form.cleaned_data["text"])
            if warning:
                messages.warning(request, warning)
            messages.success(
                request, _("Kapitlet är sparat.") if changed else _("Inget var ändrat.")
            )
            return redirect(f"{reverse('delprojekt:dokument', args=[dp.referens, typ])}#{nyckel}")
    return render(
        request,
        "delprojekt/kapitel_edit.html",
        {
            "dp": dp,
            "typ": typ,
            "typ_label": Dokumenttyp(typ).label,
            "nyckel": nyckel,
            "rubrik": mall_rubrik(typ, nyckel),
            "tips": SKRIVTIPS.get(nyckel) if typ == Dokumenttyp.UPPDRAG else None,
            "form": form,
            "conflict": conflict,
            "egen_text": form.data.get("text", "") if conflict else "",
            "preview": preview,
            "preview_lix": preview_lix,
            "preview_svara": preview_svara,
            "rapportkontroll": rapportkontroll(dp) if typ == Dokumenttyp.SLUTRAPPORT else None,
            "svara_meningar": hardest_sentences(kapitel.text if kapitel else ""),
            "granskning": (
                oppna_kommentarer(nyckel, dp) if typ == Dokumenttyp.SLUTRAPPORT else None
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def atgardsforslag(request: HttpRequest, referens: str, pk: int | None = None) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    may = may_write(request.user, dp, Dokumenttyp.SLUTRAPPORT)
    instance = get_object_or_404(Atgardsforslag, pk=pk, delprojekt=dp) if pk else None
    form = None
    if may:
        form = AtgardsforslagForm(request.POST or None, instance=instance)
    if request.method == "POST":
        if not request.user.has_perm("delprojekt.edit_slutrapport", dp):
            raise PermissionDenied
        if not may:
            messages.error(request, frozen_reason(dp, Dokumenttyp.SLUTRAPPORT))
            return redirect("delprojekt:atgardsforslag", dp.referens)
        if form.is_valid():
            try:
                a = atgardsforslag_save(
                    delprojekt=dp,
                    user=request.user,
                    data=form.cleaned_data,
                    atgardsforslag=Atgardsforslag.objects.get(pk=instance.pk) if instance else None,
                )
            except DomainError as exc:
                form_errors_from(exc, form)
            else:
                for text in (a.beskrivning, a.genomforbarhet, a.undantrangning, a.titel):
                    warning = warning_for(text)
                    if warning:
                        messages.warning(request, warning)
                        break
                messages.success(request, _("Åtgärdsförslaget är sparat."))
                return redirect("delprojekt:atgardsforslag", dp.referens)
    elif pk and not may:
        if not request.user.has_perm("delprojekt.edit_slutrapport", dp):
            raise PermissionDenied
        # One who may write is told why the proposals are closed now.
        messages.error(request, frozen_reason(dp, Dokumenttyp.SLUTRAPPORT))
        return redirect("delprojekt:atgardsforslag", dp.referens)
    return render(
        request,
        "delprojekt/atgardsforslag.html",
        {
            "dp": dp,
            "forslag": dp.atgardsforslag.prefetch_related("regioner").order_by("ordning"),
            "form": form,
            "instance": instance,
            "may_write": may,
            "frozen": frozen_reason(dp, Dokumenttyp.SLUTRAPPORT),
            # Handing the report in, to the first body of the samverkan's chain.
            "warnings": [
                w
                for name in ("lamna_till_samarbetsgrupp", "lamna_till_ledningsgrupp")
                for w in workflow.warnings(dp, name)
            ],
        },
    )


@login_required
@require_POST
def atgardsforslag_remove(request: HttpRequest, referens: str, pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="delprojekt.edit_slutrapport")
    a = get_object_or_404(Atgardsforslag, pk=pk, delprojekt=dp)
    try:
        atgardsforslag_delete(atgardsforslag=a, user=request.user)
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Åtgärdsförslaget är borttaget."))
    return redirect("delprojekt:atgardsforslag", dp.referens)


@login_required
@require_http_methods(["GET", "POST"])
def uppfoljningsplan(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    plan, _created = Uppfoljningsplan.objects.get_or_create(delprojekt=dp)
    may = may_write(request.user, dp, Dokumenttyp.SLUTRAPPORT)
    form = UppfoljningsplanForm(request.POST or None, instance=plan) if may else None
    if request.method == "POST":
        if not request.user.has_perm("delprojekt.edit_slutrapport", dp):
            raise PermissionDenied
        if not may:
            messages.error(request, frozen_reason(dp, Dokumenttyp.SLUTRAPPORT))
            return redirect("delprojekt:uppfoljningsplan", dp.referens)
        if form.is_valid():
            changed = uppfoljningsplan_save(
                delprojekt=dp, user=request.user, data=form.cleaned_data
            )
            messages.success(request, _("Planen är sparad.") if changed else _("Inget var ändrat."))
            return redirect("delprojekt:uppfoljningsplan", dp.referens)
    return render(
        request,
        "delprojekt/uppfoljningsplan.html",
        {
            "dp": dp,
            "plan": plan,
            "form": form,
            "frozen": frozen_reason(dp, "slutrapport"),
            "parametrar": list(dp.uppfoljningsparametrar.order_by("ordning", "pk")),
            "may_write": may,
        },
    )

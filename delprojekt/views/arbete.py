"""The working group's material: documents of the mall, the group, åtgärdsförslag,
the follow-up plan, and the regions' decisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from delprojekt.forms import (
    AtgardsforslagForm,
    HuvudmannabeslutForm,
    KapitelForm,
    MedlemForm,
    MedlemStatusForm,
    UppfoljningsplanForm,
)
from delprojekt.models import (
    MALL,
    Arbetsgruppsmedlemskap,
    Atgardsforslag,
    Dokumenttyp,
    Huvudmannabeslut,
    Kapitel,
    Region,
    Uppfoljningsplan,
)
from delprojekt.models.dokument import mall_rubrik
from delprojekt.services import guards
from delprojekt.services.arbetsgrupp import (
    arbetsgrupp_member_add,
    arbetsgrupp_member_end,
    arbetsgrupp_member_update,
)
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
from delprojekt.services.huvudmannabeslut import (
    OPEN_IN,
    huvudmannabeslut_register,
    may_register_for,
)
from delprojekt.services.personnummer import warning_for
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user


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
        for k in Kapitel.objects.filter(dokument__delprojekt=dp, dokument__typ=typ).select_related(
            "andrad_av"
        )
    }
    chapters = [(nyckel, rubrik, kapitel.get(nyckel)) for nyckel, rubrik in MALL[typ]]
    return render(
        request,
        "delprojekt/dokument.html",
        {
            "dp": dp,
            "typ": typ,
            "typ_label": Dokumenttyp(typ).label,
            "chapters": chapters,
            "may_write": may_write(request.user, dp, typ),
            "frozen": frozen_reason(dp, typ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def kapitel_edit(request: HttpRequest, referens: str, typ: str, nyckel: str) -> HttpResponse:
    typ = _typ_or_404(typ)
    if nyckel not in dict(MALL[typ]):
        raise Http404
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
    if request.method == "POST" and form.is_valid():
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
            "rubrik": mall_rubrik(typ, nyckel),
            "form": form,
            "conflict": conflict,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def arbetsgrupp(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    may_manage = request.user.has_perm("delprojekt.manage_arbetsgrupp", dp)
    form = MedlemForm(request.POST or None) if may_manage else None
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in form.cleaned_data if k != "person"}
            try:
                m = arbetsgrupp_member_add(
                    delprojekt=dp, user=request.user, person=form.cleaned_data["person"], data=data
                )
            except DomainError as exc:
                form_errors_from(exc, form)
            else:
                messages.success(
                    request, _("%(namn)s är tillagd i arbetsgruppen.") % {"namn": m.person.namn}
                )
                return redirect("delprojekt:arbetsgrupp", dp.referens)
    members = list(
        Arbetsgruppsmedlemskap.objects.filter(delprojekt=dp)
        .select_related("person", "region")
        .order_by("roll", "person__namn")
    )
    current_ids = set(
        Arbetsgruppsmedlemskap.objects.current().filter(delprojekt=dp).values_list("pk", flat=True)
    )
    current = [m for m in members if m.pk in current_ids]
    for m in current:
        m.status_form = MedlemStatusForm(
            initial={"status": m.status, "avstamt_med_chef": m.avstamt_med_chef},
            prefix=f"m{m.pk}",
        )
    return render(
        request,
        "delprojekt/arbetsgrupp.html",
        {
            "dp": dp,
            "current": current,
            "past": [m for m in members if m.pk not in current_ids],
            "form": form,
            "may_manage": may_manage,
            "missing": guards.missing(dp, "overlamna_uppdrag"),
        },
    )


@login_required
@require_POST
def arbetsgrupp_member(request: HttpRequest, referens: str, pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="delprojekt.manage_arbetsgrupp")
    member = get_object_or_404(Arbetsgruppsmedlemskap, pk=pk, delprojekt=dp)
    try:
        if "avsluta" in request.POST:
            arbetsgrupp_member_end(member=member, user=request.user)
            messages.success(request, _("Medlemskapet är avslutat."))
        else:
            form = MedlemStatusForm(request.POST, prefix=f"m{member.pk}")
            if not form.is_valid():
                messages.error(request, _("Välj en giltig status."))
            elif arbetsgrupp_member_update(
                member=member, user=request.user, data=form.cleaned_data
            ):
                messages.success(request, _("Ändringen är sparad."))
            else:
                messages.info(request, _("Inget var ändrat."))
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("delprojekt:arbetsgrupp", dp.referens)


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
        raise PermissionDenied
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
            "warnings": guards.warnings(dp, "lamna_till_samarbetsgrupp"),
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
        {"dp": dp, "plan": plan, "form": form, "frozen": frozen_reason(dp, "slutrapport")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def huvudmannabeslut(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    regioner = list(dp.regioner.all())
    beslut = {
        b.region_id: b
        for b in Huvudmannabeslut.objects.filter(delprojekt=dp).select_related("region")
    }
    posted_region = None
    if request.method == "POST":
        posted_region = get_object_or_404(Region, pk=request.POST.get("region"))
        if not may_register_for(request.user, dp, posted_region):
            raise PermissionDenied
    rows = []
    open_now = dp.status in OPEN_IN
    for region in regioner:
        may = open_now and may_register_for(request.user, dp, region)
        form = None
        if may:
            is_posted = posted_region is not None and posted_region.pk == region.pk
            form = HuvudmannabeslutForm(
                request.POST if is_posted else None,
                request.FILES if is_posted else None,
                instance=beslut.get(region.pk),
                prefix=f"r{region.pk}",
            )
            if is_posted and form.is_valid():
                try:
                    huvudmannabeslut_register(
                        delprojekt=dp,
                        user=request.user,
                        region=region,
                        data=form.cleaned_data,
                        protokollsutdrag=request.FILES.get(f"r{region.pk}-protokollsutdrag"),
                    )
                except NotAllowed as exc:
                    raise PermissionDenied(exc.messages[0]) from exc
                except DomainError as exc:
                    form_errors_from(exc, form)
                else:
                    messages.success(
                        request, _("Beslutet för %(region)s är registrerat.") % {"region": region}
                    )
                    return redirect("delprojekt:huvudmannabeslut", dp.referens)
        rows.append({"region": region, "beslut": beslut.get(region.pk), "form": form})
    return render(
        request,
        "delprojekt/huvudmannabeslut.html",
        {"dp": dp, "rows": rows, "open_now": open_now},
        status=400 if posted_region is not None else 200,
    )


@login_required
def huvudmannabeslut_utdrag(request: HttpRequest, referens: str, pk: int) -> FileResponse:
    dp = get_delprojekt_for_user(request, referens)
    beslut = get_object_or_404(Huvudmannabeslut, pk=pk, delprojekt=dp)
    if not beslut.protokollsutdrag:
        raise Http404
    return FileResponse(
        beslut.protokollsutdrag.open("rb"),
        content_type="application/pdf",
        as_attachment=False,
        filename=f"{dp.referens}-{beslut.region.kortnamn}-protokollsutdrag.pdf",
    )

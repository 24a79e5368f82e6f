"""The working group: members, nominations, the appointment decision, checks and roster."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from delprojekt import workflow
from delprojekt.export import Kolumn, csv_response
from delprojekt.forms.arbetsgrupp import (
    KompetenserForm,
    KompetensSkalForm,
    MedlemForm,
    MedlemStatusForm,
    OrdforandeForm,
    UtanPatientrepresentantForm,
    UtseForm,
)
from delprojekt.models import (
    ArbetsgruppRoll,
    Arbetsgruppsmedlemskap,
    Kompetenskrav,
    Nomineringsstatus,
    Samverkan,
)
from delprojekt.models.arbetsgrupp import NASTA_STATUS
from delprojekt.pdf import pdf_response, render_pdf
from delprojekt.services.arbetsgrupp import (
    ROLL_ORDNING,
    appointable,
    arbetsgrupp_appoint,
    arbetsgrupp_chair_details,
    arbetsgrupp_member_add,
    arbetsgrupp_member_end,
    arbetsgrupp_member_kompetenser,
    arbetsgrupp_member_update,
    arbetsgrupp_utan_patientrepresentant,
    default_beslutstext,
    kompetenskrav_skal_save,
)
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.services.formation import formation_checks
from delprojekt.services.personnummer import warning_for
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user

#: Button texts for the next step towards a status.
STEG_TEXT = {
    Nomineringsstatus.TILLFRAGAD: _("Markera som tillfrågad"),
    Nomineringsstatus.ACCEPTERAD: _("Har accepterat"),
    Nomineringsstatus.AVBOJD: _("Har avböjt"),
    Nomineringsstatus.UTSEDD: _("Markera som utsedd"),
}


def _is_current(m: Arbetsgruppsmedlemskap, today) -> bool:
    return m.till is None or m.till >= today


def _all_members(dp) -> list[Arbetsgruppsmedlemskap]:
    return list(
        Arbetsgruppsmedlemskap.objects.filter(delprojekt=dp)
        .select_related("person", "region", "utsedd_beslut")
        .prefetch_related("kompetenser")
        .order_by("roll", "person__namn", "pk")
    )


def _by_role(members: list[Arbetsgruppsmedlemskap]) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for m in sorted(members, key=lambda m: (ROLL_ORDNING.get(m.roll, 99), m.person.namn)):
        groups.setdefault(m.roll, []).append(m)
    return [(ArbetsgruppRoll(roll).label, ms) for roll, ms in groups.items()]


def _appointed(dp) -> list[Arbetsgruppsmedlemskap]:
    members = (
        Arbetsgruppsmedlemskap.objects.utsedda()
        .filter(delprojekt=dp)
        .select_related("person", "region", "utsedd_beslut")
    )
    return sorted(members, key=lambda m: (ROLL_ORDNING.get(m.roll, 99), m.person.namn))


@login_required
@require_http_methods(["GET", "POST"])
def arbetsgrupp(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    may_manage = request.user.has_perm("delprojekt.manage_arbetsgrupp", dp)
    may_nominate = request.user.has_perm("delprojekt.nominate_member", dp)
    kompetenskrav = list(dp.kompetenskrav.all())
    form = (
        MedlemForm(
            request.POST or None,
            delprojekt=dp,
            may_manage=may_manage,
            kompetenskrav=kompetenskrav,
        )
        if may_nominate
        else None
    )
    if request.method == "POST":
        if not may_nominate:
            raise PermissionDenied
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "person"}
            try:
                m = arbetsgrupp_member_add(
                    delprojekt=dp, user=request.user, person=form.cleaned_data["person"], data=data
                )
            except NotAllowed as exc:
                raise PermissionDenied(exc.messages[0]) from exc
            except DomainError as exc:
                form_errors_from(exc, form)
            else:
                messages.success(
                    request,
                    _("%(namn)s är tillagd i arbetsgruppen. Status: %(status)s.")
                    % {"namn": m.person.namn, "status": m.get_status_display().lower()},
                )
                for warning in m.warnings:
                    messages.warning(request, warning)
                note = warning_for(m.adjungerad_for + " " + m.nominerad_av)
                if note:
                    messages.warning(request, note)
                return redirect("delprojekt:arbetsgrupp", dp.referens)

    today = timezone.localdate()
    members = _all_members(dp)
    current = [m for m in members if _is_current(m, today) and m.status != Nomineringsstatus.AVBOJD]
    past = [m for m in members if not _is_current(m, today) or m.status == Nomineringsstatus.AVBOJD]
    past.sort(key=lambda m: (m.till or today, m.pk), reverse=True)
    for m in current:
        m.nasta = [
            (s, STEG_TEXT.get(s, Nomineringsstatus(s).label)) for s in NASTA_STATUS[m.status]
        ]
        m.kompetens_ids = {k.pk for k in m.kompetenser.all()}
        m.status_form = MedlemStatusForm(
            initial={"avstamt_med_chef": m.avstamt_med_chef}, prefix=f"m{m.pk}"
        )
        if m.roll == ArbetsgruppRoll.ORDFORANDE and may_manage:
            m.ordforande_form = OrdforandeForm(instance=m, prefix=f"o{m.pk}")
    covered = {
        k for m in current if m.roll != ArbetsgruppRoll.KONTAKTPERSON for k in m.kompetens_ids
    }
    saknade_ska = [
        k for k in kompetenskrav if k.krav == Kompetenskrav.Krav.SKA and k.pk not in covered
    ]
    for k in saknade_ska:
        k.skal_form = (
            KompetensSkalForm(initial={"skal_saknas": k.skal_saknas}, prefix=f"s{k.pk}")
            if may_manage
            else None
        )
    return render(
        request,
        "delprojekt/arbetsgrupp.html",
        {
            "dp": dp,
            "groups": _by_role(current),
            "current": current,
            "past": past,
            "form": form,
            "may_manage": may_manage,
            "may_nominate": may_nominate,
            "may_export": request.user.has_perm("delprojekt.export_arbetsgrupp", dp),
            "kompetenskrav": kompetenskrav,
            "checks": formation_checks(dp, members=current, kompetenskrav=kompetenskrav),
            "kandidater": appointable(current),
            "saknade_ska": saknade_ska,
            "patient_form": UtanPatientrepresentantForm(instance=dp) if may_manage else None,
            "missing": workflow.missing(dp, "overlamna_uppdrag")
            if dp.status == "arbetsgrupp"
            else [],
        },
    )


@login_required
@require_POST
def arbetsgrupp_member(request: HttpRequest, referens: str, pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="delprojekt.manage_arbetsgrupp")
    member = get_object_or_404(
        Arbetsgruppsmedlemskap.objects.select_related("person"), pk=pk, delprojekt=dp
    )
    try:
        if "avsluta" in request.POST:
            arbetsgrupp_member_end(member=member, user=request.user)
            messages.success(request, _("Medlemskapet är avslutat."))
        elif request.POST.get("action") == "ordforande":
            form = OrdforandeForm(request.POST, prefix=f"o{member.pk}", instance=member)
            if not form.is_valid():
                messages.error(request, " ".join(e for es in form.errors.values() for e in es))
            elif arbetsgrupp_chair_details(
                member=member,
                user=request.user,
                avsatt_tid=form.cleaned_data["avsatt_tid"],
                erfarenhet=form.cleaned_data["erfarenhet"],
            ):
                messages.success(request, _("Ordförandens avsatta tid och erfarenhet är sparade."))
            else:
                messages.info(request, _("Inget var ändrat."))
        elif "kompetenser" in request.POST or request.POST.get("action") == "kompetenser":
            form = KompetenserForm(request.POST, prefix=f"k{member.pk}", delprojekt=dp)
            if not form.is_valid():
                messages.error(request, _("Välj bara kompetenser som uppdraget anger."))
            elif arbetsgrupp_member_kompetenser(
                member=member, user=request.user, kompetenser=form.cleaned_data["kompetenser"]
            ):
                messages.success(request, _("Kompetenserna är sparade."))
            else:
                messages.info(request, _("Inget var ändrat."))
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
@require_POST
def arbetsgrupp_kompetens_skal(request: HttpRequest, referens: str, pk: int) -> HttpResponse:
    """Record why a competence the uppdrag asks for is missing from the group."""
    dp = get_delprojekt_for_user(request, referens, perm="delprojekt.manage_arbetsgrupp")
    krav = get_object_or_404(Kompetenskrav, pk=pk, delprojekt=dp)
    form = KompetensSkalForm(request.POST, prefix=f"s{krav.pk}")
    target = reverse("delprojekt:arbetsgrupp", args=[dp.referens]) + "#kontroller"
    if not form.is_valid():
        messages.error(request, " ".join(e for es in form.errors.values() for e in es))
        return redirect(target)
    try:
        changed = kompetenskrav_skal_save(
            kompetenskrav=krav, user=request.user, skal=form.cleaned_data["skal_saknas"]
        )
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(target)
    if changed:
        messages.success(request, _("Skälet för %(namn)s är sparat.") % {"namn": krav.benamning})
        note = warning_for(krav.skal_saknas)
        if note:
            messages.warning(request, note)
    else:
        messages.info(request, _("Inget var ändrat."))
    return redirect(target)


@login_required
@require_POST
def arbetsgrupp_patientrepresentant(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="delprojekt.manage_arbetsgrupp")
    text = request.POST.get("utan_patientrepresentant", "")[:5000]
    try:
        changed = arbetsgrupp_utan_patientrepresentant(delprojekt=dp, user=request.user, text=text)
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    if changed:
        messages.success(request, _("Skälet är sparat."))
        note = warning_for(text)
        if note:
            messages.warning(request, note)
    else:
        messages.info(request, _("Inget var ändrat."))
    return redirect(reverse("delprojekt:arbetsgrupp", args=[dp.referens]) + "#kontroller")


@login_required
@require_http_methods(["GET", "POST"])
def arbetsgrupp_utse(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="delprojekt.manage_arbetsgrupp")
    today = timezone.localdate()
    kandidater = appointable(
        Arbetsgruppsmedlemskap.objects.current().filter(delprojekt=dp).select_related("person")
    )
    kandidater.sort(key=lambda m: (ROLL_ORDNING.get(m.roll, 99), m.person.namn))
    initial = {
        "datum": today,
        "beslutstext": default_beslutstext(dp, [m for m in kandidater if m.avstamt_med_chef]),
        "medlemmar": [str(m.pk) for m in kandidater if m.avstamt_med_chef],
    }
    form = UtseForm(request.POST or None, initial=initial, kandidater=kandidater)
    if request.method == "POST" and form.is_valid():
        try:
            beslut = arbetsgrupp_appoint(
                delprojekt=dp,
                user=request.user,
                member_ids=form.cleaned_data["medlemmar"],
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
                    "Ledningsgruppens beslut %(datum)s är registrerat; "
                    "%(antal)s personer är utsedda."
                )
                % {"datum": beslut.datum.isoformat(), "antal": beslut.utsedda.count()},
            )
            note = warning_for(form.cleaned_data["beslutstext"])
            if note:
                messages.warning(request, note)
            return redirect("delprojekt:arbetsgrupp", dp.referens)
    return render(
        request,
        "delprojekt/arbetsgrupp/utse.html",
        {"dp": dp, "form": form, "kandidater": kandidater},
    )


@login_required
@require_GET
def arbetsgrupp_lista(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    return render(
        request,
        "delprojekt/arbetsgrupp/lista.html",
        {
            "dp": dp,
            "members": _appointed(dp),
            "datum": timezone.localdate(),
            "may_export": request.user.has_perm("delprojekt.export_arbetsgrupp", dp),
        },
    )


@login_required
@require_GET
def arbetsgrupp_lista_pdf(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    members = _appointed(dp)
    pdf = render_pdf(
        "mall/arbetsgrupp.html",
        {
            "dp": dp,
            "samverkan": Samverkan.current(),
            "dokumenttitel": _("Arbetsgrupp – deltagarlista"),
            "dokumenttyp": "arbetsgrupp",
            "datum": timezone.localdate(),
            "members": members,
            "ordforande": [m for m in members if m.roll == ArbetsgruppRoll.ORDFORANDE],
            "kontaktperson": [m for m in members if m.roll == ArbetsgruppRoll.KONTAKTPERSON]
            or ([dp.kontaktperson] if dp.kontaktperson_id else []),
        },
    )
    return pdf_response(pdf, f"arbetsgrupp-{dp.referens}")


@login_required
@require_GET
def arbetsgrupp_csv(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="delprojekt.export_arbetsgrupp")
    kolumner = [
        Kolumn(_("Namn")),
        Kolumn(_("Roll")),
        Kolumn(_("Region")),
        Kolumn(_("Profession")),
        Kolumn(_("Organisation")),
        Kolumn(_("E-post")),
        Kolumn(_("Utsedd från")),
        Kolumn(_("Ledningsgruppens beslut")),
    ]
    rader = [
        (
            m.person.namn,
            m.get_roll_display(),
            m.region.namn if m.region else "",
            m.profession,
            m.person.organisation,
            m.person.epost,
            m.fran,
            m.utsedd_beslut.datum if m.utsedd_beslut else None,
        )
        for m in _appointed(dp)
    ]
    name = slugify(f"arbetsgrupp-{dp.referens}") or "arbetsgrupp"
    return csv_response(name=f"{name}.csv", kolumner=kolumner, rader=rader)

"""Pages of the follow-up rounds: the list of all rounds, a project's follow-up, one round."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from delprojekt.models import Delprojekt
from delprojekt.permissions import roller_for
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user
from uppfoljning.forms.omgang import AnsvarigForm, KommentarForm, RedovisningForm, SvarForm
from uppfoljning.models import (
    REDOVISNINGSORGAN,
    Omgangsstatus,
    Redovisning,
    Uppfoljningsansvarig,
    Uppfoljningsomgang,
)
from uppfoljning.services import omgang as svc

#: Rounds whose due date is this close count as "due soon" on the list.
SNART_DAGAR = 60


def _omgang(dp: Delprojekt, nummer: int) -> Uppfoljningsomgang:
    omgang = get_object_or_404(
        Uppfoljningsomgang.objects.prefetch_related(
            Prefetch("ansvariga", queryset=Uppfoljningsansvarig.objects.select_related("person")),
            Prefetch(
                "redovisningar", queryset=Redovisning.objects.select_related("registrerad_av")
            ),
            "paminnelser",
        ),
        delprojekt=dp,
        nummer=nummer,
    )
    omgang.delprojekt = dp
    return omgang


# --- Across projects -------------------------------------------------------------------


@login_required
@require_GET
def oversikt(request: HttpRequest) -> HttpResponse:
    """Every round: overdue (with days), due soon, in progress, awaiting presentation, done."""
    if not request.user.has_perm("uppfoljning.view_oversikt"):
        raise PermissionDenied
    today = timezone.localdate()
    qs = Uppfoljningsomgang.objects.select_related(
        "delprojekt", "delprojekt__kontaktperson"
    ).prefetch_related(
        Prefetch(
            "ansvariga",
            queryset=Uppfoljningsansvarig.objects.exclude(
                svar=Uppfoljningsansvarig.Svar.AVBOJD
            ).select_related("person"),
        ),
        "redovisningar",
    )
    mina = request.GET.get("mina") == "1"
    person_id = roller_for(request.user).person_id
    if mina and person_id is not None:
        qs = qs.filter(delprojekt__kontaktperson_id=person_id)
    forsenade, snart, pagaende, inlamnade, klara = [], [], [], [], []
    for o in qs.order_by("forfallodatum", "delprojekt__referens", "nummer"):
        if o.status == Omgangsstatus.KLAR:
            klara.append(o)
        elif o.rapport_inlamnad:
            inlamnade.append(o)
        elif o.forsenad(today):
            forsenade.append(o)
        elif o.dagar_kvar(today) <= SNART_DAGAR:
            snart.append(o)
        else:
            pagaende.append(o)
    for o in forsenade:
        o.dagar_sen = -o.dagar_kvar(today)
    klara.sort(key=lambda o: o.klar or o.skapad, reverse=True)
    return render(
        request,
        "uppfoljning/oversikt.html",
        {
            "forsenade": forsenade,
            "snart": snart,
            "pagaende": pagaende,
            "inlamnade": inlamnade,
            "klara": klara,
            "mina": mina,
            "snart_dagar": SNART_DAGAR,
            "today": today,
        },
    )


# --- One project -----------------------------------------------------------------------


@login_required
@require_GET
def uppfoljning(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    rounds = list(
        dp.uppfoljningsomgangar.prefetch_related(
            "redovisningar",
            Prefetch("ansvariga", queryset=Uppfoljningsansvarig.objects.select_related("person")),
        ).order_by("nummer")
    )
    for r in rounds:
        r.delprojekt = dp
    return render(
        request,
        "uppfoljning/uppfoljning.html",
        {
            "dp": dp,
            "rounds": rounds,
            "latest": rounds[-1] if rounds else None,
            "organ": REDOVISNINGSORGAN,
            "today": timezone.localdate(),
        },
    )


def _detail(
    request: HttpRequest,
    dp: Delprojekt,
    omgang: Uppfoljningsomgang,
    *,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    user = request.user
    person_id = roller_for(user).person_id
    may_manage = user.has_perm("uppfoljning.manage_omgang", dp)
    may_answer = user.has_perm("uppfoljning.answer_forfragan", omgang)
    ansvariga = list(omgang.ansvariga.all())
    for a in ansvariga:
        a.egen = a.person_id == person_id
        a.kan_svara = may_answer and (a.egen or may_manage) and not omgang.rapport_inlamnad
        if a.kan_svara and "svar_form" not in forms and a.egen:
            forms["svar_form"] = SvarForm(prefix=f"svar{a.pk}")
    context = {
        "dp": dp,
        "omgang": omgang,
        "ansvariga": ansvariga,
        "redovisningar": omgang.redovisningar_per_organ(),
        "organ": REDOVISNINGSORGAN,
        "paminnelser": list(omgang.paminnelser.all()),
        "may_manage": may_manage,
        "may_write": user.has_perm("uppfoljning.write_rapport", omgang),
        "today": timezone.localdate(),
        "dagar_sen": -omgang.dagar_kvar(),
        "ansvarig_form": forms.get("ansvarig_form")
        or (AnsvarigForm(delprojekt=dp) if may_manage else None),
        "redovisning_form": forms.get("redovisning_form")
        or (
            RedovisningForm(
                initial={"organ_typ": omgang.nasta_organ(), "datum": timezone.localdate()}
            )
            if may_manage
            else None
        ),
        "aterfor_form": forms.get("aterfor_form") or KommentarForm(prefix="aterfor"),
        "avsluta_form": forms.get("avsluta_form") or KommentarForm(prefix="avsluta"),
        "svar_fel": forms.get("svar_fel"),
        "svar_form": forms.get("svar_form"),
    }
    return render(request, "uppfoljning/omgang.html", context, status=status)


@login_required
@require_GET
def omgang_detail(request: HttpRequest, referens: str, nummer: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    return _detail(request, dp, _omgang(dp, nummer))


def _back(dp: Delprojekt, omgang: Uppfoljningsomgang) -> HttpResponse:
    return redirect("uppfoljning:omgang", dp.referens, omgang.nummer)


@login_required
@require_POST
def ansvarig_add(request: HttpRequest, referens: str, nummer: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="uppfoljning.manage_omgang")
    omgang = _omgang(dp, nummer)
    form = AnsvarigForm(request.POST, delprojekt=dp)
    if form.is_valid():
        try:
            a = svc.ansvarig_add(
                omgang=omgang, person=form.cleaned_data["person"], user=request.user
            )
        except NotAllowed as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(
                request,
                _("%(namn)s är tillfrågad och får ett e-postmeddelande.") % {"namn": a.person.namn},
            )
            return _back(dp, omgang)
    return _detail(request, dp, omgang, status=400, ansvarig_form=form)


@login_required
@require_POST
def ansvarig_answer(request: HttpRequest, referens: str, nummer: int, pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    omgang = _omgang(dp, nummer)
    if not request.user.has_perm("uppfoljning.answer_forfragan", omgang):
        raise PermissionDenied
    ansvarig = get_object_or_404(Uppfoljningsansvarig, pk=pk, omgang=omgang)
    form = SvarForm(request.POST, prefix=f"svar{ansvarig.pk}")
    if form.is_valid():
        try:
            svc.ansvarig_answer(
                ansvarig=ansvarig,
                user=request.user,
                accept=form.cleaned_data["svar"] == "ja",
                kommentar=form.cleaned_data["kommentar"],
            )
        except NotAllowed as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Svaret är registrerat."))
            return _back(dp, omgang)
    return _detail(request, dp, omgang, status=400, svar_form=form, svar_fel=ansvarig.pk)


@login_required
@require_POST
def ansvarig_remove(request: HttpRequest, referens: str, nummer: int, pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="uppfoljning.manage_omgang")
    omgang = _omgang(dp, nummer)
    ansvarig = get_object_or_404(Uppfoljningsansvarig, pk=pk, omgang=omgang)
    try:
        svc.ansvarig_remove(ansvarig=ansvarig, user=request.user)
    except NotAllowed as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Förfrågan är borttagen."))
    return _back(dp, omgang)


@login_required
@require_POST
def omgang_action(request: HttpRequest, referens: str, nummer: int, handling: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="uppfoljning.manage_omgang")
    omgang = _omgang(dp, nummer)
    form = KommentarForm(request.POST, prefix=handling)
    if handling not in ("paborja", "aterfor", "avsluta"):
        raise PermissionDenied
    if form.is_valid():
        kommentar = form.cleaned_data["kommentar"]
        try:
            if handling == "paborja":
                svc.omgang_paborja(omgang=omgang, user=request.user)
                text = _("Omgången pågår.")
            elif handling == "aterfor":
                svc.omgang_aterfor(omgang=omgang, user=request.user, kommentar=kommentar)
                text = _("Rapporten är återförd för komplettering.")
            else:
                svc.omgang_avsluta(omgang=omgang, user=request.user, kommentar=kommentar)
                text = _("Omgången är klar.")
        except NotAllowed as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, text)
            if handling == "avsluta":
                return redirect("uppfoljning:omgangar", dp.referens)
            return _back(dp, omgang)
    return _detail(request, dp, omgang, status=400, **{f"{handling}_form": form})


@login_required
@require_POST
def redovisning_add(request: HttpRequest, referens: str, nummer: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="uppfoljning.manage_omgang")
    omgang = _omgang(dp, nummer)
    form = RedovisningForm(request.POST)
    if form.is_valid():
        try:
            svc.redovisning_record(omgang=omgang, user=request.user, **form.cleaned_data)
        except NotAllowed as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Redovisningen är registrerad."))
            return _back(dp, omgang)
    return _detail(request, dp, omgang, status=400, redovisning_form=form)


@login_required
@require_POST
def redovisning_remove(request: HttpRequest, referens: str, nummer: int, pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="uppfoljning.manage_omgang")
    omgang = _omgang(dp, nummer)
    redovisning = get_object_or_404(Redovisning, pk=pk, omgang=omgang)
    try:
        svc.redovisning_remove(redovisning=redovisning, user=request.user)
    except NotAllowed as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Redovisningen är borttagen."))
    return _back(dp, omgang)

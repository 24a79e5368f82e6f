"""Pages of the bodies' meetings: list, create, agenda, recorded decisions, justering.

Who may know of a meeting: the kansli, those who see everything, and the body's
members; others get 404 for a meeting and 403 for the list. Whoever may see a
meeting but not do something gets 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from delprojekt.beslutsko import beslutsko_for, prefetch_stallning
from delprojekt.forms import PositionerForm
from delprojekt.forms.sammantrade import (
    FriPunktForm,
    KorrigeringForm,
    NarvaroForm,
    ProtokollforForm,
    SammantradeForm,
)
from delprojekt.models import Dagordningspunkt, Organ, Organmedlemskap, Sammantrade
from delprojekt.permissions import roller_for
from delprojekt.services import guards
from delprojekt.services.errors import DomainError, NotAllowed, StaleState
from delprojekt.services.personnummer import warning_for
from delprojekt.services.sammantrade import (
    dagordning_add_free,
    dagordning_add_from_queue,
    dagordning_move,
    dagordning_remove,
    kallelse_send,
    narvaro_save,
    protokoll_finalise,
    protokoll_justera,
    protokoll_korrigera,
    punkt_omedelbar_justering,
    punkt_passe,
    punkt_record,
    sammantrade_create,
    sammantrade_update,
    valbara_med_narvaro,
)
from delprojekt.services.utkorg import kallelsestatus
from delprojekt.views.helpers import form_errors_from, get_sammantrade_for_user, run_service
from delprojekt.views.pages import positions_context
from delprojekt.workflow import LIVSCYKEL

#: Transition name -> its label, for the recorded outcome of an item.
UTFALL = {o.name: o.label for o in LIVSCYKEL if o.organ}

#: Waiting items listed per page under the agenda (the rest behind "Nästa").
KO_SIDA = 25

#: Kinds of body that hold meetings recorded here.
MOTESORGAN = [
    t for t in Organ.Typ.values if t not in (Organ.Typ.KANSLI, Organ.Typ.REGIONAL_BESLUTSNIVA)
]


def _organ_from(value: str) -> Organ | None:
    """``?organ=`` names a kind of body (``ledningsgrupp``) or, where there are several of
    a kind, one body by its number."""
    if value.isdigit():
        return Organ.objects.filter(pk=int(value), aktiv=True, typ__in=MOTESORGAN).first()
    return Organ.of_kind(value) if value in MOTESORGAN else None


def _sees_every_meeting(user) -> bool:
    roller = roller_for(user)
    return roller.kansli or roller.admin or roller.ser_alla


def _visible(user):
    qs = Sammantrade.objects.select_related("organ", "ordforande", "sekreterare")
    if _sees_every_meeting(user):
        return qs
    person_id = roller_for(user).person_id
    if person_id is None:
        return qs.none()
    organ_ids = Organmedlemskap.objects.current().filter(person_id=person_id).values("organ_id")
    return qs.filter(organ_id__in=organ_ids)


def _positioner_form(request: HttpRequest, p: Dagordningspunkt, data=None):
    """The ledningsgrupp members' positions, recorded together with the decision (the
    same form as on the project page), or None when the item asks for none."""
    dp = p.delprojekt
    if p.typ != Dagordningspunkt.Typ.ARENDE or dp is None or p.protokollford is not None:
        return None
    if p.sammantrade.organ.typ != Organ.Typ.LEDNINGSGRUPP:
        return None
    ctx = positions_context(request, dp)
    if not ctx or not ctx["positioner_editable"]:
        return None
    return PositionerForm(
        data,
        ledamoter=guards.ledningsgrupp_ledamoter(dp),
        befintliga=guards.positioner(dp, guards.current_arende(dp)),
        editable=ctx["positioner_form"].editable,
        auto_id=f"id_p{p.pk}_%s",
    )


def _get_punkt(s: Sammantrade, punkt: int) -> Dagordningspunkt:
    return get_object_or_404(s.punkter.select_related("delprojekt"), pk=punkt)


#: Agenda items per page of the meeting page. A meeting rarely has more; a long agenda
#: is read a page at a time (the PDFs hold all of it).
DAGORDNING_SIDA = 25


def _agenda_sida(ordning: list[int], pk: object) -> int | None:
    """The page of the agenda (item ids in order) that holds item ``pk``, if it is there."""
    index = next((i for i, p in enumerate(ordning) if str(p) == str(pk)), None)
    return None if index is None else index // DAGORDNING_SIDA + 1


def _back(s: Sammantrade, anchor: str = "") -> HttpResponse:
    url = reverse("sammantrade:detalj", args=[s.pk])
    if anchor.startswith("punkt-"):
        # Back to the page of the agenda that holds the item.
        ordning = list(s.punkter.order_by("ordning", "pk").values_list("pk", flat=True))
        sida = _agenda_sida(ordning, anchor.removeprefix("punkt-"))
        if sida is not None and len(ordning) > DAGORDNING_SIDA:
            url += f"?sida={sida}"
    return redirect(f"{url}#{anchor}" if anchor else url)


def _run(request: HttpRequest, s: Sammantrade, action, success: str, anchor: str = ""):
    """Run a service call from a button; show its refusal as a message."""
    run_service(request, action, success)
    return _back(s, anchor)


# --- List and header -------------------------------------------------------------------


@login_required
def lista(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (_sees_every_meeting(user) or roller_for(user).organ_typer):
        raise PermissionDenied
    qs = _visible(user).annotate(antal_punkter=Count("punkter"))
    now = timezone.now()
    kommande = list(qs.filter(start__gte=now).order_by("start", "pk"))
    tidigare = list(qs.filter(start__lt=now).order_by("-start", "-pk")[:100])
    return render(
        request,
        "delprojekt/sammantrade/lista.html",
        {
            "kommande": kommande,
            "tidigare": tidigare,
            "kan_skapa": user.has_perm("delprojekt.add_sammantrade"),
            "organ": Organ.objects.filter(aktiv=True, typ__in=MOTESORGAN).order_by("typ", "namn"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def nytt(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("delprojekt.add_sammantrade"):
        raise PermissionDenied
    organ = _organ_from(request.GET.get("organ", "")[:40])
    if organ is None:
        return render(
            request,
            "delprojekt/sammantrade/valj_organ.html",
            {"organ": Organ.objects.filter(aktiv=True, typ__in=MOTESORGAN).order_by("typ", "namn")},
        )
    form = SammantradeForm(request.POST or None, organ=organ)
    if request.method == "POST" and form.is_valid():
        try:
            s = sammantrade_create(user=request.user, organ=organ, data=form.cleaned_data)
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Sammanträdet är inlagt. Bygg nu dagordningen."))
            return _back(s)
    return render(
        request,
        "delprojekt/sammantrade/form.html",
        {"form": form, "organ": organ, "sammantrade": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def andra(request: HttpRequest, pk: int) -> HttpResponse:
    s = get_sammantrade_for_user(request, pk, perm="delprojekt.manage_sammantrade")
    form = SammantradeForm(request.POST or None, instance=s, organ=s.organ)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data.get(name) for name in form.fields}
        s.refresh_from_db()
        try:
            sammantrade_update(sammantrade=s, user=request.user, data=data)
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Sammanträdet är sparat."))
            return _back(s)
    return render(
        request,
        "delprojekt/sammantrade/form.html",
        {"form": form, "organ": s.organ, "sammantrade": s},
    )


# --- The meeting page ------------------------------------------------------------------


def _detalj_context(request: HttpRequest, s: Sammantrade, **bound) -> dict:
    user = request.user
    kan_hantera = user.has_perm("delprojekt.manage_sammantrade", s)
    kan_justera = user.has_perm("delprojekt.justera", s)
    oppen = s.protokoll_klart is None
    # The agenda is shown a page at a time: the page that holds the item the secretary
    # opened (``?punkt=``; its forms are built for it only) or ``?sida=``. All items are
    # listed lightly; only the page's are read whole.
    alla = list(s.punkter.order_by("ordning", "pk").values_list("pk", "protokollford"))
    oppnad = bound.get("punkt_pk") or request.GET.get("punkt", "")
    sida = _agenda_sida([pk for pk, _p in alla], oppnad) or request.GET.get("sida")
    agenda = Paginator(alla, DAGORDNING_SIDA).get_page(sida)
    punkter = list(
        s.punkter.select_related(
            "delprojekt",
            "delrapport",
            "uppfoljningsomgang",
            "beslut",
            "anmalt_beslut",
            "omedelbart_justerad_av",
        )
        .filter(pk__in=[pk for pk, _p in agenda])
        .order_by("ordning", "pk")
    )
    forsta, sista = (alla[0][0], alla[-1][0]) if alla else (None, None)
    # The queue is listed once, cheaply: what is not on the agenda yet, a page at a time;
    # the current item of each project it holds saves the agenda's projects a query.
    hela_kon = beslutsko_for(s.organ, komplett=False) if kan_hantera and oppen else []
    arende_i_kon = {
        k.delprojekt.pk: k.delprojekt.arende_id
        for k in hela_kon
        if k.delprojekt is not None and k.typ == Dagordningspunkt.Typ.ARENDE
    }
    if s.organ.typ == Organ.Typ.LEDNINGSGRUPP and kan_hantera:
        oppna = [p.delprojekt for p in punkter if p.protokollford is None and p.delprojekt]
        for dp in oppna:
            if dp.pk in arende_i_kon:
                dp.arende_id = arende_i_kon[dp.pk]
        prefetch_stallning(oppna)
    rader = []
    for p in punkter:
        form = pform = None
        passe = punkt_passe(p)
        kan_protokollfora = kan_hantera and p.protokollford is None and not s.justerat and not passe
        if kan_protokollfora and str(p.pk) == str(oppnad):
            form = bound.get("protokollfor") if bound.get("punkt_pk") == p.pk else None
            form = form or ProtokollforForm(punkt=p)
            pform = bound.get("positioner") if bound.get("punkt_pk") == p.pk else None
            pform = pform or _positioner_form(request, p)
        rader.append(
            {
                "punkt": p,
                "kan_protokollfora": kan_protokollfora,
                "form": form,
                "pform": pform,
                "utfall": UTFALL.get(p.overgang, ""),
                "passe": passe,
                "forsta": p.pk == forsta,
                "sista": p.pk == sista,
            }
        )
    ko = Paginator([k for k in hela_kon if not k.pa_dagordning], KO_SIDA).get_page(
        request.GET.get("ko")
    )
    narvaro_form = bound.get("narvaro_form")
    if kan_hantera and not s.justerat and narvaro_form is None:
        # The form's choices and who is ticked, in one query.
        personer = valbara_med_narvaro(s)
        narvarande = [p for p in personer if p.ar_narvarande]
        narvaro_form = NarvaroForm(
            sammantrade=s, personer=personer, initial={"narvarande": [p.pk for p in narvarande]}
        )
    else:
        narvarande = list(s.narvarande.order_by("namn"))
    return {
        "sammantrade": s,
        "rader": rader,
        "agenda": agenda,
        "antal_punkter": len(alla),
        "ko": ko,
        "kan_hantera": kan_hantera,
        "kan_justera": kan_justera,
        "kallelsestatus": kallelsestatus(s),
        "oppen": oppen,
        "fri_form": bound.get("fri_form") or FriPunktForm(),
        "narvaro_form": narvaro_form
        or NarvaroForm(sammantrade=s, initial={"narvarande": [p.pk for p in narvarande]}),
        "narvarande": narvarande,
        "korrigering_form": bound.get("korrigering_form") or KorrigeringForm(sammantrade=s),
        # Only a justerat protocol is corrected (protokoll_korrigera).
        "korrigeringar": list(
            s.korrigeringar.select_related("punkt", "registrerad_av").order_by("registrerad")
        )
        if s.justerat
        else [],
        "alla_protokollforda": bool(alla) and all(protokollford for _pk, protokollford in alla),
        "ar_ordforande": s.ordforande_id is not None
        and s.ordforande_id == roller_for(user).person_id,
        "ar_justerare": s.justerare_id is not None and s.justerare_id == roller_for(user).person_id,
    }


@login_required
def detalj(request: HttpRequest, pk: int) -> HttpResponse:
    s = get_sammantrade_for_user(request, pk)
    return render(request, "delprojekt/sammantrade/detalj.html", _detalj_context(request, s))


def _render_detalj(request: HttpRequest, s: Sammantrade, **bound) -> HttpResponse:
    return render(
        request,
        "delprojekt/sammantrade/detalj.html",
        _detalj_context(request, s, **bound),
        status=200,
    )


# --- Agenda ----------------------------------------------------------------------------


@login_required
@require_POST
def lagg_till(request: HttpRequest, pk: int) -> HttpResponse:
    s = get_sammantrade_for_user(request, pk, perm="delprojekt.manage_sammantrade")
    nyckel = request.POST.get("nyckel", "")[:100]
    return _run(
        request,
        s,
        lambda: dagordning_add_from_queue(sammantrade=s, nyckel=nyckel, user=request.user),
        _("Ärendet är lagt på dagordningen."),
        "dagordning",
    )


@login_required
@require_POST
def fri_punkt(request: HttpRequest, pk: int) -> HttpResponse:
    s = get_sammantrade_for_user(request, pk, perm="delprojekt.manage_sammantrade")
    form = FriPunktForm(request.POST)
    if form.is_valid():
        cd = form.cleaned_data
        try:
            dagordning_add_free(
                sammantrade=s,
                user=request.user,
                typ=cd["typ"],
                rubrik=cd["rubrik"],
                text=cd["text"],
            )
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Punkten är lagd på dagordningen."))
            warning = warning_for(f"{cd['rubrik']}\n{cd['text']}")
            if warning:
                messages.warning(request, warning)
            return _back(s, "dagordning")
    return _render_detalj(request, s, fri_form=form)


@login_required
@require_POST
def flytta(request: HttpRequest, pk: int, punkt: int) -> HttpResponse:
    s = get_sammantrade_for_user(request, pk, perm="delprojekt.manage_sammantrade")
    p = _get_punkt(s, punkt)
    riktning = request.POST.get("riktning", "")
    return _run(
        request,
        s,
        lambda: dagordning_move(punkt=p, user=request.user, riktning=riktning),
        _("Dagordningen är omsorterad."),
        f"punkt-{p.pk}",
    )


@login_required
@require_POST
def ta_bort(request: HttpRequest, pk: int, punkt: int) -> HttpResponse:
    s = get_sammantrade_for_user(request, pk, perm="delprojekt.manage_sammantrade")
    p = _get_punkt(s, punkt)
    return _run(
        request,
        s,
        lambda: dagordning_remove(punkt=p, user=request.user),
        _("Punkten är borttagen från dagordningen."),
        "dagordning",
    )


@login_required
@require_POST
def kallelse(request: HttpRequest, pk: int) -> HttpResponse:
    s = get_sammantrade_for_user(request, pk, perm="delprojekt.manage_sammantrade")
    return _run(
        request,
        s,
        lambda: kallelse_send(sammantrade=s, user=request.user),
        _("Kallelsen är köad till organets ledamöter och skickas inom någon minut."),
    )


@login_required
@require_POST
def narvaro(request: HttpRequest, pk: int) -> HttpResponse:
    s = get_sammantrade_for_user(request, pk, perm="delprojekt.manage_sammantrade")
    form = NarvaroForm(request.POST, sammantrade=s)
    if form.is_valid():
        try:
            narvaro_save(
                sammantrade=s, user=request.user, personer=list(form.cleaned_data["narvarande"])
            )
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Närvaron är sparad."))
            return _back(s, "narvaro")
    return _render_detalj(request, s, narvaro_form=form)


# --- Protocol --------------------------------------------------------------------------


@login_required
@require_POST
def protokollfor(request: HttpRequest, pk: int, punkt: int) -> HttpResponse:
    s = get_sammantrade_for_user(request, pk, perm="delprojekt.manage_sammantrade")
    p = _get_punkt(s, punkt)
    if p.protokollford is not None:
        messages.warning(
            request,
            _(
                "Beslutet i »%(rubrik)s« är redan protokollfört. Ingen ändring gjordes – "
                "formuläret skickades troligen två gånger."
            )
            % {"rubrik": p.rubrik},
        )
        return _back(s, f"punkt-{p.pk}")
    form = ProtokollforForm(request.POST, punkt=p)
    pform = _positioner_form(request, p, request.POST)
    if not form.forhandsgranskning and form.is_valid() and (pform is None or pform.is_valid()):
        cd = form.cleaned_data
        try:
            punkt_record(
                punkt=p,
                user=request.user,
                positioner=pform.positioner() if pform is not None else None,
                overgang=cd.get("overgang", ""),
                beslutstext=cd["beslutstext"],
                reservation=cd["reservation"],
                foredragande=cd["foredragande"],
                rekommendationer=form.rekommendationer(),
                expected_status=cd.get("status") or None,
            )
        except StaleState as exc:
            messages.warning(request, exc.messages[0])
            return _back(s, f"punkt-{p.pk}")
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(
                request, _("Beslutet i »%(rubrik)s« är protokollfört.") % {"rubrik": p.rubrik}
            )
            warning = warning_for(f"{cd['beslutstext']}\n{cd['reservation']}")
            if warning:
                messages.warning(request, warning)
            return _back(s, f"punkt-{p.pk}")
    return _render_detalj(request, s, protokollfor=form, positioner=pform, punkt_pk=p.pk)


@login_required
@require_POST
def fardigstall(request: HttpRequest, pk: int) -> HttpResponse:
    s = get_sammantrade_for_user(request, pk, perm="delprojekt.manage_sammantrade")
    return _run(
        request,
        s,
        lambda: protokoll_finalise(sammantrade=s, user=request.user),
        _("Protokollet är färdigställt och paragraferna numrerade. Det kan nu justeras."),
        "justering",
    )


@login_required
@require_POST
def justera(request: HttpRequest, pk: int) -> HttpResponse:
    s = get_sammantrade_for_user(request, pk, perm="delprojekt.justera")
    return _run(
        request,
        s,
        lambda: protokoll_justera(sammantrade=s, user=request.user),
        _("Din justering är registrerad."),
        "justering",
    )


@login_required
@require_POST
def omedelbar(request: HttpRequest, pk: int, punkt: int) -> HttpResponse:
    s = get_sammantrade_for_user(request, pk, perm="delprojekt.justera")
    p = _get_punkt(s, punkt)
    return _run(
        request,
        s,
        lambda: punkt_omedelbar_justering(punkt=p, user=request.user),
        _("Paragrafen är omedelbart justerad."),
        f"punkt-{p.pk}",
    )


@login_required
@require_POST
def korrigera(request: HttpRequest, pk: int) -> HttpResponse:
    s = get_sammantrade_for_user(request, pk, perm="delprojekt.manage_sammantrade")
    form = KorrigeringForm(request.POST, sammantrade=s)
    if form.is_valid():
        try:
            protokoll_korrigera(
                sammantrade=s,
                user=request.user,
                text=form.cleaned_data["text"],
                punkt=form.cleaned_data["punkt"],
            )
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Korrigeringen är registrerad."))
            return _back(s, "korrigeringar")
    return _render_detalj(request, s, korrigering_form=form)

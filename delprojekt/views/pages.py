"""The kansli's daily pages: portfolio, a project's page, registration, facts, transitions."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from delprojekt import workflow
from delprojekt.beslutsko import POSITION_STATES
from delprojekt.forms import (
    DelprojektForm,
    OvergangForm,
    PortfolioFilterForm,
    PositionerForm,
    organ_namn,
)
from delprojekt.models import Dagordningspunkt, Handelse, Status
from delprojekt.organisation import organisation
from delprojekt.permissions import roller_for
from delprojekt.selectors import (
    delprojekt_portfolio,
    delprojekt_timeline,
    delprojekt_vagval,
    mina_roller,
    status_track,
)
from delprojekt.services import guards
from delprojekt.services.delprojekt import (
    FAKTA_FIELDS,
    FAKTA_M2M,
    delprojekt_register,
    delprojekt_update,
)
from delprojekt.services.errors import DomainError, NotAllowed, StaleState
from delprojekt.services.workflow import (
    BeslutUppgifter,
    Overgangsdata,
    available_transitions,
    delprojekt_transition,
    positions_record,
)
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user, local_next
from delprojekt.workflow import SPAR, nasta_steg, overgang


@login_required
def portfolio(request: HttpRequest, mine: bool = False) -> HttpResponse:
    form = PortfolioFilterForm(request.GET or None, org=organisation())
    filters = form.cleaned_data if form.is_valid() else {}
    qs = delprojekt_portfolio(request.user, filters=filters, mine=mine)
    page = Paginator(qs, settings.SFBV_PAGE_SIZE).get_page(request.GET.get("sida"))
    # Once per page: get_status_display() hashes the field's choices on every call.
    etiketter = {value: str(label) for value, label in Status.choices}
    for dp in page.object_list:
        dp.nasta = nasta_steg(dp.status)
        dp.status_etikett = etiketter.get(dp.status, dp.status)
        if mine:
            dp.mina_roller = mina_roller(request.user, dp)
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "delprojekt/portfolio.html",
        {
            "form": form,
            "page": page,
            "mine": mine,
            "querystring": query.urlencode(),
            "filtered": any(v for k, v in filters.items() if k != "sort"),
        },
    )


def positions_context(request: HttpRequest, dp, form: PositionerForm | None = None) -> dict:
    if dp.status not in POSITION_STATES:
        return {}
    ledamoter = guards.ledningsgrupp_ledamoter(dp)
    arende = guards.current_arende(dp)
    befintliga = guards.positioner(dp, arende)
    roller = roller_for(request.user)
    may_record = request.user.has_perm("delprojekt.record_position", dp)
    if not may_record:
        editable: set[int] = set()
    elif roller.kansli or roller.admin:
        editable = {m.person_id for m in ledamoter}
    else:
        editable = {roller.person_id} if roller.person_id else set()
    if form is None:
        form = PositionerForm(ledamoter=ledamoter, befintliga=befintliga, editable=editable)
    eniga = bool(ledamoter) and all(
        m.person_id in befintliga and befintliga[m.person_id].position == "instammer"
        for m in ledamoter
    )
    return {
        "positioner_form": form,
        "positioner_editable": bool(editable),
        "positioner_eniga": eniga,
        "positioner_antal": len(befintliga),
        "positioner_ledamoter": len(ledamoter),
    }


#: Events per page of a project's timeline; older ones behind "Visa äldre".
TIDSLINJE_SIDA = 50
#: The preparation phase: the project page shows the kansli's contacts during it.
BEREDNINGSFAS = frozenset({Status.FORSLAG, Status.BEREDNING, Status.STARTBESLUT, Status.VILANDE})
BEREDNINGSKONTAKTER_PA_SIDAN = 5


def timeline_nyckel(events: list[Handelse]) -> str:
    """What a rendered page of the timeline depends on, as the key of its cached HTML.

    An event never changes once written (the database refuses it), nor does its
    decision, except the § it gets when the protocol is finalised; the body may be
    renamed. So the page's HTML is the same as long as its events, their decisions' §,
    the bodies' names and the extracts' numbers are: a new event or a new § gives a new
    key, and nothing needs to be forgotten."""
    delar = [
        (
            h.pk,
            h.beslut.paragraf if h.beslut else None,
            h.beslut.organ.namn if h.beslut else None,
            h.utdrag_punkt,
            h.utdrag_nummer,
            h.utdrag_ar,
        )
        for h in events
    ]
    return hashlib.sha256(repr(delar).encode()).hexdigest()[:32]


def timeline_context(request: HttpRequest, dp) -> dict:
    """One page of the timeline (``?tidslinje=<n>``, newest first) and the status track."""
    try:
        sida = min(max(int(request.GET.get("tidslinje", "1")), 1), 100_000)
    except ValueError:
        sida = 1
    events = delprojekt_timeline(dp, antal=TIDSLINJE_SIDA + 1, hoppa=(sida - 1) * TIDSLINJE_SIDA)
    aldre = len(events) > TIDSLINJE_SIDA
    events = events[:TIDSLINJE_SIDA]
    # The track of a project off the main path shows where it left it: the newest
    # transition into its state, which an older page or a long page may not hold.
    spar = events
    if dp.status not in SPAR and not (
        sida == 1
        and any(h.typ == Handelse.Typ.OVERGANG and h.till_status == dp.status for h in events)
    ):
        spar = list(
            Handelse.objects.filter(
                delprojekt=dp, typ=Handelse.Typ.OVERGANG, till_status=dp.status
            ).order_by("-tidpunkt", "-pk")[:1]
        )
    return {
        "timeline": events,
        "timeline_nyckel": timeline_nyckel(events),
        "timeline_sida": sida,
        "timeline_aldre": aldre,
        "track": status_track(dp, spar),
    }


@login_required
def detail(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, detalj=True)
    context = {
        "dp": dp,
        **timeline_context(request, dp),
        "overgangar": available_transitions(dp, request.user),
        "vagval": delprojekt_vagval(dp, limit=5),
        "i_beredning": dp.status in BEREDNINGSFAS,
        "beredningskontakter": (
            list(dp.beredningskontakter.select_related("organ")[:BEREDNINGSKONTAKTER_PA_SIDAN])
            if dp.status in BEREDNINGSFAS
            else []
        ),
        "far_registrera_kontakt": request.user.has_perm("delprojekt.edit_beredningskontakt", dp),
    }
    context.update(positions_context(request, dp))
    return render(request, "delprojekt/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    on_behalf = request.user.has_perm("delprojekt.register_on_behalf")
    form = DelprojektForm(request.POST or None, on_behalf=on_behalf, registering=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dp = delprojekt_register(
                user=request.user,
                titel=data["titel"],
                ursprung=data["ursprung"],
                forslagsstallare=data.get("forslagsstallare"),
                underlag=data["underlag"],
                syfte=data["syfte"],
                mal=data["mal"],
                forvantat_utfall=data["forvantat_utfall"],
                kontaktperson=data.get("kontaktperson"),
                regioner=data["regioner"],
                fokusomraden=data["fokusomraden"],
                chefsamrad=data["chefsamrad"],
            )
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            if on_behalf and data.get("samrad_samarbetsgrupp"):
                delprojekt_update(
                    delprojekt=dp,
                    user=request.user,
                    version=dp.version,
                    data={
                        "samrad_samarbetsgrupp": data["samrad_samarbetsgrupp"],
                        "samrad_notering": data.get("samrad_notering", ""),
                    },
                )
            messages.success(
                request,
                _("Förslaget är registrerat som %(ref)s.") % {"ref": dp.referens},
            )
            return redirect(dp)
    return render(request, "delprojekt/register.html", {"form": form, "on_behalf": on_behalf})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="delprojekt.change_delprojekt")
    form = DelprojektForm(request.POST or None, instance=dp, on_behalf=True)
    version = dp.version
    conflict = False
    if request.method == "POST":
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1
        if form.is_valid():
            data = {
                k: form.cleaned_data[k] for k in FAKTA_FIELDS + FAKTA_M2M if k in form.cleaned_data
            }
            try:
                changed = delprojekt_update(
                    delprojekt=dp, user=request.user, version=version, data=data
                )
            except StaleState as exc:
                conflict = True
                form.add_error(None, exc.messages[0])
            except NotAllowed as exc:
                raise PermissionDenied(exc.messages[0]) from exc
            else:
                if changed:
                    messages.success(request, _("Ändringarna är sparade."))
                else:
                    messages.info(request, _("Inget var ändrat."))
                return redirect(dp)
    if conflict:
        dp.refresh_from_db()
    return render(
        request,
        "delprojekt/edit.html",
        {
            "dp": dp,
            "form": form,
            "version": dp.version if conflict else version,
            "conflict": conflict,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def transition(request: HttpRequest, referens: str, name: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    posted_status = request.POST.get("status") if request.method == "POST" else None
    o = overgang(posted_status or dp.status, name)
    if o is None:
        messages.error(
            request,
            _("»%(name)s« går inte att göra när delprojektet har status »%(status)s«.")
            % {"name": name, "status": dp.get_status_display()},
        )
        return redirect(dp)
    if not request.user.has_perm(f"delprojekt.{name}", dp):
        raise PermissionDenied
    form = OvergangForm(
        request.POST or None, overgang=o, delprojekt=dp, initial={"status": dp.status}
    )
    positions_ctx = positions_context(request, dp) if o.positioner else {}
    pform = positions_ctx.get("positioner_form")
    if o.positioner and request.method == "POST":
        pform = PositionerForm(
            request.POST,
            ledamoter=guards.ledningsgrupp_ledamoter(dp),
            befintliga=guards.positioner(dp, guards.current_arende(dp)),
            editable=pform.editable if pform else set(),
        )
        positions_ctx = positions_context(request, dp, pform)
    if (
        request.method == "POST"
        and not form.forhandsgranskning
        and form.is_valid()
        and (pform is None or pform.is_valid())
    ):
        cd = form.cleaned_data
        data = Overgangsdata(
            beslut=BeslutUppgifter(
                datum=cd["datum"], beslutstext=cd["beslutstext"], slag=cd["slag"]
            )
            if o.organ
            else None,
            positioner=pform.positioner() if pform is not None else {},
            rekommendationer=form.rekommendationer(),
            forfallodatum=cd.get("forfallodatum"),
            overlamnat_datum=cd.get("overlamnat_datum"),
            forcera=bool(cd.get("forcera")),
        )
        try:
            delprojekt_transition(
                delprojekt=dp,
                name=name,
                user=request.user,
                kommentar=cd.get("kommentar", ""),
                expected_status=cd["status"],
                data=data,
            )
        except StaleState as exc:
            messages.warning(request, exc.messages[0])
            return redirect(dp)
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            dp.refresh_from_db()
            messages.success(
                request,
                _("Klart: %(what)s. Delprojektet har nu status »%(status)s«.")
                % {"what": o.label, "status": dp.get_status_display()},
            )
            return redirect(dp)
    return render(
        request,
        "delprojekt/transition.html",
        {
            "dp": dp,
            "o": o,
            "form": form,
            "organ_namn": organ_namn(o.organ) if o.organ else "",
            "pa_dagordning": list(
                Dagordningspunkt.objects.filter(
                    delprojekt=dp,
                    typ=Dagordningspunkt.Typ.ARENDE,
                    protokollford__isnull=True,
                    sammantrade__organ__typ=o.organ,
                    sammantrade__protokoll_klart__isnull=True,
                ).select_related("sammantrade__organ")
            )
            if o.organ
            else [],
            "missing": workflow.missing(dp, name),
            "warnings": workflow.warnings(dp, name),
            **positions_ctx,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def positions(request: HttpRequest, referens: str) -> HttpResponse:
    if request.method == "GET":
        # The address of a refused form, reopened: the positions are on the project page.
        dp = get_delprojekt_for_user(request, referens)
        return HttpResponseRedirect(f"{dp.get_absolute_url()}#stallningstaganden")
    dp = get_delprojekt_for_user(request, referens, perm="delprojekt.record_position")
    # The decision queue posts here too and asks to come back to its page.
    ctx = positions_context(request, dp)
    if not ctx:
        messages.error(request, _("Delprojektet väntar inte på ett beslut av ledningsgruppen."))
        return HttpResponseRedirect(local_next(request, dp.get_absolute_url()))
    pform = PositionerForm(
        request.POST,
        ledamoter=guards.ledningsgrupp_ledamoter(dp),
        befintliga=guards.positioner(dp, guards.current_arende(dp)),
        editable=ctx["positioner_form"].editable,
    )
    if pform.is_valid():
        try:
            changed = positions_record(
                delprojekt=dp, user=request.user, positioner=pform.positioner()
            )
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            form_errors_from(exc, pform)
        else:
            if changed:
                messages.success(request, _("Ställningstagandena är sparade."))
            else:
                messages.info(request, _("Inget ställningstagande var ändrat."))
            return HttpResponseRedirect(
                local_next(request, f"{dp.get_absolute_url()}#stallningstaganden")
            )
    tillbaka = local_next(request, "")
    if tillbaka:
        # From the decision queue: back to its item, with what to correct.
        for name, errors in pform.errors.items():
            field = pform.fields.get(name.replace("motivering_", "position_"))
            for error in errors:
                if field is not None:
                    messages.error(request, f"{field.label}: {error}")
                else:
                    messages.error(request, error)
        return HttpResponseRedirect(tillbaka)
    context = {
        "dp": dp,
        **timeline_context(request, dp),
        "overgangar": available_transitions(dp, request.user),
    }
    context.update(positions_context(request, dp, pform))
    return render(request, "delprojekt/detail.html", context, status=400)

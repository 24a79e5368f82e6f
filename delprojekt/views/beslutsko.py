"""The decision queues: one page per body, "Min beslutskö", and the kansli's beslutsförslag."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from delprojekt.beslutsko import (
    KO_TYPER,
    Koarende,
    Stallning,
    beslutsko_for,
    komplettera,
    stallning,
)
from delprojekt.forms import PositionerForm
from delprojekt.forms.beslutsko import BeslutsforslagForm
from delprojekt.models import Dagordningspunkt, Delprojekt, Organ, Organmedlemskap
from delprojekt.permissions import roller_for
from delprojekt.services.beslutsko import beslutsforslag_save, beslutsforslag_version
from delprojekt.services.errors import DomainError, NotAllowed, StaleState
from delprojekt.services.personnummer import warning_for
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user, local_next


@dataclass
class ArendeVy:
    """A queue item as one page shows it to one user."""

    k: Koarende
    stallning: Stallning | None = None
    positioner_form: PositionerForm | None = None
    forslag_form: BeslutsforslagForm | None = None
    mitt_saknas: bool = False
    #: The user may write the beslutsförslag / record positions (the forms are built
    #: only for the item the user opened).
    kan_skriva_forslag: bool = False
    kan_ta_stallning: bool = False
    oppnat: bool = False


#: Items per page of a decision queue; each section of "Min beslutskö" shows as many.
KO_SIDA = 20


def arende_vyer(
    request: HttpRequest, organ: Organ, items: list[Koarende], *, oppnat: str = ""
) -> list[ArendeVy]:
    """What ``delprojekt/beslutsko/_arende.html`` needs for each item, for this user.

    The forms (beslutsförslag, positions) are built for the item ``oppnat`` names only;
    every other item shows a link that opens its forms."""
    user = request.user
    roller = roller_for(user)
    result = []
    for k in komplettera(items):
        vy = ArendeVy(k=k, oppnat=bool(oppnat) and k.nyckel == oppnat)
        dp = k.delprojekt
        ar_projektarende = dp is not None and k.typ == Dagordningspunkt.Typ.ARENDE
        if ar_projektarende and user.has_perm("delprojekt.edit_beslutsforslag", dp):
            vy.kan_skriva_forslag = True
            if vy.oppnat:
                vy.forslag_form = BeslutsforslagForm(instance=dp)
        if ar_projektarende and organ.typ == Organ.Typ.LEDNINGSGRUPP:
            vy.stallning = stallning(dp)
        if vy.stallning is not None:
            vy.mitt_saknas = vy.stallning.saknas_for(roller.person_id)
            if user.has_perm("delprojekt.record_position", dp):
                if roller.kansli or roller.admin:
                    rader = [m for m, _s in vy.stallning.rader]
                else:
                    rader = [m for m, _s in vy.stallning.rader if m.person_id == roller.person_id]
                vy.kan_ta_stallning = bool(rader)
                if rader and vy.oppnat:
                    vy.positioner_form = PositionerForm(
                        ledamoter=rader,
                        befintliga={m.person_id: s for m, s in vy.stallning.rader if s},
                        editable={m.person_id for m in rader},
                        auto_id=f"id_pos_{dp.pk}_%s",
                    )
        result.append(vy)
    return result


def _organ_or_404(typ: str) -> Organ:
    if typ not in KO_TYPER:
        raise Http404
    organ = Organ.of_kind(typ)
    if organ is None:
        raise Http404
    return organ


@login_required
def oversikt(request: HttpRequest) -> HttpResponse:
    rader = []
    for typ in KO_TYPER:
        organ = Organ.of_kind(typ)
        if organ is not None and request.user.has_perm("delprojekt.view_beslutsko", organ):
            items = beslutsko_for(organ, komplett=False)
            rader.append(
                {
                    "organ": organ,
                    "antal": len(items),
                    "beslut": sum(1 for k in items if k.for_beslut),
                    "aldsta": items[0] if items else None,
                }
            )
    if not rader:
        raise PermissionDenied
    return render(request, "delprojekt/beslutsko/oversikt.html", {"rader": rader})


@login_required
def organ(request: HttpRequest, typ: str) -> HttpResponse:
    body = _organ_or_404(typ)
    if not request.user.has_perm("delprojekt.view_beslutsko", body):
        raise PermissionDenied
    items = beslutsko_for(body, komplett=False)
    oppnat = request.GET.get("arende", "")[:100]
    sida: int | str | None = request.GET.get("sida")
    index = next((i for i, k in enumerate(items) if k.nyckel == oppnat), None)
    if index is not None:
        # An opened item is shown on its own page of the queue.
        sida = index // KO_SIDA + 1
    page = Paginator(items, KO_SIDA).get_page(sida)
    arenden = arende_vyer(request, body, list(page), oppnat=oppnat)
    return render(
        request,
        "delprojekt/beslutsko/organ.html",
        {
            "organ": body,
            "arenden": arenden,
            "page": page,
            "antal": len(items),
            "next": request.get_full_path(),
        },
    )


@login_required
def mina(request: HttpRequest) -> HttpResponse:
    roller = roller_for(request.user)
    organ_list: list[Organ] = []
    if roller.person_id is not None:
        ids = (
            Organmedlemskap.objects.current()
            .filter(person_id=roller.person_id, organ__aktiv=True, organ__typ__in=KO_TYPER)
            .values("organ_id")
        )
        organ_list = sorted(Organ.objects.filter(pk__in=ids), key=lambda o: KO_TYPER.index(o.typ))
    if not organ_list and (roller.kansli or roller.admin or roller.ser_alla):
        # The kansli prepares every body's queue: its own queue is the overview.
        return redirect("beslut:oversikt")
    sektioner = []
    for o in organ_list:
        items = beslutsko_for(o, komplett=False)
        sektioner.append((o, arende_vyer(request, o, items[:KO_SIDA]), len(items)))
    return render(
        request,
        "delprojekt/beslutsko/mina.html",
        {"sektioner": sektioner, "next": request.get_full_path()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def beslutsforslag(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="delprojekt.edit_beslutsforslag")
    tillbaka = local_next(request, dp.get_absolute_url())
    form = BeslutsforslagForm(request.POST or None, instance=dp)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                changed = beslutsforslag_save(
                    delprojekt=dp,
                    user=request.user,
                    text=form.cleaned_data["beslutsforslag"],
                    version=form.cleaned_data["version"] or None,
                )
            except NotAllowed as exc:
                raise PermissionDenied(exc.messages[0]) from exc
            except StaleState as exc:
                form_errors_from(exc, form)
                # A second submit, after reading the message, saves over the other text.
                current = Delprojekt.objects.values_list("beslutsforslag", flat=True).get(pk=dp.pk)
                form.data = form.data.copy()
                form.data["version"] = beslutsforslag_version(current)
            except DomainError as exc:
                form_errors_from(exc, form)
            else:
                if changed:
                    messages.success(request, _("Förslaget till beslut är sparat."))
                    varning = warning_for(dp.beslutsforslag)
                    if varning:
                        messages.warning(request, varning)
                else:
                    messages.info(request, _("Förslaget till beslut var oförändrat."))
                return HttpResponseRedirect(tillbaka)
        status = 400
    return render(
        request,
        "delprojekt/beslutsko/beslutsforslag.html",
        {"dp": dp, "form": form, "next": tillbaka},
        status=status,
    )

"""Pages of the implementation per region: a project's matrix, updating one region,
and the portfolio view per region."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.services.personnummer import warning_for
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user
from inforande.services.eskalering import eskaleringar_for, may_raise, radnamn
from inforande.services.plan import planstatus
from inforande.services.sjukvardsregion import sjukvardsregion_rader
from uppfoljning.forms.inforande import InforandeForm, RegionFilterForm
from uppfoljning.models import Inforandestatus
from uppfoljning.services import inforande as svc


def _forklaring() -> list[tuple[str, str, str]]:
    """(status, label, symbol) for the legend, in display order."""
    return [(s.value, str(s.label), svc.SYMBOL[s]) for s in svc.ORDNING]


@login_required
@require_GET
def inforande(request: HttpRequest, referens: str) -> HttpResponse:
    """The project's matrix: recommendations × regions, with the status of each cell."""
    dp = get_delprojekt_for_user(request, referens)
    matris = svc.inforande_matris(dp)
    oppen = svc.is_open_for_updates(dp) and not matris.tom
    uppdatera = [r for r in matris.regioner if oppen and svc.may_update(request.user, dp, r)]
    eskaleringar = eskaleringar_for(dp)
    per_region: dict[int | None, list] = {}
    for e in eskaleringar:
        per_region.setdefault(e.region_id, []).append(e)
    planer = [(ps, per_region.get(ps.region.pk, [])) for ps in planstatus(dp, matris.regioner)]
    return render(
        request,
        "uppfoljning/inforande/matris.html",
        {
            "dp": dp,
            "matris": matris,
            "uppdatera": uppdatera,
            "forklaring": _forklaring(),
            "oppen": svc.is_open_for_updates(dp),
            # The regions' implementation plans and the problems raised, beside the matrix.
            "planer": planer,
            "eskaleringar": [(e, radnamn(e.region)) for e in eskaleringar],
            # The sjukvårdsregion's own row: recommendations aimed at it, kept by the kansli.
            "sjukvardsregion": sjukvardsregion_rader([rad.rekommendation for rad in matris.rader]),
            "kan_lyfta": svc.is_open_for_updates(dp)
            and (
                may_raise(request.user, dp, None)
                or any(may_raise(request.user, dp, r) for r in matris.regioner)
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def inforande_region(request: HttpRequest, referens: str, region_pk: int) -> HttpResponse:
    """One region's status and comment per recommendation."""
    dp = get_delprojekt_for_user(request, referens)
    matris = svc.inforande_matris(dp)
    region = next((r for r in matris.regioner if r.pk == region_pk), None)
    if region is None:
        raise Http404
    if not svc.may_update(request.user, dp, region):
        raise PermissionDenied
    oppen = svc.is_open_for_updates(dp) and not matris.tom
    kolumn = list(
        zip([rad.rekommendation for rad in matris.rader], matris.kolumn(region), strict=True)
    )
    status = 200
    if request.method == "POST":
        form = InforandeForm(request.POST, kolumn=kolumn)
        if form.is_valid():
            andringar = form.andringar()
            try:
                antal = svc.inforande_save(
                    delprojekt=dp, region=region, user=request.user, data=andringar
                )
            except NotAllowed as exc:
                raise PermissionDenied from exc
            except DomainError as exc:
                form_errors_from(exc, form)
            else:
                if antal:
                    messages.success(
                        request,
                        ngettext(
                            "Införandet i %(region)s är sparat (%(n)s ändring).",
                            "Införandet i %(region)s är sparat (%(n)s ändringar).",
                            antal,
                        )
                        % {"region": region.namn, "n": antal},
                    )
                else:
                    messages.info(request, _("Inget ändrades."))
                note = warning_for(" ".join(k for _s, k in andringar.values()))
                if note:
                    messages.warning(request, note)
                return redirect("uppfoljning:inforande", dp.referens)
        status = 400
    else:
        form = InforandeForm(kolumn=kolumn)
    return render(
        request,
        "uppfoljning/inforande/region.html",
        {
            "dp": dp,
            "region": region,
            "form": form,
            "oppen": oppen,
            "matris": matris,
            "forklaring": _forklaring(),
        },
        status=status,
    )


@login_required
@require_GET
def inforande_oversikt(request: HttpRequest) -> HttpResponse:
    """Across the portfolio: per region, how the recommendations that concern it stand."""
    if not request.user.has_perm("uppfoljning.view_oversikt"):
        raise PermissionDenied
    form = RegionFilterForm(request.GET)
    region = form.cleaned_data.get("region") if form.is_valid() else None
    return render(
        request,
        "uppfoljning/inforande/oversikt.html",
        {
            "form": form,
            "region": region,
            "regioner": svc.inforande_oversikt(region=region),
            "forklaring": _forklaring(),
            "statusar": [(s.value, str(s.label)) for s in svc.ORDNING],
            "Status": Inforandestatus.Status,
        },
    )

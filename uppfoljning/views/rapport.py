"""The follow-up report of a round: the page where it is written and read, its PDFs,
handing it in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from delprojekt.models import Delprojekt, Uppfoljningsplan
from delprojekt.pdf import pdf_response, stored_pdf_response
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.services.personnummer import warning_for
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user
from uppfoljning.forms.rapport import RapportForm
from uppfoljning.models import Omgangsstatus, Uppfoljningsomgang, Uppfoljningsrapport
from uppfoljning.services import rapport as svc


def _omgang(dp: Delprojekt, nummer: int) -> Uppfoljningsomgang:
    omgang = get_object_or_404(
        # The report with the round (one query less for the page; ``rapport_las`` reads it).
        Uppfoljningsomgang.objects.select_related(
            "inlamnad_av", "rapport", "rapport__andrad_av"
        ).annotate(
            # Whether the follow-up plan chose an appendix (``rapport_context`` reads it).
            som_bilaga=Subquery(
                Uppfoljningsplan.objects.filter(delprojekt=OuterRef("delprojekt")).values(
                    "som_bilaga"
                )[:1]
            )
        ),
        delprojekt=dp,
        nummer=nummer,
    )
    omgang.delprojekt = dp
    return omgang


def _back(dp: Delprojekt, omgang: Uppfoljningsomgang) -> HttpResponse:
    return redirect("uppfoljning:rapport", dp.referens, omgang.nummer)


def _bound_from(rapport: Uppfoljningsrapport) -> RapportForm:
    """A form bound to the saved report, to put the hand-in's errors beside the fields."""
    data: dict[str, Any] = {name: getattr(rapport, name) for name in svc.TEXT_FIELDS}
    data["version"] = rapport.version
    data["ytterligare_uppfoljning"] = {True: "ja", False: "nej"}.get(
        rapport.ytterligare_uppfoljning, ""
    )
    form = RapportForm(data, instance=rapport)
    form.is_valid()
    return form


def _page(
    request: HttpRequest,
    dp: Delprojekt,
    omgang: Uppfoljningsomgang,
    *,
    form: RapportForm | None = None,
    konflikt: Uppfoljningsrapport | None = None,
    status: int = 200,
) -> HttpResponse:
    may_write = request.user.has_perm("uppfoljning.write_rapport", omgang)
    redigerbar = may_write and omgang.status == Omgangsstatus.PAGAR
    if redigerbar:
        rapport = svc.rapport_for(omgang)
        rapport.omgang = omgang
        if rapport.sidantal_version != rapport.version:
            svc.sidantal_refresh(rapport)
        form = form or RapportForm(instance=rapport)
    else:
        rapport = svc.rapport_las(omgang)
        # A refused save keeps the user's text on the page, even when the report can no
        # longer be written (the round was handed in meanwhile, say).
        form = form if form is not None and form.is_bound and may_write else None
    context = svc.rapport_context(omgang, rapport)
    context.update(
        {
            "form": form,
            "konflikt": konflikt,
            "may_write": may_write,
            "redigerbar": redigerbar,
            "sidor_aktuella": rapport.pk is not None
            and rapport.sidantal is not None
            and rapport.sidantal_version == rapport.version,
            "sidantal_varning": svc.sidantal_varning(rapport.sidantal),
            "saknas": svc.saknade_uppgifter(rapport) if redigerbar else {},
        }
    )
    return render(request, "uppfoljning/rapport/rapport.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def rapport(request: HttpRequest, referens: str, nummer: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    omgang = _omgang(dp, nummer)
    if request.method == "GET":
        return _page(request, dp, omgang)
    if not request.user.has_perm("uppfoljning.write_rapport", omgang):
        raise PermissionDenied
    form = RapportForm(request.POST, instance=svc.rapport_las(omgang))
    konflikt = None
    if form.is_valid():
        try:
            saved, changed = svc.rapport_save(
                omgang=omgang,
                user=request.user,
                data=form.data_for_service(),
                version=form.cleaned_data["version"],
            )
        except NotAllowed as exc:
            raise PermissionDenied from exc
        except svc.RapportKonflikt as exc:
            form.add_error(None, exc.messages[0])
            konflikt = exc.current
            # The next save compares with the version the user has now seen.
            data = form.data.copy()
            data["version"] = exc.current.version
            form.data = data
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            if changed:
                messages.success(request, _("Rapporten är sparad."))
            else:
                messages.info(request, _("Inget var ändrat."))
            warning = warning_for("\n".join(getattr(saved, name) for name in svc.TEXT_FIELDS))
            if warning:
                messages.warning(request, warning)
            return _back(dp, omgang)
    return _page(request, dp, omgang, form=form, konflikt=konflikt, status=409 if konflikt else 400)


@login_required
@require_POST
def rapport_lamna_in(request: HttpRequest, referens: str, nummer: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    omgang = _omgang(dp, nummer)
    if not request.user.has_perm("uppfoljning.write_rapport", omgang):
        raise PermissionDenied
    try:
        svc.rapport_lamna_in(omgang=omgang, user=request.user)
    except NotAllowed as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        if exc.field_errors:
            rapport = svc.rapport_for(omgang)
            form = _bound_from(rapport)
            form.add_error(None, exc.messages[0])
            form_errors_from(exc, form)
            return _page(request, dp, omgang, form=form, status=400)
        messages.warning(request, " ".join(exc.messages))
        return _back(dp, omgang)
    messages.success(
        request,
        _(
            "Rapporten är inlämnad. Kansliets kontaktperson har fått besked, och rapporten "
            "väntar nu på samarbetsgruppen."
        ),
    )
    return _back(dp, omgang)


@login_required
@require_GET
def rapport_pdf(request: HttpRequest, referens: str, nummer: int) -> HttpResponse:
    """The PDF of the report as it is written now."""
    dp = get_delprojekt_for_user(request, referens)
    omgang = _omgang(dp, nummer)
    pdf = svc.rapport_pdf(omgang)
    response = pdf_response(pdf, f"{dp.referens}-uppfoljningsrapport-{omgang.nummer}")
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_GET
def rapport_inlamnad_pdf(request: HttpRequest, referens: str, nummer: int) -> HttpResponse:
    """The PDF exactly as it was handed in."""
    dp = get_delprojekt_for_user(request, referens)
    omgang = _omgang(dp, nummer)
    rapport = Uppfoljningsrapport.objects.filter(omgang=omgang).first()
    if not omgang.rapport_inlamnad or rapport is None:
        raise Http404
    return stored_pdf_response(
        rapport.pdf, f"{dp.referens}-uppfoljningsrapport-{omgang.nummer}.pdf"
    )

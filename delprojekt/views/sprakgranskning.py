"""The language review of the slutrapport and the nuläge's patient perspective."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from delprojekt import workflow
from delprojekt.forms.slutrapport import (
    PatientperspektivForm,
    SprakgranskareForm,
    SprakgranskningKlarForm,
)
from delprojekt.models import Sprakgranskning
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.services.personnummer import warning_for
from delprojekt.services.sprakgranskning import (
    may_assign_review,
    may_mark_review,
    reviewers,
    sprakgranskning_assign,
    sprakgranskning_done,
    utan_patientperspektiv_save,
)
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user


@login_required
@require_http_methods(["GET", "POST"])
def sprakgranskning(request: HttpRequest, referens: str) -> HttpResponse:
    """Who reviews the report's language, whether it is done, and the reviewer's comments."""
    dp = get_delprojekt_for_user(request, referens)
    granskning = (
        Sprakgranskning.objects.filter(delprojekt=dp)
        .select_related("granskare", "tilldelad_av", "klar_av")
        .first()
    )
    may_assign = may_assign_review(request.user, dp)
    may_mark = may_mark_review(request.user, dp, granskning) and granskning.klar is None
    people = reviewers(dp) if may_assign else []
    action = request.POST.get("action")
    if request.method == "POST":
        if not (may_assign or may_mark):
            raise PermissionDenied
        if (action == "tilldela" and not may_assign) or (action == "klar" and not may_mark):
            raise PermissionDenied
        if action not in ("tilldela", "klar"):
            return redirect("delprojekt:sprakgranskning", dp.referens)
    tilldela_form = (
        SprakgranskareForm(
            request.POST if action == "tilldela" else None,
            personer=people,
            initial={"granskare": granskning.granskare_id if granskning else None},
        )
        if may_assign
        else None
    )
    klar_form = (
        SprakgranskningKlarForm(request.POST if action == "klar" else None) if may_mark else None
    )
    form = tilldela_form if action == "tilldela" else klar_form
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            if action == "tilldela":
                g = sprakgranskning_assign(
                    delprojekt=dp, user=request.user, granskare=form.cleaned_data["granskare"]
                )
                messages.success(
                    request,
                    _("%(namn)s språkgranskar slutrapporten.") % {"namn": g.granskare.namn},
                )
            else:
                sprakgranskning_done(
                    delprojekt=dp, user=request.user, kommentarer=form.cleaned_data["kommentarer"]
                )
                messages.success(request, _("Språkgranskningen är markerad som klar."))
                note = warning_for(form.cleaned_data["kommentarer"])
                if note:
                    messages.warning(request, note)
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from exc
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            return redirect("delprojekt:sprakgranskning", dp.referens)
    return render(
        request,
        "delprojekt/slutrapport/sprakgranskning.html",
        {
            "dp": dp,
            "granskning": granskning,
            "tilldela_form": tilldela_form,
            "klar_form": klar_form,
            "inlamning_rad": [
                w
                for name in ("lamna_till_samarbetsgrupp", "lamna_till_ledningsgrupp")
                for w in workflow.warnings(dp, name)
            ]
            if dp.status == "slutrapport"
            else [],
        },
    )


@login_required
@require_POST
def patientperspektiv(request: HttpRequest, referens: str) -> HttpResponse:
    """Record why the nuläge lacks the patients' and next of kin's perspective."""
    dp = get_delprojekt_for_user(request, referens, perm="delprojekt.edit_slutrapport")
    form = PatientperspektivForm(request.POST)
    target = reverse("delprojekt:dokument", args=[dp.referens, "slutrapport"]) + "#nulage-metod"
    if not form.is_valid():
        messages.error(request, " ".join(e for es in form.errors.values() for e in es))
        return redirect(target)
    text = form.cleaned_data["utan_patientperspektiv"]
    try:
        changed = utan_patientperspektiv_save(delprojekt=dp, user=request.user, text=text)
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(target)
    if changed:
        messages.success(request, _("Skälet är sparat."))
        note = warning_for(text)
        if note:
            messages.warning(request, note)
    else:
        messages.info(request, _("Inget var ändrat."))
    return redirect(target)

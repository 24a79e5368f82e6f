"""The working group: members, nominations and appointments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from delprojekt.forms import (
    MedlemForm,
    MedlemStatusForm,
)
from delprojekt.models import (
    Arbetsgruppsmedlemskap,
)
from delprojekt.services import guards
from delprojekt.services.arbetsgrupp import (
    arbetsgrupp_member_add,
    arbetsgrupp_member_end,
    arbetsgrupp_member_update,
)
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user


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

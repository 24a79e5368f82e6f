"""The regions' decisions side by side: per project (a matrix) and across the portfolio."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from delprojekt.forms import SvenskForm
from delprojekt.models import Region, Status
from delprojekt.permissions import roller_for
from delprojekt.services.huvudmannabeslut import may_register_for
from delprojekt.services.regionbeslut import OPEN_IN, matris, oversikt
from delprojekt.views.helpers import get_delprojekt_for_user


@login_required
@require_GET
def regionbeslut(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    m = matris(dp)
    may_register = dp.status in OPEN_IN and any(
        may_register_for(request.user, dp, r) for r in m.regioner
    )
    return render(
        request,
        "delprojekt/regionbeslut.html",
        {"dp": dp, "matris": m, "may_register": may_register},
    )


class RegionFilterForm(SvenskForm, forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("ordning", "namn"),
        required=False,
        empty_label=_("Alla regioner"),
    )


@login_required
@require_GET
def regionbeslut_oversikt(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("delprojekt.view_regionbeslut_oversikt"):
        raise PermissionDenied
    data = request.GET
    if "region" not in data:
        # A regional coordinator starts with their own region.
        own = roller_for(request.user).samordnare_region_id
        data = {"region": str(own)} if own is not None else {}
    form = RegionFilterForm(data)
    region = form.cleaned_data.get("region") if form.is_valid() else None
    return render(
        request,
        "delprojekt/regionbeslut_oversikt.html",
        {
            "form": form,
            "region": region,
            "listor": oversikt(region=region, today=timezone.localdate()),
            "states": [Status(s).label for s in OPEN_IN],
        },
    )

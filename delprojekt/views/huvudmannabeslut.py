"""The regions' own decisions on the board's recommendations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from delprojekt.forms.huvudmannabeslut import HuvudmannabeslutForm
from delprojekt.models import Huvudmannabeslut, Region, Rekommendationsutfall
from delprojekt.pdf import stored_pdf_response
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.services.huvudmannabeslut import (
    OPEN_IN,
    huvudmannabeslut_register,
    may_register_for,
)
from delprojekt.services.regionbeslut import current_rekommendationer, saknas
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user


@login_required
@require_http_methods(["GET", "POST"])
def huvudmannabeslut(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    regioner = list(dp.regioner.all())
    beslut = {
        b.region_id: b
        for b in Huvudmannabeslut.objects.filter(delprojekt=dp)
        .select_related("region")
        .prefetch_related(
            Prefetch(
                "utfall",
                queryset=Rekommendationsutfall.objects.select_related("rekommendation"),
            )
        )
    }
    rekommendationer = current_rekommendationer(dp)
    posted_region = None
    if request.method == "POST":
        region_pk = request.POST.get("region", "")
        if not region_pk.isdigit():
            raise Http404
        posted_region = get_object_or_404(Region, pk=int(region_pk))
        if not may_register_for(request.user, dp, posted_region):
            raise PermissionDenied
    rows = []
    open_now = dp.status in OPEN_IN
    for region in regioner:
        may = open_now and may_register_for(request.user, dp, region)
        form = None
        if may:
            is_posted = posted_region is not None and posted_region.pk == region.pk
            form = HuvudmannabeslutForm(
                request.POST if is_posted else None,
                request.FILES if is_posted else None,
                instance=beslut.get(region.pk),
                prefix=f"r{region.pk}",
                rekommendationer=rekommendationer,
            )
            if is_posted and form.is_valid():
                try:
                    huvudmannabeslut_register(
                        delprojekt=dp,
                        user=request.user,
                        region=region,
                        data=form.cleaned_data,
                        protokollsutdrag=request.FILES.get(f"r{region.pk}-protokollsutdrag"),
                        utfall=form.utfall(),
                    )
                except NotAllowed as exc:
                    raise PermissionDenied(exc.messages[0]) from exc
                except DomainError as exc:
                    form_errors_from(exc, form)
                else:
                    messages.success(
                        request, _("Beslutet för %(region)s är registrerat.") % {"region": region}
                    )
                    return redirect("delprojekt:huvudmannabeslut", dp.referens)
        b = beslut.get(region.pk)
        besvarade = {u.rekommendation_id for u in b.utfall.all()} if b is not None else set()
        rows.append(
            {
                "region": region,
                "beslut": b,
                "form": form,
                "saknas": saknas(b, rekommendationer, besvarade) if b is not None else [],
            }
        )
    return render(
        request,
        "delprojekt/huvudmannabeslut.html",
        {"dp": dp, "rows": rows, "open_now": open_now, "rekommendationer": rekommendationer},
        status=400 if posted_region is not None else 200,
    )


@login_required
@require_GET
def huvudmannabeslut_utdrag(request: HttpRequest, referens: str, pk: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    beslut = get_object_or_404(Huvudmannabeslut, pk=pk, delprojekt=dp)
    return stored_pdf_response(
        beslut.protokollsutdrag,
        f"{dp.referens}-{beslut.region.kortnamn}-protokollsutdrag.pdf",
        uploaded=True,
    )

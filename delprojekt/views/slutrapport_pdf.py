"""The slutrapport as PDF: the live rendering and the frozen, approved versions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from delprojekt.models import Rapportversion
from delprojekt.pdf import pdf_response, stored_pdf_response
from delprojekt.services.slutrapport_pdf import slutrapport_pdf as render_slutrapport
from delprojekt.views.helpers import get_delprojekt_for_user


@login_required
@require_GET
def slutrapport_pdf(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    response = pdf_response(render_slutrapport(dp), f"{dp.referens}-slutrapport")
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_GET
def rapportversion(request: HttpRequest, referens: str, nummer: int) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens)
    version = Rapportversion.objects.filter(delprojekt=dp, nummer=nummer).first()
    if version is None:
        raise Http404
    return stored_pdf_response(version.fil, f"{dp.referens}-slutrapport-v{version.nummer}.pdf")

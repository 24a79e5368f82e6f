"""The slutrapport as PDF: the live rendering and the frozen, approved versions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from delprojekt.models import Rapportversion
from delprojekt.pdf import pdf_response
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
    if version is None or not version.fil:
        raise Http404
    try:
        handle = version.fil.open("rb")
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type="application/pdf",
        filename=f"{dp.referens}-slutrapport-v{version.nummer}.pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response

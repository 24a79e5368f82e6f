"""The meeting documents as PDFs: kallelse, protokoll and protokollsutdrag."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from delprojekt.models.sammantrade import Dagordningspunkt, Sammantrade
from delprojekt.pdf import pdf_response
from delprojekt.services import protokoll_pdf as pdfs
from delprojekt.views.helpers import get_sammantrade_for_user


def _filnamn(sammantrade: Sammantrade, slag: str) -> str:
    return f"{slag}-{sammantrade.organ.namn}-{timezone.localtime(sammantrade.start):%Y-%m-%d}"


@login_required
@require_GET
def kallelse_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    sammantrade = get_sammantrade_for_user(request, pk)
    return pdf_response(pdfs.kallelse_pdf(sammantrade), _filnamn(sammantrade, "kallelse"))


@login_required
@require_GET
def protokoll_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    sammantrade = get_sammantrade_for_user(request, pk)
    return pdf_response(pdfs.protokoll_pdf(sammantrade), _filnamn(sammantrade, "protokoll"))


@login_required
@require_GET
def utdrag_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The extract of one numbered paragraph.

    Those who may see the meeting may fetch it, and so may those who see the
    project the paragraph decides on: the decision is part of its history.
    """
    punkt = get_object_or_404(
        Dagordningspunkt.objects.select_related(
            "sammantrade__organ",
            "sammantrade__ordforande",
            "sammantrade__sekreterare",
            "sammantrade__justerare",
            "delprojekt",
        ),
        pk=pk,
    )
    user = request.user
    may_see = user.has_perm("delprojekt.view_sammantrade", punkt.sammantrade) or (
        punkt.delprojekt is not None
        and user.has_perm("delprojekt.view_delprojekt", punkt.delprojekt)
    )
    if not may_see:
        raise Http404
    if punkt.paragraf_nummer is None:
        raise Http404
    organ = punkt.sammantrade.organ.namn
    filnamn = f"protokollsutdrag-{organ}-{punkt.paragraf_ar}-{punkt.paragraf_nummer}"
    return pdf_response(pdfs.protokollsutdrag_pdf(punkt), filnamn)

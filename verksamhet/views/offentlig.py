"""The published verksamhetsberättelser on the public pages (``/oppet/verksamhetsberattelser/``):
the list per body and year, and the frozen PDFs. Off with ``SFBV_OPPET``, cached with
the public part's ETags."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from oppet.views.offentlig import _pdf, offentlig, oppet_pa
from verksamhet.models import Verksamhetsberattelse


def _publicerade():  # type: ignore[no-untyped-def]
    return Verksamhetsberattelse.objects.filter(
        publicerad__isnull=False, last__isnull=False, organ__isnull=False
    ).select_related("organ", "godkand_punkt__sammantrade")


@offentlig
def lista(request: HttpRequest) -> HttpResponse:
    per_organ: dict[int, dict] = {}
    for b in _publicerade().order_by("organ__typ", "organ__namn", "-ar"):
        per_organ.setdefault(b.organ_id, {"organ": b.organ, "berattelser": []})[
            "berattelser"
        ].append(b)
    return render(request, "oppet/verksamhetsberattelser.html", {"organ": list(per_organ.values())})


@oppet_pa
@require_safe
def pdf(request: HttpRequest, pk: int, ar: int) -> HttpResponse:
    b = _publicerade().filter(organ_id=pk, ar=ar).first()
    if b is None:
        raise Http404
    return _pdf(b.pdf, f"verksamhetsberattelse-{b.organ.namn}-{ar}.pdf", b.sha256, request)

"""The outbox for the kansli: mail that could not be sent, the queue, what was delivered."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from delprojekt.models import Utskick
from delprojekt.services import utkorg
from delprojekt.services.errors import NotAllowed
from delprojekt.views.helpers import run_service


def _require(request: HttpRequest) -> None:
    if not request.user.has_perm("delprojekt.view_utskick"):
        raise PermissionDenied


@login_required
@require_GET
def lista(request: HttpRequest) -> HttpResponse:
    _require(request)
    misslyckade = Utskick.objects.filter(status=Utskick.Status.MISSLYCKAD).select_related(
        "person", "sammantrade", "sammantrade__organ"
    )
    page = Paginator(misslyckade.order_by("koad", "pk"), settings.SFBV_PAGE_SIZE).get_page(
        request.GET.get("sida")
    )
    koade = Utskick.objects.filter(status=Utskick.Status.KOAD).order_by("koad", "pk")
    return render(
        request,
        "delprojekt/epost/lista.html",
        {
            "page": page,
            "antal_koade": koade.count(),
            "aldsta_koad": koade.values_list("koad", flat=True).first(),
            "senaste": list(
                Utskick.objects.filter(status=Utskick.Status.SKICKAD)
                .select_related("person", "sammantrade", "sammantrade__organ")
                .order_by("-skickad", "-pk")[:20]
            ),
        },
    )


@login_required
@require_POST
def skicka_igen(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    utskick = get_object_or_404(Utskick.objects.select_related("person"), pk=pk)
    # Sent to the person's current address, as the service does.
    adress = (utskick.person.epost if utskick.person else "") or utskick.adress
    run_service(
        request,
        lambda: utkorg.skicka_igen(utskick=utskick, user=request.user),
        _("E-posten till %(adress)s ligger i kön igen och skickas inom någon minut.")
        % {"adress": adress},
    )
    return redirect("epost:lista")


@login_required
@require_POST
def skicka_igen_alla(request: HttpRequest) -> HttpResponse:
    _require(request)
    try:
        n = utkorg.skicka_igen_alla(user=request.user)
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    messages.success(
        request,
        ngettext(
            "%(n)s meddelande ligger i kön igen.",
            "%(n)s meddelanden ligger i kön igen.",
            n,
        )
        % {"n": n},
    )
    return redirect("epost:lista")

"""The archive package of an ended project, for the kansli."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from delprojekt.services.arkiv import arkivpaket_hamta
from delprojekt.services.errors import GuardFailed, NotAllowed
from delprojekt.views.helpers import get_delprojekt_for_user


@login_required
@require_GET
def arkivpaket(request: HttpRequest, referens: str) -> HttpResponse:
    """404 for a project the user may not know of, 403 for anyone but the kansli, 409 with
    the reason while the project is running."""
    dp = get_delprojekt_for_user(
        request, referens, perm="delprojekt.download_arkivpaket", bara_raden=True
    )
    try:
        paket = arkivpaket_hamta(delprojekt=dp, user=request.user)
    except NotAllowed as exc:
        raise PermissionDenied from exc
    except GuardFailed as exc:
        return render(
            request,
            "delprojekt/arkivpaket_nekat.html",
            {"dp": dp, "meddelanden": exc.messages},
            status=409,
        )
    response = HttpResponse(paket.innehall, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{paket.filnamn}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

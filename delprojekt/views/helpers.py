"""The one way views fetch a delprojekt for a user and check what they may do."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from delprojekt.models import Delprojekt, Sammantrade
from delprojekt.selectors import delprojekt_for_user


def get_delprojekt_for_user(
    request: HttpRequest, referens: str, *, perm: str | None = None
) -> Delprojekt:
    """404 for a project the user may not know of; 403 if they may see it but not ``perm``."""
    dp = delprojekt_for_user(request.user, referens)
    if perm is not None and not request.user.has_perm(perm, dp):
        raise PermissionDenied
    return dp


def get_sammantrade_for_user(
    request: HttpRequest, pk: int, *, perm: str | None = None
) -> Sammantrade:
    """404 for a meeting the user may not know of; 403 if they may see it but not ``perm``."""
    sammantrade = get_object_or_404(
        Sammantrade.objects.select_related("organ", "ordforande", "sekreterare", "justerare"),
        pk=pk,
    )
    if not request.user.has_perm("delprojekt.view_sammantrade", sammantrade):
        raise Http404
    if perm is not None and not request.user.has_perm(perm, sammantrade):
        raise PermissionDenied
    return sammantrade


def form_errors_from(exc: Any, form: Any) -> None:
    """Put a domain error's field errors next to the fields, the rest on the form."""
    placed = False
    for field, messages in getattr(exc, "field_errors", {}).items():
        for message in messages:
            if field in form.fields:
                form.add_error(field, message)
                placed = True
    if not placed:
        for message in exc.messages:
            form.add_error(None, message)

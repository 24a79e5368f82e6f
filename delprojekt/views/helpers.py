"""The one way views fetch a delprojekt for a user and check what they may do."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from delprojekt.models import Delprojekt, Sammantrade
from delprojekt.selectors import delprojekt_for_user
from delprojekt.services.errors import DomainError, NotAllowed


def get_delprojekt_for_user(
    request: HttpRequest,
    referens: str,
    *,
    perm: str | None = None,
    detalj: bool = False,
    bara_raden: bool = False,
) -> Delprojekt:
    """404 for a project the user may not know of; 403 if they may see it but not ``perm``.
    ``detalj``: with the focus areas and chefsamråd (the project page); ``bara_raden``:
    without the regions and the chair."""
    dp = delprojekt_for_user(request.user, referens, detalj=detalj, bara_raden=bara_raden)
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


def local_next(request: HttpRequest, fallback: str) -> str:
    """The ``next`` parameter if it is a path on this site, else ``fallback``.

    Only an absolute local path is accepted: a bare word would be taken for a view name
    by ``redirect()``, and "//host" or "/\\host" leads browsers to another site. Give
    the result to ``HttpResponseRedirect``, never to ``redirect()``.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and target.isprintable()
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return fallback


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


def run_service(request: HttpRequest, action: Callable[[], Any], success: str) -> Any:
    """Run a service call from a button: its refusal becomes a message on the next page
    (``NotAllowed`` a 403), its success the message ``success``. Returns the service's
    result, or None when it refused."""
    try:
        result = action()
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    except DomainError as exc:
        for m in exc.messages:
            flash.error(request, m)
        return None
    flash.success(request, success)
    return result

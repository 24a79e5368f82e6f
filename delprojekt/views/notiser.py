"""A person's notifications (``/notiser/``) and their choices of mail (``/konto/notiser/``).

Everyone sees only their own notifications: the list is filtered on the signed-in user's
person, and a notification of someone else is not found (404).
"""

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
from django.views.decorators.http import require_http_methods, require_POST

from delprojekt.forms.notiser import NotisinstallningarForm
from delprojekt.models import NOTISTYPER
from delprojekt.permissions import roller_for
from delprojekt.services import notiser as service
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.views.helpers import run_service


@login_required
@require_http_methods(["GET"])
def lista(request: HttpRequest) -> HttpResponse:
    qs = service.notiser_for(request.user)
    page = Paginator(qs, settings.SFBV_PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(
        request,
        "delprojekt/notiser/lista.html",
        {
            "page": page,
            "har_person": roller_for(request.user).person_id is not None,
            "olasta": roller_for(request.user).olasta_notiser,
        },
    )


@login_required
@require_POST
def markera_last(request: HttpRequest, pk: int) -> HttpResponse:
    notis = get_object_or_404(service.notiser_for(request.user), pk=pk)
    run_service(
        request,
        lambda: service.notis_markera_last(notis=notis, user=request.user),
        _("Notisen är markerad som läst."),
    )
    return redirect("notiser:lista")


@login_required
@require_POST
def markera_alla_lasta(request: HttpRequest) -> HttpResponse:
    try:
        n = service.notiser_markera_alla_lasta(user=request.user)
    except NotAllowed as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    if n:
        messages.success(
            request,
            ngettext(
                "%(n)s notis är markerad som läst.", "%(n)s notiser är markerade som lästa.", n
            )
            % {"n": n},
        )
    else:
        # Nothing was unread: the form was sent twice, or from an old page.
        messages.info(request, _("Det fanns inga olästa notiser."))
    return redirect("notiser:lista")


@login_required
@require_http_methods(["GET", "POST"])
def installningar(request: HttpRequest) -> HttpResponse:
    person_id = roller_for(request.user).person_id
    status = 200
    if request.method == "POST":
        form = NotisinstallningarForm(request.POST)
        if form.is_valid():
            try:
                service.notisinstallningar_save(user=request.user, val=form.cleaned_data)
            except DomainError as e:
                for field, errors in e.field_errors.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
                if not e.field_errors:
                    for m in e.messages:
                        form.add_error(None, m)
                status = 400
            else:
                messages.success(request, _("Dina notisinställningar är sparade."))
                return redirect("notiser:installningar")
        else:
            status = 400
    else:
        form = NotisinstallningarForm(initial=service.notisinstallningar_for(person_id))
    return render(
        request,
        "delprojekt/notiser/installningar.html",
        {
            "form": form,
            "har_person": person_id is not None,
            "plikt": [t for t in NOTISTYPER if not t.valbar],
        },
        status=status,
    )

"""The kansli's page for a project's publication: the current state, the form and the log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user
from oppet.forms import PubliceringForm
from oppet.models import Publiceringsbeslut
from oppet.services.publicering import publicering_for, publicering_record


@login_required
@require_http_methods(["GET", "POST"])
def publicering(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="oppet.view_publicering")
    nu = publicering_for(dp)
    ar_publicerad = bool(nu and nu.publicerad)
    form = PubliceringForm(
        request.POST if request.method == "POST" else None,
        initial={"publicerad_nu": ar_publicerad, "roller": nu.roller if nu else []},
    )
    if request.method == "POST":
        handling = request.POST.get("handling")
        giltig = form.is_valid()
        if handling not in ("publicera", "aterkalla"):
            form.add_error(None, _("Välj att publicera eller att återkalla publiceringen."))
        elif giltig:
            data = form.cleaned_data
            try:
                beslut = publicering_record(
                    delprojekt=dp,
                    user=request.user,
                    publicerad=handling == "publicera",
                    roller=data["roller"],
                    motivering=data["motivering"],
                    datum=data["datum"],
                    publicerad_nu=data["publicerad_nu"],
                )
            except NotAllowed as exc:
                raise PermissionDenied(exc.messages[0]) from exc
            except DomainError as exc:
                form_errors_from(exc, form)
            else:
                if beslut is None:
                    messages.info(request, _("Inget var ändrat."))
                elif beslut.publicerad:
                    messages.success(request, _("Delprojektet är publicerat."))
                else:
                    messages.success(request, _("Publiceringen är återkallad."))
                return redirect(reverse("publicering:sida", args=[dp.referens]))
    logg = Publiceringsbeslut.objects.filter(delprojekt=dp).order_by("-registrerat", "-pk")
    return render(
        request,
        "oppet/publicering.html",
        {"dp": dp, "nu": nu, "ar_publicerad": ar_publicerad, "form": form, "logg": logg},
    )

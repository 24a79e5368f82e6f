"""The kansli updates the sjukvårdsregion's own row of the implementation matrix."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from delprojekt.models import Samverkan
from delprojekt.services.errors import DomainError, NotAllowed
from delprojekt.services.regionbeslut import current_rekommendationer
from delprojekt.views.helpers import form_errors_from, get_delprojekt_for_user
from inforande.forms import SjukvardsregionForm
from inforande.services import sjukvardsregion as svc
from inforande.services.plan import is_open_for_plans


@login_required
@require_http_methods(["GET", "POST"])
def sjukvardsregion(request: HttpRequest, referens: str) -> HttpResponse:
    dp = get_delprojekt_for_user(request, referens, perm="inforande.update_sjukvardsregion")
    rader = svc.sjukvardsregion_rader(current_rekommendationer(dp))
    namn = Samverkan.current().sjukvardsregion
    status = 200
    if request.method == "POST":
        form = SjukvardsregionForm(request.POST, rader=rader)
        if form.is_valid():
            try:
                n = svc.sjukvardsregion_save(
                    delprojekt=dp, user=request.user, data=form.data_per_rek()
                )
            except NotAllowed as exc:
                raise PermissionDenied from exc
            except DomainError as exc:
                form_errors_from(exc, form)
            else:
                if n:
                    messages.success(request, _("Införandet i %(rad)s är sparat.") % {"rad": namn})
                else:
                    messages.info(request, _("Inget ändrades."))
                return redirect("uppfoljning:inforande", dp.referens)
        status = 400
    else:
        form = SjukvardsregionForm(rader=rader)
    return render(
        request,
        "inforande/sjukvardsregion.html",
        {"dp": dp, "form": form, "namn": namn, "oppen": is_open_for_plans(dp) and rader},
        status=status,
    )

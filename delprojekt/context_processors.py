from django.http import HttpRequest

from delprojekt.models import Samverkan
from delprojekt.permissions import roller_for
from delprojekt.start import ANTAL_SESSION_KEY


def sfbv(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "roller": roller_for(user) if user is not None else None,
        # The number of open items as counted on the start page's last visit, kept in the
        # session so that other pages pay no query for it (see delprojekt.views.start).
        "att_gora": _att_gora(request),
        "samverkan_namn": "Samarbete för bättre vård",
        "samverkan": Samverkan.objects.order_by("pk").first,  # evaluated lazily by templates
    }


def _att_gora(request: HttpRequest) -> int | None:
    session = getattr(request, "session", None)
    if session is None or not getattr(getattr(request, "user", None), "is_authenticated", False):
        return None
    return session.get(ANTAL_SESSION_KEY)

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from delprojekt.models import Samverkan
from delprojekt.permissions import roller_for
from delprojekt.start import ANTAL_COOKIE, ANTAL_COOKIE_SALT


def sfbv(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "roller": roller_for(user) if user is not None else None,
        # The number of open items as counted on the start page's last visit, kept in a
        # signed cookie so that other pages pay no query for it (see delprojekt.views.start).
        "att_gora": _att_gora(request),
        # The brand and names of the collaboration (data, edited in the admin): read from
        # the cache once per request, and only by a template that names it.
        "samverkan": SimpleLazyObject(Samverkan.current),
        # Whether the public part (/oppet/) is on: the footer and the login page link to it.
        "oppet_pa": settings.SFBV_OPPET,  # called by the templates that name it (cached)
    }


def _att_gora(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    value = request.get_signed_cookie(ANTAL_COOKIE, default=None, salt=ANTAL_COOKIE_SALT)
    if not value:
        return None
    uid, _sep, antal = value.partition(":")
    # The cookie of someone else who used the same browser is not this user's count.
    if uid != str(user.pk) or not antal.isdigit():
        return None
    return int(antal)

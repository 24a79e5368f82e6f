"""Login throttling on top of django-axes.

Two things axes leaves to the project: which address a request comes from when a
reverse proxy stands in front (``AXES_CLIENT_IP_CALLABLE``), and a second, higher limit
per address beside the limit per username and address (``AXES_HANDLER``).
"""

from __future__ import annotations

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _address(value: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _is_trusted_proxy(address: IPAddress) -> bool:
    return any(address in network for network in settings.SFBV_TRUSTED_PROXIES)


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address, as axes should count it (``AXES_CLIENT_IP_CALLABLE``).

    ``REMOTE_ADDR``, unless that peer is one of ``SFBV_TRUSTED_PROXIES``. Then the
    ``X-Forwarded-For`` chain is read from the right, where each proxy appends the
    address it was connected from, past any further trusted proxies to the first
    address no trusted proxy stands behind. Everything to the left of it was written by
    the client itself and is ignored, and so is the header from an untrusted peer.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    peer = _address(remote) if remote else None
    if peer is None:
        return remote
    forwarded = [
        item for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if item.strip()
    ]
    while forwarded and _is_trusted_proxy(peer):
        hop = _address(forwarded.pop())
        if hop is None:
            # A trusted proxy passed on something that is not an address: go no further.
            break
        peer = hop
    return str(peer)


def address_failures(request: HttpRequest) -> int:
    """Failed logins from the request's address within the cool-off, over all usernames."""
    attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)  # type: ignore[attr-defined]
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AxesHandler(AxesDatabaseHandler):
    """axes' database handler with a limit per address beside the one per username.

    axes compares every set in ``AXES_LOCKOUT_PARAMETERS`` with the same
    ``AXES_FAILURE_LIMIT``, so adding ``"ip_address"`` there would lock a whole office
    behind one address after five mistakes. Here the username-and-address count keeps
    that limit and the address alone gets ``SFBV_LOGIN_FAILURE_LIMIT_PER_ADDRESS``. The
    count comes from axes' own attempt rows, which every worker process shares (the
    default cache is per process) and which axes resets and expires as usual.
    """

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        failures: int = super().get_failures(request, credentials)
        if address_failures(request) >= settings.SFBV_LOGIN_FAILURE_LIMIT_PER_ADDRESS:
            # Reported as reaching the limit, so that axes locks out as it always does.
            limit: int = get_failure_limit(request, credentials)
            return max(failures, limit)
        return failures


def rate_limited(request: HttpRequest, *, scope: str, limit: int, seconds: int) -> bool:
    """Count one more attempt of ``scope`` (a public form, say) from the request's
    address and tell whether it is over ``limit`` within ``seconds``.

    The count lives in Django's cache: per worker with the in-memory default, shared
    by all workers with ``CACHE_URL`` (Redis). The address is ``client_ip_address``'s,
    so a trusted proxy in front does not put everyone behind one count.
    """
    address = client_ip_address(request) or "okänd"
    key = f"sfbv:throttle:{scope}:{address}"
    if cache.add(key, 1, seconds):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:
        # Expired between add and incr: this is the first attempt of a new window.
        cache.set(key, 1, seconds)
        count = 1
    return count > limit

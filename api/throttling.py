"""A per-user request limit for the API (DRF's throttling on the shared cache)."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import UserRateThrottle


class AnvandarGrans(UserRateThrottle):
    """``SFBV_API_RATE`` requests per user (per address for anonymous requests).

    The rate is read from the settings on every request, not once at import as DRF's
    own class does, so that a deployment's and a test's setting both hold. Counted in
    Django's cache: set CACHE_URL (Redis) when several workers serve the API, or each
    worker counts on its own.
    """

    scope = "user"

    def get_rate(self) -> str:
        return settings.SFBV_API_RATE

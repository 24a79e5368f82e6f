from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination


class Sidindelning(PageNumberPagination):
    """``?page=2&page_size=100``; at most ``SFBV_API_MAX_PAGE_SIZE`` rows a page."""

    page_size_query_param = "page_size"
    page_query_description = _("Sidnummer, från 1.")
    page_size_query_description = _("Rader per sida (högst SFBV_API_MAX_PAGE_SIZE, normalt 500).")

    @property
    def page_size(self) -> int:  # type: ignore[override]
        return settings.SFBV_PAGE_SIZE

    @property
    def max_page_size(self) -> int:  # type: ignore[override]
        return settings.SFBV_API_MAX_PAGE_SIZE

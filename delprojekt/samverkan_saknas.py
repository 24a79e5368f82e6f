"""An installation without a samverkan answers with a clear Swedish page, not a 500.

``Samverkan.current()`` never creates the row: an installation is configured with
``manage.py load_organisation FIL`` (or in the admin). Until then every page that needs
the samverkan raises ``IngenSamverkan``; ``process_exception`` sees it for the view and
its template rendering and answers 503 with the instruction. The page is a standalone
template, rendered without context processors (they would ask for the samverkan again).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template import loader

from delprojekt.models import IngenSamverkan

logger = logging.getLogger(__name__)


class SamverkanSaknasMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, IngenSamverkan):
            return None
        logger.error("%s (%s %s)", exception, request.method, request.path)
        page = loader.get_template("ingen_samverkan.html").render({"meddelande": str(exception)})
        return HttpResponse(page, status=503)

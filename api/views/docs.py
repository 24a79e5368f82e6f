"""The API's documentation page: Swagger UI from drf-spectacular-sidecar's own static files.

The split view serves the page and its start script as two responses, so nothing runs
inline and the site's Content-Security-Policy holds unchanged.
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularSwaggerSplitView


class Dokumentation(SpectacularSwaggerSplitView):
    template_name = "api/docs.html"
    title = "SFBV API – dokumentation"

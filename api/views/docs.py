"""The API's documentation page: Swagger UI from drf-spectacular-sidecar's own static files.

The split view serves the page and its start script as two responses, so nothing runs
inline and the site's Content-Security-Policy holds but for one addition: Swagger UI's stylesheet
draws its icons as ``data:`` SVG images.
"""

from __future__ import annotations

from csp.constants import SELF
from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from drf_spectacular.views import SpectacularSwaggerSplitView


class Dokumentation(SpectacularSwaggerSplitView):
    template_name = "api/docs.html"
    title = "API – dokumentation"  # the page names the samverkan (templates/api/docs.html)


dokumentation = login_required(
    csp_update({"img-src": [SELF, "data:"]})(Dokumentation.as_view(url_name="api:schema"))
)

"""PDFs from the shared mall (``templates/mall/base.html``) with WeasyPrint.

Every PDF of the product — uppdrag, roster, slutrapport, protocols — extends the
mall, so they share the cover, the typography and the "Sida X av Y" footer. Only
the product's own stylesheet and fonts are fetched while rendering: user text is
sanitised Markdown, and no URL in it is ever loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

MALL_CSS = "css/mall.css"


def _refuse_remote(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"Externa resurser hämtas inte till PDF: {url[:80]}")


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(template_name, context)
    css_path = finders.find(MALL_CSS)
    return HTML(
        string=html, base_url=str(Path(settings.BASE_DIR)), url_fetcher=_refuse_remote
    ).write_pdf(stylesheets=[CSS(filename=css_path)])


def pdf_response(pdf: bytes, filename: str, *, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(filename.removesuffix(".pdf")) or "dokument"
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{name}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response

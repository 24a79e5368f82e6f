"""PDFs from the shared mall (``templates/mall/base.html``) with WeasyPrint.

Every PDF of the product — uppdrag, roster, slutrapport, protocols — extends the
mall, so they share the cover, the typography and the "Sida X av Y" footer. Only
the product's own stylesheet and fonts are fetched while rendering: user text is
sanitised Markdown, and no URL in it is ever loaded.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import io
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify
from pypdf import PdfReader

MALL_CSS = "css/mall.css"


@functools.lru_cache(maxsize=4)
def _parsed_stylesheet(path: str, mtime_ns: int) -> Any:
    """The mall's stylesheet, parsed once per version of the file.

    A parsed ``weasyprint.CSS`` is only read while rendering, so one object serves every
    PDF; the file's modification time in the key picks up an edited stylesheet.
    """
    from weasyprint import CSS

    return CSS(filename=path)


def mall_stylesheet() -> Any:
    """The parsed ``MALL_CSS`` (about 15 ms to parse, so not on every PDF)."""
    path = finders.find(MALL_CSS)
    if not path:
        raise FileNotFoundError(MALL_CSS)
    return _parsed_stylesheet(path, os.stat(path).st_mtime_ns)


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = True


@contextlib.contextmanager
def _automatic_gc_paused() -> Iterator[None]:
    """No automatic garbage collection while WeasyPrint lays out and writes a PDF.

    A long report keeps some hundred thousand layout objects alive until it is written, and
    each full collection that its allocations trigger walks all of them and the rest of the
    process: about a sixth of a 30-page report's time. Most of those objects are freed by
    reference counting as soon as the document goes; the cycles left (some ten thousand
    objects, a couple of MB) go at the next ordinary collection after the PDF is done.
    Nothing is collected by force. Renders in other threads share one count, so the
    collector comes back on when the last render ends, and only if it was on before.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def _refuse_remote(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"Externa resurser hämtas inte till PDF: {url[:80]}")


def render_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    pdf_variant: str | None = None,
    pdf_tags: bool = False,
    created: str | None = None,
    timings: dict[str, float] | None = None,
) -> bytes:
    """Render ``template_name`` to PDF bytes.

    The keyword arguments are for archival documents: ``pdf_variant`` (e.g. ``"pdf/a-3a"``),
    ``pdf_tags`` (tagged structure for assistive technology) and ``created`` (a W3C date
    written as the creation and modification date, so the same input gives the same file
    metadata instead of the time of rendering). ``timings``, when given, receives the
    seconds of each phase (``html``, ``layout``, ``write``) for the benchmark.
    """
    from weasyprint import HTML

    started = time.perf_counter()
    html = render_to_string(template_name, context)
    rendered = time.perf_counter()
    options: dict[str, Any] = {}
    if pdf_variant:
        options["pdf_variant"] = pdf_variant
    if pdf_tags:
        options["pdf_tags"] = True
    with _automatic_gc_paused():
        document = HTML(
            string=html, base_url=str(Path(settings.BASE_DIR)), url_fetcher=_refuse_remote
        ).render(stylesheets=[mall_stylesheet()], pdf_tags=pdf_tags)
        laid_out = time.perf_counter()
        if created:
            document.metadata.created = created
            document.metadata.modified = created
        # WeasyPrint leaves its bundled sRGB profile (the PDF/A output intent) open, to be
        # closed by the garbage collector. The file is only read; Python ignores the
        # ResourceWarning by default and the tests' settings name it (pyproject.toml), so
        # no collection is forced on the request path.
        pdf = document.write_pdf(**options)
        del document
    if timings is not None:
        timings["html"] = rendered - started
        timings["layout"] = laid_out - rendered
        timings["write"] = time.perf_counter() - laid_out
    return pdf


def pdf_response(pdf: bytes, filename: str, *, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(filename.removesuffix(".pdf")) or "dokument"
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{name}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def stored_pdf_response(stored: Any, filename: str, *, uploaded: bool = False) -> FileResponse:
    """A PDF kept in storage (a frozen report, an uploaded extract), shown inline.

    404 when the file is missing. An uploaded file is also sandboxed and never cached.
    The caller has checked the permission.
    """
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="application/pdf", filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    if uploaded:
        # Never run as part of the site, never kept by a shared cache.
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
    else:
        response["Cache-Control"] = "private"
    return response


def page_count(pdf: bytes) -> int:
    """The number of pages of a rendered PDF."""
    return len(PdfReader(io.BytesIO(pdf)).pages)

"""Markdown as the product writes it: a small, safe subset rendered to sanitised HTML.

Chapters, notes and reports are written in Markdown; what reaches a page or a PDF is
always run through nh3 with an allow-list, so raw HTML, scripts, event handlers and
``javascript:`` links in a text never reach a reader.
"""

from __future__ import annotations

import threading
from functools import lru_cache

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions.toc import slugify_unicode

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "caption", "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"align", "scope"},
    "td": {"align"},
    "ol": {"start"},
}
EXTENSIONS = ["tables", "sane_lists", "nl2br"]


#: Texts up to this length are remembered once rendered (``_render``): the same
#: beslutsförslag or chapter is shown on many pages and to many readers between edits.
CACHE_MAX_CHARS = 20_000

_local = threading.local()


def _markdown() -> md.Markdown:
    """One converter per thread, reset between texts (building one loads every extension)."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = md.Markdown(extensions=EXTENSIONS, output_format="html")
    return converter


def render_markdown(text: str | None, *, shift_headings: int = 0) -> SafeString:
    """Render ``text`` to sanitised HTML.

    ``shift_headings`` moves headings down so a chapter's own "# Rubrik" sits under the
    chapter heading of the page (a page's h2 chapter gets h3 subsections).
    """
    if not text or not text.strip():
        return mark_safe("")
    if len(text) <= CACHE_MAX_CHARS:
        clean = _render_cached(text, shift_headings)
    else:
        clean = _render(text, shift_headings)
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 in _render


def _render(text: str, shift_headings: int) -> str:
    converter = _markdown()
    try:
        html = converter.convert(text)
    finally:
        converter.reset()
    if shift_headings:
        for level in range(6, 0, -1):
            new = min(level + shift_headings, 6)
            html = html.replace(f"<h{level}>", f"<h{new}>").replace(f"</h{level}>", f"</h{new}>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


#: A pure function of its arguments, so a per-process memo is always right.
_render_cached = lru_cache(maxsize=1024)(_render)


# --- The project's own documents (the user guide) -------------------------------------
# Written by the project, not by users, yet sanitised the same way: the only additions
# are pictures and the headings' anchors, so that a help link can point at a section.
DOCUMENT_TAGS = ALLOWED_TAGS | {"img"}
DOCUMENT_ATTRIBUTES = {
    **ALLOWED_ATTRIBUTES,
    "img": {"src", "alt", "title"},
    **{f"h{level}": {"id"} for level in range(1, 7)},
}


def render_document(text: str) -> SafeString:
    """Render one of the project's documents (``docs/``) with heading anchors and pictures.

    The anchors are GitHub's (lower case, letters such as å kept, spaces to hyphens), so
    a link like ``kansli.md#portföljen`` works both on GitHub and in the application.
    """
    converter = md.Markdown(
        extensions=["tables", "sane_lists", "toc"],
        extension_configs={"toc": {"slugify": slugify_unicode, "permalink": False}},
        output_format="html",
    )
    html = converter.convert(text)
    clean = nh3.clean(
        html,
        tags=DOCUMENT_TAGS,
        attributes=DOCUMENT_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 above

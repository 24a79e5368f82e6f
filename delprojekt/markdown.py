"""Markdown as the product writes it: a small, safe subset rendered to sanitised HTML.

Chapters, notes and reports are written in Markdown; what reaches a page or a PDF is
always run through nh3 with an allow-list, so raw HTML, scripts, event handlers and
``javascript:`` links in a text never reach a reader.
"""

from __future__ import annotations

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

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


def render_markdown(text: str | None, *, shift_headings: int = 0) -> SafeString:
    """Render ``text`` to sanitised HTML.

    ``shift_headings`` moves headings down so a chapter's own "# Rubrik" sits under the
    chapter heading of the page (a page's h2 chapter gets h3 subsections).
    """
    if not text or not text.strip():
        return mark_safe("")
    html = md.markdown(text, extensions=EXTENSIONS, output_format="html")
    if shift_headings:
        for level in range(6, 0, -1):
            new = min(level + shift_headings, 6)
            html = html.replace(f"<h{level}>", f"<h{new}>").replace(f"</h{level}>", f"</h{new}>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 above

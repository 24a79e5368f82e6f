"""The user guide in the application: ``docs/guide/`` rendered as pages.

Open to everyone, logged in or not. The guide holds general instructions and pictures
of the demo's invented data, nothing of the installation's own; its pictures are static
files, which are public anyway; and its first chapter tells how to log in, which
someone who cannot log in needs to read.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from delprojekt.markdown import render_document
from hjalp.kapitel import KAPITEL, KAPITEL_PER_SLUG, index_fil, kapitel_fil

#: A picture beside the chapters (``bilder/x.png``) or a link to a chapter (``x.md``),
#: as written for GitHub, and what they become in the application.
_BILD = re.compile(r"\]\(bilder/([\w-]+\.png)\)")
_LANK = re.compile(r"\]\((README|[\w-]+)\.md(#[^)\s]*)?\)")


def _lank(match: re.Match[str]) -> str:
    slug, anchor = match.group(1), match.group(2) or ""
    if slug == "README":
        return f"]({reverse('hjalp:index')}{anchor})"
    if slug not in KAPITEL_PER_SLUG:
        return match.group(0)
    return f"]({reverse('hjalp:kapitel', args=[slug])}{anchor})"


def guide_html(text: str) -> SafeString:
    text = _BILD.sub(lambda m: f"]({static('guide/' + m.group(1))})", text)
    return render_document(_LANK.sub(_lank, text))


def _sida(request: HttpRequest, path: Path, aktuell: str | None) -> HttpResponse:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise Http404 from exc
    titel = text.partition("\n")[0].lstrip("# ").strip()
    return render(
        request,
        "hjalp/kapitel.html",
        {"html": guide_html(text), "titel": titel, "kapitel": KAPITEL, "aktuell": aktuell},
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _sida(request, index_fil(), None)


@require_GET
def kapitel(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in KAPITEL_PER_SLUG:
        raise Http404
    return _sida(request, kapitel_fil(slug), slug)

"""Rendering with the shared mall: the parsed stylesheet is kept, and the automatic garbage
collector rests while WeasyPrint works and is back afterwards."""

from __future__ import annotations

import gc
import io
import os

import pytest
from pypdf import PdfReader

from delprojekt import pdf as mall

CONTEXT = {
    "titel": "Mallprov",
    "referens": "PROV-1",
    "dokumenttitel": "Prov",
    "samverkan": {"namn": "Södra sjukvårdsregionen"},
}


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_the_mall_stylesheet_is_parsed_once_per_version_of_the_file(tmp_path):
    assert mall.mall_stylesheet() is mall.mall_stylesheet()

    sheet = tmp_path / "mall.css"
    sheet.write_text("p { color: red; }")
    stat = os.stat(sheet)
    first = mall._parsed_stylesheet(str(sheet), stat.st_mtime_ns)
    assert mall._parsed_stylesheet(str(sheet), stat.st_mtime_ns) is first

    sheet.write_text("p { color: blue; }")
    os.utime(sheet, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    edited = mall._parsed_stylesheet(str(sheet), os.stat(sheet).st_mtime_ns)
    assert edited is not first


def test_the_footer_and_header_still_come_from_the_cached_stylesheet():
    first = mall.render_pdf("mall/base.html", CONTEXT)
    second = mall.render_pdf("mall/base.html", CONTEXT)
    pages = [p.extract_text() or "" for p in PdfReader(io.BytesIO(first)).pages]
    assert len(pages) == 2  # the cover, then the page with the running header
    assert "Sida 1 av 2" in pages[0]
    assert "PROV-1 · Prov" in pages[1] and "Sida 2 av 2" in pages[1]
    assert _text(first) == _text(second)


@pytest.fixture
def gc_seen(monkeypatch):
    """Whether the automatic collector was on while WeasyPrint laid out and wrote."""
    from weasyprint import HTML
    from weasyprint.document import Document

    seen: list[bool] = []
    render, write_pdf = HTML.render, Document.write_pdf

    def spy_render(self, *args, **kwargs):
        seen.append(gc.isenabled())
        return render(self, *args, **kwargs)

    def spy_write(self, *args, **kwargs):
        seen.append(gc.isenabled())
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(HTML, "render", spy_render)
    monkeypatch.setattr(Document, "write_pdf", spy_write)
    return seen


def test_the_collector_rests_while_weasyprint_works_and_comes_back(gc_seen):
    assert gc.isenabled()
    data = mall.render_pdf("mall/base.html", CONTEXT)
    assert gc_seen == [False, False]
    assert gc.isenabled()
    assert "Mallprov" in _text(data)


def test_the_collector_comes_back_after_a_failed_render(monkeypatch):
    from weasyprint.document import Document

    def broken(self, *args, **kwargs):
        raise RuntimeError("trasig")

    monkeypatch.setattr(Document, "write_pdf", broken)
    with pytest.raises(RuntimeError):
        mall.render_pdf("mall/base.html", CONTEXT)
    assert gc.isenabled()


def test_a_collector_turned_off_elsewhere_stays_off(gc_seen):
    gc.disable()
    try:
        mall.render_pdf("mall/base.html", CONTEXT)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_nested_pauses_turn_the_collector_on_only_when_the_last_one_ends():
    with mall._automatic_gc_paused():
        with mall._automatic_gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()

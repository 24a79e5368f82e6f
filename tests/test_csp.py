"""Every HTML page is sent with a strict Content-Security-Policy."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse


def _directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return dict(parts)


def test_a_page_is_sent_with_a_strict_policy(client, kansli):
    client.force_login(kansli)
    response = client.get(reverse("delprojekt:portfolio"))
    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert policy == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    assert "unsafe" not in response["Content-Security-Policy"]


def test_the_login_page_has_the_policy_too(client, samverkan):
    response = client.get(reverse("login"))
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_no_template_served_as_a_page_has_inline_style_or_script():
    root = Path(__file__).resolve().parent.parent / "templates"
    offenders = []
    for path in root.rglob("*.html"):
        rel = path.relative_to(root)
        # E-mail bodies need inline styles; the PDF templates are rendered by WeasyPrint.
        if "email" in rel.parts or rel.parts[0] == "mall":
            continue
        text = path.read_text()
        # A script from a file of our own (src=) keeps to script-src 'self'; one written
        # in the page does not.
        inline_script = re.search(r"<script(?![^>]*\bsrc=)", text)
        handler = re.search(r"<[a-z][^>]*\son[a-z]+=", text)
        if "style=" in text or "<style" in text or inline_script or handler:
            offenders.append(str(rel))
    assert offenders == []

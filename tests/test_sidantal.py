"""Page counts are written in the singular for one page: "1 sida", not "1 sidor"."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string


@pytest.mark.parametrize("ext", ["txt", "html"])
@pytest.mark.parametrize(
    ("sidantal", "text"), [(1, "Rapporten är 1 sida."), (4, "Rapporten är 4 sidor.")]
)
def test_the_hand_in_mail_counts_pages_in_swedish(ext, sidantal, text):
    context = {
        "dp": SimpleNamespace(referens="SFBV-2024-001", titel="Test", kontaktperson=None),
        "omgang": SimpleNamespace(nummer=1, inlamnad=None, inlamnad_av=None),
        "rapport": SimpleNamespace(sidantal=sidantal),
    }
    body = render_to_string(f"uppfoljning/email/rapport_inlamnad.{ext}", context)
    assert text in body
    assert "1 sidor" not in body

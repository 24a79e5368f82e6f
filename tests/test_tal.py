"""Numbers the Swedish way: the helper and its template filter."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template

from delprojekt.tal import tal


@pytest.mark.parametrize(
    ("value", "decimaler", "text"),
    [
        (Decimal("20.0"), None, "20"),
        (Decimal("12.50"), None, "12,5"),
        (1250, None, "1\u00a0250"),
        (-3, None, "−3"),
        (None, None, "–"),
        (59.0, 1, "59,0"),
        (37.84, 1, "37,8"),
        (33.25, 1, "33,3"),
        (Decimal("95"), 1, "95,0"),
    ],
)
def test_numbers_are_written_with_a_decimal_comma(value, decimaler, text):
    assert tal(value, decimaler) == text


def test_the_filter_takes_the_number_of_decimals():
    template = Template("{% load sfbv_tal %}{{ a|tal }} {{ b|tal:1 }}")
    assert template.render(Context({"a": Decimal("20.0"), "b": 59.0})) == "20 59,0"

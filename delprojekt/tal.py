"""Numbers written the Swedish way, the same in pages, charts and PDFs."""

from __future__ import annotations

from decimal import Decimal


def tal(value: Decimal | float | int | None) -> str:
    """A number the Swedish way: decimal comma, space between thousands, no trailing zeros."""
    if value is None:
        return "–"
    d = Decimal(str(value)) if not isinstance(value, Decimal) else value
    d = d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()
    sign = "−" if d < 0 else ""
    text = format(abs(d), "f")
    whole, _sep, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = "\u00a0".join(groups)
    if frac:
        out += "," + frac
    return sign + out

"""Numbers written the Swedish way, the same in pages, charts and PDFs."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def tal(value: Decimal | float | int | None, decimaler: int | None = None) -> str:
    """A number the Swedish way: decimal comma, space between thousands, no trailing zeros.

    With ``decimaler`` the number is rounded to exactly that many decimals and keeps them
    (``tal(59, decimaler=1)`` is ``59,0``), for measures always shown with one decimal.
    """
    if value is None:
        return "–"
    d = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if decimaler is not None:
        d = d.quantize(Decimal(1).scaleb(-decimaler), rounding=ROUND_HALF_UP)
    elif d == d.to_integral_value():
        d = d.quantize(Decimal(1))
    else:
        d = d.normalize()
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

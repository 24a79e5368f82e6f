"""Detect text that looks like a Swedish personal identity number.

Patient data must never be written into SFBV's documents. A personnummer or
samordningsnummer (day + 60) with a valid Luhn check digit is reported so the user
can remove it.
"""

from __future__ import annotations

import datetime
import re

from django.utils.translation import gettext as _

_PATTERN = re.compile(r"(?<!\d)(\d{2})?(\d{2})(\d{2})(\d{2})\s?([-+]?)\s?(\d{3})(\d)(?!\d)")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def find_personnummer(text: str) -> list[str]:
    """Every substring that is a plausible personnummer or samordningsnummer."""
    found = []
    for match in _PATTERN.finditer(text or ""):
        century, yy, mm, dd, sep, serial, check = match.groups()
        if not century and not sep:
            # Ten digits without a separator are too often other numbers; require one.
            continue
        day = int(dd)
        if day > 60:
            day -= 60  # samordningsnummer
        year = int(f"{century or '19'}{yy}")
        try:
            datetime.date(year, int(mm), day)
        except ValueError:
            continue
        if _luhn_ok(f"{yy}{mm}{dd}{serial}{check}"):
            found.append(match.group(0).strip())
    return found


def warning_for(text: str) -> str | None:
    hits = find_personnummer(text)
    if not hits:
        return None
    return _(
        "Texten innehåller något som liknar ett personnummer (%(nr)s). Patientuppgifter får "
        "aldrig skrivas här – ta bort uppgiften."
    ) % {"nr": ", ".join(hits)}

"""Calendar arithmetic shared by the lifecycle, the working group and the follow-up."""

from __future__ import annotations

import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved ``months`` calendar months, clamped to the month's last day
    (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    for dd in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, dd)
        except ValueError:
            continue
    raise AssertionError("unreachable")

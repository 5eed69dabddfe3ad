"""Numbers as a council report prints them: £ with thousands, whole percentages, ordinal ranks."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from zoneinfo import ZoneInfo


def number(x: float, places: int = 1) -> str:
    """47 → '47', 47.25 → '47.3' (trailing zeros dropped), with thousands separators."""
    if not math.isfinite(x):
        return "–"
    text = f"{x:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent(x: float, places: int = 0) -> str:
    """75.4 → '75 %' (a percentage already on the 0–100 scale; UK reports put a space before %)."""
    if not math.isfinite(x):
        return "–"
    return f"{x:.{places}f} %"


def share(x: float, places: int = 0) -> str:
    """0.754 → '75 %' (a share on the 0–1 scale)."""
    return percent(100.0 * x, places)


def percentage_points(share: float) -> str:
    """0.234 → '23.4 percentage points' (a change of normalised weight)."""
    return f"{number(100.0 * share)} percentage point{'' if round(100 * share, 1) == 1 else 's'}"


def money(x: float, thousands: bool = False) -> str:
    """£1,234 or, with ``thousands``, £1k-style rounding as committee tables print it (−£12k)."""
    if not math.isfinite(x):
        return "–"
    sign = "−" if x < 0 else ""
    if thousands:
        return f"{sign}£{abs(x) / 1000:,.0f}k"
    return f"{sign}£{abs(x):,.0f}"


def ordinal(n: int) -> str:
    """1 → '1st', 2 → '2nd', 11 → '11th', 23 → '23rd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank_words(rank: int, tied: bool) -> str:
    """'1st', or 'joint 2nd' for a shared rank."""
    return f"joint {ordinal(rank)}" if tied else ordinal(rank)


def names_list(names: list[str]) -> str:
    """['A', 'B', 'C'] → 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


STATUS_QUO_MARK = " (business as usual)"
STATUS_QUO_AFTER_BRACKET = " — business as usual"


def option_display(name: str, status_quo: bool) -> str:
    """The option's name, with the status quo marked in words (never by colour alone).

    "As is" → "As is (business as usual)". A name that already ends in brackets gets no second pair
    ("In-house (as now) — business as usual", never "In-house (as now) (business as usual)"), and a
    name that already says "business as usual" is left as it is.
    """
    if not status_quo or "business as usual" in name.casefold():
        return name
    return name + (STATUS_QUO_AFTER_BRACKET if name.rstrip().endswith((")", "]")) else STATUS_QUO_MARK)


# Times as a UK council reads them: Europe/London local time (GMT or BST, said), not UTC. Everything is
# stored in UTC; only the display is local. ``zoneinfo`` needs the IANA database: the system's, or the
# ``tzdata`` package (in requirements.txt for machines without one, e.g. Windows).
UK = ZoneInfo("Europe/London")


def uk(value: datetime) -> datetime:
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UK)


def uk_time(value: datetime, with_date: bool = True, seconds: bool = False) -> str:
    """'28 Nov 2026, 09:14 GMT' / '14 Jun 2026, 10:14 BST' (or just '10:14:05 BST')."""
    local = uk(value)
    clock = local.strftime("%H:%M:%S" if seconds else "%H:%M")
    text = f"{local.day} {local:%b %Y}, {clock}" if with_date else clock
    return f"{text} {local.tzname()}"

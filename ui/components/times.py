"""Times as a UK council reads them: Europe/London local time (GMT or BST, said), not UTC.

Everything is stored in UTC; only the display is local. ``zoneinfo`` needs the IANA database: the
system's, or the ``tzdata`` package (in requirements.txt for machines without one, e.g. Windows).
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def uk(value: datetime) -> datetime:
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UK)


def uk_time(value: datetime, with_date: bool = True, seconds: bool = False) -> str:
    """'28 Nov 2026, 09:14 GMT' / '14 Jun 2026, 10:14 BST' (or just '10:14:05 BST')."""
    local = uk(value)
    clock = local.strftime("%H:%M:%S" if seconds else "%H:%M")
    text = f"{local.day} {local:%b %Y}, {clock}" if with_date else clock
    return f"{text} {local.tzname()}"

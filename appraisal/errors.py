"""Errors that name the file, the field and the offending id or row.

Every bad input ends up as a :class:`CaseError` so the command line can print one readable
message and exit 2, and the app can show it without a traceback.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The longest a value quoted in a message may be: a 2 MB label must not make a 2 MB message.
MAX_QUOTED = 80
# The longest the field part and the message part of one problem may be, whatever they quote.
MAX_FIELD = 160
MAX_MESSAGE = 400


def shorten(text: str, limit: int = MAX_QUOTED) -> str:
    """``text`` cut to ``limit`` characters, ending "…" when it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(value: object, limit: int = MAX_QUOTED) -> str:
    """A value as a message quotes it: 'text' in quotes (invisible characters shown escaped), cut short."""
    return f"'{shorten(visible(str(value)), limit)}'"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where (field path, id, row or sheet!cell) and what.

    Both parts are capped (:data:`MAX_FIELD`, :data:`MAX_MESSAGE`), so a message stays short however
    long the value it quotes.
    """

    field: str
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "field", shorten(str(self.field), MAX_FIELD))
        object.__setattr__(self, "message", shorten(str(self.message), MAX_MESSAGE))

    def render(self, source: str) -> str:
        where = f"{shorten(source, MAX_FIELD)}: " if source else ""
        field = f"{self.field}: " if self.field else ""
        return one_line(f"{where}{field}{self.message}")


# Line breaks and other control characters that user text (a key, a name) may carry into a message:
# shown as escapes, so one problem is always one line and a message cannot be spoofed across lines.
_CONTROL = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """``text`` with control characters shown as ``\\xNN`` escapes (so it prints as one line)."""
    return _CONTROL.sub(lambda m: _escape(m.group()), text)


def visible(text: str) -> str:
    """``text`` with control, format (zero-width) and combining characters shown as escapes, so two
    look-alike names show how they differ ("Cafe\\u0301" beside "Café")."""
    return "".join(_escape(c) if c in "\x85\u2028\u2029" or unicodedata.category(c) in ("Cc", "Cf", "Mn") else c
                   for c in text)


class CaseError(ValueError):
    """A case file (or spreadsheet, or edit) that cannot be used, with every problem found."""

    MAX_LISTED = 20  # problems listed in full; the rest are counted ("… and 3 more problems")

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems or [Problem("", "unknown problem")]
        super().__init__(self.message)

    @property
    def message(self) -> str:
        lines = [p.render(self.source) for p in self.problems[: self.MAX_LISTED]]
        hidden = len(self.problems) - self.MAX_LISTED
        if hidden > 0:
            lines.append(f"… and {hidden} more problem{'s' if hidden > 1 else ''}")
        return "\n".join(lines)

    @classmethod
    def single(cls, source: str, field: str, message: str) -> CaseError:
        return cls(source, [Problem(field, message)])

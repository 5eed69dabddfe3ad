"""Errors that name the file, the field and the offending id or row.

Every bad input ends up as a :class:`CaseError` so the command line can print one readable
message and exit 2, and the app can show it without a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where (field path, id, row or sheet!cell) and what."""

    field: str
    message: str

    def render(self, source: str) -> str:
        where = f"{source}: " if source else ""
        field = f"{self.field}: " if self.field else ""
        return one_line(f"{where}{field}{self.message}")


# Line breaks and other control characters that user text (a key, a name) may carry into a message:
# shown as escapes, so one problem is always one line and a message cannot be spoofed across lines.
_CONTROL = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with control characters shown as ``\\xNN`` escapes (so it prints as one line)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}", text)


class CaseError(ValueError):
    """A case file (or spreadsheet, or edit) that cannot be used, with every problem found."""

    MAX_LISTED = 12

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

"""Errors that name the file, the field and the offending id or row.

Every bad input ends up as a :class:`CaseError` so the command line can print one readable
message and exit 2, and the app can show it without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where (field path, id, row or sheet!cell) and what."""

    field: str
    message: str

    def render(self, source: str) -> str:
        where = f"{source}: " if source else ""
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"


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

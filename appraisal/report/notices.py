"""The case's notices in words: the illustrative-figures warning, said once wherever it is shown.

One wording for every page, every presentation screen and every export: a case marked
``illustrative`` (or whose note says so) carries "ILLUSTRATIVE FIGURES" exactly once — the case
note already leading with it is not prefixed again ("ILLUSTRATIVE FIGURES: ILLUSTRATIVE FIGURES: …").
"""

from __future__ import annotations

import re

from appraisal.case.model import Case

LABEL = "ILLUSTRATIVE FIGURES"
DEFAULT = "the figures in this case are illustrative."
_LEAD = re.compile(r"^illustrative\s+figures\b\s*:?\s*", re.IGNORECASE)


def is_illustrative(case: Case) -> bool:
    """Marked ``illustrative: true``, or a note that says the figures are illustrative."""
    return bool(case.illustrative or (case.note and "illustrative" in case.note.lower()))


def illustrative_notice(case: Case) -> str | None:
    """The full warning ("ILLUSTRATIVE FIGURES: <the case note>"), or None for a case of real figures."""
    if not is_illustrative(case):
        return None
    note = " ".join((case.note or "").split())
    lead = _LEAD.match(note)
    if lead is None:
        return f"{LABEL}: {note or DEFAULT}"
    rest = note[lead.end():]
    if note[:lead.end()].rstrip().endswith(":") or not rest:
        return f"{LABEL}: {rest or DEFAULT}"
    return f"{LABEL} {rest}"   # "ILLUSTRATIVE FIGURES where marked. …" keeps its own words


def illustrative_short(case: Case) -> str | None:
    """The warning for a projector screen: the label and its qualifier, one line
    ("ILLUSTRATIVE FIGURES", or "ILLUSTRATIVE FIGURES where marked")."""
    full = illustrative_notice(case)
    if full is None:
        return None
    rest = full[len(LABEL):]
    if rest.startswith(":"):
        return LABEL
    first = re.split(r"[.:;]", rest, maxsplit=1)[0].strip()
    return f"{LABEL} {first}" if first and len(first) <= 40 else LABEL

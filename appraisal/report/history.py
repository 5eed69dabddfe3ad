"""A case's versions and what changed between two of them, as report tables and sentences.

Names, reasons and ratings are user text: they go into tables of strings (shown as text, never as
HTML or Markdown) and sentences that the pages escape.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime

import pandas as pd

from appraisal.case.changes import ROUTES, VersionInfo
from appraisal.case.diff import Difference

KIND_WORDS = {"title": "title", "option": "options", "criterion": "criteria", "rating": "ratings",
              "weight set": "weight sets", "weight": "weights"}


def who(version: VersionInfo) -> str:
    """'Ann Smith (ann@council.gov.uk)', or 'Ann (not verified)' for a name typed into a session."""
    return version.actor.label


def route_words(route: str) -> str:
    return ROUTES.get(route, route)


def history_table(versions: Sequence[VersionInfo], when: Callable[[datetime], str]) -> pd.DataFrame:
    """One row per version, newest first: version, when, who, how, what, why."""
    rows = []
    for v in versions:
        how = route_words(v.route)
        if v.base_version is not None and v.base_version != v.version - 1:
            how += f" (made on version {v.base_version}, kept on top of the versions saved meanwhile)"
        rows.append({"Version": str(v.version), "When": when(v.at), "Who": who(v), "How": how,
                     "What changed": v.summary, "Why": v.reason or "—"})
    return pd.DataFrame(rows, columns=["Version", "When", "Who", "How", "What changed", "Why"])


def version_line(version: VersionInfo, head: int, when: Callable[[datetime], str]) -> str:
    """'Version 3 of 5, saved 14:02 1 Dec 2026 by Ann (not verified): Case data edited.' (plain text)."""
    return (f"Version {version.version} of {head}, saved {when(version.at)} by {who(version)}: "
            f"{route_words(version.route)}.")


def made_from_line(case_id: str, version: int, head: int | None = None) -> str:
    """What a committee pack or briefing names as its source: 'Made from case shared_review, version 4.'"""
    latest = "" if head is None else (" (the latest)" if version == head else f" (of {head}; not the latest)")
    return f"Made from case {case_id}, version {version}{latest}."


def diff_table(differences: Sequence[Difference]) -> pd.DataFrame:
    """What changed, one row per difference: what, which, before, after ('—' for added or removed)."""
    rows = [{"What": d.kind.capitalize(), "Which": d.item, "Before": d.before if d.before is not None else "— (added)",
             "After": d.after if d.after is not None else "— (removed)"} for d in differences]
    return pd.DataFrame(rows, columns=["What", "Which", "Before", "After"])


def diff_sentence(differences: Sequence[Difference], older: int, newer: int) -> str:
    """'From version 2 to version 5: 3 ratings and 10 weights changed; 1 weight set added.' (plain text)."""
    if not differences:
        return f"Version {older} and version {newer} are the same case: nothing differs."
    changed = Counter(KIND_WORDS[d.kind] for d in differences if d.before is not None and d.after is not None)
    added = Counter(KIND_WORDS[d.kind] for d in differences if d.before is None)
    removed = Counter(KIND_WORDS[d.kind] for d in differences if d.after is None)
    parts = []
    for counter, verb in ((changed, "changed"), (added, "added"), (removed, "removed")):
        if counter:
            parts.append(", ".join(f"{n} {_one(kind, n)}" for kind, n in counter.items()) + f" {verb}")
    return f"From version {older} to version {newer}: " + "; ".join(parts) + "."


def _one(kind: str, n: int) -> str:
    """'weights' → 'weight' when there is one ('criteria' → 'criterion')."""
    if n != 1:
        return kind
    return {"criteria": "criterion", "title": "title"}.get(kind, kind[:-1] if kind.endswith("s") else kind)

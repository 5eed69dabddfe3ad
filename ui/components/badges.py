"""Robustness at a glance: the badge row per option, shown on the Ranking and Scrutiny pages.

The figures come from :func:`appraisal.analysis.robustness.robustness`. SMAA on the uniform simplex does not
depend on the weights in use, so it is computed once per score matrix (seeded, cached) and a slider
move only recomputes the exact stability intervals, which take microseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from appraisal import fmt
from appraisal.analysis.robustness import OptionRobustness, robustness
from appraisal.analysis.scoring import Appraisal
from appraisal.report.robustness import badge_sentence, robustness_table
from ui.components.text import md, table_markdown
from ui.smaa_cache import cached_smaa


@dataclass(frozen=True)
class Badges:
    """The badge row as Markdown, so a page can draw it in the same element as its other tables."""

    summary: str  # heading, the leader's sentence, and the table (one row per option)
    words: str  # every option in words, as a list


def badges(appraisal: Appraisal, weights_vector: np.ndarray) -> Badges | None:
    """The badges for the raw weights in use (criterion order); None if they are all zero."""
    w = np.asarray(weights_vector, dtype=float)
    if w.sum() <= 0:
        return None
    result = cached_smaa(appraisal.S)
    rows = robustness(appraisal, w, result)
    ordered = sorted(rows, key=lambda r: (r.rank_now, r.option))

    def label(r: OptionRobustness) -> str:
        return md(fmt.option_display(appraisal.option_names[r.option], r.option == appraisal.status_quo_index))

    summary = "\n\n".join([
        "## Robustness at a glance",
        f"**{label(ordered[0])}:** {md(badge_sentence(appraisal, ordered[0]))}",
        table_markdown(robustness_table(appraisal, rows),
                       caption=f"'Random weightings': {result.n_samples:,} weightings drawn evenly from every possible "
                               "balance of the criteria (SMAA), the same draw each time so the figures repeat."),
    ])
    words = "\n".join(f"- **{label(r)}:** {md(badge_sentence(appraisal, r))}" for r in ordered)
    return Badges(summary, words)


def show_words(found: Badges) -> None:
    with st.expander("Every option in words"):
        st.markdown(found.words)


def badge_row(appraisal: Appraisal, weights_vector: np.ndarray) -> None:
    """The badge row on its own (the Scrutiny page); nothing is drawn if the weights are all zero."""
    found = badges(appraisal, weights_vector)
    if found:
        st.markdown(found.summary)
        show_words(found)

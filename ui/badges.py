"""Robustness at a glance: the badge row per option, shown on the Ranking and Scrutiny pages.

The figures come from :func:`appraisal.robustness.robustness`. SMAA on the uniform simplex does not
depend on the weights in use, so it is computed once per score matrix (seeded, cached) and a slider
move only recomputes the exact stability intervals, which take microseconds.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from appraisal import fmt
from appraisal.model import Case
from appraisal.robustness import SMAA_SAMPLES, SMAA_SEED, badge_sentence, robustness, robustness_table
from appraisal.scoring import Appraisal
from appraisal.smaa import SmaaResult, smaa
from ui.charts import report_table
from ui.text import md


@st.cache_data(show_spinner=False, max_entries=64)
def cached_smaa(scores: tuple[tuple[float, ...], ...], n_samples: int = SMAA_SAMPLES, seed: int = SMAA_SEED) -> SmaaResult:
    """Uniform-simplex SMAA keyed by the score matrix (a tuple, so st.cache_data can hash it)."""
    return smaa(np.array(scores, dtype=float), n_samples=n_samples, seed=seed)


def badge_row(case: Case, weights_vector: np.ndarray, key: str = "badges") -> None:
    """The leader's sentence, a compact table (one row per option) and every option in words.

    ``weights_vector`` is the raw weights in use (criterion order); nothing is drawn if they are all zero.
    """
    w = np.asarray(weights_vector, dtype=float)
    if w.sum() <= 0:
        return
    appraisal = Appraisal(case)
    result = cached_smaa(tuple(map(tuple, appraisal.S.tolist())))
    rows = robustness(appraisal, w, result)
    st.subheader("Robustness at a glance")
    ordered = sorted(rows, key=lambda r: (r.rank_now, r.option))
    leader = ordered[0]
    name = fmt.option_display(appraisal.option_names[leader.option], leader.option == appraisal.status_quo_index)
    with st.container(key=f"{key}_row"):
        st.markdown(f"**{md(name)}:** {md(badge_sentence(appraisal, leader))}")
        report_table(robustness_table(appraisal, rows),
                     caption=f"'Random weightings': {result.n_samples:,} weightings drawn evenly from every possible "
                             "balance of the criteria (SMAA), seeded so the figures repeat.")
        with st.expander("Every option in words"):
            lines = []
            for r in ordered:
                label = fmt.option_display(appraisal.option_names[r.option], r.option == appraisal.status_quo_index)
                lines.append(f"- **{md(label)}:** {md(badge_sentence(appraisal, r))}")
            st.markdown("\n".join(lines))  # one list, one element to redraw on a slider move

"""Sensitivity — "how robust is this?": one-way charts with switching values, and SMAA acceptability."""

from __future__ import annotations

import numpy as np
import streamlit as st

from appraisal import fmt
from appraisal.analysis.scoring import Appraisal, normalise
from appraisal.analysis.sensitivity import by_fragility, stability_intervals
from appraisal.analysis.smaa import MAX_SAMPLES
from appraisal.report.figures.sensitivity import (
    acceptability_heatmap,
    central_weights_table,
    one_way_chart,
    one_way_panels,
    stability_table,
)
from appraisal.report.sensitivity import fragility_sentence
from ui.cases import current_case
from ui.components import weight_sliders as weights
from ui.components.charts import PLOTLY_CONFIG, report_table, show_chart
from ui.components.layout import case_banner, source_note
from ui.components.text import md, note, table_markdown
from ui.smaa_cache import cached_smaa

SETTINGS_KEY = "sens_smaa_settings"  # durable SMAA settings (widget values vanish on page switch)
DEFAULTS = {"sens_samples": 10_000, "sens_seed": 0, "sens_mode": "uniform", "sens_spread": 20, "sens_flip": 0.0}
MODES = {
    "uniform": "Any weights (every balance of the criteria equally likely)",
    "spread": "Within ± a percentage of the weights in use",
    "order": "Keep the order of priorities of the weights in use",
}

case = current_case()
st.title("Sensitivity — how robust is the ranking?")
case_banner(case)
set_id = weights.set_picker(case, key="sens_set_picker")
st.markdown(
    "A **switching value** (the weight at which the leader would change) is the Green Book's term for "
    "the point at which the preferred option changes. "
    "Each chart moves one criterion's share of the weight from 0 % to 100 %, rescaling the others "
    "in proportion; the shaded band is where the option ranked 1st stays 1st."
)


def _settings() -> dict:
    """Restore the SMAA widgets from their durable copy before drawing them."""
    saved = st.session_state.setdefault(SETTINGS_KEY, dict(DEFAULTS))
    for key, value in saved.items():
        if key not in st.session_state:
            st.session_state[key] = value
    return saved


def _remember() -> None:
    st.session_state[SETTINGS_KEY] = {key: st.session_state[key] for key in DEFAULTS if key in st.session_state}



@st.fragment
def live_sensitivity() -> None:
    """Weight sliders and everything they drive: a slider move reruns only this fragment."""
    appraisal = Appraisal(case)
    controls, body = st.columns([1, 3], gap="large")
    with controls:
        st.markdown("## Weights\n\n*Shared with the Ranking page: an edit here shows there too.*")
        current, _ = weights.sliders_with_reset(case, set_id, reset_key="sens_reset", prefix="sens_w_")
    w = appraisal.weights_from_mapping(current)
    with body:
        if w.sum() <= 0:
            st.warning("Every weight is zero, so no option can be ranked. Move at least one slider above zero.")
            return
        name = weights.shown_name(case, set_id)
        w_hat = normalise(w)
        intervals = stability_intervals(appraisal.S, w_hat)
        leaders = [appraisal.option_names[i] for i in appraisal.leaders(w_hat)]
        # Headline and its note as one element, like the table below: each element is a browser render
        # on every slider move (bench/ui_latency.py).
        st.markdown(f"## {md(fragility_sentence(intervals, appraisal.criterion_names, leaders))}\n\n"
                    f"*Weights in use: {md(name)}.*")

        ordered = by_fragility(intervals)
        # A static plot (no hover, zoom or toolbar) redraws fastest on every slider move; the detail
        # chart below is the interactive one. The switching values are the visible table just below.
        panels = one_way_panels(appraisal, w, ordered)
        st.plotly_chart(panels.figure, key="sens_panels", config={**PLOTLY_CONFIG, "staticPlot": True}, width="stretch")

        st.markdown("## Switching values, most fragile first\n\n" + table_markdown(
            stability_table(appraisal, ordered),
            caption="Each criterion's share of the weight; 'from … to' is the range in which the leader "
                    "(or the whole order) stays as it is now, the other weights rescaled in proportion."))

        st.header("One criterion in detail")
        ids = appraisal.criterion_ids  # case order, so the list does not jump about as weights move
        if st.session_state.get("sens_detail") not in ids:
            st.session_state["sens_detail"] = ids[ordered[0].criterion]  # first visit: the most fragile
        chosen = st.selectbox("Criterion", ids, key="sens_detail", format_func=lambda c: appraisal.criterion_names[ids.index(c)],
                              help="Starts on the most fragile criterion; the chart labels every switching value.")
        k = appraisal.criterion_ids.index(chosen)
        show_chart(one_way_chart(appraisal, w, k, intervals[k]), key="sens_detail_chart")

    if _mode() != "uniform":  # these samples follow the weights, so they redraw with the sliders
        smaa_section(appraisal, w, name, follows_weights=True)


def _mode() -> str:
    return str(_settings().get("sens_mode", "uniform"))


@st.fragment
def smaa_alone() -> None:
    """Uniform sampling ignores the weights: drawn apart from the sliders, so a slider move skips it."""
    if _mode() == "uniform":
        appraisal = Appraisal(case)
        smaa_section(appraisal, appraisal.weights_from_mapping(weights.current(case, set_id)), "", follows_weights=False)


def smaa_section(appraisal: Appraisal, w: np.ndarray, name: str, follows_weights: bool) -> None:
    st.header("How often each option takes each rank",
              help="Rank acceptability in SMAA (stochastic multicriteria acceptability analysis): the share of "
                   "random weightings (samples) in which each option takes each rank.")
    st.markdown("How often each option takes each rank when weightings are drawn at random many times — "
                "a check that does not depend on any one set of weights.")
    _settings()
    c1, c2, c3 = st.columns([2, 1, 1])
    mode = c1.radio("Weights drawn", list(MODES), format_func=MODES.__getitem__, key="sens_mode", on_change=_remember,
                    help="'Any weights' draws uniformly on the simplex (every weighting summing to 100 % equally "
                         "likely); the others draw near the weights in use.")
    if (mode != "uniform") != follows_weights:
        st.rerun()  # the section moves between the slider fragment and its own: redraw the page once
    samples = int(c2.number_input("Weightings drawn", min_value=1_000, max_value=MAX_SAMPLES, step=1_000, key="sens_samples",
                                  on_change=_remember,
                                  help="The number of SMAA samples: more draws, a smaller margin of error, a slower page."))
    seed = int(c3.number_input("Repeatable draw number", min_value=0, max_value=2**31 - 1, step=1, key="sens_seed",
                               on_change=_remember,
                               help="The random seed: the same number always draws the same weightings, so the figures repeat."))
    c4, c5 = st.columns(2)
    spread = float(c4.slider("± % around the weights (for 'Within ±')", 5, 100, step=5, key="sens_spread",
                             on_change=_remember, disabled=mode != "spread"))
    flip = float(c5.slider("Rating uncertainty: chance each rating moves one notch", 0.0, 0.5, step=0.05, key="sens_flip",
                           on_change=_remember, format="%.2f"))
    scale = tuple(appraisal.scale.values())
    with st.spinner("Drawing weightings…"):  # Streamlit shows it only if this takes over half a second
        result = cached_smaa(appraisal.S, samples, seed, mode, spread, tuple(map(float, w)), flip, scale)
    settings = [f"{samples:,} weightings drawn at random", f"draw number {seed}", MODES[mode].lower()]
    if mode == "spread":
        settings.append(f"±{spread:g} % of {name}")
    elif mode == "order":
        settings.append(f"order of {name}")
    settings.append(f"rating uncertainty {fmt.share(flip)}" if flip > 0 else "ratings as given")
    note("Settings: " + "; ".join(settings) + ".")
    show_chart(acceptability_heatmap(appraisal, result), key="sens_smaa_heatmap")
    se = float(result.standard_error(0.5))
    note(f"Margin of error: each share is within about ±{fmt.share(2 * se, 1)} of what endless draws would give "
         "(two standard errors at worst).")
    with st.expander("Typical weights that put each option first"):
        report_table(central_weights_table(appraisal, result))


live_sensitivity()
smaa_alone()
source_note(case)

"""Sensitivity in words: switching values, the most fragile weight, SMAA."""

from __future__ import annotations

import numpy as np
import pandas as pd

from appraisal import fmt
from appraisal.analysis.scoring import Appraisal
from appraisal.analysis.sensitivity import StabilityInterval
from appraisal.analysis.smaa import SmaaResult


def switching_value_sentence(iv: StabilityInterval, criterion_name: str, leader_names: list[str]) -> str:
    """'Finance (today 13 %): Local partnership stays 1st from 0 % to 39 %; switching value 39 %.'"""
    lo, hi = iv.top_unchanged
    who = fmt.names_list(leader_names)
    stays = "stay" if len(leader_names) > 1 else "stays"
    if lo <= 0.0005 and hi >= 0.9995:
        return f"{criterion_name} (today {fmt.share(iv.weight)}): {who} {stays} 1st whatever its weight, from 0 % to 100 %."
    ends = []
    if lo > 0.0005:
        ends.append(f"below {fmt.share(lo, 1)}")
    if hi < 0.9995:
        ends.append(f"above {fmt.share(hi, 1)}")
    return (f"{criterion_name} (today {fmt.share(iv.weight)}): {who} {stays} 1st from {fmt.share(lo, 1)} to {fmt.share(hi, 1)}; "
            f"the leader changes if its weight goes {' or '.join(ends)} (switching value{'s' if len(ends) > 1 else ''}).")


def fragility_sentence(intervals: list[StabilityInterval], criterion_names: list[str], leader_names: list[str]) -> str:
    """The one weight closest to changing the leader, in words (or that none can)."""
    if not intervals:
        return ""
    sensitive = [iv for iv in intervals if np.isfinite(iv.top_margin)]
    who = fmt.names_list(leader_names)
    if not sensitive:
        return f"{who} stays 1st however far any single criterion's weight is moved (others rescaled)."
    iv = min(sensitive, key=lambda v: (v.top_margin, v.criterion))
    lo, hi = iv.top_unchanged
    direction, value = ("falls below", lo) if np.isclose(iv.weight - lo, iv.top_margin) and lo > 0 else ("rises above", hi)
    if iv.top_margin == 0:
        return (f"{who} {'share' if len(leader_names) > 1 else 'holds'} 1st place only at today's weights: "
                f"any change to the weight of {criterion_names[iv.criterion]} (today {fmt.share(iv.weight)}) changes the leader.")
    return (f"The lead is most sensitive to {criterion_names[iv.criterion]}: {who} stops being 1st if its weight {direction} "
            f"{fmt.share(value, 1)} (today {fmt.share(iv.weight)}), a move of {fmt.percentage_points(abs(value - iv.weight))}; "
            f"{len(intervals) - len(sensitive)} of {len(intervals)} criteria cannot change the leader on their own.")


def smaa_sentence(result: SmaaResult, option_names: list[str]) -> str:
    """'With weights drawn at random, Local partnership ranks 1st in 89 % of 10,000 weightings…'"""
    first = result.first_rank
    order = np.argsort(-first, kind="stable")
    best = int(order[0])
    mode = {"uniform": "drawn at random (every weighting equally likely)",
            "spread": f"varied by up to ±{fmt.share(result.spread or 0.0)} around the weight set",
            "order": "drawn at random but keeping the weight set's order of priorities"}[result.mode]
    sentence = (f"With weights {mode}, {option_names[best]} ranks 1st in {fmt.share(first[best])} of "
                f"{result.n_samples:,} weightings")
    if len(order) > 1 and first[order[1]] > 0:
        sentence += f", {option_names[int(order[1])]} in {fmt.share(first[order[1]])}"
    never = [option_names[i] for i in range(len(first)) if first[i] == 0]
    if never:
        sentence += f"; {fmt.names_list(never)} {'is' if len(never) == 1 else 'are'} never 1st"
    if result.rating_flip_p > 0:
        sentence += f" (each rating also moved one notch with probability {fmt.share(result.rating_flip_p)})"
    return sentence + "."


MAX_RANK_COLUMNS = 25


def acceptability_table(appraisal: Appraisal, smaa_result: SmaaResult) -> pd.DataFrame:
    """Option × rank: the share of samples in which each option takes each rank, then its confidence factor."""
    n = appraisal.n_options
    b = smaa_result.acceptability
    names = appraisal.option_names
    ranks = min(n, MAX_RANK_COLUMNS)  # with many options, the top ranks (a table a hundred columns wide helps no one)
    return pd.DataFrame(
        {"Option": [fmt.option_display(names[i], i == appraisal.status_quo_index) for i in range(n)],
         **{fmt.ordinal(j + 1): [fmt.share(v) for v in b[:, j]] for j in range(ranks)},
         "Confidence factor": ["–" if np.isnan(c) else fmt.share(c) for c in smaa_result.confidence]}
    )

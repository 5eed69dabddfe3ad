"""Robustness at a glance in words: the badge sentence and the robustness table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from appraisal import fmt
from appraisal.analysis.robustness import FragileWeight, LocalRobustness, OptionRobustness
from appraisal.analysis.scoring import Appraisal, normalise

_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}


def _count(n: int) -> str:
    return _NUMBER_WORDS.get(n, str(n))


def share_text(x: float) -> str:
    """91 % — or 'under 1 %' / 'over 99 %' rather than a rounded 0 or 100 that is not exact."""
    if 0 < x < 0.005:
        return "under 1 %"
    if 0.995 < x < 1:
        return "over 99 %"
    return fmt.share(x)


def _sets_part(r: OptionRobustness) -> str:
    k = len(r.set_ranks)
    if k == 1:
        name, rank, tied = r.set_ranks[0]
        return f"Leads under {name}" if rank == 1 else f"Ranks {fmt.rank_words(rank, tied)} under {name}"
    if r.first_under_all:
        return "Leads under both weightings" if k == 2 else f"Leads under all {_count(k)} weightings"
    if r.first_under:
        return (f"Leads under {len(r.first_under)} of the {_count(k)} weightings "
                f"(not under {fmt.names_list(list(r.not_first_under))})")
    best = min(rank for _, rank, _ in r.set_ranks)
    where = [name for name, rank, _ in r.set_ranks if rank == best]
    tied = any(t for _, rank, t in r.set_ranks if rank == best)
    if len(where) == k:
        return f"Leads under none of the {_count(k)} weightings ({fmt.rank_words(best, tied)} under every one)"
    return (f"Leads under none of the {_count(k)} weightings (at best {fmt.rank_words(best, tied)}, "
            f"under {fmt.names_list(where)})")


def _fragile_part(appraisal: Appraisal, f: FragileWeight) -> str:
    name = appraisal.criterion_names[f.criterion]
    verb = "passes" if f.rises else "falls below"
    who = fmt.names_list([fmt.option_display(appraisal.option_names[i], i == appraisal.status_quo_index) for i in f.taken_by])
    return (f"its lead is most sensitive to {name} (holds until that weight {verb} {fmt.share(f.switch)}, "
            f"{fmt.number(f.points, 0)} percentage points from today's {fmt.share(f.weight)}, when {who} "
            f"{'take' if len(f.taken_by) > 1 else 'takes'} the lead)")


def badge_sentence(appraisal: Appraisal, r: OptionRobustness, has_equal_set: bool | None = None) -> str:
    """'Leads under all four weightings and in 91 % of random weightings; its lead is most sensitive to …'."""
    if has_equal_set is None:
        has_equal_set = any(np.allclose(normalise(w), appraisal.equal_weights) for w in appraisal.W)
    parts = [_sets_part(r)]
    if not has_equal_set:
        rank = fmt.rank_words(r.equal_rank, r.equal_tied)
        parts.append("leads under equal weights" if r.equal_rank == 1 else f"{rank} under equal weights")
    text = ", ".join(parts)
    if r.first_share == 0:
        text += "; first in none of the random weightings"
    else:
        joiner = " and" if r.first_under_all else "; first"
        text += f"{joiner} in {share_text(r.first_share)} of random weightings"
    if r.leads_now and r.tied_now:
        text += "; it shares first place now, so any change in weights that favours one of the joint leaders separates them"
    elif r.fragile is not None:
        text += "; " + _fragile_part(appraisal, r.fragile)
    elif r.never_switches:
        text += "; no change to any single weight on its own takes the lead from it"
    return text + "."


def robustness_table(appraisal: Appraisal, rows: list[OptionRobustness]) -> pd.DataFrame:
    """The compact badge row per option, ordered by rank under the weights in use."""
    ordered = sorted(rows, key=lambda r: (r.rank_now, r.option))
    k = len(appraisal.set_names)

    def every(r: OptionRobustness) -> str:
        if r.first_under_all:
            return f"Yes (all {k})" if k > 1 else "Yes"
        if not r.first_under:
            return "No — first under none"
        return f"No — not under {fmt.names_list(list(r.not_first_under))}"

    def fragile(r: OptionRobustness) -> str:
        if not r.leads_now:
            return "—"
        if r.tied_now:
            return "Shares the lead"
        if r.fragile is None:
            return "No single weight changes the lead"
        f = r.fragile
        sign = "+" if f.rises else "−"
        return (f"{appraisal.criterion_names[f.criterion]}: holds until {fmt.share(f.switch)} "
                f"(now {fmt.share(f.weight)}, {sign}{fmt.number(f.points, 0)} points)")

    return pd.DataFrame({
        "Now": [fmt.rank_words(r.rank_now, r.tied_now) for r in ordered],
        "Option": [fmt.option_display(appraisal.option_names[r.option], r.option == appraisal.status_quo_index) for r in ordered],
        "First under every set?": [every(r) for r in ordered],
        "Equal weights": [fmt.rank_words(r.equal_rank, r.equal_tied) for r in ordered],
        "First in random weightings": [share_text(r.first_share) for r in ordered],
        "Most fragile weight": [fragile(r) for r in ordered],
    })


def rank_range_text(best: int, worst: int) -> str:
    """'1st' when it never moves, else '1st–3rd'."""
    return fmt.ordinal(best) if best == worst else f"{fmt.ordinal(best)}–{fmt.ordinal(worst)}"


def local_sentence(appraisal: Appraisal, local: LocalRobustness, weights: np.ndarray) -> str:
    """'New local strategic partnership stays first in 94 % of weightings within ±20 % of these.'"""
    leaders = appraisal.leaders(weights)
    within = f"weightings within ±{fmt.number(100 * local.spread, 0)} % of these"
    names = [fmt.option_display(appraisal.option_names[i], i == appraisal.status_quo_index) for i in leaders]
    if len(leaders) > 1:
        shares = ", ".join(f"{n} {share_text(local.first_share[i])}" for n, i in zip(names, leaders))
        return f"{fmt.names_list(names)} share first place now; each comes first in this share of {within}: {shares}."
    i = leaders[0]
    if local.first_share[i] >= 1:
        return f"{names[0]} stays first in every one of the {local.n_samples:,} {within}."
    challengers = [j for j in np.argsort(-local.first_share, kind="stable") if j != i and local.first_share[j] > 0]
    text = f"{names[0]} stays first in {share_text(local.first_share[i])} of {within}"
    if challengers:
        j = int(challengers[0])
        text += (f"; {fmt.option_display(appraisal.option_names[j], j == appraisal.status_quo_index)} "
                 f"comes first in {share_text(local.first_share[j])}")
    return text + "."


def local_table(appraisal: Appraisal, local: LocalRobustness, weights: np.ndarray) -> pd.DataFrame:
    """Per option in rank order: rank now, first place among nearby weightings, rank range over them."""
    results = appraisal.results(weights)
    spread = fmt.number(100 * local.spread, 0)
    rows = [appraisal.option_ids.index(r.option) for r in results]
    return pd.DataFrame({
        "Now": [r.rank_label for r in results],
        "Option": [fmt.option_display(appraisal.option_names[i], i == appraisal.status_quo_index) for i in rows],
        f"First within ±{spread} %": [share_text(local.first_share[i]) for i in rows],
        "Rank range": [rank_range_text(int(local.best_rank[i]), int(local.worst_rank[i])) for i in rows],
    })


def local_note(local: LocalRobustness) -> str:
    """How the figures were made and how precise they are, in one line."""
    return (f"From {local.n_samples:,} weightings, each weight drawn within ±{fmt.number(100 * local.spread, 0)} % of its "
            f"value above (the same draw each time, so the same weights give the same figures); sampling error at most "
            f"±{fmt.percentage_points(local.margin_of_error)}.")

"""Robustness at a glance: a few figures per option that say how safe its place is.

Per option (DESIGN.md, "Robustness at a glance"):

- is it first under every named weight set of the case (and under which not)?
- its rank under equal weights;
- its SMAA first-rank acceptability: the share of random weightings (uniform on the simplex) in
  which it ranks first, from :func:`appraisal.smaa.smaa`;
- for the leader under the weights in use, its most fragile weight: the criterion whose stability
  interval (:func:`appraisal.sensitivity.stability_intervals`) ends nearest today's weight — the
  switching value, and how many percentage points away it is.

Nothing here re-computes SMAA or stability intervals; it reads the engine's results so the badge
row always agrees with the Sensitivity and Scrutiny pages.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from appraisal import fmt
from appraisal.scoring import Appraisal, competition_ranks, normalise, totals
from appraisal.sensitivity import StabilityInterval, by_fragility, stability_intervals, weights_at
from appraisal.smaa import SmaaResult, smaa

SMAA_SAMPLES = 10_000
SMAA_SEED = 0
# How far past a switching value to look to see who takes over (well above rounding, far below any
# meaningful change of weight).
_BEYOND = 1e-7
_EDGE = 1e-9

_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}


@dataclass(frozen=True)
class FragileWeight:
    """The leader's most fragile weight: moving it past ``switch`` changes who is first."""

    criterion: int
    weight: float  # today's normalised weight (0–1)
    switch: float  # the switching value (0–1), the nearer end of the stability interval
    rises: bool  # True: the lead changes when the weight rises above ``switch``; False: falls below
    taken_by: tuple[int, ...]  # the option(s) first just beyond the switching value

    @property
    def points(self) -> float:
        """Distance to the switching value in percentage points."""
        return 100 * abs(self.switch - self.weight)


@dataclass(frozen=True)
class OptionRobustness:
    option: int
    rank_now: int  # under the weights in use
    tied_now: bool
    set_ranks: tuple[tuple[str, int, bool], ...]  # (weight set name, rank, tied) for each named set
    equal_rank: int
    equal_tied: bool
    first_share: float  # SMAA first-rank acceptability (0–1)
    fragile: FragileWeight | None  # only for an option first under the weights in use
    never_switches: bool  # a leader whose lead no single weight can change

    @property
    def leads_now(self) -> bool:
        return self.rank_now == 1

    @property
    def first_under(self) -> tuple[str, ...]:
        return tuple(name for name, rank, _ in self.set_ranks if rank == 1)

    @property
    def not_first_under(self) -> tuple[str, ...]:
        return tuple(name for name, rank, _ in self.set_ranks if rank != 1)

    @property
    def first_under_all(self) -> bool:
        return not self.not_first_under


def fragile_weight(appraisal: Appraisal, w_hat: np.ndarray, intervals: list[StabilityInterval]) -> FragileWeight | None:
    """The criterion whose switching value for the top place is nearest today's weight (None if none is)."""
    if not intervals:
        return None
    iv = by_fragility(intervals)[0]
    margin = iv.top_margin
    if not np.isfinite(margin):
        return None
    lo, hi = iv.top_unchanged
    # As the engine's top_margin: an end at 0 % or 100 % is the edge of the range, not a switch.
    down = iv.weight - lo if lo > _EDGE else np.inf
    up = hi - iv.weight if hi < 1 - _EDGE else np.inf
    rises = up <= down
    switch = hi if rises else lo
    beyond = float(np.clip(switch + (_BEYOND if rises else -_BEYOND), 0.0, 1.0))
    ranks = competition_ranks(totals(appraisal.S, weights_at(w_hat, iv.criterion, beyond)))
    return FragileWeight(iv.criterion, iv.weight, switch, rises, tuple(int(i) for i in np.flatnonzero(ranks == 1)))


def robustness(appraisal: Appraisal, weights: np.ndarray, smaa_result: SmaaResult | None = None) -> list[OptionRobustness]:
    """The badge figures for every option (case order) under raw ``weights``.

    ``smaa_result`` is the uniform-simplex SMAA of ``appraisal.S``; it does not depend on the
    weights, so callers cache it once per case (default: 10,000 samples, seed 0).
    """
    w = np.asarray(weights, dtype=float)
    w_hat = normalise(w)
    S = appraisal.S
    ranks_now = competition_ranks(totals(S, w))
    set_ranks_all = competition_ranks(totals(S, appraisal.W))
    equal = competition_ranks(totals(S, appraisal.equal_weights))
    result = smaa_result if smaa_result is not None else smaa(S, n_samples=SMAA_SAMPLES, seed=SMAA_SEED)
    fragile = fragile_weight(appraisal, w_hat, stability_intervals(S, w_hat)) if appraisal.n_options > 1 else None

    def tied(r: np.ndarray, i: int) -> bool:
        return bool((r == r[i]).sum() > 1)

    out = []
    for i in range(appraisal.n_options):
        leads = int(ranks_now[i]) == 1
        out.append(OptionRobustness(
            option=i,
            rank_now=int(ranks_now[i]),
            tied_now=tied(ranks_now, i),
            set_ranks=tuple((name, int(r[i]), tied(r, i)) for name, r in zip(appraisal.set_names, set_ranks_all)),
            equal_rank=int(equal[i]),
            equal_tied=tied(equal, i),
            first_share=float(result.first_rank[i]),
            fragile=fragile if leads else None,
            never_switches=leads and fragile is None,
        ))
    return out


# Plain words -------------------------------------------------------------------------------------


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

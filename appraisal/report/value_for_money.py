"""Value for money and the savings scenario's effect on the ranking, in words and tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from appraisal import fmt
from appraisal.analysis.scoring import Appraisal
from appraisal.analysis.value_for_money import ScenarioEffect, ValueForMoney
from appraisal.report.measured import raw_text

MAX_LISTED = 3
ADJUSTED = "with the settings above"


def _beater(vfm: ValueForMoney, i: int) -> int:
    """The option to name as beating ``i``: an efficient one if any (the cheapest), else the cheapest."""
    beaters = vfm.beaten_by[i]
    efficient = [a for a in beaters if vfm.efficient[a]]
    return min(efficient or beaters, key=lambda a: (vfm.cost[a], -vfm.benefit[a], a))


def _compared(vfm: ValueForMoney, i: int, a: int, names: list[str]) -> str:
    """'B costs more than A for less benefit' (or 'the same', where one of the two is equal)."""
    tol_c = 1e-9 * max(1.0, float(np.abs(vfm.cost).max()))
    tol_b = 1e-9 * max(1.0, float(np.abs(vfm.benefit).max()))
    cost = "costs the same as" if abs(vfm.cost[i] - vfm.cost[a]) <= tol_c else "costs more than"
    benefit = "the same benefit" if abs(vfm.benefit[i] - vfm.benefit[a]) <= tol_b else "less benefit"
    return f"{names[i]} {cost} {names[a]} for {benefit}"


def value_for_money_sentence(vfm: ValueForMoney, option_names: list[str]) -> str:
    """'A and C are not beaten on both cost and benefit; B costs more than A for less benefit.'"""
    on = vfm.frontier_order
    who = fmt.names_list([option_names[i] for i in on])
    if len(on) == len(option_names):
        return ("No option is beaten on both cost and benefit: each one that costs more also gives more benefit"
                if len(on) > 1 else f"{who} is the only option") + "."
    verb = "is" if len(on) == 1 else "are"
    sentence = f"{who} {verb} not beaten on both cost and benefit"
    beaten = sorted((i for i in range(len(option_names)) if not vfm.efficient[i]), key=lambda i: (vfm.cost[i], i))
    parts = [_compared(vfm, i, _beater(vfm, i), option_names) for i in beaten[:MAX_LISTED]]
    rest = len(beaten) - MAX_LISTED
    if rest > 0:
        parts.append(f"{rest} more {'is' if rest == 1 else 'are'} beaten too")
    return sentence + "; " + "; ".join(parts) + "."


def value_for_money_table(vfm: ValueForMoney, appraisal: Appraisal) -> pd.DataFrame:
    """Option, net cost (£), benefit (% of the most possible), on the frontier, and who beats it."""
    names = [fmt.option_display(n, i == appraisal.status_quo_index) for i, n in enumerate(appraisal.option_names)]
    return pd.DataFrame({
        "Option": names,
        "Net cost": [fmt.money(c, thousands=True) for c in vfm.cost],
        "Benefit (% of the most possible)": [fmt.percent(b) for b in vfm.benefit],
        "Not beaten on both": ["yes" if e else "no" for e in vfm.efficient],
        "Beaten by": [fmt.names_list([appraisal.option_names[a] for a in vfm.beaten_by[i]]) or "–"
                      for i in range(appraisal.n_options)],
    })


def value_for_money_note(vfm: ValueForMoney, appraisal: Appraisal, scenario_name: str, *, adjusted: bool = False) -> str:
    """What the two axes are, in a sentence (``adjusted``: under the Savings page's settings, not the scenario's own)."""
    left_out = fmt.names_list([appraisal.criterion_names[j] for j in vfm.financial])
    settings = f" {ADJUSTED}" if adjusted else ""
    return (f"Benefit is the weighted total of the criteria other than money ({left_out} left out, so money is not "
            f"counted twice), as a share of the most they could give. Net cost is minus the net present value of each "
            f"option's savings less its one-off costs under the {scenario_name} scenario{settings}; below £0 the option saves money.")


def _chosen(effect: ScenarioEffect, scenario_name: str) -> str:
    """'Prudent scenario', or 'Prudent scenario with the settings above' when the page's settings moved it."""
    return f"{scenario_name} scenario" + (f" {ADJUSTED}" if effect.adjusted else "")


def scenario_effect_sentence(effect: ScenarioEffect, option_names: list[str], scenario_name: str, baseline_name: str) -> str:
    """'Under the prudent scenario the ranking is the same as under central.' or who moves and how."""
    if effect.same:
        return (f"This is the {baseline_name} scenario the ranking uses by default; choose another scenario to see "
                "how the savings figures move the ranking.")
    chosen = _chosen(effect, scenario_name)
    if not effect.changes:
        return f"Under the {chosen} every option keeps its rank under {baseline_name}."
    moves = [(i, int(a), int(b)) for i, (a, b) in enumerate(zip(effect.ranks_baseline, effect.ranks_scenario)) if a != b]
    lead0 = [option_names[i] for i in np.flatnonzero(effect.ranks_baseline == 1)]
    lead1 = [option_names[i] for i in np.flatnonzero(effect.ranks_scenario == 1)]
    start = (f"Under the {chosen} {fmt.names_list(lead1)} "
             + (f"{'leads' if len(lead1) == 1 else 'lead'} instead of {fmt.names_list(lead0)}" if lead0 != lead1
                else f"still {'leads' if len(lead1) == 1 else 'lead'}"))
    shown = [f"{option_names[i]} moves from {fmt.ordinal(a)} to {fmt.ordinal(b)}" for i, a, b in moves[:MAX_LISTED]]
    if len(moves) > MAX_LISTED:
        shown.append(f"{len(moves) - MAX_LISTED} more move")
    return f"{start}; {fmt.names_list(shown)} (against {baseline_name})."


def scenario_effect_table(effect: ScenarioEffect, appraisal: Appraisal, scenario_name: str, baseline_name: str) -> pd.DataFrame:
    """Each option's figures from the savings model and its rank under the baseline and the chosen scenario
    (marked 'settings above' when the page's settings moved it from the scenario's own)."""
    names = [fmt.option_display(n, i == appraisal.status_quo_index) for i, n in enumerate(appraisal.option_names)]
    columns: dict[str, list[str]] = {"Option": names}
    same = effect.same
    chosen = f"{scenario_name} (settings above)" if effect.adjusted else scenario_name
    for k, j in enumerate(effect.criteria):
        scale = appraisal.scales[j]
        name = appraisal.criterion_names[j]
        columns[f"{name}, {baseline_name}"] = [raw_text(scale, float(v)) for v in effect.raw_baseline[:, k]]
        if not same:
            columns[f"{name}, {chosen}"] = [raw_text(scale, float(v)) for v in effect.raw_scenario[:, k]]
    columns[f"Rank, {baseline_name}"] = [_rank(effect.ranks_baseline, i) for i in range(len(names))]
    if not same:
        columns[f"Rank, {chosen}"] = [_rank(effect.ranks_scenario, i) for i in range(len(names))]
    return pd.DataFrame(columns)


def _rank(ranks: np.ndarray, i: int) -> str:
    r = int(ranks[i])
    return f"={r}" if int((ranks == r).sum()) > 1 else str(r)

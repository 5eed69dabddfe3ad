"""Value for money: each option's weighted benefit against its net cost, the options no other beats on
both, and how a savings scenario moves the ranking.

Benefit is the weighted total over the **non-financial** criteria only, with the same weights, as a
percentage of the most those criteria could give (``B_i = 100 · Σ_{j∈N} w_j S_ij / Σ_{j∈N} w_j max_j``);
a criterion is financial when it takes its raw values from the savings model (``scale.from_savings``)
or is measured in money (a unit starting with £), so money is not counted twice. Net cost is the
savings model's figure for the option: minus the net present value of its savings less its one-off
costs (``C_i = −NPV_i``, £; negative means the option saves money overall).

Option ``a`` **beats** ``b`` when ``C_a ≤ C_b`` and ``B_a ≥ B_b`` with one of them strict; the options
no other beats form the efficient frontier (cost-effectiveness analysis; HM Treasury, *The Green
Book*, 2022, on presenting costs beside unmonetised benefits). Nothing is compared by a ratio, so an
option that saves money and one that costs money are read on the same picture.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from appraisal.analysis.measured_savings import savings_raw_values
from appraisal.analysis.savings import Settings, require
from appraisal.analysis.scoring import Appraisal, Array, competition_ranks, totals
from appraisal.case.model import Case
from appraisal.case.scales import FromSavings

# Costs or benefits closer than this (relative to the largest magnitude) count as equal.
TOLERANCE = 1e-9


def frontier(cost: Array, benefit: Array) -> tuple[NDArray[np.bool_], list[list[int]]]:
    """Which options are on the efficient frontier, and for each option the options that beat it.

    Kernel on arrays (no validation): ``cost`` and ``benefit`` (n,). ``a`` beats ``b`` when it costs
    no more and gives no less benefit, and is strictly better on one of the two.
    """
    c = np.asarray(cost, dtype=float)
    b = np.asarray(benefit, dtype=float)
    c_tol = TOLERANCE * max(1.0, float(np.abs(c).max(initial=0.0)))
    b_tol = TOLERANCE * max(1.0, float(np.abs(b).max(initial=0.0)))
    no_dearer = c[:, None] <= c[None, :] + c_tol          # [a, b]: a costs no more than b
    no_worse = b[:, None] >= b[None, :] - b_tol           # a gives at least b's benefit
    strictly = (c[:, None] < c[None, :] - c_tol) | (b[:, None] > b[None, :] + b_tol)
    beats = no_dearer & no_worse & strictly
    np.fill_diagonal(beats, False)
    beaten_by = [[int(a) for a in np.flatnonzero(beats[:, i])] for i in range(len(c))]
    return ~beats.any(axis=0), beaten_by


def financial_criteria(appraisal: Appraisal) -> list[int]:
    """Criteria that measure money: fed from the savings model, or measured in £."""
    return [j for j, sc in enumerate(appraisal.scales)
            if sc.from_savings is not None or (sc.measured and sc.unit.strip().startswith("£"))]


def cost_spec(case: Case) -> FromSavings | None:
    """The option → savings-lines mapping of the first criterion fed from the savings model, as an NPV
    in £ (None when no criterion takes its values from the savings model)."""
    for criterion in case.criteria:
        spec = criterion.scale.from_savings if criterion.scale is not None else None
        if spec is not None:
            return FromSavings(measure="npv", scenario=spec.scenario, council=spec.council, options=spec.options)
    return None


@dataclass(frozen=True)
class ValueForMoney:
    """Benefit against net cost for every option under one weighting and one savings scenario."""

    benefit: Array                     # (n,) % of the most the non-financial criteria could give
    cost: Array                        # (n,) net cost, £ (−NPV of savings less one-off costs)
    efficient: NDArray[np.bool_]       # (n,) not beaten on both cost and benefit
    beaten_by: list[list[int]]         # per option: the options that beat it
    benefit_criteria: list[int]
    financial: list[int]
    scenario: str

    @property
    def frontier_order(self) -> list[int]:
        """The efficient options from the cheapest to the dearest."""
        return sorted(np.flatnonzero(self.efficient).tolist(), key=lambda i: (self.cost[i], -self.benefit[i]))


def value_for_money(appraisal: Appraisal, weights: Array) -> ValueForMoney | None:
    """Benefit and net cost of every option (see the module docstring); None when the case has no
    criterion fed from the savings model, or no non-financial criterion carries weight.

    The savings scenario and settings are the appraisal's own (``Appraisal(case, savings_scenario=…)`` or
    ``savings_settings=…``), so the picture follows the settings chosen on the Savings page.
    """
    case = appraisal.case
    spec = cost_spec(case)
    w = np.asarray(weights, dtype=float)
    financial = financial_criteria(appraisal)
    others = [j for j in range(appraisal.n_criteria) if j not in financial]
    best = float(w[others] @ appraisal.max_values[others]) if others else 0.0
    if spec is None or best <= 0:
        return None
    scenario = appraisal.savings_scenario or spec.scenario or require(case).default_scenario_id
    npv = savings_raw_values(case, spec, scenario, settings=appraisal.savings_settings)
    cost = -np.array([npv[o] for o in appraisal.option_ids], dtype=float)
    benefit = 100.0 * (appraisal.S[:, others] @ w[others]) / best
    efficient, beaten_by = frontier(cost, benefit)
    return ValueForMoney(benefit, cost, efficient, beaten_by, others, financial, scenario)


@dataclass(frozen=True)
class ScenarioEffect:
    """The ranking under a savings scenario beside the ranking under the baseline (the case's default)."""

    baseline: str
    scenario: str
    criteria: list[int]            # the criteria fed from the savings model
    raw_baseline: Array            # (n × len(criteria)) their raw values under the baseline
    raw_scenario: Array
    totals_baseline: Array         # (n,)
    totals_scenario: Array
    ranks_baseline: NDArray[np.int64]
    ranks_scenario: NDArray[np.int64]
    adjusted: bool = False         # the Savings page's settings moved the figures from the scenario's own

    @property
    def changes(self) -> bool:
        return bool((self.ranks_baseline != self.ranks_scenario).any())

    @property
    def same(self) -> bool:
        """The chosen figures are the baseline's own: one scenario, its settings untouched."""
        return self.scenario == self.baseline and not self.adjusted


def scenario_effect(case: Case, weights: Array, scenario: str, baseline: str | None = None, *,
                    settings: Settings | None = None) -> ScenarioEffect | None:
    """Ranks under ``scenario`` against ranks under ``baseline`` (default: the savings model's default
    scenario) for criteria that take their raw values from the savings model; None when none does.

    ``settings`` (the Savings page's, for ``scenario``) scores the chosen side under those likelihood
    percentages, on-cost, discount rate and exit costs; ``adjusted`` says they move the figures away from
    the scenario's own.
    """
    base = Appraisal(case, savings_scenario=baseline or require(case).default_scenario_id)
    criteria = [j for j, sc in enumerate(base.scales) if sc.from_savings is not None]
    if not criteria:
        return None
    chosen = Appraisal(case, savings_scenario=scenario, savings_settings=settings)
    own = base if chosen.savings_scenario == base.savings_scenario else Appraisal(case, savings_scenario=chosen.savings_scenario)
    adjusted = settings is not None and not np.allclose(chosen.raw[:, criteria], own.raw[:, criteria], rtol=0, atol=1e-9)
    w = np.asarray(weights, dtype=float)
    t0, t1 = totals(base.S, w), totals(chosen.S, w)
    return ScenarioEffect(
        baseline=str(base.savings_scenario), scenario=str(chosen.savings_scenario), criteria=criteria,
        raw_baseline=base.raw[:, criteria], raw_scenario=chosen.raw[:, criteria],
        totals_baseline=t0, totals_scenario=t1,
        ranks_baseline=competition_ranks(t0), ranks_scenario=competition_ranks(t1),
        adjusted=adjusted,
    )

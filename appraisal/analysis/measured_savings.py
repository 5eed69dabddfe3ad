"""Raw values of criteria measured from the savings model (``scale.from_savings``), one per option.

The Savings page and the ranking read the same :func:`appraisal.analysis.savings.compute`, so a
scenario chosen on one is the scenario scored on the other. Figures are in £ / ``divide_by``:

- ``npv``: Σ_y d_y · (gross saving of the option's lines − its one-off costs) in year y, with the
  model's discount factors d_y (Green Book 3.5 % unless the case says otherwise);
- ``annual_saving``: gross saving of the option's lines in ``year`` (default the model's last year);
- ``one_off_cost``: the sum of the option's one-off costs (undiscounted; exit costs only when the
  scenario includes them).

``council`` limits every figure to one council's share; absent, the councils together.
"""

from __future__ import annotations

import numpy as np

from appraisal.analysis.savings import SavingsResult, Settings, compute, settings_for
from appraisal.case.model import Case
from appraisal.case.scale_schema import FromSavings


def _option_figure(result: SavingsResult, spec: FromSavings, option_id: str) -> float:
    chosen = spec.options[option_id]
    cols = [result.councils.index(spec.council)] if spec.council else list(range(len(result.councils)))
    line_mask = np.array([ln.id in chosen.lines or (ln.phase is not None and ln.phase in chosen.phases)
                          for ln in result.lines], dtype=bool)
    item_mask = np.array([item[0] in chosen.one_off_costs for item in result.one_off_items], dtype=bool)
    gross = result.by_line[line_mask][:, :, cols].sum(axis=(0, 2)) if line_mask.any() else np.zeros(len(result.years))
    one_off = np.zeros(len(result.years))
    for m in np.flatnonzero(item_mask):
        one_off[result.years.index(result.one_off_items[m][3])] += result.one_off_by_item[m, cols].sum()
    if spec.measure == "annual_saving":
        figure = float(gross[result.years.index(spec.year or result.years[-1])])
    elif spec.measure == "one_off_cost":
        figure = float(one_off.sum())
    else:
        figure = float(((gross - one_off) * result.discount).sum())
    return figure / float(spec.divide_by)


def savings_raw_values(case: Case, spec: FromSavings, scenario: str | None = None, *,
                       settings: Settings | None = None) -> dict[str, float]:
    """Option id → raw value of a ``from_savings`` criterion under ``scenario`` (else the spec's, else
    the savings model's default). ``settings`` (the Savings page's: its scenario, likelihood
    percentages, on-cost, discount rate, exit costs and key) replaces all of that when given.
    Raises SavingsUnavailable for an unknown scenario."""
    result = compute(case, settings if settings is not None else settings_for(case, scenario or spec.scenario))
    return {option: _option_figure(result, spec, option) for option in case.option_ids}

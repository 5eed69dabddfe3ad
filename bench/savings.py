"""Savings benchmark: the vectorised model against a plain-Python loop, and what one page redraw costs.

Usage: ``.venv/bin/python bench/savings.py [--repeats N]``. For the shipped 2022 case and a synthetic
case (400 service lines, 30 years, 4 councils) prints medians (ms) of ``compute`` (the numpy model),
the same gross/net/NPV by a plain Python triple loop measured in the same run (the baseline), their
ratio, and the cost of everything one Savings page redraw computes (model, every key side by side,
published figures, three charts). Ratios travel between machines; milliseconds do not.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from appraisal.analysis import savings as sv
from appraisal.formats.load import load_case
from appraisal.formats.mapping import case_from_mapping
from appraisal.report import savings as savings_report  # noqa: E402
from appraisal.report.figures.savings import cumulative_chart, phase_chart, waterfall_chart  # noqa: E402
from bench.timing import median_ms  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def synthetic(n_lines: int = 400, n_years: int = 30, n_councils: int = 4, seed: int = 1):  # noqa: ANN201
    rng = np.random.default_rng(seed)
    councils = [f"c{i}" for i in range(n_councils)]
    years = [f"{2020 + y}/{(21 + y) % 100:02d}" for y in range(n_years)]
    return case_from_mapping({
        "format": "options-appraisal/1", "title": "Synthetic savings",
        "councils": [{"id": c, "name": f"Council {c}"} for c in councils],
        "criteria": [{"id": "x", "name": "X"}], "options": [{"id": "a", "name": "A"}],
        "scores": {"a": {"x": "High"}}, "weight_sets": [{"id": "w", "name": "W", "weights": {"x": 1}}],
        "savings": {
            "years": years, "default_key": "service_specific",
            "keys": [{"id": "service_specific", "name": "Service-specific", "basis": "current_cost"},
                     {"id": "pop", "name": "Population", "basis": "population",
                      "values": {c: int(rng.integers(40_000, 150_000)) for c in councils}}],
            "services": [{"id": f"s{i}", "name": f"Service {i}", "start_year": years[int(rng.integers(0, 5))],
                          "ramp": [50, 100], "likelihood": ["High", "Medium", "Low"][int(rng.integers(3))],
                          "current_cost": {c: int(rng.integers(10_000, 300_000)) for c in councils}}
                         for i in range(n_lines)],
            "one_off_costs": [{"id": f"o{i}", "name": f"Cost {i}", "kind": "programme", "year": years[i % 5],
                               "amount": 50_000, "key": "equal"} for i in range(20)],
        },
    }, "synthetic")


def plain_python(case, settings):  # noqa: ANN001, ANN201
    """The same gross, net and NPV with loops (service lines, each line's own key) — the baseline."""
    s = case.savings
    councils = [c.id for c in case.councils]
    years = s.years
    gross = [[0.0] * len(councils) for _ in years]
    for line in s.services:
        total = sum(line.current_cost.get(c, 0.0) for c in councils)
        saving = line.saving if line.saving is not None else total * settings.likelihood[line.likelihood] / 100
        future = total - saving
        start = years.index(line.start_year)
        for y in range(start, len(years)):
            r = line.ramp[min(y - start, len(line.ramp) - 1)] / 100
            for k, c in enumerate(councils):
                share = line.current_cost.get(c, 0.0) / total if total else 1 / len(councils)
                gross[y][k] += r * (line.current_cost.get(c, 0.0) - share * future)
    one_off = [[0.0] * len(councils) for _ in years]
    for cost in s.one_off_costs:
        for k in range(len(councils)):
            one_off[years.index(cost.year)][k] += cost.amount / len(councils)
    npv = [sum((gross[y][k] - one_off[y][k]) / (1 + settings.discount_rate / 100) ** y for y in range(len(years)))
           for k in range(len(councils))]
    return np.array(gross), npv



def page_redraw(case, settings) -> None:  # noqa: ANN001
    res = sv.compute(case, settings)
    savings_report.apportionment_table(case, settings)
    sv.published_checks(case, settings)
    phase_chart(res), cumulative_chart(res), waterfall_chart(res)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    print(f"{'case':>24} {'compute ms':>11} {'baseline ms':>12} {'compute/baseline':>17} {'page redraw ms':>15}")
    for label, case in [("2022 Harborough/Melton", load_case(ROOT / "data" / "strategic_partnership_2022.yaml")),
                        ("synthetic 400×30×4", synthetic())]:
        settings = sv.settings_for(case)
        res = sv.compute(case, settings)
        model = median_ms(lambda case=case, st=settings: sv.compute(case, st), args.repeats)
        redraw = median_ms(lambda case=case, st=settings: page_redraw(case, st), max(3, args.repeats // 5))
        if case.savings.posts:  # the baseline covers service lines only
            print(f"{label:>24} {model:11.2f} {'–':>12} {'–':>17} {redraw:15.1f}")
            continue
        gross, npv = plain_python(case, settings)
        assert np.allclose(gross, res.gross) and np.allclose(npv, res.npv), "model and baseline disagree"
        base = median_ms(lambda case=case, st=settings: plain_python(case, st), args.repeats)
        print(f"{label:>24} {model:11.2f} {base:12.2f} {model / base:17.3f} {redraw:15.1f}")


if __name__ == "__main__":
    main()

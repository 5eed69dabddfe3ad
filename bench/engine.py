"""Engine benchmark: load + rank for 12×30 and 100×60 cases, against a plain-Python baseline.

Usage: ``.venv/bin/python bench/engine.py [--repeats N]``. Prints per-size medians (ms) for
parsing+validating the YAML, building the arrays, ranking under every weight set at once, and the
same totals computed by a plain Python double loop measured in the same run (the baseline); the
ratio engine/baseline is the figure to quote (machines differ, ratios travel).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from appraisal.analysis.scoring import Appraisal, competition_ranks, totals  # noqa: E402
from appraisal.formats.load import load_case_bytes  # noqa: E402
from bench.timing import median_ms  # noqa: E402

LABELS = ["High", "Medium", "Low"]


def synthetic_case(n_options: int, n_criteria: int, n_sets: int = 4, seed: int = 1) -> bytes:
    rng = np.random.default_rng(seed)
    crit = [f"c{j}" for j in range(n_criteria)]
    opts = [f"o{i}" for i in range(n_options)]
    data = {
        "format": "options-appraisal/1",
        "title": f"Synthetic {n_options}×{n_criteria}",
        "criteria": [{"id": c, "name": f"Criterion {c}"} for c in crit],
        "options": [{"id": o, "name": f"Option {o}", **({"status_quo": True} if i == 0 else {})} for i, o in enumerate(opts)],
        "scores": {o: {c: LABELS[int(rng.integers(3))] for c in crit} for o in opts},
        "weight_sets": [
            {"id": f"s{k}", "name": f"Set {k}", "weights": {c: int(rng.integers(1, 6)) for c in crit}} for k in range(n_sets)
        ],
    }
    return yaml.safe_dump(data, sort_keys=False).encode()



def plain_python_totals(case) -> list[list[float]]:  # noqa: ANN001
    scale = case.scale
    return [
        [sum(scale[case.scores[o.id][c.id]] * float(ws.weights[c.id]) for c in case.criteria) for o in case.options]
        for ws in case.weight_sets
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args()
    print(f"{'case':>8} {'load ms':>9} {'arrays ms':>10} {'rank ms':>9} {'baseline ms':>12} {'rank/baseline':>14}")
    for n, m in [(12, 30), (100, 60)]:
        raw = synthetic_case(n, m)
        case = load_case_bytes(raw, "synthetic.yaml")
        appraisal = Appraisal(case)
        load = median_ms(lambda raw=raw: load_case_bytes(raw, "synthetic.yaml"), max(5, args.repeats // 10))
        arrays = median_ms(lambda case=case: Appraisal(case), args.repeats)
        rank = median_ms(lambda a=appraisal: competition_ranks(totals(a.S, a.W)), args.repeats)
        base = median_ms(lambda case=case: plain_python_totals(case), args.repeats)
        check = np.array(plain_python_totals(case))
        assert np.allclose(check, totals(appraisal.S, appraisal.W)), "engine and baseline disagree"
        print(f"{n:>4}×{m:<3} {load:9.2f} {arrays:10.2f} {rank:9.3f} {base:12.3f} {rank / base:14.3f}")


if __name__ == "__main__":
    main()

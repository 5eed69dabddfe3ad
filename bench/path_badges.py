"""Consensus path and robustness badges: exact swap points against a fine grid, SMAA cached against not.

Usage: ``.venv/bin/python bench/path_badges.py [--repeats N]``. Prints medians (ms) and ratios measured
in the same run (machines differ, ratios travel):

- path: ``consensus_path`` (exact swap points) against the naive alternative, ranking a grid of 2,000
  blends with the scoring engine (which would still only locate swaps to 0.05 %), for the shipped
  case and synthetic 12×30 and 50×20 cases;
- badges: ``robustness`` with the seeded 10,000-sample SMAA passed in (what the badge row does, the
  SMAA cached once per case) against running SMAA on every slider move.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from appraisal.analysis.consensus_path import consensus_path  # noqa: E402
from appraisal.analysis.robustness import robustness  # noqa: E402
from appraisal.analysis.scoring import Appraisal, competition_ranks, normalise, totals  # noqa: E402
from appraisal.analysis.smaa import smaa  # noqa: E402
from appraisal.formats.load import load_case  # noqa: E402
from bench.timing import median_ms  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent



def grid_path(S: np.ndarray, a: np.ndarray, b: np.ndarray, points: int = 2000) -> int:
    lams = np.linspace(0.0, 1.0, points + 1)[:, None]
    ranks = competition_ranks(totals(S, (1 - lams) * normalise(a) + lams * normalise(b)))
    return int((ranks[1:] != ranks[:-1]).any(axis=1).sum())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    rng = np.random.default_rng(3)
    a_sample = Appraisal(load_case(ROOT / "data" / "shared_management_review.yaml"))
    cases = {"shipped 4×10": (a_sample.S, a_sample.W[0], a_sample.W[1])}
    for n, m in [(12, 30), (50, 20)]:
        cases[f"synthetic {n}×{m}"] = (rng.integers(1, 4, (n, m)).astype(float), rng.integers(1, 6, m) + 0.5, rng.integers(1, 6, m) + 0.25)
    print("Consensus path: exact swap points vs ranking a 2,000-point grid of blends")
    for name, (S, a, b) in cases.items():
        exact_ms = median_ms(lambda S=S, a=a, b=b: consensus_path(S, a, b), args.repeats)
        grid_ms = median_ms(lambda S=S, a=a, b=b: grid_path(S, a, b), args.repeats)
        swaps = len(consensus_path(S, a, b).swaps)
        print(f"  {name:16s} swaps {swaps:4d}  exact {exact_ms:8.2f} ms  grid {grid_ms:8.2f} ms  exact/grid {exact_ms / grid_ms:5.2f}")

    print("Badge row: robustness figures with SMAA cached once per case vs SMAA on every move")
    result = smaa(a_sample.S, n_samples=10_000, seed=0)
    w = a_sample.W[0]
    cached = median_ms(lambda: robustness(a_sample, w, result), args.repeats)
    fresh = median_ms(lambda: robustness(a_sample, w), args.repeats)
    print(f"  cached {cached:.2f} ms  uncached {fresh:.2f} ms  cached/uncached {cached / fresh:.3f}")


if __name__ == "__main__":
    main()

"""Sensitivity benchmark: SMAA, stability intervals and the minimum-change LP against naive baselines.

Usage: ``.venv/bin/python bench/sensitivity.py [--repeats N]``

Issue 3 goals (absolute, this 2-core machine): SMAA 20,000 samples × 10 options × 20 criteria
≤ 150 ms; all stability intervals ≤ 10 ms; the LP ≤ 50 ms. Each is measured against a baseline
in the same run, so the ratio travels between machines:

- SMAA vs a per-sample loop (one matrix product and one ``competition_ranks`` call per sample);
- stability intervals (closed form) vs a 1,001-point grid search per criterion;
- the LP vs a random search over 20,000 Dirichlet weightings (which only approximates the answer).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from functools import partial  # noqa: E402

from bench.timing import median_ms as _median_ms  # noqa: E402

median_ms = partial(_median_ms, warmup=True)  # every timing here is taken warm

from appraisal.analysis.scoring import competition_ranks, normalise, totals  # noqa: E402
from appraisal.analysis.sensitivity import stability_intervals, weights_at  # noqa: E402
from appraisal.analysis.smaa import smaa  # noqa: E402
from appraisal.analysis.what_it_takes import what_it_takes  # noqa: E402

N_OPTIONS, N_CRITERIA, N_SAMPLES = 10, 20, 20_000



def smaa_baseline(S: np.ndarray, n_samples: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = S.shape[0]
    counts = np.zeros((n, n))
    for _ in range(n_samples):
        w = rng.dirichlet(np.ones(S.shape[1]))
        ranks = competition_ranks(S @ w)
        counts[np.arange(n), ranks - 1] += 1
    return counts / n_samples


def grid_intervals(S: np.ndarray, w_hat: np.ndarray, points: int = 1001) -> list[tuple[float, float]]:
    grid = np.linspace(0, 1, points)
    out = []
    for k in range(S.shape[1]):
        ranks = competition_ranks(totals(S, weights_at(w_hat, k, grid)))
        now = competition_ranks(totals(S, w_hat)) == 1
        same = ((ranks == 1) == now).all(axis=1)
        out.append((float(grid[same].min()) if same.any() else np.nan, float(grid[same].max()) if same.any() else np.nan))
    return out


def lp_baseline(S: np.ndarray, w_hat: np.ndarray, option: int, samples: int = 20_000) -> float:
    W = np.random.default_rng(0).dirichlet(np.ones(S.shape[1]), samples)
    ok = competition_ranks(totals(S, W))[:, option] == 1
    return float(np.abs(W[ok] - w_hat).sum(axis=1).min()) if ok.any() else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    rng = np.random.default_rng(42)
    S = rng.integers(1, 4, (N_OPTIONS, N_CRITERIA)).astype(float)
    w_hat = normalise(rng.integers(1, 6, N_CRITERIA).astype(float))
    option = int(np.argmin(S @ w_hat))  # the hardest case: the last-placed option

    rows = []
    t = median_ms(lambda: smaa(S, N_SAMPLES, seed=0), args.repeats)
    b = median_ms(lambda: smaa_baseline(S, N_SAMPLES), max(1, args.repeats // 5))
    rows.append((f"SMAA {N_SAMPLES:,}×{N_OPTIONS}×{N_CRITERIA}", t, 150.0, b))
    flips = median_ms(lambda: smaa(S, N_SAMPLES, seed=0, rating_flip_p=0.1, scale_values=[3, 2, 1]), max(3, args.repeats // 3))
    rows.append(("SMAA with rating flips p=0.1", flips, float("nan"), b))
    t = median_ms(lambda: stability_intervals(S, w_hat), args.repeats * 5)
    b = median_ms(lambda: grid_intervals(S, w_hat), max(1, args.repeats // 5))
    rows.append((f"stability intervals, all {N_CRITERIA}", t, 10.0, b))
    t = median_ms(lambda: what_it_takes(S, w_hat, option), args.repeats * 2)
    b = median_ms(lambda: lp_baseline(S, w_hat, option), max(3, args.repeats // 3))
    rows.append(("minimum-change LP", t, 50.0, b))

    result = what_it_takes(S, w_hat, option)
    random_best = lp_baseline(S, w_hat, option)
    print(f"{'task':<34} {'ms':>8} {'goal ms':>8} {'within':>7} {'baseline ms':>12} {'ratio':>7}")
    for name, ms, goal, base in rows:
        within = "–" if np.isnan(goal) else ("yes" if ms <= goal else "NO")
        print(f"{name:<34} {ms:8.2f} {goal:8.0f} {within:>7} {base:12.2f} {ms / base:7.3f}")
    print(f"\nLP distance {result.distance:.4f} vs best of 20,000 random weightings {random_best:.4f} "
          "(the LP must be no larger)")


if __name__ == "__main__":
    main()

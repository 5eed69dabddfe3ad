"""SMAA kernel against a bare vectorised numpy SMAA, side by side in one run, quiet and under load.

Usage: ``.venv/bin/python bench/smaa_kernel.py [--repeats N] [--no-load] [--cli]``

The bare kernel is the floor: exponential draws normalised, one matrix product, one argsort per
sample, one bincount (rank acceptability only: no ties, no central weights, no chunking).
``appraisal.analysis.smaa.smaa`` does all of that plus competition ranks for tied rows, central
weights, confidence factors and bounded memory. Issue 19's goal: ≤ 1.5× the bare kernel at 20,000 and
200,000 samples (10 options × 20 criteria), quiet and with a competing load on the machine.

The two are timed in alternation (A B A B …) and the ratio is taken pair by pair, so drift in the
machine's speed cancels. ``--cli`` adds the marginal cost of 20,000 samples through
``python -m appraisal smaa`` (20,001 samples minus 1) against the same marginal cost in a bare script.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from appraisal.analysis.smaa import smaa  # noqa: E402

N_OPTIONS, N_CRITERIA = 10, 20


def bare_smaa(S: np.ndarray, n_samples: int, seed: int = 0) -> np.ndarray:
    """Rank acceptability the shortest way numpy allows (the floor to compare against)."""
    rng = np.random.default_rng(seed)
    n, m = S.shape
    draws = rng.standard_exponential((n_samples, m))
    w = draws / draws.sum(axis=1, keepdims=True)
    order = np.argsort(-(w @ S.T), axis=1)
    counts = np.bincount((order * n + np.arange(n)).ravel(), minlength=n * n)
    return counts.reshape(n, n) / n_samples


def paired(a, b, repeats: int) -> tuple[float, float, float]:  # noqa: ANN001
    """Median ms of a and b, and the median of the pair-by-pair ratios a/b (one warm-up each)."""
    a(), b()
    ta, tb, ratios = [], [], []
    for i in range(repeats):
        first, second = (a, b) if i % 2 == 0 else (b, a)
        t0 = time.perf_counter()
        first()
        t1 = time.perf_counter()
        second()
        t2 = time.perf_counter()
        x, y = (t1 - t0, t2 - t1) if i % 2 == 0 else (t2 - t1, t1 - t0)
        ta.append(x * 1000)
        tb.append(y * 1000)
        ratios.append(x / y)
    return statistics.median(ta), statistics.median(tb), statistics.median(ratios)


def _burn(stop: mp.Event) -> None:  # type: ignore[valid-type]
    """A competing load: a numpy workload of its own (BLAS and memory traffic), until told to stop."""
    rng = np.random.default_rng(1)
    a = rng.random((300, 300))
    while not stop.is_set():
        a = np.tanh(a @ a.T / 300.0)


def cli_marginal(repeats: int) -> tuple[float, float, float]:
    case = ROOT / "data" / "shared_management_review.yaml"
    py = sys.executable

    def run(args: list[str]) -> float:
        t0 = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, cwd=ROOT)
        return (time.perf_counter() - t0) * 1000

    app = [py, "-m", "appraisal", "smaa", str(case), "--json", "--samples"]
    bare = [py, "-c", "import sys, numpy as np; sys.path.insert(0, 'bench'); from smaa_kernel import bare_smaa;"
            "bare_smaa(np.random.default_rng(1).integers(1, 4, (4, 10)).astype(float), int(sys.argv[1]))"]
    ta, tb = [], []
    for _ in range(repeats):
        ta.append(run([*app, "20001"]) - run([*app, "1"]))
        tb.append(run([*bare, "20001"]) - run([*bare, "1"]))
    a, b = statistics.median(ta), statistics.median(tb)
    return a, b, a / b


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--no-load", action="store_true", help="skip the run with a competing load")
    parser.add_argument("--cli", action="store_true", help="also time the command line's marginal cost")
    args = parser.parse_args()
    S = np.random.default_rng(7).integers(1, 4, (N_OPTIONS, N_CRITERIA)).astype(float)
    loads = [False] if args.no_load else [False, True]
    print(f"SMAA {N_OPTIONS} options × {N_CRITERIA} criteria; median of {args.repeats} alternating pairs")
    print(f"{'samples':>8}  {'load':>5}  {'smaa ms':>8}  {'bare ms':>8}  ratio (goal ≤ 1.5)")
    for loaded in loads:
        stop = mp.Event()
        burner = mp.Process(target=_burn, args=(stop,), daemon=True) if loaded else None
        if burner:
            burner.start()
            time.sleep(0.5)
        try:
            for n_samples in (20_000, 200_000):
                repeats = args.repeats if n_samples == 20_000 else max(5, args.repeats // 3)
                a, b, r = paired(lambda n=n_samples: smaa(S, n, 0), lambda n=n_samples: bare_smaa(S, n, 0), repeats)
                print(f"{n_samples:>8,}  {'yes' if loaded else 'no':>5}  {a:8.1f}  {b:8.1f}  {r:.2f}×")
        finally:
            if burner:
                stop.set()
                burner.join(5)
    if args.cli:
        a, b, r = cli_marginal(max(3, args.repeats // 3))
        print(f"CLI marginal cost of 20,000 samples: {a:.1f} ms vs bare {b:.1f} ms, {r:.2f}×")


if __name__ == "__main__":
    main()

"""The one timer the benchmarks share: the median of several runs, in milliseconds."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(fn: Callable[[], object], repeats: int, warmup: bool = False) -> float:
    """Median wall time of ``fn`` over ``repeats`` runs; ``warmup`` runs it once first, untimed
    (imports and caches are then not what is measured)."""
    if warmup:
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times)

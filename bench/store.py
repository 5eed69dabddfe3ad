"""Store benchmark: a room of participants submitting at once, against one participant alone.

Usage: ``.venv/bin/python bench/store.py [--participants 30] [--pg URL]``. For each backend (a temp
SQLite file; PostgreSQL too with ``--pg`` or ``APPRAISAL_TEST_PG_URL``) it measures, in the same run:

* the baseline: one participant submitting ``participants`` times in a row (median ms per submit);
* the room: ``participants`` threads submitting at the same instant (wall time until all are stored,
  and the slowest single submit);
* one projector refresh: reading every submission and aggregating (median ms).

The ratios room/baseline are the figures to quote (machines differ, ratios travel). Every run also
checks that exactly ``participants`` submissions were stored.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from appraisal.analysis.workshop import aggregate
from appraisal.formats.load import load_case
from appraisal.formats.mapping import case_to_mapping
from appraisal.store.keys import new_participant_token
from appraisal.store.repository import Store

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "shared_management_review.yaml"


def run(url: str, participants: int) -> dict[str, float]:
    store = Store(url)
    case = case_to_mapping(load_case(SAMPLE))
    new = store.create_workshop("bench", case)
    code, criteria, councils = new.workshop.code, new.workshop.criterion_ids, new.workshop.councils
    weights = {c: float(1 + k % 5) for k, c in enumerate(criteria)}

    # Baseline: one participant revising, one submit at a time.
    token = new_participant_token()
    serial = []
    for _ in range(participants):
        t = time.perf_counter()
        store.submit(code, token, "breckland", "Alone", weights)
        serial.append((time.perf_counter() - t) * 1000)

    # The room: everyone at once.
    barrier = threading.Barrier(participants)
    each: list[float] = []

    def one(i: int) -> None:
        tok = new_participant_token()
        barrier.wait()
        t = time.perf_counter()
        store.submit(code, tok, ["breckland", "south_holland"][i % 2], f"Member {i}", weights)
        each.append((time.perf_counter() - t) * 1000)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(participants) as pool:
        list(pool.map(one, range(participants)))
    room_ms = (time.perf_counter() - t0) * 1000
    stored = store.count(code)
    assert stored == participants + 1, f"expected {participants + 1} submissions, found {stored}"

    refresh = []
    for _ in range(20):
        t = time.perf_counter()
        aggregate(store.submissions(code), criteria, councils)
        refresh.append((time.perf_counter() - t) * 1000)
    store.delete_workshop(code, new.facilitator_key)
    store.dispose()
    base = statistics.median(serial)
    return {"baseline_ms": base, "room_wall_ms": room_ms, "slowest_ms": max(each), "refresh_ms": statistics.median(refresh),
            "room_per_submit_ratio": room_ms / participants / base, "slowest_ratio": max(each) / base}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--pg", default=os.environ.get("APPRAISAL_TEST_PG_URL"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        backends = {"SQLite (WAL)": f"sqlite:///{tmp}/bench.sqlite3"}
        if args.pg:
            backends["PostgreSQL"] = args.pg
        print(f"{args.participants} participants submitting at once, against one submitting alone")
        for name, url in backends.items():
            r = run(url, args.participants)
            print(f"{name:14} one submit {r['baseline_ms']:.1f} ms | all {args.participants} at once {r['room_wall_ms']:.0f} ms "
                  f"(per submit ×{r['room_per_submit_ratio']:.2f} of the baseline; slowest ×{r['slowest_ratio']:.1f}) | "
                  f"projector refresh {r['refresh_ms']:.1f} ms | all stored")


if __name__ == "__main__":
    main()

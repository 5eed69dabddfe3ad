"""Process workers for the case-library and migration tests, in a light module so spawned processes start
fast; ``python -m tests.appraisal.store.library_workers writer URL CASE_ID`` is the crash test's child."""

from __future__ import annotations

import sys
from typing import Any

from appraisal.case.changes import Actor, AddWeightSet, RemoveWeightSet, ReplaceCase, make_weight_set
from appraisal.store.errors import StoreError
from appraisal.store.library import CaseLibrary
from appraisal.store.migrations import current
from appraisal.store.repository import Store


def start(url: str, barrier: Any, results: Any) -> None:
    """Open the store once every process is ready (the migrations race), and say which revision it is at."""
    barrier.wait(60)
    try:
        s = Store(url)
        s.ensure_schema()
        with s.engine.connect() as conn:
            results.put(("ok", current(conn)))
        s.dispose()
    except Exception as exc:  # reported to the parent, which fails the test with it
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def change_at_once(url: str, case_id: str, kind: str, name: str, barrier: Any, results: Any) -> None:
    """Read the head, wait for the others, then apply one change made on that head."""
    lib = CaseLibrary(Store(url))
    base = lib.head(case_id)
    case = lib.get(case_id, base).case
    if kind == "add":
        change: Any = AddWeightSet("save-as", weight_set=make_weight_set(case, f"Set of {name}",
                                                                        dict.fromkeys(case.criterion_ids, 1.0), method="manual"))
    else:
        change = ReplaceCase("case-data", case=case.model_copy(update={"title": f"Edited by {name}"}))
    barrier.wait(60)
    try:
        v = lib.apply(case_id, change, base, Actor(name))
        results.put(("ok", name, v.version, v.base_version))
    except StoreError as exc:
        results.put(("error", name, type(exc).__name__, str(exc)))
    lib.store.dispose()


def seed_at_once(url: str, shipped: dict[str, Any], barrier: Any, results: Any) -> None:
    lib = CaseLibrary(Store(url))
    lib.store.ensure_schema()
    barrier.wait(60)
    results.put(lib.seed(shipped))
    lib.store.dispose()


def writer(url: str, case_id: str) -> None:
    """Save versions forever (adding and removing a weight set in turn), printing each version number
    after it has committed: the crash test kills this process at random moments."""
    lib = CaseLibrary(Store(url))
    actor = Actor("Crash writer", "writer@example.gov.uk", verified=True)
    print("ready", flush=True)
    while True:
        head = lib.get(case_id)
        extra = [ws for ws in head.case.weight_sets if ws.id.startswith("crash_")]
        if extra:
            change: Any = RemoveWeightSet("remove", set_id=extra[0].id, name=extra[0].name)
        else:
            ws = make_weight_set(head.case, f"Crash {head.version}",
                                 {c: float(1 + (head.version + k) % 7) for k, c in enumerate(head.case.criterion_ids)},
                                 method="manual")
            change = AddWeightSet("save-as", weight_set=ws.model_copy(update={"id": f"crash_{head.version}"}))
        v = lib.apply(case_id, change, head.version, actor, reason="x" * 3_000)
        print(v.version, flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "writer":
        writer(sys.argv[2], sys.argv[3])

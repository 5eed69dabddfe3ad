"""Process workers for tests/appraisal/store/test_repository.py, in a light module so spawned processes start fast
(importing the test module would pull in pytest and hypothesis in every child)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from appraisal.store import repository as store_mod
from appraisal.store.keys import token_hash
from appraisal.store.repository import Store
from appraisal.store.schema import SubmissionRow


def weights_for(criteria: list[str], seed: int) -> dict[str, float]:
    """Deterministic 1–10 weights per criterion (the same in parent and child)."""
    return {c: float(1 + (seed * 7 + k * 3) % 10) for k, c in enumerate(criteria)}


def submit_many(url: str, code: str, jobs: list[tuple[str, str, str, dict]], barrier: Any, results: Any) -> None:
    """Submit several participants from one process, one thread each, once every process is ready."""
    s = Store(url)
    s.ensure_schema()
    barrier.wait(60)  # line the processes up so the writes really collide

    def one(job: tuple[str, str, str, dict]) -> str:
        token, council, name, weights = job
        s.submit(code, token, council, name, weights)
        return token

    with ThreadPoolExecutor(len(jobs)) as pool:
        results.put(list(pool.map(one, jobs)))
    s.dispose()


def writer_until_killed(url: str, code: str, criteria: list[str], conn: Any) -> None:
    """Save submissions and big snapshots forever, reporting each one after it has committed."""
    s = Store(url)
    i = 0
    big_sets = [{"id": f"set_{k}", "name": f"Set {k}", "weights": dict.fromkeys(criteria, k + 1)} for k in range(60)]
    while True:
        token = s.issue_participant(code)
        s.submit(code, token, "breckland", f"Writer {i}", weights_for(criteria, i))
        conn.send(("submission", token_hash(token)))  # the store keeps only the hash
        s.save_snapshot("case:kill", f"Snapshot {i}", "Writer", big_sets, note="x" * 9_000)
        conn.send(("snapshot", i))
        i += 1


def hold_open_transaction(url: str, code: str, criteria: list[str], conn: Any) -> None:
    """Write inside a transaction, say so, and never commit (the parent kills us mid-save)."""
    s = Store(url)
    with s._session(write=True) as session:
        ws = s._find(session, code)
        now = store_mod.now()
        session.add(SubmissionRow(workshop_id=ws.id, participant_token="never-committed", council="breckland",
                                  display_name="Half-saved", weights=dict.fromkeys(criteria, 1.0), method="points",
                                  inputs={}, submitted_at=now, revised_at=now, revision=1))
        session.flush()
        conn.send("inside")
        time.sleep(120)

"""The store: concurrent submissions, crash safety, revisions, closing, facilitator keys, snapshots.

Every test runs against a fresh SQLite file and, when ``APPRAISAL_TEST_PG_URL`` points at a
reachable PostgreSQL server (``.ci/run`` sets one up), against PostgreSQL too — each test in its own
schema, dropped afterwards.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.engine import make_url

from appraisal.analysis.workshop import JOINT, JOINT_COUNCILS, Submission, aggregate
from appraisal.case.model import WeightSet
from appraisal.formats.mapping import case_from_mapping, case_to_mapping
from appraisal.store import config as store_config
from appraisal.store import errors as store_errors
from appraisal.store import repository as store_mod
from appraisal.store.config import resolve_url
from appraisal.store.errors import InvalidInput, NotAuthorised, StoreUnavailable, WorkshopClosed, WorkshopNotFound
from appraisal.store.keys import token_hash
from appraisal.store.repository import Store, open_store
from tests import store_workers
from tests.postgres import unavailable_reason
from tests.relay import Relay

N_PARTICIPANTS = 30


def _context() -> mp.context.BaseContext:
    """Fresh processes (no inherited connections or threads), started from a fork server that has
    already imported the workers: one import for all of them instead of one each."""
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.store_workers"])
    return ctx


PG_SKIP = unavailable_reason()


@pytest.fixture
def url(any_url: str) -> str:
    """A fresh, empty store URL on each kind of database (``any_url`` in conftest.py)."""
    return any_url


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    s = Store(url)
    yield s
    s.dispose()


@pytest.fixture
def case_data(sample_case) -> dict:
    return case_to_mapping(sample_case)


_weights = store_workers.weights_for


# Configuration. ---------------------------------------------------------------------------------
def test_sqlite_file_created_on_first_use_without_setup(tmp_path) -> None:
    path = tmp_path / "new" / "dir" / "store.sqlite3"
    s = Store(f"sqlite:///{path}")
    assert s.list_snapshots("anything") == []
    assert path.exists()
    with s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000
    s.dispose()


def test_url_precedence_env_then_secret_then_default(monkeypatch) -> None:
    monkeypatch.delenv(store_config.ENV_VAR, raising=False)
    assert resolve_url() == f"sqlite:///{store_config.DEFAULT_PATH}"
    assert resolve_url("postgresql+psycopg://u:p@db/x") == "postgresql+psycopg://u:p@db/x"
    monkeypatch.setenv(store_config.ENV_VAR, "sqlite:///elsewhere.sqlite3")
    assert resolve_url("postgresql+psycopg://u:p@db/x") == "sqlite:///elsewhere.sqlite3"
    assert store_config.DEFAULT_PATH.parent.name == "var"


def test_open_store_is_one_per_url(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'one.sqlite3'}"
    assert open_store(url) is open_store(url)


def test_unreachable_database_gives_a_plain_message() -> None:
    with socket.socket() as sock:  # a port with nobody listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    s = Store(f"postgresql+psycopg://nobody:secret@127.0.0.1:{port}/nowhere")
    with pytest.raises(StoreUnavailable) as info:
        s.list_snapshots("x")
    message = str(info.value)
    assert "cannot be reached" in message and "PostgreSQL" in message
    assert "secret" not in message and "Traceback" not in message
    with pytest.raises(StoreUnavailable):
        s.get_workshop("ABCDEF")


# Concurrency: 30 participants at once. -----------------------------------------------------------
def test_thirty_participants_on_threads_all_stored_once(store: Store, case_data: dict) -> None:
    ws = store.create_workshop("data:sample", case_data).workshop
    criteria = ws.criterion_ids
    jobs = [(store.issue_participant(ws.code), ["breckland", "south_holland"][i % 2], f"Member {i}", _weights(criteria, i))
            for i in range(N_PARTICIPANTS)]
    barrier = threading.Barrier(N_PARTICIPANTS)

    def one(job):
        token, council, name, weights = job
        barrier.wait()
        return store.submit(ws.code, token, council, name, weights)

    with ThreadPoolExecutor(N_PARTICIPANTS) as pool:
        results = list(pool.map(one, jobs))
    assert len(results) == N_PARTICIPANTS
    stored = store.submissions(ws.code, facilitator_key=None)
    assert len(stored) == store.count(ws.code) == N_PARTICIPANTS
    assert sorted(s.display_name for s in stored) == sorted(f"Participant {i}" for i in range(1, 31))
    by_weights = sorted(tuple(sorted(s.weights.items())) for s in stored)
    assert by_weights == sorted(tuple(sorted(j[3].items())) for j in jobs)


def test_thirty_participants_across_processes_and_threads(url: str, case_data: dict) -> None:
    """5 processes × 6 threads writing at the same instant: every submission stored exactly once."""
    store = Store(url)
    new = store.create_workshop("data:sample", case_data)
    code, criteria = new.workshop.code, new.workshop.criterion_ids
    jobs = [(store.issue_participant(code), ["breckland", "south_holland"][i % 2], f"Member {i}",
             _weights(criteria, i)) for i in range(N_PARTICIPANTS)]
    n_proc = 5
    chunks = [jobs[k::n_proc] for k in range(n_proc)]
    ctx = _context()
    barrier, results = ctx.Barrier(n_proc), ctx.Queue()
    procs = [ctx.Process(target=store_workers.submit_many, args=(url, code, chunk, barrier, results)) for chunk in chunks]
    for p in procs:
        p.start()
    done = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    assert sorted(t for part in done for t in part) == sorted(j[0] for j in jobs)
    stored = store.submissions(code, new.facilitator_key)
    assert len(stored) == N_PARTICIPANTS
    # Only the hash of each (server-issued) token is stored.
    assert sorted(s.participant_token for s in stored) == sorted(token_hash(j[0]) for j in jobs)
    expected = {token_hash(j[0]): j[3] for j in jobs}
    assert all(s.weights == expected[s.participant_token] for s in stored)
    assert all(s.revision == 1 for s in stored)
    store.dispose()


# Crash safety. ---------------------------------------------------------------------------------
def test_writer_killed_mid_transaction_leaves_store_intact(url: str, case_data: dict) -> None:
    store = Store(url)
    new = store.create_workshop("data:sample", case_data)
    code, criteria = new.workshop.code, new.workshop.criterion_ids
    saved = [store.submit(code, store.issue_participant(code), "breckland", f"Before {i}", _weights(criteria, i)) for i in range(5)]
    ctx = _context()
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=store_workers.hold_open_transaction, args=(url, code, criteria, child))
    proc.start()
    assert parent.poll(60), "the writer never reached its transaction"
    assert parent.recv() == "inside"
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(10)
    assert proc.exitcode == -signal.SIGKILL
    # Readable, the half-saved row is gone, everything before is intact, and writing works again.
    stored = store.submissions(code, new.facilitator_key)
    assert [s.participant_token for s in stored] == [s.participant_token for s in saved]
    assert [s.weights for s in stored] == [s.weights for s in saved]
    store.submit(code, store.issue_participant(code), "south_holland", "After", _weights(criteria, 99))
    assert store.count(code) == 6
    store.dispose()


def test_writer_killed_at_a_random_moment_loses_nothing_committed(url: str, case_data: dict) -> None:
    store = Store(url)
    new = store.create_workshop("data:sample", case_data)
    code, criteria = new.workshop.code, new.workshop.criterion_ids
    ctx = _context()
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=store_workers.writer_until_killed, args=(url, code, criteria, child))
    proc.start()
    committed: list[str] = []
    snapshots = 0
    deadline = time.time() + 90
    while len(committed) < 12 and time.time() < deadline:
        if parent.poll(1):
            kind, value = parent.recv()
            if kind == "submission":
                committed.append(value)
            else:
                snapshots += 1
    os.kill(proc.pid, signal.SIGKILL)  # lands wherever the writer is: often inside a snapshot write
    proc.join(10)
    while parent.poll(0):  # anything reported before the kill was committed
        kind, value = parent.recv()
        if kind == "submission":
            committed.append(value)
        else:
            snapshots += 1
    assert len(committed) >= 12
    tokens = {s.participant_token for s in store.submissions(code, new.facilitator_key)}
    assert set(committed) <= tokens
    assert len(tokens) - len(committed) <= 1  # at most the one committed but not yet reported
    shots = store.list_snapshots("case:kill")
    assert len(shots) >= snapshots
    last = store.get_snapshot(shots[0].id)
    assert len(last.weight_sets) == 60 and last.note == "x" * 9_000
    if store.is_sqlite:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    store.dispose()


# Revisions, closing, keys. ---------------------------------------------------------------------
def test_revision_replaces_the_earlier_submission(store: Store, case_data: dict) -> None:
    new = store.create_workshop("data:sample", case_data, method="ranking")
    code, criteria = new.workshop.code, new.workshop.criterion_ids
    token = store.issue_participant(code)
    first = store.submit(code, token, "breckland", "Cllr A", _weights(criteria, 1), inputs={"order": criteria})
    assert first.method == "ranking"
    second = store.submit(code, token, "south_holland", "Cllr A (revised)", _weights(criteria, 2), method="points",
                          inputs={"points": 100})
    assert store.count(code) == 1
    mine = store.submission(code, token)
    assert mine is not None
    assert mine.weights == _weights(criteria, 2) and mine.council == "south_holland"
    assert mine.display_name == "Cllr A (revised)" and mine.method == "points" and mine.inputs == {"points": 100}
    assert mine.revision == 2 == second.revision
    assert mine.submitted_at == first.submitted_at and mine.revised_at >= first.revised_at
    assert store.submission(code, "someone-else-123") is None


def test_closed_workshop_rejects_with_a_clear_message(store: Store, case_data: dict) -> None:
    new = store.create_workshop("data:sample", case_data)
    code, criteria = new.workshop.code, new.workshop.criterion_ids
    token = store.issue_participant(code)
    store.submit(code, token, "breckland", "Early", _weights(criteria, 1))
    closed = store.close_workshop(code, new.facilitator_key)
    assert not closed.is_open and closed.closed_at is not None
    for who in (token, store.issue_participant(code)):  # neither a revision nor a newcomer gets in
        with pytest.raises(WorkshopClosed, match=rf"Submissions to workshop {code} are closed, so this was not saved"):
            store.submit(code, who, "breckland", "Late", _weights(criteria, 5))
    assert store.count(code) == 1
    assert store.submission(code, token).weights == _weights(criteria, 1)
    store.reopen_workshop(code, new.facilitator_key)
    store.submit(code, token, "breckland", "Early", _weights(criteria, 3))
    assert store.submission(code, token).revision == 2


def test_facilitator_actions_need_the_key(store: Store, case_data: dict) -> None:
    new = store.create_workshop("data:sample", case_data)
    code, criteria = new.workshop.code, new.workshop.criterion_ids
    store.submit(code, store.issue_participant(code), "breckland", "Cllr <b>Named</b>", _weights(criteria, 1))
    for bad in ("", "WRONG-WRONG-WRONG", new.facilitator_key[:-1] + "Z" if not new.facilitator_key.endswith("Z") else "A"):
        with pytest.raises(NotAuthorised, match="not the facilitator key"):
            store.close_workshop(code, bad)
        with pytest.raises(NotAuthorised):
            store.delete_workshop(code, bad)
        with pytest.raises(NotAuthorised):
            store.adopt(code, bad, JOINT, "mean", case_from_mapping(case_data, "case"), "Joint workshop")
        with pytest.raises(NotAuthorised):
            store.submissions(code, facilitator_key=bad)  # reveal names
        with pytest.raises(NotAuthorised):
            store.reopen_workshop(code, bad)
        assert not store.check_key(code, bad)
    # Nothing changed; names hidden without the key, shown literally with it (any case, spaces).
    assert store.get_workshop(code).is_open and store.count(code) == 1
    assert store.submissions(code)[0].display_name == "Participant 1"
    assert store.submissions(code)[0].participant_token.startswith("hidden-")
    typed = " " + new.facilitator_key.lower().replace("-", " ") + " "
    assert store.submissions(code, facilitator_key=typed)[0].display_name == "Cllr <b>Named</b>"
    store.delete_workshop(code, new.facilitator_key)
    with pytest.raises(WorkshopNotFound, match="no workshop with the code"):
        store.get_workshop(code)


def test_facilitator_key_is_never_stored(store: Store, case_data: dict) -> None:
    new = store.create_workshop("data:sample", case_data)
    key = new.facilitator_key
    with store.engine.connect() as conn:
        row = conn.execute(text("SELECT key_hash FROM oas_workshops")).one()
    material = key.replace("-", "")
    assert material not in row.key_hash and key not in row.key_hash
    assert row.key_hash.startswith("pbkdf2_sha256$")


def test_bad_submissions_refused_with_reasons(store: Store, case_data: dict) -> None:
    new = store.create_workshop("data:sample", case_data)
    code, criteria = new.workshop.code, new.workshop.criterion_ids
    token = store.issue_participant(code)
    cases = [
        ({**dict.fromkeys(criteria, 1), "nonsense": 2}, "breckland", "Name", "not criteria"),
        ({**dict.fromkeys(criteria, 1), criteria[0]: -1}, "breckland", "Name", "zero or more"),
        ({**dict.fromkeys(criteria, 1), criteria[0]: float("nan")}, "breckland", "Name", "zero or more"),
        (dict.fromkeys(criteria, 0), "breckland", "Name", "Every weight is zero"),
        (dict.fromkeys(criteria, 1), "atlantis", "Name", "choose your council"),
        (dict.fromkeys(criteria, 1), "breckland", "   ", "display name"),
    ]
    for weights, council, name, message in cases:
        with pytest.raises(InvalidInput, match=message):
            store.submit(code, token, council, name, weights)
    with pytest.raises(InvalidInput, match="participant token"):
        store.submit(code, "x", "breckland", "Name", dict.fromkeys(criteria, 1))
    with pytest.raises(WorkshopNotFound):
        store.submit("ZZZZZZ", token, "breckland", "Name", dict.fromkeys(criteria, 1))
    with pytest.raises(InvalidInput, match="Unknown method"):
        store.create_workshop("data:sample", case_data, method="astrology")
    assert store.count(code) == 0


def test_code_is_case_insensitive_and_short(store: Store, case_data: dict) -> None:
    new = store.create_workshop("data:sample", case_data)
    ws = new.workshop
    assert len(ws.code) == 6 and ws.code.isupper()
    assert store.get_workshop(f" {ws.code.lower()} ").code == ws.code
    # Issue 17: the case's codes are listed to the holder of a facilitator key only.
    assert store.workshops_for_case("data:sample", {ws.code.lower(): new.facilitator_key})[0].code == ws.code


# Aggregation and adoption. -----------------------------------------------------------------------
def _sub(council: str, weights: dict[str, float]) -> Submission:
    t = store_mod.now()
    return Submission("t" * 10, council, "x", weights, "points", {}, t, t, 1)


def test_aggregate_known_values() -> None:
    crit = ["a", "b"]
    subs = [_sub("n", {"a": 3, "b": 1}), _sub("n", {"a": 1, "b": 1}), _sub("n", {"a": 50, "b": 50}),
            _sub("s", {"a": 0, "b": 10})]
    agg = aggregate(subs, crit, {"n": "North", "s": "South", "e": "East"})
    assert list(agg) == ["n", "s", "e", JOINT, JOINT_COUNCILS]
    assert agg["n"].n == 3 and agg["n"].label == "North"
    assert agg["n"].mean == pytest.approx({"a": (0.75 + 0.5 + 0.5) / 3, "b": (0.25 + 0.5 + 0.5) / 3})
    assert agg["n"].median == pytest.approx({"a": 0.5, "b": 0.5})
    assert agg["s"].mean == pytest.approx({"a": 0.0, "b": 1.0})
    assert agg["e"].n == 0
    assert agg[JOINT].n == 4
    assert agg[JOINT].mean == pytest.approx({"a": 1.75 / 4, "b": 2.25 / 4})
    assert agg[JOINT].median == pytest.approx({"a": 0.5, "b": 0.5})
    # Each council once: North's mean (0.583, 0.417) and South's (0, 1) averaged.
    both = agg[JOINT_COUNCILS]
    assert both.n == 4 and both.label == "Joint (each council equally)"
    assert both.mean == pytest.approx({"a": (1.75 / 3) / 2, "b": (1.25 / 3 + 1) / 2})
    assert both.median == pytest.approx({"a": 0.25, "b": 0.75})
    assert JOINT_COUNCILS not in aggregate(subs[:3], crit, {"n": "North", "s": "South"})  # one council only


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 100), min_size=3, max_size=3).filter(lambda w: sum(w) > 0), min_size=1, max_size=12))
def test_aggregates_are_weight_sets_within_the_participants_range(rows: list[list[int]]) -> None:
    crit = ["a", "b", "c"]
    subs = [_sub("n" if i % 2 else "s", dict(zip(crit, r))) for i, r in enumerate(rows)]
    agg = aggregate(subs, crit, {"n": "North", "s": "South"})
    norm = np.array([np.array(r) / sum(r) for r in rows])
    for g in agg.values():
        if g.n == 0:
            continue
        assert sum(g.mean.values()) == pytest.approx(1.0)
        assert sum(g.median.values()) == pytest.approx(1.0)
    joint = np.array([agg[JOINT].mean[c] for c in crit])
    assert np.all(joint >= norm.min(axis=0) - 1e-12) and np.all(joint <= norm.max(axis=0) + 1e-12)


def test_adopt_gives_a_valid_weight_set_with_provenance(store: Store, case_data: dict) -> None:
    new = store.create_workshop("data:sample", case_data)
    code, criteria = new.workshop.code, new.workshop.criterion_ids
    for i in range(4):
        store.submit(code, store.issue_participant(code), ["breckland", "south_holland"][i % 2], f"M{i}", _weights(criteria, i))
    case = case_from_mapping(case_data, "case")
    ws = store.adopt(code, new.facilitator_key, "breckland", "median", case, "Breckland — workshop", by="Facilitator")
    assert ws.id == "breckland_workshop" and ws.council == "breckland"
    assert ws.provenance is not None and ws.provenance.method == "workshop" and ws.provenance.variant == "median"
    assert ws.provenance.inputs["participants"] == 2 and ws.provenance.inputs["workshop"] == code
    assert ws.provenance.by == "Facilitator"
    assert sum(ws.weights.values()) == pytest.approx(100.0, abs=1e-2)
    assert store.get_workshop(code).adopted[0]["set_id"] == "breckland_workshop"
    # The audit entry is the case version the caller writes through the case library (tests/views/test_workshop.py).
    assert not [e for e in store.audit_trail("data:sample") if e.action == "adopt"]
    taken = case.weight_sets[0].name
    with pytest.raises(InvalidInput, match="already called"):  # refused before the workshop logs anything
        store.adopt(code, new.facilitator_key, JOINT, "mean", case, taken)
    assert len(store.get_workshop(code).adopted) == 1
    store.close_workshop(code, new.facilitator_key)  # adopting after closing is the normal order
    assert store.adopt(code, new.facilitator_key, JOINT, "mean", case, "Joint").weights
    equal = store.adopt(code, new.facilitator_key, JOINT_COUNCILS, "mean", case, "Joint, equal")
    assert equal.council is None and equal.provenance.inputs["group"] == JOINT_COUNCILS


# Snapshots and the audit trail. ----------------------------------------------------------------
def test_snapshots_keep_sets_with_provenance_and_log_changes(store: Store, case_data: dict) -> None:
    sets = case_data["weight_sets"]
    sets[0]["provenance"] = {"method": "ranking", "variant": "roc", "inputs": {"order": ["finance"]}, "by": "Cabinet",
                             "date": "2026-06-14"}
    first = store.save_snapshot("data:sample", "Before the meeting", "Officer <i>A</i>", sets, note="As circulated")
    assert first.n_sets == len(sets)
    assert store.audit_trail("data:sample")  # the first snapshot records every weight as set
    changed = [dict(ws, weights=dict(ws["weights"])) for ws in sets]
    changed[1]["weights"]["finance"] = 9
    second = store.save_snapshot("data:sample", "After", "Officer B", changed)
    listed = store.list_snapshots("data:sample")
    assert [s.id for s in listed] == [second.id, first.id]
    assert listed[1].author == "Officer <i>A</i>" and listed[1].note == "As circulated"
    got = store.get_snapshot(first.id)
    assert got.weight_sets == sets
    assert WeightSet.model_validate(got.weight_sets[0]).provenance.method == "ranking"
    latest = [e for e in store.audit_trail("data:sample") if e.reference == "snapshot “After”"]
    assert len(latest) == 1
    e = latest[0]
    assert (e.author, e.weight_set_id, e.criterion_id, e.old_value, e.new_value) == (
        "Officer B", sets[1]["id"], "finance", float(sets[1]["weights"]["finance"]), 9.0)
    assert store.record_changes("data:sample", "Officer C", "restore", changed, sets, "snapshot 1") == 1
    assert store.audit_trail("data:sample")[0].action == "restore"
    assert store.list_snapshots("another case") == []
    with pytest.raises(store_errors.SnapshotNotFound):
        store.get_snapshot(10_000)
    with pytest.raises(InvalidInput):
        store.save_snapshot("data:sample", "", "Officer", sets)


def test_workshop_keeps_the_case_exactly_with_its_rating_scale_order(store: Store, case_data: dict) -> None:
    """The phones rebuild the case from the store, so label order (best first) must survive."""
    case_data["rating_scale"] = {"High": 3, "Medium": 2, "Low": 1}
    ws = store.create_workshop("data:sample", case_data).workshop
    again = Store(store.url).get_workshop(ws.code)
    assert list(again.case_data["rating_scale"]) == ["High", "Medium", "Low"]
    assert again.case_data == json.loads(json.dumps(case_data))


@pytest.mark.postgres
@pytest.mark.parametrize("any_url", ["postgresql"], indirect=True)  # an outage needs a database server
def test_database_outage_gives_store_unavailable_then_recovers(url: str, case_data: dict) -> None:
    u = make_url(url)
    proxy = Relay(u.host or "127.0.0.1", u.port or 5432)
    store = Store(u.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False))
    try:
        new = store.create_workshop("data:sample", case_data)
        code, criteria = new.workshop.code, new.workshop.criterion_ids
        before = [store.submit(code, store.issue_participant(code), "breckland", f"B{i}", _weights(criteria, i)) for i in range(3)]
        during, after = store.issue_participant(code), store.issue_participant(code)
        proxy.cut()
        with pytest.raises(StoreUnavailable, match=r"cannot be reached|was lost"):
            store.submit(code, during, "breckland", "During", _weights(criteria, 9))
        with pytest.raises(StoreUnavailable):
            store.submissions(code)
        proxy.restore()
        store.submit(code, after, "south_holland", "After", _weights(criteria, 10))
        stored = store.submissions(code, new.facilitator_key)
        assert [s.participant_token for s in stored] == [b.participant_token for b in before] + [token_hash(after)]
    finally:
        store.dispose()
        proxy.close()


def test_double_taps_from_one_device_store_one_submission(store: Store, case_data: dict) -> None:
    """Ten simultaneous submits with the same token (a double tap, a flaky network retry): one row."""
    new = store.create_workshop("data:sample", case_data)
    code, criteria = new.workshop.code, new.workshop.criterion_ids
    token = store.issue_participant(code)
    barrier = threading.Barrier(10)

    def tap(i: int) -> int:
        barrier.wait()
        return store.submit(code, token, "breckland", "Tapper", _weights(criteria, i)).revision

    with ThreadPoolExecutor(10) as pool:
        revisions = sorted(pool.map(tap, range(10)))
    assert revisions == list(range(1, 11))
    assert store.count(code) == 1
    assert store.submission(code, token).revision == 10


def test_case_without_councils_has_joint_only(store: Store, minimal: dict) -> None:
    minimal.pop("councils")
    for ws in minimal["weight_sets"]:
        ws.pop("council")
    new = store.create_workshop("upload:plain.yaml", minimal)
    code = new.workshop.code
    store.submit(code, store.issue_participant(code), "anything", "A", {"finance": 1, "place": 1, "risk": 2})
    subs = store.submissions(code)
    assert subs[0].council is None
    aggs = aggregate(subs, new.workshop.criterion_ids, new.workshop.councils)
    assert list(aggs) == [JOINT] and aggs[JOINT].mean == pytest.approx({"finance": 0.25, "place": 0.25, "risk": 0.5})

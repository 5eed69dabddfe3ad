"""The case library: every change one version and one audit entry, in one transaction; concurrent
writers both kept (rebasing changes) or refused naming who won (whole-case changes); a writer killed
mid-save leaves whole versions only; what people type is kept literally. SQLite and PostgreSQL."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from appraisal.case.changes import (
    Actor,
    AddWeightSet,
    RemoveWeightSet,
    RenameWeightSet,
    ReplaceCase,
    ReplaceWeightSets,
    make_weight_set,
)
from appraisal.case.model import Case
from appraisal.errors import CaseError
from appraisal.fmt import uk_time
from appraisal.formats.load import load_case_bytes
from appraisal.formats.mapping import case_from_mapping, case_to_mapping
from appraisal.store.errors import CaseNotFound, InvalidInput, StaleVersion, VersionNotFound
from appraisal.store.library import SEED_ACTOR, CaseLibrary, CaseVersion, changes_between
from appraisal.store.repository import Store
from appraisal.store.schema import CaseAuditRow, CaseVersionRow
from tests.appraisal.store import library_workers
from tests.conftest import MINIMAL

ROOT = Path(__file__).resolve().parents[3]
ANN = Actor("Ann")
BOB = Actor("Bob Smith", "Bob.Smith@Council.gov.uk", verified=True)


def _context() -> mp.context.BaseContext:
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.appraisal.store.library_workers"])
    return ctx


@pytest.fixture
def lib(any_url: str) -> Iterator[CaseLibrary]:
    library = CaseLibrary(Store(any_url))
    yield library
    library.store.dispose()


@pytest.fixture
def case() -> Case:
    return case_from_mapping(json.loads(json.dumps(MINIMAL)))


def _rows(lib: CaseLibrary, case_id: str) -> tuple[list[int], list[int]]:
    """Version numbers and audit-entry version numbers of a case, straight from the tables."""
    with lib.store._session() as s:
        versions = list(s.scalars(select(CaseVersionRow.version).where(CaseVersionRow.case_id == case_id)
                                  .order_by(CaseVersionRow.version)))
        audits = list(s.scalars(select(CaseAuditRow.version).where(CaseAuditRow.case_id == case_id)
                                .order_by(CaseAuditRow.version)))
    return versions, audits


def _audit(lib: CaseLibrary, case_id: str, version: int) -> CaseAuditRow:
    with lib.store._session() as s:
        row = s.scalars(select(CaseAuditRow).where(CaseAuditRow.case_id == case_id, CaseAuditRow.version == version)).one()
        s.expunge(row)
        return row


# Creating, reading, the API the pages code against. ------------------------------------------------
def test_create_get_head_history_list(lib: CaseLibrary, case: Case) -> None:
    v1 = lib.create(case, BOB, reason="Opened for the panel")
    assert isinstance(v1, CaseVersion)
    assert (v1.case_id, v1.version, v1.route, v1.base_version) == ("minimal_case", 1, "import", None)
    assert (v1.author, v1.email, v1.verified, v1.reason) == ("Bob Smith", "bob.smith@council.gov.uk", True, "Opened for the panel")
    assert v1.case == case and v1.summary == "opened from a file"
    again = lib.create(case, ANN)
    assert again.case_id == "minimal_case_2", "ids are unique: the title's slug, then _2"
    given = lib.create(case, ANN, case_id="Joint Review!")
    assert given.case_id == "joint_review"
    assert lib.head("minimal_case") == 1
    got = lib.get("minimal_case")
    assert got == v1 and lib.get("minimal_case", 1) == v1
    assert [c.id for c in lib.list_cases()] == ["joint_review", "minimal_case_2", "minimal_case"], "most recent first"
    summary = lib.list_cases()[-1]
    assert (summary.title, summary.head_version, summary.updated_by, summary.editors) == ("Minimal case", 1, "Bob Smith", ())
    assert summary.created_at.tzinfo is not None
    lib.apply("minimal_case", RenameWeightSet("rename", set_id="north_cabinet", name="North"), 1, ANN)
    assert lib.list_cases()[0].id == "minimal_case"
    history = lib.history("minimal_case")
    assert [h.version for h in history] == [2, 1]
    assert history[0].author == "Ann" and history[0].actor.label == "Ann (not verified)"
    assert not hasattr(history[0], "case")


def test_missing_case_and_version_say_so(lib: CaseLibrary, case: Case) -> None:
    with pytest.raises(CaseNotFound, match=r"^There is no case 'nope' in the store\.$"):
        lib.head("nope")
    for call in (lambda: lib.get("nope"), lambda: lib.history("nope"), lambda: lib.export("nope"),
                 lambda: lib.apply("nope", RenameWeightSet("rename", set_id="x", name="y"), 1, ANN),
                 lambda: lib.set_editors("nope", [], ANN)):
        with pytest.raises(CaseNotFound):
            call()
    lib.create(case, ANN)
    with pytest.raises(VersionNotFound, match=r"has no version 7 .*versions are 1 to 1"):
        lib.get("minimal_case", 7)
    with pytest.raises(InvalidInput, match="version: 'x'"):
        lib.get("minimal_case", "x")  # type: ignore[arg-type]
    with pytest.raises(VersionNotFound, match="no version 5 yet"):
        lib.apply("minimal_case", RenameWeightSet("rename", set_id="north_cabinet", name="N"), 5, ANN)
    with pytest.raises(InvalidInput, match="route: 'sideways'"):
        lib.create(case, ANN, route="sideways")
    with pytest.raises(InvalidInput, match="name for the author"):
        lib.create(case, Actor("   "))
    with pytest.raises(InvalidInput, match="e-mail address: 'not an address'"):
        lib.create(case, Actor("Ann", "not an address", verified=True))


# Every route: exactly one version and one audit entry. ---------------------------------------------
def _changes(case: Case) -> dict[str, object]:
    ws = make_weight_set(case, "Scrutiny panel", {"finance": 5, "place": 1, "risk": 1}, method="manual", by="Panel")
    edited = case.model_copy(update={"title": "Minimal case (edited)",
                                     "scores": {**case.scores, "shared": {**case.scores["shared"], "risk": "High"}}})
    return {
        "add": AddWeightSet("save-as", weight_set=ws),
        "consensus": AddWeightSet("consensus", weight_set=ws),
        "rename": RenameWeightSet("rename", set_id="north_cabinet", name="North council cabinet"),
        "remove": RemoveWeightSet("remove", set_id="south_cabinet", name="South cabinet"),
        "replace-sets": ReplaceWeightSets("snapshot", weight_sets=(case.weight_sets[1],), what="snapshot “Before” restored"),
        "case-data": ReplaceCase("case-data", case=edited),
        "reimport": ReplaceCase("reimport", case=edited, what="re-imported minimal.yaml"),
        "restore": ReplaceCase("restore", case=case, what="version 1 restored"),
    }


@pytest.mark.parametrize("kind", list(_changes(case_from_mapping(json.loads(json.dumps(MINIMAL))))))
def test_every_route_leaves_one_version_and_one_audit_entry(lib: CaseLibrary, case: Case, kind: str) -> None:
    change = _changes(case)[kind]
    lib.create(case, ANN)
    v2 = lib.apply("minimal_case", change, 1, BOB, reason="Agreed at the panel")  # type: ignore[arg-type]
    assert (v2.version, v2.route, v2.base_version, v2.reason) == (2, change.route, 1, "Agreed at the panel")  # type: ignore[attr-defined]
    assert v2.summary == change.summary()  # type: ignore[attr-defined]
    assert _rows(lib, "minimal_case") == ([1, 2], [1, 2])
    assert lib.head("minimal_case") == 2 and lib.get("minimal_case") == v2
    assert lib.get("minimal_case", 1).case == case, "version 1 is never changed"
    entry = _audit(lib, "minimal_case", 2)
    assert (entry.author, entry.author_email, entry.verified, entry.route) == ("Bob Smith", "bob.smith@council.gov.uk", True,
                                                                                change.route)  # type: ignore[attr-defined]
    assert entry.changes == changes_between(case_to_mapping(case), case_to_mapping(v2.case))
    if kind == "case-data":
        assert entry.changes["scores"] == 1 and entry.changes["weights"] == []
    if kind == "remove":
        assert {c["weight_set_id"] for c in entry.changes["weights"]} == {"south_cabinet"}
        assert all(c["new_value"] is None for c in entry.changes["weights"])
    assert lib.list_cases()[0].title == v2.case.title


def test_a_change_the_case_refuses_saves_nothing(lib: CaseLibrary, case: Case) -> None:
    lib.create(case, ANN)
    with pytest.raises(CaseError, match=r"weight_sets: .*at least 1 item"):
        lib.apply("minimal_case", ReplaceWeightSets("snapshot", weight_sets=()), 1, ANN)
    with pytest.raises(CaseError, match="no weight set 'gone'"):
        lib.apply("minimal_case", RemoveWeightSet("remove", set_id="gone"), 1, ANN)
    assert _rows(lib, "minimal_case") == ([1], [1]) and lib.head("minimal_case") == 1


# Two writers at once. ------------------------------------------------------------------------------
def test_rebasing_changes_on_the_same_base_are_both_kept(lib: CaseLibrary, case: Case) -> None:
    lib.create(case, ANN)
    changes = _changes(case)
    v2 = lib.apply("minimal_case", changes["add"], 1, ANN)  # type: ignore[arg-type]
    v3 = lib.apply("minimal_case", changes["add"], 1, BOB)  # type: ignore[arg-type]  made on version 1 too
    assert (v2.version, v3.version, v3.base_version) == (2, 3, 1)
    assert [ws.name for ws in v3.case.weight_sets][-2:] == ["Scrutiny panel", "Scrutiny panel (2)"]


def test_a_whole_case_change_on_an_old_base_is_refused_naming_who(lib: CaseLibrary, case: Case) -> None:
    lib.create(case, ANN)
    changes = _changes(case)
    lib.apply("minimal_case", changes["case-data"], 1, Actor("Ann"))  # type: ignore[arg-type]
    with pytest.raises(StaleVersion) as caught:
        lib.apply("minimal_case", changes["reimport"], 1, BOB)  # type: ignore[arg-type]
    at = lib.get("minimal_case").at
    assert str(caught.value) == (f"This case has changed since you opened version 1: version 2 by Ann (not verified) at "
                                 f"{uk_time(at)} (Case data edited). Your change was not saved; reload to see the latest version.")
    assert caught.value.head_version == 2
    lib.apply("minimal_case", changes["rename"], 2, BOB)
    with pytest.raises(StaleVersion, match=r"version 3 by Bob Smith \(bob.smith@council.gov.uk\) .*after 1 other change\."):
        lib.apply("minimal_case", changes["replace-sets"], 1, ANN)  # type: ignore[arg-type]
    assert _rows(lib, "minimal_case") == ([1, 2, 3], [1, 2, 3])


def test_threads_adding_at_once_are_all_kept(lib: CaseLibrary, case: Case) -> None:
    lib.create(case, ANN)
    n = 8
    barrier, out, errors = threading.Barrier(n), [], []

    def one(i: int) -> None:
        ws = make_weight_set(case, f"Member {i}", {"finance": i + 1, "place": 1, "risk": 1}, method="manual")
        barrier.wait(30)
        try:
            out.append(lib.apply("minimal_case", AddWeightSet("save-as", weight_set=ws), 1, Actor(f"Member {i}")).version)
        except Exception as exc:  # collected: the assertion below shows it
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and sorted(out) == list(range(2, n + 2))
    assert _rows(lib, "minimal_case") == (list(range(1, n + 2)), list(range(1, n + 2)))
    assert {ws.name for ws in lib.get("minimal_case").case.weight_sets} >= {f"Member {i}" for i in range(n)}


def _run_at_once(url: str, case_id: str, jobs: list[tuple[str, str]]) -> list[tuple]:
    ctx = _context()
    barrier, results = ctx.Barrier(len(jobs)), ctx.Queue()
    procs = [ctx.Process(target=library_workers.change_at_once, args=(url, case_id, kind, name, barrier, results))
             for kind, name in jobs]
    for p in procs:
        p.start()
    got = [results.get(timeout=120) for _ in jobs]
    for p in procs:
        p.join(30)
    return got


def test_two_processes_at_once(lib: CaseLibrary, case: Case) -> None:
    """Two processes on the same store: adds on the same base are both kept; whole-case edits on the
    same base, one wins and the other is told who changed the case."""
    lib.create(case, ANN)
    adds = _run_at_once(lib.store.url, "minimal_case", [("add", "Ann"), ("add", "Bob")])
    assert sorted((r[0], r[2], r[3]) for r in adds) == [("ok", 2, 1), ("ok", 3, 1)], adds
    edits = _run_at_once(lib.store.url, "minimal_case", [("replace", "Cath"), ("replace", "Dev")])
    won = [r for r in edits if r[0] == "ok"]
    lost = [r for r in edits if r[0] == "error"]
    assert len(won) == 1 and len(lost) == 1, edits
    assert won[0][2:] == (4, 3)
    assert lost[0][2] == "StaleVersion"
    assert f"version 4 by {won[0][1]} (not verified)" in lost[0][3] and "was not saved" in lost[0][3]
    assert _rows(lib, "minimal_case") == ([1, 2, 3, 4], [1, 2, 3, 4])


# Seeding the shipped cases. ------------------------------------------------------------------------
def test_seed_creates_the_shipped_cases_once(lib: CaseLibrary, case: Case, sample_case: Case) -> None:
    shipped = {"shared_management_review": sample_case, "minimal": case}
    assert sorted(lib.seed(shipped)) == ["minimal", "shared_management_review"]
    assert lib.seed(shipped) == []
    v = lib.get("shared_management_review")
    assert (v.version, v.route, v.author, v.verified) == (1, "seed", SEED_ACTOR.name, True)
    assert v.case == sample_case
    with pytest.raises(InvalidInput, match="case id: 'Bad Id'"):
        lib.seed({"Bad Id": case})


def test_processes_seeding_at_once_create_each_case_once(lib: CaseLibrary, sample_case: Case) -> None:
    ctx = _context()
    n = 4
    barrier, results = ctx.Barrier(n), ctx.Queue()
    shipped = {"shared_management_review": sample_case}
    procs = [ctx.Process(target=library_workers.seed_at_once, args=(lib.store.url, shipped, barrier, results))
             for _ in range(n)]
    for p in procs:
        p.start()
    got = [results.get(timeout=120) for _ in range(n)]
    for p in procs:
        p.join(30)
    assert sorted(got) == [[], [], [], ["shared_management_review"]], got
    assert _rows(lib, "shared_management_review") == ([1], [1])


# Editors, export, what people type. ----------------------------------------------------------------
def test_editors_are_checked_addresses(lib: CaseLibrary, case: Case) -> None:
    lib.create(case, ANN)
    lib.set_editors("minimal_case", ["Ann@Council.gov.uk", " bob@council.gov.uk ", "ann@council.gov.uk", ""], BOB)
    assert lib.list_cases()[0].editors == ("ann@council.gov.uk", "bob@council.gov.uk")
    with pytest.raises(InvalidInput, match=r"^Editors: '<script>@x' is not an e-mail address"):
        lib.set_editors("minimal_case", ["<script>@x"], BOB)
    assert lib.list_cases()[0].editors == ("ann@council.gov.uk", "bob@council.gov.uk"), "a refused list changes nothing"
    assert lib.head("minimal_case") == 1, "editors are not a version of the case"


def test_export_is_a_case_file_that_loads_back(lib: CaseLibrary, case: Case) -> None:
    lib.create(case, ANN)
    lib.apply("minimal_case", _changes(case)["rename"], 1, BOB)  # type: ignore[arg-type]
    for version in (1, 2, None):
        text_ = lib.export("minimal_case", version)
        assert text_.startswith("# Minimal case: version ")
        assert load_case_bytes(text_.encode(), "export.yaml") == lib.get("minimal_case", version).case


HOSTILE_TITLE = "<script>alert('x')</script> =HYPERLINK(\"http://evil\",\"click\") " + "Ünïcödé ✓ 漢字 " * 8
HOSTILE_REASON = "=HYPERLINK(\"http://evil.example\",\"Click\")\n<b>bold</b> & '; DROP TABLE oas_cases; --\n" + "é" * 5_000


def test_hostile_text_is_stored_and_returned_literally(lib: CaseLibrary, case: Case) -> None:
    hostile = case.model_copy(update={"title": HOSTILE_TITLE.strip()[:200]})
    name = "=cmd|' /C calc'!A0 <img src=x onerror=alert(1)>"
    v = lib.create(hostile, Actor(name), reason=HOSTILE_REASON)
    back = lib.get(v.case_id)
    assert back.case.title == HOSTILE_TITLE.strip()[:200]
    assert back.reason == HOSTILE_REASON and back.author == name
    assert lib.history(v.case_id)[0].reason == HOSTILE_REASON
    assert lib.list_cases()[0].title == HOSTILE_TITLE.strip()[:200]
    assert _audit(lib, v.case_id, 1).reason == HOSTILE_REASON
    lib.apply(v.case_id, _changes(hostile)["rename"], 1, Actor(name), reason=HOSTILE_REASON)  # type: ignore[arg-type]
    assert lib.get(v.case_id).reason == HOSTILE_REASON
    with lib.store._session() as s:
        assert s.scalar(select(func.count()).select_from(text("oas_cases"))) == 1, "the SQL in the reason was not run"
    # Control characters are dropped from names and reasons, whitespace in a name collapsed.
    odd = lib.create(case, Actor("Ann\x00 \n Smith\x07"), reason="line one\nline two\x1b[31m")
    assert (odd.author, odd.reason) == ("Ann Smith", "line one\nline two[31m")


# A writer killed mid-save. ---------------------------------------------------------------------------
def test_a_writer_killed_mid_save_leaves_whole_versions_only(lib: CaseLibrary, sample_case: Case) -> None:
    lib.seed({"crash": sample_case})
    rng = random.Random(20261201)
    kills, confirmed = 6, []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(kills):
        child = subprocess.Popen([sys.executable, "-m", "tests.appraisal.store.library_workers", "writer", lib.store.url,
                                  "crash"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.4, 1.5))
        os.kill(child.pid, signal.SIGKILL)
        child.wait(30)
        confirmed += [int(line) for line in child.stdout.read().split()]
        child.stdout.close()
    lib.store.dispose()
    store = Store(lib.store.url)   # a fresh start: the integrity check runs, the schema is at head
    store.ensure_schema()
    after = CaseLibrary(store)
    head = after.head("crash")
    versions, audits = _rows(after, "crash")
    figures = f"{kills} SIGKILLs, {head} versions ({len(confirmed)} confirmed by the writer before its kill)"
    assert versions == list(range(1, head + 1)), f"versions not contiguous 1..head: {figures}"
    assert audits == versions, f"not exactly one audit row per version: {figures}"
    assert set(confirmed) <= set(versions), f"a confirmed version was lost: {figures}"
    assert head >= max(confirmed, default=1) and head <= max(confirmed, default=1) + kills, figures
    assert head > kills * 2, f"the writer saved too little to test anything: {figures}"
    for v in range(1, head + 1):
        got = after.get("crash", v)
        assert got.case.criterion_ids == sample_case.criterion_ids, f"version {v} did not parse back: {figures}"
    if store.is_sqlite:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok", figures
    print(f"\ncase library crash test ({store.where}): {figures}")
    store.dispose()

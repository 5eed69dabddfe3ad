"""Backups, restores and the store health check (appraisal.store.backup, ``python -m appraisal store``)."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from appraisal.formats.mapping import case_to_mapping
from appraisal.store import backup as bk
from appraisal.store.errors import WorkshopNotFound
from appraisal.store.repository import Store
from tests.conftest import ROOT, cli


def _url(path) -> str:
    return f"sqlite:///{path}"


def _workshop(store: Store, sample_case):
    return store.create_workshop("data:shared_management_review.yaml", case_to_mapping(sample_case))


def _submit(store: Store, code: str, i: int, criteria: list[str], council: str) -> str:
    """One member's submission, confirmed (returned) by the store; the member's (unique) name."""
    token = store.issue_participant(code, device=f"device-{i}")
    store.submit(code, token, council, f"Member {i}", {c: float(1 + (i + k) % 7) for k, c in enumerate(criteria)})
    return f"Member {i}"


def test_backup_while_submissions_arrive_then_restore_into_an_empty_store(tmp_path, sample_case, record_property) -> None:
    """Submissions keep arriving from threads while ``store backup`` runs as a separate process (as an
    operator's cron job would, beside the running app): everything confirmed before the backup started
    is in it, and a restore into an empty store gives exactly the backup's rows."""
    live = Store(_url(tmp_path / "live.sqlite3"))
    new = _workshop(live, sample_case)
    code, criteria = new.workshop.code, new.workshop.criterion_ids
    council = next(iter(new.workshop.councils))
    confirmed: list[tuple[float, str]] = []   # (time the submit returned, token)
    stop = threading.Event()
    lock = threading.Lock()

    def member(start: int) -> None:
        i = start
        while not stop.is_set():
            token = _submit(live, code, i, criteria, council)
            with lock:
                confirmed.append((time.monotonic(), token))
            i += 4

    threads = [threading.Thread(target=member, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "appraisal", "store", "backup", str(tmp_path / "b.sqlite3"),
                           "--store", live.url, "--json"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    time.sleep(0.3)
    stop.set()
    for t in threads:
        t.join(30)
    assert done.returncode == 0, done.stderr
    before = {tok for at, tok in confirmed if at < started}
    after = {tok for at, tok in confirmed if at >= started}
    assert len(before) > 10 and after, "submissions arrived before and during the backup"

    restored_url = _url(tmp_path / "restored" / "appraisal.sqlite3")
    result = cli("store", "restore", str(tmp_path / "b.sqlite3"), "--store", restored_url, "--json")
    assert result.returncode == 0, result.stderr
    restored = Store(restored_url)
    tokens = {s.display_name for s in restored.submissions(code, new.facilitator_key)}
    assert before <= tokens, f"{len(before - tokens)} submissions confirmed before the backup are missing"
    assert tokens <= {tok for _, tok in confirmed}
    assert restored.get_workshop(code).case_title == new.workshop.case_title
    assert restored.check_key(code, new.facilitator_key)
    document = json.loads(done.stdout)
    assert document["rows"]["oas_submissions"] == len(tokens)
    record_property("backup_during_submissions", json.dumps({"confirmed_before": len(before), "in_backup": len(tokens),
                                                              "bytes": document["bytes"], "seconds": document["seconds"]}))
    live.dispose()
    restored.dispose()


def test_a_restore_refuses_a_store_that_is_not_empty_unless_forced(tmp_path, sample_case) -> None:
    a = Store(_url(tmp_path / "a.sqlite3"))
    first = _workshop(a, sample_case)
    assert cli("store", "backup", str(tmp_path / "a.bak"), "--store", a.url).returncode == 0
    b = Store(_url(tmp_path / "b.sqlite3"))
    other = _workshop(b, sample_case)
    refused = cli("store", "restore", str(tmp_path / "a.bak"), "--store", b.url)
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "not empty" in refused.stderr and "--force" in refused.stderr
    assert b.get_workshop(other.workshop.code), "nothing was replaced"
    forced = cli("store", "restore", str(tmp_path / "a.bak"), "--store", b.url, "--force")
    assert forced.returncode == 0, forced.stderr
    b.dispose()
    b = Store(b.url)
    assert b.get_workshop(first.workshop.code).code == first.workshop.code
    with pytest.raises(WorkshopNotFound):
        b.get_workshop(other.workshop.code)
    a.dispose()
    b.dispose()


def test_a_backup_does_not_overwrite_a_file_unless_forced(tmp_path, sample_case) -> None:
    a = Store(_url(tmp_path / "a.sqlite3"))
    _workshop(a, sample_case)
    target = tmp_path / "exists.sqlite3"
    target.write_text("keep me")
    refused = cli("store", "backup", str(target), "--store", a.url)
    assert refused.returncode == 2 and "already exists" in refused.stderr
    assert target.read_text() == "keep me"
    assert cli("store", "backup", str(target), "--store", a.url, "--force").returncode == 0
    assert bk.check_backup_file(target)["oas_workshops"] == 1
    assert not list(tmp_path.glob(".*partial*")), "no partial file left behind"
    a.dispose()


@pytest.mark.parametrize("content", ["text", "sqlite-other", "sqlite-damaged", "missing"])
def test_a_restore_checks_the_file_is_a_store_of_this_app_first(tmp_path, sample_case, content) -> None:
    live = Store(_url(tmp_path / "live.sqlite3"))
    kept = _workshop(live, sample_case)
    bad = tmp_path / "bad.sqlite3"
    if content == "text":
        bad.write_text("not a database at all\n" * 10)
    elif content == "sqlite-other":
        with sqlite3.connect(bad) as conn:
            conn.execute("CREATE TABLE invoices (id INTEGER)")
    elif content == "sqlite-damaged":
        assert cli("store", "backup", str(bad), "--store", live.url).returncode == 0
        data = bytearray(bad.read_bytes())
        data[4096:8192] = b"\xff" * 4096   # a page of garbage
        bad.write_bytes(bytes(data))
    for url in (live.url, _url(tmp_path / "empty" / "new.sqlite3")):
        result = cli("store", "restore", str(bad), "--store", url, "--force")
        assert result.returncode == 2, result.stdout
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert "nothing was restored" in result.stderr or "no such file" in result.stderr
    assert live.get_workshop(kept.workshop.code), "the store is untouched"
    assert not (tmp_path / "empty" / "new.sqlite3").exists()
    live.dispose()


def test_backup_and_restore_are_for_sqlite_and_say_so_for_postgresql(tmp_path) -> None:
    for action in ("backup", "restore"):
        result = cli("store", action, str(tmp_path / "x"), "--store", "postgresql+psycopg://u:secret@db.example/appraisal")
        assert result.returncode == 2
        assert "pg_dump" in result.stderr and "secret" not in result.stderr
    missing = cli("store", "backup", str(tmp_path / "x"), "--store", _url(tmp_path / "none.sqlite3"))
    assert missing.returncode == 2 and "no store" in missing.stderr
    assert cli("store").returncode == 2
    assert cli("store", "backup").returncode == 2


def test_the_default_store_is_the_apps(tmp_path, sample_case, monkeypatch) -> None:
    """Without --store the command uses the app's setting (APPRAISAL_STORE_URL here, set per test)."""
    import os

    store = Store(os.environ["APPRAISAL_STORE_URL"])
    _workshop(store, sample_case)
    result = cli("store", "backup", str(tmp_path / "default.bak"), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["rows"]["oas_workshops"] == 1
    store.dispose()


# Health. ---------------------------------------------------------------------------------------
def test_check_writes_and_rolls_back(tmp_path, sample_case) -> None:
    store = Store(_url(tmp_path / "h.sqlite3"))
    ok, message = bk.check_writable(store)
    assert ok and message.startswith("ok: SQLite file h.sqlite3 writable")
    assert store.audit_trail("(health check)") == [], "the write was rolled back"
    result = cli("store", "check", "--store", store.url)
    assert result.returncode == 0 and result.stdout.startswith("ok")
    store.dispose()


def test_check_fails_when_the_database_cannot_be_written(tmp_path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    gone = f"postgresql+psycopg://u:secret@127.0.0.1:{port}/gone"
    result = cli("store", "check", "--store", gone)
    assert result.returncode == 1
    assert result.stderr.startswith("store not writable: PostgreSQL database gone on 127.0.0.1")
    assert "secret" not in result.stderr


def test_a_release_backup_restores_into_a_store_the_app_has_only_opened(tmp_path, sample_case) -> None:
    """A backup made by the previous release (no case library tables) restores into a new store that the
    app has opened (and seeded with the sample cases); the migrations then bring it up to date."""
    from appraisal.case.changes import Actor
    from appraisal.store.library import CaseLibrary

    target = tmp_path / "fresh.sqlite3"
    CaseLibrary(Store(_url(target))).seed({"shared_management_review": sample_case})
    release = ROOT / "tests" / "fixtures" / "store" / "release-2026-11.sqlite3"
    result = bk.restore(_url(target), release)
    assert result.rows["oas_snapshots"] > 0
    store = Store(_url(target))
    library = CaseLibrary(store)
    assert store.list_snapshots("shared_management_review"), "the release's snapshots, under the library's case id"
    library.seed({"shared_management_review": sample_case})
    assert library.get("shared_management_review").version == 1
    library.create(sample_case, Actor("Officer"))
    # Now the store holds work of its own: a second restore is refused unless forced.
    with pytest.raises(bk.BackupError, match="not empty"):
        bk.restore(_url(target), release)

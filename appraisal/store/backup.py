"""Back up and restore the SQLite store, and check that a store can be written (for a health check).

Backups use SQLite's online backup API (:meth:`sqlite3.Connection.backup`) in one step: it copies a
consistent snapshot of the database while the app keeps running (the store is in WAL mode, so the
copy never blocks a participant's *Submit*, and a submission committed before the copy started is in
it). The copy is written to a temporary file beside the target and renamed into place, so a failed
backup never leaves half a file under the backup's name.

A restore first checks that the file is a SQLite database of this app (an integrity check, and every
table of :mod:`appraisal.store.schema` present), refuses to overwrite a store that holds anything
unless forced, then copies it in with the same backup API (so open connections of a running app see
either the old or the new database, never a mix).

For PostgreSQL use ``pg_dump``/``pg_restore`` (docs/deploy.md). This module never imports Streamlit.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.engine import make_url

from appraisal.store.errors import StoreError
from appraisal.store.migrations import RELEASE_TABLES, VERSION_TABLE
from appraisal.store.repository import Store
from appraisal.store.schema import AuditRow, Base

TABLES: tuple[str, ...] = tuple(Base.metadata.tables)
SQLITE_MAGIC = b"SQLite format 3\x00"
LOCK_TIMEOUT_S = 30.0


class BackupError(StoreError):
    """A backup or restore that cannot be done; the text says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    bytes: int
    seconds: float
    rows: dict[str, int]


def sqlite_path(url: str) -> Path:
    """The file behind a SQLite store URL, or a :class:`BackupError` for any other database."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite":
        raise BackupError(f"The store is {u.get_backend_name()}, not SQLite: back it up with pg_dump and restore it with "
                          "pg_restore (see docs/deploy.md).")
    database = u.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError("The store is an in-memory SQLite database; there is no file to back up.")
    return Path(database).expanduser()


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(str(path), timeout=LOCK_TIMEOUT_S)


def row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows in each of the app's tables (0 for a table that is not there)."""
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) if t in present else 0 for t in TABLES}


def _seeded_rows(conn: sqlite3.Connection) -> int:
    """Rows of shipped sample cases nobody has changed (a case, its one version and its audit entry):
    a store the app has only opened holds those, and is still empty for a restore."""
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"oas_cases", "oas_case_versions"} <= present:
        return 0
    untouched = int(conn.execute(
        "SELECT count(*) FROM oas_cases c JOIN oas_case_versions v ON v.case_id = c.id AND v.version = 1 "
        "WHERE c.head_version = 1 AND v.route = 'seed'").fetchone()[0])
    return 3 * untouched if "oas_case_audit" in present else 2 * untouched


def check_backup_file(path: Path) -> dict[str, int]:
    """Rows per table of a backup file, after checking it is a sound SQLite database of this app."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file.")
    with path.open("rb") as f:
        if f.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise BackupError(f"{path}: not a SQLite database, so nothing was restored.")
    try:
        with contextlib.closing(_connect(path)) as conn:
            verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":
                raise BackupError(f"{path}: the database is damaged ({verdict}), so nothing was restored.")
            present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            # A release's backup lacks the newer tables: the migrations add them when the store next opens.
            missing = [t for t in RELEASE_TABLES if t not in present]
            if missing:
                raise BackupError(f"{path}: not a store of this app (no table {', '.join(missing)}), so nothing was restored.")
            return row_counts(conn)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path}: cannot be read as a SQLite database ({exc}), so nothing was restored.") from None


def backup(url: str, target: str | Path, force: bool = False) -> BackupResult:
    """Copy the SQLite store at ``url`` to ``target`` while the app runs (online backup API)."""
    source = sqlite_path(url)
    target = Path(target).expanduser()
    if not source.is_file():
        raise BackupError(f"There is no store at {source} yet (it is created when the app is first used).")
    if target.exists() and not force:
        raise BackupError(f"{target} already exists; choose another name or pass --force to replace it.")
    if target.resolve() == source.resolve():
        raise BackupError("The backup file cannot be the store itself.")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent}: no such folder.")
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    started = time.perf_counter()
    try:
        with contextlib.closing(_connect(source)) as src, contextlib.closing(sqlite3.connect(str(partial))) as dst:
            src.backup(dst)  # one step: a consistent snapshot, taken under a read lock (WAL: writers carry on)
            dst.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
            rows = row_counts(dst)
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise BackupError(f"The backup failed ({exc}); nothing was written to {target}.") from None
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(target, target.stat().st_size, time.perf_counter() - started, rows)


def restore(url: str, source: str | Path, force: bool = False) -> BackupResult:
    """Replace the SQLite store at ``url`` with the backup ``source`` (refused if the store holds anything,
    unless ``force``)."""
    source = Path(source).expanduser()
    target = sqlite_path(url)
    rows = check_backup_file(source)
    if target.exists() and target.resolve() == source.resolve():
        raise BackupError("The backup file is the store itself.")
    if target.is_file() and target.stat().st_size > 0:
        try:
            with contextlib.closing(_connect(target)) as conn:
                held = sum(row_counts(conn).values()) - _seeded_rows(conn)
                others = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                          if r[0] not in (*TABLES, VERSION_TABLE) and not r[0].startswith("sqlite_")]
        except sqlite3.DatabaseError:
            held, others = 1, ["(unreadable)"]
        if (held or others) and not force:
            raise BackupError(f"The store at {target} is not empty ({held} rows); nothing was restored. Restore into an "
                              "empty store, or pass --force to replace everything in it.")
    if not target.parent.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        with contextlib.closing(_connect(source)) as src, contextlib.closing(_connect(target)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = WAL")  # as the app runs it
            restored = row_counts(dst)
    except sqlite3.Error as exc:
        raise BackupError(f"The restore failed ({exc}).") from None
    if restored != rows:
        raise BackupError(f"The restore did not copy every row (expected {rows}, found {restored}).")
    return BackupResult(target, target.stat().st_size, time.perf_counter() - started, restored)


# Health. ---------------------------------------------------------------------------------------
def check_writable(store: Store) -> tuple[bool, str]:
    """Can the store be written right now? One transaction writes a row and rolls it back.

    Returns (True, "ok …") or (False, the reason). Covers the database, not only the process: a
    stopped or read-only database, a full disk or a lost connection all answer False.
    """
    started = time.perf_counter()
    try:
        store.ensure_schema()
        with store.engine.connect() as conn:
            if store.is_sqlite:
                conn.execution_options(oas_write=True)  # BEGIN IMMEDIATE: takes the write lock as a save does
            tx = conn.begin()
            try:
                conn.execute(insert(AuditRow).values(
                    case_key="(health check)", at=datetime.now(UTC), author="health check", action="health",
                    weight_set_id="-", weight_set_name="-", reference="rolled back"))
            finally:
                tx.rollback()
    except Exception as exc:
        reason = str(exc.__cause__ or exc).strip().splitlines()[0][:200] if str(exc.__cause__ or exc).strip() else ""
        return False, f"store not writable: {store.where}: {type(exc.__cause__ or exc).__name__}: {reason}".rstrip(": ")
    return True, f"ok: {store.where} writable ({1000 * (time.perf_counter() - started):.0f} ms)"

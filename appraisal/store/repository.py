"""Saved weight-set snapshots, the audit trail and live workshop submissions (SQLAlchemy 2).

Where the data lives, in order of precedence:

1. the ``APPRAISAL_STORE_URL`` environment variable (any SQLAlchemy URL, e.g.
   ``postgresql+psycopg://user:pass@host/db``);
2. a URL handed in by the caller (the app passes Streamlit's secret ``store_url``);
3. a SQLite file, ``var/appraisal.sqlite3`` under the project, created on first use.

Why it is built this way:

* Every write is one transaction. On SQLite the transaction starts with ``BEGIN IMMEDIATE`` (the
  write lock is taken up front, so a writer never fails half-way on a lock upgrade), the file is in
  WAL mode (readers never block the writer) and every connection waits up to
  :data:`BUSY_TIMEOUT_S` for the lock, so a room of 30 people pressing *Submit* at once all land.
  On PostgreSQL a submission takes a share lock on its workshop row, so a *close* cannot slip in
  between "is it open?" and the insert.
* A participant's revision replaces the earlier submission (one row per workshop and participant,
  enforced by a unique constraint and an upsert), so counts are never inflated by re-submitting.
* The facilitator key is issued once and only its salted hash (PBKDF2) is kept.
* A database that cannot be reached raises :class:`StoreUnavailable` with a plain message; the
  connection pool pings before use, so the store recovers by itself once the database is back.
* Aggregation (:func:`appraisal.analysis.workshop.aggregate`) is a pure function of submissions: per council and jointly, the
  mean and the median of each participant's normalised weights.

This module never imports Streamlit.
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Engine,
    create_engine,
    delete,
    event,
    func,
    select,
    text,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session

from appraisal.analysis.workshop import CLOSED, DEFAULT_METHOD, OPEN, WORKSHOP_METHODS, Submission, Workshop, aggregate
from appraisal.case.audit import weight_diff
from appraisal.case.changes import Actor, make_weight_set
from appraisal.case.model import Case, WeightSet
from appraisal.errors import CaseError
from appraisal.store import migrations
from appraisal.store.config import BUSY_TIMEOUT_S, CONNECT_TIMEOUT_S, describe_url, resolve_url
from appraisal.store.errors import (
    RESTORE_HINT,
    InvalidInput,
    NotAuthorised,
    SnapshotNotFound,
    StoreBusy,
    StoreDamaged,
    StoreError,
    StoreFull,
    StoreReadOnly,
    StoreUnavailable,
    TooManyAttempts,
    UnknownParticipant,
    WorkshopClosed,
    WorkshopNotFound,
)
from appraisal.store.inputs import MAX_NOTE, clean_name, clean_weights, name_key
from appraisal.store.keys import (
    hash_key,
    new_code,
    new_facilitator_key,
    new_participant_token,
    normalise_code,
    subject_hash,
    token_hash,
    verify_key,
)
from appraisal.store.schema import AuditRow, CaseAuditRow, FailureRow, ParticipantRow, SnapshotRow, SubmissionRow, WorkshopRow

log = logging.getLogger("appraisal.store")

# Guessing codes and keys: the first FREE_TRIES failures in the window cost nothing, then each waits
# twice as long as the one before (up to MAX_DELAY_S), and LOCK_AFTER failures lock the subject out
# until the window has passed. Counted per session, per network address and (keys) per workshop code.
FAIL_WINDOW = timedelta(minutes=15)
FREE_TRIES = 3
LOCK_AFTER = 10
MAX_DELAY_S = 8.0
INTEGRITY_RECHECK_S = 30.0


# Plain values handed to callers (picklable, safe to keep in Streamlit session state). ----------
@dataclass(frozen=True)
class SnapshotInfo:
    id: int
    case_key: str
    name: str
    author: str
    note: str
    created_at: datetime
    n_sets: int


@dataclass(frozen=True)
class Snapshot(SnapshotInfo):
    weight_sets: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    author: str
    action: str
    weight_set_id: str
    weight_set_name: str
    criterion_id: str | None
    old_value: float | None
    new_value: float | None
    reference: str


@dataclass(frozen=True)
class BallotOrigin:
    """Where a workshop's ballots came from (the facilitator's view): one row per device."""

    device: str
    origin: str
    places: int      # participant places issued to this device
    ballots: int     # ballots cast from it
    submissions: int  # submissions and revisions from it
    last: datetime | None


@dataclass(frozen=True)
class NewWorkshop:
    """What :meth:`Store.create_workshop` hands back once: the workshop and its facilitator key."""

    workshop: Workshop
    facilitator_key: str


def now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything is stored in UTC, so say so."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# Faults: each class of database trouble gets its own error and its own words. --------------------
_DISCONNECT_ERRORS = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)
_KEPT = "Nothing has been changed, and everything saved before is kept."


def _driver_code(exc: BaseException) -> tuple[str, str]:
    """(SQLite error name or PostgreSQL SQLSTATE, driver error class) of a DBAPI error, else ("", "")."""
    orig = getattr(exc, "orig", None) or exc
    name = getattr(orig, "sqlite_errorname", "") or getattr(orig, "sqlstate", "") or ""
    if not name and isinstance(orig, sqlite3.Error):
        text_ = str(orig).lower()  # older SQLite bindings without error names
        for needle, code in (("disk is full", "SQLITE_FULL"), ("readonly", "SQLITE_READONLY"),
                             ("malformed", "SQLITE_CORRUPT"), ("not a database", "SQLITE_NOTADB"),
                             ("locked", "SQLITE_BUSY")):
            if needle in text_:
                name = code
                break
    return str(name), type(orig).__name__


def classify(exc: BaseException, where: str) -> StoreError | None:
    """The store error for a database exception (None if it is not one we can explain)."""
    if not isinstance(exc, (sa_exc.SQLAlchemyError, sqlite3.Error)):
        return None
    code, _ = _driver_code(exc)
    base = code.split("_")[0:2]
    sqlite_code = "_".join(base) if code.startswith("SQLITE_") else ""
    if sqlite_code == "SQLITE_FULL" or code in ("53100", "53200"):
        return StoreFull(f"The shared store ({where}) is full: the disk it is on has no room left, so this was not "
                         f"saved. {_KEPT} An administrator needs to free space on that disk.")
    if sqlite_code == "SQLITE_READONLY" or code == "25006":
        return StoreReadOnly(f"The shared store ({where}) can be read but not written just now (it is read-only), so "
                             f"this was not saved. {_KEPT} An administrator needs to make it writable again.")
    if sqlite_code in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or code in ("XX001", "XX002"):
        return StoreDamaged(f"The shared store ({where}) is damaged, so nothing is read from or written to it. "
                            f"{RESTORE_HINT}.")
    if sqlite_code in ("SQLITE_BUSY", "SQLITE_LOCKED") or code in ("55P03", "40P01") or isinstance(exc, sa_exc.TimeoutError):
        return StoreBusy(f"The shared store ({where}) is busy with other work and did not answer in time. "
                         f"{_KEPT} Please try again in a moment.")
    if isinstance(exc, _DISCONNECT_ERRORS) or (isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated):
        lost = isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated
        what = "The connection to the shared store ({}) was lost" if lost else "The shared store ({}) cannot be reached just now"
        return StoreUnavailable(f"{what.format(where)}. Nothing has been changed; please try again in a moment — "
                                "everything saved before is kept.")
    return None


def _leniency(subject: str) -> int:
    """A network address may be a whole room behind one router: it gets five times the tries."""
    return 5 if subject.startswith("address:") else 1


_CONTEXT_ARGS = ("case_key", "case_id", "code")


def _logged(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Log every store error of a public method: what was done, on which case and workshop, and why
    (the fault class and the driver's error code) — never weights, names or keys."""
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(self, *args, **kwargs)
        except StoreError as exc:
            try:
                bound = signature.bind_partial(self, *args, **kwargs).arguments
            except TypeError:
                bound = {}
            context = " ".join(f"{k}={str(bound[k])[:64]!r}" for k in _CONTEXT_ARGS if k in bound)
            code, driver = _driver_code(exc.__cause__) if exc.__cause__ is not None else ("", "")
            level = logging.ERROR if isinstance(exc, StoreUnavailable) else logging.INFO
            log.log(level, "store %s failed (%s) on %s %s%s", fn.__name__, exc.fault, self.where, context,
                    f" [{driver} {code}]".rstrip() if driver else "")
            raise

    return wrapper


# The store. ------------------------------------------------------------------------------------


class Store:
    """One database behind every session of the app (thread-safe; one per process and URL)."""

    def __init__(self, url: str | None = None):
        self.url = resolve_url(url) if url is None else url
        self.where = describe_url(self.url)
        self.is_sqlite = make_url(self.url).get_backend_name() == "sqlite"
        self.engine = self._make_engine()
        self._schema_ready = False
        self._schema_lock = threading.Lock()
        self._damaged: StoreDamaged | None = None   # set when the integrity check fails
        self._checked_at = 0.0
        #: Seconds the first slowed-down failure waits (doubling after); tests make it small.
        self.delay_base_s = 1.0
        # SQLite allows one writer at a time. Threads of this process (every browser session of one
        # app server) queue on this lock instead of polling the file lock with SQLite's sleeping
        # busy handler; other processes still wait through the busy timeout.
        self._write_lock: Any = threading.Lock() if self.is_sqlite else nullcontext()
        if hasattr(os, "register_at_fork"):
            # A forked child must not reuse the parent's sockets/file handles.
            os.register_at_fork(after_in_child=lambda: self.engine.dispose(close=False))

    # Engine set-up. ---------------------------------------------------------------------------
    def _make_engine(self) -> Engine:
        if not self.is_sqlite:
            connect_args: dict[str, Any] = {}
            if make_url(self.url).get_backend_name() == "postgresql":
                connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
            return create_engine(self.url, pool_pre_ping=True, pool_size=5, max_overflow=20, pool_timeout=15,
                                 connect_args=connect_args)
        database = make_url(self.url).database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(self.url, connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy, not the sqlite3 module, say when transactions begin (see "begin").
            dbapi_connection.isolation_level = None
            cur = dbapi_connection.cursor()
            cur.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            with suppress(sqlite3.DatabaseError):  # read-only or damaged: the integrity check / first write say so
                cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            # Writers take the lock up front: no deadlocking read→write upgrades under load.
            immediate = conn.get_execution_options().get("oas_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Database trouble becomes one plain sentence; nothing half-written survives (rollback)."""
        try:
            yield
        except StoreError:
            raise
        except (sa_exc.SQLAlchemyError, sqlite3.Error) as exc:
            error = classify(exc, self.where)
            if error is None:
                raise
            if isinstance(error, StoreDamaged):
                self._damaged, self._checked_at, self._schema_ready = error, time.monotonic(), False
            raise error from exc

    @contextmanager
    def _session(self, write: bool = False) -> Iterator[Session]:
        """A session in one transaction: committed at the end, rolled back on any error."""
        self.ensure_schema()
        with self._write_lock if write else nullcontext(), self._guard(), self.engine.connect() as conn:
            if write:
                conn.execution_options(oas_write=True)
            with Session(bind=conn) as session, conn.begin():
                yield session
                session.flush()

    def ensure_schema(self) -> None:
        """Check the store's integrity, then bring the tables up to date on first use: ``alembic upgrade
        head`` on this store's connection (a release's store is recognised and stamped first), under
        PostgreSQL's advisory lock or SQLite's write lock, so several processes starting at once are safe.
        A damaged store is refused, for reading and writing, with what to do; it is checked again every
        :data:`INTEGRITY_RECHECK_S` seconds (so a restored file is picked up)."""
        if self._schema_ready:
            return
        with self._schema_lock:
            if self._schema_ready:
                return
            if self._damaged is not None and time.monotonic() - self._checked_at < INTEGRITY_RECHECK_S:
                raise self._damaged
            self._check_integrity()
            with self._guard(), self.engine.connect() as conn:
                needed = migrations.needed(conn)
                conn.rollback()   # at head (the usual start): no write lock taken
                if needed:
                    if self.is_sqlite:
                        conn.execution_options(oas_write=True)
                    with conn.begin():
                        if conn.dialect.name == "postgresql":
                            conn.execute(text("SELECT pg_advisory_xact_lock(74110921)"))
                        migrations.upgrade(conn)   # checks again under the lock: the second process finds it done
            self._schema_ready = True

    def _check_integrity(self) -> None:
        """SQLite's ``PRAGMA quick_check`` (every page and index readable and consistent)."""
        self._checked_at = time.monotonic()
        if not self.is_sqlite:
            return  # PostgreSQL checks its own pages (a damaged one raises XX001, classified as damaged)
        problems: list[str] = []
        try:
            with self.engine.connect() as conn:
                problems = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA quick_check(5)")]
        except (sa_exc.SQLAlchemyError, sqlite3.Error) as exc:
            error = classify(exc, self.where)
            if not isinstance(error, StoreDamaged):
                with self._guard():
                    raise
            problems = [type(exc).__name__]
            cause: BaseException | None = exc
        else:
            cause = None
        if problems == ["ok"]:
            self._damaged = None
            return
        self._damaged = StoreDamaged(f"The shared store ({self.where}) is damaged (it failed its integrity check), so "
                                     f"nothing is read from or written to it. {RESTORE_HINT}.")
        log.error("store integrity check failed on %s: %s", self.where, "; ".join(problems)[:300])
        self.engine.dispose()
        raise self._damaged from cause

    def dispose(self) -> None:
        self.engine.dispose()

    # Snapshots and the audit trail. -----------------------------------------------------------
    @_logged
    def save_snapshot(
        self, case_key: str, name: str, author: str, weight_sets: Sequence[Mapping[str, Any]],
        note: str = "", case_title: str = "",
    ) -> SnapshotInfo:
        """Save the full set of weight sets (with provenance); log every weight changed since the
        previous snapshot of the same case in the audit trail, in the same transaction."""
        name = clean_name(name, "snapshot name", 200)
        author = clean_name(author, "name for the author", 200)
        note = str(note or "")[:MAX_NOTE]
        sets = [dict(ws) for ws in weight_sets]
        if not sets:
            raise InvalidInput("There are no weight sets to save.")
        at = now()
        with self._session(write=True) as s:
            previous = s.scalars(
                select(SnapshotRow).where(SnapshotRow.case_key == case_key).order_by(SnapshotRow.id.desc()).limit(1)
            ).first()
            row = SnapshotRow(case_key=case_key, case_title=case_title, name=name, author=author, note=note,
                              created_at=at, weight_sets=sets)
            s.add(row)
            s.flush()
            before = previous.weight_sets if previous else []
            self._log(s, case_key, author, "snapshot", weight_diff(before, sets), f"snapshot “{name}”", at)
            return self._snapshot_info(row)

    @staticmethod
    def _log(s: Session, case_key: str, author: str, action: str, changes: list[dict[str, Any]], reference: str,
             at: datetime | None = None) -> None:
        at = at or now()
        for ch in changes:
            s.add(AuditRow(case_key=case_key, at=at, author=author, action=action, reference=reference[:300], **ch))

    @_logged
    def record_changes(
        self, case_key: str, author: str, action: str, before: Sequence[Mapping[str, Any]],
        after: Sequence[Mapping[str, Any]], reference: str = "",
    ) -> int:
        """Log who changed which weight (e.g. a restore, a consensus or adopted set); returns the count."""
        author = clean_name(author or "unnamed", "name for the author", 200)
        changes = weight_diff(before, after)
        if changes:
            with self._session(write=True) as s:
                self._log(s, case_key, author, action[:40], changes, reference)
        return len(changes)

    @staticmethod
    def _snapshot_info(row: SnapshotRow) -> SnapshotInfo:
        return SnapshotInfo(row.id, row.case_key, row.name, row.author, row.note or "", _aware(row.created_at),
                            len(row.weight_sets or []))

    @_logged
    def list_snapshots(self, case_key: str) -> list[SnapshotInfo]:
        """Newest first."""
        with self._session() as s:
            rows = s.scalars(select(SnapshotRow).where(SnapshotRow.case_key == case_key).order_by(SnapshotRow.id.desc()))
            return [self._snapshot_info(r) for r in rows]

    @_logged
    def get_snapshot(self, snapshot_id: int) -> Snapshot:
        with self._session() as s:
            row = s.get(SnapshotRow, int(snapshot_id))
            if row is None:
                raise SnapshotNotFound(f"There is no saved snapshot number {snapshot_id}.")
            info = self._snapshot_info(row)
            return Snapshot(**info.__dict__, weight_sets=[dict(ws) for ws in row.weight_sets])

    @_logged
    def audit_trail(self, case_key: str, limit: int = 500) -> list[AuditEntry]:
        """Newest first: who changed which weight, when, and through what — the case's versions (one audit
        entry each, its weights listed one by one) and the snapshot log beside them."""
        with self._session() as s:
            rows = s.scalars(
                select(AuditRow).where(AuditRow.case_key == case_key).order_by(AuditRow.id.desc()).limit(limit)
            )
            entries = [AuditEntry(_aware(r.at), r.author, r.action, r.weight_set_id, r.weight_set_name, r.criterion_id,
                                  r.old_value, r.new_value, r.reference) for r in rows]
            versions = s.scalars(select(CaseAuditRow).where(CaseAuditRow.case_id == case_key, CaseAuditRow.version > 1)
                                 .order_by(CaseAuditRow.version.desc()).limit(limit))  # version 1 changed nothing
            for v in versions:
                who = Actor(v.author, v.author_email, v.verified).label
                entries += [AuditEntry(_aware(v.at), who, v.route, ch.get("weight_set_id", ""), ch.get("weight_set_name", ""),
                                       ch.get("criterion_id"), ch.get("old_value"), ch.get("new_value"),
                                       f"version {v.version}: {v.summary}")
                            for ch in (v.changes or {}).get("weights", [])]
        entries.sort(key=lambda e: e.at, reverse=True)
        return entries[:limit]

    # Workshops. -------------------------------------------------------------------------------
    @staticmethod
    def _workshop(row: WorkshopRow) -> Workshop:
        return Workshop(row.code, row.case_key, row.case_title, json.loads(row.case_data), row.method, row.status,
                        _aware(row.created_at), _aware(row.closed_at), list(row.adopted or []))

    @staticmethod
    def _submission(row: SubmissionRow, place: ParticipantRow | None = None) -> Submission:
        return Submission(row.participant_token, row.council, row.display_name, dict(row.weights), row.method,
                          dict(row.inputs or {}), _aware(row.submitted_at), _aware(row.revised_at), row.revision,
                          ballot=row.id, device=(place.device_hash[:10] if place and place.device_hash else ""),
                          origin=place.origin if place else "")

    # Guessing codes and keys: slowed down, then locked out (shared by every server). -------------
    def _failures(self, s: Session, subjects: Sequence[str]) -> int:
        if not subjects:
            return 0
        since = now() - FAIL_WINDOW
        return int(s.scalar(select(func.count()).select_from(FailureRow).where(
            FailureRow.subject.in_([subject_hash(x) for x in subjects]), FailureRow.at >= since)) or 0)

    def _check_locked(self, kind: str, subjects: Sequence[str]) -> None:
        """Refuse at once while a subject has had :data:`LOCK_AFTER` failures in the window."""
        if not subjects:
            return
        with self._session() as s:
            worst = max(self._failures(s, [x]) / _leniency(x) for x in subjects)
        if worst >= LOCK_AFTER:
            minutes = int(FAIL_WINDOW.total_seconds() // 60)
            what = "workshop codes" if kind == "code" else "facilitator keys"
            log.warning("store %s guessing locked out (%s failures in %s min)", kind, worst, minutes)
            raise TooManyAttempts(f"Too many wrong {what} were tried, so trying is paused for up to {minutes} "
                                  "minutes. Check the code or key on the sheet and try again later.")

    def _record_failure(self, kind: str, subjects: Sequence[str], code: str) -> None:
        """Count one failure against every subject, log it (never the key) and wait progressively longer."""
        if not subjects:
            return
        with self._session(write=True) as s:
            at = now()
            for x in subjects:
                s.add(FailureRow(kind=kind, subject=subject_hash(x), at=at))
            s.flush()
            n = int(max(self._failures(s, [x]) / _leniency(x) for x in subjects))
        log.warning("store wrong %s for workshop %r (failure %d in the window)", kind, normalise_code(code)[:16], n)
        if n > FREE_TRIES:
            time.sleep(min(MAX_DELAY_S, self.delay_base_s * 2 ** (n - FREE_TRIES - 1)))

    @_logged
    def create_workshop(self, case_key: str, case_data: Mapping[str, Any], method: str = DEFAULT_METHOD) -> NewWorkshop:
        """Open a workshop on a copy of the case (so phones on any server see the same criteria).

        The facilitator key is returned once; only its hash is stored.
        """
        if method not in WORKSHOP_METHODS:
            raise InvalidInput(f"Unknown method {method!r}: choose one of {', '.join(WORKSHOP_METHODS)}.")
        if not case_data.get("criteria"):
            raise InvalidInput("The case has no criteria to weight.")
        key = new_facilitator_key()
        for _ in range(20):
            code = new_code()
            try:
                with self._session(write=True) as s:
                    row = WorkshopRow(code=code, case_key=case_key, case_title=str(case_data.get("title", ""))[:300],
                                      case_data=json.dumps(dict(case_data)), method=method, key_hash=hash_key(key), status=OPEN,
                                      created_at=now(), adopted=[])
                    s.add(row)
                    s.flush()
                    return NewWorkshop(self._workshop(row), key)
            except sa_exc.IntegrityError:
                continue  # the code was taken: draw another
        raise StoreError("Could not find a free workshop code; please try again.")

    def _find(self, s: Session, code: str, lock: str | None = None) -> WorkshopRow:
        q = select(WorkshopRow).where(WorkshopRow.code == normalise_code(code))
        if lock and not self.is_sqlite:
            q = q.with_for_update(read=lock == "share")
        row = s.scalars(q).first()
        if row is None:
            raise WorkshopNotFound(f"There is no workshop with the code {normalise_code(code) or '(none)'}. Check the code and try again.")
        return row

    def _authorise(self, row: WorkshopRow, key: str | None) -> None:
        if not verify_key(key, row.key_hash):
            raise NotAuthorised("That is not the facilitator key for this workshop, so nothing was changed.")

    @_logged
    def get_workshop(self, code: str, attempt: Sequence[str] = ()) -> Workshop:
        """The workshop with this code. ``attempt`` names who is typing codes (e.g. ``session:…``,
        ``address:…``): wrong codes from them are then slowed down, locked out and logged."""
        self._check_locked("code", attempt)
        try:
            with self._session() as s:
                return self._workshop(self._find(s, code))
        except WorkshopNotFound:
            self._record_failure("code", attempt, code)
            raise

    @_logged
    def workshops_for_case(self, case_key: str, keys: Mapping[str, str] | None = None) -> list[Workshop]:
        """This case's workshops whose facilitator key is among ``keys`` ({code: key}), newest first:
        the list of codes is for their facilitator only, never for anyone who opens the page."""
        held = {normalise_code(c): k for c, k in (keys or {}).items() if k}
        if not held:
            return []
        with self._session() as s:
            rows = s.scalars(select(WorkshopRow).where(WorkshopRow.case_key == case_key, WorkshopRow.code.in_(list(held)))
                             .order_by(WorkshopRow.id.desc()))
            return [self._workshop(r) for r in rows if verify_key(held[r.code], r.key_hash)]

    @_logged
    def check_key(self, code: str, key: str | None, attempt: Sequence[str] = ()) -> bool:
        """True if ``key`` is this workshop's facilitator key (for unlocking the facilitator controls).
        Wrong keys count against ``attempt`` and against the workshop's code: slowed down, then locked out."""
        subjects = [*attempt, f"key-for:{normalise_code(code)}"]
        self._check_locked("key", subjects)
        with self._session() as s:
            ok = verify_key(key, self._find(s, code).key_hash)
        if not ok:
            self._record_failure("key", subjects, code)
        return ok

    # Participant places: issued by the server, one per device session, only the hash kept. -------
    @_logged
    def issue_participant(self, code: str, device: str = "", origin: str = "") -> str:
        """A new participant token for this workshop (returned once; only its hash is stored).

        ``device`` describes the device (e.g. its address and browser): it is kept only as a hash, to
        let the same device resume its place after a reload and to tell the facilitator how many
        ballots came from one device; ``origin`` (the network address) is shown to the facilitator.
        """
        token = new_participant_token()
        with self._session(write=True) as s:
            ws = self._find(s, code)
            s.add(ParticipantRow(workshop_id=ws.id, token_hash=token_hash(token),
                                 device_hash=subject_hash(device) if device else "", origin=str(origin or "")[:64],
                                 issued_at=now()))
        return token

    @_logged
    def resume_participant(self, code: str, token: str, device: str) -> bool:
        """True if ``token`` was issued for this workshop to this same device (a reload). A token
        copied to another device, made up, or issued without a device description is refused."""
        if not device or not re.fullmatch(r"[A-Za-z0-9_\-]{8,64}", str(token or "")):
            return False
        with self._session() as s:
            ws = self._find(s, code)
            place = s.scalars(select(ParticipantRow).where(ParticipantRow.workshop_id == ws.id,
                                                           ParticipantRow.token_hash == token_hash(token))).first()
            return place is not None and bool(place.device_hash) and place.device_hash == subject_hash(device)

    @_logged
    def ballot_origins(self, code: str, facilitator_key: str) -> list[BallotOrigin]:
        """Where the ballots came from, per device (facilitator only): places issued, ballots cast,
        submissions including revisions, and the latest."""
        with self._session() as s:
            ws = self._find(s, code)
            self._authorise(ws, facilitator_key)
            places = list(s.scalars(select(ParticipantRow).where(ParticipantRow.workshop_id == ws.id)))
            subs = {r.participant_token: r for r in s.scalars(select(SubmissionRow).where(SubmissionRow.workshop_id == ws.id))}
        groups: dict[tuple[str, str], list[ParticipantRow]] = {}
        for p in places:
            groups.setdefault((p.device_hash[:10] or f"session {p.id}", p.origin), []).append(p)
        out = []
        for (device, origin), rows in groups.items():
            cast = [subs[p.token_hash] for p in rows if p.token_hash in subs]
            last = max((_aware(r.revised_at) for r in cast), default=None)
            out.append(BallotOrigin(device, origin, len(rows), len(cast), sum(r.revision for r in cast), last))
        return sorted(out, key=lambda b: (-b.ballots, -b.places, b.device))

    @_logged
    def remove_ballot(self, code: str, facilitator_key: str, ballot: int, by: str = "") -> Submission:
        """Remove one ballot (facilitator only); logged in the case's audit trail with who and why."""
        with self._session(write=True) as s:
            ws = self._find(s, code, lock="update")
            self._authorise(ws, facilitator_key)
            row = s.scalars(select(SubmissionRow).where(SubmissionRow.workshop_id == ws.id,
                                                        SubmissionRow.id == int(ballot))).first()
            if row is None:
                raise InvalidInput(f"There is no ballot number {ballot} in workshop {ws.code}.")
            gone = self._submission(row)
            s.add(AuditRow(case_key=ws.case_key, at=now(), author=clean_name(by or "facilitator", "name", 200),
                           action="remove ballot", weight_set_id=f"workshop-{ws.code}"[:64],
                           weight_set_name=f"Workshop {ws.code}, ballot {row.id}"[:200], criterion_id=None,
                           old_value=None, new_value=None,
                           reference=f"workshop {ws.code}: ballot {row.id} ({row.council or 'no council'}, revision "
                                     f"{row.revision}) removed by the facilitator"[:300]))
            s.delete(row)
            workshop_code = ws.code
        log.info("store ballot %s removed from workshop %r", ballot, workshop_code)
        return gone

    @_logged
    def submit(
        self, code: str, participant_token: str, council: str | None, display_name: str,
        weights: Mapping[str, Any], method: str | None = None, inputs: Mapping[str, Any] | None = None,
    ) -> Submission:
        """Store a participant's weights; a later call with the same token replaces the earlier one.

        Raises :class:`WorkshopClosed` once the facilitator has closed submissions.
        """
        token = str(participant_token or "")
        if not re.fullmatch(r"[A-Za-z0-9_\-]{8,64}", token):
            raise InvalidInput("This device has no valid participant token; reload the join page.")
        display_name = clean_name(display_name)
        token = token_hash(token)  # only the hash is stored, and only an issued one is accepted
        for attempt in range(3):
            try:
                return self._submit_once(code, token, council, display_name, weights, method, inputs)
            except sa_exc.IntegrityError:
                # The same device submitted twice at the same instant (a double tap) and the other
                # request inserted first: go round again, which now finds that row and replaces it.
                if attempt == 2:
                    raise StoreError("Your submission clashed with another from this device; please submit again.") from None
        raise AssertionError("unreachable")

    def _submit_once(
        self, code: str, token: str, council: str | None, display_name: str, weights: Mapping[str, Any],
        method: str | None, inputs: Mapping[str, Any] | None,
    ) -> Submission:
        at = now()
        with self._session(write=True) as s:
            ws = self._find(s, code, lock="share")
            if ws.status != OPEN:
                raise WorkshopClosed(
                    f"Submissions to workshop {ws.code} are closed, so this was not saved. Ask the facilitator if it should reopen."
                )
            issued = s.scalar(select(ParticipantRow.id).where(ParticipantRow.workshop_id == ws.id,
                                                              ParticipantRow.token_hash == token))
            if issued is None:
                raise UnknownParticipant("This page's place in the workshop was not issued by this server, so nothing was "
                                         "saved. Open the workshop's join link again to take part.")
            others = s.scalars(select(SubmissionRow.display_name).where(SubmissionRow.workshop_id == ws.id,
                                                                        SubmissionRow.participant_token != token))
            if name_key(display_name) in {name_key(n) for n in others}:
                raise InvalidInput(f"Someone in this workshop already uses the name “{display_name}”. Please add an "
                                   "initial or your ward so the facilitator can tell you apart.")
            case_data = json.loads(ws.case_data)
            criteria = [c["id"] for c in case_data.get("criteria", [])]
            clean = clean_weights(weights, criteria)
            councils = {c["id"] for c in case_data.get("councils", [])}
            if councils and council not in councils:
                raise InvalidInput("Please choose your council.")
            if not councils:
                council = None
            used_method = method or ws.method
            if used_method not in WORKSHOP_METHODS:
                raise InvalidInput(f"Unknown method {used_method!r}.")
            payload = dict(inputs or {})
            mine = select(SubmissionRow).where(SubmissionRow.workshop_id == ws.id, SubmissionRow.participant_token == token)
            if not self.is_sqlite:
                mine = mine.with_for_update()  # two revisions at once: one waits, the revision count stays true
            existing = s.scalars(mine).first()
            if existing is None:
                row = SubmissionRow(workshop_id=ws.id, participant_token=token, council=council, display_name=display_name,
                                    weights=clean, method=used_method, inputs=payload, submitted_at=at, revised_at=at,
                                    revision=1)
                s.add(row)
            else:
                row = existing
                row.council, row.display_name, row.weights = council, display_name, clean
                row.method, row.inputs, row.revised_at, row.revision = used_method, payload, at, existing.revision + 1
            s.flush()
            return self._submission(row)

    @_logged
    def submission(self, code: str, participant_token: str) -> Submission | None:
        """One participant's own submission (what the join page shows for revising)."""
        with self._session() as s:
            ws = self._find(s, code)
            row = s.scalars(
                select(SubmissionRow).where(SubmissionRow.workshop_id == ws.id,
                                            SubmissionRow.participant_token == token_hash(str(participant_token)))
            ).first()
            return self._submission(row) if row else None

    @_logged
    def submissions(self, code: str, facilitator_key: str | None = None) -> list[Submission]:
        """Every submission, in order of arrival. Display names are replaced by "Participant N"
        unless the facilitator key is given ("reveal names"); a wrong key is refused."""
        with self._session() as s:
            ws = self._find(s, code)
            reveal = facilitator_key is not None
            if reveal:
                self._authorise(ws, facilitator_key)
            rows = s.scalars(select(SubmissionRow).where(SubmissionRow.workshop_id == ws.id).order_by(SubmissionRow.id))
            places = ({p.token_hash: p for p in s.scalars(select(ParticipantRow).where(ParticipantRow.workshop_id == ws.id))}
                      if reveal else {})
            out = [self._submission(r, places.get(r.participant_token)) for r in rows]
        if reveal:
            return out
        return [Submission(f"hidden-{i}", x.council, f"Participant {i}", x.weights, x.method, x.inputs, x.submitted_at,
                           x.revised_at, x.revision) for i, x in enumerate(out, 1)]

    @_logged
    def count(self, code: str) -> int:
        with self._session() as s:
            ws = self._find(s, code)
            return int(s.scalar(select(func.count()).select_from(SubmissionRow).where(SubmissionRow.workshop_id == ws.id)) or 0)

    @_logged
    def close_workshop(self, code: str, facilitator_key: str) -> Workshop:
        with self._session(write=True) as s:
            ws = self._find(s, code, lock="update")
            self._authorise(ws, facilitator_key)
            if ws.status != CLOSED:
                ws.status, ws.closed_at = CLOSED, now()
            return self._workshop(ws)

    @_logged
    def reopen_workshop(self, code: str, facilitator_key: str) -> Workshop:
        with self._session(write=True) as s:
            ws = self._find(s, code, lock="update")
            self._authorise(ws, facilitator_key)
            ws.status, ws.closed_at = OPEN, None
            return self._workshop(ws)

    @_logged
    def delete_workshop(self, code: str, facilitator_key: str) -> None:
        """Remove the workshop and every submission to it."""
        with self._session(write=True) as s:
            ws = self._find(s, code, lock="update")
            self._authorise(ws, facilitator_key)
            s.execute(delete(SubmissionRow).where(SubmissionRow.workshop_id == ws.id))
            s.execute(delete(ParticipantRow).where(ParticipantRow.workshop_id == ws.id))
            s.delete(ws)

    @_logged
    def adopt(
        self, code: str, facilitator_key: str, group: str, statistic: str, case: Case, name: str, by: str = "",
    ) -> WeightSet:
        """An aggregate as a new weight set of ``case`` (the version the facilitator sees), made by
        :func:`appraisal.case.changes.make_weight_set` with provenance method "workshop", and logged in
        the workshop. The caller adds it to the case through the case library, whose version carries the
        audit entry. A name the case already has is refused before anything is logged."""

        name = clean_name(name, "name for the weight set", 200)
        with self._session(write=True) as s:
            ws = self._find(s, code, lock="update")
            self._authorise(ws, facilitator_key)
            workshop = self._workshop(ws)
            rows = s.scalars(select(SubmissionRow).where(SubmissionRow.workshop_id == ws.id))
            subs = [self._submission(r) for r in rows]
            aggs = aggregate(subs, workshop.criterion_ids, workshop.councils)
            if group not in aggs:
                raise InvalidInput(f"There is no group {group!r} in this workshop.")
            agg = aggs[group]
            if agg.n == 0:
                raise InvalidInput(f"Nobody from {agg.label} has submitted yet, so there is nothing to adopt.")
            at = now()
            plural = "s" if agg.n != 1 else ""
            try:
                adopted = make_weight_set(
                    case, name, {c: round(100.0 * v, 4) for c, v in agg.weights(statistic).items()},
                    method="workshop", variant=statistic, by=by or None, when=at.date(),
                    council=group if group in workshop.councils and group in {c.id for c in case.councils} else None,
                    inputs={"workshop": workshop.code, "group": group, "statistic": statistic, "participants": agg.n,
                            "participant_method": workshop.method},
                    note=f"Adopted from workshop {workshop.code}: {statistic} of {agg.n} participant{plural} "
                         f"({agg.label}), in % of the total.",
                    provenance_note=f"{agg.label}: {statistic} of {agg.n} submission{plural}")
            except CaseError as exc:
                raise InvalidInput(f"That weight set cannot be made: {exc.problems[0].message}.") from None
            ws.adopted = [*list(ws.adopted or []), {"set_id": adopted.id, "name": name, "group": group,
                                                     "statistic": statistic, "participants": agg.n, "at": at.isoformat()}]
            return adopted


# One store per URL per process, shared by every session and thread. -----------------------------
_STORES: dict[str, Store] = {}
_STORES_LOCK = threading.Lock()


def open_store(url: str | None = None) -> Store:
    """The process-wide store for ``resolve_url(url)`` (created lazily; no set-up step)."""
    resolved = resolve_url(url)
    with _STORES_LOCK:
        store = _STORES.get(resolved)
        if store is None:
            store = _STORES[resolved] = Store(resolved)
        return store

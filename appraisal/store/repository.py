"""The store: snapshots, audit trail, workshops and submissions (SQLAlchemy; SQLite or PostgreSQL)."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
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
from appraisal.case.model import WeightSet
from appraisal.store.config import BUSY_TIMEOUT_S, CONNECT_TIMEOUT_S, describe_url, resolve_url
from appraisal.store.errors import (
    InvalidInput,
    NotAuthorised,
    SnapshotNotFound,
    StoreError,
    StoreUnavailable,
    WorkshopClosed,
    WorkshopNotFound,
)
from appraisal.store.inputs import MAX_NOTE, clean_name, clean_weights
from appraisal.store.keys import hash_key, new_code, new_facilitator_key, normalise_code, verify_key
from appraisal.store.schema import AuditRow, Base, SnapshotRow, SubmissionRow, WorkshopRow


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


# The store. ------------------------------------------------------------------------------------
_DISCONNECT_ERRORS = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)


class Store:
    """One database behind every session of the app (thread-safe; one per process and URL)."""

    def __init__(self, url: str | None = None):
        self.url = resolve_url(url) if url is None else url
        self.where = describe_url(self.url)
        self.is_sqlite = make_url(self.url).get_backend_name() == "sqlite"
        self.engine = self._make_engine()
        self._schema_ready = False
        self._schema_lock = threading.Lock()
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
        except _DISCONNECT_ERRORS as exc:
            raise StoreUnavailable(
                f"The shared store ({self.where}) cannot be reached just now. Nothing has been changed; "
                "please try again in a moment — everything saved before is kept."
            ) from exc
        except sa_exc.DBAPIError as exc:
            if exc.connection_invalidated:
                raise StoreUnavailable(
                    f"The connection to the shared store ({self.where}) was lost. Nothing has been changed; "
                    "please try again in a moment — everything saved before is kept."
                ) from exc
            raise

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
        """Create the tables on first use (safe when several processes start at once)."""
        if self._schema_ready:
            return
        with self._schema_lock:
            if self._schema_ready:
                return
            with self._guard(), self.engine.connect() as conn:
                if self.is_sqlite:
                    conn.execution_options(oas_write=True)
                with conn.begin():
                    if conn.dialect.name == "postgresql":
                        conn.execute(text("SELECT pg_advisory_xact_lock(74110921)"))
                    Base.metadata.create_all(conn, checkfirst=True)
            self._schema_ready = True

    def dispose(self) -> None:
        self.engine.dispose()

    # Snapshots and the audit trail. -----------------------------------------------------------
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

    def list_snapshots(self, case_key: str) -> list[SnapshotInfo]:
        """Newest first."""
        with self._session() as s:
            rows = s.scalars(select(SnapshotRow).where(SnapshotRow.case_key == case_key).order_by(SnapshotRow.id.desc()))
            return [self._snapshot_info(r) for r in rows]

    def get_snapshot(self, snapshot_id: int) -> Snapshot:
        with self._session() as s:
            row = s.get(SnapshotRow, int(snapshot_id))
            if row is None:
                raise SnapshotNotFound(f"There is no saved snapshot number {snapshot_id}.")
            info = self._snapshot_info(row)
            return Snapshot(**info.__dict__, weight_sets=[dict(ws) for ws in row.weight_sets])

    def audit_trail(self, case_key: str, limit: int = 500) -> list[AuditEntry]:
        """Newest first: who changed which weight, when, and through what."""
        with self._session() as s:
            rows = s.scalars(
                select(AuditRow).where(AuditRow.case_key == case_key).order_by(AuditRow.id.desc()).limit(limit)
            )
            return [AuditEntry(_aware(r.at), r.author, r.action, r.weight_set_id, r.weight_set_name, r.criterion_id,
                               r.old_value, r.new_value, r.reference) for r in rows]

    # Workshops. -------------------------------------------------------------------------------
    @staticmethod
    def _workshop(row: WorkshopRow) -> Workshop:
        return Workshop(row.code, row.case_key, row.case_title, json.loads(row.case_data), row.method, row.status,
                        _aware(row.created_at), _aware(row.closed_at), list(row.adopted or []))

    @staticmethod
    def _submission(row: SubmissionRow) -> Submission:
        return Submission(row.participant_token, row.council, row.display_name, dict(row.weights), row.method,
                          dict(row.inputs or {}), _aware(row.submitted_at), _aware(row.revised_at), row.revision)

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

    def get_workshop(self, code: str) -> Workshop:
        with self._session() as s:
            return self._workshop(self._find(s, code))

    def workshops_for_case(self, case_key: str) -> list[Workshop]:
        with self._session() as s:
            rows = s.scalars(select(WorkshopRow).where(WorkshopRow.case_key == case_key).order_by(WorkshopRow.id.desc()))
            return [self._workshop(r) for r in rows]

    def check_key(self, code: str, key: str | None) -> bool:
        """True if ``key`` is this workshop's facilitator key (for unlocking the facilitator controls)."""
        with self._session() as s:
            return verify_key(key, self._find(s, code).key_hash)

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

    def submission(self, code: str, participant_token: str) -> Submission | None:
        """One participant's own submission (what the join page shows for revising)."""
        with self._session() as s:
            ws = self._find(s, code)
            row = s.scalars(
                select(SubmissionRow).where(SubmissionRow.workshop_id == ws.id,
                                            SubmissionRow.participant_token == str(participant_token))
            ).first()
            return self._submission(row) if row else None

    def submissions(self, code: str, facilitator_key: str | None = None) -> list[Submission]:
        """Every submission, in order of arrival. Display names are replaced by "Participant N"
        unless the facilitator key is given ("reveal names"); a wrong key is refused."""
        with self._session() as s:
            ws = self._find(s, code)
            reveal = facilitator_key is not None
            if reveal:
                self._authorise(ws, facilitator_key)
            rows = s.scalars(select(SubmissionRow).where(SubmissionRow.workshop_id == ws.id).order_by(SubmissionRow.id))
            out = [self._submission(r) for r in rows]
        if reveal:
            return out
        return [Submission(f"hidden-{i}", x.council, f"Participant {i}", x.weights, x.method, x.inputs, x.submitted_at,
                           x.revised_at, x.revision) for i, x in enumerate(out, 1)]

    def count(self, code: str) -> int:
        with self._session() as s:
            ws = self._find(s, code)
            return int(s.scalar(select(func.count()).select_from(SubmissionRow).where(SubmissionRow.workshop_id == ws.id)) or 0)

    def close_workshop(self, code: str, facilitator_key: str) -> Workshop:
        with self._session(write=True) as s:
            ws = self._find(s, code, lock="update")
            self._authorise(ws, facilitator_key)
            if ws.status != CLOSED:
                ws.status, ws.closed_at = CLOSED, now()
            return self._workshop(ws)

    def reopen_workshop(self, code: str, facilitator_key: str) -> Workshop:
        with self._session(write=True) as s:
            ws = self._find(s, code, lock="update")
            self._authorise(ws, facilitator_key)
            ws.status, ws.closed_at = OPEN, None
            return self._workshop(ws)

    def delete_workshop(self, code: str, facilitator_key: str) -> None:
        """Remove the workshop and every submission to it."""
        with self._session(write=True) as s:
            ws = self._find(s, code, lock="update")
            self._authorise(ws, facilitator_key)
            s.execute(delete(SubmissionRow).where(SubmissionRow.workshop_id == ws.id))
            s.delete(ws)

    def adopt(
        self, code: str, facilitator_key: str, group: str, statistic: str, set_id: str, name: str, by: str = "",
    ) -> dict[str, Any]:
        """An aggregate as a weight-set mapping with provenance method "workshop"; logged in the
        workshop and in the audit trail. The caller adds it to the case."""

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
            weights = {c: round(100.0 * v, 4) for c, v in agg.weights(statistic).items()}
            at = now()
            try:
                ws_model = WeightSet(
                    id=set_id, name=name, council=group if group in workshop.councils else None, weights=weights,
                    note=f"Adopted from workshop {workshop.code}: {statistic} of {agg.n} participant{'s' if agg.n != 1 else ''} "
                         f"({agg.label}), in % of the total.",
                    provenance={
                        "method": "workshop", "variant": statistic,
                        "inputs": {"workshop": workshop.code, "group": group, "statistic": statistic, "participants": agg.n,
                                   "participant_method": workshop.method},
                        "by": by or None, "date": at.date().isoformat(),
                        "note": f"{agg.label}: {statistic} of {agg.n} submission{'s' if agg.n != 1 else ''}",
                    },
                )
            except ValidationError as exc:
                raise InvalidInput(f"That weight set cannot be made: {exc.errors()[0]['msg']} (id {set_id!r}).") from None
            mapping = ws_model.model_dump(mode="json", exclude_none=True)
            ws.adopted = [*list(ws.adopted or []), {"set_id": set_id, "name": name, "group": group, "statistic": statistic,
                                                     "participants": agg.n, "at": at.isoformat()}]
            self._log(s, workshop.case_key, by or "facilitator", "adopt", weight_diff([], [mapping]),
                      f"workshop {workshop.code}", at)
            return mapping


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

"""The case library: every case kept in the store, versioned, nothing overwritten.

A case lives in ``oas_cases`` (its id, title and head version, polled cheaply by every open page) and
``oas_case_versions`` (one row per version, never changed once written: who, when, by which route, why,
and the whole case as canonical JSON). Every change goes through :meth:`CaseLibrary.apply` — one
:class:`appraisal.case.changes.Change` from any route — and writes the next version and its one entry in
``oas_case_audit`` in a single transaction, holding the case's lock (PostgreSQL ``SELECT … FOR UPDATE``;
SQLite's write lock, taken up front with ``BEGIN IMMEDIATE``). So two devices saving at once both land,
as versions *n* + 1 and *n* + 2, and a crash mid-save leaves the version wholly there or wholly absent.

A change that adds, renames or removes one weight set rebases: made on an older version, it is applied
to the latest, and both changes are kept. A change that replaces the whole case (Case data, a
re-import, a restore) cannot: made on an older version it is refused with :class:`StaleVersion`, naming
who changed the case since and when, never silently winning.

Versions never change, so parsed cases are cached per process by (store, case, version, time saved).
This module never imports Streamlit.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

from sqlalchemy import exc as sa_exc
from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from appraisal.case.audit import weight_diff
from appraisal.case.changes import ROUTES, Actor, CaseVersion, Change, VersionInfo, unique_id
from appraisal.case.model import Case
from appraisal.fmt import uk_time
from appraisal.formats.mapping import case_from_mapping, case_to_mapping
from appraisal.formats.yaml_file import case_to_yaml
from appraisal.store.errors import CaseNotFound, InvalidInput, StaleVersion, StoreError, VersionNotFound
from appraisal.store.inputs import MAX_NOTE, clean_name
from appraisal.store.repository import Store, _aware, _logged, now
from appraisal.store.schema import CaseAuditRow, CaseRow, CaseVersionRow

log = logging.getLogger("appraisal.store")

#: Who the shipped sample cases are created by.
SEED_ACTOR = Actor("Options Appraisal Studio", verified=True)
MAX_AUTHOR = 200
MAX_EMAIL = 254
MAX_EDITORS = 200
CASE_ID = re.compile(r"[a-z0-9_]{1,64}")
_EMAIL = re.compile(r"[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;.]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")   # kept out of names and reasons (\t \n \r stay)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CACHE_SIZE = 256


# Plain values handed to callers (frozen, picklable, safe to keep in Streamlit session state). ---
@dataclass(frozen=True)
class CaseSummary:
    id: str
    title: str
    head_version: int
    updated_at: datetime
    updated_by: str
    created_at: datetime
    editors: tuple[str, ...]


# Cleaning who and why. --------------------------------------------------------------------------
def _email(value: str, what: str) -> str:
    text_ = str(value or "").strip().lower()
    if len(text_) > MAX_EMAIL or not _EMAIL.fullmatch(text_):
        raise InvalidInput(f"{what}: '{text_[:80]}' is not an e-mail address (name@example.gov.uk).")
    return text_


def _who(actor: Actor) -> tuple[str, str | None, bool]:
    """(name, e-mail, verified) as stored: whitespace collapsed, control characters dropped, capped."""
    name = clean_name(_CONTROL.sub("", str(actor.name or "")), "name for the author", MAX_AUTHOR)
    email = _email(actor.email, "The author's e-mail address") if actor.email else None
    return name, email, bool(actor.verified)


def _reason(reason: str) -> str:
    return _CONTROL.sub("", str(reason or "")).strip()[:MAX_NOTE]


def _route(route: str) -> str:
    if route not in ROUTES:
        raise InvalidInput(f"route: '{str(route)[:40]}' is not a way a case changes (one of {', '.join(ROUTES)}).")
    return route


def _version_number(version: Any) -> int:
    try:
        number = int(version)
    except (TypeError, ValueError):
        raise InvalidInput(f"version: '{str(version)[:20]}' is not a version number.") from None
    if number < 1:
        raise InvalidInput(f"version: {number} is not a version number (versions count from 1).")
    return number


def canonical_json(case: Case) -> str:
    """The stored form of a case: ``case_to_mapping`` as JSON, keys in the model's order."""
    return json.dumps(case_to_mapping(case), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _micros(at: datetime) -> int:
    return (_aware(at) - _EPOCH) // timedelta(microseconds=1)  # type: ignore[operator]


def _count_changed(before: Any, after: Any) -> int:
    """Entries (by id, or by key for mappings) added, removed or changed between two lists or mappings."""
    def by_key(value: Any) -> dict[Any, Any]:
        if isinstance(value, Mapping):
            return dict(value)
        return {item.get("id", i) if isinstance(item, Mapping) else i: item for i, item in enumerate(value or [])}
    a, b = by_key(before), by_key(after)
    return sum(1 for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """What a version changed, for its audit entry: every weight (``weight_diff`` of the weight sets),
    and how many scores, options and criteria were added, removed or changed."""
    old_scores, new_scores = before.get("scores") or {}, after.get("scores") or {}
    scores = sum(_count_changed(old_scores.get(o, {}), new_scores.get(o, {})) for o in old_scores.keys() | new_scores.keys())
    return {
        "weights": weight_diff(before.get("weight_sets") or [], after.get("weight_sets") or []),
        "scores": scores,
        "options": _count_changed(before.get("options"), after.get("options")),
        "criteria": _count_changed(before.get("criteria"), after.get("criteria")),
    }


# The library. -----------------------------------------------------------------------------------
class CaseLibrary:
    """The cases in one store (thread-safe, like the store; cheap to make, so make one where needed)."""

    #: Parsed cases shared by every library of the process: (store URL, case, version, saved at µs) → Case.
    _parsed: ClassVar[OrderedDict[tuple[str, str, int, int], Case]] = OrderedDict()
    _parsed_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def where(self) -> str:
        """Where the store is, for messages and the log (no password, no server paths)."""
        return self.store.where

    # Reading. ------------------------------------------------------------------------------------
    @_logged
    def list_cases(self) -> list[CaseSummary]:
        """Every case, most recently changed first."""
        with self.store._session() as s:
            rows = s.scalars(select(CaseRow).order_by(CaseRow.updated_at.desc(), CaseRow.id))
            return [self._summary(r) for r in rows]

    @_logged
    def head(self, case_id: str) -> int:
        """The latest version's number (one indexed read: the pages poll it every two seconds)."""
        with self.store._session() as s:
            head = s.scalar(select(CaseRow.head_version).where(CaseRow.id == str(case_id)))
        if head is None:
            raise self._not_found(case_id)
        return int(head)

    @_logged
    def get(self, case_id: str, version: int | None = None) -> CaseVersion:
        """One version of a case (the latest when ``version`` is None), its case parsed."""
        wanted = None if version is None else _version_number(version)
        with self.store._session() as s:
            if wanted is None:
                wanted = s.scalar(select(CaseRow.head_version).where(CaseRow.id == str(case_id)))
                if wanted is None:
                    raise self._not_found(case_id)
            row = self._version_row(s, str(case_id), wanted)
            info, data = self._info(row), row.case_data
        return self._with_case(info, data)

    @_logged
    def history(self, case_id: str) -> list[VersionInfo]:
        """Every version, newest first (without the cases themselves)."""
        with self.store._session() as s:
            rows = list(s.scalars(select(CaseVersionRow).options(defer(CaseVersionRow.case_data))
                                  .where(CaseVersionRow.case_id == str(case_id)).order_by(CaseVersionRow.version.desc())))
            if not rows and s.get(CaseRow, str(case_id)) is None:
                raise self._not_found(case_id)
            return [self._info(r) for r in rows]

    @_logged
    def find_first_saved(self, case: Case) -> str | None:
        """The case whose first version is exactly ``case`` (the same file opened again, in any session or on
        any device, is the same case), or None."""
        with self.store._session() as s:
            found = s.scalar(select(CaseVersionRow.case_id).where(
                CaseVersionRow.version == 1, CaseVersionRow.case_data == canonical_json(case)).limit(1))
        return None if found is None else str(found)

    @_logged
    def export(self, case_id: str, version: int | None = None) -> str:
        """The version as a case file (YAML) that opens anywhere the app or ``python -m appraisal`` reads one."""
        v = self.get(case_id, version)
        header = (f"# {v.case.title}: version {v.version} of case '{v.case_id}' in the case library, saved "
                  f"{_aware(v.at):%Y-%m-%d %H:%M} UTC by {v.actor.label}.\n")  # type: ignore[str-format]
        return header.replace("\r", " ") + case_to_yaml(v.case)

    # Writing. ------------------------------------------------------------------------------------
    @_logged
    def create(self, case: Case, actor: Actor, route: str = "import", reason: str = "",
               case_id: str | None = None) -> CaseVersion:
        """A new case at version 1; its id from ``case_id`` or the title, made unique in the library."""
        route, who, reason = _route(route), _who(actor), _reason(reason)
        for _ in range(5):
            try:
                with self.store._session(write=True) as s:
                    taken = set(s.scalars(select(CaseRow.id)))
                    new_id = unique_id(case_id or case.title, taken, "case")
                    return self._first_version(s, new_id, case, who, route, reason)
            except sa_exc.IntegrityError:
                continue  # another process took the same id at the same instant (PostgreSQL): choose again
        raise StoreError("Could not give the case an id of its own just now; please try again.")

    @_logged
    def seed(self, shipped: Mapping[str, Case]) -> list[str]:
        """Create the shipped sample cases ({id: Case}) that are not in the library yet; returns the ids
        created. Safe when several processes start at once: each case is created once."""
        for case_id in shipped:
            if not CASE_ID.fullmatch(str(case_id)):
                raise InvalidInput(f"case id: '{str(case_id)[:80]}' is not a valid id (lower-case letters, digits and _).")
        who = _who(SEED_ACTOR)
        with self.store._session() as s:
            present = set(s.scalars(select(CaseRow.id)))
        created: list[str] = []
        for case_id, case in shipped.items():
            if case_id in present:
                continue
            try:
                with self.store._session(write=True) as s:
                    if s.get(CaseRow, case_id) is not None:
                        continue  # another process created it meanwhile
                    self._first_version(s, case_id, case, who, "seed", "")
            except sa_exc.IntegrityError:
                continue  # created by another process at the same instant (PostgreSQL)
            created.append(case_id)
        if created:
            log.info("store case library: %d shipped case(s) created on %s", len(created), self.where)
        return created

    @_logged
    def apply(self, case_id: str, change: Change, base_version: int, actor: Actor, reason: str = "") -> CaseVersion:
        """Apply ``change`` to the case, made by ``actor`` on ``base_version``: the next version.

        Raises :class:`StaleVersion` for a change that cannot rebase made on an older version, and lets
        the change's own :class:`CaseError` through (the case it would make is not valid); either way
        nothing is saved."""
        route, who, reason = _route(change.route), _who(actor), _reason(reason)
        base = _version_number(base_version)
        with self.store._session(write=True) as s:
            row = self._locked(s, str(case_id))
            head = row.head_version
            if base > head:
                raise VersionNotFound(f"Case '{row.id}' has no version {base} yet (its latest is version {head}), "
                                      "so the change was not saved; reload to see the latest version.")
            latest = self._version_row(s, row.id, head)
            if base < head and not change.rebases:
                raise StaleVersion(self._stale(base, self._info(latest)), head)
            current = self._with_case(self._info(latest), latest.case_data).case
            new_case = change.apply(current)
            return self._write(s, row, head + 1, new_case, who, route, reason, change.summary(), base,
                               json.loads(latest.case_data))

    @_logged
    def set_editors(self, case_id: str, emails: Sequence[str], actor: Actor) -> None:
        """Who may edit the case: e-mail addresses, checked, lower-cased, each once."""
        if isinstance(emails, str):
            emails = [emails]
        _who(actor)
        clean: list[str] = []
        for raw in emails:
            if str(raw or "").strip():
                address = _email(raw, "Editors")
                if address not in clean:
                    clean.append(address)
        if len(clean) > MAX_EDITORS:
            raise InvalidInput(f"Editors: {len(clean)} addresses; at most {MAX_EDITORS} are allowed.")
        with self.store._session(write=True) as s:
            row = self._locked(s, str(case_id))
            row.editors = clean
        log.info("store case library: editors of case %r set (%d)", str(case_id)[:64], len(clean))

    # Inside a transaction. -----------------------------------------------------------------------
    def _not_found(self, case_id: str) -> CaseNotFound:
        return CaseNotFound(f"There is no case '{str(case_id)[:80]}' in the store.")

    def _locked(self, s: Session, case_id: str) -> CaseRow:
        """The case's row, locked until the transaction ends (SQLite: the write session holds the lock)."""
        q = select(CaseRow).where(CaseRow.id == case_id)
        if not self.store.is_sqlite:
            q = q.with_for_update()
        row = s.scalars(q).first()
        if row is None:
            raise self._not_found(case_id)
        return row

    def _version_row(self, s: Session, case_id: str, version: int) -> CaseVersionRow:
        row = s.scalars(select(CaseVersionRow).where(CaseVersionRow.case_id == case_id,
                                                     CaseVersionRow.version == version)).first()
        if row is None:
            head = s.scalar(select(CaseRow.head_version).where(CaseRow.id == case_id))
            if head is None:
                raise self._not_found(case_id)
            raise VersionNotFound(f"Case '{case_id}' has no version {version} (its versions are 1 to {head}).")
        return row

    def _first_version(self, s: Session, case_id: str, case: Case, who: tuple[str, str | None, bool], route: str,
                       reason: str) -> CaseVersion:
        at = now()
        row = CaseRow(id=case_id, title=case.title[:300], created_at=at, created_by=who[0], head_version=0,
                      updated_at=at, updated_by=who[0], editors=[])
        s.add(row)
        s.flush()  # the case's row first: the version's foreign key points at it
        return self._write(s, row, 1, case, who, route, reason, ROUTES[route], None, {}, at)

    def _write(self, s: Session, row: CaseRow, version: int, case: Case, who: tuple[str, str | None, bool], route: str,
               reason: str, summary: str, base: int | None, before: Mapping[str, Any],
               at: datetime | None = None) -> CaseVersion:
        """Insert version ``version`` and its audit entry and move the head; returns the version as read back."""
        at = at or now()
        data = canonical_json(case)
        author, email, verified = who
        summary = summary[:MAX_NOTE]
        info = VersionInfo(row.id, version, at, author, email, verified, route, reason, summary, base)
        stored = self._with_case(info, data)  # the stored text must parse, or nothing is saved
        s.add(CaseVersionRow(case_id=row.id, version=version, at=at, author=author, author_email=email, verified=verified,
                             route=route, reason=reason, summary=summary, base_version=base, case_data=data))
        s.add(CaseAuditRow(case_id=row.id, version=version, at=at, author=author, author_email=email, verified=verified,
                           route=route, reason=reason, summary=summary, changes=changes_between(before, json.loads(data))))
        row.title, row.head_version, row.updated_at, row.updated_by = case.title[:300], version, at, author
        s.flush()
        return stored

    @staticmethod
    def _stale(base: int, latest: VersionInfo) -> str:
        what = latest.summary or ROUTES.get(latest.route, latest.route)
        others = latest.version - base - 1
        after = f", after {others} other change{'s' if others != 1 else ''}" if others else ""
        return (f"This case has changed since you opened version {base}: version {latest.version} by "
                f"{latest.actor.label} at {uk_time(latest.at)} ({what}){after}. Your change was not saved; "
                "reload to see the latest version.")

    # Rows to values. -----------------------------------------------------------------------------
    @staticmethod
    def _summary(row: CaseRow) -> CaseSummary:
        return CaseSummary(row.id, row.title, row.head_version, _aware(row.updated_at), row.updated_by,  # type: ignore[arg-type]
                           _aware(row.created_at), tuple(row.editors or ()))  # type: ignore[arg-type]

    @staticmethod
    def _info(row: CaseVersionRow) -> VersionInfo:
        return VersionInfo(row.case_id, row.version, _aware(row.at), row.author, row.author_email,  # type: ignore[arg-type]
                           bool(row.verified), row.route, row.reason or "", row.summary or "", row.base_version)

    def _with_case(self, info: VersionInfo, data: str) -> CaseVersion:
        """The version with its case, parsed once per process (versions never change)."""
        key = (self.store.url, info.case_id, info.version, _micros(info.at))
        with self._parsed_lock:
            case = self._parsed.get(key)
            if case is not None:
                self._parsed.move_to_end(key)
        if case is None:
            case = case_from_mapping(json.loads(data), f"case '{info.case_id}' version {info.version}")
            with self._parsed_lock:
                self._parsed[key] = case
                while len(self._parsed) > _CACHE_SIZE:
                    self._parsed.popitem(last=False)
        return CaseVersion(**vars(info), case=case)

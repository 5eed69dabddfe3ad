"""The store's tables (SQLAlchemy declarative).

These models and the migrations in ``appraisal/store/migrations/versions/`` describe the same tables:
a change here needs a new revision there (``tests/appraisal/store/test_migrations.py`` compares them).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from appraisal.analysis.workshop import DEFAULT_METHOD, OPEN


# Tables. ---------------------------------------------------------------------------------------
class Base(DeclarativeBase):
    pass


class SnapshotRow(Base):
    __tablename__ = "oas_snapshots"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_key: Mapped[str] = mapped_column(String(300), index=True)
    case_title: Mapped[str] = mapped_column(String(300), default="")
    name: Mapped[str] = mapped_column(String(200))
    author: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    weight_sets: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class AuditRow(Base):
    __tablename__ = "oas_weight_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_key: Mapped[str] = mapped_column(String(300), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    weight_set_id: Mapped[str] = mapped_column(String(64))
    weight_set_name: Mapped[str] = mapped_column(String(200))
    criterion_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    old_value: Mapped[float | None] = mapped_column(nullable=True)
    new_value: Mapped[float | None] = mapped_column(nullable=True)
    reference: Mapped[str] = mapped_column(String(300), default="")


class WorkshopRow(Base):
    __tablename__ = "oas_workshops"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    case_key: Mapped[str] = mapped_column(String(300), index=True)
    case_title: Mapped[str] = mapped_column(String(300), default="")
    # Text, not JSON: the rating scale's label order matters, and some JSON column types re-order keys.
    case_data: Mapped[str] = mapped_column(Text)
    method: Mapped[str] = mapped_column(String(20), default=DEFAULT_METHOD)
    key_hash: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default=OPEN)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    adopted: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class SubmissionRow(Base):
    __tablename__ = "oas_submissions"
    __table_args__ = (UniqueConstraint("workshop_id", "participant_token", name="uq_oas_submission_participant"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("oas_workshops.id", ondelete="CASCADE"), index=True)
    participant_token: Mapped[str] = mapped_column(String(64))
    council: Mapped[str | None] = mapped_column(String(64), nullable=True)
    display_name: Mapped[str] = mapped_column(String(200))
    weights: Mapped[dict[str, float]] = mapped_column(JSON)
    method: Mapped[str] = mapped_column(String(20))
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revised_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revision: Mapped[int] = mapped_column(Integer, default=1)


class ParticipantRow(Base):
    """A participant place issued by the server to one device's session: only the token's hash is kept.

    ``device_hash`` is a hash of what the browser tells us about the device (address and browser), so a
    reload on the same phone can resume its place and a copied token cannot be used from elsewhere;
    ``origin`` is the network address the place was issued to (shown to the facilitator only).
    """

    __tablename__ = "oas_participants"
    __table_args__ = (UniqueConstraint("token_hash", name="uq_oas_participant_token"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("oas_workshops.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    device_hash: Mapped[str] = mapped_column(String(64), default="")
    origin: Mapped[str] = mapped_column(String(64), default="")
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FailureRow(Base):
    """A wrong workshop code or facilitator key: counted per subject (a session, an address, a code) in
    a sliding window to slow down and then lock out guessing, on every server sharing the store."""

    __tablename__ = "oas_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


# The case library (revision 0002): every case versioned, nothing overwritten. ---------------------
class CaseRow(Base):
    """A case in the library: its id (the case-file id, [a-z0-9_]), and its head version for cheap polling."""

    __tablename__ = "oas_cases"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(200))
    head_version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    updated_by: Mapped[str] = mapped_column(String(200))
    editors: Mapped[list[str]] = mapped_column(JSON, default=list)


class _VersionStamp:
    """Who made a version, when, how and why: the columns a version and its audit entry share."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("oas_cases.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[str] = mapped_column(String(200))
    author_email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    route: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")


class CaseVersionRow(_VersionStamp, Base):
    """One version of a case, never changed once written. ``case_data`` is Text, not JSON, so the
    canonical JSON of the case keeps its key order (some JSON column types re-order keys)."""

    __tablename__ = "oas_case_versions"
    __table_args__ = (UniqueConstraint("case_id", "version", name="uq_oas_case_version"),)
    base_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    case_data: Mapped[str] = mapped_column(Text)


class CaseAuditRow(_VersionStamp, Base):
    """The audit entry of one version (exactly one each, written in the version's transaction):
    who, when, by which route and why, and what changed (weights one by one; scores, options and
    criteria counted)."""

    __tablename__ = "oas_case_audit"
    __table_args__ = (UniqueConstraint("case_id", "version", name="uq_oas_case_audit_version"),)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)

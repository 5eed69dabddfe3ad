"""The release's tables (November 2026, commit c7ae239): snapshots, the weight audit, workshops,
submissions, participant places and failed guesses — exactly as that release's ``create_all`` made them.

A store made by the release has these tables and no ``alembic_version``: ``Store.ensure_schema``
stamps it at this revision instead of running it. A store from an older release may lack the newer
tables, so each is created only when missing.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _snapshots() -> None:
    op.create_table(
        "oas_snapshots",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_key", sa.String(300), nullable=False),
        sa.Column("case_title", sa.String(300), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("weight_sets", sa.JSON(), nullable=False),
    )
    op.create_index("ix_oas_snapshots_case_key", "oas_snapshots", ["case_key"])


def _weight_audit() -> None:
    op.create_table(
        "oas_weight_audit",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_key", sa.String(300), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("weight_set_id", sa.String(64), nullable=False),
        sa.Column("weight_set_name", sa.String(200), nullable=False),
        sa.Column("criterion_id", sa.String(64), nullable=True),
        sa.Column("old_value", sa.Double(), nullable=True),
        sa.Column("new_value", sa.Double(), nullable=True),
        sa.Column("reference", sa.String(300), nullable=False),
    )
    op.create_index("ix_oas_weight_audit_case_key", "oas_weight_audit", ["case_key"])


def _workshops() -> None:
    op.create_table(
        "oas_workshops",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(16), nullable=False, unique=True),
        sa.Column("case_key", sa.String(300), nullable=False),
        sa.Column("case_title", sa.String(300), nullable=False),
        sa.Column("case_data", sa.Text(), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("key_hash", sa.String(200), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("closed_at", TZ, nullable=True),
        sa.Column("adopted", sa.JSON(), nullable=False),
    )
    op.create_index("ix_oas_workshops_case_key", "oas_workshops", ["case_key"])


def _submissions() -> None:
    op.create_table(
        "oas_submissions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("workshop_id", sa.Integer(), sa.ForeignKey("oas_workshops.id", ondelete="CASCADE"), nullable=False),
        sa.Column("participant_token", sa.String(64), nullable=False),
        sa.Column("council", sa.String(64), nullable=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("submitted_at", TZ, nullable=False),
        sa.Column("revised_at", TZ, nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.UniqueConstraint("workshop_id", "participant_token", name="uq_oas_submission_participant"),
    )
    op.create_index("ix_oas_submissions_workshop_id", "oas_submissions", ["workshop_id"])


def _participants() -> None:
    op.create_table(
        "oas_participants",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("workshop_id", sa.Integer(), sa.ForeignKey("oas_workshops.id", ondelete="CASCADE"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("device_hash", sa.String(64), nullable=False),
        sa.Column("origin", sa.String(64), nullable=False),
        sa.Column("issued_at", TZ, nullable=False),
        sa.UniqueConstraint("token_hash", name="uq_oas_participant_token"),
    )
    op.create_index("ix_oas_participants_workshop_id", "oas_participants", ["workshop_id"])


def _failures() -> None:
    op.create_table(
        "oas_failures",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("at", TZ, nullable=False),
    )
    op.create_index("ix_oas_failures_subject", "oas_failures", ["subject"])
    op.create_index("ix_oas_failures_at", "oas_failures", ["at"])


#: In the order the foreign keys need (workshops before their submissions and places).
TABLES: dict[str, Callable[[], None]] = {
    "oas_snapshots": _snapshots,
    "oas_weight_audit": _weight_audit,
    "oas_workshops": _workshops,
    "oas_submissions": _submissions,
    "oas_participants": _participants,
    "oas_failures": _failures,
}


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    for name, create in TABLES.items():
        if name not in existing:
            create()


def downgrade() -> None:
    for name in reversed(TABLES):
        op.drop_table(name)

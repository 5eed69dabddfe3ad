"""The case library: cases, their versions (never overwritten) and one audit entry per version; and
the release's shipped-case keys (``data:<file>.yaml``) rewritten to the case's library id (the file's
stem), so snapshots, the weight audit and workshops follow the case into the library. Upload keys
(``upload:…``) are left as they are.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
KEYED = ("oas_snapshots", "oas_weight_audit", "oas_workshops")
_SHIPPED = re.compile(r"data:(?P<stem>[a-z0-9_]{1,64})\.ya?ml")


def _who() -> list[sa.Column]:
    return [
        sa.Column("at", TZ, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("author_email", sa.String(320), nullable=True),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("route", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
    ]


def _rekey(old_to_new: dict[str, str]) -> None:
    bind = op.get_bind()
    for table in KEYED:
        t = sa.table(table, sa.column("case_key", sa.String))
        for old, new in old_to_new.items():
            bind.execute(t.update().where(t.c.case_key == old).values(case_key=new))


def _keys() -> set[str]:
    bind = op.get_bind()
    keys: set[str] = set()
    for table in KEYED:
        t = sa.table(table, sa.column("case_key", sa.String))
        keys |= {str(k) for k in bind.execute(sa.select(t.c.case_key).distinct()).scalars()}
    return keys


def upgrade() -> None:
    op.create_table(
        "oas_cases",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("head_version", sa.Integer(), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.Column("editors", sa.JSON(), nullable=False),
    )
    op.create_index("ix_oas_cases_updated_at", "oas_cases", ["updated_at"])
    op.create_table(
        "oas_case_versions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(64), sa.ForeignKey("oas_cases.id", ondelete="CASCADE"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *_who(),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("case_data", sa.Text(), nullable=False),
        sa.UniqueConstraint("case_id", "version", name="uq_oas_case_version"),
    )
    op.create_table(
        "oas_case_audit",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(64), sa.ForeignKey("oas_cases.id", ondelete="CASCADE"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *_who(),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.UniqueConstraint("case_id", "version", name="uq_oas_case_audit_version"),
    )
    matches = {k: _SHIPPED.fullmatch(k) for k in _keys()}
    _rekey({k: m.group("stem") for k, m in matches.items() if m})


def downgrade() -> None:
    _rekey({k: f"data:{k}.yaml" for k in _keys() if re.fullmatch(r"[a-z0-9_]{1,64}", k)})
    op.drop_table("oas_case_audit")
    op.drop_table("oas_case_versions")
    op.drop_index("ix_oas_cases_updated_at", table_name="oas_cases")
    op.drop_table("oas_cases")

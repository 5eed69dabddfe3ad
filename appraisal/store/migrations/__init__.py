"""The store's schema migrations (Alembic), run programmatically by ``Store.ensure_schema``.

The scripts live in this package (``env.py``, ``versions/``), so they are found from any working
directory and from a clean clone; no ``alembic.ini`` is needed. :func:`upgrade` runs on the store's own
connection, inside the transaction that holds the start-up lock (PostgreSQL's advisory lock, SQLite's
write lock), so processes starting at once migrate one after the other and the second finds nothing
to do.

A store made by the release before migrations (its tables, no version table) is recognised by its
tables and stamped at :data:`RELEASE_REVISION` before upgrading. A new revision: copy the newest file
in ``versions/``, change ``schema.py`` to match, and run ``tests/appraisal/store/test_migrations.py``
(it fails while the models and the migrated database differ).
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from appraisal.store.schema import Base

log = logging.getLogger("appraisal.store")

SCRIPTS = Path(__file__).resolve().parent
#: Our own name for Alembic's version table, prefixed like every table of the app (a council's
#: database may hold other applications' tables, and their ``alembic_version``).
VERSION_TABLE = "oas_alembic_version"
RELEASE_REVISION = "0001"
RELEASE_TABLES = ("oas_snapshots", "oas_weight_audit", "oas_workshops", "oas_submissions", "oas_participants",
                  "oas_failures")


def config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for these scripts (and, to run them, the connection to run them on)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS).replace("%", "%%"))
    cfg.set_main_option("version_table", VERSION_TABLE)
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@functools.cache
def head() -> str:
    """The newest revision."""
    return str(ScriptDirectory.from_config(config()).get_current_head())


def current(connection: Connection) -> str | None:
    """The revision the database is at (None: not under migrations yet)."""
    return MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE}).get_current_revision()


def _missing_release_tables(connection: Connection) -> list[str]:
    tables = set(inspect(connection).get_table_names())
    return [t for t in RELEASE_TABLES if t not in tables]


def needed(connection: Connection) -> bool:
    """Whether :func:`upgrade` has anything to do (two cheap reads: the usual start takes no lock)."""
    return current(connection) != head() or bool(_missing_release_tables(connection))


def upgrade(connection: Connection) -> list[str]:
    """Bring the database to :func:`head` on ``connection`` (inside the caller's transaction).

    Returns what was done, for the log: [] when it was already at head. A release table missing from
    a store at head (dropped by hand, or a copy of an older store's version table) is made again, as
    the release's own start did, so an old store file keeps working."""
    done: list[str] = []
    at = current(connection)
    if at == head():
        missing = _missing_release_tables(connection)
        if missing:
            Base.metadata.create_all(connection, tables=[Base.metadata.tables[t] for t in missing])
            done.append(f"made the missing tables {', '.join(missing)}")
            log.warning("store schema: %s", "; ".join(done))
        return done
    if at is None:
        tables = set(inspect(connection).get_table_names())
        if set(RELEASE_TABLES) <= tables:
            command.stamp(config(connection), RELEASE_REVISION)
            done.append(f"recognised the release's tables: stamped at {RELEASE_REVISION}")
            at = RELEASE_REVISION
    command.upgrade(config(connection), "head")
    done.append(f"upgraded from {at or 'nothing'} to {head()}")
    log.info("store schema: %s", "; ".join(done))
    return done

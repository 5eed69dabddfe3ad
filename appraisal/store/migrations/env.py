"""Alembic's environment for the store: always run programmatically, on the store's own connection.

:func:`appraisal.store.migrations.upgrade` hands the connection in (``config.attributes["connection"]``),
already inside the transaction that holds the start-up lock, so every revision runs in that one
transaction: several processes starting at once migrate once, one after the other.
"""

from __future__ import annotations

from alembic import context

from appraisal.store.migrations import VERSION_TABLE
from appraisal.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("The store's migrations run from appraisal.store.migrations.upgrade (Store.ensure_schema), "
                       "which passes the store's connection.")
context.configure(connection=connection, target_metadata=Base.metadata, version_table=VERSION_TABLE,
                  render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

"""The PostgreSQL test database (.ci/run starts PostgreSQL and sets APPRAISAL_TEST_PG_URL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

PG_ENV = "APPRAISAL_TEST_PG_URL"


def unavailable_reason() -> str | None:
    """None if the test database answers, else why not (shown as the skip reason)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = os.environ.get(PG_ENV)
    if not url:
        return f"{PG_ENV} is not set (.ci/run starts PostgreSQL and sets it)"
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        return f"PostgreSQL at {make_url(url).host} is not reachable ({type(exc).__name__})"
    return None


def schema_url(base: str, schema: str, *options: str) -> str:
    """``base`` with its search path set to ``schema`` (and any further ``-c`` options)."""
    from sqlalchemy.engine import make_url

    flags = " ".join([f"-csearch_path={schema}", *options])
    return make_url(base).update_query_dict({"options": flags}).render_as_string(hide_password=False)


@contextmanager
def private_schema() -> Iterator[tuple[str, str]]:
    """A fresh schema of its own on the test database, dropped afterwards: (base URL, schema name)."""
    from sqlalchemy import create_engine, text

    base = os.environ[PG_ENV]
    schema = f"oas_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield base, schema
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

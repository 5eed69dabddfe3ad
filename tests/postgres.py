"""The PostgreSQL test database (.ci/run starts PostgreSQL and sets APPRAISAL_TEST_PG_URL)."""

from __future__ import annotations

import os

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

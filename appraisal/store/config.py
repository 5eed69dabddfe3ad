"""Which database the store uses: a setting, or a SQLite file under var/ by default."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]   # the project folder (appraisal/store/config.py)
ENV_VAR = "APPRAISAL_STORE_URL"
DEFAULT_PATH = ROOT / "var" / "appraisal.sqlite3"
BUSY_TIMEOUT_S = 30.0
CONNECT_TIMEOUT_S = 5


# Configuration. --------------------------------------------------------------------------------
def resolve_url(configured: str | None = None) -> str:
    """The store URL: the environment variable, else ``configured`` (e.g. a secret), else SQLite."""
    url = os.environ.get(ENV_VAR, "").strip() or (configured or "").strip()
    return url or f"sqlite:///{DEFAULT_PATH}"


def describe_url(url: str) -> str:
    """Where the store is, without its password ('PostgreSQL database appraisal on db.example')."""
    try:
        u = make_url(url)
    except sa_exc.ArgumentError:
        return "the configured store"
    if u.get_backend_name() == "sqlite":
        return f"SQLite file {Path(u.database).name if u.database else '(in memory)'}"  # no server paths on screen
    name = {"postgresql": "PostgreSQL", "mysql": "MySQL"}.get(u.get_backend_name(), u.get_backend_name())
    return f"{name} database {u.database or ''} on {u.host or 'localhost'}".replace("  ", " ")

"""The release's stores (tests/fixtures/store/, made by make_release_fixture.py at commit c7ae239),
copied or loaded where a test can migrate them."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import create_engine

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "store"
SQLITE = FIXTURES / "release-2026-11.sqlite3"
PG_DUMP = FIXTURES / "release-2026-11.postgresql.sql"
PLACEHOLDER = "oas_release_fixture_schema"   # as make_release_fixture.py writes it

#: What the release wrote (make_release_fixture.py prints the same counts).
ROWS = {"oas_failures": 4, "oas_participants": 3, "oas_snapshots": 3, "oas_submissions": 3, "oas_weight_audit": 140,
        "oas_workshops": 1}


def sqlite_copy(folder: Path) -> str:
    """A copy of the release's SQLite store in ``folder``: its URL."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "release.sqlite3"
    shutil.copyfile(SQLITE, target)
    return f"sqlite:///{target}"


def load_pg(base: str, schema: str) -> None:
    """Replay the release's dump into ``schema`` (an empty schema of the test's own)."""
    sql = PG_DUMP.read_text(encoding="utf-8").replace(PLACEHOLDER, schema)
    engine = create_engine(base)
    try:
        with engine.begin() as conn:
            raw = conn.connection.driver_connection
            with raw.cursor() as cur:   # the driver's simple protocol: many statements, no parameters
                cur.execute(sql)
    finally:
        engine.dispose()

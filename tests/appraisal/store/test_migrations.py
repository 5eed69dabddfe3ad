"""Migrations: an empty store and the release's store (made by the release's own code, commit c7ae239)
both reach the newest revision on start, on SQLite and PostgreSQL, with every row the release wrote
intact; the models in schema.py and the migrated tables cannot drift apart (Alembic's autogenerate sees
no difference); several processes starting at once migrate once."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from appraisal.store import migrations
from appraisal.store.library import CaseLibrary
from appraisal.store.repository import Store
from appraisal.store.schema import Base
from tests.appraisal.store import release_fixture
from tests.appraisal.store.conftest import PG_SKIP
from tests.postgres import private_schema, schema_url

NEW_TABLES = {"oas_cases", "oas_case_versions", "oas_case_audit"}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def release_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # noqa: ANN001
    """A store as the release left it (tables, rows, no version table)."""
    if request.param == "sqlite":
        yield release_fixture.sqlite_copy(tmp_path)
        return
    if PG_SKIP:
        pytest.skip(PG_SKIP)
    with private_schema() as (base, schema):
        release_fixture.load_pg(base, schema)
        yield schema_url(base, schema)


def _counts(store: Store, tables: list[str]) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {t: int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() or 0) for t in tables}


def _drift(store: Store) -> list:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "version_table": migrations.VERSION_TABLE})
        return compare_metadata(context, Base.metadata)


def _revision(store: Store) -> str | None:
    with store.engine.connect() as conn:
        return migrations.current(conn)


def test_the_scripts_are_found_from_any_folder(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.chdir(tmp_path)
    assert migrations.head() == "0002"
    assert (migrations.SCRIPTS / "env.py").is_file()


def test_an_empty_store_is_upgraded_from_nothing(any_url: str) -> None:
    store = Store(any_url)
    store.ensure_schema()
    assert _revision(store) == migrations.head()
    with store.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    assert set(Base.metadata.tables) | {migrations.VERSION_TABLE} == tables
    assert _drift(store) == [], "schema.py and the migrations describe different tables: add a revision"
    store.dispose()


def test_the_release_store_is_recognised_stamped_and_upgraded(release_url: str) -> None:
    store = Store(release_url)
    with store.engine.connect() as conn:
        assert migrations.current(conn) is None, "the release had no version table"
    before = _counts(store, list(release_fixture.ROWS))
    assert before == release_fixture.ROWS
    store.ensure_schema()
    assert _revision(store) == migrations.head()
    assert _counts(store, list(release_fixture.ROWS)) == release_fixture.ROWS, "every row the release wrote is kept"
    assert _drift(store) == []
    with store.engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) >= NEW_TABLES
        keys = {t: sorted(conn.execute(text(f"SELECT DISTINCT case_key FROM {t}")).scalars())
                for t in ("oas_snapshots", "oas_weight_audit", "oas_workshops")}
    # data:<file>.yaml became the shipped case's library id; upload keys are as they were.
    assert keys["oas_snapshots"] == ["shared_management_review", "upload:my case.yaml:0123456789abcdef"]
    assert keys["oas_weight_audit"] == ["shared_management_review", "upload:my case.yaml:0123456789abcdef"]
    assert keys["oas_workshops"] == ["shared_management_review"]
    # The release's rows still work through today's store.
    snaps = store.list_snapshots("shared_management_review")
    assert [s.name for s in snaps] == ["After the panel", "Before the panel"]
    assert store.get_snapshot(snaps[-1].id).weight_sets[0]["id"] == "breckland_cabinet"
    assert len(store.audit_trail("shared_management_review")) == 130
    with store.engine.connect() as conn:
        code = conn.execute(text("SELECT code FROM oas_workshops")).scalar()
    workshop = store.get_workshop(code)
    assert workshop.case_key == "shared_management_review" and workshop.status == "closed"
    assert workshop.adopted[0]["set_id"] == "workshop_mean"
    assert store.count(code) == 3
    assert [s.display_name for s in store.submissions(code)] == ["Participant 1", "Participant 2", "Participant 3"]
    # And the library is there, empty, ready to be seeded.
    assert CaseLibrary(store).list_cases() == []
    store.dispose()
    again = Store(release_url)   # a second start finds nothing to do
    again.ensure_schema()
    assert _counts(again, list(release_fixture.ROWS)) == release_fixture.ROWS
    again.dispose()


def test_an_older_release_missing_tables_gets_them(tmp_path) -> None:  # noqa: ANN001
    """A store from before the failures table: not stamped (its tables are not the release's), so
    revision 0001 creates just what is missing and keeps the rest."""
    url = release_fixture.sqlite_copy(tmp_path)
    store = Store(url)
    with store.engine.begin() as conn:
        conn.execute(text("DROP TABLE oas_failures"))
    store.ensure_schema()
    rows = _counts(store, list(release_fixture.ROWS))
    assert rows == {**release_fixture.ROWS, "oas_failures": 0}
    assert _drift(store) == []
    store.dispose()


def test_processes_starting_at_once_migrate_once(any_url: str) -> None:
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["tests.appraisal.store.library_workers"])
    from tests.appraisal.store import library_workers

    n = 4
    barrier, results = ctx.Barrier(n), ctx.Queue()
    procs = [ctx.Process(target=library_workers.start, args=(any_url, barrier, results)) for _ in range(n)]
    for p in procs:
        p.start()
    got = [results.get(timeout=120) for _ in range(n)]
    for p in procs:
        p.join(30)
    assert got == [("ok", migrations.head())] * n, got
    store = Store(any_url)
    assert _drift(store) == []
    store.dispose()

"""Store URLs for the case-library and migration tests: a temp SQLite file, and a private schema on the
test PostgreSQL (skipped, with the reason, when it cannot be reached)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.postgres import private_schema, schema_url, unavailable_reason

PG_SKIP = unavailable_reason()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # noqa: ANN001
    """A fresh, empty store URL on each kind of database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store' / 'appraisal.sqlite3'}"
        return
    if PG_SKIP:
        pytest.skip(PG_SKIP)
    with private_schema() as (base, schema):
        yield schema_url(base, schema)

"""Issue 17, "Stores that fail loudly": a damaged, read-only or full store gives its own plain message
on the Weights, Workshop and Join pages — never Streamlit's generic error box or a traceback."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from appraisal.store.repository import Store
from tests.appraisal.store.test_hardening import _sqlite_with_data, damage
from tests.conftest import ROOT


def _run(path: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def damaged(tmp_path, sample_case, monkeypatch):
    from appraisal.formats.mapping import case_to_mapping

    path, new = _sqlite_with_data(tmp_path, case_to_mapping(sample_case))
    damage(path)
    monkeypatch.setenv("APPRAISAL_STORE_URL", f"sqlite:///{path}")
    return new


@pytest.mark.parametrize("page", ["views/weights.py", "views/workshop.py", "views/join.py"])
def test_a_damaged_store_says_what_to_do_on_every_page(damaged, page) -> None:
    at = _run(page, code=damaged.workshop.code)
    if page == "views/weights.py":
        for tab_button in [b for b in at.button if "snapshot" in (b.label or "").lower()]:
            tab_button.click().run()
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    if page == "views/workshop.py" and not errors:  # the start page reads the store for the list only
        at.button(key="wsf_start").click().run()
        errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert "damaged" in errors and "backup" in errors, errors
    assert "cannot be reached" not in errors and "Traceback" not in errors


def test_a_read_only_store_says_read_only_on_join(tmp_path, sample_case, monkeypatch) -> None:
    from appraisal.formats.mapping import case_to_mapping

    path, new = _sqlite_with_data(tmp_path, case_to_mapping(sample_case))
    monkeypatch.setenv("APPRAISAL_STORE_URL", f"sqlite:///file:{path}?mode=ro&uri=true")
    at = _run("views/join.py", code=new.workshop.code)
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert "read-only" in errors and "cannot be reached" not in errors, errors


def test_a_full_store_says_full_on_workshop(tmp_path, sample_case, monkeypatch) -> None:
    from sqlalchemy import event

    from appraisal.formats.mapping import case_to_mapping
    from appraisal.store.repository import open_store

    path, _ = _sqlite_with_data(tmp_path, case_to_mapping(sample_case))
    url = f"sqlite:///{path}"
    monkeypatch.setenv("APPRAISAL_STORE_URL", url)
    store = open_store(url)

    @event.listens_for(store.engine, "connect")
    def _tiny(dbapi_connection, _record) -> None:
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA max_page_count = {cur.execute('PRAGMA page_count').fetchone()[0]}")
        cur.close()

    store.engine.dispose()
    at = _run("views/workshop.py")
    for _ in range(3):
        at.button(key="wsf_start").click().run()
        if at.error:
            break
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert "full" in errors and "free space" in errors and "cannot be reached" not in errors, errors
    assert isinstance(store, Store)

"""Shared fixtures: the shipped case, and small valid case mappings to break on purpose."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from appraisal.case.model import Case
from appraisal.formats.load import load_case
from appraisal.store.library import CaseLibrary, VersionInfo
from appraisal.store.repository import Store

ROOT = Path(__file__).resolve().parent.parent  # the project folder; tests use this, never their own depth
SAMPLE = ROOT / "data" / "shared_management_review.yaml"
APP = str(ROOT / "app.py")  # AppTest.from_file resolves relative paths against the calling test file
VIEWS = ROOT / "views"

MINIMAL: dict[str, Any] = {
    "format": "options-appraisal/1",
    "title": "Minimal case",
    "councils": [{"id": "north", "name": "North"}, {"id": "south", "name": "South"}],
    "rating_scale": {"High": 3, "Medium": 2, "Low": 1},
    "criteria": [
        {"id": "finance", "name": "Financial sustainability"},
        {"id": "place", "name": "Place leadership"},
        {"id": "risk", "name": "Deliverability"},
    ],
    "options": [
        {"id": "as_is", "name": "As is", "status_quo": True},
        {"id": "shared", "name": "Shared service"},
        {"id": "alone", "name": "Stand alone"},
    ],
    "scores": {
        "as_is": {"finance": "Low", "place": "Medium", "risk": "High"},
        "shared": {"finance": "High", "place": "High", "risk": "Low"},
        "alone": {"finance": "Medium", "place": "Low", "risk": "Medium"},
    },
    "weight_sets": [
        {"id": "north_cabinet", "name": "North cabinet", "council": "north", "weights": {"finance": 3, "place": 2, "risk": 1}},
        {"id": "south_cabinet", "name": "South cabinet", "council": "south", "weights": {"finance": 1, "place": 2, "risk": 3}},
    ],
}


@pytest.fixture
def minimal() -> dict[str, Any]:
    """A fresh deep copy of a small valid case mapping, to modify in a test."""
    return copy.deepcopy(MINIMAL)


@pytest.fixture(scope="session")
def sample_case() -> Case:
    return load_case(SAMPLE)


@pytest.fixture(autouse=True)
def _own_store(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test gets its own empty SQLite store (pages that save snapshots or run workshops never
    write to the project's var/appraisal.sqlite3); a test may set APPRAISAL_STORE_URL itself."""
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'appraisal.sqlite3'}"
    monkeypatch.setenv("APPRAISAL_STORE_URL", url)
    return url


@pytest.fixture(scope="session")
def hostile_corpus() -> Path:
    """The hostile-input corpus directory (tests/hostile/generated/), built on first use in a session
    when missing or stale; parametrise on ``tests.hostile.make_corpus.describe()``, which makes no file."""
    from tests.hostile.make_corpus import GENERATED, ensure  # make_corpus imports MINIMAL from here

    ensure(GENERATED)
    return GENERATED


@pytest.fixture
def store_url(_own_store: str) -> str:
    """The URL of this test's own store, for a test that opens it beside the app."""
    return _own_store


def open_app(page: str | None = None, timeout: int = 60) -> AppTest:
    """The app on the shipped case, run once and, if given, switched to ``page``; no exception shown."""
    at = AppTest.from_file(APP, default_timeout=timeout).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception
    return at


def view(name: str) -> str:
    """The path of page ``views/<name>.py``, for ``AppTest.from_file``: a test of one page starts that page,
    not the whole app (the sidebar's case picker only chooses the case, and the shipped one is the default)."""
    return str(VIEWS / f"{name}.py")


def open_view(name: str, timeout: int = 60) -> AppTest:
    """Page ``views/<name>.py`` on its own, on the shipped case, run once; no exception shown."""
    at = AppTest.from_file(view(name), default_timeout=timeout).run()
    assert not at.exception
    return at


SAMPLE_ID = "shared_management_review"  # the shipped sample case's id in the case library


def library(url: str | None = None) -> CaseLibrary:
    """The case library of this test's store (the one the app under test uses)."""
    return CaseLibrary(Store(url or os.environ["APPRAISAL_STORE_URL"]))


def stored_case(case_id: str = SAMPLE_ID, url: str | None = None) -> Case:
    """The latest version of a case as the app saved it."""
    return library(url).get(case_id).case


def versions(case_id: str = SAMPLE_ID, url: str | None = None) -> list[VersionInfo]:
    """A case's versions, newest first."""
    return library(url).history(case_id)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m appraisal ARGS`` as a user runs it, from the project folder."""
    return subprocess.run([sys.executable, "-m", "appraisal", *args], capture_output=True, text=True, cwd=ROOT, timeout=60)


def plain(text: str) -> str:
    """Markdown's escapes taken out: the text as the reader sees it."""
    return text.replace("\\", "")

"""``python -m appraisal cases list|show|history|export`` against a temp SQLite store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from appraisal.case.changes import Actor, AddWeightSet, ReplaceCase, make_weight_set
from appraisal.case.model import Case
from appraisal.cli import main
from appraisal.formats.load import load_case
from appraisal.store.library import CaseLibrary
from appraisal.store.repository import Store
from tests.conftest import cli

BOB = Actor("Bob Smith", "bob@council.gov.uk", verified=True)


@pytest.fixture
def url(tmp_path: Path, sample_case: Case) -> str:
    """A store with the shipped case at three versions and a second case."""
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    lib = CaseLibrary(Store(url))
    lib.seed({"shared_management_review": sample_case})
    ws = make_weight_set(sample_case, "Scrutiny panel", dict.fromkeys(sample_case.criterion_ids, 1.0), method="manual")
    lib.apply("shared_management_review", AddWeightSet("save-as", weight_set=ws), 1, BOB, reason="Agreed\nat the panel")
    edited = lib.get("shared_management_review").case.model_copy(update={"title": "Review, as edited"})
    lib.apply("shared_management_review", ReplaceCase("case-data", case=edited), 2, Actor("Ann"))
    lib.create(sample_case.model_copy(update={"title": "=HYPERLINK(\"x\") <b>other</b>"}), Actor("Cath"))
    lib.store.dispose()
    return url


def test_list(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cases", "list", "--store", url]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["Case", "Title", "Versions", "Last", "change", "By"]
    assert out[2].split()[:3] == ["hyperlink_x_b_other_b", "=HYPERLINK(\"x\")", "<b>other</b>"], "typed text printed as it is"
    assert out[2].endswith("Cath")
    assert out[3].split()[:5] == ["shared_management_review", "Review,", "as", "edited", "3"] and out[3].endswith("Ann")
    assert main(["cases", "list", "--store", url, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [(c["id"], c["versions"], c["updated_by"]) for c in doc] == [
        ("hyperlink_x_b_other_b", 1, "Cath"), ("shared_management_review", 3, "Ann")]


def test_show(url: str, capsys: pytest.CaptureFixture[str], sample_case: Case) -> None:
    assert main(["cases", "show", "shared_management_review", "--version", "2", "--store", url]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{sample_case.title}\nCase shared_management_review, version 2 (the latest is 3)\n")
    assert "by Bob Smith (bob@council.gov.uk): weight set saved from the sliders — added weight set “Scrutiny panel”" in out
    assert "Reason: Agreed at the panel" in out
    assert f"Options ({len(sample_case.options)}): {sample_case.options[0].name}; " in out
    assert "Weight sets (5):" in out and "scrutiny_panel" in out and "manual" in out
    assert main(["cases", "show", "shared_management_review", "--store", url, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["version"], doc["latest_version"], doc["title"], doc["route"], doc["author"]) == (
        3, 3, "Review, as edited", "case-data", "Ann")
    assert len(doc["weight_sets"]) == 5 and doc["verified"] is False


def test_history(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cases", "history", "shared_management_review", "--store", url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["v3", "v2", "v1"]
    assert "Ann (not verified)  Case data edited: Case data edited" in lines[0]
    assert lines[1].endswith("added weight set “Scrutiny panel” — Agreed at the panel")
    assert "Options Appraisal Studio  shipped sample case" in lines[2]
    assert main(["cases", "history", "shared_management_review", "--store", url, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [v["version"] for v in doc["versions"]] == [3, 2, 1]
    assert doc["versions"][1]["reason"] == "Agreed\nat the panel" and doc["versions"][1]["email"] == "bob@council.gov.uk"


def test_export_is_a_case_file_rank_accepts(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "v2.yaml"
    assert main(["cases", "export", "shared_management_review", "--version", "2", "-o", str(target), "--store", url]) == 0
    assert "Wrote version 2" in capsys.readouterr().err
    lib = CaseLibrary(Store(url))
    assert load_case(target) == lib.get("shared_management_review", 2).case
    lib.store.dispose()
    ranked = cli("rank", str(target), "--weights", "scrutiny_panel", "--json")
    assert ranked.returncode == 0, ranked.stderr
    assert json.loads(ranked.stdout)["weight_set"] == "scrutiny_panel"
    assert main(["cases", "export", "shared_management_review", "--store", url]) == 0
    assert "title: Review, as edited" in capsys.readouterr().out
    assert main(["cases", "export", "shared_management_review", "-o", str(target), "--store", url]) == 2
    assert "already exists" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "message"), [
    (["show", "nope"], "python -m appraisal cases: error: There is no case 'nope' in the store.\n"),
    (["history", "nope"], "python -m appraisal cases: error: There is no case 'nope' in the store.\n"),
    (["export", "shared_management_review", "--version", "9"], "has no version 9 (its versions are 1 to 3)"),
])
def test_errors_are_one_line_and_exit_2(url: str, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cases", *argv, "--store", url]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.err.count("\n") == 1 and captured.out == ""


def test_a_missing_store_or_bad_version_is_a_usage_error(tmp_path: Path) -> None:
    done = cli("cases", "list", "--store", f"sqlite:///{tmp_path / 'none.sqlite3'}")
    assert done.returncode == 2 and "There is no store at" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "none.sqlite3").exists(), "a mistyped store is not created"
    bad = cli("cases", "show", "x", "--version", "0", "--store", f"sqlite:///{tmp_path / 'none.sqlite3'}")
    assert bad.returncode == 2 and "0 is not a version number" in bad.stderr


def test_the_default_store_is_the_apps(url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("APPRAISAL_STORE_URL", url)
    assert main(["cases", "list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_an_empty_store_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    Store(url).ensure_schema()
    assert main(["cases", "list", "--store", url]) == 0
    assert capsys.readouterr().out == "There are no cases in the store (SQLite file s.sqlite3) yet.\n"

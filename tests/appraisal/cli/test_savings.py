"""``python -m appraisal savings CASE [--scenario ID] [--key ID] [--json]``."""

from __future__ import annotations

import json

import pytest

from appraisal.analysis import savings as sv
from appraisal.cli import main
from appraisal.formats.load import load_case
from tests.conftest import ROOT, SAMPLE, cli

CASE_2022 = ROOT / "data" / "strategic_partnership_2022.yaml"


def test_json_document_matches_the_engine() -> None:
    done = cli("savings", str(CASE_2022), "--json")
    assert done.returncode == 0 and done.stderr == ""
    doc = json.loads(done.stdout)
    assert set(doc) == {"scenario", "key", "discount_rate", "years", "councils", "by_year", "totals", "published",
                        "apportionment", "warnings"}
    assert doc["scenario"] == "central" and doc["key"] is None and doc["discount_rate"] == 3.5
    assert doc["councils"] == ["harborough", "melton"]
    case = load_case(CASE_2022)
    res = sv.compute(case)
    rows = {(r["year"], r["council"]): r for r in doc["by_year"]}
    assert len(rows) == len(res.years) * 3
    assert rows[("2024/25", "harborough")]["gross"] == pytest.approx(res.gross[2, 0])
    assert rows[("2024/25", None)]["net"] == pytest.approx(res.net[2].sum())
    totals = {t["council"]: t for t in doc["totals"]}
    assert totals[None]["npv"] == pytest.approx(res.npv.sum())
    assert totals["melton"]["payback_year"] == res.payback[1]
    assert all(p["matches"] for p in doc["published"])
    assert {p["id"]: p["regenerated"] for p in doc["published"]}["ceo_dceo_including"] == pytest.approx(44_000)
    assert doc["warnings"] == []  # the case's own keys: no council pays for the other's benefit
    assert {a["key"] for a in doc["apportionment"]} == {"equal", "population", "council_tax_base", "area", "service_specific"}


def test_key_and_scenario_change_the_answer() -> None:
    doc = json.loads(cli("savings", str(CASE_2022), "--key", "population", "--scenario", "prudent", "--json").stdout)
    assert doc["key"] == "population" and doc["scenario"] == "prudent"
    assert any("Harborough would pay" in w and "may not fund or subsidise" in w for w in doc["warnings"])


def test_readable_table_shows_the_reports_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["savings", str(CASE_2022)]) == 0
    out = capsys.readouterr().out
    assert "Scenario: Central" in out and "Both councils" in out
    for figure in ("£23k", "£44k", "£79k", "£117k", "£102k", "£161k", "£120k", "£147k", "£30,000"):
        assert figure in out
    assert "NO" not in out.split("The report's figures")[1].split("\n\n")[0].split()


@pytest.mark.parametrize(("args", "message"), [
    ([str(SAMPLE)], "has no savings section"),
    ([str(CASE_2022), "--key", "nope"], "--key: 'nope' is not an apportionment key of this case"),
    ([str(CASE_2022), "--scenario", "nope"], "--scenario: 'nope' is not a scenario of this case"),
    (["missing.yaml"], "no such file"),
])
def test_bad_requests_exit_2_with_a_message(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["savings", *args]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == "" and "Traceback" not in captured.err

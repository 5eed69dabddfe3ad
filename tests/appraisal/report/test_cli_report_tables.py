"""The CLI prints the report layer's tables: acceptability (smaa), ranking (rank) and the savings tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from appraisal import fmt
from appraisal.analysis import savings as sv
from appraisal.analysis.scoring import Appraisal
from appraisal.analysis.smaa import smaa
from appraisal.cli import main
from appraisal.cli.common import frame_rows
from appraisal.formats.load import load_case
from appraisal.report import savings as savings_report
from appraisal.report.ranking import ranking_table
from appraisal.report.sensitivity import acceptability_table

DATA = Path(__file__).resolve().parents[3] / "data"
SHARED = DATA / "shared_management_review.yaml"
PARTNERSHIP = DATA / "strategic_partnership_2022.yaml"


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("  ") if c.strip()]


def test_acceptability_table_shares_every_rank(capsys: pytest.CaptureFixture[str]) -> None:
    case = load_case(SHARED)
    a = Appraisal(case)
    result = smaa(a.S, n_samples=2000, seed=5)
    table = acceptability_table(a, result)
    n = a.n_options
    assert list(table.columns) == ["Option", *[fmt.ordinal(r) for r in range(1, n + 1)], "Confidence factor"]
    for i in range(n):
        assert [table[fmt.ordinal(r + 1)].iloc[i] for r in range(n)] == [fmt.share(v) for v in result.acceptability[i]]
    assert table.iloc[:, 1].map(lambda s: float(s.rstrip(" %"))).sum() == pytest.approx(100, abs=n)
    assert main(["smaa", str(SHARED), "--samples", "2000", "--seed", "5"]) == 0
    out = capsys.readouterr().out.splitlines()
    body = [ln for ln in out if any(ln.startswith(o) for o in table["Option"])]
    assert [_cells(ln)[1:] for ln in body] == [row[1:] for row in frame_rows(table.drop(columns="Confidence factor"))]


def test_rank_prints_the_ranking_table(capsys: pytest.CaptureFixture[str]) -> None:
    case = load_case(PARTNERSHIP)
    a = Appraisal(case)
    table = ranking_table(a.results(a.W[0]))
    assert main(["rank", str(PARTNERSHIP)]) == 0
    out = capsys.readouterr().out.splitlines()
    start = out.index(next(ln for ln in out if ln.startswith("Rank")))
    assert _cells(out[start]) == list(table.columns)
    assert [_cells(ln) for ln in out[start + 2:]] == frame_rows(table)


def test_savings_cli_prints_the_report_totals_and_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    case = load_case(PARTNERSHIP)
    res = sv.compute(case, sv.settings_for(case, key_id="population"))
    key_name = case.savings.key("population").name
    summary = savings_report.summary_table(res)
    assert main(["savings", str(PARTNERSHIP), "--key", "population"]) == 0
    out = capsys.readouterr().out
    for _, row in summary.iterrows():
        line = next(ln for ln in out.splitlines() if ln.startswith(row["Council"] + "  ") and fmt.money(row["Net present value"]) in ln)
        assert fmt.money(row["Net saving"]) in line and str(row["Payback year"]) in line
    for w in sv.subsidy_warnings(res, key_name)[:10]:
        assert f"- {savings_report.subsidy_warning_text(w)}" in out

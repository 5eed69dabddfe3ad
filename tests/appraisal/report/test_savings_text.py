"""The Savings page's sentences and £ tables (appraisal.report.savings), from the shipped partnership case."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from appraisal import fmt
from appraisal.analysis import savings as sv
from appraisal.case.model import Case
from appraisal.formats.load import load_case
from appraisal.report import savings as report

DATA = Path(__file__).resolve().parents[3] / "data"


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case(DATA / "strategic_partnership_2022.yaml")


def _pounds(text: str) -> float:
    """'£1,234' / '−£5' / '£1.2m' back to a number (to the precision shown)."""
    t = text.replace("−", "-").replace("£", "").replace(",", "")
    scale = 1e6 if t.endswith("m") else 1e3 if t.endswith("k") else 1.0
    return float(t.rstrip("mk")) * scale


def test_subsidy_warning_text_names_payer_line_and_the_rule(case: Case) -> None:
    results = sv.by_key(case)
    warnings = [w for k in case.savings.all_keys for w in sv.subsidy_warnings(results[k.id], k.name)]
    assert warnings, "the shipped case has keys under which one council pays for the other"
    for w in warnings:
        text = report.subsidy_warning_text(w)
        assert text.startswith(f"{w.key_name}: {w.payer} would pay ") and f"'{w.line_name}'" in text
        assert f"while {w.gainer} saves " in text and report.SUBSIDY_RULE in text


def test_subsidy_summary_counts_the_lines(case: Case) -> None:
    res = sv.compute(case, sv.settings_for(case, key_id="population"))
    warnings = sv.subsidy_warnings(res, "Population")
    n = len(warnings)
    assert n >= 1
    text = report.subsidy_summary(warnings, "Population")
    assert text.startswith(f"{n} line{'s' if n > 1 else ''} would have one council pay for the other's benefit under Population: ")
    assert text.endswith(f"{report.SUBSIDY_RULE}.")
    assert report.subsidy_summary(warnings[:1], "X").startswith("1 line would")


def test_summary_caption_gives_the_period_and_discount_rate(case: Case) -> None:
    res = sv.compute(case, sv.settings_for(case, discount_rate=5.25))
    caption = report.summary_caption(res)
    assert caption == (f"Totals {res.years[0]} to {res.years[-1]}, net of one-off costs; NPV at 5.25 %, "
                       f"{res.years[0]} undiscounted.")


def test_published_summary_counts_the_matching_figures(case: Case) -> None:
    checks = sv.published_checks(case, sv.settings_for(case))
    # The shipped case regenerates every figure of the 2022 report to its rounding.
    matched = sum(1 for ch in checks if abs(ch.case_value - ch.report) <= ch.rounding / 2)
    assert matched == len(checks) == len(case.savings.published)
    assert report.published_summary(checks).startswith(f"{matched} of {len(checks)} published figures come out of the case's inputs")
    off = [dataclasses.replace(checks[0], case_value=checks[0].report + 10 * checks[0].rounding), *checks[1:]]
    assert report.published_summary(off).startswith(f"{matched - 1} of {len(checks)} ")


def test_budget_notes_one_per_target_with_what_is_left(case: Case) -> None:
    res = sv.compute(case)
    budget = report.budget_table(case, res)
    notes = report.budget_notes(budget)
    assert len(notes) == len(case.savings.budget_targets)
    for target, note in zip(case.savings.budget_targets, notes):
        council = case.council_name(target.council)
        assert note.startswith(f"{council}: ") and f"'{target.name}' already in the budget" in note
        idx = [i for i, ln in enumerate(res.lines) if ln.id in target.lines]
        delivered = float(res.full[idx, res.councils.index(target.council)].sum())
        assert f"{fmt.money(delivered)} a year" in note and f"{fmt.money(target.amount - delivered)} is still to be found" in note


def test_line_money_table_formats_the_savings_of_every_line(case: Case) -> None:
    res = sv.compute(case)
    table = report.line_money_table(case, res)
    assert len(table) == len(res.lines)
    for i in range(len(res.lines)):
        assert _pounds(table["Current cost"].iloc[i]) == pytest.approx(res.current[i].sum(), abs=1)
        for c, name in enumerate(res.council_names):
            assert _pounds(table[f"Saving: {name}"].iloc[i]) == pytest.approx(res.full[i, c], abs=1)
        assert _pounds(table["Saving: both"].iloc[i]) == pytest.approx(res.full[i].sum(), abs=1)


def test_by_year_money_table_rows_and_discount_factor(case: Case) -> None:
    res = sv.compute(case)
    table = report.by_year_money_table(res)
    assert len(table) == len(res.years) * len(res.labels)
    first = table[table["Year"] == res.years[1]]
    assert set(first["Discount factor"]) == {f"{1 / (1 + res.settings.discount_rate / 100):.4f}"}
    both = table[table["Council"] == res.labels[-1]]
    assert _pounds(both["Net saving"].iloc[-1]) == pytest.approx(res.net[-1].sum(), abs=1)


def test_the_subsidy_warning_lists_every_line(case: Case) -> None:
    """Issue 18: "20 lines would have one council pay for the other's benefit" must list the lines."""
    results = sv.by_key(case)
    for key in case.savings.all_keys:
        warnings = sv.subsidy_warnings(results[key.id], key.name)
        table = report.subsidy_table(warnings)
        assert list(table["Line"]) == [w.line_name for w in warnings]
        assert list(table.columns) == ["Line", "Pays more", "More a year than now", "Benefits", "Saves a year"]


def test_apportionment_key_names_reach_the_selectbox_unescaped() -> None:
    """A selectbox shows its options as plain text: "Equal shares \\(50\\:50\\)" showed the escapes."""
    source = (Path(__file__).resolve().parents[3] / "views" / "savings.py").read_text()
    assert "format_func=lambda i: md(key_names[i])" not in source
    assert "format_func=lambda i: md(s.scenario(i).name)" not in source

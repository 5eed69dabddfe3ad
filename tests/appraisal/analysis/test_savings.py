"""The savings model: the 2022 report's figures from the shipped case, apportionment, NPV, payback.

Source of the published figures: Harborough District Council, Report to Cabinet 5 December 2022,
paragraphs 42 (£23k/£44k, £79k/£117k, £102k/£161k, 2021/22 salaries) and 43 (£120k in 2023/24,
£147k in 2024/25, the £30k shared Monitoring Officer).
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from appraisal import fmt
from appraisal.analysis import savings as sv
from appraisal.case.model import Case
from appraisal.errors import CaseError
from appraisal.formats.load import load_case, load_case_bytes
from appraisal.formats.mapping import case_from_mapping
from appraisal.formats.yaml_file import case_to_yaml
from appraisal.report import savings as savings_report
from tests.conftest import ROOT

CASE_2022 = ROOT / "data" / "strategic_partnership_2022.yaml"


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case(CASE_2022)


def value(case: Case, ref_id: str) -> float:
    return sv.reference_value(case, ref_id)


# The report's figures come out of the shipped case. -------------------------------------------

def test_senior_post_savings_are_the_reports(case: Case) -> None:
    assert value(case, "ceo_dceo_excluding") == pytest.approx(23_000)
    assert value(case, "ceo_dceo_including") == pytest.approx(44_000)
    assert value(case, "director_excluding") == pytest.approx(79_000)
    assert round(value(case, "director_including"), -3) == 117_000
    assert value(case, "total_excluding") == pytest.approx(102_000)
    assert round(value(case, "total_including"), -3) == 161_000
    # The total is the sum of the two lines, and the Director saving is wholly Harborough's.
    res = sv.compute(case)
    director = [ln.id for ln in res.lines].index("director_communities")
    assert res.full[director, res.councils.index("melton")] == 0
    assert value(case, "total_including") == pytest.approx(value(case, "ceo_dceo_including") + value(case, "director_including"))


def test_service_savings_are_the_reports_in_the_central_scenario(case: Case) -> None:
    assert value(case, "services_2023_24") == pytest.approx(120_000, abs=1e-6)
    assert value(case, "services_2024_25") == pytest.approx(147_000, abs=1e-6)
    assert value(case, "monitoring_officer") == pytest.approx(30_000, abs=1e-6)
    res = sv.compute(case)
    phase1 = [i for i, ln in enumerate(res.lines) if ln.phase == "phase1"]
    full = res.full[phase1].sum(axis=1)
    assert res.lines[phase1[int(np.argmax(full))]].id == "senior_leadership_mo"  # the largest phase 1 item
    services = [i for i, ln in enumerate(res.lines) if ln.kind == "service"]
    assert max(res.full[i].sum() for i in services if res.lines[i].id != "senior_leadership_mo") < 30_000


def test_every_published_check_matches_and_the_table_says_so(case: Case) -> None:
    checks = sv.published_checks(case)
    assert len(checks) == 9 and all(c.matches for c in checks)
    table = savings_report.published_table(case)
    assert list(table["Report"][:6]) == ["£23k", "£44k", "£79k", "£117k", "£102k", "£161k"]
    assert list(table["From the case's inputs"][6:8]) == ["£120k", "£147k"]
    assert set(table["Matches the report"]) == {"yes"}


def test_shipped_case_structure_follows_the_report(case: Case) -> None:
    s = case.savings
    assert s is not None
    assert [c.id for c in case.councils] == ["harborough", "melton"]
    population = s.key("population")
    assert population.values == {"harborough": 97_600, "melton": 51_800}
    assert sum(population.values.values()) == pytest.approx(149_000, rel=0.01)
    assert s.key("council_tax_base").illustrative and s.key("area").illustrative
    phase1 = [ln.name for ln in s.services if ln.phase == "phase1"]
    phase2 = [ln.name for ln in s.services if ln.phase == "phase2"]
    assert len(phase1) == 11 and len(phase2) == 10
    assert "Temporary accommodation" in phase2 and "CCTV" in phase1
    assert s.budget_targets[0].amount == 354_000
    assert case.status_quo is not None and case.status_quo.id == "stand_alone_interim"
    assert len(case.criteria) == 8 and case.criteria[0].name.startswith("DP1")
    assert s.discount_rate == 3.5


def test_savings_are_netted_off_the_354k_already_in_the_budget(case: Case) -> None:
    table = savings_report.budget_table(case, sv.compute(case))
    row = table.iloc[0]
    assert row["Amount"] == 354_000
    assert row["Delivered by these lines (full year)"] == pytest.approx(160_920)
    assert row["Still to find"] == pytest.approx(354_000 - 160_920)


# Apportionment. -------------------------------------------------------------------------------

def test_every_key_splits_every_line_exactly(case: Case) -> None:
    for key_id, res in sv.by_key(case).items():
        assert np.allclose(res.shares.sum(axis=1), 1.0), key_id
        # Whatever the key, the councils' savings add up to the line's saving ΣB − F.
        assert np.allclose(res.full.sum(axis=1), res.current.sum(axis=1) - res.future), key_id
        # And one-off costs are split in full.
        amounts = [o.amount for o in case.savings.one_off_costs if o.kind != "exit"]
        assert np.allclose(res.one_off_by_item.sum(axis=1), amounts), key_id
    totals = {k: r.net.sum() for k, r in sv.by_key(case).items()}
    assert np.allclose(list(totals.values()), next(iter(totals.values())))


def test_population_shares_follow_the_census(case: Case) -> None:
    ks = sv.key_shares(case.savings.key("population"), ["harborough", "melton"], None, tolerance=3)
    assert ks.latest == pytest.approx([97_600 / 149_400, 51_800 / 149_400])
    assert ks.shares == pytest.approx([0.65, 0.35]) and not ks.reset  # agreed split kept: moved 0.3 points


def test_tolerance_rule_resets_only_beyond_the_tolerance() -> None:
    agreed = np.array([0.65, 0.35])
    kept, reset, moved = sv.reset_split(agreed, np.array([0.6733, 0.3267]), 3)
    assert not reset and kept.tolist() == [0.65, 0.35] and moved == pytest.approx(2.33)
    exactly, reset, _ = sv.reset_split(agreed, np.array([0.68, 0.32]), 3)
    assert not reset and exactly.tolist() == [0.65, 0.35]  # a move of exactly 3 points is not "more than"
    new, reset, moved = sv.reset_split(agreed, np.array([0.69, 0.31]), 3)
    assert reset and new.tolist() == [0.69, 0.31] and moved == pytest.approx(4)


def test_a_key_that_makes_one_council_pay_for_the_other_is_flagged(case: Case) -> None:
    results = sv.by_key(case)
    population = sv.subsidy_warnings(results["population"], "Population")
    ceo = next(w for w in population if w.line == "shared_chief_officers")
    assert ceo.payer == "Harborough" and ceo.extra_cost == pytest.approx(0.65 * 510_000 - 299_000)
    assert "one council may not fund or subsidise the other" in savings_report.subsidy_warning_text(ceo)
    assert sv.subsidy_warnings(results["service_specific"], "Service-specific") == []
    # The keys the case actually uses (50:50 posts, service-specific services) raise no warning.
    assert sv.subsidy_warnings(sv.compute(case), "own") == []


def test_apportionment_table_compares_with_equal_shares(case: Case) -> None:
    table = savings_report.apportionment_table(case)
    equal = table[table["Key"].str.startswith("Equal")]
    assert (equal["Difference from equal shares"] == 0).all()
    for _, group in table.groupby("Key"):
        assert group["Difference from equal shares"].sum() == pytest.approx(0, abs=1e-6)
    assert set(table["Council"]) == {"Harborough", "Melton"}


# NPV, payback and the conventions, against a hand computation. --------------------------------

def small_case(minimal: dict[str, Any], **savings: Any) -> dict[str, Any]:
    data = copy.deepcopy(minimal)
    data["savings"] = {
        "years": ["2023/24", "2024/25", "2025/26", "2026/27"],
        "services": [{"id": "shared_team", "name": "Shared team", "start_year": "2023/24", "ramp": [50, 100],
                      "current_cost": {"north": 100_000, "south": 100_000}, "likelihood": "High"}],
        "one_off_costs": [{"id": "set_up", "name": "Set-up", "kind": "transition", "year": "2023/24", "amount": 30_000}],
        **savings,
    }
    return data


def test_npv_and_payback_equal_a_hand_computation(minimal: dict[str, Any]) -> None:
    case = case_from_mapping(small_case(minimal))
    res = sv.compute(case)  # central: High = 10 %, so £20,000 a year, £10,000 each under equal shares
    assert res.gross[:, 0].tolist() == pytest.approx([5_000, 10_000, 10_000, 10_000])
    assert res.one_off[:, 0].tolist() == pytest.approx([15_000, 0, 0, 0])
    assert res.cumulative[:, 0].tolist() == pytest.approx([-10_000, 0, 10_000, 20_000])
    # Hand: −10,000 + 10,000/1.035 + 10,000/1.035² + 10,000/1.035³ = 18,016.37
    assert res.npv[0] == pytest.approx(18_016.37, abs=0.01)
    assert res.payback == ["2024/25", "2024/25", "2024/25"]  # cumulative reaches 0 in 2024/25 and stays there
    mid = sv.compute(case_from_mapping(small_case(minimal, discounting="mid_year")))
    assert mid.npv[0] == pytest.approx(18_016.37 / 1.035**0.5, abs=0.01)
    zero = sv.compute(case, replace(sv.settings_for(case), discount_rate=0))
    assert zero.npv[0] == pytest.approx(20_000)


def test_payback_is_none_when_costs_are_never_recovered(minimal: dict[str, Any]) -> None:
    data = small_case(minimal)
    data["savings"]["one_off_costs"][0]["amount"] = 1_000_000
    res = sv.compute(case_from_mapping(data))
    assert res.payback == [None, None, None]
    assert "not paid back within the period" in savings_report.headline(res)


def test_exit_costs_count_only_when_included(minimal: dict[str, Any]) -> None:
    data = small_case(minimal)
    data["savings"]["one_off_costs"].append({"id": "leave", "name": "Exit", "kind": "exit", "year": "2025/26", "amount": 8_000})
    case = case_from_mapping(data)
    assert sv.compute(case).one_off.sum() == 30_000
    assert sv.compute(case, sv.settings_for(case, include_exit=True)).one_off.sum() == 38_000


def test_scenarios_and_on_cost_override_change_the_figures(case: Case) -> None:
    central = sv.compute(case).gross.sum()
    prudent = sv.compute(case, sv.settings_for(case, "prudent")).gross.sum()
    optimistic = sv.compute(case, sv.settings_for(case, "optimistic")).gross.sum()
    assert prudent < central < optimistic
    no_on_costs = sv.compute(case, sv.settings_for(case, on_cost=0))
    posts = [i for i, ln in enumerate(no_on_costs.lines) if ln.kind == "post"]
    assert no_on_costs.full[posts, 0].sum() == pytest.approx(102_000)
    edited = sv.settings_for(case, likelihood={"High": 20})
    assert edited.likelihood == {"High": 20, "Medium": 5, "Low": 2}


def test_tables_for_the_export(case: Case) -> None:
    tables = savings_report.savings_tables(case)
    assert {"by_year_council", "by_line", "summary", "published", "apportionment", "keys", "warnings", "budget"} <= set(tables)
    by_year = tables["by_year_council"]
    assert len(by_year) == 6 * 3
    for _, group in by_year.groupby("Year"):
        both = group[group["Council"] == sv.BOTH]
        rest = group[group["Council"] != sv.BOTH]
        for column in ("Gross saving", "One-off costs", "Net saving", "Present value"):
            assert both[column].iloc[0] == pytest.approx(rest[column].sum())
    row = by_year[(by_year["Year"] == "2024/25") & (by_year["Council"] == sv.BOTH)].iloc[0]
    assert row["Gross saving"] == pytest.approx(147_000 + 160_920 + 15_000)  # services + Harborough posts + Melton posts


def test_unknown_ids_and_missing_section_are_refused(case: Case, sample_case: Case) -> None:
    with pytest.raises(sv.SavingsUnavailable, match="no savings section"):
        savings_report.savings_tables(sample_case)
    with pytest.raises(sv.SavingsUnavailable, match="'nope' is not a scenario"):
        sv.settings_for(case, "nope")
    with pytest.raises(sv.SavingsUnavailable, match="'nope' is not an apportionment key"):
        sv.settings_for(case, key_id="nope")


def test_case_with_savings_round_trips_through_yaml(case: Case) -> None:
    again = load_case_bytes(case_to_yaml(case).encode(), "again.yaml")
    assert again.savings == case.savings


# Bad inputs: precise messages naming the field and the line. -----------------------------------

def problems(data: dict[str, Any]) -> str:
    with pytest.raises(CaseError) as info:
        case_from_mapping(data, "case.yaml")
    return info.value.message


@pytest.mark.parametrize(("change", "expected"), [
    (lambda s: s["services"][0]["current_cost"].update(north=-5_000),
     "case.yaml: savings.services row 1 (id 'shared_team').current_cost.north: −£5,000 is negative"),
    (lambda s: s.update(scenarios=[{"id": "central", "name": "Central", "likelihood": {"High": 120, "Medium": 5, "Low": 1}}]),
     "savings.scenarios row 1 (id 'central').likelihood.High: 120 % is outside 0–100 %"),
    (lambda s: s["services"][0].update(key="nope"),
     "savings.services (id 'shared_team').key: 'nope' is not a key id of this case"),
    (lambda s: s["services"][0].update(start_year="2030/31"),
     "savings.services (id 'shared_team').start_year: '2030/31' is not one of the case's years"),
    (lambda s: s["services"][0]["current_cost"].update(east=10),
     "savings.services (id 'shared_team').current_cost.east: 'east' is not a council id of this case (north, south)"),
    (lambda s: s["one_off_costs"][0].update(year="2023/25"),
     "savings.one_off_costs row 1 (id 'set_up').year: '2023/25' is not a financial year; write it like 2023/24"),
    (lambda s: s["one_off_costs"][0].update(amount=-1),
     "savings.one_off_costs row 1 (id 'set_up').amount: −£1 is negative"),
    (lambda s: s["services"][0].update(ramp=[50, 150]),
     "savings.services row 1 (id 'shared_team').ramp row 2: 150 % is outside 0–100 %"),
    (lambda s: s.update(keys=[{"id": "pop", "name": "Population", "basis": "population", "values": {"north": 5}}]),
     "savings.keys (id 'pop').values: missing a value for south; a key must cover every council"),
    (lambda s: s.update(keys=[{"id": "split", "name": "Split", "basis": "custom", "values": {"north": 60, "south": 30}}]),
     "savings.keys (id 'split').values: the percentages add up to 90 %, not 100 %"),
    (lambda s: s["services"][0].update(saving=500_000),
     "savings.services (id 'shared_team').saving: £500,000 is more than the line's current cost (£200,000)"),
    (lambda s: s["services"][0].update(likelihood="Certain"),
     "savings.services row 1 (id 'shared_team').likelihood"),
    (lambda s: s.update(years=["2023/24", "2025/26"]),
     "savings.years: '2025/26' does not follow '2023/24'"),
    (lambda s: s.update(discount_rate=101),
     "savings.discount_rate: 101 % is outside 0–100 %"),
    (lambda s: s["services"][0].update(cost=1),
     "savings.services row 1 (id 'shared_team').cost: unknown field 'cost'"),
    (lambda s: s.update(default_key="nope"),
     "savings.default_key: 'nope' is not a key id"),
])
def test_bad_savings_inputs_get_precise_messages(minimal: dict[str, Any], change, expected: str) -> None:  # noqa: ANN001
    data = small_case(minimal)
    change(data["savings"])
    assert expected in problems(data)


def test_posts_need_known_councils(minimal: dict[str, Any]) -> None:
    data = small_case(minimal, posts=[{"id": "ceo", "name": "Shared CEO", "start_year": "2023/24",
                                       "current": [{"title": "CEO", "council": "west", "salary": 1}]}])
    assert "savings.posts (id 'ceo').current row 1.council: 'west' is not a council id" in problems(data)


# Invariants (hypothesis). ---------------------------------------------------------------------

money = st.floats(0, 1e7, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(current=arrays(float, (5, 3), elements=money), cut=arrays(float, 5, elements=st.floats(0, 1)),
       weights=arrays(float, (5, 3), elements=st.floats(0, 1e6)))
def test_any_key_gives_the_councils_the_whole_saving(current: np.ndarray, cut: np.ndarray, weights: np.ndarray) -> None:
    future = current.sum(axis=1) * (1 - cut)
    shares = sv.proportional(weights)
    assert np.allclose(shares.sum(axis=1), 1.0)
    assert (shares >= 0).all()
    savings = sv.line_savings(current, future, shares)
    assert np.allclose(savings.sum(axis=1), current.sum(axis=1) - future, rtol=1e-9, atol=1e-3)


@settings(max_examples=60, deadline=None)
@given(net=arrays(float, (8, 2), elements=st.floats(-1e6, 1e6)), rate=st.floats(0, 20))
def test_payback_and_npv_invariants(net: np.ndarray, rate: float) -> None:
    cumulative = np.cumsum(net, axis=0)
    idx = sv.payback_index(cumulative)
    for c in range(2):
        if idx[c] >= 0:
            assert (cumulative[idx[c]:, c] >= -1e-6).all()
            assert idx[c] == 0 or cumulative[idx[c] - 1, c] < -1e-6
        else:
            assert cumulative[-1, c] < -1e-6
    d = sv.discount_factors(8, rate)
    assert d[0] == 1 and (np.diff(d) <= 0).all()
    npv = (net * d[:, None]).sum(axis=0)
    assert np.allclose((2 * net * d[:, None]).sum(axis=0), 2 * npv)  # linear in the flows


@settings(max_examples=60, deadline=None)
@given(start=st.lists(st.integers(0, 6), min_size=1, max_size=6),
       ramps=st.lists(st.lists(st.floats(0, 100), min_size=1, max_size=4), min_size=6, max_size=6))
def test_ramp_is_zero_before_the_start_and_then_follows_the_ramp(start: list[int], ramps: list[list[float]]) -> None:
    ramps = ramps[: len(start)]
    r = sv.ramp_matrix(np.array(start), ramps, 7)
    for i, s in enumerate(start):
        assert (r[i, :s] == 0).all()
        for y in range(s, 7):
            assert r[i, y] == pytest.approx(ramps[i][min(y - s, len(ramps[i]) - 1)] / 100)


@settings(max_examples=25, deadline=None)
@given(high=st.floats(0, 100), medium=st.floats(0, 100), low=st.floats(0, 100))
def test_central_service_total_is_linear_in_the_percentages(case: Case, high: float, medium: float, low: float) -> None:
    res = sv.compute(case, sv.settings_for(case, likelihood={"High": high, "Medium": medium, "Low": low}))
    s = case.savings
    pct = {"High": high, "Medium": medium, "Low": low}
    expected = sum(ln.saving if ln.saving is not None else sum(ln.current_cost.values()) * pct[ln.likelihood] / 100
                   for ln in s.services)
    services = [i for i, ln in enumerate(res.lines) if ln.kind == "service"]
    assert res.full[services].sum() == pytest.approx(expected)


# Other keys, an empty section, and the charts. ------------------------------------------------

def test_custom_headcount_and_agreed_keys(minimal: dict[str, Any]) -> None:
    data = small_case(minimal, keys=[
        {"id": "split", "name": "Agreed 70:30", "basis": "custom", "values": {"north": 70, "south": 30}},
        {"id": "staff", "name": "Headcount", "basis": "headcount", "values": {"north": 30, "south": 10},
         "agreed": {"north": 70, "south": 30}},
    ])
    case = case_from_mapping(data)
    custom = sv.compute(case, sv.settings_for(case, key_id="split"))
    assert custom.shares[0].tolist() == pytest.approx([0.7, 0.3])
    # Saving £20,000, future cost £180,000: north 100,000 − 0.7 × 180,000 = −26,000 — north subsidises south.
    assert custom.full[0].tolist() == pytest.approx([-26_000, 46_000])
    assert sv.subsidy_warnings(custom, "Agreed 70:30")[0].payer == "North"
    staff = sv.compute(case, sv.settings_for(case, key_id="staff"))
    assert staff.shares[0].tolist() == pytest.approx([0.75, 0.25])  # 75:25 moved 5 points > 3: re-set
    assert any("re-set" in note for note in savings_report.tolerance_notes(case))


def test_an_empty_savings_section_still_draws(minimal: dict[str, Any]) -> None:
    from appraisal.report.figures.savings import cumulative_chart, phase_chart, waterfall_chart

    data = copy.deepcopy(minimal)
    data["savings"] = {"years": ["2023/24", "2024/25"]}
    case = case_from_mapping(data)
    res = sv.compute(case)
    assert res.net.tolist() == [[0, 0], [0, 0]]
    assert "no one-off costs" in savings_report.headline(res)
    for chart in (phase_chart(res), cumulative_chart(res), waterfall_chart(res)):
        assert chart.title and chart.takeaway
    assert set(savings_report.savings_tables(case)) >= {"by_year_council", "summary"}


def test_charts_carry_titles_units_takeaways_and_tables(case: Case) -> None:
    from appraisal.report.figures.savings import cumulative_chart, phase_chart, waterfall_chart

    res = sv.compute(case)
    phase, cumulative, waterfall = phase_chart(res), cumulative_chart(res), waterfall_chart(res, 0)
    assert phase.figure.layout.yaxis.title.text == "Gross saving (£ a year)"
    assert cumulative.figure.layout.yaxis.tickprefix == "£"
    assert "£1,422,600 better off" in cumulative.takeaway and "2023/24" in cumulative.takeaway
    assert list(waterfall.table["Step"])[-2:] == ["One-off costs", "Net saving"]
    assert waterfall.table["Amount"].iloc[-1] == fmt.money(float(res.net[:, 0].sum()))
    assert len(phase.table) == len(res.years) * 2
    stars = [t for t in cumulative.figure.data if "paid back" in (t.name or "")]
    assert {t.name for t in stars} == {"Harborough: paid back 2023/24", "Melton: paid back 2024/25",
                                       "Both councils: paid back 2023/24"}


def test_one_council_cannot_share_costs(minimal: dict[str, Any]) -> None:
    data = small_case(minimal)
    data["councils"] = data["councils"][:1]
    data["weight_sets"][1].pop("council")
    message = problems(data)
    assert "councils: a savings section needs at least two councils" in message


def test_line_table_lists_every_line_with_its_basis(case: Case) -> None:
    res = sv.compute(case)
    table = savings_report.line_table(case, res)
    assert len(table) == 2 + 21
    mo = table[table["Line"] == "Senior leadership review and shared Monitoring Officer"].iloc[0]
    assert mo["Saving basis"] == "fixed £30,000" and mo["Saving: both"] == pytest.approx(30_000)
    legal = table[table["Line"] == "Legal services"].iloc[0]
    assert legal["Saving basis"] == "Medium · 5 %" and legal["Saving: both"] == pytest.approx(8_500)
    assert legal["Saving: Harborough"] == pytest.approx(8_500 * 100 / 170)  # service-specific: its share of the cost
    assert table["Saving: both"].sum() == pytest.approx(res.full.sum())

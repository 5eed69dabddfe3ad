"""The consensus path: exact swap points, checked against a fine grid and exact arithmetic."""

from __future__ import annotations

import json
import subprocess
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appraisal.analysis.consensus_path import blend, consensus_path, locate, locate_set, path_between
from appraisal.analysis.scoring import Appraisal, competition_ranks, normalise, totals
from appraisal.case.changes import unique_id
from appraisal.cli import main
from appraisal.formats.mapping import case_from_mapping
from appraisal.report.consensus_path import lam_text, path_takeaway, weights_phrase
from appraisal.report.figures.path import MARKED_SWAPS, consensus_path_chart, marked_swaps
from tests.conftest import SAMPLE, cli

GRID = 2000


def events(path) -> set[Fraction]:  # noqa: ANN001
    """Swap points, plus an end of the path where two lines meet (a tie there, not a swap)."""
    points = set(path.breakpoints)
    if path.ranks_at(Fraction(0)) != path.stretches[0].ranks:
        points.add(Fraction(0))
    if path.ranks_at(Fraction(1)) != path.stretches[-1].ranks:
        points.add(Fraction(1))
    return points


def grid_changes(S: np.ndarray, a: np.ndarray, b: np.ndarray, n: int = GRID) -> tuple[np.ndarray, set[int]]:
    """The engine's ranks on a fine grid of λ, and the grid cells (k, k+1) where they change."""
    lams = np.arange(n + 1) / n
    W = (1 - lams)[:, None] * normalise(a) + lams[:, None] * normalise(b)
    ranks = competition_ranks(totals(S, W))
    return ranks, {k for k in range(n) if (ranks[k] != ranks[k + 1]).any()}


def check_against_grid(S: np.ndarray, a: np.ndarray, b: np.ndarray) -> None:
    path = consensus_path(S, a, b)
    ranks, changed = grid_changes(S, a, b)
    # At every grid point the exact ranks agree with the scoring engine's.
    for k in range(0, GRID + 1, 7):
        assert path.ranks_at(Fraction(k, GRID)) == tuple(ranks[k]), k
    # The ranking changes in a grid cell exactly when a swap point (or an end tie) lies in it.
    expected = {k for k in range(GRID) for e in events(path) if Fraction(k, GRID) <= e <= Fraction(k + 1, GRID)}
    assert changed == expected


def test_sample_case_swap_is_exact_and_where_the_totals_meet(sample_case) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    path = path_between(a, "breckland_cabinet", "south_holland_cabinet")
    assert len(path.swaps) == 1
    swap = path.swaps[0]
    assert swap.lam == Fraction(132, 155)
    assert (a.option_ids[swap.rising], a.option_ids[swap.falling], swap.place) == ("stand_alone", "improved", 2)
    exact_totals = path.exact_totals_at(swap.lam)
    assert exact_totals[swap.rising] == exact_totals[swap.falling] == swap.total
    # The same point by the scoring engine in floating point: the two totals agree to rounding.
    t = totals(a.S, path.weights_at(swap.value))
    assert t[swap.rising] == pytest.approx(t[swap.falling], abs=1e-12)
    assert [s.order for s in path.stretches] == [(3, 1, 2, 0), (3, 2, 1, 0)]
    assert not path.leader_changes
    check_against_grid(a.S, a.weights_of("breckland_cabinet"), a.weights_of("south_holland_cabinet"))


def test_sample_case_takeaway_names_the_swap_in_plain_words(sample_case) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    path = path_between(a, "breckland_cabinet", "south_holland_cabinet")
    text = path_takeaway(a, path, "Breckland cabinet", "South Holland cabinet")
    assert text == ("Between the two cabinets' weightings the leader never changes (New local strategic partnership); "
                    "Stand alone overtakes Improved existing partnership 85 % of the way towards South Holland cabinet's weights.")


def test_path_from_a_set_to_itself_or_a_multiple_has_no_swaps(sample_case) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    for w in a.W:
        for other in (w, 2.5 * w):
            path = consensus_path(a.S, w, other)
            assert path.identical and path.swaps == () and len(path.stretches) == 1
            assert path.stretches[0].ranks == tuple(competition_ranks(totals(a.S, w)))
    text = path_takeaway(a, path_between(a, "equal", "equal"), "Equal weights", "Equal weights")
    assert "nothing changes" in text


def test_leader_change_is_reported_as_such() -> None:
    S = np.array([[3.0, 1.0], [1.0, 3.0], [2.0, 2.0]])
    path = consensus_path(S, np.array([1.0, 0.0]), np.array([0.0, 1.0]))
    # Options 0 and 1 cross at ½ where option 2 meets both: three lines through one point.
    assert {(s.rising, s.falling) for s in path.swaps} == {(1, 0), (1, 2), (2, 0)}
    assert path.breakpoints == (Fraction(1, 2),)
    assert path.ranks_at(Fraction(1, 2)) == (1, 1, 1)
    assert all(s.place == 1 for s in path.swaps)
    assert path.leader_changes


def test_coincident_lines_are_tied_all_the_way_and_never_swap() -> None:
    S = np.array([[3.0, 1.0, 2.0], [3.0, 1.0, 2.0], [1.0, 3.0, 2.0]])
    path = consensus_path(S, np.array([1.0, 0.0, 1.0]), np.array([0.0, 1.0, 1.0]))
    assert path.coincident == ((0, 1),)
    assert {(s.rising, s.falling) for s in path.swaps} == {(2, 0), (2, 1)}
    assert path.stretches[0].ranks == (1, 1, 3) and path.stretches[1].ranks == (2, 2, 1)


def test_lines_meeting_at_an_end_tie_there_without_a_swap() -> None:
    S = np.array([[2.0, 2.0], [2.0, 1.0]])
    path = consensus_path(S, np.array([1.0, 0.0]), np.array([0.0, 1.0]))
    assert path.swaps == ()
    assert path.ranks_at(Fraction(0)) == (1, 1)
    assert path.stretches[0].ranks == (1, 2)


def test_decimal_weights_are_read_exactly() -> None:
    # 0.1 + 0.2 is not 0.3 in binary floating point; the path reads the decimals as written.
    S = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    path = consensus_path(S, np.array([0.1, 0.2, 0.3]), np.array([0.1, 0.2, 0.3]))
    assert path.identical and path.stretches[0].ranks == (1, 1)


def test_lam_text_never_rounds_a_swap_onto_an_end() -> None:
    assert lam_text(0.85) == "85 %"
    assert lam_text(0.004) == "0.4 %"
    assert lam_text(0.9996) == "99.96 %"
    assert lam_text(0.0) == "0 %"


def test_weights_phrase() -> None:
    assert weights_phrase("South Holland cabinet") == "South Holland cabinet's weights"
    assert weights_phrase("Equal weights") == "Equal weights"
    assert weights_phrase("Joint consensus") == "the Joint consensus weights"


# Hypothesis: random small cases with many ties (integer ratings 1–3, integer weights). -------------

scores_st = st.integers(2, 6).flatmap(
    lambda n: st.integers(1, 5).flatmap(
        lambda m: st.tuples(
            st.lists(st.lists(st.integers(1, 3), min_size=m, max_size=m), min_size=n, max_size=n),
            st.lists(st.integers(0, 5), min_size=m, max_size=m).filter(any),
            st.lists(st.integers(0, 5), min_size=m, max_size=m).filter(any),
        )
    )
)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(scores_st)
def test_swap_points_equal_those_of_a_fine_grid(data) -> None:  # noqa: ANN001
    S, a, b = (np.array(x, dtype=float) for x in data)
    check_against_grid(S, a, b)


@FAST
@given(scores_st)
def test_swaps_lie_exactly_where_two_totals_are_equal(data) -> None:  # noqa: ANN001
    S, a, b = (np.array(x, dtype=float) for x in data)
    path = consensus_path(S, a, b)
    for sw in path.swaps:
        assert 0 < sw.lam < 1
        at = path.exact_totals_at(sw.lam)
        assert at[sw.rising] == at[sw.falling] == sw.total
        assert sw.place == 1 + sum(t > sw.total for t in at)
        after = path.ranks_at(sw.lam + Fraction(1, 10**9))
        assert after[sw.rising] < after[sw.falling]
    # Stretches cover the path end to end, each with the engine's ranking at its middle.
    assert path.stretches[0].start == 0 and path.stretches[-1].end == 1
    for s1, s2 in zip(path.stretches, path.stretches[1:]):
        assert s1.end == s2.start and s1.ranks != s2.ranks
    for s in path.stretches:
        mid = float((s.start + s.end) / 2)
        assert s.ranks == tuple(competition_ranks(totals(S, path.weights_at(mid))))


@FAST
@given(scores_st)
def test_swapping_a_and_b_mirrors_lambda(data) -> None:  # noqa: ANN001
    S, a, b = (np.array(x, dtype=float) for x in data)
    forward, backward = consensus_path(S, a, b), consensus_path(S, b, a)
    assert sorted((1 - s.lam, s.rising, s.falling, s.place) for s in forward.swaps) == sorted(
        (s.lam, s.falling, s.rising, s.place) for s in backward.swaps
    )
    assert [s.ranks for s in forward.stretches] == [s.ranks for s in reversed(backward.stretches)]
    assert forward.coincident == backward.coincident


@FAST
@given(scores_st, st.integers(1, 7), st.integers(1, 7))
def test_only_the_proportions_of_each_set_matter(data, ka, kb) -> None:  # noqa: ANN001
    S, a, b = (np.array(x, dtype=float) for x in data)
    p, q = consensus_path(S, a, b), consensus_path(S, ka * a, kb * b)
    assert [(s.lam, s.rising, s.falling) for s in p.swaps] == [(s.lam, s.rising, s.falling) for s in q.swaps]


@FAST
@given(scores_st, st.integers(0, 100))
def test_every_blend_is_found_on_the_path_at_its_lambda(data, pct) -> None:  # noqa: ANN001
    _, a, b = (np.array(x, dtype=float) for x in data)
    a_hat, b_hat = normalise(a), normalise(b)
    lam = pct / 100
    c = 7.0 * blend(a_hat, b_hat, lam)  # in other units: only the proportions count
    loc = locate(a_hat, b_hat, normalise(c))
    assert loc.on_path
    if not np.allclose(a_hat, b_hat):
        assert loc.lam == pytest.approx(lam, abs=1e-9)


def test_a_set_off_the_path_is_reported_with_its_distance(sample_case) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    loc = locate_set(a, "breckland_cabinet", "south_holland_cabinet", "joint_consensus")
    assert not loc.on_path and loc.deviation > 0.01
    off = normalise(a.weights_of("joint_consensus")) - blend(normalise(a.W[0]), normalise(a.W[1]), loc.lam)
    assert loc.deviation == pytest.approx(np.abs(off).max())


# The chart ---------------------------------------------------------------------------------------


def joint_on_path(minimal: dict) -> Appraisal:
    # North sums to 6, South to 6: their raw mean is the blend at exactly ½.
    minimal["weight_sets"].append({"id": "joint", "name": "Joint", "weights": {"finance": 2, "place": 2, "risk": 2}})
    return Appraisal(case_from_mapping(minimal, "test"))


def test_chart_marks_swaps_the_joint_set_and_the_candidate(minimal) -> None:  # noqa: ANN001
    a = joint_on_path(minimal)
    chart = consensus_path_chart(a, "north_cabinet", "south_cabinet", mark_set="joint", at=0.25)
    path = path_between(a, "north_cabinet", "south_cabinet")
    fig = chart.figure
    lines = [t for t in fig.data if t.name != "Swap points"]
    assert len(lines) == a.n_options
    assert "As is (business as usual)" in [t.name for t in lines]
    swaps = next(t for t in fig.data if t.name == "Swap points")
    assert list(swaps.x) == pytest.approx([100 * s.value for s in path.swaps])
    assert list(swaps.y) == pytest.approx([float(s.total) for s in path.swaps])
    assert all("overtakes" in t for t in swaps.text)
    vlines = [s for s in fig.layout.shapes if s.type == "line"]
    assert sorted(v.x0 for v in vlines) == pytest.approx([25.0, 50.0])
    texts = [ann.text for ann in fig.layout.annotations]
    assert "Joint (50 %)" in texts and "Candidate (25 %)" in texts
    assert chart.takeaway.endswith("Joint sits 50 % of the way along.")
    assert "Joint (50 %)" in chart.table.columns
    assert fig.layout.yaxis.title.text == "Weighted average rating (3 = all High)"
    # Each line's end points are the totals under each set's normalised weights.
    for i, t in enumerate(lines):
        assert t.y[0] == pytest.approx(totals(a.S, normalise(a.W[0]))[i])
        assert t.y[-1] == pytest.approx(totals(a.S, normalise(a.W[1]))[i])


def test_chart_leaves_an_off_path_set_unmarked(sample_case) -> None:  # noqa: ANN001
    a = Appraisal(sample_case)
    chart = consensus_path_chart(a, "breckland_cabinet", "south_holland_cabinet", mark_set="joint_consensus")
    assert not [s for s in chart.figure.layout.shapes if s.type == "line"]
    assert "85 %" in chart.takeaway
    assert list(chart.table.columns) == ["Option", "Breckland cabinet (0 %)", "Swap 1 (85 %)", "South Holland cabinet (100 %)"]
    assert list(chart.table["Swap 1 (85 %)"])[1:3] == ["1.806 (=2)", "1.806 (=2)"]


def test_chart_escapes_user_text(minimal) -> None:  # noqa: ANN001
    minimal["options"][1]["name"] = "<b>Shared</b>"
    a = Appraisal(case_from_mapping(minimal, "test"))
    fig = consensus_path_chart(a, "north_cabinet", "south_cabinet").figure
    assert "&lt;b&gt;Shared&lt;/b&gt;" in [t.name for t in fig.data]
    assert not any("<b>" in (t.name or "") for t in fig.data)


# The command line --------------------------------------------------------------------------------


def test_cli_json_shape_and_figures(sample_case, capsys) -> None:  # noqa: ANN001
    assert main(["path", str(SAMPLE), "--from", "breckland_cabinet", "--to", "south_holland_cabinet",
                 "--mark", "joint_consensus", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"from", "to", "identical", "weights", "lines", "swaps", "stretches", "tied_throughout",
                        "leader_changes", "mark"}
    assert doc["swaps"] == [{"lambda": 132 / 155, "lambda_exact": "132/155", "overtaking": "stand_alone",
                             "overtaken": "improved", "place": 2, "total": pytest.approx(1.806451612903)}]
    assert [s["from_exact"] for s in doc["stretches"]] == ["0", "132/155"]
    assert [r["option"] for r in doc["stretches"][1]["ranking"]] == ["local_partnership", "stand_alone", "improved", "as_is"]
    assert sum(doc["weights"]["from"].values()) == pytest.approx(1)
    assert doc["mark"]["on_path"] is False and doc["mark"]["lambda"] is None
    a = Appraisal(sample_case)
    for line, i in zip(doc["lines"], range(a.n_options)):
        assert line["at_to"] == pytest.approx(float(a.S[i] @ normalise(a.weights_of("south_holland_cabinet"))))


def test_cli_table_and_errors() -> None:
    def path_cli(*args: str) -> subprocess.CompletedProcess[str]:
        return cli("path", str(SAMPLE), *args)

    done = path_cli("--from", "breckland_cabinet", "--to", "south_holland_cabinet")
    assert done.returncode == 0 and "85 %" in done.stdout and "Order (best first)" in done.stdout
    bad = path_cli("--from", "breckland_cabinet", "--to", "nope")
    assert bad.returncode == 2 and "--to: 'nope' is not a weight set" in bad.stderr and "Traceback" not in bad.stderr
    missing = path_cli("--from", "breckland_cabinet")
    assert missing.returncode == 2


def test_a_large_case_keeps_exact_stretches_and_marks_only_the_top_swaps() -> None:
    rng = np.random.default_rng(7)
    S = rng.integers(1, 4, (40, 8)).astype(float)
    a, b = rng.integers(0, 6, 8) + 0.5, rng.integers(0, 6, 8) + 0.25
    path = consensus_path(S, a, b)
    assert len(path.swaps) > 60
    for s in path.stretches:  # the order carried from stretch to stretch equals a fresh exact sort
        assert s.ranks == path.ranks_at((s.start + s.end) / 2)
    shown = marked_swaps(path)
    assert 0 < len(shown) <= MARKED_SWAPS and all(sw.place <= 3 for sw in shown)


def test_default_ends_and_mark(sample_case, minimal) -> None:  # noqa: ANN001
    from appraisal.analysis.consensus_path import default_ends, default_mark

    assert default_ends(sample_case) == ("breckland_cabinet", "south_holland_cabinet")
    assert default_mark(sample_case, "breckland_cabinet", "south_holland_cabinet") == "joint_consensus"
    for ws in minimal["weight_sets"]:
        ws.pop("council")
    minimal["weight_sets"].append({"id": "eq", "name": "Equal", "weights": {"finance": 1, "place": 1, "risk": 1},
                                   "provenance": {"method": "equal"}})
    case = case_from_mapping(minimal, "test")
    assert default_ends(case) == ("north_cabinet", "south_cabinet")
    assert default_mark(case, "north_cabinet", "south_cabinet") is None


def test_candidate_weight_set_is_the_blend_in_percent_and_lies_on_the_path(sample_case) -> None:  # noqa: ANN001
    from ui.sections.weights_between import candidate_weight_set

    ws = candidate_weight_set(sample_case, "breckland_cabinet", "south_holland_cabinet", 37, "Blend 37 %")
    assert ws.id == "blend_37" and ws.provenance.method == "path"
    assert ws.provenance.inputs == {"from": "breckland_cabinet", "to": "south_holland_cabinet", "lambda": 0.37}
    assert sum(ws.weights.values()) == pytest.approx(100, abs=1e-4)
    a = Appraisal(sample_case)
    loc = locate(normalise(a.W[0]), normalise(a.W[1]), normalise(a.weights_from_mapping(ws.weights)))
    assert loc.on_path and loc.lam == pytest.approx(0.37, abs=1e-6)
    assert unique_id("Blend 37 %", {"blend_37"}) == "blend_37_2"
    assert unique_id("%%%", set(), "blend") == "blend"

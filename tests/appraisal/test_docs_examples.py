"""docs/case-format.md's "Measured criteria" section: its YAML example is a valid scale and its worked
example's numbers are what the engine computes (value functions, Σ value × weight, % of max, ranks)."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
import yaml

from appraisal.analysis.scoring import Appraisal
from appraisal.formats.mapping import case_from_mapping
from tests.conftest import ROOT
from tests.markdown_tables import parse_tables

DOC = ROOT / "docs" / "case-format.md"


def _section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("## Measured criteria")
    return text[start:text.index("\n### ", start)]


def _example() -> dict[str, Any]:
    """The section's first YAML block (the format, with an example)."""
    block = re.search(r"```yaml\n(.*?)```", _section(), re.S)
    assert block is not None, "the Measured criteria section lost its YAML example"
    return yaml.safe_load(block.group(1))


def _worked_rows() -> list[list[str]]:
    """The worked example's table: option, net cost, its value, satisfied %, its value, total, % of max."""
    table = parse_tables(_section().split("**A worked example.**", 1)[1])[0]
    assert list(table.columns) == ["Option", "Net cost £k", "value", "Satisfied %", "value", "Total", "% of max"]
    return table.values.tolist()


def _stated(cell: str) -> float:
    """The figure a cell states: the number after its last '=' ('70 × 60 + 60 × 40 = 6,600' → 6600)."""
    return float(cell.rsplit("=", 1)[-1].replace(",", "").replace("%", "").strip())


def _worked_case() -> dict[str, Any]:
    """The worked example as a case: the documented net_cost scale (weight 60) and residents satisfied,
    range [50, 100], linear (weight 40); each option's raw figures from the table."""
    net_cost = next(c for c in _example()["criteria"] if c["id"] == "net_cost")
    rows = _worked_rows()
    return {
        "format": "options-appraisal/1",
        "title": "case-format.md worked example",
        "criteria": [net_cost, {"id": "satisfaction", "name": "Residents satisfied",
                                "scale": {"unit": "% satisfied", "direction": "higher", "range": [50, 100]}}],
        "options": [{"id": r[0].lower(), "name": f"Option {r[0]}"} for r in rows],
        "scores": {r[0].lower(): {"net_cost": float(r[1]), "satisfaction": float(r[3])} for r in rows},
        "weight_sets": [{"id": "example", "name": "Example", "weights": {"net_cost": 60, "satisfaction": 40}}],
    }


def test_the_yaml_example_is_a_valid_case_fragment() -> None:
    example = _example()
    assert "scale" in example and example["scale"] is None  # the optional case-level default, shown empty
    data = {
        "format": "options-appraisal/1",
        "title": "case-format.md example",
        "criteria": example["criteria"],
        "options": [{"id": o, "name": o} for o in example["scores"]],
        "scores": example["scores"],
        "weight_sets": [{"id": "w", "name": "W", "weights": {c["id"]: 1 for c in example["criteria"]}}],
    }
    ap = Appraisal(case_from_mapping(data, "docs example"))
    net_cost, quality = ap.scales
    assert net_cost.measured and net_cost.direction == "lower" and net_cost.unit == "£k a year"
    assert quality.labels == {"Good": 3, "Fair": 2, "Poor": 1}
    # cheap: £100k on the documented value function (0: 100, 200: 40) is 70; Good is 3.
    assert ap.raw.tolist() == [[100.0, 3.0]]
    assert ap.S.tolist() == [[pytest.approx(70.0), 3.0]]


def test_the_worked_examples_numbers_are_what_the_engine_computes() -> None:
    rows = _worked_rows()
    ap = Appraisal(case_from_mapping(_worked_case(), "docs worked example"))
    w = ap.weights_of("example")
    results = {r.option: r for r in ap.results(w)}
    for i, row in enumerate(rows):
        option = row[0].lower()
        # Each value cell states its figure rounded to one decimal (26.7); totals and % to the unit.
        assert ap.S[i, 0] == pytest.approx(_stated(row[2]), abs=0.05), row[2]
        assert ap.S[i, 1] == pytest.approx(_stated(row[4]), abs=0.05), row[4]
        assert results[option].total == pytest.approx(_stated(row[5]), abs=0.5), row[5]
        assert results[option].percent_of_max == pytest.approx(_stated(row[6]), abs=0.5), row[6]
    # Σ value × weight by hand, and % of max against Σ w_j · max_j = 100 × 60 + 100 × 40.
    np.testing.assert_allclose([results[o].total for o in ap.option_ids], ap.S @ w)
    assert ap.max_total(w) == 10_000
    # "A ranks first though B satisfies more residents."
    assert results["a"].rank == 1 and results["b"].rank == 2
    assert ap.raw[1, 1] > ap.raw[0, 1]

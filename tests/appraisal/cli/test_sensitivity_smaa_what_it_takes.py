"""``sensitivity``, ``smaa`` and ``what-it-takes`` against the contract in CASE_FORMAT.md."""

from __future__ import annotations

import json

import numpy as np
import pytest

from appraisal.analysis.scoring import Appraisal, normalise
from appraisal.analysis.sensitivity import stability_intervals
from appraisal.analysis.smaa import smaa
from appraisal.analysis.what_it_takes import what_it_takes
from appraisal.cli import main
from appraisal.formats.load import load_case
from appraisal.report.scrutiny import what_it_takes_sentence
from tests.conftest import SAMPLE, cli


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main([*args, "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return json.loads(out)


def test_sensitivity_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(capsys, "sensitivity", str(SAMPLE), "--weights", "south_holland_cabinet")
    assert set(doc) == {"weight_set", "criteria"} and doc["weight_set"] == "south_holland_cabinet"
    a = Appraisal(load_case(SAMPLE))
    expected = stability_intervals(a.S, normalise(a.weights_of("south_holland_cabinet")))
    assert [c["criterion"] for c in doc["criteria"]] == a.criterion_ids
    for row, iv in zip(doc["criteria"], expected):
        assert set(row) == {"criterion", "weight", "top_unchanged", "order_unchanged"}
        assert row["weight"] == pytest.approx(iv.weight)
        assert row["top_unchanged"] == pytest.approx(list(iv.top_unchanged))
        assert row["order_unchanged"] == pytest.approx(list(iv.order_unchanged))
        assert row["top_unchanged"][0] <= row["weight"] <= row["top_unchanged"][1]
    default = run_json(capsys, "sensitivity", str(SAMPLE))
    assert default["weight_set"] == "breckland_cabinet"


def test_smaa_json_contract_and_seed(capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(capsys, "smaa", str(SAMPLE), "--samples", "3000", "--seed", "4")
    assert set(doc) == {"samples", "acceptability"} and doc["samples"] == 3000
    a = Appraisal(load_case(SAMPLE))
    assert list(doc["acceptability"]) == a.option_ids
    expected = smaa(a.S, 3000, seed=4).acceptability
    for i, oid in enumerate(a.option_ids):
        assert len(doc["acceptability"][oid]) == a.n_options
        assert doc["acceptability"][oid] == pytest.approx(list(expected[i]))
    assert run_json(capsys, "smaa", str(SAMPLE), "--samples", "3000", "--seed", "4") == doc


def test_what_it_takes_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(capsys, "what-it-takes", str(SAMPLE), "--option", "as_is")
    assert set(doc) == {"option", "feasible", "distance", "weights", "explanation"}
    assert doc["option"] == "as_is" and doc["feasible"] is True
    a = Appraisal(load_case(SAMPLE))
    w = np.array([doc["weights"][c] for c in a.criterion_ids])
    assert w.sum() == pytest.approx(1) and doc["distance"] == pytest.approx(np.abs(w - normalise(a.W[0])).sum())
    t = a.S @ w
    assert t[0] >= t.max() - 1e-9
    assert "As is" in doc["explanation"]


def test_what_it_takes_infeasible_is_null(tmp_path, minimal, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    import yaml

    minimal["scores"]["alone"] = {"finance": "Low", "place": "Low", "risk": "Low"}
    minimal["scores"]["shared"] = {"finance": "High", "place": "High", "risk": "High"}
    path = tmp_path / "dominated.yaml"
    path.write_text(yaml.safe_dump(minimal, sort_keys=False))
    doc = run_json(capsys, "what-it-takes", str(path), "--option", "alone", "--weights", "south_cabinet")
    assert doc["feasible"] is False and doc["distance"] is None and doc["weights"] is None
    assert "Shared service" in doc["explanation"] and "every criterion" in doc["explanation"]
    a = Appraisal(load_case(path))
    assert doc["explanation"] == what_it_takes_sentence(what_it_takes(a.S, normalise(a.W[1]), 2), a.option_names, a.criterion_names)


@pytest.mark.parametrize("args", [
    ["what-it-takes", str(SAMPLE), "--option", "nope"],
    ["what-it-takes", str(SAMPLE), "--option", "as_is", "--weights", "nope"],
    ["sensitivity", str(SAMPLE), "--weights", "nope"],
    ["smaa", str(SAMPLE), "--samples", "0"],
    ["smaa", "missing.yaml"],
])
def test_bad_arguments_exit_2_with_a_message(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.strip() and "Traceback" not in err


def test_readable_tables_through_the_real_entry_point() -> None:
    done = cli("sensitivity", str(SAMPLE))
    assert done.returncode == 0 and "Leader unchanged" in done.stdout
    done = cli("smaa", str(SAMPLE), "--samples", "1000")
    assert done.returncode == 0 and "As is (business as usual)" in done.stdout
    done = cli("what-it-takes", str(SAMPLE), "--option", "stand_alone")
    assert done.returncode == 0 and "Weight needed" in done.stdout

"""``python -m appraisal rank`` against the contract in CASE_FORMAT.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from appraisal.analysis.scoring import Appraisal
from appraisal.cli import main
from appraisal.formats.load import load_case
from tests.conftest import SAMPLE, cli


def test_rank_json_follows_the_contract() -> None:
    done = cli("rank", str(SAMPLE), "--json")
    assert done.returncode == 0 and done.stderr == ""
    doc = json.loads(done.stdout)
    assert set(doc) == {"weight_set", "results"}
    case = load_case(SAMPLE)
    assert doc["weight_set"] == case.weight_sets[0].id  # default: the first weight set
    a = Appraisal(case)
    w = a.weights_of(doc["weight_set"])
    for row in doc["results"]:
        assert set(row) == {"option", "name", "total", "percent_of_max", "rank"}
        i = a.option_ids.index(row["option"])
        assert row["total"] == pytest.approx(float(a.S[i] @ w))
        assert row["percent_of_max"] == pytest.approx(100 * row["total"] / (3 * w.sum()))
    ranks = [r["rank"] for r in doc["results"]]
    assert ranks == sorted(ranks)


def test_rank_with_weights_and_scale(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rank", str(SAMPLE), "--weights", "equal", "--scale", "high=9,Medium=3,Low=1", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    a = Appraisal(load_case(SAMPLE), {"High": 9.0, "Medium": 3.0, "Low": 1.0})
    expected = {r.option: r.total for r in a.results(a.weights_of("equal"))}
    assert {r["option"]: r["total"] for r in doc["results"]} == pytest.approx(expected)


def test_competition_ranks_in_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import MINIMAL

    path = tmp_path / "tie.yaml"
    path.write_text(yaml.safe_dump(MINIMAL, sort_keys=False))
    assert main(["rank", str(path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [(r["option"], r["rank"]) for r in doc["results"]] == [("shared", 1), ("as_is", 2), ("alone", 2)]


def test_readable_table() -> None:
    done = cli("rank", str(SAMPLE), "--weights", "south_holland_cabinet")
    assert done.returncode == 0
    assert "South Holland cabinet" in done.stdout and "% of max" in done.stdout
    assert "As is (business as usual)" in done.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--weights", "nobody"], "--weights: 'nobody' is not a weight set"),
        (["--scale", "Excellent=5"], "--scale: 'Excellent=5'"),
        (["--scale", "High=1,Medium=2"], "numbers must decrease"),
        (["--scale", "High=lots"], "not a number"),
    ],
)
def test_bad_arguments_exit_2_with_one_message(args: list[str], words: str) -> None:
    done = cli("rank", str(SAMPLE), *args, "--json")
    assert done.returncode == 2 and done.stdout == ""
    assert words in done.stderr and "Traceback" not in done.stderr


def test_bad_case_file_exits_2_naming_file_field_and_id(tmp_path: Path) -> None:
    data = yaml.safe_load(SAMPLE.read_text())
    data["scores"]["stand_alone"]["finance"] = "Hgh"
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    done = cli("rank", str(path), "--json")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip() == "broken.yaml: scores.stand_alone.finance: 'Hgh' is not a rating; use High, Medium, Low (or a number)"


def test_missing_file_and_usage_errors_exit_2() -> None:
    assert cli("rank", "no/such/file.yaml").returncode == 2
    done = cli("rank")
    assert done.returncode == 2 and "usage" in done.stderr

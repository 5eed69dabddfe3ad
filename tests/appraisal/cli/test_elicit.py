"""``python -m appraisal elicit``: weight sets from each method, JSON, the matrix file formats, exit 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from appraisal.cli import main
from appraisal.formats.load import load_case
from appraisal.formats.mapping import case_from_mapping, case_to_mapping
from tests.conftest import SAMPLE, cli

SAMPLE_IDS = load_case(SAMPLE).criterion_ids


def run(capsys, *argv: str) -> tuple[int, str, str]:  # noqa: ANN001
    code = main(["elicit", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv: str) -> dict:  # noqa: ANN001
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_ranking_with_ties_json(capsys) -> None:  # noqa: ANN001
    doc = run_json(capsys, "ranking", "--order", "finance,resilience=place,influence")
    assert doc["method"] == "ranking" and doc["variant"] == "roc"
    assert doc["weights"] == pytest.approx({"finance": 0.5208333, "resilience": 0.2083333, "place": 0.2083333, "influence": 0.0625})
    assert doc["inputs"] == {"order": [["finance"], ["resilience", "place"], ["influence"]]}
    ws = doc["weight_set"]
    assert ws["provenance"]["method"] == "ranking" and ws["weights"]["finance"] == 52.08


def test_ranking_variants(capsys) -> None:  # noqa: ANN001
    doc = run_json(capsys, "ranking", "--order", "a,b,c,d", "--variant", "rank_sum")
    assert list(doc["weights"].values()) == pytest.approx([0.4, 0.3, 0.2, 0.1])


def test_points_and_swing(capsys) -> None:  # noqa: ANN001
    assert run_json(capsys, "points", "--points", "finance=40,place=30,influence=30")["weights"] == pytest.approx(
        {"finance": 0.4, "place": 0.3, "influence": 0.3})
    doc = run_json(capsys, "swing", "--swings", "finance=100,place=60,influence=40")
    assert doc["weights"] == pytest.approx({"finance": 0.5, "place": 0.3, "influence": 0.2})


MATRIX_YAML = """\
criteria: [finance, place, influence]
matrix:
  - [1, 3, 5]
  - [1/3, 1, 3]
  - [1/5, 1/3, 1]
"""
JUDGEMENTS_YAML = """\
judgements:
  - [finance, place, 3]          # finance moderately more important than place
  - [finance, influence, 5]
  - {a: influence, b: place, value: 1/3}
"""
MATRIX_CSV = ",finance,place,influence\nfinance,1,3,5\nplace,,1,3\ninfluence,,,1\n"
LIST_CSV = "a,b,value\nfinance,place,3\nfinance,influence,5\nplace,influence,3\n"


@pytest.mark.parametrize(("name", "text"), [("m.yaml", MATRIX_YAML), ("j.yaml", JUDGEMENTS_YAML), ("m.csv", MATRIX_CSV),
                                            ("j.csv", LIST_CSV)])
def test_pairwise_file_formats_give_saatys_example(capsys, tmp_path: Path, name: str, text: str) -> None:  # noqa: ANN001
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc = run_json(capsys, "pairwise", "--matrix", str(path))
    assert [round(w, 3) for w in doc["weights"].values()] == [0.637, 0.258, 0.105]
    assert round(doc["consistency"]["cr"], 3) == 0.033 and doc["consistency"]["acceptable"]
    assert doc["warnings"] == []


def test_incomplete_matrix_and_inconsistency_warning(capsys, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "bad.yaml"
    path.write_text("judgements:\n  - [a, b, 5]\n  - [b, c, 5]\n  - [c, a, 3]\n", encoding="utf-8")
    code, out, _ = run(capsys, "pairwise", "--matrix", str(path))
    assert code == 0
    assert "above 0.10" in out and "Warning: The consistency ratio is" in out and "Changing it to" in out
    path.write_text("judgements:\n  - [a, b, 2]\n  - [b, c, 4]\n", encoding="utf-8")
    doc = run_json(capsys, "pairwise", "--matrix", str(path))
    assert doc["variant"] == "harker" and not doc["consistency"]["complete"]
    assert list(doc["weights"].values()) == pytest.approx([8 / 13, 4 / 13, 1 / 13])


def test_blank_cells_in_a_matrix_are_comparisons_not_made(capsys, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "gaps.yaml"
    path.write_text('criteria: [a, b, c]\nmatrix:\n  - [1, 3, -]\n  - [~, 1, 2]\n  - [null, "", 1]\n', encoding="utf-8")
    doc = run_json(capsys, "pairwise", "--matrix", str(path))
    assert doc["variant"] == "harker" and doc["inputs"]["judgements"] == [["a", "b", 3.0], ["b", "c", 2.0]]
    assert list(doc["weights"].values()) == pytest.approx([6 / 9, 2 / 9, 1 / 9])


def test_with_a_case_names_are_shown_and_the_set_fits_the_case(capsys, sample_case) -> None:  # noqa: ANN001
    ids = sample_case.criterion_ids
    order = f"{ids[0]},{ids[1]}={ids[2]}," + ",".join(ids[3:])
    code, out, err = run(capsys, "ranking", "--order", order, "--case", str(SAMPLE), "--name", "Breckland ranking",
                         "--council", "breckland", "--by", "Breckland informal cabinet", "--date", "2021-06-14")
    assert code == 0, err
    assert sample_case.criteria[0].name in out and "Method: ranking (rank-order centroid)" in out
    pasted = yaml.safe_load(out.split("paste under weight_sets:):", 1)[1])
    data = case_to_mapping(sample_case)
    data["weight_sets"] += pasted
    case = case_from_mapping(data, "pasted")
    ws = case.weight_set("breckland_ranking")
    assert ws.provenance is not None and ws.provenance.by == "Breckland informal cabinet" and ws.council == "breckland"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ranking", "--order", "finance,nonsense", "--case", str(SAMPLE)], "'nonsense' is not a criterion of this case"),
        (["ranking", "--order", "finance,place=finance"], "a cycle"),
        (["ranking", "--order", "finance=place=finance"], "tied with itself"),
        (["ranking", "--order", "finance", "--case", str(SAMPLE)], "no rank for"),
        (["points", "--points", "finance=40,finance=20"], "'finance' is listed twice"),
        (["points", "--points", "finance=lots"], "'lots' is not a number"),
        (["points", "--points", "finance=0,place=0"], "every criterion has 0 points"),
        (["swing", "--swings", "finance=90,place=10"], "must score 100"),
        (["points", "--points", ",".join(f"{c}=1" for c in SAMPLE_IDS), "--council", "nowhere", "--case", str(SAMPLE)],
         "'nowhere' is not a council id"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(capsys, argv: list[str], message: str) -> None:  # noqa: ANN001
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("judgements:\n  - [a, b, 0]\n", "judgements must be positive"),
        ("judgements:\n  - [a, b, -2]\n", "judgements must be positive"),
        ("judgements:\n  - [a, b, 3]\n  - [c, d, 3]\n", "c and d are not compared"),
        ("criteria: [a, b]\nmatrix:\n  - [1, 3]\n  - [3, 1]\n", "not the reciprocal"),
        ("matrix:\n  - [1]\n", "needs 'criteria:'"),
        ("- 1\n- 2\n", "a judgement file is a mapping"),
        ("judgements:\n  - [a, b]\n", "[criterion, criterion, value]"),
        ("judgements: [[a, b, 3]]\nweights: 1\n", "unknown field weights"),
        ("judgements:\n  - &x [a, b, 3]\n  - *x\n", "aliases"),
    ],
)
def test_bad_judgement_files_exit_2(capsys, tmp_path: Path, text: str, message: str) -> None:  # noqa: ANN001
    path = tmp_path / "judgements.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "pairwise", "--matrix", str(path))
    assert code == 2 and out == ""
    assert message in err and "judgements.yaml" in err


def test_pairwise_against_a_case_needs_every_criterion_connected(capsys, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "few.yaml"
    path.write_text("judgements:\n  - [finance, place, 3]\n", encoding="utf-8")
    code, _, err = run(capsys, "pairwise", "--matrix", str(path), "--case", str(SAMPLE))
    assert code == 2 and "Strategic influence" in err and "not compared" in err


def test_missing_matrix_file_and_missing_flag(capsys, tmp_path: Path) -> None:  # noqa: ANN001
    code, _, err = run(capsys, "pairwise", "--matrix", str(tmp_path / "none.yaml"))
    assert code == 2 and "no such file" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["elicit", "ranking"])
    assert exit_info.value.code == 2


def test_runs_as_a_module() -> None:
    proc = cli("elicit", "ranking", "--order", "a,b,c", "--json")
    assert proc.returncode == 0, proc.stderr
    assert [round(w, 3) for w in json.loads(proc.stdout)["weights"].values()] == [0.611, 0.278, 0.111]
    proc = cli("elicit", "ranking", "--order", "a,b=a")
    assert proc.returncode == 2 and "cycle" in proc.stderr and "Traceback" not in proc.stderr

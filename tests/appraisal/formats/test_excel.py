"""Excel in and out: YAML → Excel → YAML is lossless, and every malformed workbook gets a precise message."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from appraisal.errors import CaseError
from appraisal.formats.excel.read import load_case_workbook
from appraisal.formats.excel.safety import MAX_WORKBOOK_BYTES, OLE_SIGNATURE
from appraisal.formats.excel.write import case_workbook, template_workbook
from appraisal.formats.load import load_case
from appraisal.formats.mapping import case_from_mapping, case_to_mapping
from appraisal.formats.yaml_file import case_to_yaml
from tests.conftest import SAMPLE, cli


def _edit(data: bytes, change) -> bytes:
    """Open the workbook with openpyxl, apply ``change(wb)``, save."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _error(data: bytes, source: str = "case.xlsx") -> str:
    with pytest.raises(CaseError) as info:
        load_case_workbook(data, source)
    return info.value.message


@pytest.fixture
def workbook(minimal: dict[str, Any]) -> bytes:
    return case_workbook(case_from_mapping(minimal, "minimal"))


# Round trips -------------------------------------------------------------------------------------

def test_sample_round_trip_is_lossless(sample_case) -> None:
    back = load_case_workbook(case_workbook(sample_case), "sample.xlsx")
    assert back == sample_case
    assert case_to_mapping(back) == case_to_mapping(sample_case)
    assert case_to_yaml(back) == case_to_yaml(sample_case)


def test_round_trip_keeps_awkward_text_numbers_and_extras(minimal: dict[str, Any]) -> None:
    minimal["title"] = "=HYPERLINK(\"http://evil\", \"click\")"
    minimal["note"] = "Line one\nline two — with ünïcode and £"
    minimal["options"][1]["name"] = "+cmd|' /C calc'!A0"
    minimal["options"][2]["name"] = "@SUM(1+1)*cmd"
    minimal["options"][2]["description"] = "-2+3"
    minimal["options"][2]["do_minimum"] = True
    minimal["criteria"][0]["group"] = "Money"
    minimal["criteria"][1]["name"] = "2030"
    minimal["councils"][0]["note"] = "<script>alert(1)</script>"
    minimal["scores"]["alone"]["risk"] = 2.5
    minimal["scores"]["shared"]["finance"] = "high"
    minimal["weight_sets"][0]["weights"]["finance"] = 12.75
    minimal["weight_sets"][1]["provenance"] = {"method": "points", "by": "South cabinet", "inputs": {"points": [1, 2, 3]}}
    minimal["savings"] = {"years": ["2024/25", "2025/26"], "discount_rate": 3.5, "services": [
        {"id": "it", "name": "IT =SUM(A1)", "start_year": "2024/25", "current_cost": {"north": 100000, "south": 52500.5},
         "likelihood": "High", "ramp": [50, 100]}]}
    minimal["assessors"] = [{"id": "a1", "name": "Director A", "role": "Finance", "council": "north"}]
    minimal["assessments"] = {"a1": {"as_is": {"finance": "Low", "place": 2}}}
    minimal["illustrative"] = True
    case = case_from_mapping(minimal, "awkward")
    back = load_case_workbook(case_workbook(case), "awkward.xlsx")
    assert back == case
    assert case_to_yaml(back) == case_to_yaml(case)


def test_user_text_is_stored_as_text_not_formulas(minimal: dict[str, Any]) -> None:
    minimal["options"][1]["name"] = "=HYPERLINK(\"http://evil\",\"x\")"
    data = case_workbook(case_from_mapping(minimal, "m"))
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cell = wb["Options"]["B3"]
    assert cell.value.startswith("=HYPERLINK")
    assert cell.data_type == "s"
    for ws in wb.worksheets:
        assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_template_loads_and_explains_itself() -> None:
    data = template_workbook()
    case = load_case_workbook(data, "template.xlsx")
    assert case.title == "Our options appraisal"
    assert [o.id for o in case.options] == ["as_is", "shared", "stand_alone"]
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert {"Read me", "Case", "Councils", "Scale", "Criteria", "Options", "Ratings", "Weights"} <= set(wb.sheetnames)
    assert wb["Ratings"].data_validations.dataValidation, "the rating cells offer a drop-down of labels"


def test_every_cli_command_accepts_a_workbook(tmp_path: Path, sample_case) -> None:
    path = tmp_path / "case.xlsx"
    path.write_bytes(case_workbook(sample_case))
    assert load_case(path) == sample_case
    out = cli("rank", str(path), "--json")
    yaml_out = cli("rank", str(SAMPLE), "--json")
    assert out.returncode == 0, out.stderr
    assert out.stdout == yaml_out.stdout


def test_cli_bad_workbook_exits_2_with_one_message(tmp_path: Path, workbook: bytes) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(_edit(workbook, lambda wb: wb["Ratings"].__setitem__("D3", "Hgh")))
    out = cli("rank", str(path))
    assert out.returncode == 2
    assert out.stderr.strip() == "bad.xlsx: Ratings!D3: 'Hgh' is not a rating; use High, Medium or Low"
    assert "Traceback" not in out.stderr and out.stdout == ""


# Cell-level problems -----------------------------------------------------------------------------

def test_bad_rating_names_the_cell(workbook: bytes) -> None:
    # Ratings: A option id, B option name, C finance, D place, E risk; row 2 is the first option.
    bad = _edit(workbook, lambda wb: wb["Ratings"].__setitem__("D7", None) or wb["Ratings"].__setitem__("D3", "Hgh"))
    assert _error(bad) == "case.xlsx: Ratings!D3: 'Hgh' is not a rating; use High, Medium or Low"


def test_missing_rating_names_the_cell(workbook: bytes) -> None:
    bad = _edit(workbook, lambda wb: wb["Ratings"].__setitem__("E4", None))
    assert _error(bad) == "case.xlsx: Ratings!E4: missing: option 'alone' has no rating for criterion 'risk'"


def test_text_in_number_cells(workbook: bytes) -> None:
    def change(wb):
        wb["Weights"]["F2"] = "three"    # Weights: A id, B name, C council, D note, E.. criteria
        wb["Scale"]["B3"] = "two"
    msg = _error(_edit(workbook, change))
    assert "Scale!B3: 'two' is text, not a number; a rating's value must be a number" in msg
    assert "Weights!F2: 'three' is text, not a number; weights must be a number" in msg


def test_numbers_typed_as_text_are_accepted(workbook: bytes, minimal) -> None:
    case = load_case_workbook(_edit(workbook, lambda wb: wb["Weights"].__setitem__("E2", " 3 ")), "ok.xlsx")
    assert case.weight_sets[0].weights["finance"] == 3


def test_negative_weight_and_unknown_council_name_cells(workbook: bytes) -> None:
    def change(wb):
        wb["Weights"]["E3"] = -1
        wb["Weights"]["C2"] = "nowhere"
    msg = _error(_edit(workbook, change))
    assert "Weights!E3: -1 is negative; weights must be 0 or more" in msg
    assert "Weights!C2: 'nowhere' is not a council id of this case" in msg


def test_bad_id_and_duplicate_names_point_at_rows(workbook: bytes) -> None:
    def change(wb):
        wb["Criteria"]["A3"] = "Place Leadership"
    msg = _error(_edit(workbook, change))
    assert "Criteria!A3: 'Place Leadership' is not a valid id" in msg


def test_formula_in_a_data_cell_is_refused(workbook: bytes) -> None:
    msg = _error(_edit(workbook, lambda wb: wb["Weights"].__setitem__("E2", "=1+2")))
    assert msg == "case.xlsx: Weights!E2: contains a formula; type the number itself (formulas are not evaluated on upload)"
    # A rating cell and a text cell are refused alike.
    msg = _error(_edit(workbook, lambda wb: wb["Ratings"].__setitem__("C2", "=B2")))
    assert msg == "case.xlsx: Ratings!C2: contains a formula; type the number itself (formulas are not evaluated on upload)"
    msg = _error(_edit(workbook, lambda wb: wb["Options"].__setitem__("B2", "=A2")))
    assert msg == "case.xlsx: Options!B2: contains a formula; type the value itself (formulas are not evaluated on upload)"


def test_missing_sheet(workbook: bytes) -> None:
    msg = _error(_edit(workbook, lambda wb: wb.remove(wb["Ratings"])))
    assert msg.startswith("case.xlsx: the sheet 'Ratings' is missing; "
                          "the workbook needs the sheets Case, Criteria, Options, Ratings, Weights")


def test_merged_header_cells(workbook: bytes) -> None:
    msg = _error(_edit(workbook, lambda wb: wb["Options"].merge_cells("B1:C1")))
    assert msg.startswith("case.xlsx: Options!B1:C1: merged cells; unmerge them")


def test_extra_columns(workbook: bytes) -> None:
    def change(wb):
        wb["Options"]["F1"] = "Cost"
        wb["Ratings"]["F1"] = "cost"
        wb["Ratings"]["F2"] = "High"
        wb["Criteria"]["F3"] = "stray"
    msg = _error(_edit(workbook, change))
    assert "Options!F1: unknown column 'Cost'; this sheet's columns are Id, Name, Description" in msg
    assert "Ratings!F1: 'cost' is not a criterion id on the Criteria sheet; remove the extra column or add the criterion" in msg
    assert "Criteria!F3: a value in a column with no heading" in msg


def test_unknown_sheet_and_unknown_option_row(workbook: bytes) -> None:
    def change(wb):
        wb.create_sheet("Sheet1")
        wb["Ratings"]["A5"] = "ghost"
        wb["Ratings"]["C5"] = "High"
    msg = _error(_edit(workbook, change))
    assert "'Sheet1': unknown sheet" in msg
    assert "Ratings!A5: 'ghost' is not an option id on the Options sheet" in msg


def test_ten_thousand_rows(workbook: bytes) -> None:
    def change(wb):
        ws = wb["Options"]
        for r in range(5, 10_005):
            ws.cell(row=r, column=1, value=f"o{r}")
            ws.cell(row=r, column=2, value=f"Option {r}")
    msg = _error(_edit(workbook, change))
    assert "Options!A502: more than 500 rows; at most 500 are allowed on this sheet" in msg


def test_no_title(workbook: bytes) -> None:
    def change(wb):
        ws = wb["Case"]
        for row in ws.iter_rows(min_row=2):
            if row[0].value == "title":
                row[0].value = None
                row[1].value = None
    assert _error(_edit(workbook, change)) == "case.xlsx: Case!B2: the case has no title; add a 'title' row with the appraisal's name"


def test_status_quo_flag_must_be_yes_or_blank(workbook: bytes) -> None:
    msg = _error(_edit(workbook, lambda wb: wb["Options"].__setitem__("D3", "maybe")))
    assert msg == "case.xlsx: Options!D3: 'maybe' should be Yes or left blank"


# Container-level refusals (before openpyxl reads anything) ---------------------------------------

def _zip(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_zip_bomb(workbook: bytes) -> None:
    parts = _parts(workbook)
    parts["xl/media/padding.bin"] = b"\0" * (60 * 1024 * 1024)
    bomb = _zip(parts)
    assert len(bomb) < MAX_WORKBOOK_BYTES
    assert "possible zip bomb" in _error(bomb)


def test_too_many_zip_entries(workbook: bytes) -> None:
    parts = _parts(workbook)
    parts.update({f"xl/media/p{i}.bin": b"x" for i in range(400)})
    assert "parts; more than 300 is refused (possible zip bomb)" in _error(_zip(parts))


def test_macro_enabled(workbook: bytes) -> None:
    parts = _parts(workbook)
    parts["xl/vbaProject.bin"] = b"\0" * 64
    assert "contains macros (vbaProject.bin)" in _error(_zip(parts))
    assert "macro-enabled workbooks (.xlsm, .xlsb) are refused" in _error(workbook, "case.xlsm")


def test_encrypted_ole_file() -> None:
    assert "password-protected (encrypted)" in _error(OLE_SIGNATURE + b"\0" * 4000)


def test_csv_renamed() -> None:
    assert "a text (CSV) file renamed to .xlsx" in _error(b"id,name\nas_is,As is\n")


def test_external_links(workbook: bytes) -> None:
    parts = _parts(workbook)
    parts["xl/externalLinks/externalLink1.xml"] = b"<externalLink/>"
    assert "links to other files (external links)" in _error(_zip(parts))


def test_entity_declarations(workbook: bytes) -> None:
    parts = _parts(workbook)
    parts["xl/workbook.xml"] = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + parts["xl/workbook.xml"]
    assert "declares XML entities" in _error(_zip(parts))


def test_oversized_file() -> None:
    assert "workbooks over 5 MB are refused" in _error(b"PK" + b"\0" * (MAX_WORKBOOK_BYTES + 10))


def test_damaged_zip_and_garbage_never_raise_anything_else(workbook: bytes) -> None:
    for data in (b"PK\x03\x04garbage", workbook[: len(workbook) // 2], b"", b"\x89PNG\r\n\x1a\n" + b"\0" * 100):
        with pytest.raises(CaseError):
            load_case_workbook(data, "junk.xlsx")


def test_not_a_workbook_zip() -> None:
    assert "not an Excel workbook" in _error(_zip({"hello.txt": b"hi"}))


# --- Issue 17: read exactly what the file says, or refuse it -------------------------------------------

def _understate_dimensions(data: bytes, sheets: dict[str, str]) -> bytes:
    """The workbook with the <dimension> of the named sheets rewritten to claim a smaller size."""
    import re

    source = zipfile.ZipFile(io.BytesIO(data))
    names = openpyxl.load_workbook(io.BytesIO(data), read_only=True).sheetnames
    paths = {f"xl/worksheets/sheet{i + 1}.xml": sheets[name] for i, name in enumerate(names) if name in sheets}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename in paths:
                content, n = re.subn(rb'<dimension ref="[^"]*"', f'<dimension ref="{paths[info.filename]}"'.encode(), content)
                assert n == 1
            target.writestr(info, content)
    return out.getvalue()


def test_rows_past_the_stated_dimension_are_read(minimal: dict[str, Any]) -> None:
    """A 4th option in row 5 while the Options and Ratings sheets say A1:E4 / A1:E4: four options load."""
    minimal["options"].append({"id": "merger", "name": "Merger"})
    minimal["scores"]["merger"] = {"finance": "High", "place": "Low", "risk": "Low"}
    data = _understate_dimensions(case_workbook(case_from_mapping(minimal, "m")), {"Options": "A1:E4", "Ratings": "A1:E4"})
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert wb["Options"].max_row == 4, "the generated workbook must understate its size"
    case = load_case_workbook(data, "understated.xlsx")
    assert [o.id for o in case.options] == ["as_is", "shared", "alone", "merger"]
    assert case.scores["merger"] == {"finance": "High", "place": "Low", "risk": "Low"}


@pytest.mark.parametrize(("typed", "fix"), [("0,5", "write 0.5, not 0,5"), ("0,25", "write 0.25, not 0,25"),
                                            ("1,500", "write 1500 or 1.500")])
def test_a_decimal_comma_is_refused_with_the_fix(workbook: bytes, typed: str, fix: str) -> None:
    message = _error(_edit(workbook, lambda wb: wb["Weights"].__setitem__("E2", typed)))
    assert message.startswith(f"case.xlsx: Weights!E2: '{typed}'") and fix in message


def test_a_text_number_without_a_comma_still_loads(workbook: bytes) -> None:
    case = load_case_workbook(_edit(workbook, lambda wb: wb["Weights"].__setitem__("E2", " 2.5 ")), "case.xlsx")
    assert case.weight_sets[0].weights["finance"] == 2.5


def test_every_problem_is_listed_in_the_order_of_the_workbook(workbook: bytes) -> None:
    """Issue 18: a file with several problems reported only the first. Cell problems and case problems
    (a duplicate name, a negative weight) together, top to bottom, sheet by sheet."""

    def change(wb) -> None:
        wb["Weights"]["F3"] = -1                 # a negative weight (found by the case checks)
        wb["Weights"]["E2"] = "0,5"              # a decimal comma (found reading the cell)
        wb["Ratings"]["D3"] = "Hgh"              # not a rating
        wb["Options"]["B4"] = "Shared service"   # the same name twice (case checks)

    lines = _error(_edit(workbook, change)).splitlines()
    where = [line.split(": ")[1] for line in lines]
    assert where == ["Options!B3", "Ratings!D3", "Weights!E2", "Weights!F3"], lines


def test_a_zip_directory_that_understates_a_part_costs_no_memory(tmp_path: Path) -> None:
    """Issue 17: a 1 MB workbook whose sheet inflates to 1 GB while its directory says 1 MB grew the
    server by 2.0 GB before it was refused (zipfile asks zlib for up to 1 GB at once). Measured in a
    fresh process: the peak memory grows by less than 100 MB while it is refused."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    probe = (
        "import resource, sys\n"
        "from tests.hostile.make_corpus import zip_directory_lies\n"
        "from appraisal.formats.load import load_case_bytes\n"
        "from appraisal.errors import CaseError\n"
        "data = zip_directory_lies()\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n"
        "    load_case_bytes(data, 'lies.xlsx')\n"
        "    print('LOADED')\n"
        "except CaseError as exc:\n"
        "    print(exc.message)\n"
        "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    message, grown_mb = run.stdout.strip().rsplit("\n", 1)
    assert message.startswith("lies.xlsx: ") and "LOADED" not in message
    assert int(grown_mb) < 100, f"the server grew by {grown_mb} MB"


def test_vba_declared_in_lower_case_is_refused() -> None:
    from tests.hostile.make_corpus import macro_lower_case

    assert "macro" in _error(macro_lower_case(), "book.xlsx")


def test_the_blank_template_is_blank_and_its_drop_downs_reach_every_criterion_column() -> None:
    """Issue 18: the "blank" template was the worked example, and its drop-downs covered three columns."""
    from appraisal.formats.excel.write import blank_workbook

    wb = openpyxl.load_workbook(io.BytesIO(blank_workbook()))
    for sheet in ("Councils", "Criteria", "Options", "Ratings", "Weights"):
        assert wb[sheet].max_row == 1, f"{sheet} should hold its headings only"
    assert [c.value for c in wb["Case"]["B"][1:3]] == ["options-appraisal/1", None]
    for data in (blank_workbook(), template_workbook()):
        ratings = openpyxl.load_workbook(io.BytesIO(data))["Ratings"]
        ranges = [str(r) for dv in ratings.data_validations.dataValidation for r in dv.sqref.ranges]
        assert any(r.startswith("C2:") and openpyxl.utils.column_index_from_string(
            "".join(ch for ch in r.split(":")[1] if ch.isalpha())) >= 2 + 200 for r in ranges), ranges


def _fill_blank(wb: openpyxl.Workbook) -> None:
    """A council's first case typed into the blank template: two criteria rated High/Medium/Low."""
    wb["Case"]["B3"] = "Filled-in blank"
    for row in (["finance", "Finance"], ["place", "Place"]):
        wb["Criteria"].append(row)
    for row in (["as_is", "As is", None, "Yes"], ["shared", "Shared service"]):
        wb["Options"].append(row)
    ratings, weights = wb["Ratings"], wb["Weights"]
    ratings["C1"], ratings["D1"], weights["E1"], weights["F1"] = "finance", "place", "finance", "place"
    ratings.append(["as_is", None, "Low", "High"])
    ratings.append(["shared", None, "High", "Medium"])
    weights.append(["cabinet", "Cabinet", None, None, 2, 1])


def _without_measures(wb: openpyxl.Workbook) -> None:
    del wb["Measures"]


def test_the_blank_template_has_an_empty_measures_sheet_that_reads_as_no_measured_criteria() -> None:
    from appraisal.formats.excel.layout import COLUMNS, MEASURES
    from appraisal.formats.excel.write import MEASURES_HINT, blank_workbook

    wb = openpyxl.load_workbook(io.BytesIO(blank_workbook()))
    ws = wb[MEASURES]
    assert [c.value for c in ws[1]] == [h for _, h in COLUMNS[MEASURES]] and ws.max_row == 1
    assert wb.sheetnames.index(MEASURES) == wb.sheetnames.index("Criteria") + 1
    assert ws["A1"].comment.text == MEASURES_HINT
    assert any(MEASURES_HINT in (c.value or "") for c in wb["Read me"]["A"])
    # Blank as downloaded: the same problems as before the sheet was added (nothing about Measures).
    blank = blank_workbook()
    assert _error(blank) == _error(_edit(blank, _without_measures))
    assert MEASURES not in _error(blank)
    # Filled in with the Measures sheet left empty: the same case as without the sheet, no criterion measured.
    filled = _edit(blank, _fill_blank)
    case = load_case_workbook(filled, "blank.xlsx")
    assert case == load_case_workbook(_edit(filled, _without_measures), "blank.xlsx")
    assert case.title == "Filled-in blank" and case.criterion_ids == ["finance", "place"]
    assert all(c.scale is None for c in case.criteria) and case.default_scale is None
    assert case.scores["shared"] == {"finance": "High", "place": "Medium"}


def test_a_measured_row_typed_into_the_blank_templates_measures_sheet_is_read() -> None:
    from appraisal.case.scales import scale_for
    from appraisal.formats.excel.write import blank_workbook

    def measure(wb: openpyxl.Workbook) -> None:
        _fill_blank(wb)
        wb["Measures"].append(["finance", "£k a year", "higher", 0, 500])
        wb["Ratings"]["C2"], wb["Ratings"]["C3"] = 0, 400

    case = load_case_workbook(_edit(blank_workbook(), measure), "blank.xlsx")
    sc = scale_for(case, "finance")
    assert sc.measured and sc.unit == "£k a year" and (sc.low, sc.high) == (0, 500)
    assert sc.value(400.0) == 80.0

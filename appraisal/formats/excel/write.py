"""A case as an Excel workbook in the template's layout, and the blank template."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as _Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from appraisal.case.model import Case
from appraisal.case.types import DEFAULT_SCALE, FORMAT, MAX_CRITERIA
from appraisal.formats.excel.layout import (
    ASSESSMENTS,
    ASSESSORS,
    CASE,
    CASE_FIELDS,
    COLUMNS,
    COUNCILS,
    CRITERIA,
    HEADER_FILL,
    HEADER_FONT,
    LABEL_SEP,
    MEASURES,
    MORE,
    OPTIONS,
    PAIR_SEP,
    POINT_SEP,
    RATINGS,
    RATINGS_LEAD,
    README,
    SCALE,
    WEIGHTS,
    WEIGHTS_LEAD,
)
from appraisal.formats.excel.safety import MAX_WORKBOOK_BYTES
from appraisal.formats.mapping import case_from_mapping, case_to_mapping
from appraisal.formats.yaml_file import dump_yaml


def put_text(ws: Worksheet, row: int, col: int, value: str | None) -> _Cell:
    """Write user text as text, never as a formula, even when it starts with = + - @."""
    cell = ws.cell(row=row, column=col)
    if value is None:
        return cell
    cell.value = str(value)
    cell.data_type = "s"  # openpyxl would otherwise store "=HYPERLINK(...)" as a live formula
    return cell


def put_value(ws: Worksheet, row: int, col: int, value: Any) -> _Cell:
    """A number as a number, anything else as text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        cell = ws.cell(row=row, column=col)
        cell.value = value
        return cell
    return put_text(ws, row, col, None if value is None else str(value))


def header(ws: Worksheet, headings: list[str], widths: list[int] | None = None) -> None:
    for col, text in enumerate(headings, start=1):
        cell = put_text(ws, 1, col, text)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = (widths or [])[col - 1] if widths and col <= len(widths) else 18
    ws.freeze_panes = "B2"


def _rating_dropdowns(ws: Worksheet, labels: list[str], options: int) -> None:
    """A drop-down of the scale's labels in every rating cell — under every criterion column there may
    be, not only the case's current ones, so a criterion added in Excel gets one too."""
    if not labels or len(",".join(labels)) >= 250 or any("," in label or '"' in label for label in labels):
        return  # Excel's list drop-down takes at most 255 characters, comma-separated, unquoted
    dv = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True,
                        error="Use a label of the Scale sheet", showErrorMessage=False)
    ws.add_data_validation(dv)
    first, last = get_column_letter(len(RATINGS_LEAD) + 1), get_column_letter(len(RATINGS_LEAD) + MAX_CRITERIA)
    dv.add(f"{first}2:{last}{max(options + 50, 200)}")


def number_text(value: Any) -> str:
    """A number as typed in a cell of text: 500, 0.25, -1500 (no exponent for ordinary numbers)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def points_text(points: list[list[Any]] | None) -> str | None:
    """[[0, 100], [200, 40]] → '0: 100; 200: 40'."""
    if points is None:
        return None
    return f"{POINT_SEP} ".join(f"{number_text(x)}{PAIR_SEP} {number_text(y)}" for x, y in points)


def labels_text(labels: dict[str, Any] | None) -> str | None:
    """{'Good': 3, 'Fair': 2} → 'Good = 3; Fair = 2'."""
    if labels is None:
        return None
    return f"{POINT_SEP} ".join(f"{label} {LABEL_SEP} {number_text(v)}" for label, v in labels.items())


def _measures_sheet(wb: Workbook, data: dict[str, Any]) -> dict[str, Any]:
    """The Measures sheet (one row per criterion with its own scale); returns what only the More sheet
    can hold: each criterion's from_savings and note, and a unit stated as "" (a cell cannot)."""
    rows = [c for c in data["criteria"] if c.get("scale")]
    rest: dict[str, Any] = {}
    if not rows:
        return rest
    ws = wb.create_sheet(MEASURES, wb.sheetnames.index(CRITERIA) + 1)
    header(ws, [h for _, h in COLUMNS[MEASURES]], [22, 20, 14, 12, 12, 12, 12, 34, 34, 34])
    for r, c in enumerate(rows, start=2):
        sc = c["scale"]
        rng, values = sc.get("range") or [None, None], sc.get("value_range") or [None, None]
        cells = (c["id"], sc.get("unit"), sc.get("direction"), rng[0], rng[1], values[0], values[1],
                 points_text(sc.get("points")), points_text(sc.get("alternative")), labels_text(sc.get("labels")))
        for col, value in enumerate(cells, start=1):
            if 4 <= col <= 7:
                put_value(ws, r, col, value)
            else:
                put_text(ws, r, col, value)
        extra = {k: sc[k] for k in ("from_savings", "note") if k in sc}
        if sc.get("unit") == "":  # an empty cell reads as no unit: the More sheet keeps the stated ""
            extra["unit"] = ""
        if extra:
            rest[c["id"]] = extra
    return rest


def _yes(flag: bool) -> str | None:
    return "Yes" if flag else None


def _readme(wb: Workbook, case: Case) -> None:
    ws = wb.create_sheet(README, 0)
    lines = [
        "Options Appraisal Studio — case workbook",
        f"Case: {case.title}",
        "",
        "Fill in the sheets and upload the workbook on the Case data page (or pass it to any command:",
        "python -m appraisal rank case.xlsx). Each problem is reported with its sheet and cell.",
        "",
        "Case — title, source and note of the appraisal (format must stay options-appraisal/1).",
        "Councils — id and name of each council; weight sets and assessors refer to the id.",
        "Scale — rating labels best first, with strictly decreasing numbers (High 3, Medium 2, Low 1).",
        "Criteria / Options — ids use lower-case letters, digits and _ only; names must differ.",
        "  Mark the business-as-usual option 'Yes' in its Status quo column (at most one).",
        "Ratings — one row per option, one column per criterion id: a scale label (or a number).",
        "Weights — one row per weight set: raw weights (0 or more, not all zero) under each criterion id.",
        "Assessors / Assessments — optional: individual ratings; the consensus is their median.",
        "More — optional: other parts of the case (savings, how weight sets were agreed) as YAML text.",
        "",
        "Do not merge cells, add columns, or use formulas in the data sheets: values are read as typed.",
        f"Workbooks over {MAX_WORKBOOK_BYTES // (1024 * 1024)} MB, macro-enabled or password-protected workbooks,",
        "and workbooks with links to other files are refused.",
    ]
    for row, text in enumerate(lines, start=1):
        put_text(ws, row, 1, text)
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 110


def case_workbook(case: Case) -> bytes:
    """The case as a workbook that :func:`load_case_workbook` reads back into the same case."""
    data = case_to_mapping(case)
    wb = Workbook()
    wb.remove(wb.active)
    _readme(wb, case)
    criteria = case.criterion_ids

    ws = wb.create_sheet(CASE)
    header(ws, [h for _, h in COLUMNS[CASE]], [16, 100])
    row = 2
    for key in CASE_FIELDS:
        value = data.get(key)
        if key == "illustrative":
            value = "Yes" if value else None
        if value is None and key not in ("format", "title"):
            continue
        put_text(ws, row, 1, key)
        put_text(ws, row, 2, value).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1

    ws = wb.create_sheet(COUNCILS)
    header(ws, [h for _, h in COLUMNS[COUNCILS]], [20, 30, 50])
    for r, c in enumerate(case.councils, start=2):
        for col, value in enumerate((c.id, c.name, c.note), start=1):
            put_text(ws, r, col, value)

    ws = wb.create_sheet(SCALE)
    header(ws, [h for _, h in COLUMNS[SCALE]], [20, 12])
    for r, (label, value) in enumerate(case.rating_scale.items(), start=2):
        put_text(ws, r, 1, label)
        put_value(ws, r, 2, value)

    ws = wb.create_sheet(CRITERIA)
    header(ws, [h for _, h in COLUMNS[CRITERIA]], [22, 40, 60, 20])
    for r, c in enumerate(case.criteria, start=2):
        for col, value in enumerate((c.id, c.name, c.description, c.group), start=1):
            put_text(ws, r, col, value)
    scale_extras = _measures_sheet(wb, data)

    ws = wb.create_sheet(OPTIONS)
    header(ws, [h for _, h in COLUMNS[OPTIONS]], [22, 40, 60, 16, 12])
    for r, o in enumerate(case.options, start=2):
        for col, value in enumerate((o.id, o.name, o.description, _yes(o.status_quo), _yes(o.do_minimum)), start=1):
            put_text(ws, r, col, value)

    ws = wb.create_sheet(RATINGS)
    header(ws, [h for _, h in RATINGS_LEAD] + criteria, [22, 34] + [14] * len(criteria))
    for col, c in enumerate(case.criteria, start=len(RATINGS_LEAD) + 1):
        ws.cell(row=1, column=col).comment = Comment(c.name, "Options Appraisal Studio")
    _rating_dropdowns(ws, list(case.rating_scale), len(case.options))
    for r, o in enumerate(case.options, start=2):
        put_text(ws, r, 1, o.id)
        put_text(ws, r, 2, o.name)
        row_scores = case.scores.get(o.id, {})
        for col, c in enumerate(criteria, start=len(RATINGS_LEAD) + 1):
            if c in row_scores:
                put_value(ws, r, col, row_scores[c])

    ws = wb.create_sheet(WEIGHTS)
    header(ws, [h for _, h in WEIGHTS_LEAD] + criteria, [22, 30, 16, 40] + [12] * len(criteria))
    for col, c in enumerate(case.criteria, start=len(WEIGHTS_LEAD) + 1):
        ws.cell(row=1, column=col).comment = Comment(c.name, "Options Appraisal Studio")
    for r, w in enumerate(case.weight_sets, start=2):
        for col, value in enumerate((w.id, w.name, w.council, w.note), start=1):
            put_text(ws, r, col, value)
        for col, c in enumerate(criteria, start=len(WEIGHTS_LEAD) + 1):
            if c in w.weights:
                put_value(ws, r, col, w.weights[c])

    if case.assessors:
        ws = wb.create_sheet(ASSESSORS)
        header(ws, [h for _, h in COLUMNS[ASSESSORS]], [22, 40, 30, 18])
        for r, a in enumerate(case.assessors, start=2):
            for col, value in enumerate((a.id, a.name, a.role, a.council), start=1):
                put_text(ws, r, col, value)
    if case.assessments:
        ws = wb.create_sheet(ASSESSMENTS)
        header(ws, [h for _, h in COLUMNS[ASSESSMENTS]], [22, 22, 22, 12])
        r = 2
        for assessor, by_option in case.assessments.items():
            for option, row_scores in by_option.items():
                for criterion, value in row_scores.items():
                    for col, text in enumerate((assessor, option, criterion), start=1):
                        put_text(ws, r, col, text)
                    put_value(ws, r, 4, value)
                    r += 1

    more: dict[str, Any] = {}
    provenance = {w["id"]: w["provenance"] for w in data["weight_sets"] if w.get("provenance")}
    if provenance:
        more["provenance"] = provenance
    if data.get("savings") is not None:
        more["savings"] = data["savings"]
    if data.get("scale") is not None:
        more["scale"] = data["scale"]
    if scale_extras:
        more["scales"] = scale_extras
    if more:
        ws = wb.create_sheet(MORE)
        ws.column_dimensions["A"].width = 120
        text = dump_yaml(more)
        for r, line in enumerate(text.splitlines(), start=1):
            put_text(ws, r, 1, line)

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# The blank template's one-line instruction for the Measures sheet (README and the sheet's A1 comment).
MEASURES_HINT = ("one row per criterion measured in its own unit (£k, minutes, %): its id, unit, higher or lower "
                 "better, and range; leave it empty if every criterion is rated on the Scale's labels.")


def blank_workbook() -> bytes:
    """The blank template: every sheet with its headings and nothing to delete — the case's format line,
    the default High/Medium/Low scale (change it if the appraisal uses another), rating drop-downs and an
    empty Measures sheet (its instruction on the README and as a note on its first heading)."""
    wb = Workbook()
    ws = wb.active
    ws.title = README
    lines = [
        "Options Appraisal Studio — blank case workbook",
        "",
        "1. Case: type the appraisal's title in B3 (leave the format row as it is).",
        "2. Councils (optional): one row per council — an id (lower-case letters, digits and _) and a name.",
        "3. Scale: the rating labels best first with strictly decreasing numbers (High 3, Medium 2, Low 1 is filled in).",
        "4. Criteria and Options: one row each, with an id and a name; mark the business-as-usual option 'Yes'.",
        "5. Ratings: add one column per criterion, headed with the criterion's id; one row per option (its id in column A),",
        "   a label of the scale in each cell (a drop-down offers them).",
        "6. Weights: add the same criterion-id columns; one row per weight set (id, name, optional council), weights 0 or more.",
        f"7. {MEASURES} (optional): {MEASURES_HINT}",
        "",
        "Then upload the workbook on the Case data page (or pass it to any command: python -m appraisal rank case.xlsx).",
        "Each problem is reported with its sheet and cell. The worked example on the same page shows a filled-in workbook.",
        "Do not merge cells or use formulas in the data sheets: values are read as typed.",
    ]
    for row, text in enumerate(lines, start=1):
        put_text(ws, row, 1, text)
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 110
    ws = wb.create_sheet(CASE)
    header(ws, [h for _, h in COLUMNS[CASE]], [16, 100])
    for row, (key, value) in enumerate((("format", FORMAT), ("title", None), ("source", None), ("note", None)), start=2):
        put_text(ws, row, 1, key)
        put_text(ws, row, 2, value)
    for sheet, widths in ((COUNCILS, [20, 30, 50]), (SCALE, [20, 12]), (CRITERIA, [22, 40, 60, 20]), (OPTIONS, [22, 40, 60, 16, 12])):
        ws = wb.create_sheet(sheet)
        header(ws, [h for _, h in COLUMNS[sheet]], widths)
    ws = wb.create_sheet(MEASURES, wb.sheetnames.index(CRITERIA) + 1)
    header(ws, [h for _, h in COLUMNS[MEASURES]], [22, 20, 14, 12, 12, 12, 12, 34, 34, 34])
    ws["A1"].comment = Comment(MEASURES_HINT, "Options Appraisal Studio", width=420, height=110)
    for r, (label, value) in enumerate(DEFAULT_SCALE.items(), start=2):
        put_text(wb[SCALE], r, 1, label)
        put_value(wb[SCALE], r, 2, int(value))
    ws = wb.create_sheet(RATINGS)
    header(ws, [h for _, h in RATINGS_LEAD], [22, 34] + [14] * 10)
    _rating_dropdowns(ws, list(DEFAULT_SCALE), 0)
    ws = wb.create_sheet(WEIGHTS)
    header(ws, [h for _, h in WEIGHTS_LEAD], [22, 30, 16, 40] + [12] * 10)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def template_workbook() -> bytes:
    """The worked example: a small case with every sheet filled in, so the layout explains itself
    (the blank template is :func:`blank_workbook`)."""
    example = {
        "format": FORMAT,
        "title": "Our options appraisal",
        "note": "Replace this example with your own options, criteria, ratings and weights.",
        "councils": [{"id": "north", "name": "North Council"}, {"id": "south", "name": "South Council"}],
        "rating_scale": {"High": 3, "Medium": 2, "Low": 1},
        "criteria": [
            {"id": "finance", "name": "Financial resilience and savings", "description": "Savings beyond the base budget."},
            {"id": "place", "name": "Place leadership", "description": "Leading the place with partners."},
            {"id": "deliverability", "name": "Deliverability and risk"},
        ],
        "options": [
            {"id": "as_is", "name": "As is", "description": "Carry on unchanged.", "status_quo": True},
            {"id": "shared", "name": "Shared service"},
            {"id": "stand_alone", "name": "Stand alone"},
        ],
        "scores": {
            "as_is": {"finance": "Low", "place": "Medium", "deliverability": "High"},
            "shared": {"finance": "High", "place": "High", "deliverability": "Low"},
            "stand_alone": {"finance": "Medium", "place": "Low", "deliverability": "Medium"},
        },
        "weight_sets": [
            {"id": "north_cabinet", "name": "North cabinet", "council": "north",
             "weights": {"finance": 3, "place": 2, "deliverability": 1}},
            {"id": "south_cabinet", "name": "South cabinet", "council": "south",
             "weights": {"finance": 2, "place": 3, "deliverability": 2}},
        ],
    }
    return case_workbook(case_from_mapping(example, "template"))

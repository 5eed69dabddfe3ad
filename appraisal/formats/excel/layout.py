"""The workbook layout shared by the writer and the reader: sheet names, columns, limits, styles."""

from __future__ import annotations

import re

from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from appraisal.case.types import MAX_ASSESSORS, MAX_CRITERIA, MAX_OPTIONS, MAX_WEIGHT_SETS

MAX_ASSESSMENT_ROWS = 50_000
MAX_SHEET_ROW = 60_000          # a sheet reaching further than this is refused before it is read
MAX_COLUMNS = MAX_CRITERIA + 10

# Sheet names. The required ones must be present; the optional ones may be left out.
CASE, COUNCILS, SCALE, CRITERIA, OPTIONS, RATINGS, WEIGHTS = "Case", "Councils", "Scale", "Criteria", "Options", "Ratings", "Weights"
ASSESSORS, ASSESSMENTS, MORE, README, NOTES = "Assessors", "Assessments", "More", "Read me", "Notes"
MEASURES = "Measures"  # one row per criterion with its own scale (docs/case-format.md, "Measured criteria")
REQUIRED_SHEETS = (CASE, CRITERIA, OPTIONS, RATINGS, WEIGHTS)
OPTIONAL_SHEETS = (COUNCILS, SCALE, MEASURES, ASSESSORS, ASSESSMENTS, MORE)
IGNORED_SHEETS = (README, NOTES)

# Fixed-column sheets: (field, heading). Headings are matched ignoring case, or by the field name.
COLUMNS: dict[str, list[tuple[str, str]]] = {
    CASE: [("field", "Field"), ("value", "Value")],
    COUNCILS: [("id", "Id"), ("name", "Name"), ("note", "Note")],
    SCALE: [("label", "Label"), ("value", "Value")],
    CRITERIA: [("id", "Id"), ("name", "Name"), ("description", "Description"), ("group", "Group")],
    OPTIONS: [("id", "Id"), ("name", "Name"), ("description", "Description"),
              ("status_quo", "Status quo (business as usual)"), ("do_minimum", "Do minimum")],
    ASSESSORS: [("id", "Id"), ("name", "Name"), ("role", "Role"), ("council", "Council")],
    ASSESSMENTS: [("assessor", "Assessor"), ("option", "Option"), ("criterion", "Criterion"), ("rating", "Rating")],
    MEASURES: [("criterion", "Criterion id"), ("unit", "Unit"), ("direction", "Better (higher or lower)"),
               ("low", "Range low"), ("high", "Range high"), ("value_low", "Value of worst"),
               ("value_high", "Value of best"), ("points", "Value function (raw: value; …)"),
               ("alternative", "Alternative value function (raw: value; …)"), ("labels", "Labels (label = number; …)")],
}
# A value function or a label scale in one cell: "0: 100; 200: 40; 500: 0", "Good = 3; Fair = 2; Poor = 1".
POINT_SEP, PAIR_SEP, LABEL_SEP = ";", ":", "="

# Matrix sheets: fixed leading columns, then one column per criterion id.
RATINGS_LEAD = [("option", "Option id"), ("option_name", "Option (for reference)")]
WEIGHTS_LEAD = [("id", "Id"), ("name", "Name"), ("council", "Council"), ("note", "Note")]
CASE_FIELDS = ("format", "title", "source", "note", "illustrative")
ROW_LIMITS = {COUNCILS: 100, SCALE: 50, CRITERIA: MAX_CRITERIA, OPTIONS: MAX_OPTIONS, RATINGS: MAX_OPTIONS,
              WEIGHTS: MAX_WEIGHT_SETS,
              MEASURES: MAX_CRITERIA, ASSESSORS: MAX_ASSESSORS, ASSESSMENTS: MAX_ASSESSMENT_ROWS, CASE: 50, MORE: 20_000}
YES, NO = {"yes", "y", "true", "x", "1"}, {"no", "n", "false", "0", ""}
ID_PATTERN = re.compile(r"^[a-z0-9_]{1,64}$")
ID_MESSAGE = "'{}' is not a valid id: use lower-case letters, digits and _ only (e.g. south_holland)"


def ref(sheet: str, col: int, row: int) -> str:
    """An A1 reference as Excel writes it: Ratings!D7, or 'Sheet name'!D7 when the name has a space."""
    name = f"'{sheet}'" if re.search(r"[^A-Za-z0-9_]", sheet) else sheet
    return f"{name}!{get_column_letter(col)}{row}"


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------
HEADER_FILL = PatternFill("solid", fgColor="0B4F8A")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def fmt_labels(labels: list[str]) -> str:
    """'High, Medium or Low'."""
    if len(labels) <= 1:
        return "".join(labels) or "a label of the Scale sheet"
    return ", ".join(labels[:-1]) + " or " + labels[-1]

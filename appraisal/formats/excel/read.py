"""An Excel workbook in the template's layout read into a case; every problem named by sheet!cell."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from appraisal.case.model import Case
from appraisal.case.types import FORMAT
from appraisal.errors import CaseError, Problem, quoted, shorten, visible
from appraisal.formats.excel.layout import (
    ASSESSMENTS,
    ASSESSORS,
    CASE,
    CASE_FIELDS,
    COLUMNS,
    COUNCILS,
    CRITERIA,
    ID_MESSAGE,
    ID_PATTERN,
    IGNORED_SHEETS,
    LABEL_SEP,
    MAX_COLUMNS,
    MAX_SHEET_ROW,
    MEASURES,
    MORE,
    NO,
    NOTES,
    OPTIONAL_SHEETS,
    OPTIONS,
    PAIR_SEP,
    POINT_SEP,
    RATINGS,
    RATINGS_LEAD,
    REQUIRED_SHEETS,
    ROW_LIMITS,
    SCALE,
    WEIGHTS,
    WEIGHTS_LEAD,
    YES,
    fmt_labels,
    ref,
)
from appraisal.formats.excel.safety import _refuse, check_container
from appraisal.formats.mapping import _row_label, case_from_mapping
from appraisal.formats.yaml_file import parse_yaml


# --------------------------------------------------------------------------------------------
# Reading: sheets into a case mapping, every problem with its cell
# --------------------------------------------------------------------------------------------
@dataclass
class _Reader:
    source: str
    problems: list[Problem] = field(default_factory=list)
    where: dict[str, str] = field(default_factory=dict)   # case field path → cell, for later problems

    def add(self, at: str, message: str) -> None:
        self.problems.append(Problem(at, message))


@dataclass
class _Row:
    number: int
    cells: list[tuple[int, Any, str]]  # (column, value, data_type)


def _rows(ws: Any, sheet: str, reader: _Reader, limit: int) -> Iterator[_Row]:
    """Non-empty rows after the header, with their numbers; stops with a problem past ``limit``."""
    count = 0
    for r, row in enumerate(ws.iter_rows(min_row=1), start=1):
        number = next((c.row for c in row if getattr(c, "row", None)), r)
        if number > MAX_SHEET_ROW:
            reader.add(f"{sheet}!A{number}", f"the sheet reaches row {number:,}; at most {limit:,} rows are read")
            return
        cells = [(col, c.value, c.data_type) for col, c in enumerate(row, start=1) if c.value is not None]
        if cells and cells[-1][0] > MAX_COLUMNS:
            reader.add(ref(sheet, cells[-1][0], number), f"a value in column {cells[-1][0]:,}; at most {MAX_COLUMNS} "
                                                         "columns are read (check for stray values far to the right)")
            return
        if not cells or number == 1:
            if number == 1:
                yield _Row(number, cells)
            continue
        count += 1
        if count > limit:
            reader.add(f"{sheet}!A{number}", f"more than {limit:,} rows; at most {limit:,} are allowed on this sheet "
                                             "(check for stray rows below the table)")
            return
        yield _Row(number, cells)


def _refused(reader: _Reader, at: str, value: Any, kind: str, noun: str) -> bool:
    """A formula or an Excel error value where a typed ``noun`` belongs: reported, and True."""
    if kind == "f":
        reader.add(at, f"contains a formula; type the {noun} itself (formulas are not evaluated on upload)")
        return True
    if kind == "e":
        reader.add(at, f"contains the Excel error {str(value)[:20]}; type the {noun} itself")
        return True
    return False


def _text(reader: _Reader, sheet: str, col: int, row: int, value: Any, kind: str) -> str | None:
    """A text cell: numbers become text; formulas and error values are refused."""
    if value is None or _refused(reader, ref(sheet, col, row), value, kind, "value"):
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None


def _text_field(reader: _Reader, sheet: str, col: int, row: int, value: Any, kind: str, item: dict[str, Any], key: str) -> None:
    """A text cell into ``item[key]``; an id (or a council id) must also look like one."""
    text = _text(reader, sheet, col, row, value, kind)
    if text is None:
        return
    item[key] = text
    if key in ("id", "council") and not ID_PATTERN.match(text):
        reader.add(ref(sheet, col, row), ID_MESSAGE.format(text[:60]))


def _number(reader: _Reader, sheet: str, col: int, row: int, value: Any, kind: str, what: str) -> float | int | None:
    """A number cell: text that is not a plain number is reported with its cell."""
    at = ref(sheet, col, row)
    if _refused(reader, at, value, kind, "number"):
        return None
    if isinstance(value, (bool, dt.datetime, dt.date, dt.time)):
        reader.add(at, f"{value!s} is not a number; {what} must be a number")
        return None
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            reader.add(at, f"{value} is not a finite number")
            return None
        return value
    text = str(value).strip()
    number, problem = number_from_text(text)
    if problem:
        reader.add(at, problem if "write" in problem else f"{problem}; {what} must be a number")
        return None
    return number


# A number typed as text: "3", "0.5", "1e3", "1,500" (thousands). "0,5" or "2,25" is a decimal comma,
# refused with the fix rather than read as 5 or 225; "1,500" could be either, so it is refused too.
_PLAIN_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
_THOUSANDS = re.compile(r"^[-+]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[-+]?\d*,\d+$")


def number_from_text(text: str) -> tuple[float | int | None, str]:
    """(the number, "") for text that is a plain number, or (None, the problem) — never a guess."""
    shown = f"'{shorten(visible(text), 60)}'"
    if _DECIMAL_COMMA.match(text) and not _THOUSANDS.match(text):
        return None, f"{shown} has a decimal comma; write {text.replace(',', '.')}, not {text}"
    if _THOUSANDS.match(text):
        if "." in text:  # "1,500.5": thousands separator and decimal point, unambiguous
            cleaned = text.replace(",", "")
        else:
            return None, (f"{shown} is ambiguous (a thousands separator or a decimal comma?); write "
                          f"{text.replace(',', '')} or {text.replace(',', '.')}, without the comma")
    else:
        cleaned = text
    if not _PLAIN_NUMBER.match(cleaned):
        return None, f"{shown} is text, not a number"
    number = float(cleaned)
    if not math.isfinite(number):
        return None, f"{shown} is not a finite number"
    return (int(number) if number.is_integer() and "." not in cleaned and "e" not in cleaned.lower() else number), ""


def _flag(reader: _Reader, sheet: str, col: int, row: int, value: Any, kind: str) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    text = _text(reader, sheet, col, row, value, kind)
    word = (text or "").strip().casefold()
    if word in YES:
        return True
    if word in NO:
        return False
    reader.add(ref(sheet, col, row), f"'{(text or '')[:40]}' should be Yes or left blank")
    return False


def _headings(reader: _Reader, sheet: str, first: _Row | None, known: list[tuple[str, str]],
              extra_ids: bool = False) -> dict[int, str]:
    """Column number → field, from the header row; unknown or missing headings are reported."""
    if first is None or not first.cells:
        reader.add(f"{sheet}!A1", "the header row is empty; copy it from the template")
        return {}
    lookup = {}
    for key, heading in known:
        lookup[key.casefold()] = key
        lookup[heading.casefold()] = key
    columns: dict[int, str] = {}
    names = ", ".join(h for _, h in known)
    for col, value, kind in first.cells:
        text = _text(reader, sheet, col, 1, value, kind)
        if text is None:
            continue
        key = lookup.get(text.strip().casefold())
        if key is None and extra_ids:
            key = "#" + text.strip()
        if key is None:
            reader.add(ref(sheet, col, 1), f"unknown column '{text[:60]}'; this sheet's columns are {names} — remove the extra column")
            continue
        if key in columns.values():
            reader.add(ref(sheet, col, 1), f"the column '{text[:60]}' appears twice")
            continue
        columns[col] = key
    first_key = known[0][0]
    if first_key not in columns.values() and columns:
        reader.add(f"{sheet}!A1", f"the '{known[0][1]}' column is missing; copy the header row from the template")
    return columns


def _stray(reader: _Reader, sheet: str, row: _Row, columns: dict[int, str]) -> None:
    for col, _value, _kind in row.cells:
        if col not in columns:
            reader.add(ref(sheet, col, row.number), "a value in a column with no heading; remove it or give the column a heading")


def _merged(archive: zipfile.ZipFile, path: str) -> list[str]:
    try:
        xml = archive.read(path.lstrip("/"))
    except KeyError:
        return []
    return re.findall(r'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"', xml.decode("utf-8", "replace"))


def _list_sheet(reader: _Reader, ws: Any, sheet: str, list_name: str, out: dict[str, Any], flags: tuple[str, ...] = ()) -> None:
    """Councils, Criteria, Options, Assessors: one item per row."""
    rows = _rows(ws, sheet, reader, ROW_LIMITS[sheet])
    columns = _headings(reader, sheet, next(rows, None), COLUMNS[sheet])
    items: list[dict[str, Any]] = []
    for row in rows:
        _stray(reader, sheet, row, columns)
        item: dict[str, Any] = {}
        for col, value, kind in row.cells:
            key = columns.get(col)
            if key is None:
                continue
            if key in flags:
                if _flag(reader, sheet, col, row.number, value, kind):
                    item[key] = True
            else:
                _text_field(reader, sheet, col, row.number, value, kind, item, key)
        index = len(items)
        items.append(item)
        for col, key in columns.items():
            reader.where[_row_label(out | {list_name: items}, (list_name, index, key))] = ref(sheet, col, row.number)
        first_col = min(columns) if columns else 1
        reader.where[_row_label(out | {list_name: items}, (list_name, index))] = ref(sheet, first_col, row.number)
        if isinstance(item.get("id"), str):
            reader.where[f"{list_name} (id '{item['id']}')"] = ref(sheet, first_col, row.number)
            reader.where[f"{list_name}.{item['id']}"] = ref(sheet, first_col, row.number)
        if isinstance(item.get("name"), str):
            name_col = next((c for c, k in columns.items() if k == "name"), first_col)
            reader.where.setdefault(f"{list_name} (name '{item['name']}')", ref(sheet, name_col, row.number))
    out[list_name] = items


def _case_sheet(reader: _Reader, ws: Any, out: dict[str, Any]) -> None:
    rows = _rows(ws, CASE, reader, ROW_LIMITS[CASE])
    columns = _headings(reader, CASE, next(rows, None), COLUMNS[CASE])
    field_col = next((c for c, k in columns.items() if k == "field"), 1)
    value_col = next((c for c, k in columns.items() if k == "value"), 2)
    seen: set[str] = set()
    for row in rows:
        _stray(reader, CASE, row, columns)
        cells = {col: (value, kind) for col, value, kind in row.cells}
        if field_col not in cells:
            continue
        name = (_text(reader, CASE, field_col, row.number, *cells[field_col]) or "").strip().casefold()
        if name not in CASE_FIELDS:
            reader.add(ref(CASE, field_col, row.number), f"unknown field '{name[:40]}'; the fields are {', '.join(CASE_FIELDS)}")
            continue
        if name in seen:
            reader.add(ref(CASE, field_col, row.number), f"the field '{name}' appears twice")
            continue
        seen.add(name)
        reader.where[name] = ref(CASE, value_col, row.number)
        value, kind = cells.get(value_col, (None, "n"))
        if name == "illustrative":
            out[name] = _flag(reader, CASE, value_col, row.number, value, kind)
        else:
            text = _text(reader, CASE, value_col, row.number, value, kind)
            if text is not None:
                out[name] = text
    out.setdefault("format", FORMAT)
    if "title" not in out:
        reader.add(f"{CASE}!B2", "the case has no title; add a 'title' row with the appraisal's name")
        reader.where.setdefault("title", f"{CASE}!B2")


def _scale_sheet(reader: _Reader, ws: Any, out: dict[str, Any]) -> None:
    rows = _rows(ws, SCALE, reader, ROW_LIMITS[SCALE])
    columns = _headings(reader, SCALE, next(rows, None), COLUMNS[SCALE])
    scale: dict[str, Any] = {}
    for row in rows:
        _stray(reader, SCALE, row, columns)
        cells = {columns.get(col): (col, value, kind) for col, value, kind in row.cells}
        if "label" not in cells:
            reader.add(ref(SCALE, 1, row.number), "a value with no label")
            continue
        col, value, kind = cells["label"]
        label = _text(reader, SCALE, col, row.number, value, kind)
        if label is None:
            continue
        if label in scale:
            reader.add(ref(SCALE, col, row.number), f"the label '{label[:40]}' appears twice")
            continue
        reader.where[f"rating_scale.{label}"] = ref(SCALE, 2, row.number)
        if "value" not in cells:
            reader.add(ref(SCALE, 2, row.number), f"no number for the label '{label[:40]}'")
            continue
        col, value, kind = cells["value"]
        number = _number(reader, SCALE, col, row.number, value, kind, "a rating's value")
        if number is not None:
            scale[label] = number
    out["rating_scale"] = scale


def _pairs_from_text(reader: _Reader, at: str, text: str, what: str) -> list[list[float | int]] | None:
    """'0: 100; 200: 40' → [[0, 100], [200, 40]]; a malformed pair is reported with the cell."""
    pairs: list[list[float | int]] = []
    for k, part in enumerate((p for p in text.split(POINT_SEP) if p.strip()), start=1):
        bits = part.split(PAIR_SEP)
        numbers = [number_from_text(b.strip()) for b in bits]
        if len(bits) != 2 or any(n is None for n, _ in numbers):
            reader.add(at, f"point {k} {quoted(part.strip(), 40)} of the {what} should be 'raw: value', e.g. '200: 40' "
                       "(points separated by ;)")
            return None
        pairs.append([numbers[0][0], numbers[1][0]])  # type: ignore[list-item]
    return pairs


def _labels_from_text(reader: _Reader, at: str, text: str) -> dict[str, float | int] | None:
    """'Good = 3; Fair = 2' → {'Good': 3, 'Fair': 2}."""
    labels: dict[str, float | int] = {}
    for part in (p for p in text.split(POINT_SEP) if p.strip()):
        label, sep, number_part = part.rpartition(LABEL_SEP)
        number, _problem = number_from_text(number_part.strip())
        if not sep or not label.strip() or number is None:
            reader.add(at, f"{quoted(part.strip(), 40)} should be 'label = number', e.g. 'Good = 3' (labels separated by ;)")
            return None
        labels[label.strip()] = number
    return labels


def _measures_sheet(reader: _Reader, ws: Any, out: dict[str, Any]) -> None:
    """One row per criterion with its own scale: into that criterion's ``scale``."""
    rows = _rows(ws, MEASURES, reader, ROW_LIMITS[MEASURES])
    columns = _headings(reader, MEASURES, next(rows, None), COLUMNS[MEASURES])
    criteria = {c.get("id"): c for c in out.get("criteria", []) if isinstance(c.get("id"), str)}
    for row in rows:
        _stray(reader, MEASURES, row, columns)
        cells = {columns.get(col): (col, value, kind) for col, value, kind in row.cells if col in columns}
        if "criterion" not in cells:
            reader.add(ref(MEASURES, 1, row.number), "a scale with no criterion id; put the criterion's id in column A")
            continue
        col, value, kind = cells["criterion"]
        cid = _text(reader, MEASURES, col, row.number, value, kind)
        if cid is None:
            continue
        if cid not in criteria:
            reader.add(ref(MEASURES, col, row.number), f"'{cid[:60]}' is not a criterion id on the Criteria sheet")
            continue
        if "scale" in criteria[cid]:
            reader.add(ref(MEASURES, col, row.number), f"the criterion '{cid}' has a second row")
            continue
        base = f"criteria[{cid}].scale"
        reader.where[base] = ref(MEASURES, col, row.number)
        scale: dict[str, Any] = {}
        for key, (col, value, kind) in cells.items():
            at = ref(MEASURES, col, row.number)
            if key in ("unit", "direction"):
                text = _text(reader, MEASURES, col, row.number, value, kind)
                if text is not None:
                    scale[key] = text.strip().casefold() if key == "direction" else text
                reader.where[f"{base}.{key}"] = at
            elif key in ("low", "high", "value_low", "value_high"):
                number = _number(reader, MEASURES, col, row.number, value, kind, "a range end")
                pair = "range" if key in ("low", "high") else "value_range"
                reader.where.setdefault(f"{base}.{pair}", at)
                if number is not None:
                    scale.setdefault(pair, [None, None])[0 if key in ("low", "value_low") else 1] = number
            elif key in ("points", "alternative", "labels"):
                text = _text(reader, MEASURES, col, row.number, value, kind)
                reader.where[f"{base}.{key}"] = at
                if text is None:
                    continue
                parsed = _labels_from_text(reader, at, text) if key == "labels" else \
                    _pairs_from_text(reader, at, text, "value function")
                if parsed is not None:
                    scale[key] = parsed
        criteria[cid]["scale"] = scale


def _criterion_columns(reader: _Reader, sheet: str, columns: dict[int, str], criteria_ids: list[Any]) -> dict[int, str]:
    """Column → criterion id for the per-criterion columns of the Ratings or Weights sheet, reporting
    columns for unknown criteria and criteria without a column."""
    crit_cols: dict[int, str] = {}
    for col, key in columns.items():
        if key.startswith("#"):
            cid = key[1:]
            if cid not in criteria_ids:
                reader.add(ref(sheet, col, 1), f"'{cid[:60]}' is not a criterion id on the Criteria sheet; "
                                               "remove the extra column or add the criterion")
            else:
                crit_cols[col] = cid
    for cid in criteria_ids:
        if cid and cid not in crit_cols.values():
            reader.add(f"{sheet}!1:1", f"no column for the criterion '{cid}'; add a column headed {cid}")
    return crit_cols


def _ratings_sheet(reader: _Reader, ws: Any, out: dict[str, Any], scale_labels: list[str]) -> None:
    criteria_ids = [c.get("id") for c in out.get("criteria", [])]
    option_ids = [o.get("id") for o in out.get("options", [])]
    rows = _rows(ws, RATINGS, reader, ROW_LIMITS[RATINGS])
    columns = _headings(reader, RATINGS, next(rows, None), RATINGS_LEAD, extra_ids=True)
    crit_cols = _criterion_columns(reader, RATINGS, columns, criteria_ids)
    use = fmt_labels(scale_labels)
    scores: dict[str, dict[str, Any]] = {}
    lowered = {label.casefold(): label for label in scale_labels}
    for row in rows:
        _stray(reader, RATINGS, row, columns)
        cells = {col: (value, kind) for col, value, kind in row.cells}
        id_col = next((c for c, k in columns.items() if k == "option"), 1)
        option = _text(reader, RATINGS, id_col, row.number, *cells.get(id_col, (None, "n")))
        if option is None:
            reader.add(ref(RATINGS, id_col, row.number), "ratings with no option id; put the option's id in column A")
            continue
        if option not in option_ids:
            reader.add(ref(RATINGS, id_col, row.number), f"'{option[:60]}' is not an option id on the Options sheet")
            continue
        if option in scores:
            reader.add(ref(RATINGS, id_col, row.number), f"the option '{option}' has a second row of ratings")
            continue
        row_scores: dict[str, Any] = {}
        for col, cid in crit_cols.items():
            at = ref(RATINGS, col, row.number)
            reader.where[f"scores.{option}.{cid}"] = at
            if col not in cells:
                continue
            value, kind = cells[col]
            if _refused(reader, at, value, kind, "number"):
                continue
            if isinstance(value, str):
                text = value.strip()
                if text.casefold() in lowered:
                    row_scores[cid] = text
                    continue
                number, problem = number_from_text(text)
                if number is not None:
                    row_scores[cid] = number
                elif "write" in problem:  # a decimal comma, or a comma that could be either
                    reader.add(at, problem)
                else:
                    reader.add(at, f"{quoted(text, 40)} is not a rating; use {use}")
                continue
            number = _number(reader, RATINGS, col, row.number, value, kind, "a rating")
            if number is not None:
                row_scores[cid] = number
        scores[option] = row_scores
        for cid in crit_cols.values():
            reader.where.setdefault(f"scores.{option}.{cid}", ref(RATINGS, 1, row.number))
    for oid in option_ids:
        if isinstance(oid, str):
            reader.where.setdefault(f"scores.{oid}", f"{RATINGS}!A:A")
    out["scores"] = {k: v for k, v in scores.items() if v}


def _weights_sheet(reader: _Reader, ws: Any, out: dict[str, Any]) -> None:
    criteria_ids = [c.get("id") for c in out.get("criteria", [])]
    rows = _rows(ws, WEIGHTS, reader, ROW_LIMITS[WEIGHTS])
    columns = _headings(reader, WEIGHTS, next(rows, None), WEIGHTS_LEAD, extra_ids=True)
    crit_cols = _criterion_columns(reader, WEIGHTS, columns, criteria_ids)
    sets: list[dict[str, Any]] = []
    for row in rows:
        _stray(reader, WEIGHTS, row, columns)
        item: dict[str, Any] = {"weights": {}}
        for col, value, kind in row.cells:
            key = columns.get(col)
            if key is None or key.startswith("#"):
                continue
            _text_field(reader, WEIGHTS, col, row.number, value, kind, item, key)
        index = len(sets)
        sid = item.get("id")
        for col, cid in crit_cols.items():
            cell = next(((v, k) for c, v, k in row.cells if c == col), None)
            if isinstance(sid, str):
                reader.where[f"weight_sets.{sid}.weights.{cid}"] = ref(WEIGHTS, col, row.number)
            if cell is None:
                continue
            number = _number(reader, WEIGHTS, col, row.number, *cell, "weights")
            if number is not None:
                item["weights"][cid] = number
        sets.append(item)
        snapshot = out | {"weight_sets": sets}
        for col, key in columns.items():
            if not key.startswith("#"):
                reader.where[_row_label(snapshot, ("weight_sets", index, key))] = ref(WEIGHTS, col, row.number)
        reader.where[_row_label(snapshot, ("weight_sets", index))] = ref(WEIGHTS, 1, row.number)
        if isinstance(sid, str):
            council_col = next((c for c, k in columns.items() if k == "council"), 3)
            reader.where[f"weight_sets.{sid}.council"] = ref(WEIGHTS, council_col, row.number)
            reader.where[f"weight_sets.{sid}.weights"] = f"{ref(WEIGHTS, 1, row.number)} (row {row.number})"
            reader.where[f"weight_sets (id '{sid}')"] = ref(WEIGHTS, 1, row.number)
        if isinstance(item.get("name"), str):
            reader.where.setdefault(f"weight_sets (name '{item['name']}')", ref(WEIGHTS, 2, row.number))
    out["weight_sets"] = sets


def _assessments_sheet(reader: _Reader, ws: Any, out: dict[str, Any]) -> None:
    rows = _rows(ws, ASSESSMENTS, reader, ROW_LIMITS[ASSESSMENTS])
    columns = _headings(reader, ASSESSMENTS, next(rows, None), COLUMNS[ASSESSMENTS])
    result: dict[str, dict[str, dict[str, Any]]] = {}
    for row in rows:
        _stray(reader, ASSESSMENTS, row, columns)
        cells = {columns.get(col): (col, value, kind) for col, value, kind in row.cells if col in columns}
        keys = []
        for key in ("assessor", "option", "criterion"):
            if key not in cells:
                col = next((c for c, k in columns.items() if k == key), 1)
                reader.add(ref(ASSESSMENTS, col, row.number), f"missing the {key} id")
                break
            col, value, kind = cells[key]
            keys.append(_text(reader, ASSESSMENTS, col, row.number, value, kind))
        if len(keys) < 3 or None in keys or "rating" not in cells:
            if len(keys) == 3 and "rating" not in cells:
                reader.add(ref(ASSESSMENTS, 4, row.number), "missing the rating")
            continue
        assessor, option, criterion = keys
        col, value, kind = cells["rating"]
        if _refused(reader, ref(ASSESSMENTS, col, row.number), value, kind, "number"):
            continue
        rating = value.strip() if isinstance(value, str) else _number(reader, ASSESSMENTS, col, row.number, value, kind, "a rating")
        if rating is None:
            continue
        target = result.setdefault(assessor, {}).setdefault(option, {})
        if criterion in target:
            reader.add(ref(ASSESSMENTS, 1, row.number), f"a second rating by '{assessor}' for {option} × {criterion}")
            continue
        target[criterion] = rating
        reader.where[f"assessments.{assessor}.{option}.{criterion}"] = ref(ASSESSMENTS, col, row.number)
        reader.where.setdefault(f"assessments.{assessor}.{option}", ref(ASSESSMENTS, 2, row.number))
        reader.where.setdefault(f"assessments.{assessor}", ref(ASSESSMENTS, 1, row.number))
    if result:
        out["assessments"] = result


def _more_sheet(reader: _Reader, ws: Any, out: dict[str, Any]) -> None:
    lines: list[str] = []
    for r, row in enumerate(ws.iter_rows(min_row=1, max_col=2), start=1):
        if r > ROW_LIMITS[MORE]:
            reader.add(f"{MORE}!A{r}", f"more than {ROW_LIMITS[MORE]:,} lines")
            return
        value = row[0].value if row else None
        if len(row) > 1 and row[1].value is not None:
            reader.add(ref(MORE, 2, r), "the More sheet holds YAML text in column A only")
        if row and row[0].data_type == "f":
            reader.add(ref(MORE, 1, r), "contains a formula; this sheet holds YAML text")
            return
        lines.append("" if value is None else str(value))
    if not any(line.strip() for line in lines):
        return
    try:
        extra = parse_yaml("\n".join(lines), "")
    except CaseError as exc:
        for p in exc.problems:
            m = re.match(r"line (\d+)", p.field)
            reader.add(f"{MORE}!A{m.group(1)}" if m else f"{MORE}!A1", p.message)
        return
    if not isinstance(extra, dict):
        reader.add(f"{MORE}!A1", "should hold YAML entries 'savings:' and/or 'provenance:'")
        return
    for key, value in extra.items():
        if key == "savings":
            out["savings"] = value
        elif key == "scale":
            out["scale"] = value
            reader.where["scale"] = f"{MORE}!A1"
        elif key == "scales":
            criteria = {c.get("id"): c for c in out.get("criteria", [])}
            for cid, extra in (value.items() if isinstance(value, dict) else []):
                if cid not in criteria or not isinstance(extra, dict):
                    reader.add(f"{MORE}!A1", f"'scales' names '{str(cid)[:40]}', not a criterion id on the Criteria sheet")
                    continue
                criteria[cid].setdefault("scale", {}).update(extra)
                reader.where[f"criteria[{cid}].scale.from_savings"] = f"{MORE}!A1"
        elif key == "provenance":
            if not isinstance(value, dict):
                reader.add(f"{MORE}!A1", "'provenance' should map weight set ids to how each was agreed")
                continue
            sets = {ws_.get("id"): ws_ for ws_ in out.get("weight_sets", [])}
            for sid, prov in value.items():
                if sid not in sets:
                    reader.add(f"{MORE}!A1", f"provenance for '{str(sid)[:40]}', which is not a weight set id on the Weights sheet")
                else:
                    sets[sid]["provenance"] = prov
                    reader.where[f"weight_sets.{sid}.provenance"] = f"{MORE}!A1"
        else:
            reader.add(f"{MORE}!A1", f"unknown entry '{str(key)[:40]}'; the More sheet holds 'savings', 'provenance', "
                       "'scale' and 'scales'")


def _relocate(reader: _Reader, problem: Problem) -> Problem:
    """Name the cell for a problem found by the model or the case checks, where one is known."""
    fld = problem.field
    if fld in reader.where:
        return Problem(reader.where[fld], problem.message)
    # Longest known prefix ("weight_sets row 2 (id 'x').provenance.method" → the row's cell).
    best = max((k for k in reader.where if fld.startswith(k)), key=len, default=None)
    if best is not None:
        rest = fld[len(best):].lstrip(".")
        return Problem(reader.where[best] + (f" ({rest})" if rest else ""), problem.message)
    return problem


_CELL = re.compile(r"^'?(.+?)'?!\$?([A-Z]{1,3})?\$?(\d+)?")


def _cell_order(field: str, sheets: list[str]) -> tuple[int, int, int]:
    """A problem's place in the workbook, as a sort key: sheet (in the workbook's order), row, column."""
    found = _CELL.match(field)
    if not found:
        return (-1 if field.startswith("'") else len(sheets), 0, 0)
    name = found.group(1).strip().casefold()
    sheet = sheets.index(name) if name in sheets else len(sheets)
    column = column_index_from_string(found.group(2)) if found.group(2) else 0
    return (sheet, int(found.group(3) or 0), column)


def load_case_workbook(data: bytes, source: str) -> Case:
    """Validate an uploaded workbook into a Case; every problem names its sheet and cell.

    Raises :class:`CaseError` for anything wrong — never another exception.
    """
    package = check_container(data, source)
    try:
        return _load(package, source)
    except CaseError:
        raise
    except (MemoryError, RecursionError):
        raise _refuse(source, "the workbook is too large or too deeply nested to read") from None
    except Exception as exc:  # openpyxl raises many kinds on damaged files; none may reach the user
        raise _refuse(source, f"the workbook cannot be read ({type(exc).__name__}); save it again from Excel as .xlsx") from None


def _load(data: bytes, source: str) -> Case:
    reader = _Reader(source)
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    archive = zipfile.ZipFile(io.BytesIO(data))
    try:
        by_name = {name.strip().casefold(): name for name in wb.sheetnames}
        missing = [s for s in REQUIRED_SHEETS if s.casefold() not in by_name]
        if missing:
            sheets = "s" if len(missing) > 1 else ""
            raise CaseError(source, [Problem("", f"the sheet{sheets} {', '.join(repr(m) for m in missing)} "
                                               f"{'are' if sheets else 'is'} missing; the workbook needs the sheets "
                                               f"{', '.join(REQUIRED_SHEETS)} (download the template from the Case data page)")])
        known = {s.casefold() for s in REQUIRED_SHEETS + OPTIONAL_SHEETS + IGNORED_SHEETS}
        for name in wb.sheetnames:
            if name.strip().casefold() not in known:
                reader.add(f"'{name[:40]}'", f"unknown sheet; the sheets are {', '.join(REQUIRED_SHEETS + OPTIONAL_SHEETS)} "
                                              f"(put your own notes on a sheet called '{NOTES}')")

        merged_found = False

        def sheet(name: str) -> Any:
            return wb[by_name[name.casefold()]] if name.casefold() in by_name else None

        for name in REQUIRED_SHEETS + OPTIONAL_SHEETS:
            ws = sheet(name)
            if ws is None:
                continue
            # The sheet's <dimension> element is only a claim (a workbook saying A1:E4 may hold a row 5,
            # which Excel and LibreOffice show): forget it, and read every row and column there is.
            # The rows and columns actually present are capped while reading (_rows).
            ws.reset_dimensions()
            for merged in _merged(archive, getattr(ws, "_worksheet_path", "")):
                merged_found = True
                reader.add(f"{ref(name, 1, 1).split('!')[0]}!{merged}",
                           "merged cells; unmerge them (Home → Merge & Center → Unmerge): each heading and value needs its own cell")
        if merged_found:  # merged cells shift every value: reading on would only add confusion
            raise CaseError(source, reader.problems)

        out: dict[str, Any] = {}
        _case_sheet(reader, sheet(CASE), out)
        if sheet(COUNCILS) is not None:
            _list_sheet(reader, sheet(COUNCILS), COUNCILS, "councils", out)
        if sheet(SCALE) is not None:
            _scale_sheet(reader, sheet(SCALE), out)
        _list_sheet(reader, sheet(CRITERIA), CRITERIA, "criteria", out)
        _list_sheet(reader, sheet(OPTIONS), OPTIONS, "options", out, flags=("status_quo", "do_minimum"))
        if sheet(MEASURES) is not None:
            _measures_sheet(reader, sheet(MEASURES), out)
        labels = [str(k) for k in out.get("rating_scale", {"High": 3, "Medium": 2, "Low": 1})]
        labels += [str(k) for c in out.get("criteria", []) for k in (c.get("scale") or {}).get("labels") or {}
                   if str(k) not in labels]
        _ratings_sheet(reader, sheet(RATINGS), out, labels)
        _weights_sheet(reader, sheet(WEIGHTS), out)
        if sheet(ASSESSORS) is not None:
            _list_sheet(reader, sheet(ASSESSORS), ASSESSORS, "assessors", out)
        if sheet(ASSESSMENTS) is not None:
            _assessments_sheet(reader, sheet(ASSESSMENTS), out)
        if sheet(MORE) is not None:
            _more_sheet(reader, sheet(MORE), out)
        for key in ("councils", "assessors"):
            if not out.get(key):
                out.pop(key, None)
        found = list(reader.problems)
        try:
            case = case_from_mapping(out, source)
        except CaseError as exc:
            # Every problem at once: what the sheets' cells hold, then what the case checks find in the
            # rest (a cell already reported is not reported twice).
            reported = {p.field for p in found}
            found += [p for p in (_relocate(reader, p) for p in exc.problems) if p.field not in reported]
        if found:
            order = [name.strip().casefold() for name in wb.sheetnames]
            raise CaseError(source, sorted(found, key=lambda p: _cell_order(p.field, order)))
        return case
    finally:
        wb.close()
        archive.close()

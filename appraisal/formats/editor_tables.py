"""The case editor's tables: a Case as four DataFrames (options, criteria, ratings, weight sets) and back.

Pure (no Streamlit) so the round trip Case → tables → Case is tested on its own, and the page only
draws ``st.data_editor`` over these frames. :func:`frames_to_case` keeps everything the tables do
not show (title, councils, scale, assessors' ratings, savings, how each weight set was agreed)
from the case being edited, re-shapes the ratings and weights to the edited options and criteria,
and validates the result with the same checks as a case file. Each problem names the table and row.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from appraisal.case.model import Case
from appraisal.case.ratings import match_label
from appraisal.errors import CaseError, Problem
from appraisal.formats.excel.layout import LABEL_SEP, PAIR_SEP, POINT_SEP
from appraisal.formats.excel.write import labels_text, number_text, points_text
from appraisal.formats.mapping import case_from_mapping, case_to_mapping

OPTION_COLUMNS = ["id", "name", "description", "status_quo", "do_minimum"]
CRITERION_COLUMNS = ["id", "name", "description", "group"]
WEIGHT_LEAD = ["id", "name", "council", "note"]
RATING_NAME = "option"          # the (read-only) option name column of the ratings table
TABLES = {"options": "Options", "criteria": "Criteria", "ratings": "Ratings", "weights": "Weight sets", "scales": "Scales"}
# The Scales table: one row per criterion (index: criterion id); blank unit, range and labels: the case default.
SCALE_COLUMNS = ["unit", "direction", "low", "high", "value_low", "value_high", "points", "alternative", "labels"]


@dataclass
class Frames:
    """The four editable tables. Ratings and weights have one column per criterion id."""

    options: pd.DataFrame
    criteria: pd.DataFrame
    ratings: pd.DataFrame   # index: option id; columns: "option" (name) + criterion ids; text cells
    weights: pd.DataFrame   # columns: id, name, council, note + criterion ids; numbers
    scales: pd.DataFrame | None = None  # index: criterion id; SCALE_COLUMNS as text (None: keep the case's)


def blank(value: Any) -> bool:
    """None, NaN, pandas NA or whitespace-only text: an empty editor cell."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _text(value: Any) -> str | None:
    if blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _cell_text(value: Any) -> str:
    """A rating as the editor shows it: the label as written, or the number without '.0'."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def case_to_frames(case: Case) -> Frames:
    """The case's options, criteria, ratings and weights as editable tables."""
    options = pd.DataFrame(
        [[o.id, o.name, o.description or "", o.status_quo, o.do_minimum] for o in case.options], columns=OPTION_COLUMNS
    )
    criteria = pd.DataFrame(
        [[c.id, c.name, c.description or "", c.group or ""] for c in case.criteria], columns=CRITERION_COLUMNS
    )
    ids = case.criterion_ids
    ratings = pd.DataFrame(
        [[o.name] + [_cell_text(case.scores[o.id][c]) if c in case.scores.get(o.id, {}) else "" for c in ids] for o in case.options],
        columns=[RATING_NAME, *ids],
        index=pd.Index(case.option_ids, name="option id"),
        dtype=object,
    )
    weights = pd.DataFrame(
        [[w.id, w.name, w.council or "", w.note or ""] + [_weight(w.weights.get(c)) for c in ids] for w in case.weight_sets],
        columns=[*WEIGHT_LEAD, *ids],
    )
    for c in ids:
        weights[c] = weights[c].astype(float)
    return Frames(options, criteria, ratings, weights, scales_frame(case))


def scales_frame(case: Case) -> pd.DataFrame:
    """Each criterion's own scale as one row of text cells (value functions as '0: 100; 200: 40')."""
    rows = []
    for c in case.criteria:
        sc = c.scale
        rng = (sc.range if sc and sc.range else None) or ["", ""]
        values = (sc.value_range if sc and sc.value_range else None) or ["", ""]
        rows.append(["" if sc is None else sc.unit or "", "" if sc is None else sc.direction or "",
                     *(number_text(x) if x != "" else "" for x in (*rng, *values)),
                     (points_text(sc.points) if sc else None) or "", (points_text(sc.alternative) if sc else None) or "",
                     (labels_text(sc.labels) if sc else None) or ""])
    return pd.DataFrame(rows, columns=SCALE_COLUMNS, index=pd.Index(case.criterion_ids, name="criterion id"), dtype=object)


def _pairs(text: str, where: str, problems: list[Problem]) -> list[list[int | float]] | None:
    pairs = []
    for k, part in enumerate((p for p in text.split(POINT_SEP) if p.strip()), start=1):
        bits = [_number(b.strip()) for b in part.split(PAIR_SEP)]
        if len(bits) != 2 or None in bits:
            problems.append(Problem(where, f"point {k} '{part.strip()[:40]}' should be 'raw: value', e.g. '200: 40' "
                                    "(points separated by ;)"))
            return None
        pairs.append(bits)
    return pairs  # type: ignore[return-value]


def _labels(text: str, where: str, problems: list[Problem]) -> dict[str, int | float] | None:
    labels: dict[str, int | float] = {}
    for part in (p for p in text.split(POINT_SEP) if p.strip()):
        label, sep, number_part = part.rpartition(LABEL_SEP)
        number = _number(number_part.strip())
        if not sep or not label.strip() or number is None:
            problems.append(Problem(where, f"'{part.strip()[:40]}' should be 'label = number', e.g. 'Good = 3'"))
            return None
        labels[label.strip()] = number
    return labels


def scale_from_row(criterion_id: str, row: dict[str, Any], kept: dict[str, Any], problems: list[Problem]
                   ) -> dict[str, Any] | None:
    """One Scales row as a criterion's ``scale`` mapping (None: the row is blank, the case default applies).
    ``kept`` holds what the table does not show (from_savings, note)."""
    base = f"Scales (criterion '{criterion_id}')"
    scale: dict[str, Any] = {}
    for key in ("unit", "direction"):
        if (text := _text(row.get(key))) is not None:
            scale[key] = text.strip().casefold() if key == "direction" else text
    for pair, (a, b) in (("range", ("low", "high")), ("value_range", ("value_low", "value_high"))):
        ends = [row.get(a), row.get(b)]
        if all(blank(x) for x in ends):
            continue
        numbers = [x if isinstance(x, (int, float)) and not isinstance(x, bool) else _number(str(x)) if not blank(x)
                   else None for x in ends]
        if None in numbers:
            problems.append(Problem(f"{base}, {pair}", f"{a} and {b} should both be numbers"))
            continue
        scale[pair] = numbers
    for key in ("points", "alternative"):
        if (text := _text(row.get(key))) is not None and (pairs := _pairs(text, f"{base}, {key}", problems)) is not None:
            scale[key] = pairs
    if (text := _text(row.get("labels"))) is not None and (labels := _labels(text, f"{base}, labels", problems)) is not None:
        scale["labels"] = labels
    if not scale and not kept:
        return None
    return {**scale, **kept}


def _weight(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _flag(value: Any) -> bool:
    if blank(value):
        return False
    if isinstance(value, str):
        return value.strip().casefold() in {"true", "yes", "y", "1", "x"}
    return bool(value)


def _rows(df: pd.DataFrame, columns: list[str]) -> list[tuple[int, dict[str, Any]]]:
    """Non-empty rows with their 1-based position as the editor shows them."""
    out = []
    for position, (_, row) in enumerate(df.iterrows(), start=1):
        values = {c: row[c] if c in row.index else None for c in columns}
        if all(blank(v) or v is False for v in values.values()):
            continue
        out.append((position, values))
    return out


def _number(text: str) -> int | float | None:
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() and re.fullmatch(r"[+-]?[\d,]+", text.strip()) else number


def _renames(table: pd.DataFrame, before: list[str]) -> dict[str, str]:
    """Ids changed in place: the editor keeps each existing row's index label (its position in the
    case), so row ``i`` whose id is no longer ``before[i]`` was renamed — its ratings and weights follow."""
    renames: dict[str, str] = {}
    for label, row in table.iterrows():
        if isinstance(label, (int, np.integer)) and 0 <= int(label) < len(before) and not blank(row.get("id")):
            old, new = before[int(label)], str(row["id"]).strip()
            if old != new and new not in before:
                renames[old] = new
    return renames


def reshape(frames: Frames) -> Frames:
    """Ratings and weights re-shaped to the options and criteria as edited (new ones get blank cells)."""
    option_renames = _renames(frames.options, [str(i) for i in frames.ratings.index])
    criterion_renames = _renames(frames.criteria, [str(c) for c in frames.ratings.columns if c != RATING_NAME])
    if option_renames or criterion_renames:
        frames = Frames(frames.options, frames.criteria,
                        frames.ratings.rename(index=option_renames, columns=criterion_renames),
                        frames.weights.rename(columns=criterion_renames),
                        None if frames.scales is None else frames.scales.rename(index=criterion_renames))
    option_rows = _rows(frames.options, OPTION_COLUMNS)
    criterion_ids = [str(v["id"]).strip() for _, v in _rows(frames.criteria, CRITERION_COLUMNS) if not blank(v["id"])]
    criterion_ids = list(dict.fromkeys(criterion_ids))
    option_ids = list(dict.fromkeys(str(v["id"]).strip() for _, v in option_rows if not blank(v["id"])))
    names = {str(v["id"]).strip(): _text(v["name"]) or "" for _, v in option_rows if not blank(v["id"])}
    ratings = frames.ratings.reindex(index=option_ids, columns=[RATING_NAME, *criterion_ids]).astype(object)
    ratings = ratings.where(~ratings.isna(), "")
    ratings[RATING_NAME] = [names.get(i, "") for i in option_ids]
    ratings.index.name = "option id"
    weights = frames.weights.reindex(columns=[*WEIGHT_LEAD, *criterion_ids])
    for c in criterion_ids:
        weights[c] = pd.to_numeric(weights[c], errors="coerce").astype(float)
    return Frames(frames.options, frames.criteria, ratings, weights, frames.scales)


def _where(field: str, frames: Frames) -> str:
    """A case field path as the editor's table and row ("Options row 3", "Ratings: as_is × finance")."""
    m = re.match(r"^criteria\[([^\]]+)\]\.scale\.?(.*)$", field)
    if m:
        return f"Scales (criterion '{m.group(1)}')" + (f", {m.group(2)}" if m.group(2) else "")
    m = re.match(r"^weight_sets\.([^.]+)\.weights\.([^.]+)$", field)
    if m:
        return f"Weight sets (id '{m.group(1)}'), weight for '{m.group(2)}'"
    m = re.match(r"^weight_sets\.([^.]+)\.(\w+)$", field)
    if m:
        return f"Weight sets (id '{m.group(1)}'), {m.group(2)}"
    m = re.match(r"^(options|criteria|weight_sets)(?: row (\d+))?(?: \(id '([^']*)'\))?(?: \(name '([^']*)'\))?", field)
    if m:
        table = {"options": "Options", "criteria": "Criteria", "weight_sets": "Weight sets"}[m.group(1)]
        where = table
        if m.group(2):
            where += f" row {m.group(2)}"
        if m.group(3):
            where += f" (id '{m.group(3)}')"
        if m.group(4):
            where += f" (name '{m.group(4)}')"
        rest = field[m.end():].lstrip(".")
        if m.group(1) == "criteria" and m.group(3) and rest.startswith("scale"):
            rest = rest.removeprefix("scale").lstrip(".")
            return f"Scales (criterion '{m.group(3)}')" + (f", {rest}" if rest else "")
        return where + (f", {rest}" if rest else "")
    m = re.match(r"^scores\.([^.]+)\.([^.]+)$", field)
    if m:
        return f"Ratings: option '{m.group(1)}', criterion '{m.group(2)}'"
    m = re.match(r"^scores\.([^.]+)$", field)
    if m:
        return f"Ratings: option '{m.group(1)}'"
    return field


def _with_option_renames(scale: dict[str, Any], renames: dict[str, str]) -> dict[str, Any]:
    """A scale mapping whose ``from_savings.options`` follow renamed options."""
    spec = scale.get("from_savings")
    if not renames or not isinstance(spec, dict) or not isinstance(spec.get("options"), dict):
        return scale
    options = {renames.get(o, o): x for o, x in spec["options"].items()}
    return {**scale, "from_savings": {**spec, "options": options}}


def frames_to_case(base: Case, frames: Frames, source: str = "edited case") -> Case:
    """A validated Case from the edited tables; CaseError lists each problem with its table and row.

    A renamed criterion keeps its scale (with what the Scales table does not show: from_savings, note)
    and its assessors' ratings; a renamed option keeps its assessors' ratings and its savings lines."""
    # Against the case's own ids (rows keep their position as index label), so this holds whether or
    # not the ratings and weights were reshaped already (the page reshapes them to draw them).
    option_renames = _renames(frames.options, base.option_ids)
    criterion_renames = _renames(frames.criteria, base.criterion_ids)
    frames = reshape(frames)
    problems: list[Problem] = []
    data = case_to_mapping(base)
    if isinstance(data.get("scale"), dict):
        data["scale"] = _with_option_renames(data["scale"], option_renames)
    provenance = {w["id"]: w["provenance"] for w in data["weight_sets"] if w.get("provenance")}

    options = []
    for row, v in _rows(frames.options, OPTION_COLUMNS):
        item: dict[str, Any] = {k: _text(v[k]) for k in ("id", "name", "description")}
        item = {k: (x.strip() if k == "id" and x else x) for k, x in item.items() if x is not None}
        if "id" not in item:
            problems.append(Problem(f"Options row {row}", "the id is empty; give every option an id (lower-case letters, digits, _)"))
        for flag in ("status_quo", "do_minimum"):
            if _flag(v[flag]):
                item[flag] = True
        options.append(item)
    criteria = []
    base_scales = {criterion_renames.get(c["id"], c["id"]): _with_option_renames(c["scale"], option_renames)
                   for c in data["criteria"] if c.get("scale")}
    for row, v in _rows(frames.criteria, CRITERION_COLUMNS):
        item = {k: _text(v[k]) for k in CRITERION_COLUMNS}
        item = {k: (x.strip() if k == "id" and x else x) for k, x in item.items() if x is not None}
        if "id" not in item:
            problems.append(Problem(f"Criteria row {row}", "the id is empty; give every criterion an id (lower-case letters, digits, _)"))
        elif frames.scales is None and item["id"] in base_scales:  # the table is not edited: keep the scale
            item["scale"] = base_scales[item["id"]]
        elif frames.scales is not None and item["id"] in frames.scales.index:
            kept = {k: x for k, x in base_scales.get(item["id"], {}).items() if k in ("from_savings", "note")}
            table_row = {k: frames.scales.loc[item["id"], k] if k in frames.scales.columns else None for k in SCALE_COLUMNS}
            if (scale := scale_from_row(item["id"], table_row, kept, problems)) is not None:
                if "unit" not in scale and base_scales.get(item["id"], {}).get("unit") == "":
                    scale["unit"] = ""  # a unit stated as "" shows as a blank cell: keep it as stated
                item["scale"] = scale
        criteria.append(item)
    criterion_ids = [c for c in frames.ratings.columns if c != RATING_NAME]

    labels = list(base.scale)
    label_lookup = dict(base.scale)
    for c in criteria:  # a criterion's own labels are ratings too
        for label, number in ((c.get("scale") or {}).get("labels") or {}).items():
            if label not in label_lookup:
                labels.append(label)
                label_lookup[label] = number
    scores: dict[str, dict[str, Any]] = {}
    for option_id, row in frames.ratings.iterrows():
        cells: dict[str, Any] = {}
        for c in criterion_ids:
            raw = row[c]
            if blank(raw):
                continue
            if isinstance(raw, (int, float)) and not isinstance(raw, bool):
                cells[c] = int(raw) if float(raw).is_integer() else float(raw)
                continue
            text = str(raw).strip()
            if match_label(text, label_lookup) is not None:
                cells[c] = text
            elif (number := _number(text)) is not None:
                cells[c] = number
            else:
                use = ", ".join(labels[:-1]) + " or " + labels[-1] if len(labels) > 1 else "".join(labels)
                problems.append(Problem(f"Ratings: option '{option_id}', criterion '{c}'", f"'{text[:40]}' is not a rating; use {use}"))
        if cells:
            scores[str(option_id)] = cells

    weight_sets = []
    for row, v in _rows(frames.weights, WEIGHT_LEAD + criterion_ids):
        item = {k: _text(v[k]) for k in WEIGHT_LEAD}
        item = {k: (x.strip() if k in ("id", "council") and x else x) for k, x in item.items() if x is not None}
        if "id" not in item:
            problems.append(Problem(f"Weight sets row {row}", "the id is empty; give every weight set an id"))
        weights: dict[str, Any] = {}
        for c in criterion_ids:
            raw = v[c]
            if blank(raw):
                continue
            number = raw if isinstance(raw, (int, float)) and not isinstance(raw, bool) else _number(str(raw))
            if number is None:
                problems.append(Problem(f"Weight sets row {row}, {c}", f"'{str(raw)[:40]}' is not a number"))
                continue
            weights[c] = int(number) if float(number).is_integer() else float(number)
        item["weights"] = weights
        if item.get("id") in provenance:
            item["provenance"] = provenance[item["id"]]
        weight_sets.append(item)

    data.update(options=options, criteria=criteria, scores=scores, weight_sets=weight_sets)
    # Assessors' individual ratings follow the options and criteria: a deleted one takes its ratings with it.
    kept_options = {o.get("id") for o in options}
    if data.get("assessments"):
        data["assessments"] = {
            a: {option_renames.get(o, o): {criterion_renames.get(c, c): x for c, x in row.items()
                                           if criterion_renames.get(c, c) in criterion_ids}
                for o, row in by_option.items() if option_renames.get(o, o) in kept_options}
            for a, by_option in data["assessments"].items()
        }
    try:
        case = case_from_mapping(data, source)
    except CaseError as exc:
        seen = {p.field for p in problems}
        problems += [q for p in exc.problems if (q := Problem(_where(p.field, frames), p.message)).field not in seen]
    if problems:
        raise CaseError(source, problems)
    return case

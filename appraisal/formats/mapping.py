"""A case as a plain mapping and back: pydantic errors turned into messages naming the field and row."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import ValidationError

from appraisal.case.model import Case
from appraisal.case.types import FORMAT
from appraisal.case.validation import case_problems
from appraisal.errors import CaseError, Problem


def _row_label(raw: Any, loc: tuple[Any, ...]) -> str:
    """Render a pydantic location such as ('criteria', 2, 'name') as "criteria row 3 (id 'x').name"."""
    parts: list[str] = []
    node = raw
    for step in loc:
        if isinstance(step, int):
            label = f"row {step + 1}"
            item = node[step] if isinstance(node, list) and step < len(node) else None
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                label += f" (id '{item['id'][:64]}')"
            parts.append(" " + label)
            node = item
        else:
            parts.append(("." if parts else "") + str(step))
            node = node.get(step) if isinstance(node, dict) else None
    return "".join(parts)


def _friendly(error: dict[str, Any]) -> str:
    kind, loc = error["type"], error["loc"]
    given = error.get("input")
    if kind == "missing":
        return "missing (required)"
    if kind == "extra_forbidden" and error.get("suggest"):
        return f"unknown field '{loc[-1]}': did you mean '{error['suggest']}'?"
    if kind == "extra_forbidden":
        return f"unknown field '{loc[-1]}' (check the spelling; see docs/case-format.md)"
    if kind == "string_pattern_mismatch":
        return f"'{str(given)[:80]}' is not a valid id: use lower-case letters, digits and _ only"
    if kind == "literal_error" and loc == ("format",):
        return f"must be exactly '{FORMAT}' (found {str(given)[:80]!r})"
    if kind == "too_short" and isinstance(given, (list, dict)):
        return "must not be empty"
    if kind == "too_long" and isinstance(given, (list, dict)):
        return f"has {len(given)} entries; at most {error.get('ctx', {}).get('max_length')} are allowed"
    if kind == "string_too_short":
        return "must not be blank"
    if kind == "value_error":  # our own validators (a control character in a name): their message as written
        return str(error["msg"]).removeprefix("Value error, ")
    return str(error["msg"])


def _pair_misspellings(errors: list[Any]) -> list[Any]:
    """A misspelt key ('weigths') gives two errors — unknown 'weigths', missing 'weights'; report it once,
    as the unknown key with the right spelling suggested."""
    missing = {tuple(e["loc"]): e for e in errors if e["type"] == "missing"}
    paired: set[tuple[Any, ...]] = set()
    out: list[Any] = []
    for e in errors:
        loc = tuple(e["loc"])
        if e["type"] == "extra_forbidden" and isinstance(loc[-1], str):
            siblings = [m[-1] for m in missing if m[:-1] == loc[:-1] and isinstance(m[-1], str) and m not in paired]
            match = difflib.get_close_matches(loc[-1], siblings, n=1, cutoff=0.7)
            if match:
                paired.add((*loc[:-1], match[0]))
                e = {**e, "suggest": match[0]}
        out.append(e)
    return [e for e in out if tuple(e["loc"]) not in paired]


_ROW = re.compile(r"^row (\d+)(?: \(id '[^']*'\))?$")
_ID_OR_NAME = re.compile(r"^\((id|name) '(.*)'\)$")


def _position(raw: Any, field: str) -> tuple[int, ...]:
    """Where a problem's field sits in the file, as a sort key: the index of each step (top-level key,
    list row, id, mapping key) in the order the file has them. Unknown steps sort last."""
    node, key = raw, []
    for step in re.split(r"\.(?![^(]*\))| (?=row \d|\((?:id|name) ')", field):
        step = step.strip()
        if not step:
            continue
        if isinstance(node, list):
            row, named = _ROW.match(step), _ID_OR_NAME.match(step)
            if row:
                index = int(row.group(1)) - 1
            elif named:
                index = next((i for i, item in enumerate(node) if isinstance(item, dict)
                              and str(item.get(named.group(1))) == named.group(2)), len(node))
            else:
                index = next((i for i, item in enumerate(node) if isinstance(item, dict) and item.get("id") == step), len(node))
            key.append(index)
            node = node[index] if 0 <= index < len(node) else None
        elif isinstance(node, dict):
            keys = list(node)
            index = keys.index(step) if step in keys else len(keys)
            key.append(index)
            node = node.get(step)
        else:
            break
    return tuple(key) or (1 << 30,)


def in_file_order(raw: Any, problems: list[Problem]) -> list[Problem]:
    """The problems in the order of the file (top to bottom), so a reader can work down it."""
    return sorted(problems, key=lambda p: _position(raw, p.field))


def case_from_mapping(raw: Any, source: str = "") -> Case:
    """Validate parsed data into a Case, or raise CaseError naming every problem found."""
    if not isinstance(raw, dict):
        found = "empty" if raw is None else f"a {type(raw).__name__}"
        raise CaseError.single(source, "", f"a case file must be a YAML mapping starting 'format: {FORMAT}' (this one is {found})")
    if "format" not in raw:
        raise CaseError.single(source, "format", f"missing; the first line should be 'format: {FORMAT}'")
    if raw["format"] != FORMAT:
        raise CaseError.single(source, "format", f"must be exactly '{FORMAT}' (found {str(raw['format'])[:80]!r})")
    try:
        case = Case.model_validate(raw)
    except ValidationError as exc:
        errors = _pair_misspellings(exc.errors())
        problems = [Problem(_row_label(raw, tuple(e["loc"])), _friendly(e)) for e in errors]
        raise CaseError(source, in_file_order(raw, problems)) from None
    problems = case_problems(case)
    if problems:
        raise CaseError(source, in_file_order(raw, problems))
    return case


def case_to_mapping(case: Case) -> dict[str, Any]:
    """The case as plain data, leaving out empty optional parts so the file stays readable."""
    data = case.model_dump(mode="json", exclude_none=True, by_alias=True)  # the case-level scale is written "scale"
    for key in ("councils", "assessors", "assessments"):
        if not data.get(key):
            data.pop(key, None)
    if not data.get("illustrative"):
        data.pop("illustrative", None)
    for option in data["options"]:
        for flag in ("status_quo", "do_minimum"):
            if not option.get(flag):
                option.pop(flag, None)
    for ws in data["weight_sets"]:
        if ws.get("provenance") and not ws["provenance"].get("inputs"):
            ws["provenance"].pop("inputs", None)
    return data

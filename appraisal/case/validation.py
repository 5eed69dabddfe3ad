"""Checks that need the whole case: ids, references, every cell scored, weights usable.

Each problem names the field and the offending id, so a council officer can find it in the file.
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from collections import Counter

from appraisal.case.model import Case
from appraisal.case.ratings import as_number, cell_value
from appraisal.case.savings_validation import savings_problems
from appraisal.case.scale_validation import from_savings_problems, measured_cell_problem, scale_spec_problems
from appraisal.case.scales import spec_for
from appraisal.case.types import NAME_CONTROL
from appraisal.errors import MAX_QUOTED, Problem, quoted, shorten, visible

# Rating values beyond this are refused: totals (rating × weight, summed) must stay finite and exact
# enough to rank, and no rating scale needs more than a million points.
MAX_RATING_VALUE = 1e6
MAX_WEIGHT_TOTAL = 1e12


def _shown(raw: object) -> str:
    """A value as the message quotes it, cut short (a 400-digit number or a 5 MB string stays readable)."""
    if isinstance(raw, str):
        return quoted(raw)
    return shorten(repr(raw), MAX_QUOTED)


# "0,5": a decimal comma. A number written with one is refused with the fix, never read as 5.
DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d*,\d+\s*$")


def decimal_comma_hint(raw: object) -> str:
    """' — write 0.5, not 0,5' when ``raw`` is text holding a number with a decimal comma, else ''."""
    if isinstance(raw, str) and DECIMAL_COMMA.match(raw):
        text = raw.strip()
        return f"; write {text.replace(',', '.')}, not {text}"
    return ""


# Characters that do not show: zero-width space, non-joiner and joiner, word joiner, byte-order mark.
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def name_key(name: str) -> str:
    """What a reader sees of a name: Unicode-normalised (NFKC: "Café" composed or decomposed, full-width
    letters), zero-width characters removed, case and runs of spaces ignored. Two names with the same
    key look alike on a page, so they are refused as duplicates."""
    text = unicodedata.normalize("NFKC", name).translate(ZERO_WIDTH)
    return " ".join(text.casefold().split())


def _duplicates(kind: str, ids: list[str]) -> list[Problem]:
    return [
        Problem(f"{kind} (id '{dup}')", f"the id '{dup}' is used {n} times; ids must be unique")
        for dup, n in Counter(ids).items()
        if n > 1
    ]


def _duplicate_names(kind: str, items: list[tuple[str, str]]) -> list[Problem]:
    """Names that look alike (see :func:`name_key`), each pair named by both ids and both names."""
    problems: list[Problem] = []
    first: dict[str, tuple[str, str]] = {}
    for item_id, name in items:
        key = name_key(name)
        if key not in first:
            first[key] = (item_id, name)
            continue
        other_id, other = first[key]
        same = "are both called" if other == name else "have names that look the same:"
        problems.append(Problem(
            f"{kind} (name '{shorten(other, MAX_QUOTED)}')",
            f"'{other_id}' and '{item_id}' {same} {quoted(other)}"
            + ("" if other == name else f" and {quoted(name)}")
            + "; names must differ (ignoring case, accents written two ways and invisible characters) "
            "so charts and tables can tell them apart",
        ))
    return problems


def _scale_problems(case: Case) -> list[Problem]:
    return label_scale_problems("rating_scale", case.rating_scale)


def label_scale_problems(base: str, scale: dict[str, object]) -> list[Problem]:
    """A label scale (``rating_scale`` or a criterion's ``scale.labels``): finite numbers, best first,
    strictly decreasing, no label twice."""
    problems: list[Problem] = []
    if not scale:
        return [Problem(base, "the rating scale is empty; list labels best first, e.g. High: 3")]
    previous: float | None = None
    for label, raw in scale.items():
        number = as_number(raw)
        field = f"{base}.{label}"
        if not str(label).strip():
            problems.append(Problem(base, "a label is blank"))
        found = NAME_CONTROL.search(str(label))
        if found:  # a label is printed beside every rating, in the terminal too: no escape sequences
            problems.append(Problem(base, f"the label {quoted(label)} contains a control character "
                                          f"({visible(found.group())}); labels are one line of plain text"))
            continue
        if number is None:
            problems.append(Problem(field, f"{_shown(raw)} is not a finite number"))
            continue
        if abs(number) > MAX_RATING_VALUE:
            problems.append(Problem(field, f"{number:g} is too large; rating values must lie between "
                                    f"-{MAX_RATING_VALUE:,.0f} and {MAX_RATING_VALUE:,.0f}"))
            continue
        if previous is not None and number >= previous:
            problems.append(
                Problem(field, f"{number:g} is not below the label before it ({previous:g}); "
                        "list labels best first with strictly decreasing numbers")
            )
        previous = number
    lowered = Counter(str(label).strip().casefold() for label in scale)
    problems += [
        Problem(base, f"the label {quoted(label)} appears twice (labels ignore case)")
        for label, n in lowered.items()
        if n > 1
    ]
    return problems


def _cell_problem(field: str, raw: object, scale: dict[str, float]) -> Problem | None:
    labels = ", ".join(shorten(label, 40) for label in scale)
    if isinstance(raw, str):
        if cell_value(raw, scale) is None:
            return Problem(field, f"{quoted(raw)} is not a rating{decimal_comma_hint(raw)}; use {labels} (or a number)")
        return None
    number = as_number(raw)
    if number is None:
        return Problem(field, f"{_shown(raw)} is not a rating or a finite number; use {labels}")
    low, high = min(scale.values()), max(scale.values())
    if not low <= number <= high:
        return Problem(field, f"{number:g} is outside the rating scale ({low:g} to {high:g})")
    return None


def _cell_checker(case: Case, criterion: str, default: dict[str, float]) -> object:
    """How one criterion's cells are checked: a label scale (dict), a measured spec, or None for a
    criterion fed from the savings model (no cells)."""
    spec = spec_for(case, criterion)
    if spec is None:
        return default
    if spec.from_savings is not None:
        return None
    if spec.labels is not None:
        return default if case.criterion(criterion).scale is None else {k: float(v) for k, v in spec.labels.items()}
    return spec


def _criterion_cell_problem(case: Case, criterion: str, field: str, raw: object, checker: object) -> Problem | None:
    if checker is None:
        return Problem(field, f"criterion '{criterion}' takes its figures from the savings model "
                       "(scale.from_savings); leave this cell blank")
    if isinstance(checker, dict):
        return _cell_problem(field, raw, checker)
    return measured_cell_problem(field, raw, checker, criterion)  # type: ignore[arg-type]


def _score_problems(case: Case, scale: dict[str, float]) -> list[Problem]:
    problems: list[Problem] = []
    options, criteria = set(case.option_ids), set(case.criterion_ids)
    checkers = {c: _cell_checker(case, c, scale) for c in case.criterion_ids}
    for option, row in case.scores.items():
        if option not in options:
            problems.append(Problem(f"scores.{option}", f"{quoted(option)} is not an option id of this case"))
            continue
        if not isinstance(row, dict):
            problems.append(Problem(f"scores.{option}", "should map criterion ids to ratings"))
            continue
        for criterion, raw in row.items():
            field = f"scores.{option}.{criterion}"
            if criterion not in criteria:
                problems.append(Problem(field, f"{quoted(criterion)} is not a criterion id of this case"))
            elif raw is not None and (p := _criterion_cell_problem(case, criterion, field, raw, checkers[criterion])):
                problems.append(p)
    assessor_ids = {a.id for a in case.assessors}
    for assessor, by_option in case.assessments.items():
        if assessor_ids and assessor not in assessor_ids:
            problems.append(Problem(f"assessments.{assessor}", f"{quoted(assessor)} is not in assessors"))
        for option, row in by_option.items():
            if option not in options:
                problems.append(Problem(f"assessments.{assessor}.{option}", f"{quoted(option)} is not an option id"))
                continue
            for criterion, raw in row.items():
                field = f"assessments.{assessor}.{option}.{criterion}"
                if criterion not in criteria:
                    problems.append(Problem(field, f"{quoted(criterion)} is not a criterion id"))
                elif p := _criterion_cell_problem(case, criterion, field, raw, checkers[criterion]):
                    problems.append(p)
    for option in case.option_ids:
        for criterion in case.criterion_ids:
            if checkers[criterion] is None:  # from the savings model
                continue
            published = case.scores.get(option, {}).get(criterion) if isinstance(case.scores.get(option), dict) else None
            assessed = any(
                by_option.get(option, {}).get(criterion) is not None for by_option in case.assessments.values()
            )
            if published is None and not assessed:
                problems.append(
                    Problem(f"scores.{option}.{criterion}", f"missing: option '{option}' has no rating for criterion '{criterion}'")
                )
    return problems


def _weight_problems(case: Case) -> list[Problem]:
    problems: list[Problem] = []
    criteria = case.criterion_ids
    councils = {c.id for c in case.councils}
    for ws in case.weight_sets:
        base = f"weight_sets.{ws.id}"
        if ws.council is not None and ws.council not in councils:
            problems.append(Problem(f"{base}.council", f"{quoted(ws.council)} is not a council id of this case"))
        total = 0.0
        usable = True
        for criterion, raw in ws.weights.items():
            field = f"{base}.weights.{criterion}"
            if criterion not in criteria:
                problems.append(Problem(field, f"{quoted(criterion)} is not a criterion id of this case"))
                continue
            number = as_number(raw)
            if number is None:
                problems.append(Problem(field, f"{_shown(raw)} is not a finite number{decimal_comma_hint(raw)}"))
                usable = False
            elif number < 0:
                problems.append(Problem(field, f"{number:g} is negative; weights must be 0 or more"))
                usable = False
            else:
                total += number
        for criterion in criteria:
            if criterion not in ws.weights:
                problems.append(Problem(f"{base}.weights.{criterion}", f"missing: no weight for criterion '{criterion}'"))
                usable = False
        if usable and total <= 0:
            problems.append(Problem(f"{base}.weights", "every weight is zero; at least one must be above zero"))
        elif usable and total < sys.float_info.min:  # 5e-324: shares of it are 0/0, every option "ties"
            problems.append(Problem(f"{base}.weights", f"the weights add up to {total:g}, too small to calculate with "
                                    "(every option would tie); use larger units, e.g. 3, 2, 1"))
        elif usable and not total <= MAX_WEIGHT_TOTAL:  # also an overflow to inf (two weights of 1e308)
            size = f"{total:g}" if math.isfinite(total) else "more than any computer number holds"
            problems.append(Problem(f"{base}.weights", f"the weights add up to {size}; keep the total under "
                                    f"{MAX_WEIGHT_TOTAL:,.0f} (use smaller units)"))
    return problems


def _criterion_scale_problems(case: Case) -> list[Problem]:
    """The case-level ``scale`` and every criterion's ``scale`` (docs/case-format.md, "Measured criteria")."""
    problems: list[Problem] = []
    if case.default_scale is not None:
        if case.default_scale.labels is not None and "rating_scale" in case.model_fields_set:
            problems.append(Problem("scale.labels", "the case states both rating_scale and scale.labels; keep one"))
        if case.default_scale.from_savings is not None:
            problems.append(Problem("scale.from_savings", "from_savings belongs on one criterion's scale, "
                                    "not on the case's default scale"))
        problems += scale_spec_problems("scale", case.default_scale, label_scale_problems)
    for criterion in case.criteria:
        if criterion.scale is None:
            continue
        base = f"criteria[{criterion.id}].scale"
        problems += scale_spec_problems(base, criterion.scale, label_scale_problems)
        if criterion.scale.from_savings is not None:
            problems += from_savings_problems(f"{base}.from_savings", criterion.scale.from_savings, case)
    return problems


def case_problems(case: Case) -> list[Problem]:
    """Every cross-reference problem in a structurally valid case (empty list: the case is usable)."""
    problems = _duplicates("options", case.option_ids)
    problems += _duplicates("criteria", case.criterion_ids)
    problems += _duplicates("weight_sets", [w.id for w in case.weight_sets])
    problems += _duplicates("councils", [c.id for c in case.councils])
    problems += _duplicates("assessors", [a.id for a in case.assessors])
    problems += _duplicate_names("options", [(o.id, o.name) for o in case.options])
    problems += _duplicate_names("criteria", [(c.id, c.name) for c in case.criteria])
    problems += _duplicate_names("weight_sets", [(w.id, w.name) for w in case.weight_sets])
    problems += _duplicate_names("councils", [(c.id, c.name) for c in case.councils])
    status_quo = [o.id for o in case.options if o.status_quo]
    if len(status_quo) > 1:
        problems.append(Problem("options.status_quo", f"more than one option is the status quo ({', '.join(status_quo)}); mark one"))
    scale_problems = _scale_problems(case)
    scale_problems += _criterion_scale_problems(case)
    problems += scale_problems
    if not scale_problems:
        problems += _score_problems(case, case.scale)
    problems += _weight_problems(case)
    problems += savings_problems(case)
    return problems

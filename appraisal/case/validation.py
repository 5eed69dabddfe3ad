"""Checks that need the whole case: ids, references, every cell scored, weights usable.

Each problem names the field and the offending id, so a council officer can find it in the file.
"""

from __future__ import annotations

import math
from collections import Counter

from appraisal.case.model import Case
from appraisal.case.ratings import as_number, cell_value
from appraisal.case.savings_validation import savings_problems
from appraisal.errors import Problem

# Rating values beyond this are refused: totals (rating × weight, summed) must stay finite and exact
# enough to rank, and no rating scale needs more than a million points.
MAX_RATING_VALUE = 1e6
MAX_WEIGHT_TOTAL = 1e12


def _shown(raw: object) -> str:
    """A value as the message quotes it, cut short (a 400-digit number or a 5 MB string stays readable)."""
    text = repr(raw)
    return text if len(text) <= 60 else text[:57] + "…"


def _duplicates(kind: str, ids: list[str]) -> list[Problem]:
    return [
        Problem(f"{kind} (id '{dup}')", f"the id '{dup}' is used {n} times; ids must be unique")
        for dup, n in Counter(ids).items()
        if n > 1
    ]


def _duplicate_names(kind: str, names: list[str]) -> list[Problem]:
    counts = Counter(name.strip().casefold() for name in names)
    return [
        Problem(f"{kind} (name '{name}')", f"two {kind} are called '{name}'; names must differ so charts and tables can tell them apart")
        for name in dict.fromkeys(names)
        if counts[name.strip().casefold()] > 1 and name == next(n for n in names if n.strip().casefold() == name.strip().casefold())
    ]


def _scale_problems(case: Case) -> list[Problem]:
    problems: list[Problem] = []
    if not case.rating_scale:
        return [Problem("rating_scale", "the rating scale is empty; list labels best first, e.g. High: 3")]
    previous: float | None = None
    for label, raw in case.rating_scale.items():
        number = as_number(raw)
        field = f"rating_scale.{label}"
        if not str(label).strip():
            problems.append(Problem("rating_scale", "a label is blank"))
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
    lowered = Counter(str(label).strip().casefold() for label in case.rating_scale)
    problems += [
        Problem("rating_scale", f"the label '{label}' appears twice (labels ignore case)")
        for label, n in lowered.items()
        if n > 1
    ]
    return problems


def _cell_problem(field: str, raw: object, scale: dict[str, float]) -> Problem | None:
    labels = ", ".join(scale)
    if isinstance(raw, str):
        if cell_value(raw, scale) is None:
            return Problem(field, f"'{raw}' is not a rating; use {labels} (or a number)")
        return None
    number = as_number(raw)
    if number is None:
        return Problem(field, f"{_shown(raw)} is not a rating or a finite number; use {labels}")
    low, high = min(scale.values()), max(scale.values())
    if not low <= number <= high:
        return Problem(field, f"{number:g} is outside the rating scale ({low:g} to {high:g})")
    return None


def _score_problems(case: Case, scale: dict[str, float]) -> list[Problem]:
    problems: list[Problem] = []
    options, criteria = set(case.option_ids), set(case.criterion_ids)
    for option, row in case.scores.items():
        if option not in options:
            problems.append(Problem(f"scores.{option}", f"'{option}' is not an option id of this case"))
            continue
        if not isinstance(row, dict):
            problems.append(Problem(f"scores.{option}", "should map criterion ids to ratings"))
            continue
        for criterion, raw in row.items():
            field = f"scores.{option}.{criterion}"
            if criterion not in criteria:
                problems.append(Problem(field, f"'{criterion}' is not a criterion id of this case"))
            elif raw is not None and (p := _cell_problem(field, raw, scale)):
                problems.append(p)
    assessor_ids = {a.id for a in case.assessors}
    for assessor, by_option in case.assessments.items():
        if assessor_ids and assessor not in assessor_ids:
            problems.append(Problem(f"assessments.{assessor}", f"'{assessor}' is not in assessors"))
        for option, row in by_option.items():
            if option not in options:
                problems.append(Problem(f"assessments.{assessor}.{option}", f"'{option}' is not an option id"))
                continue
            for criterion, raw in row.items():
                field = f"assessments.{assessor}.{option}.{criterion}"
                if criterion not in criteria:
                    problems.append(Problem(field, f"'{criterion}' is not a criterion id"))
                elif p := _cell_problem(field, raw, scale):
                    problems.append(p)
    for option in case.option_ids:
        for criterion in case.criterion_ids:
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
            problems.append(Problem(f"{base}.council", f"'{ws.council}' is not a council id of this case"))
        total = 0.0
        usable = True
        for criterion, raw in ws.weights.items():
            field = f"{base}.weights.{criterion}"
            if criterion not in criteria:
                problems.append(Problem(field, f"'{criterion}' is not a criterion id of this case"))
                continue
            number = as_number(raw)
            if number is None:
                problems.append(Problem(field, f"{_shown(raw)} is not a finite number"))
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
        elif usable and not total <= MAX_WEIGHT_TOTAL:  # also an overflow to inf (two weights of 1e308)
            size = f"{total:g}" if math.isfinite(total) else "more than any computer number holds"
            problems.append(Problem(f"{base}.weights", f"the weights add up to {size}; keep the total under "
                                    f"{MAX_WEIGHT_TOTAL:,.0f} (use smaller units)"))
    return problems


def case_problems(case: Case) -> list[Problem]:
    """Every cross-reference problem in a structurally valid case (empty list: the case is usable)."""
    problems = _duplicates("options", case.option_ids)
    problems += _duplicates("criteria", case.criterion_ids)
    problems += _duplicates("weight_sets", [w.id for w in case.weight_sets])
    problems += _duplicates("councils", [c.id for c in case.councils])
    problems += _duplicates("assessors", [a.id for a in case.assessors])
    problems += _duplicate_names("options", [o.name for o in case.options])
    problems += _duplicate_names("criteria", [c.name for c in case.criteria])
    problems += _duplicate_names("weight_sets", [w.name for w in case.weight_sets])
    status_quo = [o.id for o in case.options if o.status_quo]
    if len(status_quo) > 1:
        problems.append(Problem("options.status_quo", f"more than one option is the status quo ({', '.join(status_quo)}); mark one"))
    scale_problems = _scale_problems(case)
    problems += scale_problems
    if not scale_problems:
        problems += _score_problems(case, case.scale)
    problems += _weight_problems(case)
    problems += savings_problems(case)
    return problems

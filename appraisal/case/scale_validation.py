"""Checks of measured scales and value functions, each naming the criterion and the point.

A value function must be a function (raw values strictly increasing), stay inside the stated range
and value range, and be monotone in the criterion's direction: more of a "higher is better" measure
is never worth less. Points are counted from 1, as a reader counts them in the file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from appraisal.case.model import Case
from appraisal.case.ratings import as_number
from appraisal.case.scale_schema import FromSavings, ScaleSpec
from appraisal.errors import Problem, quoted, shorten

# Raw values and values beyond this are refused (totals must stay finite and exact enough to rank).
MAX_RAW = 1e12
LabelCheck = Callable[[str, dict[str, object]], list[Problem]]


def _n(value: float) -> str:
    return f"{value:g}"


def _pair(field: str, raw: object, what: str) -> tuple[tuple[float, float] | None, list[Problem]]:
    """Two finite numbers [a, b], or the problem saying what is wrong."""
    if not isinstance(raw, (list, tuple)) or len(raw) != 2:
        return None, [Problem(field, f"should be two numbers [{what}], e.g. [0, 100]")]
    a, b = as_number(raw[0]), as_number(raw[1])
    if a is None or b is None:
        return None, [Problem(field, f"{shorten(repr(list(raw)))} should be two finite numbers [{what}]")]
    if max(abs(a), abs(b)) > MAX_RAW:
        return None, [Problem(field, f"numbers must lie between -{MAX_RAW:g} and {MAX_RAW:g}")]
    return (a, b), []


def range_text(low: float, high: float, unit: str | None) -> str:
    """'0–500 £k a year'."""
    return f"{_n(low)}–{_n(high)}" + (f" {unit}" if unit else "")


def _function_problems(field: str, points: Sequence[object], low: float, high: float,
                       value_low: float, value_high: float, direction: str) -> list[Problem]:
    problems: list[Problem] = []
    previous: tuple[float, float] | None = None
    for k, raw in enumerate(points, start=1):
        here = f"{field}[{k}]"
        pair, bad = _pair(here, raw, "raw value, value")
        if pair is None:
            problems += bad
            continue
        x, y = pair
        if not low <= x <= high:
            problems.append(Problem(here, f"raw value {_n(x)} is outside the stated range {range_text(low, high, None)}"))
        if not value_low <= y <= value_high:
            problems.append(Problem(here, f"value {_n(y)} is outside the value range {_n(value_low)}–{_n(value_high)}"))
        if previous is not None:
            px, py = previous
            if x <= px:
                problems.append(Problem(here, f"raw value {_n(x)} does not follow {_n(px)}; list points with "
                                        "raw values strictly increasing"))
            elif direction == "higher" and y < py:
                problems.append(Problem(here, f"value {_n(y)} is below {_n(py)} at a lower raw value; higher is "
                                        "better, so values must not fall as raw values rise"))
            elif direction == "lower" and y > py:
                problems.append(Problem(here, f"value {_n(y)} is above {_n(py)} at a lower raw value; lower is "
                                        "better, so values must not rise as raw values rise"))
        previous = pair
    return problems


def scale_spec_problems(base: str, spec: ScaleSpec, labels_check: LabelCheck) -> list[Problem]:
    """Everything wrong with one scale (case-level or a criterion's), fields under ``base``."""
    if spec.labels is not None:
        measured = [k for k in ("unit", "direction", "range", "value_range", "points", "alternative", "from_savings")
                    if getattr(spec, k) is not None]
        if measured:
            return [Problem(base, f"a scale has labels or a measured scale (unit, range), not both; "
                            f"remove {', '.join(measured)} or labels")]
        return labels_check(f"{base}.labels", spec.labels)
    if spec.range is None:
        return [Problem(f"{base}.range", "missing: a measured scale states its range [low, high], the worst and "
                        "best plausible raw values (or give labels instead)")]
    rng, problems = _pair(f"{base}.range", spec.range, "low, high")
    values, bad = _pair(f"{base}.value_range", spec.value_range, "worst value, best value") \
        if spec.value_range is not None else ((0.0, 100.0), [])
    problems += bad
    if rng is not None and rng[0] >= rng[1]:
        problems.append(Problem(f"{base}.range", f"low {_n(rng[0])} must be below high {_n(rng[1])}; state "
                                "[low, high] and say which end is better with direction"))
        rng = None
    if values is not None and values[0] >= values[1]:
        problems.append(Problem(f"{base}.value_range", f"{_n(values[0])} must be below {_n(values[1])}: "
                                "[the worst raw value's value, the best's]"))
        values = None
    if rng is None or values is None:
        return problems
    for name in ("points", "alternative"):
        points = getattr(spec, name)
        if points is None:
            continue
        if not points:
            problems.append(Problem(f"{base}.{name}", "is empty; leave it out for a straight line"))
            continue
        problems += _function_problems(f"{base}.{name}", points, *rng, *values, spec.direction or "higher")
    return problems


def measured_cell_problem(field: str, raw: object, spec: ScaleSpec, criterion: str) -> Problem | None:
    """A raw value of a measured criterion: a finite number inside the stated range."""
    number = as_number(raw)
    unit = spec.unit or ""
    if number is None:
        hint = ""
        if isinstance(raw, str) and "," in raw:
            hint = f"; write {raw.strip().replace(',', '.')}, not {raw.strip()}"
        what = quoted(raw) if isinstance(raw, str) else shorten(repr(raw))
        return Problem(field, f"{what} is not a number{hint}; criterion '{criterion}' is measured"
                       + (f" in {unit}" if unit else "") + ", so its cells are numbers")
    low, high = (float(v) for v in spec.range or (0, 0))
    if not low <= number <= high:
        return Problem(field, f"{_n(number)} is outside the stated range {range_text(low, high, unit)} of "
                       f"criterion '{criterion}': widen the range")
    return None


def from_savings_problems(base: str, spec: FromSavings, case: Case) -> list[Problem]:
    """A criterion fed from the savings model: the model exists, every id it names exists, and every
    option is given its part of the model."""
    if case.savings is None:
        return [Problem(base, "the case has no savings section to take figures from; add one or remove from_savings")]
    s = case.savings
    problems: list[Problem] = []
    divide = as_number(spec.divide_by)
    if divide is None or divide <= 0:
        problems.append(Problem(f"{base}.divide_by", f"{shorten(repr(spec.divide_by))} should be a number above 0 "
                                "(e.g. 1000 for £k)"))
    scenarios = [sc.id for sc in s.scenarios]
    if spec.scenario is not None and spec.scenario not in scenarios:
        problems.append(Problem(f"{base}.scenario", f"{quoted(spec.scenario)} is not a savings scenario "
                                f"(choose from {', '.join(scenarios)})"))
    councils = [c.id for c in case.councils]
    if spec.council is not None and spec.council not in councils:
        problems.append(Problem(f"{base}.council", f"{quoted(spec.council)} is not a council id of this case"))
    if spec.year is not None and spec.year not in s.years:
        problems.append(Problem(f"{base}.year", f"{quoted(spec.year)} is not one of the savings years "
                                f"({s.years[0]} to {s.years[-1]})"))
    if spec.year is not None and spec.measure != "annual_saving":
        problems.append(Problem(f"{base}.year", f"a year applies to annual_saving only, not {spec.measure}"))
    known = {
        "lines": set(s.line_ids),
        "phases": {p.id for p in s.phases},
        "one_off_costs": {o.id for o in s.one_off_costs},
    }
    for option in case.option_ids:
        if option not in spec.options:
            problems.append(Problem(f"{base}.options.{option}", f"missing: option '{option}' has no savings figure; "
                                    "list the lines, phases and one-off costs it delivers (empty lists: none)"))
    for option, chosen in spec.options.items():
        if option not in case.option_ids:
            problems.append(Problem(f"{base}.options.{option}", f"{quoted(option)} is not an option id of this case"))
            continue
        for kind, ids in known.items():
            for item in getattr(chosen, kind):
                if item not in ids:
                    problems.append(Problem(f"{base}.options.{option}.{kind}",
                                            f"{quoted(item)} is not one of the savings model's {kind.replace('_', ' ')}"))
    return problems

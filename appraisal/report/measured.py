"""Measured criteria in words: raw values with their units, ranges and what a value function says.

A measured criterion (docs/case-format.md, "Measured criteria") is rated in its own unit — £k a year,
minutes, % satisfied — and scored 0–100 through its value function. Wherever a sentence talks about
such a criterion's score, it names the raw value with its unit ("£120k a year against £0"), formatted
as a council report prints it. Label criteria are left to their labels: every function here returns
``None`` (or today's words) for them, so label cases read exactly as before.
"""

from __future__ import annotations

import math
import re

import numpy as np

from appraisal import fmt
from appraisal.analysis.scoring import Appraisal
from appraisal.case.scales import CriterionScale

MINUS = "−"


def is_money(scale: CriterionScale) -> bool:
    """True when the unit is money ("£", "£k a year", "£m NPV")."""
    return scale.unit.strip().startswith("£")


def _money_parts(unit: str) -> tuple[str, str]:
    """'£k a year' → ('k', ' a year'); '£' → ('', ''); '£m NPV' → ('m', ' NPV')."""
    rest = unit.strip()[1:]
    head, _, tail = rest.partition(" ")
    if head.lower() in ("k", "m", "bn"):
        return head.lower(), (" " + tail) if tail else ""
    return "", (" " + rest.strip()) if rest.strip() else ""


def _amount(x: float, places: int = 1) -> str:
    """A number with a proper minus sign and no trailing zeros: −12.5, 1,200."""
    text = fmt.number(abs(x), places)
    return f"{MINUS}{text}" if x < 0 and text != "0" else text


def raw_text(scale: CriterionScale, raw: float, unit: bool = True, bare: bool = False) -> str:
    """A raw value with its unit: '£120k a year', '−£1,500', '45 minutes', '72 % satisfied',
    '8 (judgement 0–10)'. ``unit=False``: the number alone (money keeps its £ and k); ``bare``: the
    unit without its bracketed parts ('£303k' for '£k (present value)'), for text already in brackets.

    Label criteria: the label whose number it is, else the number.
    """
    if not math.isfinite(raw):
        return "–"
    if not scale.measured:
        label = next((k for k, v in scale.labels.items() if v == raw), None)
        return label if label is not None else fmt.number(raw, 2)
    text = scale.unit.strip()
    if bare:
        text = re.sub(r"\s*\([^)]*\)", "", text).strip()
    if is_money(scale):
        multiplier, tail = _money_parts(text)
        places = 1 if multiplier and abs(raw) < 100 else 0
        amount = fmt.number(abs(raw), places)
        if amount == "0":
            return "£0" + (tail if unit else "")
        return f"{MINUS if raw < 0 else ''}£{amount}{multiplier}{tail if unit else ''}"
    if not unit or not text:
        return _amount(raw)
    if text.startswith("%") or " " not in text:
        return f"{_amount(raw)} {text}"
    return f"{_amount(raw)} ({text})"


def range_words(scale: CriterionScale) -> str:
    """The swing from the stated worst raw value to the best: 'from £0 to £200k a year',
    'from 60 to 20 minutes'; label criteria: 'from Low to High'."""
    if not scale.measured:
        labels = list(scale.labels)
        worst, best = (labels[-1], labels[0]) if labels else ("worst", "best")
        return f"from {worst} to {best}"
    return f"from {raw_text(scale, scale.worst, unit=False)} to {raw_text(scale, scale.best)}"


def value_text(value: float) -> str:
    """A 0–100 value as the tables print it: '62.5'."""
    return fmt.number(value, 1)


def measured_indices(appraisal: Appraisal) -> list[int]:
    """Positions of the measured criteria, in criterion order."""
    return [j for j, sc in enumerate(appraisal.scales) if sc.measured]


def pair_words(scale: CriterionScale, raw: float, other: float) -> str:
    """'£120k a year against £80k', '28 against 34 minutes': the unit said once, without brackets."""
    if is_money(scale):
        return f"{raw_text(scale, raw, bare=True)} against {raw_text(scale, other, unit=False)}"
    return f"{raw_text(scale, raw, unit=False)} against {raw_text(scale, other, bare=True)}"


def raw_pairs(appraisal: Appraisal, option: int, other: int) -> dict[int, str]:
    """For each measured criterion j: '£120k a year against £80k' (option against other)."""
    return {j: pair_words(appraisal.scales[j], float(appraisal.raw[option, j]), float(appraisal.raw[other, j]))
            for j in measured_indices(appraisal)}


def raw_values(appraisal: Appraisal, option: int) -> dict[int, str]:
    """For each measured criterion j: the option's raw value with its unit."""
    return {j: raw_text(appraisal.scales[j], float(appraisal.raw[option, j])) for j in measured_indices(appraisal)}


def raw_for_value(scale: CriterionScale, value: float) -> float | None:
    """The raw value at which a measured criterion's value function reaches ``value`` (the nearest raw
    value to the worst end that does); None when no raw value in the stated range does."""
    xs = np.array([p[0] for p in scale.points], dtype=float)
    ys = np.array([p[1] for p in scale.points], dtype=float)
    if scale.direction == "lower":
        xs, ys = xs[::-1], ys[::-1]   # walk from the worst end to the best
    for k in range(len(xs) - 1):
        y0, y1 = ys[k], ys[k + 1]
        if min(y0, y1) - 1e-9 <= value <= max(y0, y1) + 1e-9:
            if y1 == y0:
                return float(xs[k])
            return float(xs[k] + (value - y0) * (xs[k + 1] - xs[k]) / (y1 - y0))
    return None


def _slopes(scale: CriterionScale) -> tuple[list[float], list[float]]:
    """Breakpoints from the worst end to the best, and the value gained per unit of raw improvement
    on each segment between them."""
    pts = list(scale.points)
    if scale.direction == "lower":
        pts = pts[::-1]
    xs = [p[0] for p in pts]
    slopes = [(b[1] - a[1]) / abs(b[0] - a[0]) if b[0] != a[0] else 0.0 for a, b in zip(pts, pts[1:])]
    return xs, slopes


def value_function_takeaway(scale: CriterionScale, criterion_name: str) -> str:
    """One plain sentence about a value function: straight line, or where each further gain counts for
    less (or more). 'Above £200k a year each further gain counts for less.'"""
    worst, best = raw_text(scale, scale.worst), raw_text(scale, scale.best)
    xs, slopes = _slopes(scale)
    if scale.linear or len(slopes) < 2:
        return (f"{criterion_name} is valued in a straight line, from {value_text(scale.value_low)} at {worst} to "
                f"{value_text(scale.value_high)} at {best}: every step counts the same.")
    beyond = "Below" if scale.direction == "lower" else "Above"
    for k in range(1, len(slopes)):
        before, after = slopes[k - 1], slopes[k]
        if abs(after - before) > 0.05 * max(abs(before), abs(after), 1e-12):
            where = raw_text(scale, xs[k])
            if after < before:
                more = (" and nothing at all" if abs(after) < 1e-12 else "")
                return f"{beyond} {where} each further gain in {criterion_name} counts for less{more} (the value function flattens)."
            return f"{beyond} {where} each further gain in {criterion_name} counts for more (the value function steepens)."
    return (f"{criterion_name} is valued in a straight line, from {value_text(scale.value_low)} at {worst} to "
            f"{value_text(scale.value_high)} at {best}: every step counts the same.")


def scores_intro(appraisal: Appraisal) -> str | None:
    """The Scores page's sentence about measured criteria (None when there are none)."""
    measured = measured_indices(appraisal)
    if not measured:
        return None
    names = fmt.names_list([appraisal.criterion_names[j] for j in measured])
    one = len(measured) == 1
    return (f"{names} {'is' if one else 'are'} measured in {'its' if one else 'their'} own unit{'' if one else 's'} "
            "and scored through a value function: the stated worst value scores "
            f"{value_text(appraisal.scales[measured[0]].value_low)}, the stated best "
            f"{value_text(appraisal.scales[measured[0]].value_high)}, and values in between are read off the line below. "
            "The range is stated in the case, not taken from the options, so adding an option never changes another's value.")


def mixed_ranges_warning(appraisal: Appraisal, criterion_ids: list[str]) -> str | None:
    """A plain warning when criteria are scored on different value ranges (None when they all agree)."""
    if not criterion_ids:
        return None
    ranges: dict[tuple[float, float], list[str]] = {}
    for sc, name in zip(appraisal.scales, appraisal.criterion_names):
        ranges.setdefault((sc.value_low, sc.value_high), []).append(name)
    parts = [f"{fmt.names_list(names)} {fmt.number(low)}–{fmt.number(high)}" for (low, high), names in ranges.items()]
    return ("The criteria are scored on different ranges (" + "; ".join(parts) + "), so a weight also carries the "
            "difference between the ranges: a criterion scored 0–100 counts for more than one scored 1–3 at the same weight. "
            "Set the weights with the ranges in mind (swing weighting asks about each range), or put every criterion on one range.")


def out_of_range_sentence(appraisal: Appraisal) -> str | None:
    """Raw values (from the savings model) outside their stated range, scored as the range's end."""
    if not appraisal.out_of_range:
        return None
    bits = []
    for o in appraisal.out_of_range[:4]:
        j = appraisal.criterion_ids.index(o.criterion)
        i = appraisal.option_ids.index(o.option)
        sc = appraisal.scales[j]
        bits.append(f"{appraisal.option_names[i]} on {appraisal.criterion_names[j]} ({raw_text(sc, o.raw)}, "
                    f"range {raw_text(sc, o.low)} to {raw_text(sc, o.high)})")
    more = len(appraisal.out_of_range) - len(bits)
    return ("Outside the stated range, so scored as the nearest end: " + fmt.names_list(bits)
            + (f" and {more} more" if more > 0 else "") + ". Widen the range in the case if these figures are plausible.")

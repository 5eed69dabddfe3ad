"""The optional ``savings:`` section of a case file, as pydantic models, and its cross-checks.

What a partnership business case puts in its financial section: posts shared or deleted, services
collaborated on (each with a High/Medium/Low likelihood that a scenario turns into a percentage),
one-off costs, the financial years, the apportionment keys that split shared costs between the
councils, a discount rate and the report's own figures to check against. The arithmetic lives in
:mod:`appraisal.savings`; this module only says what a valid section looks like.

Structure (types, ranges, unknown fields) is checked by pydantic with messages that name the field;
:func:`savings_problems` checks what needs the whole case (council ids, years, key, phase and
scenario ids) and names the line id in every message.

Import order: :mod:`appraisal.model` imports this module part-way through (once ``StrictModel``,
``Id`` and ``Name`` exist); ``appraisal/__init__.py`` loads the model first, so either may be imported.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Annotated, Literal

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from appraisal.errors import Problem
from appraisal.fmt import money
from appraisal.model import Id, Name, StrictModel, Text

LIKELIHOODS: tuple[str, ...] = ("High", "Medium", "Low")
Likelihood = Literal["High", "Medium", "Low"]
BASES: tuple[str, ...] = (
    "equal", "population", "council_tax_base", "area", "caseload", "headcount", "custom", "current_cost",
)
BASIS_NAMES: dict[str, str] = {
    "equal": "equal shares",
    "population": "population",
    "council_tax_base": "council tax base (Band D equivalents)",
    "area": "geographical area",
    "caseload": "caseload",
    "headcount": "headcount",
    "custom": "agreed percentages",
    "current_cost": "each council's current cost of the line (service-specific)",
}
MAX_LINES = 500
MAX_YEARS = 60
GREEN_BOOK_RATE = 3.5


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise PydanticCustomError("not_finite", "{value} is not a finite number", {"value": value})
    return value


def _money(value: float) -> float:
    _finite(value)
    if value < 0:
        raise PydanticCustomError(
            "negative_money", "{shown} is negative; costs and savings are £0 or more (enter a saving as a saving, not a negative cost)",
            {"shown": money(value)},
        )
    if value > 1e12:
        raise PydanticCustomError("too_large", "{shown} is implausibly large", {"shown": money(value)})
    return value


def _percent(value: float) -> float:
    _finite(value)
    if value < 0 or value > 100:
        raise PydanticCustomError("percent_range", "{value} % is outside 0–100 %", {"value": f"{value:g}"})
    return value


def _quantity(value: float) -> float:
    _finite(value)
    if value < 0:
        raise PydanticCustomError("negative_quantity", "{value} is negative; use 0 or more", {"value": f"{value:g}"})
    return value


_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


def _year(value: str) -> str:
    m = _YEAR.match(value)
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        raise PydanticCustomError(
            "financial_year", "'{value}' is not a financial year; write it like 2023/24", {"value": value[:40]}
        )
    return value


Money = Annotated[float, AfterValidator(_money)]
Percent = Annotated[float, AfterValidator(_percent)]
Quantity = Annotated[float, AfterValidator(_quantity)]
FinancialYear = Annotated[str, AfterValidator(_year)]


def year_start(year: str) -> int:
    """'2023/24' → 2023."""
    return int(year[:4])


class Phase(StrictModel):
    """A tranche of the programme, e.g. 'Phase 1: investigated January–April 2023'."""

    id: Id
    name: Name
    period: Text | None = None
    note: Text | None = None


class Scenario(StrictModel):
    """Savings percentage for each likelihood: prudent, central, optimistic — editable."""

    id: Id
    name: Name
    likelihood: dict[Likelihood, Percent]
    include_exit: bool = False
    note: Text | None = None


class Key(StrictModel):
    """An apportionment key: how a shared cost is split between the councils.

    ``values`` are the latest data per council (residents, Band D equivalents, km², cases, staff)
    or, for ``custom``, percentages adding up to 100. ``agreed`` is the split in force; it is only
    re-set to the latest data when that moves a council's share by more than the case's tolerance.
    """

    id: Id
    name: Name
    basis: Literal["equal", "population", "council_tax_base", "area", "caseload", "headcount", "custom", "current_cost"]
    values: dict[Id, Quantity] | None = None
    agreed: dict[Id, Percent] | None = None
    unit: Text | None = None
    source: Text | None = None
    illustrative: bool = False
    note: Text | None = None


class Post(StrictModel):
    """One post: salary and on-cost percentage (employer's pension and National Insurance)."""

    title: Name
    council: Id | None = None
    salary: Money
    on_cost: Percent = 0.0
    note: Text | None = None


class _SavingLine(StrictModel):
    """What every saving line has: its phase, the year it starts, how it ramps up, the key that splits it."""

    id: Id
    name: Name
    phase: Id | None = None
    start_year: FinancialYear
    ramp: list[Percent] = Field(default_factory=lambda: [100.0], min_length=1, max_length=MAX_YEARS)
    key: Id | None = None


class PostLine(_SavingLine):
    """Posts each council pays for alone now, replaced by shared posts whose cost the key splits.

    A council's saving is its current posts' cost less its share of the shared posts. A deleted
    post with no shared replacement saves its whole cost to the council that employed it.
    """

    current: list[Post] = Field(min_length=1, max_length=100)
    shared: list[Post] = Field(default_factory=list, max_length=100)
    illustrative: bool = False
    note: Text | None = None


class ServiceLine(_SavingLine):
    """A service collaboration: current (in-scope) cost per council and a likelihood of saving.

    The saving is the scenario's percentage for the likelihood times the combined current cost,
    or a fixed benchmarked ``saving`` where one is given (which then does not vary by scenario).
    """

    current_cost: dict[Id, Money]
    likelihood: Likelihood | None = None
    saving: Money | None = None
    illustrative: bool = False
    note: Text | None = None


class OneOffCost(StrictModel):
    """Transition, programme or exit cost in one year, split between the councils by a key."""

    id: Id
    name: Name
    kind: Literal["transition", "programme", "exit"]
    year: FinancialYear
    amount: Money
    key: Id | None = None
    illustrative: bool = False
    note: Text | None = None


class BudgetTarget(StrictModel):
    """A saving already in a council's budget that some lines count towards (not additional)."""

    id: Id
    name: Name
    council: Id
    amount: Money
    year: FinancialYear | None = None
    lines: list[Id] = Field(default_factory=list)
    note: Text | None = None


class Reference(StrictModel):
    """A figure the report publishes, regenerated from the inputs and compared.

    ``posts``: full-year saving of the post ``lines`` (all post lines if none) for ``council``
    (both if none), with or without on-costs. ``services``: gross saving in ``year`` of the
    service ``lines`` / ``phases`` (all if none) under ``scenario`` (the default if none).
    Matches when within half of ``rounding`` (the report's £1k rounding by default).
    """

    id: Id
    label: Name
    value: Money
    measure: Literal["posts", "services"]
    lines: list[Id] = Field(default_factory=list)
    phases: list[Id] = Field(default_factory=list)
    council: Id | None = None
    on_costs: bool = True
    year: FinancialYear | None = None
    scenario: Id | None = None
    rounding: Annotated[float, Field(gt=0)] = 1000.0
    source: Text | None = None


def _default_scenarios() -> list[Scenario]:
    return [
        Scenario(id="prudent", name="Prudent", likelihood={"High": 5, "Medium": 2.5, "Low": 0}),
        Scenario(id="central", name="Central", likelihood={"High": 10, "Medium": 5, "Low": 2}),
        Scenario(id="optimistic", name="Optimistic", likelihood={"High": 15, "Medium": 7.5, "Low": 4}),
    ]


EQUAL_KEY = Key(id="equal", name="Equal shares", basis="equal")


class Savings(StrictModel):
    """Savings inputs of a case: years, scenarios, keys and the lines, plus the report's figures."""

    years: list[FinancialYear] = Field(min_length=1, max_length=MAX_YEARS)
    price_base: Text | None = None
    discount_rate: Percent = GREEN_BOOK_RATE
    discounting: Literal["start_of_year", "mid_year"] = "start_of_year"
    tolerance: Percent = 3.0
    default_key: Id = "equal"
    default_scenario: Id | None = None
    scenarios: list[Scenario] = Field(default_factory=_default_scenarios, min_length=1, max_length=20)
    keys: list[Key] = Field(default_factory=list, max_length=50)
    phases: list[Phase] = Field(default_factory=list, max_length=50)
    posts: list[PostLine] = Field(default_factory=list, max_length=MAX_LINES)
    services: list[ServiceLine] = Field(default_factory=list, max_length=MAX_LINES)
    one_off_costs: list[OneOffCost] = Field(default_factory=list, max_length=MAX_LINES)
    budget_targets: list[BudgetTarget] = Field(default_factory=list, max_length=50)
    published: list[Reference] = Field(default_factory=list, max_length=200)
    source: Text | None = None
    note: Text | None = None

    @property
    def all_keys(self) -> list[Key]:
        """The case's keys, with equal shares always available."""
        return self.keys if any(k.id == "equal" for k in self.keys) else [EQUAL_KEY, *self.keys]

    def key(self, key_id: str) -> Key:
        return next(k for k in self.all_keys if k.id == key_id)

    def scenario(self, scenario_id: str) -> Scenario:
        return next(s for s in self.scenarios if s.id == scenario_id)

    @property
    def default_scenario_id(self) -> str:
        ids = [s.id for s in self.scenarios]
        if self.default_scenario in ids:
            return self.default_scenario  # type: ignore[return-value]
        return "central" if "central" in ids else ids[0]

    def phase_name(self, phase_id: str | None) -> str:
        return next((p.name for p in self.phases if p.id == phase_id), "Not phased")

    @property
    def line_ids(self) -> list[str]:
        return [p.id for p in self.posts] + [s.id for s in self.services]


# Cross-checks that need the whole case. ---------------------------------------------------------

def _dupes(where: str, ids: list[str]) -> list[Problem]:
    return [Problem(f"{where} (id '{i}')", f"the id '{i}' is used {n} times; ids must be unique")
            for i, n in Counter(ids).items() if n > 1]


def _key_problems(key: Key, councils: list[str], field: str) -> list[Problem]:
    problems: list[Problem] = []
    known = set(councils)
    names = ", ".join(councils)
    for part in ("values", "agreed"):
        given = getattr(key, part) or {}
        for council in given:
            if council not in known:
                problems.append(Problem(f"{field}.{part}.{council}", f"'{council}' is not a council id of this case ({names})"))
    if key.basis in ("equal", "current_cost"):
        if key.values:
            problems.append(Problem(f"{field}.values", f"a '{key.basis}' key takes no values; remove them"))
    else:
        values = key.values or {}
        missing = [c for c in councils if c not in values]
        if missing:
            problems.append(Problem(f"{field}.values", f"missing a value for {', '.join(missing)}; a key must cover every council"))
        elif sum(values.values()) <= 0:
            problems.append(Problem(f"{field}.values", "every value is zero; at least one must be above zero"))
        elif key.basis == "custom" and abs(sum(values.values()) - 100) > 0.01:
            problems.append(Problem(f"{field}.values", f"the percentages add up to {sum(values.values()):g} %, not 100 %"))
    if key.agreed is not None:
        missing = [c for c in councils if c not in key.agreed]
        if missing:
            problems.append(Problem(f"{field}.agreed",
                                    f"missing a share for {', '.join(missing)}; the agreed split must cover every council"))
        elif abs(sum(key.agreed.values()) - 100) > 0.01:
            problems.append(Problem(f"{field}.agreed", f"the agreed shares add up to {sum(key.agreed.values()):g} %, not 100 %"))
    return problems


def savings_problems(case) -> list[Problem]:  # noqa: ANN001 - Case (imported lazily to avoid a cycle)
    """Every cross-reference problem in the savings section (empty list: usable, or no section)."""
    s: Savings | None = case.savings
    if s is None:
        return []
    problems: list[Problem] = []
    councils = [c.id for c in case.councils]
    council_set = set(councils)
    names = ", ".join(councils) or "none"
    if len(councils) < 2:
        problems.append(Problem("councils", "a savings section needs at least two councils to share costs between"))
    years = s.years
    year_set = set(years)
    problems += _dupes("savings.years", years)
    for a, b in zip(years, years[1:]):
        if year_start(b) != year_start(a) + 1:
            problems.append(Problem("savings.years", f"'{b}' does not follow '{a}'; list consecutive financial years"))
    year_list = ", ".join(years[:3] + (["…", years[-1]] if len(years) > 3 else []))
    key_ids = [k.id for k in s.all_keys]
    phase_ids = [p.id for p in s.phases]
    scenario_ids = [sc.id for sc in s.scenarios]
    problems += _dupes("savings.keys", [k.id for k in s.keys])
    problems += _dupes("savings.phases", phase_ids)
    problems += _dupes("savings.scenarios", scenario_ids)
    problems += _dupes("savings lines", s.line_ids)
    problems += _dupes("savings.one_off_costs", [o.id for o in s.one_off_costs])
    problems += _dupes("savings.published", [r.id for r in s.published])
    if s.default_key not in key_ids:
        problems.append(Problem("savings.default_key", f"'{s.default_key}' is not a key id (choose from {', '.join(key_ids)})"))
    if s.default_scenario is not None and s.default_scenario not in scenario_ids:
        problems.append(Problem("savings.default_scenario", f"'{s.default_scenario}' is not a scenario id ({', '.join(scenario_ids)})"))
    for sc in s.scenarios:
        missing = [lk for lk in LIKELIHOODS if lk not in sc.likelihood]
        if missing:
            problems.append(Problem(f"savings.scenarios (id '{sc.id}').likelihood",
                                    f"missing a percentage for {', '.join(missing)}"))
    for k in s.keys:
        problems += _key_problems(k, councils, f"savings.keys (id '{k.id}')")

    def check_ref(field: str, value: str | None, known: list[str], kind: str) -> None:
        if value is not None and value not in known:
            problems.append(Problem(field, f"'{value}' is not a {kind} id of this case (choose from {', '.join(known) or 'none'})"))

    def check_year(field: str, value: str | None) -> None:
        if value is not None and value not in year_set:
            problems.append(Problem(field, f"'{value}' is not one of the case's years ({year_list})"))

    def check_council(field: str, value: str | None) -> None:
        if value is not None and value not in council_set:
            problems.append(Problem(field, f"'{value}' is not a council id of this case ({names})"))

    for line in s.posts:
        base = f"savings.posts (id '{line.id}')"
        check_ref(f"{base}.key", line.key, key_ids, "key")
        check_ref(f"{base}.phase", line.phase, phase_ids, "phase")
        check_year(f"{base}.start_year", line.start_year)
        for i, post in enumerate(line.current):
            if post.council is None:
                problems.append(Problem(f"{base}.current row {i + 1}.council", "missing: say which council pays for this post now"))
            check_council(f"{base}.current row {i + 1}.council", post.council)
        for i, post in enumerate(line.shared):
            check_council(f"{base}.shared row {i + 1}.council", post.council)
    for line in s.services:
        base = f"savings.services (id '{line.id}')"
        check_ref(f"{base}.key", line.key, key_ids, "key")
        check_ref(f"{base}.phase", line.phase, phase_ids, "phase")
        check_year(f"{base}.start_year", line.start_year)
        for council in line.current_cost:
            check_council(f"{base}.current_cost.{council}", council)
        total = sum(line.current_cost.values())
        if line.likelihood is None and line.saving is None:
            problems.append(Problem(base, "give a likelihood (High, Medium or Low) or a fixed saving"))
        if line.saving is not None and line.saving > total + 1e-9:
            problems.append(Problem(f"{base}.saving", f"{money(line.saving)} is more than the line's current cost ({money(total)})"))
    for cost in s.one_off_costs:
        base = f"savings.one_off_costs (id '{cost.id}')"
        check_ref(f"{base}.key", cost.key, key_ids, "key")
        check_year(f"{base}.year", cost.year)
    all_lines = s.line_ids
    for target in s.budget_targets:
        base = f"savings.budget_targets (id '{target.id}')"
        check_council(f"{base}.council", target.council)
        check_year(f"{base}.year", target.year)
        for line_id in target.lines:
            check_ref(f"{base}.lines", line_id, all_lines, "savings line")
    post_ids = [p.id for p in s.posts]
    service_ids = [sv.id for sv in s.services]
    for ref in s.published:
        base = f"savings.published (id '{ref.id}')"
        for line_id in ref.lines:
            check_ref(f"{base}.lines", line_id, post_ids if ref.measure == "posts" else service_ids,
                      "post line" if ref.measure == "posts" else "service line")
        for phase in ref.phases:
            check_ref(f"{base}.phases", phase, phase_ids, "phase")
        check_council(f"{base}.council", ref.council)
        check_year(f"{base}.year", ref.year)
        check_ref(f"{base}.scenario", ref.scenario, scenario_ids, "scenario")
        if ref.measure == "services" and ref.year is None:
            problems.append(Problem(f"{base}.year", "missing: a services figure is for one financial year"))
    return problems

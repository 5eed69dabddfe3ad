"""Checks of a case's savings section that need the whole case: council, year, key, phase and scenario ids."""

from __future__ import annotations

from collections import Counter

from appraisal.case.model import Case
from appraisal.case.savings_schema import LIKELIHOODS, Key, Savings, year_start
from appraisal.errors import Problem
from appraisal.fmt import money


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


def savings_problems(case: Case) -> list[Problem]:
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

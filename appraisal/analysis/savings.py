"""Savings scenarios, phasing and apportionment of costs between partner councils.

The model (all amounts in £ a year, at the case's price base; no inflation is applied):

* A **line** (a post line or a service collaboration) has each council's current cost ``B_c`` and a
  future cost ``F`` that the councils share once the line is in place. Council ``c`` pays
  ``k_c · F`` under the line's apportionment key ``k`` (shares adding up to 1), so its full-year
  saving is ``B_c − k_c · F``. The councils' savings always add up to ``ΣB − F`` whatever the key;
  the key only decides who gets them.

  - Post line: ``B_c`` = cost of the posts council ``c`` pays for alone now, ``F`` = cost of the
    shared posts; cost = salary × (1 + on-cost %). A deleted post with no replacement: ``F = 0``.
  - Service line: ``F = ΣB − S`` where ``S`` = ΣB × the scenario's percentage for the line's
    likelihood (High/Medium/Low), or a fixed benchmarked saving where the case gives one.

* **Ramp**: the share of the full-year saving reached in the start year, the year after, …; the
  last value carries on. Savings before the start year are zero.
* **One-off costs** (transition, programme, exit) fall in one year and are split by a key; exit
  costs count only in scenarios that include them.
* Per year and council: gross saving, one-off cost, net = gross − one-off, cumulative net.
* **Payback year**: the first year from which cumulative net saving stays at or above zero to the
  end of the period (``None``: not within the period).
* **Net present value** at the discount rate ``r`` (Green Book 3.5 %, editable):
  ``NPV = Σ_t net_t / (1 + r)^t`` with ``t = 0`` for the first year of the case (Green Book
  convention: year 0 is undiscounted, amounts treated as falling at the start of each year), or
  ``(1 + r)^(t + 0.5)`` with ``discounting: mid_year``.
* **Keys**: equal; population, council tax base (Band D equivalents), area, caseload, headcount
  (shares in proportion to each council's value); custom percentages; ``current_cost`` (each
  council's share of the line's current cost: the service-specific rationale). A key with an
  ``agreed`` split keeps it until the latest data move a council's share by more than the case's
  tolerance (e.g. 3 points); then the split is re-set to the latest data.

References: HM Treasury, *The Green Book* (2022), discounting and the 3.5 % social time preference
rate; Harborough District Council, *Report to Cabinet 5 December 2022*, paragraphs 21–25 and 42–43.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from appraisal.case.model import Case
from appraisal.case.savings_schema import Key, Savings

Array = NDArray[np.float64]
BOTH = "Both councils"


class SavingsUnavailable(ValueError):
    """The case has no savings section, or an id asked for is not in it (CLI exit 2, page message)."""


def reset_split(agreed: Array, latest: Array, tolerance_points: float) -> tuple[Array, bool, float]:
    """The split in force: the agreed shares unless the latest move one by more than the tolerance.

    Shares are fractions adding up to 1; the tolerance is in percentage points. Returns the shares
    to use, whether the split was re-set, and the largest movement in points.
    """
    moved = float(np.max(np.abs(latest - agreed)) * 100.0)
    if moved > tolerance_points + 1e-9:
        return latest, True, moved
    return agreed, False, moved


def proportional(values: Array) -> Array:
    """Shares in proportion to ``values`` along the last axis; equal shares where they sum to 0."""
    v = np.asarray(values, dtype=float)
    total = v.sum(axis=-1, keepdims=True)
    equal = np.full_like(v, 1.0 / v.shape[-1])
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, v / np.where(total > 0, total, 1.0), equal)


def ramp_matrix(start: NDArray[np.int64], ramps: list[list[float]], n_years: int) -> Array:
    """Share of the full-year saving (0–1) for each line (rows) in each year (columns)."""
    width = max([len(r) for r in ramps] + [1])
    table = np.array([r + [r[-1]] * (width - len(r)) for r in ramps], dtype=float).reshape(len(ramps), width) / 100.0
    since = np.arange(n_years)[None, :] - np.asarray(start)[:, None]
    out = table[np.arange(len(ramps))[:, None], np.clip(since, 0, width - 1)] if len(ramps) else np.zeros((0, n_years))
    return np.where(since >= 0, out, 0.0)


def line_savings(current: Array, future: Array, shares: Array) -> Array:
    """Full-year saving per line and council: ``B_c − k_c · F`` (L×C)."""
    return current - shares * future[:, None]


def discount_factors(n_years: int, rate_percent: float, mid_year: bool = False) -> Array:
    """``1 / (1 + r)^t`` for ``t = 0, 1, …`` (``t + 0.5`` mid-year)."""
    t = np.arange(n_years, dtype=float) + (0.5 if mid_year else 0.0)
    return (1.0 + rate_percent / 100.0) ** -t


def payback_index(cumulative: Array) -> NDArray[np.int64]:
    """First row from which every later value is ≥ 0, per column (−1 if none)."""
    ok = np.asarray(cumulative) >= -1e-6
    stays = np.flip(np.cumprod(np.flip(ok, axis=0), axis=0), axis=0).astype(bool)
    first = np.argmax(stays, axis=0)
    return np.where(stays.any(axis=0), first, -1).astype(np.int64)


@dataclass(frozen=True)
class Settings:
    """What the user chose: scenario, a key for every line (or each line's own), what-ifs."""

    scenario: str
    likelihood: dict[str, float]
    key: str | None = None
    on_cost: float | None = None
    discount_rate: float = 3.5
    include_exit: bool = False


def require(case: Case) -> Savings:
    if case.savings is None:
        raise SavingsUnavailable(f"the case '{case.title}' has no savings section")
    return case.savings


def settings_for(case: Case, scenario_id: str | None = None, key_id: str | None = None, *,
                 likelihood: dict[str, float] | None = None, on_cost: float | None = None,
                 discount_rate: float | None = None, include_exit: bool | None = None) -> Settings:
    """Settings with the case's defaults filled in; unknown ids raise SavingsUnavailable."""
    s = require(case)
    scenario_id = scenario_id or s.default_scenario_id
    scenario_ids = [sc.id for sc in s.scenarios]
    if scenario_id not in scenario_ids:
        raise SavingsUnavailable(f"'{scenario_id}' is not a scenario of this case (choose from {', '.join(scenario_ids)})")
    key_ids = [k.id for k in s.all_keys]
    if key_id is not None and key_id not in key_ids:
        raise SavingsUnavailable(f"'{key_id}' is not an apportionment key of this case (choose from {', '.join(key_ids)})")
    scenario = s.scenario(scenario_id)
    pct = {k: float(v) for k, v in scenario.likelihood.items()}
    pct.update(likelihood or {})
    return Settings(
        scenario=scenario_id, likelihood=pct, key=key_id, on_cost=on_cost,
        discount_rate=s.discount_rate if discount_rate is None else float(discount_rate),
        include_exit=scenario.include_exit if include_exit is None else bool(include_exit),
    )


@dataclass(frozen=True)
class KeyShares:
    """A key's shares for the councils, and how the tolerance rule decided them."""

    key: Key
    shares: Array
    latest: Array | None = None
    agreed: Array | None = None
    reset: bool = False
    moved_points: float = 0.0


def key_shares(key: Key, councils: list[str], current: Array | None, tolerance: float) -> KeyShares:
    """Shares (fractions adding up to 1) for one key; ``current`` is the line's cost per council."""
    n = len(councils)
    if key.basis == "equal":
        latest = np.full(n, 1.0 / n)
    elif key.basis == "current_cost":
        latest = proportional(current if current is not None else np.zeros(n))
    else:
        latest = proportional(np.array([float((key.values or {}).get(c, 0.0)) for c in councils]))
    if key.agreed is None:
        return KeyShares(key, latest, latest)
    agreed = proportional(np.array([float(key.agreed.get(c, 0.0)) for c in councils]))
    shares, was_reset, moved = reset_split(agreed, latest, tolerance)
    return KeyShares(key, shares, latest, agreed, was_reset, moved)


@dataclass(frozen=True)
class Line:
    id: str
    name: str
    kind: str          # "post" or "service"
    phase: str | None
    phase_name: str
    key: str


@dataclass
class SavingsResult:
    """Every figure of the savings model for one set of settings (arrays: years × councils)."""

    case_title: str
    settings: Settings
    years: list[str]
    councils: list[str]
    council_names: list[str]
    lines: list[Line]
    current: Array          # L×C current cost
    future: Array           # L   shared future cost
    shares: Array           # L×C key shares used
    full: Array             # L×C full-year saving
    ramp: Array             # L×Y
    by_line: Array          # L×Y×C saving
    one_off: Array          # Y×C
    one_off_items: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, name, kind, year
    one_off_by_item: Array = field(default_factory=lambda: np.zeros((0, 0)))        # M×C
    discount: Array = field(default_factory=lambda: np.zeros(0))

    @property
    def gross(self) -> Array:
        return self.by_line.sum(axis=0) if len(self.lines) else np.zeros_like(self.one_off)

    @property
    def net(self) -> Array:
        return self.gross - self.one_off

    @property
    def cumulative(self) -> Array:
        return np.cumsum(self.net, axis=0)

    @property
    def present_value(self) -> Array:
        return self.net * self.discount[:, None]

    @property
    def npv(self) -> Array:
        """Per council (C,)."""
        return self.present_value.sum(axis=0)

    def with_total(self, a: Array) -> Array:
        """Append the both-councils column to a Y×C or L×C array."""
        return np.concatenate([a, a.sum(axis=-1, keepdims=True)], axis=-1)

    @property
    def payback(self) -> list[str | None]:
        """Payback year per council, then for both councils together."""
        idx = payback_index(self.with_total(self.cumulative))
        return [self.years[i] if i >= 0 else None for i in idx]

    @property
    def labels(self) -> list[str]:
        return [*self.council_names, BOTH]

    def phase_savings(self) -> tuple[list[str], Array]:
        """Phase names (in case order) and saving per phase, year and council (P×Y×C)."""
        names = list(dict.fromkeys(line.phase_name for line in self.lines))
        index = np.array([names.index(line.phase_name) for line in self.lines], dtype=int)
        out = np.zeros((len(names), len(self.years), len(self.councils)))
        np.add.at(out, index, self.by_line)
        return names, out


def _post_costs(s: Savings, councils: list[str], on_cost: float | None) -> tuple[Array, Array]:
    col = {c: i for i, c in enumerate(councils)}
    current = np.zeros((len(s.posts), len(councils)))
    future = np.zeros(len(s.posts))

    def cost(p) -> float:  # noqa: ANN001
        rate = p.on_cost if on_cost is None else on_cost
        return p.salary * (1.0 + rate / 100.0)

    for i, line in enumerate(s.posts):
        for p in line.current:
            current[i, col[p.council]] += cost(p)
        future[i] = sum(cost(p) for p in line.shared)
    return current, future


def _service_costs(s: Savings, councils: list[str], likelihood: dict[str, float]) -> tuple[Array, Array]:
    current = np.array([[line.current_cost.get(c, 0.0) for c in councils] for line in s.services], dtype=float)
    current = current.reshape(len(s.services), len(councils))
    pct = np.array([likelihood.get(line.likelihood, 0.0) if line.likelihood else 0.0 for line in s.services]) / 100.0
    fixed = np.array([np.nan if line.saving is None else line.saving for line in s.services], dtype=float)
    total = current.sum(axis=1)
    saving = np.where(np.isnan(fixed), total * pct, fixed) if len(s.services) else np.zeros(0)
    return current, total - saving


def compute(case: Case, settings: Settings | None = None) -> SavingsResult:
    """The whole savings model for the case under ``settings`` (the case's defaults if None)."""
    s = require(case)
    st = settings or settings_for(case)
    councils = [c.id for c in case.councils]
    names = [c.name for c in case.councils]
    years = list(s.years)
    ny = len(years)
    year_index = {y: i for i, y in enumerate(years)}
    keys = {k.id: k for k in s.all_keys}

    post_current, post_future = _post_costs(s, councils, st.on_cost)
    svc_current, svc_future = _service_costs(s, councils, st.likelihood)
    current = np.vstack([post_current, svc_current]).reshape(-1, len(councils))
    future = np.concatenate([post_future, svc_future])
    raw_lines = [*s.posts, *s.services]
    lines = [
        Line(ln.id, ln.name, "post" if i < len(s.posts) else "service", ln.phase, s.phase_name(ln.phase),
             st.key or ln.key or s.default_key)
        for i, ln in enumerate(raw_lines)
    ]
    shares = np.array([key_shares(keys[ln.key], councils, current[i], s.tolerance).shares for i, ln in enumerate(lines)])
    shares = shares.reshape(len(lines), len(councils))
    full = line_savings(current, future, shares)
    start = np.array([year_index[ln.start_year] for ln in raw_lines], dtype=np.int64)
    ramp = ramp_matrix(start, [list(ln.ramp) for ln in raw_lines], ny)
    by_line = ramp[:, :, None] * full[:, None, :]

    items = [o for o in s.one_off_costs if o.kind != "exit" or st.include_exit]
    all_current = current.sum(axis=0)
    item_shares = np.array([key_shares(keys[st.key or o.key or s.default_key], councils, all_current, s.tolerance).shares
                            for o in items]).reshape(len(items), len(councils))
    by_item = item_shares * np.array([o.amount for o in items], dtype=float)[:, None]
    one_off = np.zeros((ny, len(councils)))
    np.add.at(one_off, np.array([year_index[o.year] for o in items], dtype=int), by_item)
    return SavingsResult(
        case_title=case.title, settings=st, years=years, councils=councils, council_names=names, lines=lines,
        current=current, future=future, shares=shares, full=full, ramp=ramp, by_line=by_line, one_off=one_off,
        one_off_items=[(o.id, o.name, o.kind, o.year) for o in items], one_off_by_item=by_item,
        discount=discount_factors(ny, st.discount_rate, s.discounting == "mid_year"),
    )


@dataclass(frozen=True)
class Check:
    id: str
    label: str
    report: float
    case_value: float
    current_value: float
    rounding: float
    source: str | None

    @property
    def matches(self) -> bool:
        return abs(self.case_value - self.report) <= self.rounding / 2 + 1e-6


def reference_value(case: Case, ref_id: str, settings: Settings | None = None) -> float:
    """One published figure computed from the inputs (the case's own settings if None)."""
    s = require(case)
    ref = next(r for r in s.published if r.id == ref_id)
    base = settings or settings_for(case)
    if ref.measure == "posts":
        st = replace(base, on_cost=base.on_cost if ref.on_costs else 0.0)
        res = compute(case, st)
        rows = [i for i, ln in enumerate(res.lines) if ln.kind == "post" and (not ref.lines or ln.id in ref.lines)]
        values = res.full[rows]
    else:
        st = base if ref.scenario is None or settings is not None else settings_for(case, ref.scenario)
        res = compute(case, st)
        rows = [i for i, ln in enumerate(res.lines) if ln.kind == "service"
                and (not ref.lines or ln.id in ref.lines) and (not ref.phases or ln.phase in ref.phases)]
        values = res.by_line[rows, res.years.index(ref.year)]
    per_council = values.sum(axis=0)
    return float(per_council.sum() if ref.council is None else per_council[res.councils.index(ref.council)])


def published_checks(case: Case, settings: Settings | None = None) -> list[Check]:
    """Each published figure: the report's, from the case's inputs, and under ``settings``."""
    s = require(case)
    out = []
    for ref in s.published:
        own = reference_value(case, ref.id)
        now = reference_value(case, ref.id, settings) if settings is not None else own
        out.append(Check(ref.id, ref.label, ref.value, own, now, ref.rounding, ref.source))
    return out


@dataclass(frozen=True)
class SubsidyWarning:
    key: str
    key_name: str
    line: str
    line_name: str
    payer: str
    extra_cost: float
    gainer: str
    gain: float



def subsidy_warnings(result: SavingsResult, key_name: str) -> list[SubsidyWarning]:
    """Lines on which one council's full-year saving is negative while another's is positive."""
    out = []
    for i, line in enumerate(result.lines):
        row = result.full[i]
        lo, hi = int(np.argmin(row)), int(np.argmax(row))
        if row[lo] < -0.5 and row[hi] > 0.5:
            out.append(SubsidyWarning(line.key, key_name, line.id, line.name, result.council_names[lo], -float(row[lo]),
                                result.council_names[hi], float(row[hi])))
    return out


def by_key(case: Case, settings: Settings | None = None) -> dict[str, SavingsResult]:
    """The model with each key applied to every line and one-off cost (scenario etc. unchanged)."""
    s = require(case)
    base = settings or settings_for(case)
    return {k.id: compute(case, replace(base, key=k.id)) for k in s.all_keys}


def all_warnings(case: Case, settings: Settings | None = None) -> list[SubsidyWarning]:
    s = require(case)
    results = by_key(case, settings)
    return [w for k in s.all_keys for w in subsidy_warnings(results[k.id], k.name)]

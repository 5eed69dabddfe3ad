"""Savings report tables and the headline sentence."""

from __future__ import annotations

import numpy as np
import pandas as pd

from appraisal import fmt
from appraisal.analysis.savings import (
    Array,
    Check,
    SavingsResult,
    Settings,
    SubsidyWarning,
    all_warnings,
    by_key,
    compute,
    key_shares,
    published_checks,
    require,
    settings_for,
    subsidy_warnings,
)
from appraisal.case.model import Case
from appraisal.case.savings_schema import BASIS_NAMES

SUBSIDY_RULE = "one council may not fund or subsidise the other"  # quoted by every subsidy warning


def apportionment_table(case: Case, settings: Settings | None = None) -> pd.DataFrame:
    """Each council's totals over the period under every key, and the difference from equal shares."""
    s = require(case)
    results = by_key(case, settings)
    equal = results["equal"]
    rows = []
    for k in s.all_keys:
        res = results[k.id]
        warnings = subsidy_warnings(res, k.name)
        for c, name in enumerate(res.council_names):
            net = float(res.net[:, c].sum())
            rows.append({
                "Key": k.name, "Basis": BASIS_NAMES[k.basis], "Council": name,
                "Share of shared costs": _share_text(res.shares[:, c]),
                "Gross saving": float(res.gross[:, c].sum()), "One-off costs": float(res.one_off[:, c].sum()),
                "Net saving": net, "Net present value": float(res.npv[c]),
                "Difference from equal shares": net - float(equal.net[:, c].sum()),
                "Warnings": len(warnings),
            })
    return pd.DataFrame(rows)


def _share_text(shares: Array) -> str:
    if shares.size == 0:
        return "–"
    lo, hi = float(np.min(shares)), float(np.max(shares))
    return fmt.share(lo) if abs(hi - lo) < 0.005 else f"{fmt.share(lo)}–{fmt.share(hi)} by line"


def key_table(case: Case) -> pd.DataFrame:
    """Each key's split: the latest data, the agreed split and whether the tolerance rule re-set it."""
    s = require(case)
    councils = [c.id for c in case.councils]
    names = [c.name for c in case.councils]
    rows = []
    for k in s.all_keys:
        if k.basis == "current_cost":
            rows.append({"Key": k.name, "Basis": BASIS_NAMES[k.basis], "Council": "each line", "Value": "",
                         "Latest share": "as each line's current cost", "Agreed share": "", "Share in use": "",
                         "Illustrative": "yes" if k.illustrative else ""})
            continue
        ks = key_shares(k, councils, None, s.tolerance)
        for c, name in enumerate(names):
            value = (k.values or {}).get(councils[c])
            rows.append({
                "Key": k.name, "Basis": BASIS_NAMES[k.basis], "Council": name,
                "Value": "" if value is None else fmt.number(value) + (f" {k.unit}" if k.unit else ""),
                "Latest share": fmt.share(float(ks.latest[c]), 1) if ks.latest is not None else "",
                "Agreed share": fmt.share(float(ks.agreed[c]), 1) if ks.agreed is not None else "",
                "Share in use": fmt.share(float(ks.shares[c]), 1),
                "Illustrative": "yes" if k.illustrative else "",
            })
    return pd.DataFrame(rows)


def tolerance_notes(case: Case) -> list[str]:
    """One sentence per key with an agreed split: kept (within tolerance) or re-set."""
    s = require(case)
    councils = [c.id for c in case.councils]
    out = []
    for k in s.all_keys:
        if k.agreed is None or k.basis == "current_cost":
            continue
        ks = key_shares(k, councils, None, s.tolerance)
        split = ":".join(fmt.number(100 * a, 1) for a in ks.agreed)  # type: ignore[union-attr]
        latest = ":".join(fmt.number(100 * a, 1) for a in ks.latest)  # type: ignore[union-attr]
        if ks.reset:
            out.append(f"{k.name}: the latest data ({latest}) move a share by {fmt.number(ks.moved_points, 1)} points, "
                       f"more than the {fmt.number(s.tolerance)}-point tolerance, so the agreed split ({split}) is re-set.")
        else:
            out.append(f"{k.name}: the latest data ({latest}) move a share by only {fmt.number(ks.moved_points, 1)} points, "
                       f"within the {fmt.number(s.tolerance)}-point tolerance, so the agreed split ({split}) stays.")
    return out


def by_year_table(res: SavingsResult) -> pd.DataFrame:
    """Per year and council (and both): gross, one-off, net, cumulative, discount factor, present value."""
    gross, one_off, net = res.with_total(res.gross), res.with_total(res.one_off), res.with_total(res.net)
    cumulative, pv = res.with_total(res.cumulative), res.with_total(res.present_value)
    rows = []
    for y, year in enumerate(res.years):
        for c, label in enumerate(res.labels):
            rows.append({"Year": year, "Council": label, "Gross saving": gross[y, c], "One-off costs": one_off[y, c],
                         "Net saving": net[y, c], "Cumulative net saving": cumulative[y, c],
                         "Discount factor": res.discount[y], "Present value": pv[y, c]})
    return pd.DataFrame(rows)


def _by_line(res: SavingsResult) -> pd.DataFrame:
    rows = []
    for i, line in enumerate(res.lines):
        for c, label in enumerate(res.council_names):
            row = {"Line": line.name, "Kind": line.kind, "Phase": line.phase_name, "Council": label,
                   "Key": line.key, "Share": res.shares[i, c], "Current cost": res.current[i, c],
                   "Full-year saving": res.full[i, c]}
            row.update({year: res.by_line[i, y, c] for y, year in enumerate(res.years)})
            rows.append(row)
    return pd.DataFrame(rows)


def line_table(case: Case, res: SavingsResult) -> pd.DataFrame:
    """One row per line: phase, likelihood and the percentage in use, current cost, full-year saving per council."""
    s = require(case)
    keys = {k.id: k.name for k in s.all_keys}
    services = {ln.id: ln for ln in s.services}
    rows = []
    for i, line in enumerate(res.lines):
        svc = services.get(line.id)
        if svc is None:
            how = "posts"
        elif svc.saving is not None:
            how = f"fixed {fmt.money(svc.saving)}"
        else:
            how = f"{svc.likelihood} · {fmt.number(res.settings.likelihood.get(svc.likelihood or '', 0.0))} %"
        row = {"Phase": line.phase_name, "Line": line.name, "Saving basis": how, "Key": keys[line.key],
               "Current cost": float(res.current[i].sum())}
        row.update({f"Saving: {name}": float(res.full[i, c]) for c, name in enumerate(res.council_names)})
        row["Saving: both"] = float(res.full[i].sum())
        rows.append(row)
    return pd.DataFrame(rows)


def summary_table(res: SavingsResult) -> pd.DataFrame:
    """Per council and both: totals over the period, NPV and payback year (numbers, not text)."""
    gross, one_off, net = res.with_total(res.gross), res.with_total(res.one_off), res.with_total(res.net)
    npv = np.append(res.npv, res.npv.sum())
    payback = res.payback
    return pd.DataFrame({
        "Council": res.labels, "Gross saving": gross.sum(axis=0), "One-off costs": one_off.sum(axis=0),
        "Net saving": net.sum(axis=0), "Net present value": npv,
        "Payback year": [p or "not within the period" for p in payback],
    })


def published_table(case: Case, settings: Settings | None = None) -> pd.DataFrame:
    """The report's figures beside the same figures regenerated from the case's inputs (£)."""
    checks = published_checks(case, settings)
    data = {
        "Figure": [c.label for c in checks],
        "Report": [fmt.money(c.report, thousands=c.rounding >= 1000) for c in checks],
        "From the case's inputs": [fmt.money(c.case_value, thousands=c.rounding >= 1000) for c in checks],
        "Matches the report": ["yes" if c.matches else "NO" for c in checks],
    }
    if settings is not None:
        data["With your settings"] = [fmt.money(c.current_value, thousands=c.rounding >= 1000) for c in checks]
    data["Source"] = [c.source or "" for c in checks]
    return pd.DataFrame(data)


def budget_table(case: Case, res: SavingsResult) -> pd.DataFrame:
    """Savings already in a council's budget: how much the named lines deliver, and what is left."""
    s = require(case)
    rows = []
    for t in s.budget_targets:
        c = res.councils.index(t.council)
        idx = [i for i, ln in enumerate(res.lines) if ln.id in t.lines]
        delivered = float(res.full[idx, c].sum())
        rows.append({"Saving already in the budget": t.name, "Council": res.council_names[c], "Amount": t.amount,
                     "Delivered by these lines (full year)": delivered, "Still to find": t.amount - delivered})
    return pd.DataFrame(rows)


def savings_tables(case: Case, scenario_id: str | None = None, key_id: str | None = None) -> dict[str, pd.DataFrame]:
    """Every savings table as numbers (for the Excel export and the CLI); £ amounts are floats.

    Keys: ``by_year_council``, ``by_line``, ``lines`` (one row per line), ``summary``, ``published``, ``apportionment``, ``keys``,
    ``warnings``, ``budget``.
    """
    st = settings_for(case, scenario_id, key_id)
    res = compute(case, st)
    warnings = all_warnings(case, st)
    return {
        "by_year_council": by_year_table(res),
        "by_line": _by_line(res),
        "lines": line_table(case, res),
        "summary": summary_table(res),
        "published": published_table(case),
        "apportionment": apportionment_table(case, st),
        "keys": key_table(case),
        "warnings": pd.DataFrame({"Key": [w.key_name for w in warnings], "Line": [w.line_name for w in warnings],
                                  "Warning": [subsidy_warning_text(w) for w in warnings]}),
        "budget": budget_table(case, res),
    }


def money_columns(df: pd.DataFrame, columns: list[str], thousands: bool = False) -> pd.DataFrame:
    """A copy with the named columns as £ text, as a council report prints them."""
    out = df.copy()
    for col in columns:
        if col in out:
            out[col] = [fmt.money(float(v), thousands) for v in out[col]]
    return out


def headline(res: SavingsResult) -> str:
    """'Over 2022/23 to 2027/28 the two councils save £1.2m net (NPV £1.0m); payback in 2023/24.'"""
    net = res.with_total(res.net).sum(axis=0)
    npv = float(res.npv.sum())
    payback = res.payback[-1]
    period = f"{res.years[0]} to {res.years[-1]}" if len(res.years) > 1 else res.years[0]
    parts = [f"{name} {fmt.money(float(v))}" for name, v in zip(res.council_names, net[:-1])]
    sentence = (f"Over {period} the councils save {fmt.money(float(net[-1]))} net of one-off costs "
                f"({fmt.names_list(parts)}); net present value {fmt.money(npv)} at {fmt.number(res.settings.discount_rate, 2)} %")
    if not res.one_off.any():
        sentence += "; there are no one-off costs to pay back"
    elif payback:
        sentence += f"; the one-off costs are paid back by {payback}"
    else:
        sentence += "; the one-off costs are not paid back within the period"
    return sentence + "."


def subsidy_warning_text(w: SubsidyWarning) -> str:
    """One line on which one council would pay for the other's benefit, in words."""
    return (f"{w.key_name}: {w.payer} would pay {fmt.money(w.extra_cost)} a year more than now for "
            f"'{w.line_name}' while {w.gainer} saves {fmt.money(w.gain)} — {SUBSIDY_RULE}; "
            "agree another split as a variation to the agreement.")


def subsidy_summary(warnings: list[SubsidyWarning], key_name: str) -> str:
    """'2 lines would have one council pay for the other's benefit under Population: one council may not …'."""
    n = len(warnings)
    return (f"{n} line{'s' if n > 1 else ''} would have one council pay for the other's benefit under {key_name}: "
            f"{SUBSIDY_RULE}.")


def subsidy_table(warnings: list[SubsidyWarning]) -> pd.DataFrame:
    """Every line on which one council would pay for the other's benefit: who pays how much more a year
    than now, and who saves how much (one row per line, in the order of the case)."""
    return pd.DataFrame(
        [{"Line": w.line_name, "Pays more": w.payer, "More a year than now": fmt.money(w.extra_cost),
          "Benefits": w.gainer, "Saves a year": fmt.money(w.gain)} for w in warnings],
        columns=["Line", "Pays more", "More a year than now", "Benefits", "Saves a year"],
    )


def summary_caption(res: SavingsResult) -> str:
    """The caption of the per-council totals: the period and the discount rate."""
    return (f"Totals {res.years[0]} to {res.years[-1]}, net of one-off costs; NPV at "
            f"{fmt.number(res.settings.discount_rate, 2)} %, {res.years[0]} undiscounted.")


def published_summary(checks: list[Check]) -> str:
    """How many of the report's published figures the case's inputs reproduce."""
    matched = sum(ch.matches for ch in checks)
    return (f"{matched} of {len(checks)} published figures come out of the case's inputs exactly (to the report's "
            "rounding). 'With your settings' shows the same figures under the settings above.")


def budget_notes(budget: pd.DataFrame) -> list[str]:
    """One sentence per row of :func:`budget_table`: the savings that are already in a budget, not additional."""
    return [f"{row['Council']}: {fmt.money(row['Delivered by these lines (full year)'])} a year of these savings count "
            f"towards the {fmt.money(row['Amount'])} '{row['Saving already in the budget']}' already in the budget — "
            f"they are not additional; {fmt.money(row['Still to find'])} is still to be found."
            for _, row in budget.iterrows()]


def line_money_table(case: Case, res: SavingsResult) -> pd.DataFrame:
    """:func:`line_table` with the current cost and every saving as £ text."""
    lines = line_table(case, res)
    return money_columns(lines, [c for c in lines.columns if c == "Current cost" or c.startswith("Saving: ")])


def by_year_money_table(res: SavingsResult) -> pd.DataFrame:
    """:func:`by_year_table` as a report prints it: £ amounts and the discount factor to four places."""
    table = money_columns(by_year_table(res), ["Gross saving", "One-off costs", "Net saving", "Cumulative net saving", "Present value"])
    table["Discount factor"] = [f"{v:.4f}" for v in table["Discount factor"]]
    return table

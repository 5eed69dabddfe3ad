"""``savings CASE [--scenario ID] [--key ID] [--json]``: savings by year and council, NPV, payback.

JSON: ``{"scenario": ID, "key": ID|null, "discount_rate": float, "years": [...], "councils": [...],
"by_year": [{"year", "council", "gross", "one_off", "net", "cumulative", "present_value"}, ...],
"totals": [{"council", "gross", "one_off", "net", "npv", "payback_year"}, ...],
"published": [{"id", "label", "report", "regenerated", "matches"}, ...],
"apportionment": [{"key", "council", "net", "npv", "difference_from_equal", "warnings"}, ...],
"warnings": [str, ...]}``: warnings under the keys in use (``apportionment`` counts them per key).
Amounts in £; council ``null`` in ``by_year`` and ``totals`` means both councils.
"""

from __future__ import annotations

import argparse

from appraisal import fmt
from appraisal.analysis import savings as sv
from appraisal.cli import UsageError
from appraisal.cli.common import add_case_argument, add_json_flag, frame_rows, load, print_json, print_table
from appraisal.report import savings as savings_report


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("savings", help="savings by year and council, one-off costs, NPV, payback and apportionment")
    add_case_argument(parser)
    parser.add_argument("--scenario", metavar="ID", help="savings scenario id (default: the case's, usually central)")
    parser.add_argument("--key", metavar="ID", help="apply this apportionment key to every line (default: each line's own)")
    add_json_flag(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    case = load(args)
    try:
        settings = sv.settings_for(case, args.scenario, args.key)
    except sv.SavingsUnavailable as exc:
        flag = "--scenario" if args.scenario and "scenario" in str(exc) else "--key" if args.key and "key" in str(exc) else ""
        raise UsageError(f"{flag + ': ' if flag else ''}{exc}") from None
    res = sv.compute(case, settings)
    checks = sv.published_checks(case)
    comparison = savings_report.apportionment_table(case, settings)
    in_use = case.savings.key(args.key).name if args.key else "Each line's own key"  # type: ignore[union-attr]
    warnings = sv.subsidy_warnings(res, in_use)
    council_ids: list[str | None] = [*res.councils, None]
    gross, one_off, net = res.with_total(res.gross), res.with_total(res.one_off), res.with_total(res.net)
    cumulative, pv = res.with_total(res.cumulative), res.with_total(res.present_value)
    npv = [*map(float, res.npv), float(res.npv.sum())]
    if args.json:
        print_json({
            "scenario": settings.scenario, "key": settings.key, "discount_rate": settings.discount_rate,
            "years": res.years, "councils": res.councils,
            "by_year": [
                {"year": year, "council": council_ids[c], "gross": float(gross[y, c]), "one_off": float(one_off[y, c]),
                 "net": float(net[y, c]), "cumulative": float(cumulative[y, c]), "present_value": float(pv[y, c])}
                for y, year in enumerate(res.years) for c in range(len(council_ids))
            ],
            "totals": [
                {"council": council_ids[c], "gross": float(gross[:, c].sum()), "one_off": float(one_off[:, c].sum()),
                 "net": float(net[:, c].sum()), "npv": npv[c], "payback_year": res.payback[c]}
                for c in range(len(council_ids))
            ],
            "published": [{"id": ch.id, "label": ch.label, "report": ch.report, "regenerated": ch.case_value,
                           "matches": ch.matches} for ch in checks],
            "apportionment": [
                {"key": k.id, "council": cid, "net": float(row["Net saving"]), "npv": float(row["Net present value"]),
                 "difference_from_equal": float(row["Difference from equal shares"]), "warnings": int(row["Warnings"])}
                for k, (_, group) in zip(case.savings.all_keys, comparison.groupby("Key", sort=False))  # type: ignore[union-attr]
                for cid, (_, row) in zip(res.councils, group.iterrows())
            ],
            "warnings": [savings_report.subsidy_warning_text(w) for w in warnings],
        })
        return 0
    s = case.savings
    assert s is not None
    key_text = s.key(settings.key).name + " for every line" if settings.key else "each line's own key"
    print(case.title)
    print(f"Scenario: {s.scenario(settings.scenario).name} · apportionment: {key_text} · "
          f"discount rate {fmt.number(settings.discount_rate, 2)} %\n")
    by_year = savings_report.by_year_money_table(res)
    rows = frame_rows(by_year, ["Year", "Council", "Gross saving", "One-off costs", "Net saving", "Cumulative net saving", "Present value"])
    print_table(["Year", "Council", "Gross", "One-off", "Net", "Cumulative", "Present value"], rows, right={2, 3, 4, 5, 6})
    print()
    money = ["Gross saving", "One-off costs", "Net saving", "Net present value"]
    summary = savings_report.money_columns(savings_report.summary_table(res), money)
    print_table(["Council", "Gross", "One-off", "Net", "NPV", "Payback"], frame_rows(summary, ["Council", *money, "Payback year"]),
                right={1, 2, 3, 4})
    print(f"\n{savings_report.headline(res)}")
    print("\nEach council's totals under every apportionment key (applied to every line):")
    money = ["Net saving", "Net present value", "Difference from equal shares"]
    rows = frame_rows(savings_report.money_columns(comparison, money), ["Key", "Council", *money, "Warnings"])
    print_table(["Key", "Council", "Net", "NPV", "vs equal shares", "Warnings"], rows, right={2, 3, 4, 5})
    if checks:
        print("\nThe report's figures, regenerated from the case's inputs:")
        rows = frame_rows(savings_report.published_table(case), ["Figure", "Report", "From the case's inputs", "Matches the report"])
        print_table(["Figure", "Report", "Regenerated", "Matches"], rows, right={1, 2})
    if warnings:
        print(f"\n{len(warnings)} warning{'s' if len(warnings) > 1 else ''} under {in_use} ({savings_report.SUBSIDY_RULE}):")
        for w in warnings[:10]:
            print(f"- {savings_report.subsidy_warning_text(w)}")
        if len(warnings) > 10:
            print(f"- … and {len(warnings) - 10} more (see --json)")
    return 0

"""``rank CASE [--weights ID] [--scale LABEL=NUMBER,...] [--scenario ID] [--json]``."""

from __future__ import annotations

import argparse

from appraisal.analysis.scoring import Appraisal
from appraisal.case.scales import has_measured
from appraisal.cli.common import (
    UsageError,
    add_case_argument,
    add_json_flag,
    add_weights_argument,
    frame_rows,
    load,
    parse_scale,
    print_json,
    print_table,
    weight_set_id,
)
from appraisal.report.ranking import ranking_table


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("rank", help="rank the options under one weight set")
    add_case_argument(parser)
    add_weights_argument(parser)
    parser.add_argument("--scale", metavar="LABEL=NUMBER,...", help="other numbers for the rating labels, e.g. High=5,Medium=3,Low=1")
    parser.add_argument("--scenario", metavar="ID", help="the savings scenario criteria measured from the savings "
                        "model are scored under (default: the case's)")
    add_json_flag(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    case = load(args)
    set_id = weight_set_id(case, args.weights)
    if args.scenario is not None and (case.savings is None or args.scenario not in [s.id for s in case.savings.scenarios]):
        known = ", ".join(s.id for s in case.savings.scenarios) if case.savings else "none: the case has no savings model"
        raise UsageError(f"--scenario: '{args.scenario}' is not a savings scenario of this case (choose from {known})")
    appraisal = Appraisal(case, parse_scale(case, args.scale), savings_scenario=args.scenario)
    results = appraisal.results(appraisal.weights_of(set_id))
    if args.json:
        print_json({
            "weight_set": set_id,
            "results": [
                {"option": r.option, "name": r.name, "total": r.total, "percent_of_max": r.percent_of_max, "rank": r.rank}
                for r in results
            ],
        })
        return 0
    print(case.title)
    print(f"Weight set: {case.weight_set(set_id).name}")
    scale = ", ".join(f"{k} = {v:g}" for k, v in appraisal.scale.items())
    if has_measured(case):  # units and directions: "Net cost: £k a year, lower is better, 0 = 500, 100 = 0"
        print("Scales:")
        for name, sc in zip(appraisal.criterion_names, appraisal.scales, strict=True):
            print(f"  {name}: {sc.describe()}")
        for out in appraisal.out_of_range:
            print(f"  Note: {case.option(out.option).name} has {out.raw:g} on {case.criterion(out.criterion).name}, "
                  f"outside the stated range {out.low:g}–{out.high:g}; scored as the nearer end")
        print()
    else:
        print(f"Rating scale: {scale}\n")
    table = ranking_table(results)
    print_table(list(table.columns), frame_rows(table), right={2, 3})
    return 0

"""``sensitivity CASE [--weights ID] [--json]``: switching values of every criterion's weight."""

from __future__ import annotations

import argparse

from appraisal import fmt
from appraisal.analysis.scoring import Appraisal, normalise
from appraisal.analysis.sensitivity import by_fragility, stability_intervals
from appraisal.cli.common import add_case_argument, add_json_flag, add_weights_argument, load, print_json, print_table, weight_set_id


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("sensitivity", help="stability intervals (switching values) of each criterion's weight")
    add_case_argument(parser)
    add_weights_argument(parser)
    add_json_flag(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    case = load(args)
    set_id = weight_set_id(case, args.weights)
    appraisal = Appraisal(case)
    w_hat = normalise(appraisal.weights_of(set_id))
    intervals = stability_intervals(appraisal.S, w_hat)
    if args.json:
        print_json({
            "weight_set": set_id,
            "criteria": [
                {"criterion": appraisal.criterion_ids[iv.criterion], "weight": iv.weight,
                 "top_unchanged": list(iv.top_unchanged), "order_unchanged": list(iv.order_unchanged)}
                for iv in intervals
            ],
        })
        return 0
    leaders = [appraisal.option_names[i] for i in appraisal.leaders(w_hat)]
    print(case.title)
    print(f"Weight set: {case.weight_set(set_id).name}; 1st now: {fmt.names_list(leaders)}")
    print("Normalised weight of each criterion, others rescaled; most fragile first.\n")
    rows = [
        [appraisal.criterion_names[iv.criterion], fmt.share(iv.weight, 1),
         f"{fmt.share(iv.top_unchanged[0], 1)} – {fmt.share(iv.top_unchanged[1], 1)}",
         f"{fmt.share(iv.order_unchanged[0], 1)} – {fmt.share(iv.order_unchanged[1], 1)}"]
        for iv in by_fragility(intervals)
    ]
    print_table(["Criterion", "Weight", "Leader unchanged", "Order unchanged"], rows, right={1})
    return 0

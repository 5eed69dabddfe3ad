"""``rank CASE [--weights ID] [--scale LABEL=NUMBER,...] [--json]``."""

from __future__ import annotations

import argparse

from appraisal.analysis.scoring import Appraisal
from appraisal.cli.common import (
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
    add_json_flag(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    case = load(args)
    set_id = weight_set_id(case, args.weights)
    appraisal = Appraisal(case, parse_scale(case, args.scale))
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
    print(f"Rating scale: {scale}\n")
    table = ranking_table(results)
    print_table(list(table.columns), frame_rows(table), right={2, 3})
    return 0

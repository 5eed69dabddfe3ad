"""``what-it-takes CASE --option ID [--weights ID] [--json]``: the smallest weight change to rank first."""

from __future__ import annotations

import argparse

from appraisal import fmt
from appraisal.analysis.scoring import Appraisal, normalise
from appraisal.analysis.what_it_takes import what_it_takes
from appraisal.cli import UsageError
from appraisal.cli.common import add_case_argument, add_json_flag, add_weights_argument, load, print_json, print_table, weight_set_id
from appraisal.report.scrutiny import what_it_takes_sentence


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("what-it-takes", help="smallest change of weights that ranks an option first")
    add_case_argument(parser)
    parser.add_argument("--option", required=True, metavar="ID", help="the option to rank first")
    add_weights_argument(parser)
    add_json_flag(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    case = load(args)
    set_id = weight_set_id(case, args.weights)
    if args.option not in case.option_ids:
        raise UsageError(f"--option: '{args.option}' is not an option of this case (choose from {', '.join(case.option_ids)})")
    appraisal = Appraisal(case)
    option = appraisal.option_ids.index(args.option)
    w_hat = normalise(appraisal.weights_of(set_id))
    result = what_it_takes(appraisal.S, w_hat, option, max_score=appraisal.max_score)
    explanation = what_it_takes_sentence(result, appraisal.option_names, appraisal.criterion_names)
    if args.json:
        print_json({
            "option": args.option,
            "feasible": result.feasible,
            "distance": result.distance,
            "weights": None if result.weights is None else {c: float(v) for c, v in zip(appraisal.criterion_ids, result.weights)},
            "explanation": explanation,
        })
        return 0
    print(case.title)
    print(f"Weight set: {case.weight_set(set_id).name}\n")
    print(explanation)
    if result.weights is not None and not result.already:
        print()
        rows = [
            [name, fmt.share(before, 1), fmt.share(after, 1), f"{round(100 * (after - before), 1) + 0.0:+.1f}"]
            for name, before, after in zip(appraisal.criterion_names, w_hat, result.weights)
        ]
        print_table(["Criterion", "Weight now", "Weight needed", "Change (points)"], rows, right={1, 2, 3})
    return 0

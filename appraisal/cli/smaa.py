"""``smaa CASE [--samples N] [--seed S] [--json]``: rank acceptability with weights uniform on the simplex."""

from __future__ import annotations

import argparse

from appraisal.analysis.scoring import Appraisal
from appraisal.analysis.smaa import MAX_SAMPLES, smaa
from appraisal.cli import UsageError
from appraisal.cli.common import add_case_argument, add_json_flag, frame_rows, load, print_json, print_table
from appraisal.report.sensitivity import acceptability_table


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("smaa", help="how often each option ranks 1st, 2nd… with weights drawn at random")
    add_case_argument(parser)
    parser.add_argument("--samples", type=int, default=10_000, metavar="N", help="weight samples (default 10,000)")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0): same seed, same figures")
    add_json_flag(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.samples <= MAX_SAMPLES:
        raise UsageError(f"--samples must be between 1 and {MAX_SAMPLES:,}")
    if args.seed < 0:
        raise UsageError("--seed must be 0 or more")
    case = load(args)
    appraisal = Appraisal(case)
    result = smaa(appraisal.S, n_samples=args.samples, seed=args.seed)
    if args.json:
        print_json({
            "samples": result.n_samples,
            "acceptability": {oid: [float(b) for b in result.acceptability[i]] for i, oid in enumerate(appraisal.option_ids)},
        })
        return 0
    n = appraisal.n_options
    print(case.title)
    print(f"Weights uniform on the simplex; {result.n_samples:,} samples, seed {result.seed}.")
    print("Share of samples in which each option has each rank (ties share the better rank).\n")
    table = acceptability_table(appraisal, result).drop(columns="Confidence factor")
    print_table(list(table.columns), frame_rows(table), right=set(range(1, n + 1)))
    return 0

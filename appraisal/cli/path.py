"""``path CASE --from ID --to ID [--mark ID] [--json]``: where the ranking changes between two weight sets.

The JSON shape is documented in docs/consensus-path.md.
"""

from __future__ import annotations

import argparse
from fractions import Fraction
from typing import Any

from appraisal.analysis.consensus_path import ConsensusPath, locate_set, path_between
from appraisal.analysis.scoring import Appraisal
from appraisal.cli.common import add_case_argument, add_json_flag, frame_rows, load, print_json, print_table, weight_set_id
from appraisal.report.consensus_path import location_sentence, path_takeaway, stretches_table, swaps_table


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("path", help="where the ranking changes on the way from one weight set to another")
    add_case_argument(parser)
    parser.add_argument("--from", dest="set_from", metavar="ID", required=True, help="weight set at the start (λ = 0)")
    parser.add_argument("--to", dest="set_to", metavar="ID", required=True, help="weight set at the end (λ = 1)")
    parser.add_argument("--mark", metavar="ID", help="a third weight set (e.g. the joint one): is it on the path, and where?")
    add_json_flag(parser)
    parser.set_defaults(run=run)


def _ranking(appraisal: Appraisal, ranks: tuple[int, ...]) -> list[dict[str, Any]]:
    order = sorted(range(len(ranks)), key=lambda i: (ranks[i], i))
    return [{"option": appraisal.option_ids[i], "name": appraisal.option_names[i], "rank": ranks[i]} for i in order]


def _exact_text(x: Fraction) -> str:
    return str(x)


def document(appraisal: Appraisal, path: ConsensusPath, set_from: str, set_to: str, mark: str | None) -> dict[str, Any]:
    """The JSON document for ``path --json`` (shape in docs/consensus-path.md)."""
    crit = appraisal.criterion_ids
    doc: dict[str, Any] = {
        "from": set_from,
        "to": set_to,
        "identical": path.identical,
        "weights": {
            "from": dict(zip(crit, map(float, path.a_hat))),
            "to": dict(zip(crit, map(float, path.b_hat))),
        },
        "lines": [
            {"option": o, "at_from": float(path.start[i]), "at_to": float(path.start[i] + path.slope[i])}
            for i, o in enumerate(appraisal.option_ids)
        ],
        "swaps": [
            {
                "lambda": sw.value,
                "lambda_exact": _exact_text(sw.lam),
                "overtaking": appraisal.option_ids[sw.rising],
                "overtaken": appraisal.option_ids[sw.falling],
                "place": sw.place,
                "total": float(sw.total),
            }
            for sw in path.swaps
        ],
        "stretches": [
            {
                "from": float(st.start),
                "to": float(st.end),
                "from_exact": _exact_text(st.start),
                "to_exact": _exact_text(st.end),
                "ranking": _ranking(appraisal, st.ranks),
            }
            for st in path.stretches
        ],
        "tied_throughout": [[appraisal.option_ids[i], appraisal.option_ids[j]] for i, j in path.coincident],
        "leader_changes": path.leader_changes,
    }
    if mark is not None:
        loc = locate_set(appraisal, set_from, set_to, mark)
        doc["mark"] = {
            "weight_set": mark,
            "on_path": loc.on_path,
            "lambda": loc.lam if loc.on_path else None,
            "nearest_lambda": loc.lam,
            "deviation": loc.deviation,
        }
    return doc


def run(args: argparse.Namespace) -> int:
    case = load(args)
    set_from = weight_set_id(case, args.set_from, "--from")
    set_to = weight_set_id(case, args.set_to, "--to")
    mark = weight_set_id(case, args.mark, "--mark") if args.mark is not None else None
    appraisal = Appraisal(case)
    path = path_between(appraisal, set_from, set_to)
    if args.json:
        print_json(document(appraisal, path, set_from, set_to, mark))
        return 0
    a_name, b_name = case.weight_set(set_from).name, case.weight_set(set_to).name
    print(case.title)
    print(f"From {a_name} (0 %) to {b_name} (100 %); totals use normalised weights.\n")
    print(path_takeaway(appraisal, path, a_name, b_name, max_swaps=len(path.swaps)))
    if mark is not None:
        print(location_sentence(appraisal, locate_set(appraisal, set_from, set_to, mark), case.weight_set(mark).name, a_name, b_name))
    print()
    if path.swaps:
        table = swaps_table(appraisal, path, b_name)
        table.columns = ["Swap", "Share of the way", *table.columns[2:]]
        print_table(list(table.columns), frame_rows(table), right={0, 1, 5})
        print()
    table = stretches_table(appraisal, path, a_name, b_name)
    print_table(list(table.columns), frame_rows(table))
    if path.coincident:
        pairs = "; ".join(f"{appraisal.option_names[i]} and {appraisal.option_names[j]}" for i, j in path.coincident)
        print(f"\nTied all the way along: {pairs}.")
    return 0

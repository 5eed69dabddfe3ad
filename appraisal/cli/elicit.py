"""``elicit METHOD ... [--case FILE] [--json]``: turn points, a ranking, swings or pairwise judgements
into a weight set that records how it was arrived at.

    python -m appraisal elicit points   --points finance=40,place=30,influence=30
    python -m appraisal elicit ranking  --order finance,resilience=place,influence [--variant rank_sum]
    python -m appraisal elicit swing    --swings finance=100,place=60,influence=20
    python -m appraisal elicit pairwise --matrix judgements.yaml     (or .csv; format in docs/elicitation.md)

Prints the weights and the case-file weight set (YAML) to paste under ``weight_sets:``; ``--json``
prints one JSON document. ``--case`` checks the criterion ids against a case and shows names.
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path
from typing import Any

import yaml

from appraisal import fmt
from appraisal.analysis import elicitation as el
from appraisal.case.changes import slug
from appraisal.case.model import Case
from appraisal.cli import UsageError
from appraisal.cli.common import add_json_flag, print_json, print_table
from appraisal.errors import CaseError
from appraisal.formats.load import load_case
from appraisal.formats.mapping import case_from_mapping, case_to_mapping
from appraisal.formats.yaml_file import decode_text, parse_yaml
from appraisal.report import elicitation as elicitation_text

MAX_MATRIX_BYTES = 1024 * 1024


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("elicit", help="weights from points, a ranking, swings or pairwise judgements",
                            description="Turn points, a ranking, swing scores or pairwise judgements into a weight set.")
    methods = parser.add_subparsers(dest="method", required=True, metavar="METHOD")
    specs = {
        "points": ("allocate points (100, or any non-negative numbers)", "--points", "ID=NUMBER,...",
                   "points per criterion, e.g. finance=40,place=30,influence=30"),
        "ranking": ("order the criteria, ties allowed (rank-order centroid by default)", "--order", "ID,ID=ID,...",
                    "most important first; commas separate ranks, '=' joins ties, e.g. finance,resilience=place,influence"),
        "swing": ("swing weighting: the most important swing scores 100, the others relative to it", "--swings", "ID=NUMBER,...",
                  "swing scores 0–100, the most important 100, e.g. finance=100,place=60,influence=20"),
        "pairwise": ("AHP pairwise comparison on Saaty's 1–9 scale", "--matrix", "FILE",
                     "a YAML or CSV file of judgements (format: docs/elicitation.md)"),
    }
    for name, (help_text, flag, metavar, flag_help) in specs.items():
        p = methods.add_parser(name, help=help_text, description=help_text)
        p.add_argument(flag, required=True, metavar=metavar, help=flag_help)
        if name == "ranking":
            p.add_argument("--variant", choices=list(el.RANKING_VARIANTS), default="roc",
                           help="roc = rank-order centroid (default), rank_sum, rank_reciprocal")
        p.add_argument("--case", metavar="FILE", help="a case file: check criterion ids against it and show names")
        p.add_argument("--name", help="name of the weight set (default: after the method)")
        p.add_argument("--id", dest="set_id", metavar="ID", help="id of the weight set (default: from the name)")
        p.add_argument("--council", metavar="ID", help="the council whose weight set this is")
        p.add_argument("--by", metavar="TEXT", help="who agreed it, e.g. 'Breckland informal cabinet'")
        p.add_argument("--date", metavar="DATE", help="when it was agreed, e.g. 2021-06-14")
        p.add_argument("--note", metavar="TEXT", help="a note kept with the provenance")
        add_json_flag(p)
        p.set_defaults(run=run)


def parse_pairs(text: str, flag: str) -> dict[str, float]:
    """``finance=40,place=30`` → {'finance': 40.0, 'place': 30.0}; a repeated id is an error."""
    out: dict[str, float] = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"{flag}: '{part.strip()}' should be ID=NUMBER")
        if key in out:
            raise UsageError(f"{flag}: '{key}' is listed twice")
        try:
            out[key] = float(value)
        except ValueError:
            raise UsageError(f"{flag}: '{value.strip()}' is not a number (for {key})") from None
    return out


def read_matrix(path: str, criteria: list[str] | None, names: dict[str, str] | None = None) -> el.Elicited:
    """Judgements from a YAML or CSV file (``.csv`` by extension, YAML otherwise); see docs/elicitation.md."""
    p = Path(path)
    source = p.name
    try:
        if p.stat().st_size > MAX_MATRIX_BYTES:
            raise CaseError.single(source, "", f"the file is over {MAX_MATRIX_BYTES // 1024} kB; a judgement file is far smaller")
        text = decode_text(p.read_bytes(), source)
    except FileNotFoundError:
        raise CaseError.single(path, "", "no such file") from None
    except IsADirectoryError:
        raise CaseError.single(path, "", "this is a folder, not a judgement file") from None
    except OSError as exc:
        raise CaseError.single(path, "", f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    try:
        if p.suffix.lower() == ".csv":
            return _from_csv(text, criteria, names)
        return _from_yaml(parse_yaml(text, source), criteria, names)
    except el.ElicitationError as exc:
        raise el.ElicitationError(exc.problems[0].message, exc.problems[0].field, source) from None


def _from_yaml(raw: Any, criteria: list[str] | None, names: dict[str, str] | None) -> el.Elicited:
    if not isinstance(raw, dict) or not ({"matrix", "judgements"} & set(raw)):
        raise el.ElicitationError("a judgement file is a mapping with 'judgements:' (a list of [criterion, criterion, value]) "
                                  "or 'criteria:' and 'matrix:'")
    unknown = set(raw) - {"criteria", "matrix", "judgements", "note"}
    if unknown:
        raise el.ElicitationError(f"unknown field {', '.join(sorted(map(str, unknown)))} (expected criteria, matrix or judgements)")
    listed = raw.get("criteria")
    if listed is not None and (not isinstance(listed, list) or not all(isinstance(c, str) for c in listed)):
        raise el.ElicitationError("must be a list of criterion ids", "criteria")
    if "matrix" in raw:
        if listed is None:
            raise el.ElicitationError("a matrix needs 'criteria:' listing its rows (and columns) in order", "criteria")
        matrix = raw["matrix"]
        if not isinstance(matrix, list) or not all(isinstance(r, list) for r in matrix):
            raise el.ElicitationError("must be a list of rows, each a list of values", "matrix")
        _check_criteria(listed, criteria)
        return el.pairwise_from_matrix(matrix, listed, names, criteria)
    judgements = raw["judgements"]
    if not isinstance(judgements, list):
        raise el.ElicitationError("must be a list of [criterion, criterion, value]", "judgements")
    items = []
    for k, item in enumerate(judgements, start=1):
        if isinstance(item, dict):
            if set(item) != {"a", "b", "value"}:
                raise el.ElicitationError("a judgement written as a mapping needs exactly a, b and value", f"judgement {k}")
            item = [item["a"], item["b"], item["value"]]
        if not isinstance(item, list):
            raise el.ElicitationError("each judgement is [criterion, criterion, value]", f"judgement {k}")
        items.append(item)
    order = criteria if criteria is not None else listed
    return el.pairwise(items, order, names)


def _check_criteria(listed: list[str], criteria: list[str] | None) -> None:
    if criteria is None:
        return
    unknown = [c for c in listed if c not in criteria]
    if unknown:
        raise el.ElicitationError(f"{fmt.names_list([repr(c) for c in unknown])} not criteria of this case "
                                  f"(criteria: {', '.join(criteria)})", "criteria")


def _from_csv(text: str, criteria: list[str] | None, names: dict[str, str] | None) -> el.Elicited:
    rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row)]
    if not rows:
        raise el.ElicitationError("the file is empty")
    if rows[0][0] == "":
        listed = rows[0][1:]
        _check_criteria(listed, criteria)
        body = rows[1:]
        if [r[0] for r in body] != listed:
            raise el.ElicitationError("row labels (first column) must list the same criteria, in the same order, as the "
                                      "header row", "matrix")
        return el.pairwise_from_matrix([r[1:] + [""] * (len(listed) + 1 - len(r)) for r in body], listed, names, criteria)
    if len(rows[0]) == 3 and rows[0][2].casefold() == "value":
        rows = rows[1:]
    for k, row in enumerate(rows, start=1):
        if len(row) != 3:
            raise el.ElicitationError("each row is criterion,criterion,value (or use a square matrix with an empty "
                                      "top-left cell)", f"row {k}")
    return el.pairwise([tuple(r) for r in rows], criteria, names)


def run(args: argparse.Namespace) -> int:
    case: Case | None = load_case(args.case) if args.case else None
    criteria = case.criterion_ids if case else None
    names = {c.id: c.name for c in case.criteria} if case else None
    if args.method == "points":
        result = el.points(parse_pairs(args.points, "--points"), criteria)
    elif args.method == "swing":
        result = el.swing(parse_pairs(args.swings, "--swings"), criteria)
    elif args.method == "ranking":
        result = el.ranking(args.order, args.variant, criteria)
    else:
        result = read_matrix(args.matrix, criteria, names)
    label = elicitation_text.method_label(result.method, result.variant)
    name = args.name or label[:1].upper() + label[1:]
    set_id = args.set_id or (slug(args.name, "elicited") if args.name else "_".join(filter(None, [result.method, result.variant])))
    if case is not None and args.set_id is None:
        taken = {w.id for w in case.weight_sets}
        base, k = set_id, 2
        while set_id in taken:
            set_id, k = f"{base[:60]}_{k}", k + 1
    try:
        weight_set = result.weight_set(set_id, name, args.council, args.by, args.date, args.note)
    except ValueError as exc:   # pydantic: a bad id or a blank name
        raise UsageError(f"the weight set cannot be made: {exc.errors()[0]['msg'] if hasattr(exc, 'errors') else exc}") from None
    if case is not None:
        data = case_to_mapping(case)
        data["weight_sets"].append(weight_set.model_dump(mode="json", exclude_none=True))
        try:
            case_from_mapping(data, args.case)
        except CaseError as exc:
            raise UsageError("the weight set does not fit the case: " + "; ".join(p.message for p in exc.problems)) from None
    document = weight_set.model_dump(mode="json", exclude_none=True)
    if args.json:
        c = result.consistency
        print_json({
            "method": result.method,
            "variant": result.variant,
            "weights": result.weights,
            "inputs": result.inputs,
            "consistency": None if c is None else {
                "lambda_max": c.lambda_max, "ci": c.ci, "ri": c.ri, "cr": c.cr, "complete": c.complete,
                "acceptable": c.acceptable,
                "worst": None if c.worst is None else {"a": c.worst[0], "b": c.worst[1], "given": c.worst[2], "suggested": c.worst[3]},
            },
            "warnings": list(result.warnings),
            "weight_set": document,
        })
        return 0
    print(name)
    print(f"Method: {label}")
    headers = ["Criterion", "Name", "Weight"] if names else ["Criterion", "Weight"]
    rows = [[c, names[c], fmt.percent(100 * w, 1)] if names else [c, fmt.percent(100 * w, 1)] for c, w in result.weights.items()]
    print_table(headers, rows, right={len(headers) - 1})
    if result.consistency is not None:
        c = result.consistency
        verdict = "acceptable (0.10 or less)" if c.acceptable else "above 0.10"
        extra = "" if c.complete else " (incomplete judgements, Harker's method)"
        print(f"\nConsistency ratio: {c.cr:.3f} — {verdict}{extra}")
    for warning in result.warnings:
        print(f"\nWarning: {warning}")
    print("\nAs a case-file weight set (paste under weight_sets:):\n")
    print(yaml.safe_dump([document], sort_keys=False, allow_unicode=True, width=100).rstrip())
    return 0

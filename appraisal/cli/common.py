"""Argument helpers shared by the sub-commands."""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import TYPE_CHECKING, Any

from appraisal.case.model import Case
from appraisal.cli import UsageError
from appraisal.formats.load import load_case

if TYPE_CHECKING:
    import pandas as pd


def add_case_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", metavar="CASE", help="path to a case file (YAML, or an Excel workbook .xlsx from the template)")


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON document and nothing else")


def add_weights_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--weights", metavar="ID", help="weight set id (default: the first in the file)")


def load(args: argparse.Namespace) -> Case:
    return load_case(args.case)


def weight_set_id(case: Case, requested: str | None, flag: str = "--weights") -> str:
    """The weight set a flag names (the first in the file when it is not given), or a usage error."""
    ids = [w.id for w in case.weight_sets]
    if requested is None:
        return ids[0]
    if requested not in ids:
        raise UsageError(f"{flag}: '{requested}' is not a weight set of this case (choose from {', '.join(ids)})")
    return requested


def parse_scale(case: Case, text: str | None) -> dict[str, float] | None:
    """``--scale High=5,Medium=3,Low=1``: same labels, other numbers, best first and decreasing."""
    if text is None:
        return None
    scale = dict(case.scale)
    for part in text.split(","):
        label, sep, value = part.partition("=")
        label = label.strip()
        match = next((known for known in scale if known.casefold() == label.casefold()), None)
        if not sep or match is None:
            raise UsageError(f"--scale: '{part.strip()}' should be LABEL=NUMBER with a label of this case ({', '.join(scale)})")
        try:
            number = float(value)
        except ValueError:
            raise UsageError(f"--scale: '{value.strip()}' is not a number (for {match})") from None
        if not math.isfinite(number):
            raise UsageError(f"--scale: {match} must be a finite number")
        scale[match] = number
    values = list(scale.values())
    if any(a <= b for a, b in zip(values, values[1:])):
        raise UsageError("--scale: numbers must decrease from the best label to the worst "
                         f"({', '.join(f'{k}={v:g}' for k, v in scale.items())})")
    return scale


def print_json(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, allow_nan=False)
    sys.stdout.write("\n")


def frame_rows(table: pd.DataFrame, columns: list[str] | None = None) -> list[list[str]]:
    """A report table's cells (all or the named ``columns``, in that order) as the rows :func:`print_table` takes."""
    frame = table if columns is None else table[columns]
    return [[str(v) for v in row] for row in frame.itertuples(index=False)]


def print_table(headers: list[str], rows: list[list[str]], right: set[int] | None = None) -> None:
    """A plain fixed-width table for the terminal."""
    right = right or set()
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))

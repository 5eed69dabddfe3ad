"""The command line: one sub-command per module, all sharing error handling and output.

Exit status 0 on success, 2 on a bad case file or bad arguments (one message on stderr, no
traceback). ``--json`` prints exactly one JSON document on stdout.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from appraisal.errors import CaseError

# Sub-command → module in this package, imported only when needed (``rank`` does not load SciPy).
COMMANDS: dict[str, str] = {
    "rank": "rank",
    "sensitivity": "sensitivity",
    "smaa": "smaa",
    "what-it-takes": "what_it_takes",
    "path": "path",
    "savings": "savings",
    "elicit": "elicit",
    "store": "store",
    "cases": "cases",
}


class UsageError(Exception):
    """Bad arguments that argparse cannot see (an unknown weight set id, a bad --scale)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with every command, or with just ``only`` (so ``rank`` does not import SciPy for ``smaa``)."""
    parser = _Parser(prog="python -m appraisal", description="Options Appraisal Studio command line")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, module_name in COMMANDS.items():
        if only is not None and name != only:
            continue
        importlib.import_module(f"appraisal.cli.{module_name}").register(sub)
    return parser



def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(argv[0] if argv and argv[0] in COMMANDS else None).parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except CaseError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except UsageError as exc:
        print(f"python -m appraisal {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0

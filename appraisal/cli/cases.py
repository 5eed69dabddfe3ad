"""``cases list|show|history|export``: the case library in the store, from the command line.

    python -m appraisal cases list                       (every case: id, title, versions, last change, by whom)
    python -m appraisal cases show ID [--version N]      (who saved it, when, how and why; options, criteria, weight sets)
    python -m appraisal cases history ID                 (one line per version, newest first)
    python -m appraisal cases export ID [--version N] [-o FILE]   (a case file: python -m appraisal rank FILE reads it)

``--store URL`` picks the store; by default the app's own (``APPRAISAL_STORE_URL``, else ``store_url`` in
.streamlit/secrets.toml, else var/appraisal.sqlite3). ``--json`` prints one JSON document (list, show,
history). Reading only: nothing here changes a case. A case or version that is not there, or a store
that cannot be read, exits with status 2 and one sentence on stderr.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from appraisal.case.changes import ROUTES
from appraisal.cli import UsageError
from appraisal.cli.common import add_json_flag, print_json, print_table
from appraisal.cli.store import store_url
from appraisal.fmt import uk
from appraisal.store.errors import StoreError
from appraisal.store.library import CaseLibrary, CaseVersion, VersionInfo
from appraisal.store.repository import Store


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("cases", help="list, show, trace or export the cases kept in the store",
                            description="The case library: every case in the store, each version kept.")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    specs = {
        "list": "every case: id, title, versions, last change and by whom",
        "show": "one version of a case (the latest by default): who, when, how, why, and what it holds",
        "history": "every version of a case, newest first, one line each",
        "export": "one version of a case as a case file (YAML)",
    }
    for name, help_text in specs.items():
        p = actions.add_parser(name, help=help_text, description=help_text)
        if name != "list":
            p.add_argument("case_id", metavar="ID", help="the case's id (python -m appraisal cases list shows them)")
        if name in ("show", "export"):
            p.add_argument("--version", type=_positive, metavar="N", help="the version (default: the latest)")
        if name == "export":
            p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the terminal")
            p.add_argument("--force", action="store_true", help="replace FILE if it exists")
        else:
            add_json_flag(p)
        p.add_argument("--store", metavar="URL", help="the store's SQLAlchemy URL (default: the app's own setting)")
        p.set_defaults(run=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a version number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a version number (versions count from 1)")
    return value


def when(at: datetime) -> str:
    """UK local time as a council report prints it: '2026-12-01 14:02'."""
    return f"{uk(at):%Y-%m-%d %H:%M}"


def _line(text: str) -> str:
    """Text typed by someone, on one line of the terminal."""
    return " ".join(str(text).split())


def _open(url: str) -> Store:
    """The store at ``url``; a SQLite file that is not there is an error, not a new empty store."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:" and not u.database.startswith("file:"):
        path = Path(u.database).expanduser()
        if not path.is_file():
            raise UsageError(f"There is no store at {path} (it is created when the app is first used); check --store.")
    return Store(url)


def _info_json(v: VersionInfo) -> dict[str, Any]:
    return {"version": v.version, "at": v.at.isoformat(), "author": v.author, "email": v.email, "verified": v.verified,
            "route": v.route, "route_label": ROUTES.get(v.route, v.route), "reason": v.reason, "summary": v.summary,
            "base_version": v.base_version}


def run(args: argparse.Namespace) -> int:
    url = store_url(args)
    store = _open(url)
    try:
        return _run(args, CaseLibrary(store))
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    finally:
        store.dispose()


def _run(args: argparse.Namespace, lib: CaseLibrary) -> int:
    if args.action == "list":
        cases = lib.list_cases()
        if args.json:
            print_json([{"id": c.id, "title": c.title, "versions": c.head_version, "updated_at": c.updated_at.isoformat(),
                         "updated_by": c.updated_by, "created_at": c.created_at.isoformat(), "editors": list(c.editors)}
                        for c in cases])
        elif not cases:
            print(f"There are no cases in the store ({lib.where}) yet.")
        else:
            print_table(["Case", "Title", "Versions", "Last change", "By"],
                        [[c.id, _line(c.title), str(c.head_version), when(c.updated_at), _line(c.updated_by)] for c in cases],
                        right={2})
        return 0
    if args.action == "history":
        versions = lib.history(args.case_id)
        if args.json:
            print_json({"case": args.case_id, "versions": [_info_json(v) for v in versions]})
            return 0
        for v in versions:
            base = f" [made on version {v.base_version}]" if v.base_version is not None and v.base_version != v.version - 1 else ""
            reason = f" — {_line(v.reason)}" if v.reason else ""
            print(f"v{v.version}  {when(v.at)}  {_line(v.actor.label)}  {ROUTES.get(v.route, v.route)}: "
                  f"{_line(v.summary)}{base}{reason}")
        return 0
    if args.action == "export":
        text_ = lib.export(args.case_id, args.version)
        if not args.output:
            sys.stdout.write(text_)
            return 0
        target = Path(args.output).expanduser()
        if target.exists() and not args.force:
            raise UsageError(f"{target} already exists; choose another name or pass --force to replace it.")
        try:
            target.write_text(text_, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"Could not write {target}: {exc.strerror or exc}.") from None
        print(f"Wrote version {lib.get(args.case_id, args.version).version} of case '{args.case_id}' to {target}",
              file=sys.stderr)
        return 0
    _show(lib.get(args.case_id, args.version), lib.head(args.case_id), args.json)
    return 0


def _show(v: CaseVersion, head: int, as_json: bool) -> None:
    case = v.case
    if as_json:
        print_json({"case": v.case_id, "title": case.title, "latest_version": head, **_info_json(v),
                    "options": [{"id": o.id, "name": o.name} for o in case.options],
                    "criteria": [{"id": c.id, "name": c.name} for c in case.criteria],
                    "weight_sets": [{"id": w.id, "name": w.name, "council": w.council} for w in case.weight_sets]})
        return
    latest = "the latest" if v.version == head else f"the latest is {head}"
    print(case.title)
    print(f"Case {v.case_id}, version {v.version} ({latest})")
    print(f"Saved {when(v.at)} by {_line(v.actor.label)}: {ROUTES.get(v.route, v.route)} — {_line(v.summary)}")
    if v.reason:
        print(f"Reason: {_line(v.reason)}")
    print(f"\nOptions ({len(case.options)}): " + "; ".join(_line(o.name) for o in case.options))
    print(f"Criteria ({len(case.criteria)}): " + "; ".join(_line(c.name) for c in case.criteria))
    print(f"\nWeight sets ({len(case.weight_sets)}):")
    method = {w.id: (w.provenance.method if w.provenance else "") for w in case.weight_sets}
    print_table(["Id", "Name", "Council", "Made by"],
                [[w.id, _line(w.name), w.council or "", method[w.id]] for w in case.weight_sets])

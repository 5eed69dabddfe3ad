"""``store backup FILE``, ``store restore FILE`` and ``store check``: look after the app's store.

    python -m appraisal store backup var/backups/appraisal-2025-06-14.sqlite3   (safe while the app runs)
    python -m appraisal store restore var/backups/appraisal-2025-06-14.sqlite3 [--force]
    python -m appraisal store check          (exit 0 if the store can be written, 1 if not)

``--store URL`` picks the store; by default the app's own (``APPRAISAL_STORE_URL``, else ``store_url``
in .streamlit/secrets.toml, else var/appraisal.sqlite3). Backup and restore are for the SQLite store;
for PostgreSQL use pg_dump and pg_restore (docs/deploy.md). A bad argument or a refused restore exits
with status 2 and one message on stderr.
"""

from __future__ import annotations

import argparse
import sys
import tomllib

from appraisal.cli import UsageError
from appraisal.cli.common import add_json_flag, print_json
from appraisal.store import backup as store_backup
from appraisal.store.config import ROOT, describe_url, resolve_url
from appraisal.store.repository import Store

SECRETS = ROOT / ".streamlit" / "secrets.toml"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("store", help="back up, restore or check the app's store",
                            description="Back up, restore or check the store (snapshots, audit trail, workshops).")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    specs = {
        "backup": "copy the SQLite store to FILE (safe while the app runs)",
        "restore": "replace an empty SQLite store with the backup FILE",
        "check": "exit 0 if the store can be written now, 1 if not (a write, rolled back)",
    }
    for name, help_text in specs.items():
        p = actions.add_parser(name, help=help_text, description=help_text)
        if name != "check":
            p.add_argument("file", metavar="FILE", help="the backup file")
            p.add_argument("--force", action="store_true",
                           help="replace an existing backup file" if name == "backup" else "replace a store that is not empty")
        p.add_argument("--store", metavar="URL", help="the store's SQLAlchemy URL (default: the app's own setting)")
        add_json_flag(p)
        p.set_defaults(run=run)


def secrets_store_url() -> str | None:
    """``store_url`` from .streamlit/secrets.toml, as the app reads it (the environment variable wins)."""
    try:
        data = tomllib.loads(SECRETS.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None
    value = data.get("store_url")
    return str(value) if value else None


def store_url(args: argparse.Namespace) -> str:
    return args.store.strip() if args.store and args.store.strip() else resolve_url(secrets_store_url())


def run(args: argparse.Namespace) -> int:
    url = store_url(args)
    if args.action == "check":
        store = Store(url)
        try:
            ok, message = store_backup.check_writable(store)
        finally:
            store.dispose()
        if args.json:
            print_json({"ok": ok, "store": describe_url(url), "message": message})
        else:
            print(message, file=sys.stdout if ok else sys.stderr)
        return 0 if ok else 1
    try:
        if args.action == "backup":
            result = store_backup.backup(url, args.file, force=args.force)
        else:
            result = store_backup.restore(url, args.file, force=args.force)
    except store_backup.BackupError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        file = result.path if args.action == "backup" else args.file
        print_json({"action": args.action, "store": describe_url(url), "file": str(file), "bytes": result.bytes,
                    "seconds": round(result.seconds, 4), "rows": result.rows})
        return 0
    rows = ", ".join(f"{n} {t.removeprefix('oas_')}" for t, n in result.rows.items())
    if args.action == "backup":
        print(f"Backed up the store ({describe_url(url)}) to {result.path}")
    else:
        print(f"Restored {args.file} into the store ({describe_url(url)})")
    print(f"{result.bytes:,} bytes in {result.seconds:.2f} s; rows: {rows}")
    return 0

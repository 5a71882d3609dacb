"""python -m trainer db upgrade|current|revision: the database schema (Alembic revisions in
trainer/migrations/, applied at start too)."""
from __future__ import annotations

import argparse

from ..services import Services


def cmd_db_current(svc: Services, args: argparse.Namespace) -> int:
    store = svc.open_store(migrate=False)
    print(store.schema().describe())
    print(f"database: {store.shown_url}")
    return 0


def cmd_db_upgrade(svc: Services, args: argparse.Namespace) -> int:
    store = svc.open_store(migrate=False)
    before, after = store.schema(), store.migrate()
    if before.revision != after.revision:
        print(f"upgraded: {before.revision or 'none'} -> {after.revision}")
    print(after.describe())
    print(f"database: {store.shown_url}")
    return 0


def cmd_db_revision(svc: Services, args: argparse.Namespace) -> int:
    path = svc.open_store().new_revision(args.message)
    print(f"wrote {path}: read it before you commit it")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help="the database schema").add_subparsers(dest="sub", required=True)
    x = db.add_parser("upgrade", help="bring the database to the newest revision (starting the app does it too)")
    x.set_defaults(fn=cmd_db_upgrade)
    x = db.add_parser("current", help="the revision the database is at, and what that means")
    x.set_defaults(fn=cmd_db_current)
    x = db.add_parser("revision", help="for developers: write the next revision from the tables in trainer/store.py")
    x.add_argument("message", help="what changed, e.g. 'users: role and cohort'")
    x.set_defaults(fn=cmd_db_revision)

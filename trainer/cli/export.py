"""python -m trainer export sessions --as USER --format csv [--deidentified] [--out FILE]: the sessions
USER may see (through the store's one choke point, as the app would show them to USER), one row per
sent turn (trainer.sessions_csv)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import sessions_csv
from ..accounts import Actor
from ..services import Services
from .common import InputError


def acting_user(svc: Services, name: str, create: bool = False) -> Actor:
    """The person a command acts for. In accounts mode (an account can log in) only an account that
    can log in; in single-user mode any name already used (with `create`, a new name too, as the app's
    sidebar would). Anything else is a refusal."""
    name = " ".join(name.split())
    account = svc.store.account(name)
    if not svc.accounts.single_user():
        if account is None or not account.password_hash or account.disabled:
            raise InputError(f"no user {name!r} who can log in; `users list` shows who exists")
    elif account is None and not create:
        raise InputError(f"no user {name!r}; `users list` shows who exists")
    return svc.store.actor(name)


def cmd_export_sessions(svc: Services, args: argparse.Namespace) -> int:
    actor = acting_user(svc, args.as_user)
    records = svc.store.sessions_of(actor)
    criteria = svc.library.criterion_names()
    for rec in records:  # a criterion no rubric has any more still gets its column
        for d in rec.drafts:
            for s in d.feedback.scores if d.feedback else []:
                criteria.setdefault(s.criterion, s.name)
    try:
        pseudonym = sessions_csv.Pseudonyms.in_dir(svc.settings.data_dir) if args.deidentified else None
    except (OSError, ValueError) as e:
        raise InputError(f"cannot use the pseudonym key: {e}") from e
    if args.out:
        out = Path(args.out)
        try:
            with out.open("w", encoding="utf-8", newline="") as f:
                n = sessions_csv.write(f, records, criteria, pseudonym)
        except OSError as e:
            raise InputError(f"{out}: cannot write it ({e.strerror or e})") from e
    else:
        n = sessions_csv.write(sys.stdout, records, criteria, pseudonym)
    what = "de-identified: pseudonyms, no free text" if pseudonym else "with names and text"
    print(f"{n} turn(s) of {len(records)} session(s) that {actor.name} may see, {what}"
          + (f", written to {args.out}" if args.out else ""), file=sys.stderr)
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser("export", help="export data").add_subparsers(dest="sub", required=True)
    x = export.add_parser("sessions", help="one row per sent turn of every session USER may see",
                          description="One row per sent turn: session, trainee, scenario, culture, turn, every "
                          "criterion's score and the strategies of the reply sent, and (unless --deidentified) the "
                          "reply and the client's answer. Exactly the sessions USER may see: a trainee their own, "
                          "a supervisor also their cohorts' assigned or submitted ones, an admin all.")
    x.add_argument("--as", dest="as_user", required=True, metavar="USER", help="export what this user may see")
    x.add_argument("--format", choices=["csv"], default="csv")
    x.add_argument("--deidentified", action="store_true",
                   help="names become stable pseudonyms (trainee-xxxxxxxx, keyed by data/pseudonym.key); "
                        "no free text (replies, drafts, client lines)")
    x.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    x.set_defaults(fn=cmd_export_sessions)

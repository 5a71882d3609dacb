"""python -m trainer users add|list|set-role|reset-password|disable|enable: accounts and roles (trainer.accounts);
python -m trainer serve-address: the address `make run` listens on.

A password is read without echo (asked twice) or, with --password-stdin, as the first line of standard
input; never from the command line, and never printed or logged. Every refusal is one `error:` line
and exit status 2."""
from __future__ import annotations

import argparse
import getpass
import json
import re
import sys

from ..accounts import ROLES, Account, AccountError, check_password, check_role
from ..config import is_loopback, serve_address
from ..services import Services
from .common import InputError, read_stdin, refusing

_refusals = refusing(AccountError)  # exit status 2, one error line


def read_password(args: argparse.Namespace, name: str) -> str:
    """The new password: the first line of standard input (--password-stdin), or typed twice without
    echo at the terminal. Checked for length; never echoed."""
    if args.password_stdin:
        password = read_stdin().split("\n", 1)[0].removesuffix("\r")
    else:
        if not sys.stdin.isatty():
            raise InputError("standard input is not a terminal, so the password cannot be typed without echo: "
                             "give --password-stdin and the password as the first line of standard input")
        password = getpass.getpass(f"New password for {name}: ")
        if getpass.getpass("The same password again: ") != password:
            raise InputError("the two passwords differ; nothing was changed")
    if re.search("[\ud800-\udfff]", password):
        raise InputError("the password is not valid UTF-8 text; nothing was changed")
    return check_password(password)


def existing(svc: Services, name: str) -> Account:
    """The account that can log in under `name`, or a refusal saying how to find the right name."""
    account = svc.store.account(name)
    if account is None or not account.password_hash:
        raise AccountError(f"no user {' '.join(name.split())!r}; `users list` shows who exists")
    return account


@_refusals
def cmd_users_add(svc: Services, args: argparse.Namespace) -> int:
    check_role(args.role)
    name = " ".join(args.name.split())
    before = svc.store.account(name)
    if before is not None and before.password_hash:
        raise AccountError(f"user {before.name!r} exists; use `users reset-password` or `users set-role`")
    was_single = svc.accounts.single_user()
    password = read_password(args, name)
    account = svc.accounts.add(name, args.role, password)
    print(f"added {account.name} ({account.role})")
    earlier = svc.store.sessions_count(account.name) if before is not None else 0
    if earlier:
        print(f"attached {earlier} earlier session(s) of {account.name}: they were saved under this name "
              "in single-user mode and are now this account's")
    if was_single and not svc.accounts.single_user():
        print("accounts mode: from now on the app asks everyone to log in; `make run` listens on "
              f"{serve_address(svc.settings.listen_address, False)} from its next start (TRAINER_LISTEN_ADDRESS)")
    return 0


def cmd_users_list(svc: Services, args: argparse.Namespace) -> int:
    everyone = [(a, svc.store.sessions_count(a.name)) for a in svc.store.accounts()]
    if args.json:
        print(json.dumps([{"name": a.name, "role": a.role, "disabled": a.disabled, "login": bool(a.password_hash),
                           "sessions": n} for a, n in everyone], ensure_ascii=False))
        return 0
    table = [("name", "role", "disabled", "sessions", "login")]
    table += [(a.name, a.role, "yes" if a.disabled else "no", str(n),
               "yes" if a.password_hash else "no (a name from single-user mode; `users add` makes it an account)")
              for a, n in everyone]
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[4])
    can = sum(1 for a, _ in everyone if a.password_hash and not a.disabled)
    print(f"{can} account(s) can log in: accounts mode" if can else
          "no account can log in: single-user mode (`users add NAME --role admin` creates the first admin)")
    return 0


@_refusals
def cmd_users_set_role(svc: Services, args: argparse.Namespace) -> int:
    role = check_role(args.role)
    before = existing(svc, args.name)
    svc.accounts.set_role(before.name, role)
    print(f"{before.name}: role {role} (was {before.role}); it applies at their next click")
    return 0


@_refusals
def cmd_users_reset_password(svc: Services, args: argparse.Namespace) -> int:
    account = existing(svc, args.name)
    svc.accounts.reset_password(account.name, read_password(args, account.name))
    print(f"password of {account.name} changed; a login open with the old one ends at its next click")
    return 0


@_refusals
def cmd_users_disable(svc: Services, args: argparse.Namespace) -> int:
    account = existing(svc, args.name)
    svc.accounts.disable(account.name)
    print(f"disabled {account.name}: they cannot log in, and a login still open ends at its next click; "
          "their sessions are kept")
    if svc.accounts.single_user():
        print("warning: no account can log in now, so the app is back in single-user mode: anyone who can open "
              "it sees every session. Add an admin: `python -m trainer users add NAME --role admin`", file=sys.stderr)
    return 0


@_refusals
def cmd_users_enable(svc: Services, args: argparse.Namespace) -> int:
    account = existing(svc, args.name)
    svc.accounts.enable(account.name)
    print(f"enabled {account.name}: they can log in again")
    return 0


def cmd_serve_address(svc: Services, args: argparse.Namespace) -> int:
    single = svc.accounts.single_user()
    address = serve_address(svc.settings.listen_address, single)
    print(address)
    if single and not is_loopback(address):
        print(f"warning: single-user mode on {address} (TRAINER_LISTEN_ADDRESS): anyone who can reach this "
              "machine sees every session", file=sys.stderr)
    elif single:
        print(f"note: single-user mode: listening on {address}, this machine only "
              "(`python -m trainer users add NAME --role admin` starts accounts mode)", file=sys.stderr)
    else:
        print(f"note: accounts mode: listening on {address}; every page asks for a login", file=sys.stderr)
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    users = sub.add_parser("users", help="accounts and roles").add_subparsers(dest="sub", required=True)
    stdin_help = "read the password from the first line of standard input instead of asking twice without echo"
    x = users.add_parser("add", help="a new account (a name from single-user mode keeps its sessions)")
    x.add_argument("name")
    x.add_argument("--role", required=True, help=f"one of: {', '.join(ROLES)}")
    x.add_argument("--password-stdin", action="store_true", help=stdin_help)
    x.set_defaults(fn=cmd_users_add)
    x = users.add_parser("list", help="every user: name, role, disabled, sessions (never a password hash)")
    x.add_argument("--json", action="store_true")
    x.set_defaults(fn=cmd_users_list)
    x = users.add_parser("set-role", help=f"change a user's role ({', '.join(ROLES)})")
    x.add_argument("name")
    x.add_argument("role")
    x.set_defaults(fn=cmd_users_set_role)
    x = users.add_parser("reset-password", help="set a new password")
    x.add_argument("name")
    x.add_argument("--password-stdin", action="store_true", help=stdin_help)
    x.set_defaults(fn=cmd_users_reset_password)
    x = users.add_parser("disable", help="the user can no longer log in; their sessions are kept")
    x.add_argument("name")
    x.set_defaults(fn=cmd_users_disable)
    x = users.add_parser("enable", help="a disabled user can log in again")
    x.add_argument("name")
    x.set_defaults(fn=cmd_users_enable)
    x = sub.add_parser("serve-address", help="the address `make run` listens on (127.0.0.1 in single-user mode)")
    x.set_defaults(fn=cmd_serve_address)

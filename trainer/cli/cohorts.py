"""python -m trainer cohorts create|add|remove|list, assign: cohorts and assignments (trainer.assignments).

The command line is run on the server by whoever operates it, so it acts as an admin: it manages
every cohort, and what it assigns is recorded as made by the cohort's supervisor. Every refusal is
one `error:` line and exit status 2."""
from __future__ import annotations

import argparse
import json

from ..assignments import OPERATOR, AssignmentError, Assignments, due_text
from ..services import Services
from .common import refusing

AS_OPERATOR = ("Run on the server by its operator, the command line acts as an admin: it manages every "
               "cohort, whoever supervises it.")


_refusals = refusing(AssignmentError)  # exit status 2, one error line


def service(svc: Services) -> Assignments:
    return Assignments(svc.store, svc.library)


@_refusals
def cmd_create(svc: Services, args: argparse.Namespace) -> int:
    c = service(svc).create_cohort(OPERATOR, args.name, args.supervisor)
    print(f"created cohort {c.name} (supervisor {c.supervisor}); add trainees: "
          f"python -m trainer cohorts add {json.dumps(c.name) if ' ' in c.name else c.name} USER...")
    return 0


@_refusals
def cmd_add(svc: Services, args: argparse.Namespace) -> int:
    added, already = service(svc).add_members(OPERATOR, args.cohort, args.users)
    if added:
        print(f"added to {' '.join(args.cohort.split())}: {', '.join(added)}")
    if already:
        print(f"already members: {', '.join(already)}")
    return 0


@_refusals
def cmd_remove(svc: Services, args: argparse.Namespace) -> int:
    gone = service(svc).remove_members(OPERATOR, args.cohort, args.users)
    print(f"removed from {' '.join(args.cohort.split())}: {', '.join(gone)} (their sessions stay theirs; "
          "the cohort's supervisor no longer sees them)")
    return 0


@_refusals
def cmd_list(svc: Services, args: argparse.Namespace) -> int:
    rows = service(svc).cohorts(OPERATOR)
    if args.json:
        print(json.dumps([{"name": c.name, "supervisor": c.supervisor, "members": list(c.members),
                           "assignments": c.assignments} for c in rows], ensure_ascii=False))
        return 0
    if not rows:
        print("no cohorts yet: python -m trainer cohorts create NAME --supervisor USER")
    for c in rows:
        print(f"{c.name}  supervisor {c.supervisor}  {len(c.members)} trainee(s): {', '.join(c.members) or '-'}  "
              f"{c.assignments} assignment(s)")
    return 0


@_refusals
def cmd_assign(svc: Services, args: argparse.Namespace) -> int:
    criteria = args.criteria.split(",") if args.criteria is not None else None
    made = service(svc).assign(
        OPERATOR, args.cohort, args.scenarios, due=args.due, attempts=args.attempts, criteria=criteria,
        note=args.note, trainee=args.trainee)
    for a in made:
        who = f"{a.trainee} (of {a.cohort})" if a.trainee else f"cohort {a.cohort}"
        extra = [f"due {due_text(a.due)}" if a.due else "no due date",
                 f"{a.attempts} attempt(s)" if a.attempts else "attempts unlimited",
                 f"criteria {', '.join(a.criteria)}" if a.criteria else "every criterion counts"]
        print(f"assignment {a.id}: {a.scenario_id} to {who}; {'; '.join(extra)}")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    cohorts = sub.add_parser("cohorts", help="cohorts of trainees and their supervisor (acts as an admin)",
                             description=AS_OPERATOR).add_subparsers(dest="sub", required=True)
    x = cohorts.add_parser("create", help="a new cohort", description=AS_OPERATOR)
    x.add_argument("name")
    x.add_argument("--supervisor", required=True, help="the account that supervises it (role supervisor)")
    x.set_defaults(fn=cmd_create)
    x = cohorts.add_parser("add", help="add trainees to a cohort", description=AS_OPERATOR)
    x.add_argument("cohort")
    x.add_argument("users", nargs="+", metavar="USER")
    x.set_defaults(fn=cmd_add)
    x = cohorts.add_parser("remove", help="remove trainees from a cohort (their sessions stay theirs)",
                           description=AS_OPERATOR)
    x.add_argument("cohort")
    x.add_argument("users", nargs="+", metavar="USER")
    x.set_defaults(fn=cmd_remove)
    x = cohorts.add_parser("list", help="every cohort: supervisor, trainees, assignments", description=AS_OPERATOR)
    x.add_argument("--json", action="store_true")
    x.set_defaults(fn=cmd_list)
    x = sub.add_parser("assign", help="assign scenarios to a cohort or one of its trainees (acts as an admin)",
                       description=AS_OPERATOR + " One assignment is made per scenario.")
    x.add_argument("cohort")
    x.add_argument("scenarios", nargs="+", metavar="SCENARIO_ID")
    x.add_argument("--due", metavar="YYYY-MM-DD", help="due at the end of that day (server's local time)")
    x.add_argument("--attempts", type=int, metavar="N", help="attempts allowed (at least 1; default: no limit)")
    x.add_argument("--criteria", metavar="C,...", help="the rubric criteria that count (default: all of the "
                   "scenario's)")
    x.add_argument("--note", metavar="TEXT", help="a note to the trainee")
    x.add_argument("--trainee", metavar="USER", help="assign to this trainee of the cohort only")
    x.set_defaults(fn=cmd_assign)

"""Who is acting: accounts, roles and login. Passwords are hashed with argon2 and never kept,
logged or shown; a login fails with one message whether the name or the password was wrong;
five failures in fifteen minutes lock the account for fifteen minutes. With no account yet the
app is in single-user mode: a name in the sidebar, on one machine."""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Literal, Protocol, get_args

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

Role = Literal["trainee", "supervisor", "admin"]
ROLES: tuple[str, ...] = get_args(Role)
LOCK_AFTER = 5           # failed logins within WINDOW lock the account
WINDOW = 15 * 60.0       # seconds
LOCKED_FOR = 15 * 60.0   # seconds after the last failure
MIN_PASSWORD = 8
BAD_LOGIN = "Unknown user or wrong password."


class AccountError(ValueError):
    """A refused account operation; the message says what to do."""


class LoginError(AccountError):
    """A refused login (the same message for an unknown name and a wrong password)."""


@dataclass(frozen=True)
class Actor:
    """The person a service call acts for; every read and write of sessions is scoped by it."""
    id: int
    name: str
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: Role
    password_hash: str | None
    disabled: bool
    created_at: float


class AccountStore(Protocol):
    """What accounts need of persistence (trainer.store.Store)."""
    def account(self, name: str) -> Account | None: ...
    def accounts(self) -> list[Account]: ...
    def add_account(self, name: str, role: str, password_hash: str) -> Account: ...
    def update_account(self, name: str, *, role: str | None = None, password_hash: str | None = None,
                       disabled: bool | None = None) -> None: ...
    def login_attempt(self, name: str, ok: bool, at: float) -> int: ...
    def forget_attempt(self, attempt: int) -> None: ...
    def prune_attempts(self, before: float) -> None: ...
    def failures_since(self, name: str, since: float) -> list[tuple[int, float]]: ...


def check_role(role: str) -> Role:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; the roles are: {', '.join(ROLES)}")
    return role  # type: ignore[return-value]


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
    return password


class Accounts:
    def __init__(self, store: AccountStore, hasher: PasswordHasher | None = None,
                 clock=time.time):
        self.store = store
        self.hasher = hasher or PasswordHasher()
        self.clock = clock
        self._dummy = self.hasher.hash("not a password of anyone")  # an unknown name costs a hash too

    def single_user(self) -> bool:
        """No account can log in yet: the app works as on one person's machine."""
        return not any(a.password_hash and not a.disabled for a in self.store.accounts())

    def add(self, name: str, role: str, password: str) -> Account:
        name = name.strip()
        if not name or len(name) > 120:
            raise AccountError("a user name needs 1 to 120 characters")
        check_role(role)
        existing = self.store.account(name)
        if existing is not None and existing.password_hash:
            raise AccountError(f"user {name!r} exists; use `users reset-password {name}` or `users set-role`")
        return self.store.add_account(name, role, self.hasher.hash(check_password(password)))

    def set_role(self, name: str, role: str) -> None:
        self._existing(name)
        self.store.update_account(name, role=check_role(role))

    def reset_password(self, name: str, password: str) -> None:
        self._existing(name)
        self.store.update_account(name, password_hash=self.hasher.hash(check_password(password)))

    def disable(self, name: str) -> None:
        self._existing(name)
        self.store.update_account(name, disabled=True)

    def enable(self, name: str) -> None:
        self._existing(name)
        self.store.update_account(name, disabled=False)

    def _existing(self, name: str) -> Account:
        a = self.store.account(name)
        if a is None or not a.password_hash:
            raise AccountError(f"no user {name!r}; `users list` shows who exists")
        return a

    def locked_for(self, name: str, before: int | None = None) -> float:
        """Seconds until the account may try again (0: not locked): fifteen minutes after the fifth of
        five failures that came within fifteen minutes (since the last success). `before`: only the
        attempts recorded before that one count."""
        now = self.clock()
        f = sorted(at for i, at in self.store.failures_since(name, now - WINDOW - LOCKED_FOR)
                   if before is None or i < before)
        until = max((f[i + LOCK_AFTER - 1] + LOCKED_FOR for i in range(len(f) - LOCK_AFTER + 1)
                     if f[i + LOCK_AFTER - 1] - f[i] <= WINDOW), default=0.0)
        return max(0.0, until - now)

    def login(self, name: str, password: str) -> Actor:
        """The actor for a right name and password; LoginError otherwise (locked: says for how long).
        The attempt is recorded as a failure before the password is checked, so guesses sent in
        parallel count against the lock too; a success then resets the count."""
        name = name.strip()
        self.store.prune_attempts(self.clock() - WINDOW - LOCKED_FOR)  # kept no longer than the lock needs them
        attempt = self.store.login_attempt(name, False, self.clock())
        wait = self.locked_for(name, before=attempt)
        if wait > 0:
            self.store.forget_attempt(attempt)  # a try while locked does not lengthen the lock
            raise LoginError(f"Too many failed logins: this account is locked for {math.ceil(wait / 60)} more "
                             "minute(s). Ask an admin if you have forgotten your password.")
        a = self.store.account(name)
        ok = False
        try:
            ok = self.hasher.verify(a.password_hash if a and a.password_hash else self._dummy, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            ok = False
        ok = ok and a is not None and bool(a.password_hash) and not a.disabled
        if not ok or a is None:
            raise LoginError(BAD_LOGIN)
        self.store.login_attempt(name, True, self.clock())
        if self.hasher.check_needs_rehash(a.password_hash or ""):
            self.store.update_account(name, password_hash=self.hasher.hash(password))
        return Actor(a.id, a.name, a.role)

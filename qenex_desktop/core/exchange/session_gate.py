"""The login check of exchange operations, inside the operation's own transaction.

The session is the one this process holds (``AuthService.held``), checked by the same rule as
every other check (``security/sessions.py``). A state change marks it used inside its own write
unit, in one statement (no second commit per swap). When that statement is not sure (no session
held yet, or it ended, expired or went idle), the unit is rolled back and the operation runs once
more after the full ``require_session()``, which resumes or ends (and audits) the session and
raises ``NotLoggedInError`` as usual. Reads check through ``require_session()``: a read
transaction, never the write lock.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy.orm import Session

from qenex_desktop.core.auth import ActiveSession, AuthService
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.errors import NotLoggedInError
from qenex_desktop.core.exchange import statements
from qenex_desktop.core.security.sessions import idle_expires_at

P = ParamSpec("P")
R = TypeVar("R")


class StaleSession(Exception):
    """The fast check could not confirm the session; never leaves this package."""


class SessionGate:
    def __init__(self, auth: AuthService, clock: Clock) -> None:
        self.auth = auth
        self.clock = clock

    def refresh(self) -> ActiveSession:
        """The full check: resumes this process's session if it holds none yet; raises when none."""
        return self.auth.require_session()

    def enter(self, session: Session) -> ActiveSession:
        """Inside a write unit: the live session, now marked used. Raises ``StaleSession`` when unsure.

        One statement: the row is touched only if it is this process's session, live, not expired, not idle.
        """
        held = self.auth.held
        if held is None:
            raise StaleSession
        now = self.clock.now_ms()
        row = (
            session.connection()
            .execute(
                statements.TOUCH_SESSION,
                {"b_session_id": held.session_id, "b_token_hash": held.token_hash, "now": now},
            )
            .first()
        )
        if row is None:
            raise StaleSession
        session_id, profile_id, created_at, expires_at, idle_timeout_s = row
        return ActiveSession(
            profile_id=profile_id,
            username=held.username,
            session_id=session_id,
            created_at=created_at,
            expires_at=expires_at,
            idle_expires_at=idle_expires_at(expires_at, now, idle_timeout_s),
        )

    def check(self) -> ActiveSession:
        """For reads: the live session (a read transaction; the mark of use is deferred)."""
        return self.auth.require_session()


class HasGate(Protocol):
    _gate: SessionGate


S = TypeVar("S", bound=HasGate)


def with_session(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Run a state change; if its fast session check was unsure, do the full check and run it once more."""

    @functools.wraps(method)
    def run(self: S, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(self, *args, **kwargs)
        except StaleSession:
            self._gate.refresh()  # raises NotLoggedInError when there is no live session
        try:
            return method(self, *args, **kwargs)
        except StaleSession:
            raise NotLoggedInError("No live session: log in (or unlock the app) first.") from None

    return run

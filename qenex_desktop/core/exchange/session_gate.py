"""The login check of exchange operations, inside the operation's own transaction.

``AuthService.require_session()`` reads the keyring and touches the session in a write
transaction of its own: a second commit (an fsync) per swap. Here the session token is remembered
after the first full check, and each operation checks and touches the session row inside its own
write unit. When that fast check is not sure (another profile became active, the session ended,
expired or went idle), the unit is rolled back and the operation runs once more after the full
``require_session()``, which ends and audits an expired session and raises ``NotLoggedInError``
as usual.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from qenex_desktop.core.auth import ACTIVE_PROFILE_KEY, ActiveSession, AuthService
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db.models import AppState, LoginSession
from qenex_desktop.core.errors import NotLoggedInError
from qenex_desktop.core.exchange import statements

P = ParamSpec("P")
R = TypeVar("R")


class StaleSession(Exception):
    """The fast check could not confirm the session; never leaves this package."""


class SessionGate:
    def __init__(self, auth: AuthService, clock: Clock) -> None:
        self.auth = auth
        self.clock = clock
        self._username: str | None = None
        self._token_hash: str | None = None

    def refresh(self) -> ActiveSession:
        """The full check (keyring + its own transaction); remembers the token for the fast one."""
        self._username = self._token_hash = None
        active = self.auth.require_session()
        token = self.auth.token_store.load(active.username)
        if token is not None:
            self._username = active.username
            self._token_hash = hashlib.sha256(token.encode("ascii")).hexdigest()
        return active

    def _live_row(self, session: Session) -> LoginSession:
        if self._username is None or self._token_hash is None:
            raise StaleSession
        state = session.get(AppState, ACTIVE_PROFILE_KEY)
        if state is None or state.value != self._username:
            raise StaleSession
        row = session.scalar(
            select(LoginSession).where(
                LoginSession.token_hash == self._token_hash, LoginSession.ended_at.is_(None)
            )
        )
        now = self.clock.now_ms()
        if row is None or now >= row.expires_at or now >= row.last_used_at + row.idle_timeout_s * 1000:
            raise StaleSession
        return row

    def _active(self, row: LoginSession) -> ActiveSession:
        assert self._username is not None
        return ActiveSession(
            profile_id=row.profile_id,
            username=self._username,
            session_id=row.id,
            created_at=row.created_at,
            expires_at=row.expires_at,
            idle_expires_at=min(row.expires_at, row.last_used_at + row.idle_timeout_s * 1000),
        )

    def enter(self, session: Session) -> ActiveSession:
        """Inside a write unit: the live session, now marked used. Raises ``StaleSession`` when unsure.

        One statement: the row is touched only if it is this profile's, live, not expired, not idle.
        """
        if self._username is None or self._token_hash is None:
            raise StaleSession
        now = self.clock.now_ms()
        row = (
            session.connection()
            .execute(
                statements.TOUCH_SESSION,
                {
                    "b_token_hash": self._token_hash,
                    "now": now,
                    "state_key": ACTIVE_PROFILE_KEY,
                    "username": self._username,
                },
            )
            .first()
        )
        if row is None:
            raise StaleSession
        session_id, profile_id, created_at, expires_at, idle_timeout_s = row
        return ActiveSession(
            profile_id=profile_id,
            username=self._username,
            session_id=session_id,
            created_at=created_at,
            expires_at=expires_at,
            idle_expires_at=min(expires_at, now + idle_timeout_s * 1000),
        )

    def check(self) -> ActiveSession:
        """For reads: the live session without touching it."""
        try:
            with self.auth.db.read() as session:
                return self._active(self._live_row(session))
        except StaleSession:
            return self.refresh()


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

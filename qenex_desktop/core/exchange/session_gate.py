"""The login check of exchange operations, without a commit of its own.

``AuthService.require_session()`` touches the session in a write transaction of its own: a second
fsync per swap. Here the check is a read, and the touch (``last_used_at``) happens inside the
operation's own write unit. Whenever the fast path is not sure (no token, session ended, expired,
idle), it defers to ``require_session()``, which ends and audits the session and raises as usual.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from qenex_desktop.core.auth import ACTIVE_PROFILE_KEY, ActiveSession, AuthService
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db.models import AppState, LoginSession
from qenex_desktop.core.errors import NotLoggedInError


class SessionGate:
    def __init__(self, auth: AuthService, clock: Clock) -> None:
        self.auth = auth
        self.clock = clock

    def check(self) -> ActiveSession:
        """The live session of the active profile (read only), or what ``require_session`` says."""
        with self.auth.db.read() as session:
            state = session.get(AppState, ACTIVE_PROFILE_KEY)
            username = state.value if state is not None else None
            token = self.auth.token_store.load(username) if username else None
            row = None
            if token is not None:
                digest = hashlib.sha256(token.encode("ascii")).hexdigest()
                row = session.scalar(
                    select(LoginSession).where(
                        LoginSession.token_hash == digest, LoginSession.ended_at.is_(None)
                    )
                )
        now = self.clock.now_ms()
        if (
            row is None
            or username is None
            or now >= row.expires_at
            or now >= row.last_used_at + row.idle_timeout_s * 1000
        ):
            return self.auth.require_session()
        return ActiveSession(
            profile_id=row.profile_id,
            username=username,
            session_id=row.id,
            created_at=row.created_at,
            expires_at=row.expires_at,
            idle_expires_at=min(row.expires_at, now + row.idle_timeout_s * 1000),
        )

    def touch(self, session: Session, active: ActiveSession) -> None:
        """Inside the operation's write unit: the session is still live, and now used."""
        result = session.execute(
            update(LoginSession)
            .where(LoginSession.id == active.session_id, LoginSession.ended_at.is_(None))
            .values(last_used_at=self.clock.now_ms())
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            raise NotLoggedInError("Your session ended (logged out or locked): log in again.")

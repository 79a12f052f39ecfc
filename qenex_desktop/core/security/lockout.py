"""The lockout rule, applied to every password guess (login, password change, confirmations, unlock).

An attempt is counted *before* its Argon2 verify, in the same write transaction that checks the
lock (a reservation): guesses started at the same moment from ten processes queue for that
transaction, so a burst gets the ``max_failed_logins`` attempts the rule allows and the rest are
refused as locked without any Argon2 work. The attempt that fills the run sets the lock at once.
A right password then releases its reservation and forgives the failures before it (guesses
counted after it stay counted, and a lock they set stands; a lock it set itself is lifted); a
wrong one stays counted, and is audited with the lock it caused. An attempt cut off by a crash
between the two stays counted, which errs on the safe side.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qenex_desktop.core.audit import AuditLog, Category
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.config import SecuritySettings
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import Profile
from qenex_desktop.core.errors import LockedOutError


@dataclass(frozen=True)
class Attempt:
    """A reserved password guess: counted as a failure until it proves right."""

    profile_id: int
    username: str
    password_hash: str
    #: This attempt's place in the run of unproven guesses (1 .. max_failed_logins).
    run: int
    #: The profile's lockout count once this attempt was counted (a later lock changes it).
    lockout_count: int
    #: The lock this attempt set by filling the run (its end and length), else None.
    locked_until: int | None = None
    locked_for_s: int | None = None


class Lockout:
    def __init__(self, database: Database, audit: AuditLog, clock: Clock, settings: SecuritySettings) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock
        self.settings = settings

    def reserve(self, username: str, refused_event: str) -> Attempt | None:
        """Count one guess for ``username``; None when there is no such profile.

        Raises ``LockedOutError`` (audited as ``refused_event``) while the profile is locked.
        """
        attempt: Attempt | None = None
        with self.db.write() as session:
            profile = session.scalar(select(Profile).where(Profile.username == username))
            if profile is None:
                return None
            now = self.clock.now_ms()
            refused_for = self._refusal(session, profile, now, refused_event)
            if not refused_for:
                attempt = self._count(profile, now)
        if refused_for:
            raise _locked_out(refused_for)
        return attempt

    def _refusal(self, session: Session, profile: Profile, now_ms: int, event: str) -> int:
        """Seconds the profile stays locked (audited as ``event``: hammering must leave a trace), or 0."""
        if not profile.locked_until or profile.locked_until <= now_ms:
            return 0
        remaining = -(-(profile.locked_until - now_ms) // 1000)
        self.audit.append(
            session,
            category=Category.SECURITY,
            event=event,
            actor=profile.username,
            details={"reason": "locked_out", "retry_after_s": remaining},
        )
        return remaining

    def _count(self, profile: Profile, now_ms: int) -> Attempt:
        if profile.locked_until is not None and profile.locked_until <= now_ms:
            profile.locked_until = None  # a lock that has run out
        profile.failed_logins += 1
        run = profile.failed_logins
        if run < self.settings.max_failed_logins:
            return Attempt(profile.id, profile.username, profile.password_hash, run, profile.lockout_count)
        profile.lockout_count += 1
        backoff_s = min(
            self.settings.lockout_base_s * 2 ** (profile.lockout_count - 1), self.settings.lockout_max_s
        )
        profile.locked_until = now_ms + backoff_s * 1000
        profile.failed_logins = 0
        return Attempt(
            profile.id,
            profile.username,
            profile.password_hash,
            run,
            profile.lockout_count,
            locked_until=profile.locked_until,
            locked_for_s=backoff_s,
        )

    def wrong(self, attempt: Attempt) -> None:
        """The guess was wrong: it stays counted; audit it (and the lock it set, if it did)."""
        with self.db.write() as session:
            self._audit_wrong(session, attempt)

    def _audit_wrong(self, session: Session, attempt: Attempt) -> None:
        self.audit.append(
            session,
            category=Category.SECURITY,
            event="login.failed",
            actor=attempt.username,
            details={"reason": "wrong_password", "failures_in_a_row": attempt.run},
        )
        if attempt.locked_for_s is not None:
            self.audit.append(
                session,
                category=Category.SECURITY,
                event="login.locked_out",
                actor=attempt.username,
                details={"seconds": attempt.locked_for_s, "lockout_count": attempt.lockout_count},
            )

    def _audit_cleared(self, session: Session, username: str, cleared: int) -> None:
        self.audit.append(
            session,
            category=Category.SECURITY,
            event="password.failures_cleared",
            actor=username,
            details={"failures_in_a_row": cleared},
        )

    def right(self, attempt: Attempt) -> None:
        """The guess was right (a confirmation, not a login): release it, ending the run of failures."""
        with self.db.write() as session:
            self._release(session, attempt, login=False)

    def logged_in(self, session: Session, attempt: Attempt) -> Profile:
        """Inside the login's own transaction: release it; a login also ends the lock streak."""
        return self._release(session, attempt, login=True)

    def _release(self, session: Session, attempt: Attempt, *, login: bool) -> Profile:
        """Uncount a right guess and the failures before it. Guesses counted after it (a burst in
        flight) stay counted, and a lock one of them set meanwhile stands."""
        profile = session.get_one(Profile, attempt.profile_id)
        if profile.lockout_count != attempt.lockout_count or profile.locked_until != attempt.locked_until:
            return profile  # a later guess filled the run: its lock stands (this login still succeeds)
        if attempt.locked_until is not None:  # this right guess filled the run: lift its own lock
            profile.locked_until = None
            profile.lockout_count -= 1
        else:
            profile.failed_logins = max(0, profile.failed_logins - attempt.run)
        if login:
            profile.lockout_count = 0
        if attempt.run > 1 and not login:
            self._audit_cleared(session, attempt.username, attempt.run - 1)
        return profile


def _locked_out(seconds: int) -> LockedOutError:
    return LockedOutError(
        f"Too many failed logins. Try again in {human_seconds(seconds)}.", retry_after_seconds=seconds
    )


def human_seconds(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"

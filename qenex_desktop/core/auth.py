"""Profiles, logins, lockout and sessions.

Password hashing (0.1-0.5 s with the default Argon2id cost; README, Security) runs outside any database
transaction, so a login never holds the ledger's write lock while it hashes.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from qenex_desktop.core.audit import AuditLog, Category
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.config import SecuritySettings
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import AppState, LoginSession, Profile
from qenex_desktop.core.errors import (
    AlreadyExistsError,
    AuthenticationError,
    LockedOutError,
    NotFoundError,
    NotLoggedInError,
    ValidationError,
)
from qenex_desktop.core.instrumentation import Instrumentation, operation
from qenex_desktop.core.security.keyring_store import SessionTokenStore
from qenex_desktop.core.security.passwords import PasswordHasher, check_password_rules, is_legacy_hash
from qenex_desktop.core.validation import parse_username

ACTIVE_PROFILE_KEY = "active_profile"
_WRONG_CREDENTIALS = "Wrong username or password."


@dataclass(frozen=True)
class ActiveSession:
    profile_id: int
    username: str
    session_id: int
    created_at: int
    expires_at: int
    idle_expires_at: int


@dataclass(frozen=True)
class LoginResult:
    session: ActiveSession
    password_upgraded: bool


#: Runs inside the password-change transaction, e.g. to re-encrypt wallet keys under the new password.
PasswordChangeHook = Callable[[Session, int, str, str], None]


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


class AuthService:
    def __init__(
        self,
        database: Database,
        audit: AuditLog,
        clock: Clock,
        settings: SecuritySettings,
        token_store: SessionTokenStore,
        instrumentation: Instrumentation,
    ) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock
        self.settings = settings
        self.token_store = token_store
        self.instrumentation = instrumentation
        self.password_change_hooks: list[PasswordChangeHook] = []
        #: Who logged in through this process. The ledger's active profile is shared by every
        #: process on the data dir; without this, a GUI's logout after a CLI login as someone
        #: else would end the CLI's session and leave the GUI's own token live.
        self._own_username: str | None = None

    @cached_property
    def hasher(self) -> PasswordHasher:
        return PasswordHasher(self.settings.argon2)

    # -- profiles --------------------------------------------------------------------------

    @operation("profile.create")
    def create_profile(self, username: str, password: str) -> int:
        username = parse_username(username)
        check_password_rules(password, username=username)
        password_hash = self.hasher.hash(password)
        now = self.clock.now_ms()
        with self.db.write() as session:
            if session.scalar(select(Profile.id).where(Profile.username == username)) is not None:
                raise AlreadyExistsError(f"A profile named {username!r} exists already.", field="username")
            profile = Profile(
                username=username,
                password_hash=password_hash,
                created_at=now,
                password_changed_at=now,
                failed_logins=0,
                lockout_count=0,
            )
            session.add(profile)
            session.flush()
            self.audit.append(
                session,
                category=Category.SECURITY,
                event="profile.created",
                actor=username,
                details={"profile_id": profile.id},
            )
            return profile.id

    def list_profiles(self) -> list[str]:
        with self.db.read() as session:
            return list(session.scalars(select(Profile.username).order_by(Profile.username)).all())

    def has_profiles(self) -> bool:
        with self.db.read() as session:
            return session.scalar(select(Profile.id).limit(1)) is not None

    def lockout_remaining_s(self, username: str) -> int:
        """Seconds until this profile may try again (0 when not locked); for the countdown."""
        with self.db.read() as session:
            locked_until = session.scalar(
                select(Profile.locked_until).where(Profile.username == username.lower())
            )
        if not locked_until:
            return 0
        return max(0, -(-(locked_until - self.clock.now_ms()) // 1000))

    # -- login -----------------------------------------------------------------------------

    @operation("auth.login")
    def login(self, username: str, password: str) -> LoginResult:
        try:
            username = parse_username(username)
        except ValidationError:
            self.hasher.burn_time()
            raise AuthenticationError(_WRONG_CREDENTIALS, field="username") from None
        with self.db.read() as session:
            profile = session.scalar(select(Profile).where(Profile.username == username))
        now = self.clock.now_ms()
        if profile is None:
            self.hasher.burn_time()  # unknown usernames cost what known ones do
            with self.db.write() as session:
                self.audit.append(
                    session,
                    category=Category.SECURITY,
                    event="login.failed",
                    actor=None,
                    # Not the typed name: people type their password into the name field.
                    details={"reason": "unknown_user"},
                )
            raise AuthenticationError(_WRONG_CREDENTIALS, field="password")
        self._refuse_if_locked(profile, now, "login.failed")
        result = self.hasher.verify(profile.password_hash, password)
        if not result.ok:
            self._record_failure(profile.id, username)
            raise AuthenticationError(_WRONG_CREDENTIALS, field="password")
        new_hash = self.hasher.hash(password) if result.needs_rehash else None
        token = secrets.token_hex(32)  # 256 bits
        with self.db.write() as session:
            fresh = session.get_one(Profile, profile.id)
            fresh.failed_logins = 0
            fresh.lockout_count = 0
            fresh.locked_until = None
            if new_hash is not None:
                was_legacy = is_legacy_hash(fresh.password_hash)
                fresh.password_hash = new_hash
                self.audit.append(
                    session,
                    category=Category.SECURITY,
                    event="password.rehashed",
                    actor=username,
                    details={
                        "from": "pbkdf2-sha256-legacy" if was_legacy else "argon2id-old-parameters",
                        "to": "argon2id",
                    },
                )
            login_session = LoginSession(
                profile_id=fresh.id,
                token_hash=_token_hash(token),
                created_at=now,
                last_used_at=now,
                idle_timeout_s=self.settings.session_idle_timeout_s,
                expires_at=now + self.settings.session_lifetime_s * 1000,
            )
            session.add(login_session)
            session.flush()
            _set_state(session, ACTIVE_PROFILE_KEY, username)
            self.audit.append(
                session,
                category=Category.SECURITY,
                event="login.succeeded",
                actor=username,
                details={"session_id": login_session.id},
            )
            active = _active(login_session, username)
        self.token_store.save(username, token)
        self._own_username = username
        return LoginResult(session=active, password_upgraded=new_hash is not None)

    def _refuse_if_locked(self, profile: Profile, now_ms: int, event: str) -> None:
        """Refuse (and audit: hammering a locked profile must leave a trace) while it is locked."""
        if not profile.locked_until or profile.locked_until <= now_ms:
            return
        remaining = -(-(profile.locked_until - now_ms) // 1000)
        with self.db.write() as session:
            self.audit.append(
                session,
                category=Category.SECURITY,
                event=event,
                actor=profile.username,
                details={"reason": "locked_out", "retry_after_s": remaining},
            )
        raise LockedOutError(
            f"Too many failed logins. Try again in {_human_seconds(remaining)}.",
            retry_after_seconds=remaining,
        )

    def _record_failure(self, profile_id: int, username: str) -> None:
        now = self.clock.now_ms()
        with self.db.write() as session:
            profile = session.get_one(Profile, profile_id)
            profile.failed_logins += 1
            self.audit.append(
                session,
                category=Category.SECURITY,
                event="login.failed",
                actor=username,
                details={"reason": "wrong_password", "failures_in_a_row": profile.failed_logins},
            )
            if profile.failed_logins >= self.settings.max_failed_logins:
                profile.lockout_count += 1
                backoff_s = min(
                    self.settings.lockout_base_s * 2 ** (profile.lockout_count - 1),
                    self.settings.lockout_max_s,
                )
                profile.locked_until = now + backoff_s * 1000
                profile.failed_logins = 0
                self.audit.append(
                    session,
                    category=Category.SECURITY,
                    event="login.locked_out",
                    actor=username,
                    details={"seconds": backoff_s, "lockout_count": profile.lockout_count},
                )

    # -- sessions --------------------------------------------------------------------------

    def active_username(self) -> str | None:
        """The profile this process logged in as, else the data dir's last active profile."""
        if self._own_username is not None:
            return self._own_username
        with self.db.read() as session:
            return _get_state(session, ACTIVE_PROFILE_KEY)

    def current_session(self, *, touch: bool = True) -> ActiveSession | None:
        """The live session of the active profile, resumed from the keyring; None when there is none."""
        username = self.active_username()
        if username is None:
            return None
        token = self.token_store.load(username)
        if token is None:
            return None
        now = self.clock.now_ms()
        with self.db.write() as session:
            row = session.scalar(
                select(LoginSession).where(
                    LoginSession.token_hash == _token_hash(token), LoginSession.ended_at.is_(None)
                )
            )
            if row is None:
                ended = True
            elif now >= row.expires_at or now >= row.last_used_at + row.idle_timeout_s * 1000:
                row.ended_at = now
                row.end_reason = "expired" if now >= row.expires_at else "idle"
                self.audit.append(
                    session,
                    category=Category.SECURITY,
                    event="session.expired",
                    actor=username,
                    details={"session_id": row.id, "reason": row.end_reason},
                )
                ended = True
            else:
                ended = False
                if touch:
                    row.last_used_at = now
                active = _active(row, username)
        if ended:
            self.token_store.delete(username)
            return None
        return active

    def require_session(self) -> ActiveSession:
        active = self.current_session()
        if active is None:
            raise NotLoggedInError("No live session: log in (or unlock the app) first.")
        return active

    @operation("auth.logout")
    def logout(self, *, reason: str = "logout") -> bool:
        """End the active session (``reason`` is "logout" or "lock"); False when there was none."""
        username = self.active_username()
        if username is None:
            return False
        token = self.token_store.load(username)
        ended = False
        if token is not None:
            with self.db.write() as session:
                result = session.execute(
                    update(LoginSession)
                    .where(LoginSession.token_hash == _token_hash(token), LoginSession.ended_at.is_(None))
                    .values(ended_at=self.clock.now_ms(), end_reason=reason)
                )
                ended = bool(result.rowcount)  # type: ignore[attr-defined]
                if ended:
                    self.audit.append(
                        session,
                        category=Category.SECURITY,
                        event="session.locked" if reason == "lock" else "logout",
                        actor=username,
                        details={},
                    )
        self.token_store.delete(username)
        self._own_username = None
        return ended

    @operation("auth.change_password")
    def change_password(self, username: str, old_password: str, new_password: str) -> None:
        username = parse_username(username)
        with self.db.read() as session:
            profile = session.scalar(select(Profile).where(Profile.username == username))
        if profile is None:
            raise NotFoundError(f"No profile named {username!r}.")
        # The lockout guards every password guess, not only logins: else this is a free oracle.
        self._refuse_if_locked(profile, self.clock.now_ms(), "password.change_failed")
        if not self.hasher.verify(profile.password_hash, old_password).ok:
            self._record_failure(profile.id, username)
            raise AuthenticationError("The current password is wrong.", field="old_password")
        check_password_rules(new_password, username=username, field="new_password")
        new_hash = self.hasher.hash(new_password)
        with self.db.write() as session:
            fresh = session.get_one(Profile, profile.id)
            fresh.password_hash = new_hash
            fresh.password_changed_at = self.clock.now_ms()
            for hook in self.password_change_hooks:
                hook(session, fresh.id, old_password, new_password)
            self.audit.append(
                session, category=Category.SECURITY, event="password.changed", actor=username, details={}
            )

    def verify_password(self, username: str, password: str) -> bool:
        """Check a password without logging in (to confirm a send or an export).

        Wrong answers count towards the lockout like failed logins, and a locked profile is refused:
        else a live session (say, a token read from a plain-text keyring file) would be an unlimited
        guessing oracle for the password that also decrypts the keys.
        """
        with self.db.read() as session:
            profile = session.scalar(select(Profile).where(Profile.username == username))
        if profile is None:
            self.hasher.burn_time()
            return False
        self._refuse_if_locked(profile, self.clock.now_ms(), "password.check_failed")
        if self.hasher.verify(profile.password_hash, password).ok:
            self._clear_failures(profile.id, username)
            return True
        self._record_failure(profile.id, username)
        return False

    def refuse_if_locked(self, username: str, event: str = "password.check_failed") -> None:
        """Raise ``LockedOutError`` while the profile is locked (for password checks done elsewhere)."""
        with self.db.read() as session:
            profile = session.scalar(select(Profile).where(Profile.username == username))
        if profile is not None:
            self._refuse_if_locked(profile, self.clock.now_ms(), event)

    def record_right_password(self, username: str) -> None:
        """A right password checked elsewhere (the wallet vault) ends a run of failures, as a login does."""
        with self.db.read() as session:
            found = session.scalar(select(Profile.id).where(Profile.username == username))
        if found is not None:
            self._clear_failures(found, username)

    def _clear_failures(self, profile_id: int, username: str) -> None:
        """Reset the run of wrong passwords (a no-op, with no write, when there was none)."""
        with self.db.read() as session:
            failures = session.scalar(select(Profile.failed_logins).where(Profile.id == profile_id))
        if not failures:
            return
        with self.db.write() as session:
            profile = session.get_one(Profile, profile_id)
            cleared, profile.failed_logins = profile.failed_logins, 0
            self.audit.append(
                session,
                category=Category.SECURITY,
                event="password.failures_cleared",
                actor=username,
                details={"failures_in_a_row": cleared},
            )

    def record_wrong_password(self, username: str) -> None:
        """Count a wrong password checked outside this service (the wallet vault) towards the lockout."""
        with self.db.read() as session:
            found = session.scalar(select(Profile.id).where(Profile.username == username))
        if found is not None:
            self._record_failure(found, username)

    def profile_id(self, username: str) -> int:
        with self.db.read() as session:
            found = session.scalar(select(Profile.id).where(Profile.username == username))
        if found is None:
            raise NotFoundError(f"No profile named {username!r}.")
        return found


def _active(row: LoginSession, username: str) -> ActiveSession:
    return ActiveSession(
        profile_id=row.profile_id,
        username=username,
        session_id=row.id,
        created_at=row.created_at,
        expires_at=row.expires_at,
        idle_expires_at=min(row.expires_at, row.last_used_at + row.idle_timeout_s * 1000),
    )


def _get_state(session: Session, key: str) -> str | None:
    row = session.get(AppState, key)
    return row.value if row else None


def _set_state(session: Session, key: str, value: str) -> None:
    row = session.get(AppState, key)
    if row is None:
        session.add(AppState(key=key, value=value))
    else:
        row.value = value


def _human_seconds(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"

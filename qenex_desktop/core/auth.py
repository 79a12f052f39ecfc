"""Profiles, logins, lockout and sessions.

Password hashing (0.1-0.5 s with the default Argon2id cost; README, Security) runs outside any database
transaction, so a login never holds the ledger's write lock while it hashes. Every guess is counted
before it is hashed (``security/lockout.py``). A process's identity is the session it holds
(``HeldSession``): checks of it are read transactions (``security/sessions.py`` has the rule).
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import threading
from collections.abc import Callable, Iterator
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
    LedgerBusyError,
    NotFoundError,
    NotLoggedInError,
    ProfileInactiveError,
    ValidationError,
)
from qenex_desktop.core.instrumentation import Instrumentation, operation
from qenex_desktop.core.security import sessions
from qenex_desktop.core.security.keyring_store import SessionTokenStore
from qenex_desktop.core.security.lockout import Attempt, Lockout
from qenex_desktop.core.security.passwords import PasswordHasher, check_password_rules, is_legacy_hash
from qenex_desktop.core.security.sessions import HeldSession, token_hash
from qenex_desktop.core.validation import parse_username

_log = logging.getLogger(__name__)

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
        self.lockout = Lockout(database, audit, clock, settings)
        #: The session this process holds: its identity. The data dir's active profile is shared by
        #: every process (the last login anywhere); it is only the hint for the first resume, else a
        #: window would act as, and lock, whoever logged in last in a terminal.
        self._held: HeldSession | None = None
        self._has_held = False  # once it held one, a process never resumes another
        self._last_username: str | None = None
        self._held_guard = threading.Lock()

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
        attempt = self.lockout.reserve(username, "login.failed")
        if attempt is None:
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
        result = self.hasher.verify(attempt.password_hash, password)
        if not result.ok:
            self.lockout.wrong(attempt)
            raise AuthenticationError(_WRONG_CREDENTIALS, field="password")
        try:
            new_hash = self.hasher.hash(password) if result.needs_rehash else None
            token = secrets.token_hex(32)  # 256 bits
            active = self._open_session(attempt, token, new_hash)
        except BaseException:
            with contextlib.suppress(Exception):
                self.lockout.right(attempt)  # the password was right: it must not count as a failure
            raise
        self.token_store.save(username, token)
        self._hold(HeldSession(username, active.profile_id, active.session_id, token_hash(token)))
        return LoginResult(session=active, password_upgraded=new_hash is not None)

    def _open_session(self, attempt: Attempt, token: str, new_hash: str | None) -> ActiveSession:
        """The login's one transaction: the run of failures ends, the session row, the audit."""
        now = self.clock.now_ms()
        with self.db.write() as session:
            profile = self.lockout.logged_in(session, attempt)
            if not profile.is_active:  # checked after the password, so only its owner learns it
                raise ProfileInactiveError(
                    f"The profile {attempt.username!r} was inactive in the original QENEX system it was "
                    "imported from, so it cannot log in here.",
                    field="username",
                )
            if new_hash is not None:
                was_legacy = is_legacy_hash(profile.password_hash)
                profile.password_hash = new_hash
                self.audit.append(
                    session,
                    category=Category.SECURITY,
                    event="password.rehashed",
                    actor=attempt.username,
                    details={
                        "from": "pbkdf2-sha256-legacy" if was_legacy else "argon2id-old-parameters",
                        "to": "argon2id",
                    },
                )
            row = LoginSession(
                profile_id=profile.id,
                token_hash=token_hash(token),
                created_at=now,
                last_used_at=now,
                idle_timeout_s=self.settings.session_idle_timeout_s,
                expires_at=now + self.settings.session_lifetime_s * 1000,
            )
            session.add(row)
            session.flush()
            _set_state(session, ACTIVE_PROFILE_KEY, attempt.username)  # the hint for the next process
            self.audit.append(
                session,
                category=Category.SECURITY,
                event="login.succeeded",
                actor=attempt.username,
                details={"session_id": row.id},
            )
            return _active(row, attempt.username)

    # -- sessions --------------------------------------------------------------------------

    @property
    def held(self) -> HeldSession | None:
        """The session this process holds now, without resuming one."""
        return self._held

    def active_username(self) -> str | None:
        """This process's profile (held now, else last held), else the data dir's last login: the
        one to offer at the unlock prompt."""
        held = self._held
        if held is not None:
            return held.username
        if self._last_username is not None:
            return self._last_username
        with self.db.read() as session:
            return _get_state(session, ACTIVE_PROFILE_KEY)

    def current_session(self, *, touch: bool = True) -> ActiveSession | None:
        """This process's live session, None when there is none. Never waits for another writer.

        A process that never held one resumes the data dir's last login from the keyring, once;
        from then on its identity is that session (another login elsewhere does not change it),
        and when it ends, the process is logged out until it logs in itself.
        """
        held = self._held or (self._resume() if not self._has_held else None)
        if held is None:
            return None
        now = self.clock.now_ms()
        with self.db.read() as session:
            row = session.get(LoginSession, held.session_id)
        if row is None or row.ended_at is not None or row.token_hash != held.token_hash:
            self._let_go(held)  # ended elsewhere (logout or lock of the same profile)
            return None
        reason = sessions.end_reason(row, now)
        if reason is not None:
            self._end_expired(held, reason, now)
            return None
        last_used = row.last_used_at
        if touch and sessions.touch_due(row, now) and self._touch(held, now):
            last_used = now
        return ActiveSession(
            profile_id=row.profile_id,
            username=held.username,
            session_id=row.id,
            created_at=row.created_at,
            expires_at=row.expires_at,
            idle_expires_at=sessions.idle_expires_at(row.expires_at, last_used, row.idle_timeout_s),
        )

    def _resume(self) -> HeldSession | None:
        """The data dir's last login, if its token is in the keyring and its session still live."""
        with self.db.read() as session:
            username = _get_state(session, ACTIVE_PROFILE_KEY)
        token = self.token_store.load(username) if username is not None else None
        if username is None or token is None:
            return None
        hashed = token_hash(token)
        with self.db.read() as session:
            row = session.scalar(
                select(LoginSession).where(LoginSession.token_hash == hashed, LoginSession.ended_at.is_(None))
            )
        if row is None:
            self.token_store.delete(username, only_if=lambda stored: stored == token)  # stale
            return None
        found = HeldSession(username, row.profile_id, row.id, hashed)
        reason = sessions.end_reason(row, self.clock.now_ms())
        if reason is not None:
            self._end_expired(found, reason, self.clock.now_ms())
            return None
        with self._held_guard:
            if self._held is None and not self._has_held:
                self._hold(found)
            return self._held

    def _touch(self, held: HeldSession, now: int) -> bool:
        """Mark the session used, unless the ledger is busy (a read must not wait for a writer)."""
        try:
            with self.db.write_now() as session:
                session.execute(
                    update(LoginSession)
                    .where(
                        LoginSession.id == held.session_id,
                        LoginSession.token_hash == held.token_hash,
                        LoginSession.last_used_at < now,
                        *sessions.live_clauses(LoginSession, now),
                    )
                    .values(last_used_at=now)
                )
        except LedgerBusyError:
            return False
        return True

    def _end_expired(self, held: HeldSession, reason: str, now: int) -> None:
        """Record the end of a session found past its deadline (audited once, by whoever sees it
        first). With the ledger busy this is left to the next check: no check accepts it meanwhile."""
        self._let_go(held)
        try:
            with self.db.write_now() as session:
                ended = _end_row(session, held, now, reason)
                if ended:
                    self.audit.append(
                        session,
                        category=Category.SECURITY,
                        event="session.expired",
                        actor=held.username,
                        details={"session_id": held.session_id, "reason": reason},
                    )
        except LedgerBusyError:
            return
        self._forget_token(held)

    def require_session(self) -> ActiveSession:
        active = self.current_session()
        if active is None:
            raise NotLoggedInError("No live session: log in (or unlock the app) first.")
        return active

    @operation("auth.logout")
    def logout(self, *, reason: str = "logout") -> bool:
        """End this process's session (``reason`` is "logout" or "lock"); False when there was none."""
        held = self._held or (self._resume() if not self._has_held else None)
        if held is None:
            return False
        with self.db.write() as session:
            ended = _end_row(session, held, self.clock.now_ms(), reason)
            if ended:
                self.audit.append(
                    session,
                    category=Category.SECURITY,
                    event="session.locked" if reason == "lock" else "logout",
                    actor=held.username,
                    details={},
                )
        self._forget_token(held)
        self._let_go(held)
        return ended

    def _hold(self, held: HeldSession) -> None:
        self._held = held
        self._has_held = True
        self._last_username = held.username

    def _let_go(self, held: HeldSession) -> None:
        with self._held_guard:
            if self._held == held:
                self._held = None

    def _forget_token(self, held: HeldSession) -> None:
        """Remove the keyring entry if it is still this session's token (not a newer login's)."""
        self.token_store.delete(held.username, only_if=lambda stored: token_hash(stored) == held.token_hash)

    # -- passwords -------------------------------------------------------------------------

    @operation("auth.change_password")
    def change_password(self, username: str, old_password: str, new_password: str) -> None:
        username = parse_username(username)
        # The lockout guards every password guess, not only logins: else this is a free oracle.
        attempt = self.lockout.reserve(username, "password.change_failed")
        if attempt is None:
            raise NotFoundError(f"No profile named {username!r}.")
        if not self.hasher.verify(attempt.password_hash, old_password).ok:
            self.lockout.wrong(attempt)
            raise AuthenticationError("The current password is wrong.", field="old_password")
        self.lockout.right(attempt)
        check_password_rules(new_password, username=username, field="new_password")
        new_hash = self.hasher.hash(new_password)
        with self.db.write() as session:
            fresh = session.get_one(Profile, attempt.profile_id)
            fresh.password_hash = new_hash
            fresh.password_changed_at = self.clock.now_ms()
            for hook in self.password_change_hooks:
                hook(session, fresh.id, old_password, new_password)
            self.audit.append(
                session, category=Category.SECURITY, event="password.changed", actor=username, details={}
            )

    def verify_password(self, username: str, password: str) -> bool:
        """Check a password without logging in (to confirm a send or an export).

        Each check is a guess under the lockout, counted before it is verified: else a live session
        (say, a token read from a plain-text keyring file) would be an unlimited guessing oracle
        for the password that also decrypts the keys.
        """
        attempt = self.lockout.reserve(username, "password.check_failed")
        if attempt is None:
            self.hasher.burn_time()
            return False
        if self.hasher.verify(attempt.password_hash, password).ok:
            self.lockout.right(attempt)
            return True
        self.lockout.wrong(attempt)
        return False

    @contextlib.contextmanager
    def password_attempt(self, username: str, event: str = "password.check_failed") -> Iterator[None]:
        """A password checked elsewhere (the wallet vault's key comes from it) as a guess under the
        lockout: counted before the block runs; ``AuthenticationError`` out of it is a wrong guess."""
        attempt = self.lockout.reserve(username, event)
        if attempt is None:
            raise NotFoundError(f"No profile named {username!r}.")
        try:
            yield
        except AuthenticationError:
            self.lockout.wrong(attempt)
            raise
        except BaseException:
            self.lockout.right(attempt)  # not a verdict on the password: release it
            raise
        self.lockout.right(attempt)

    def profile_id(self, username: str) -> int:
        with self.db.read() as session:
            found = session.scalar(select(Profile.id).where(Profile.username == username))
        if found is None:
            raise NotFoundError(f"No profile named {username!r}.")
        return found


def _end_row(session: Session, held: HeldSession, now: int, reason: str) -> bool:
    result = session.execute(
        update(LoginSession)
        .where(
            LoginSession.id == held.session_id,
            LoginSession.token_hash == held.token_hash,
            LoginSession.ended_at.is_(None),
        )
        .values(ended_at=now, end_reason=reason)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _active(row: LoginSession, username: str) -> ActiveSession:
    return ActiveSession(
        profile_id=row.profile_id,
        username=username,
        session_id=row.id,
        created_at=row.created_at,
        expires_at=row.expires_at,
        idle_expires_at=sessions.idle_expires_at(row.expires_at, row.last_used_at, row.idle_timeout_s),
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

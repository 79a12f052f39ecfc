from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from qenex_desktop.core.db.base import Base


class Profile(Base):
    """One person's login. The password is kept only as a hash."""

    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(32), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(String(512), nullable=False)
    created_at: Mapped[int] = mapped_column(BigInteger, nullable=False)
    password_changed_at: Mapped[int] = mapped_column(BigInteger, nullable=False)
    #: Failed logins in a row since the last success (reset by a successful login).
    failed_logins: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    #: Lockouts in a row: each doubles the next back-off.
    lockout_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    locked_until: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    #: The name shown for the profile when it differs from the login name: an imported user's
    #: original username (the legacy import maps names this app's rules refuse, issue 14).
    display_name: Mapped[str | None] = mapped_column(String(128), nullable=True)
    email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    #: False for a user the original QENEX system kept inactive: imported, but refused at login.
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True, server_default=text("1"))


class LoginSession(Base):
    """A login. The token itself lives in the OS keyring; here only its SHA-256."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[int] = mapped_column(BigInteger, nullable=False)
    last_used_at: Mapped[int] = mapped_column(BigInteger, nullable=False)
    idle_timeout_s: Mapped[int] = mapped_column(Integer, nullable=False)
    expires_at: Mapped[int] = mapped_column(BigInteger, nullable=False)
    ended_at: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    end_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)

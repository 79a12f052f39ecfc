"""When a login session is live, in one place for Python checks and SQL statements alike.

A session is live while it is not ended, ``now < expires_at`` (the absolute lifetime) and
``now < last_used_at + idle_timeout_s * 1000`` (the idle timeout). Reads mark a session used only
when its last mark is older than ``touch_interval_ms`` (a twentieth of the idle timeout, at most
30 s), so a logged-in read is a read transaction; the idle timer may thus start up to that much
before the last use. Expiry itself is decided exactly from the stored values, by every check.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement

from qenex_desktop.core.db.models import LoginSession

_MAX_TOUCH_INTERVAL_MS = 30_000


@dataclass(frozen=True)
class HeldSession:
    """The session a process holds (it logged in, or resumed it once from the keyring): its identity."""

    username: str
    profile_id: int
    session_id: int
    token_hash: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def end_reason(row: LoginSession, now_ms: int) -> str | None:
    """ "expired", "idle", or None while the session is live (ended rows are the caller's check)."""
    if now_ms >= row.expires_at:
        return "expired"
    if now_ms >= row.last_used_at + row.idle_timeout_s * 1000:
        return "idle"
    return None


def idle_expires_at(expires_at: int, last_used_at: int, idle_timeout_s: int) -> int:
    return min(expires_at, last_used_at + idle_timeout_s * 1000)


def touch_interval_ms(idle_timeout_s: int) -> int:
    return min(idle_timeout_s * 1000 // 20, _MAX_TOUCH_INTERVAL_MS)


def touch_due(row: LoginSession, now_ms: int) -> bool:
    return now_ms - row.last_used_at >= touch_interval_ms(row.idle_timeout_s)


def live_clauses(columns: Any, now: Any) -> list[ColumnElement[bool]]:
    """The same rule as SQL over a table's columns (``LoginSession`` or its ``__table__.c``)."""
    return [
        columns.ended_at.is_(None),
        columns.expires_at > now,
        columns.last_used_at + columns.idle_timeout_s * 1000 > now,
    ]

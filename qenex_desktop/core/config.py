"""Where the app keeps its files and the settings the core needs.

The data dir comes from ``--data-dir``, else ``QENEX_DATA_DIR``, else the user's data dir
(platformdirs). Everything the app writes lives under it, except the fallback keyring file,
which stands in for the OS keyring and so lives with the user, not with one data dir.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from qenex_desktop.core.validation import parse_int

APP_DIR_NAME = "qenex-desktop"
APP_AUTHOR = "QENEX"
DATA_DIR_ENV = "QENEX_DATA_DIR"
KEYRING_FILE_ENV = "QENEX_KEYRING_FILE"
SESSION_IDLE_ENV = "QENEX_SESSION_IDLE_MINUTES"
SESSION_LIFETIME_ENV = "QENEX_SESSION_LIFETIME_HOURS"
DEFAULT_RPC_URL = "http://127.0.0.1:8545"
LOCAL_CHAIN_ID = 31337


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, APP_AUTHOR)).resolve()


def default_keyring_file() -> Path:
    env = os.environ.get(KEYRING_FILE_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, APP_AUTHOR)) / "keyring" / "fallback_keyring.cfg"


@dataclass(frozen=True)
class Argon2Parameters:
    """Argon2id cost. The default is RFC 9106's second recommended option (t=3, 64 MiB, p=4)."""

    time_cost: int = 3
    memory_cost_kib: int = 64 * 1024
    parallelism: int = 4

    @classmethod
    def fast_for_tests(cls) -> Argon2Parameters:
        """Cheap parameters for tests that are not about hashing cost. Never used by the app."""
        return cls(time_cost=1, memory_cost_kib=8 * 1024, parallelism=1)


@dataclass(frozen=True)
class SecuritySettings:
    argon2: Argon2Parameters = field(default_factory=Argon2Parameters)
    session_idle_timeout_s: int = 30 * 60
    session_lifetime_s: int = 12 * 60 * 60
    max_failed_logins: int = 5
    lockout_base_s: int = 30
    lockout_max_s: int = 15 * 60


@dataclass(frozen=True)
class DatabaseSettings:
    #: FULL: every commit is on disk before we say it happened. This is a money ledger.
    synchronous: str = "FULL"
    busy_timeout_ms: int = 30_000


@dataclass(frozen=True)
class AppConfig:
    data_dir: Path
    security: SecuritySettings = field(default_factory=SecuritySettings)
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    keyring_file: Path = field(default_factory=default_keyring_file)

    @property
    def database_path(self) -> Path:
        return self.data_dir / "ledger.db"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @classmethod
    def load(cls, data_dir: str | os.PathLike[str] | None = None, **overrides: object) -> AppConfig:
        if "security" not in overrides:
            overrides["security"] = security_from_env()
        return cls(data_dir=resolve_data_dir(data_dir), **overrides)  # type: ignore[arg-type]


#: Bound of the session-time variables (minutes or hours): far past any use, short of SQLite's int64 ms.
_ENV_MAXIMUM = 10**6


def _positive_env(name: str) -> int | None:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    return parse_int(raw, field=name, what=name, minimum=1, maximum=_ENV_MAXIMUM)


def security_from_env() -> SecuritySettings:
    """Session timeouts from QENEX_SESSION_IDLE_MINUTES / QENEX_SESSION_LIFETIME_HOURS, else defaults."""
    defaults = SecuritySettings()
    idle_min = _positive_env(SESSION_IDLE_ENV)
    lifetime_h = _positive_env(SESSION_LIFETIME_ENV)
    return SecuritySettings(
        session_idle_timeout_s=idle_min * 60 if idle_min else defaults.session_idle_timeout_s,
        session_lifetime_s=lifetime_h * 3600 if lifetime_h else defaults.session_lifetime_s,
    )

"""Session tokens in the OS keyring.

On a desktop this is the system keyring (Secret Service, macOS Keychain, Windows Credential
Locker). Where none exists (a headless Linux box, CI), tokens go to a plain-text file through
``keyrings.alt``'s PlaintextKeyring, readable only by the user (mode 0600). That is weaker than a
real keyring, and ``qenex status`` and the GUI say so.

The token is a bearer secret for an already-unlocked session, never a password or key.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.core
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError

from qenex_desktop.core.errors import KeyringUnavailableError

SERVICE_NAME = "qenex-desktop"
#: Backends that are not an OS keyring: never picked automatically.
_NOT_OS_KEYRINGS = (
    "keyrings.alt",
    "keyring.backends.fail",
    "keyring.backends.null",
    "keyring.backends.chainer",
)


@dataclass(frozen=True)
class KeyringInfo:
    name: str
    is_plaintext_file: bool
    location: str | None


def _is_os_keyring(backend: KeyringBackend) -> bool:
    return not type(backend).__module__.startswith(_NOT_OS_KEYRINGS)


def _probe(backend: KeyringBackend) -> bool:
    """A backend can be installed but unusable (no D-Bus session): try it for real."""
    name = f"probe-{os.getpid()}"
    try:
        backend.set_password(SERVICE_NAME, name, "probe")
        ok = backend.get_password(SERVICE_NAME, name) == "probe"
        backend.delete_password(SERVICE_NAME, name)
        return ok
    except Exception:
        return False


def _plaintext_file_backend(path: Path) -> KeyringBackend:
    from keyrings.alt.file import PlaintextKeyring

    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    backend = PlaintextKeyring()
    backend.file_path = str(path)
    return backend


#: The OS keyrings that can exist on each platform, as ``module:class`` of the keyring package.
#: Only these are imported and probed when the user named none, so start-up does not load every
#: installed backend plugin (keyrings.alt's, Google, Gnome, ...; tens of milliseconds) to then
#: discard them. Another backend is still used when named (PYTHON_KEYRING_BACKEND, keyringrc.cfg).
_FREEDESKTOP_KEYRINGS = (
    "keyring.backends.SecretService:Keyring",
    "keyring.backends.kwallet:DBusKeyring",
    "keyring.backends.kwallet:DBusKeyringKWallet4",
    "keyring.backends.libsecret:Keyring",
)
PLATFORM_KEYRINGS: dict[str, tuple[str, ...]] = {
    "darwin": ("keyring.backends.macOS:Keyring",),
    "win32": ("keyring.backends.Windows:WinVaultKeyring",),
}


def platform_keyrings(platform: str | None = None) -> list[KeyringBackend]:
    """This platform's OS keyrings that are viable here, highest priority first (keyring's own
    order: the one its chainer would try first comes first)."""
    platform = sys.platform if platform is None else platform
    viable: list[tuple[float, KeyringBackend]] = []
    for spec in PLATFORM_KEYRINGS.get(platform, _FREEDESKTOP_KEYRINGS):
        module_name, _, class_name = spec.partition(":")
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
            priority = float(cls.priority)  # raises when not viable here (no D-Bus, no library)
            if priority > 0:
                viable.append((priority, cls()))
        except Exception:  # not installed, or not usable on this machine
            continue
    viable.sort(key=lambda pair: pair[0], reverse=True)
    return [backend for _priority, backend in viable]


def select_backend(fallback_file: Path) -> KeyringBackend:
    """The user's explicit choice, else a working OS keyring, else the plain-text file.

    The choice is PYTHON_KEYRING_BACKEND (used as it is) or keyring's config file (used when it
    names a working OS keyring); without one, this platform's OS keyrings are probed in keyring's
    priority order.
    """
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return keyring.get_keyring()
    configured = keyring.core.load_config()
    if configured is not None:
        candidates = getattr(configured, "backends", [configured])
    else:
        candidates = platform_keyrings()
    for backend in candidates:
        if _is_os_keyring(backend) and _probe(backend):
            return backend
    return _plaintext_file_backend(fallback_file)


class SessionTokenStore:
    """One keyring entry per profile and data dir: ``<username>@<data-dir fingerprint>``."""

    def __init__(self, backend: KeyringBackend, data_dir: Path) -> None:
        self.backend = backend
        self._data_dir_tag = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]

    def _entry(self, username: str) -> str:
        return f"{username}@{self._data_dir_tag}"

    def info(self) -> KeyringInfo:
        path = getattr(self.backend, "file_path", None)
        plaintext = type(self.backend).__name__ == "PlaintextKeyring"
        module = type(self.backend).__module__
        return KeyringInfo(
            name=f"{module}.{type(self.backend).__name__}",
            is_plaintext_file=plaintext,
            location=str(path) if path else None,
        )

    def save(self, username: str, token: str) -> None:
        try:
            with self._file_lock():
                self.backend.set_password(SERVICE_NAME, self._entry(username), token)
                self._tighten_file()
        except KeyringError as exc:
            raise KeyringUnavailableError(f"The keyring refused to store the session: {exc}") from exc

    def load(self, username: str) -> str | None:
        try:
            with self._file_lock():
                return self.backend.get_password(SERVICE_NAME, self._entry(username))
        except KeyringError as exc:
            raise KeyringUnavailableError(f"The keyring could not be read: {exc}") from exc

    def delete(self, username: str) -> None:
        with self._file_lock(), contextlib.suppress(PasswordDeleteError):
            self.backend.delete_password(SERVICE_NAME, self._entry(username))

    @contextlib.contextmanager
    def _file_lock(self) -> Iterator[None]:
        """The file backend rewrites its whole file on each change, unlocked: two processes (the GUI
        and the CLI) would lose each other's entries or read a half-written file. Serialise them."""
        path = getattr(self.backend, "file_path", None)
        if not path or sys.platform == "win32":
            yield
            return
        import fcntl

        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def is_usable(self) -> bool:
        return _probe(self.backend)

    def _tighten_file(self) -> None:
        path = getattr(self.backend, "file_path", None)
        if path and os.path.exists(path):
            with contextlib.suppress(OSError):
                os.chmod(path, 0o600)

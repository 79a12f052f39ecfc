"""Session tokens in the OS keyring.

On a desktop this is the system keyring (Secret Service, macOS Keychain, Windows Credential
Locker). Where none exists (a headless Linux box, CI), tokens go to a plain-text file in
``keyrings.alt``'s PlaintextKeyring format, readable only by the user (mode 0600), written
atomically (``keyring_file``). That is weaker than a real keyring, and ``qenex status`` and the
GUI say so.

The token is a bearer secret for an already-unlocked session, never a password or key.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import importlib.util
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qenex_desktop.core.errors import KeyringUnavailableError

_log = logging.getLogger(__name__)

if TYPE_CHECKING:  # keyring and its dependencies are ~35 ms: imported only where an OS keyring may answer
    from keyring.backend import KeyringBackend

    from qenex_desktop.core.security.keyring_file import KeyringFile

SERVICE_NAME = "qenex-desktop"
_TOKEN = re.compile(r"[0-9a-f]{64}")
#: Backends that are not an OS keyring: never picked automatically.
_NOT_OS_KEYRINGS = (
    "keyrings.alt",
    "keyring.backends.fail",
    "keyring.backends.null",
    "keyring.backends.chainer",
)


#: The name the plain-text file is reported under: its format, keyrings.alt's PlaintextKeyring.
PLAINTEXT_FILE_NAME = "keyrings.alt.file.PlaintextKeyring"


@dataclass(frozen=True)
class PlaintextFile:
    """The app's own plain-text file (``keyring_file``), where no OS keyring works: read and written
    by ``KeyringFile`` without importing keyring."""

    file_path: str


@dataclass(frozen=True)
class KeyringInfo:
    name: str
    is_plaintext_file: bool
    location: str | None
    #: Why the plain-text file cannot be read (it then counts as holding no session), else None.
    problem: str | None = None


def is_session_token(text: str) -> bool:
    """A token as a login makes it (256 bits as hex): anything else read back is damage."""
    return _TOKEN.fullmatch(text) is not None


def _is_os_keyring(backend: KeyringBackend | PlaintextFile) -> bool:
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


def _plaintext_file_backend(path: Path) -> PlaintextFile:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return PlaintextFile(str(path))


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


#: Python packages through which a freedesktop keyring could reach (or start) a D-Bus session bus
#: without DBUS_SESSION_BUS_ADDRESS: dbus-python (KWallet) and PyGObject (libsecret).
_BUS_FINDING_PACKAGES = ("dbus", "gi")


def _session_bus_possible() -> bool:
    """Whether a freedesktop keyring could answer: Secret Service (jeepney) finds the session bus
    only through DBUS_SESSION_BUS_ADDRESS; the others need a package that might find one otherwise."""
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    return any(importlib.util.find_spec(name) is not None for name in _BUS_FINDING_PACKAGES)


def platform_keyrings(platform: str | None = None) -> list[KeyringBackend]:
    """This platform's OS keyrings that are viable here, highest priority first (keyring's own
    order: the one its chainer would try first comes first). On a box without a D-Bus session bus
    (a server, CI, a cron job) no freedesktop keyring can be, and none is imported."""
    platform = sys.platform if platform is None else platform
    specs = PLATFORM_KEYRINGS.get(platform, _FREEDESKTOP_KEYRINGS)
    if specs is _FREEDESKTOP_KEYRINGS and not _session_bus_possible():
        return []
    viable: list[tuple[float, KeyringBackend]] = []
    for spec in specs:
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


def _keyring_config_file() -> Path | None:
    """keyring's own config file (``keyringrc.cfg``) when it can be found without importing keyring:
    on the freedesktop platforms ``$XDG_CONFIG_HOME`` (else ``~/.config``) ``/python_keyring``, as
    ``keyring.util.platform_.config_root`` puts it; elsewhere None (keyring is asked)."""
    if sys.platform in PLATFORM_KEYRINGS:
        return None
    root = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(root, "python_keyring", "keyringrc.cfg")


def _configured_keyring() -> KeyringBackend | None:
    """The keyring named in keyring's config file, if any (no file: keyring is not imported)."""
    config_file = _keyring_config_file()
    if config_file is not None and not config_file.exists():
        return None
    import keyring.core

    return keyring.core.load_config()


def select_backend(fallback_file: Path) -> KeyringBackend | PlaintextFile:
    """The user's explicit choice, else a working OS keyring, else the plain-text file.

    The choice is PYTHON_KEYRING_BACKEND (used as it is) or keyring's config file (used when it
    names a working OS keyring); without one, this platform's OS keyrings are probed in keyring's
    priority order.
    """
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        import keyring

        return keyring.get_keyring()
    configured = _configured_keyring()
    if configured is not None:
        candidates = getattr(configured, "backends", [configured])
    else:
        candidates = platform_keyrings()
    for backend in candidates:
        if _is_os_keyring(backend) and _probe(backend):
            return backend
    return _plaintext_file_backend(fallback_file)


class SessionTokenStore:
    """One keyring entry per profile and data dir: ``<username>@<data-dir fingerprint>``.

    The plain-text file backend is read and written through ``KeyringFile`` (whole-file atomic
    replacement under a lock, a damaged file read as empty); OS keyrings through their backend.
    """

    def __init__(self, backend: KeyringBackend | PlaintextFile, data_dir: Path) -> None:
        self.backend = backend
        self._data_dir_tag = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
        self._file: KeyringFile | None = None
        if _is_plaintext_file(backend):
            from qenex_desktop.core.security.keyring_file import KeyringFile  # only then: configparser

            self._file = KeyringFile(Path(backend.file_path))  # type: ignore[union-attr]

    def _entry(self, username: str) -> str:
        return f"{username}@{self._data_dir_tag}"

    def info(self) -> KeyringInfo:
        path = getattr(self.backend, "file_path", None)
        kind = type(self.backend)
        return KeyringInfo(
            name=PLAINTEXT_FILE_NAME if self._file is not None else f"{kind.__module__}.{kind.__name__}",
            is_plaintext_file=self._file is not None,
            location=str(path) if path else None,
            problem=self._file.problem(SERVICE_NAME, is_session_token) if self._file is not None else None,
        )

    @property
    def _os_keyring(self) -> KeyringBackend:
        """The backend, when it is not the plain-text file (keyring is imported then)."""
        assert not isinstance(self.backend, PlaintextFile)
        return self.backend

    def save(self, username: str, token: str) -> None:
        if self._file is not None:
            try:
                self._file.set(SERVICE_NAME, self._entry(username), token)
            except OSError as exc:
                raise KeyringUnavailableError(
                    f"The keyring file could not store the session ({exc}); check the disk and the "
                    f"folder's permissions, then log in again."
                ) from exc
            return
        from keyring.errors import KeyringError

        try:
            with self._file_lock():
                self._os_keyring.set_password(SERVICE_NAME, self._entry(username), token)
        except KeyringError as exc:
            raise KeyringUnavailableError(f"The keyring refused to store the session: {exc}") from exc
        except OSError as exc:
            raise KeyringUnavailableError(
                f"The keyring could not store the session ({exc}); check it, then log in again."
            ) from exc

    def load(self, username: str) -> str | None:
        """The profile's token; None when there is none or what is stored is not one (damage)."""
        if self._file is not None:
            token = self._file.get(SERVICE_NAME, self._entry(username))
        else:
            from keyring.errors import KeyringError

            try:
                with self._file_lock():
                    token = self._os_keyring.get_password(SERVICE_NAME, self._entry(username))
            except KeyringError as exc:
                raise KeyringUnavailableError(f"The keyring could not be read: {exc}") from exc
        if token is not None and not is_session_token(token):
            _log.warning("The keyring entry of %s is not a session token; it counts as no session", username)
            return None
        return token

    def delete(self, username: str, *, only_if: Callable[[str], bool] | None = None) -> None:
        """Remove the profile's entry; with ``only_if``, only when it holds for the stored token
        (a process ends its own session and leaves a newer login's token in place)."""
        if self._file is not None:
            try:
                self._file.delete(SERVICE_NAME, self._entry(username), only_if=only_if)
            except OSError:  # the session is ended in the ledger already; the token is useless
                _log.warning("The keyring file could not be rewritten to drop a session", exc_info=True)
            return
        from keyring.errors import PasswordDeleteError

        backend = self._os_keyring
        with self._file_lock(), contextlib.suppress(PasswordDeleteError):
            if only_if is not None:
                stored = backend.get_password(SERVICE_NAME, self._entry(username))
                if stored is None or not only_if(stored):
                    return
            backend.delete_password(SERVICE_NAME, self._entry(username))

    @contextlib.contextmanager
    def _file_lock(self) -> Iterator[None]:
        """Other file-based backends (keyrings.alt's encrypted one) rewrite their whole file on each
        change, unlocked: two processes would lose each other's entries. Serialise them."""
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
        """For the health check. The plain-text file is checked without writing; another backend is
        probed with an entry of this process's own, under the file lock when it has a file."""
        if self._file is not None:
            return self._file.is_usable()
        with self._file_lock():
            return _probe(self._os_keyring)


def _is_plaintext_file(backend: KeyringBackend | PlaintextFile) -> bool:
    """The app's own file, or keyrings.alt's PlaintextKeyring named by the user (same format)."""
    if isinstance(backend, PlaintextFile):
        return True
    module = sys.modules.get("keyrings.alt.file")  # not loaded: the backend cannot be one of its
    return module is not None and isinstance(backend, module.PlaintextKeyring)

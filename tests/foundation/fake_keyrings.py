"""Stand-ins for OS keyrings (a desktop's Secret Service is not on a CI box): one that works, one
that is installed but refuses (a locked or absent D-Bus service), one that is not viable here."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import KeyringError, PasswordDeleteError


class WorkingKeyring(KeyringBackend):
    priority = 4.5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


class RefusingKeyring(WorkingKeyring):
    """Ranks above WorkingKeyring, so it is tried first, and fails its probe."""

    priority = 6  # type: ignore[assignment]

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError("the keyring daemon did not answer")


class AbsentKeyring(WorkingKeyring):
    """Like SecretService without a D-Bus session: asking for its priority raises."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("not on this machine")

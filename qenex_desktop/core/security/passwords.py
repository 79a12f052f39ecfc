"""Password hashing and the password rules.

New hashes are Argon2id (argon2-cffi). Hashes in the format of the original QENEX core
(``salt$hexkey``: PBKDF2-HMAC-SHA256, 200,000 iterations, the 64-hex-character salt *string*
used as the salt bytes, a 32-byte key as hex) are verified in constant time and reported as
needing an upgrade, so the caller replaces them on the next successful login.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from argon2 import PasswordHasher as _Argon2Hasher
from argon2 import Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from qenex_desktop.core.config import Argon2Parameters
from qenex_desktop.core.errors import ValidationError

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
LEGACY_PBKDF2_ITERATIONS = 200_000
_LEGACY_RE = re.compile(r"^(?P<salt>[0-9a-f]{64})\$(?P<key>[0-9a-f]{64})$")


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    needs_rehash: bool = False


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    text = (resources.files("qenex_desktop.core.security") / "common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def normalize_password(password: str) -> str:
    """NFKC, so the same password typed on two keyboards hashes the same (NIST SP 800-63B 5.1.1.2)."""
    return unicodedata.normalize("NFKC", password)


def check_password_rules(password: str, *, username: str | None = None, field: str = "password") -> None:
    """NIST SP 800-63B in spirit: length and a blocklist, no composition rules."""
    normalized = normalize_password(password)
    if len(normalized) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"Use at least {MIN_PASSWORD_LENGTH} characters; a short sentence is easy to remember.",
            field=field,
        )
    if len(normalized) > MAX_PASSWORD_LENGTH:
        raise ValidationError(f"Use at most {MAX_PASSWORD_LENGTH} characters.", field=field)
    lowered = normalized.lower()
    if lowered in _common_passwords():
        raise ValidationError("This password is on a list of common passwords; choose another.", field=field)
    if len(set(lowered)) <= 2:
        raise ValidationError("This password repeats one or two characters; choose another.", field=field)
    if username and username.lower() in lowered:
        raise ValidationError("The password must not contain the username.", field=field)


def password_strength(password: str) -> int:
    """A rough 0-4 score for the strength meter. Guidance only: the rules above decide."""
    normalized = normalize_password(password)
    if len(normalized) < MIN_PASSWORD_LENGTH or normalized.lower() in _common_passwords():
        return 0
    classes = sum(
        bool(re.search(pattern, normalized)) for pattern in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")
    )
    unique = len(set(normalized))
    score = 1
    if len(normalized) >= 16 or (classes >= 3 and unique >= 8):
        score = 2
    if len(normalized) >= 20 and unique >= 10:
        score = 3
    if len(normalized) >= 28 and unique >= 14:
        score = 4
    return score


def _legacy_verify(stored: str, password: str) -> bool | None:
    """True/False for a legacy hash, None when ``stored`` is not one."""
    match = _LEGACY_RE.match(stored)
    if match is None:
        return None
    derived = hashlib.pbkdf2_hmac(
        "sha256", password.encode("utf-8"), match.group("salt").encode("ascii"), LEGACY_PBKDF2_ITERATIONS, 32
    )
    return hmac.compare_digest(derived.hex(), match.group("key"))


def legacy_hash(password: str, salt_hex: str) -> str:
    """A hash in the original QENEX format. Only tests and fixtures make these."""
    derived = hashlib.pbkdf2_hmac(
        "sha256", password.encode("utf-8"), salt_hex.encode("ascii"), LEGACY_PBKDF2_ITERATIONS, 32
    )
    return f"{salt_hex}${derived.hex()}"


def is_legacy_hash(stored: str) -> bool:
    return _LEGACY_RE.match(stored) is not None


class PasswordHasher:
    def __init__(self, parameters: Argon2Parameters) -> None:
        self.parameters = parameters
        self._argon2 = _Argon2Hasher(
            time_cost=parameters.time_cost,
            memory_cost=parameters.memory_cost_kib,
            parallelism=parameters.parallelism,
            hash_len=32,
            salt_len=16,
            type=Type.ID,
        )
        # A real hash to verify against for unknown usernames, so they cost the same time.
        self._dummy_hash = self._argon2.hash("qenex timing equaliser, never a real password")

    def hash(self, password: str) -> str:
        return self._argon2.hash(normalize_password(password))

    def verify(self, stored: str, password: str) -> VerifyResult:
        normalized = normalize_password(password)
        legacy = _legacy_verify(stored, password)
        if legacy is not None:
            # Spend the Argon2 time too, so a legacy profile does not answer faster than others.
            self.burn_time()
            return VerifyResult(ok=legacy, needs_rehash=legacy)
        try:
            self._argon2.verify(stored, normalized)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return VerifyResult(ok=False)
        return VerifyResult(ok=True, needs_rehash=self._argon2.check_needs_rehash(stored))

    def burn_time(self) -> None:
        """Do the work of one verification, for answers that must not be faster (unknown user)."""
        with contextlib.suppress(VerifyMismatchError):
            self._argon2.verify(self._dummy_hash, "not the password")

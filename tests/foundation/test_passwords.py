"""Password hashing (Argon2id, legacy PBKDF2 upgrade, rehash on new parameters) and the rules."""

from __future__ import annotations

import hashlib
import secrets

import pytest
from sqlalchemy import select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig, Argon2Parameters, SecuritySettings
from qenex_desktop.core.db.models import AuditEntry, Profile
from qenex_desktop.core.errors import AuthenticationError, ValidationError
from qenex_desktop.core.security.passwords import PasswordHasher, check_password_rules
from tests.conftest import STRONG_PASSWORD, make_core


def _legacy_hash(password: str) -> str:
    """The original QENEX core's format, written out here independently of the app's code:
    PBKDF2-HMAC-SHA256, 200,000 iterations, the 64-hex-char salt *string* as the salt bytes,
    a 32-byte key, ``salt$hexkey``."""
    salt = secrets.token_hex(32)
    key = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), 200_000, 32)
    return f"{salt}${key.hex()}"


def _stored_hash(core: QenexCore, username: str) -> str:
    with core.db.read() as session:
        return session.scalars(select(Profile.password_hash).where(Profile.username == username)).one()


def _set_stored_hash(core: QenexCore, username: str, value: str) -> None:
    """What the importer of the original QENEX databases does: it carries the old hash over."""
    with core.db.write() as session:
        session.scalars(select(Profile).where(Profile.username == username)).one().password_hash = value


def _events(core: QenexCore) -> list[str]:
    with core.db.read() as session:
        return list(session.scalars(select(AuditEntry.event).order_by(AuditEntry.id)))


def test_default_parameters_are_at_least_rfc9106_second_option() -> None:
    params = Argon2Parameters()
    assert params.time_cost >= 3 and params.memory_cost_kib >= 64 * 1024 and params.parallelism >= 4
    assert SecuritySettings().argon2 == params


def test_default_hash_is_argon2id_with_the_default_parameters() -> None:
    hasher = PasswordHasher(Argon2Parameters())
    encoded = hasher.hash(STRONG_PASSWORD)
    assert encoded.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert hasher.verify(encoded, STRONG_PASSWORD).ok
    assert not hasher.verify(encoded, STRONG_PASSWORD + "x").ok


def test_profile_password_is_stored_only_as_argon2id(core: QenexCore) -> None:
    core.auth.create_profile("alice", STRONG_PASSWORD)
    stored = _stored_hash(core, "alice")
    assert stored.startswith("$argon2id$")
    assert STRONG_PASSWORD not in stored


def test_legacy_pbkdf2_hash_verifies_and_is_upgraded_on_next_login(core: QenexCore) -> None:
    core.auth.create_profile("alice", STRONG_PASSWORD)
    legacy = _legacy_hash(STRONG_PASSWORD)
    _set_stored_hash(core, "alice", legacy)

    with pytest.raises(AuthenticationError):
        core.auth.login("alice", STRONG_PASSWORD + "!")
    assert _stored_hash(core, "alice") == legacy  # a failed login upgrades nothing

    result = core.auth.login("alice", STRONG_PASSWORD)
    assert result.password_upgraded
    upgraded = _stored_hash(core, "alice")
    assert upgraded.startswith("$argon2id$")
    assert "password.rehashed" in _events(core)

    core.auth.logout()
    again = core.auth.login("alice", STRONG_PASSWORD)
    assert not again.password_upgraded
    assert _stored_hash(core, "alice") == upgraded


def test_legacy_salt_is_the_hex_string_not_its_bytes(core: QenexCore) -> None:
    """Pins the original format: a hash made with the *decoded* salt must not verify."""
    core.auth.create_profile("alice", STRONG_PASSWORD)
    salt = secrets.token_hex(32)
    key = hashlib.pbkdf2_hmac("sha256", STRONG_PASSWORD.encode(), bytes.fromhex(salt), 200_000, 32)
    _set_stored_hash(core, "alice", f"{salt}${key.hex()}")
    with pytest.raises(AuthenticationError):
        core.auth.login("alice", STRONG_PASSWORD)


def test_legacy_hash_with_fewer_iterations_does_not_verify(core: QenexCore) -> None:
    core.auth.create_profile("alice", STRONG_PASSWORD)
    salt = secrets.token_hex(32)
    key = hashlib.pbkdf2_hmac("sha256", STRONG_PASSWORD.encode(), salt.encode(), 100_000, 32)
    _set_stored_hash(core, "alice", f"{salt}${key.hex()}")
    with pytest.raises(AuthenticationError):
        core.auth.login("alice", STRONG_PASSWORD)


def test_hash_is_upgraded_when_parameters_change(config: AppConfig) -> None:
    first = make_core(config)
    try:
        first.auth.create_profile("alice", STRONG_PASSWORD)
        assert ",t=1," in _stored_hash(first, "alice")
    finally:
        first.close()
    stronger = AppConfig(
        data_dir=config.data_dir,
        keyring_file=config.keyring_file,
        security=SecuritySettings(
            argon2=Argon2Parameters(time_cost=2, memory_cost_kib=16 * 1024, parallelism=1)
        ),
    )
    second = make_core(stronger)
    try:
        assert second.auth.login("alice", STRONG_PASSWORD).password_upgraded
        assert "$m=16384,t=2,p=1$" in _stored_hash(second, "alice")
        second.auth.logout()
        assert not second.auth.login("alice", STRONG_PASSWORD).password_upgraded
    finally:
        second.close()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short pass!", "at least 12 characters"),  # 11 characters
        ("", "at least 12 characters"),
        ("password1234", "common passwords"),
        ("PASSWORD1234", "common passwords"),  # the list is compared case-insensitively
        ("qwerty123456", "common passwords"),
        ("correct horse battery staple", "common passwords"),
        ("aaaaaaaaaaaaaaaa", "repeats"),
        ("abababababababab", "repeats"),
        ("my name is alice ok", "must not contain the username"),
    ],
)
def test_password_rules_refuse(password: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        check_password_rules(password, username="alice")
    assert caught.value.field == "password"


@pytest.mark.parametrize(
    "password", ["twelve chars", "lantern orbit velvet", "ab" + "c" * 10, "ÄÖÜ äöü ßẞ ok"]
)
def test_password_rules_accept_without_composition_rules(password: str) -> None:
    check_password_rules(password, username="alice")  # no digit, capital or symbol demanded


def test_length_is_counted_after_nfkc() -> None:
    """'ｌｏｎｇ' (fullwidth) is 4 characters either way; a ligature 'ﬃ' becomes 3 after NFKC."""
    with pytest.raises(ValidationError):
        check_password_rules("\ufb03\ufb03\ufb03ab")  # 5 code points, 11 after NFKC
    check_password_rules("\ufb03\ufb03\ufb03abc")  # 6 code points, 12 after NFKC


def test_passwords_are_nfkc_normalised_so_keyboards_agree(core: QenexCore) -> None:
    fullwidth = "ｌａｎｔｅｒｎ orbit velvet 42"
    core.auth.create_profile("alice", fullwidth)
    assert core.auth.login("alice", STRONG_PASSWORD).session.username == "alice"
    # and NFKC-equal but NFC-different: the 'e' + combining acute vs the precomposed 'é'
    core.auth.change_password("alice", STRONG_PASSWORD, "cafe\u0301 au lait noir")
    assert core.auth.verify_password("alice", "caf\u00e9 au lait noir")

"""Failed logins: 5 in a row lock the profile (30 s, doubling, at most 15 min), kept in the ledger."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.clock import ManualClock
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.db.models import AuditEntry
from qenex_desktop.core.errors import AuthenticationError, LockedOutError
from tests.conftest import STRONG_PASSWORD, make_core
from tests.foundation.helpers import count_argon2

WRONG = "not the right password"


def _fail(core: QenexCore, times: int, username: str = "alice") -> None:
    for _ in range(times):
        with pytest.raises(AuthenticationError) as caught:
            core.auth.login(username, WRONG)
        assert not isinstance(caught.value, LockedOutError)


def _locked_for(core: QenexCore) -> int:
    with pytest.raises(LockedOutError) as caught:
        core.auth.login("alice", STRONG_PASSWORD)
    return caught.value.retry_after_seconds


def test_four_failures_do_not_lock_the_fifth_does(clocked_core: QenexCore) -> None:
    clocked_core.auth.create_profile("alice", STRONG_PASSWORD)
    _fail(clocked_core, 4)
    clocked_core.auth.login("alice", STRONG_PASSWORD)  # a success resets the count
    clocked_core.auth.logout()
    _fail(clocked_core, 4)
    assert clocked_core.auth.lockout_remaining_s("alice") == 0
    _fail(clocked_core, 1)
    assert _locked_for(clocked_core) == 30  # even the right password is refused while locked
    assert clocked_core.auth.lockout_remaining_s("alice") == 30


def test_lockout_ends_after_its_time(clocked_core: QenexCore, clock: ManualClock) -> None:
    clocked_core.auth.create_profile("alice", STRONG_PASSWORD)
    _fail(clocked_core, 5)
    clock.advance(29)
    assert _locked_for(clocked_core) == 1
    clock.advance(1)
    assert clocked_core.auth.login("alice", STRONG_PASSWORD).session.username == "alice"


def test_back_off_doubles_and_is_capped_at_15_minutes(clocked_core: QenexCore, clock: ManualClock) -> None:
    clocked_core.auth.create_profile("alice", STRONG_PASSWORD)
    seen = []
    for _ in range(7):
        _fail(clocked_core, 5)
        locked = _locked_for(clocked_core)
        seen.append(locked)
        clock.advance(locked)
    assert seen == [30, 60, 120, 240, 480, 900, 900]
    with clocked_core.db.read() as session:
        details = list(
            session.scalars(select(AuditEntry.details).where(AuditEntry.event == "login.locked_out"))
        )
    assert len(details) == 7
    assert '"seconds":"900"' in details[-1]
    # a success ends the streak: the next lockout starts at 30 s again
    clocked_core.auth.login("alice", STRONG_PASSWORD)
    clocked_core.auth.logout()
    _fail(clocked_core, 5)
    assert _locked_for(clocked_core) == 30


def test_lockout_survives_a_restart(config: AppConfig, clock: ManualClock) -> None:
    first = make_core(config, clock)
    first.auth.create_profile("alice", STRONG_PASSWORD)
    _fail(first, 5)
    first.close()

    clock.advance(10)
    second = make_core(config, clock)
    try:
        assert _locked_for(second) == 20
        assert second.auth.lockout_remaining_s("alice") == 20
        clock.advance(20)
        second.auth.login("alice", STRONG_PASSWORD)
    finally:
        second.close()


def test_change_password_respects_the_lockout(clocked_core: QenexCore, clock: ManualClock) -> None:
    """Otherwise changing the password would be an unlimited guessing oracle."""
    clocked_core.auth.create_profile("alice", STRONG_PASSWORD)
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            clocked_core.auth.change_password("alice", WRONG, "a brand new passphrase")
    with pytest.raises(LockedOutError):
        clocked_core.auth.change_password("alice", STRONG_PASSWORD, "a brand new passphrase")
    with pytest.raises(LockedOutError):
        clocked_core.auth.login("alice", STRONG_PASSWORD)
    with clocked_core.db.read() as session:
        events = list(session.scalars(select(AuditEntry.event).order_by(AuditEntry.id)))
    assert events[-2:] == ["password.change_failed", "login.failed"]
    clock.advance(30)
    assert clocked_core.auth.verify_password("alice", STRONG_PASSWORD)  # the password did not change


def test_unknown_usernames_do_the_work_of_a_known_one(
    core: QenexCore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same Argon2 work for a known user (right or wrong password), an unknown one and a malformed
    name, counted rather than timed (timing lives in bench/login_timing.py)."""
    core.auth.create_profile("alice", STRONG_PASSWORD)
    _ = core.auth.hasher  # built (with its one equalising hash) before counting starts
    counter = count_argon2(monkeypatch)

    def argon2_work(username: str, password: str) -> tuple[int, int]:
        before = (counter.verifies, counter.hashes)
        try:
            core.auth.login(username, password)
            core.auth.logout()
        except AuthenticationError:
            pass
        return counter.verifies - before[0], counter.hashes - before[1]

    known_right = argon2_work("alice", STRONG_PASSWORD)
    known_wrong = argon2_work("alice", WRONG)
    unknown = argon2_work("mallory", WRONG)
    malformed = argon2_work("no such user!", WRONG)
    assert known_right == known_wrong == unknown == malformed == (1, 0)


def test_unknown_usernames_get_the_same_message(core: QenexCore) -> None:
    core.auth.create_profile("alice", STRONG_PASSWORD)
    with pytest.raises(AuthenticationError) as known:
        core.auth.login("alice", WRONG)
    with pytest.raises(AuthenticationError) as unknown:
        core.auth.login("mallory", WRONG)
    assert str(known.value) == str(unknown.value) == "Wrong username or password."


def test_legacy_hash_verification_also_does_the_argon2_work(
    core: QenexCore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A profile imported with an old PBKDF2 hash must not answer faster than the others."""
    from qenex_desktop.core.db.models import Profile
    from qenex_desktop.core.security.passwords import legacy_hash

    core.auth.create_profile("alice", STRONG_PASSWORD)
    with core.db.write() as session:
        session.scalars(select(Profile)).one().password_hash = legacy_hash(WRONG + "x", "ab" * 32)
    _ = core.auth.hasher
    counter = count_argon2(monkeypatch)
    with pytest.raises(AuthenticationError):
        core.auth.login("alice", WRONG)
    assert counter.verifies == 1


def test_password_confirmations_count_towards_the_lockout(clocked_core: QenexCore) -> None:
    """A live session must not be an unlimited oracle for the password (it also decrypts the keys)."""
    clocked_core.auth.create_profile("alice", STRONG_PASSWORD)
    clocked_core.auth.login("alice", STRONG_PASSWORD)
    for _ in range(5):
        assert not clocked_core.auth.verify_password("alice", WRONG)
    with pytest.raises(LockedOutError):
        clocked_core.auth.verify_password("alice", STRONG_PASSWORD)
    with clocked_core.db.read() as session:
        events = list(session.scalars(select(AuditEntry.event).order_by(AuditEntry.id)))
    assert events[-2:] == ["login.locked_out", "password.check_failed"]

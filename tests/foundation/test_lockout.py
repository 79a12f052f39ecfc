"""Failed logins: 5 in a row lock the profile (30 s, doubling, at most 15 min), kept in the ledger."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import argon2
import pytest
from sqlalchemy import select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.clock import ManualClock
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.db.models import AuditEntry, Profile
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


Action = Callable[[QenexCore, str], object]


def _login(core: QenexCore, password: str) -> object:
    return core.auth.login("alice", password)


class Burst:
    """Passwords tried at the same moment, each by its own core (its own connections) on one ledger.

    Every check of a password (``owner.name``: Argon2's verify, or the vault's opening) waits until
    each attempt has either started its check or been refused: all of them pass the lock check
    before any verdict is known, as when ten processes start at once and a check takes a quarter
    of a second."""

    def __init__(
        self,
        config: AppConfig,
        clock: ManualClock,
        monkeypatch: pytest.MonkeyPatch,
        owner: object = argon2.PasswordHasher,
        name: str = "verify",
    ) -> None:
        self.config = config
        self.clock = clock
        self.checked: list[str] = []  # each password checked, in order
        self.outcomes: list[str] = []
        self._guard = threading.Lock()
        real_check = getattr(owner, name)

        def check(*args: Any) -> Any:
            with self._guard:
                self.checked.append(str(args[-1]))  # the password is the last argument of both
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and self._undecided():
                time.sleep(0.005)
            return real_check(*args)

        monkeypatch.setattr(owner, name, check)

    def _undecided(self) -> bool:
        with self._guard:
            return len(self.checked) + self.outcomes.count("locked") < len(self.outcomes)

    def run(self, passwords: list[str], action: Action = _login) -> list[str]:
        cores = [make_core(self.config, self.clock) for _ in passwords]
        for core in cores:
            _ = core.auth.hasher  # its equalising hash is made before the burst
        self.checked.clear()
        self.outcomes = [""] * len(passwords)
        start = threading.Barrier(len(passwords))

        def attempt(index: int) -> None:
            start.wait()
            try:
                action(cores[index], passwords[index])
                outcome = "in"
            except LockedOutError:
                outcome = "locked"
            except AuthenticationError:
                outcome = "wrong"
            with self._guard:
                self.outcomes[index] = outcome

        threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(passwords))]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
        finally:
            for core in cores:
                core.close()
        return list(self.outcomes)


def _alice(config: AppConfig, clock: ManualClock) -> None:
    setup = make_core(config, clock)
    setup.auth.create_profile("alice", STRONG_PASSWORD)
    setup.close()


def test_a_burst_of_parallel_guesses_gets_only_the_attempts_the_rule_allows(
    config: AppConfig, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """10 guesses at once: 5 are verified (and fail), 5 are refused as locked before any Argon2 work."""
    _alice(config, clock)
    burst = Burst(config, clock, monkeypatch)
    outcomes = burst.run([WRONG] * 10)
    allowed = config.security.max_failed_logins
    assert sorted(outcomes) == ["locked"] * (10 - allowed) + ["wrong"] * allowed
    assert len(burst.checked) == allowed
    core = make_core(config, clock)
    try:
        assert core.auth.lockout_remaining_s("alice") == config.security.lockout_base_s
        with core.db.read() as session:
            events = list(session.scalars(select(AuditEntry.event).order_by(AuditEntry.id)))
        assert events.count("login.failed") == 10  # the refused ones are audited too
        assert events.count("login.locked_out") == 1
        clock.advance(config.security.lockout_base_s)
        assert core.auth.login("alice", STRONG_PASSWORD).session.username == "alice"  # a right one works
        with core.db.read() as session:
            profile = session.scalars(select(Profile)).one()
            assert (profile.failed_logins, profile.lockout_count, profile.locked_until) == (0, 0, None)
    finally:
        core.close()


def test_nine_wrong_and_one_right_at_once_get_five_verdicts(
    config: AppConfig, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's burst: before, all ten were verified and the right one got in whatever its place."""
    _alice(config, clock)
    burst = Burst(config, clock, monkeypatch)
    outcomes = burst.run([WRONG] * 4 + [STRONG_PASSWORD] + [WRONG] * 5)
    assert len(burst.checked) == 5
    assert outcomes.count("locked") == 5
    right_verified = STRONG_PASSWORD in burst.checked
    assert outcomes.count("in") == int(right_verified)
    assert outcomes.count("wrong") == 5 - int(right_verified)


def test_a_right_password_forgives_the_failures_before_it_not_the_guesses_after_it(
    clocked_core: QenexCore,
) -> None:
    """A right guess counted third, with one more counted after it (in flight): releasing it leaves
    that one counted, so four more wrong ones (not five) lock the profile."""
    lockout = clocked_core.auth.lockout
    clocked_core.auth.create_profile("alice", STRONG_PASSWORD)
    before = [lockout.reserve("alice", "login.failed") for _ in range(2)]
    right = lockout.reserve("alice", "login.failed")
    after = lockout.reserve("alice", "login.failed")
    assert right is not None and after is not None and None not in before
    lockout.right(right)
    for attempt in (*before, after):
        lockout.wrong(attempt)  # type: ignore[arg-type]
    with clocked_core.db.read() as session:
        assert session.scalars(select(Profile.failed_logins)).one() == 1
    _fail(clocked_core, 3)
    assert clocked_core.auth.lockout_remaining_s("alice") == 0
    _fail(clocked_core, 1)
    assert _locked_for(clocked_core) == 30


def test_a_right_fifth_guess_lifts_the_lock_it_set(clocked_core: QenexCore) -> None:
    clocked_core.auth.create_profile("alice", STRONG_PASSWORD)
    _fail(clocked_core, 4)
    assert clocked_core.auth.verify_password("alice", STRONG_PASSWORD)
    assert clocked_core.auth.lockout_remaining_s("alice") == 0
    with clocked_core.db.read() as session:
        profile = session.scalars(select(Profile)).one()
        assert (profile.failed_logins, profile.lockout_count, profile.locked_until) == (0, 0, None)


def test_a_burst_of_wallet_unlocks_is_capped_like_logins(
    config: AppConfig, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The vault's key comes from the login password: ten windows unlocking at once with wrong
    guesses get five tries, as logins do."""
    from qenex_desktop.core.keys import service as wallet_service

    setup = make_core(config, clock)
    setup.auth.create_profile("alice", STRONG_PASSWORD)
    setup.auth.login("alice", STRONG_PASSWORD)
    setup.wallet.create(password=STRONG_PASSWORD)
    setup.close()
    burst = Burst(config, clock, monkeypatch, wallet_service, "open_vault")
    outcomes = burst.run([WRONG] * 10, lambda core, password: core.wallet.unlock(password))
    assert sorted(outcomes) == ["locked"] * 5 + ["wrong"] * 5
    assert len(burst.checked) == 5
    clock.advance(config.security.lockout_base_s)
    core = make_core(config, clock)
    try:
        core.wallet.unlock(STRONG_PASSWORD)  # a right one opens it and ends the run
        with core.db.read() as session:
            assert session.scalars(select(Profile.failed_logins)).one() == 0
    finally:
        core.close()


def _guess_in_a_process(config: AppConfig, password: str, start: object) -> str:
    """One `login` in its own process, started with the others at one barrier."""
    core = make_core(config)
    try:
        _ = core.auth.hasher
        start.wait()  # type: ignore[attr-defined]
        core.auth.login("alice", password)
        return "in"
    except LockedOutError:
        return "locked"
    except AuthenticationError:
        return "wrong"
    finally:
        core.close()


def test_parallel_guesses_from_seven_processes_are_capped_too(config: AppConfig) -> None:
    """Real processes on one ledger file, the profile hashed at the app's real Argon2 cost (a
    verify takes a quarter of a second or more, so every process is inside the window)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from qenex_desktop.core.config import SecuritySettings

    real_cost = AppConfig(
        data_dir=config.data_dir, keyring_file=config.keyring_file, security=SecuritySettings()
    )
    setup = make_core(real_cost)
    setup.auth.create_profile("alice", STRONG_PASSWORD)
    setup.close()
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        start = manager.Barrier(7)
        with ProcessPoolExecutor(7, mp_context=context) as pool:
            futures = [pool.submit(_guess_in_a_process, real_cost, WRONG, start) for _ in range(7)]
            outcomes = [future.result(timeout=120) for future in futures]
    assert sorted(outcomes) == ["locked"] * 2 + ["wrong"] * 5

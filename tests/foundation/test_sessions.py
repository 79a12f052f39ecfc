"""Sessions: a 256-bit token in the real (file) keyring, only its hash in the ledger, expiry by clock."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest
from sqlalchemy import select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.clock import ManualClock
from qenex_desktop.core.config import AppConfig, SecuritySettings
from qenex_desktop.core.db.models import AuditEntry, LoginSession
from qenex_desktop.core.errors import NotLoggedInError
from qenex_desktop.core.security.keyring_store import SERVICE_NAME, PlaintextFile, select_backend
from tests.conftest import STRONG_PASSWORD, make_core
from tests.foundation.helpers import ledger_bytes


def _keyring_token(config: AppConfig) -> str | None:
    """Read the token back through keyrings.alt's own PlaintextKeyring on the same file, as another
    process (or another program using keyring) would."""
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = str(config.keyring_file)
    entries = [
        key
        for key in _keyring_entries(config)
        if key.startswith("alice@")  # one entry per profile and data dir
    ]
    if not entries:
        return None
    assert len(entries) == 1
    return backend.get_password(SERVICE_NAME, entries[0])


def _keyring_entries(config: AppConfig) -> list[str]:
    import configparser

    if not config.keyring_file.exists():
        return []
    parser = configparser.RawConfigParser()
    parser.read(config.keyring_file)
    section = SERVICE_NAME.replace("-", "_2D")  # keyrings.alt escapes the service name
    if not parser.has_section(section):
        return []
    return [key.replace("_40", "@") for key in parser.options(section)]


def _session_rows(core: QenexCore) -> list[LoginSession]:
    with core.db.read() as session:
        return list(session.scalars(select(LoginSession).order_by(LoginSession.id)))


def _events(core: QenexCore) -> list[str]:
    with core.db.read() as session:
        return list(session.scalars(select(AuditEntry.event).order_by(AuditEntry.id)))


def test_login_keeps_the_token_in_the_keyring_and_only_its_hash_in_the_ledger(
    core: QenexCore, config: AppConfig
) -> None:
    core.auth.create_profile("alice", STRONG_PASSWORD)
    core.auth.login("alice", STRONG_PASSWORD)
    token = _keyring_token(config)
    assert token is not None and len(token) == 64 and int(token, 16) >= 0  # 256 bits as hex
    rows = _session_rows(core)
    assert [row.token_hash for row in rows] == [hashlib.sha256(token.encode()).hexdigest()]
    assert token.encode() not in ledger_bytes(config.database_path)
    mode = stat.S_IMODE(os.stat(config.keyring_file).st_mode)
    assert mode == 0o600


def test_each_login_gets_a_fresh_token(core: QenexCore, config: AppConfig) -> None:
    core.auth.create_profile("alice", STRONG_PASSWORD)
    core.auth.login("alice", STRONG_PASSWORD)
    first = _keyring_token(config)
    core.auth.logout()
    core.auth.login("alice", STRONG_PASSWORD)
    assert _keyring_token(config) not in {None, first}


def test_session_resumes_in_a_new_core_from_the_keyring(config: AppConfig, clock: ManualClock) -> None:
    first = make_core(config, clock)
    first.auth.create_profile("alice", STRONG_PASSWORD)
    first.auth.login("alice", STRONG_PASSWORD)
    first.close()
    second = make_core(config, clock)
    try:
        assert second.auth.require_session().username == "alice"
    finally:
        second.close()


def test_idle_timeout_ends_the_session(
    clocked_core: QenexCore, clock: ManualClock, config: AppConfig
) -> None:
    idle = config.security.session_idle_timeout_s
    clocked_core.auth.create_profile("alice", STRONG_PASSWORD)
    clocked_core.auth.login("alice", STRONG_PASSWORD)
    clock.advance(idle - 1)
    assert clocked_core.auth.current_session() is not None  # use resets the idle clock
    clock.advance(idle - 1)
    assert clocked_core.auth.current_session() is not None
    clock.advance(idle)
    assert clocked_core.auth.current_session() is None
    with pytest.raises(NotLoggedInError, match="log in"):
        clocked_core.auth.require_session()
    assert _keyring_token(config) is None
    (row,) = _session_rows(clocked_core)
    assert row.ended_at is not None and row.end_reason == "idle"
    assert _events(clocked_core)[-1] == "session.expired"


def test_status_reads_do_not_extend_the_idle_timeout(
    clocked_core: QenexCore, clock: ManualClock, config: AppConfig
) -> None:
    idle = config.security.session_idle_timeout_s
    clocked_core.auth.create_profile("alice", STRONG_PASSWORD)
    clocked_core.auth.login("alice", STRONG_PASSWORD)
    clock.advance(idle - 1)
    assert clocked_core.auth.current_session(touch=False) is not None
    clock.advance(1)
    assert clocked_core.auth.current_session(touch=False) is None


def test_absolute_lifetime_ends_even_a_busy_session(
    clocked_core: QenexCore, clock: ManualClock, config: AppConfig
) -> None:
    settings: SecuritySettings = config.security
    clocked_core.auth.create_profile("alice", STRONG_PASSWORD)
    started = clocked_core.auth.login("alice", STRONG_PASSWORD).session
    assert started.expires_at == started.created_at + settings.session_lifetime_s * 1000
    step = settings.session_idle_timeout_s // 2
    elapsed = 0
    while elapsed + step < settings.session_lifetime_s:
        clock.advance(step)
        elapsed += step
        assert clocked_core.auth.current_session() is not None
    clock.advance(settings.session_lifetime_s - elapsed)
    assert clocked_core.auth.current_session() is None
    (row,) = _session_rows(clocked_core)
    assert row.end_reason == "expired"


def test_timeouts_are_configurable(config: AppConfig, clock: ManualClock) -> None:
    short = AppConfig(
        data_dir=config.data_dir,
        keyring_file=config.keyring_file,
        security=SecuritySettings(
            argon2=config.security.argon2, session_idle_timeout_s=60, session_lifetime_s=90
        ),
    )
    core = make_core(short, clock)
    try:
        core.auth.create_profile("alice", STRONG_PASSWORD)
        core.auth.login("alice", STRONG_PASSWORD)
        clock.advance(59)
        assert core.auth.current_session() is not None
        clock.advance(31)
        assert core.auth.current_session() is None
    finally:
        core.close()


@pytest.mark.parametrize(("reason", "event"), [("logout", "logout"), ("lock", "session.locked")])
def test_logout_and_lock_remove_the_token_and_end_the_session(
    core: QenexCore, config: AppConfig, reason: str, event: str
) -> None:
    core.auth.create_profile("alice", STRONG_PASSWORD)
    core.auth.login("alice", STRONG_PASSWORD)
    assert _keyring_token(config) is not None
    assert core.auth.logout(reason=reason)
    assert _keyring_token(config) is None
    (row,) = _session_rows(core)
    assert row.ended_at is not None and row.end_reason == reason
    assert _events(core)[-1] == event
    with pytest.raises(NotLoggedInError):
        core.auth.require_session()
    assert not core.auth.logout()  # a second logout finds nothing to end


def test_a_stolen_db_row_without_the_token_is_no_session(config: AppConfig) -> None:
    """Deleting the keyring entry (or never having it) leaves nothing to resume with: the process
    that logged in holds its session, any other process finds none."""
    core = make_core(config)
    try:
        core.auth.create_profile("alice", STRONG_PASSWORD)
        core.auth.login("alice", STRONG_PASSWORD)
        core.token_store.delete("alice")
    finally:
        core.close()
    other = make_core(config)
    try:
        assert other.auth.current_session() is None
    finally:
        other.close()


def test_sessions_of_two_data_dirs_do_not_mix(config: AppConfig, tmp_path: os.PathLike[str]) -> None:
    other_config = AppConfig(
        data_dir=config.data_dir.parent / "other", security=config.security, keyring_file=config.keyring_file
    )
    one, two = make_core(config), make_core(other_config)
    try:
        for core in (one, two):
            core.auth.create_profile("alice", STRONG_PASSWORD)
        one.auth.login("alice", STRONG_PASSWORD)
        assert one.auth.current_session() is not None
        assert two.auth.current_session() is None
    finally:
        one.close()
        two.close()


def test_without_a_desktop_keyring_the_plaintext_file_backend_is_chosen(config: AppConfig) -> None:
    """This box (like CI) has no Secret Service: the fallback is the file, and it says so."""
    backend = select_backend(config.keyring_file)
    core = make_core(config)
    try:
        info = core.token_store.info()
    finally:
        core.close()
    if not isinstance(backend, PlaintextFile):
        pytest.skip(f"a desktop keyring is available here ({type(backend).__name__})")
    assert backend.file_path == str(config.keyring_file)
    assert info.is_plaintext_file and info.location == str(config.keyring_file)
    assert info.name == "keyrings.alt.file.PlaintextKeyring"  # the file's format, as before


def test_logout_ends_this_process_session_even_after_another_login_elsewhere(config: AppConfig) -> None:
    """GUI logged in as alice, then the CLI as bob on the same data dir: the GUI's logout ends
    alice's session (and removes her token), not bob's."""
    gui, cli = make_core(config), make_core(config)
    try:
        gui.auth.create_profile("alice", STRONG_PASSWORD)
        gui.auth.create_profile("bob", STRONG_PASSWORD)
        gui.auth.login("alice", STRONG_PASSWORD)
        cli.auth.login("bob", STRONG_PASSWORD)
        assert gui.auth.require_session().username == "alice"
        assert gui.auth.logout()
        assert gui.auth.current_session() is None  # this process held alice's session; bob's is not its
        assert gui.token_store.load("alice") is None
        assert cli.auth.require_session().username == "bob"
        assert cli.token_store.load("bob") is not None
    finally:
        gui.close()
        cli.close()


def test_the_keyring_file_is_never_readable_by_others(
    core: QenexCore, config: AppConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each version of the file is complete and 0600 before it is renamed into place (before any
    chmod could run), even under a 022 umask, in a 0700 folder; this pins that."""
    modes: list[int] = []
    real_replace = os.replace

    def replace(source: str, target: str) -> None:
        modes.append(stat.S_IMODE(os.stat(source).st_mode))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    old_umask = os.umask(0o022)
    try:
        core.auth.create_profile("alice", STRONG_PASSWORD)
        core.auth.login("alice", STRONG_PASSWORD)
    finally:
        os.umask(old_umask)
    assert modes == [0o600]
    assert stat.S_IMODE(os.stat(config.keyring_file).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(config.keyring_file.parent).st_mode) == 0o700


def _rows_by_user(core: QenexCore) -> dict[str, list[LoginSession]]:
    from qenex_desktop.core.db.models import Profile

    with core.db.read() as session:
        names = {pid: name for pid, name in session.execute(select(Profile.id, Profile.username))}
    found: dict[str, list[LoginSession]] = {}
    for row in _session_rows(core):
        found.setdefault(names[row.profile_id], []).append(row)
    return found


def _alice_and_bob_with_alice_logged_in(config: AppConfig) -> None:
    setup = make_core(config)
    try:
        setup.auth.create_profile("alice", STRONG_PASSWORD)
        setup.auth.create_profile("bob", STRONG_PASSWORD)
        setup.auth.login("alice", STRONG_PASSWORD)
    finally:
        setup.close()


def test_a_resumed_session_is_the_process_identity_after_another_login_elsewhere(config: AppConfig) -> None:
    """The window resumed alice; `qenex login bob` elsewhere makes bob the data dir's active profile.
    The window still acts as alice (an account it creates is hers), and its lock ends her session."""
    _alice_and_bob_with_alice_logged_in(config)
    gui = make_core(config)
    try:
        assert gui.auth.require_session().username == "alice"  # resumed from the keyring
        cli = make_core(config)
        try:
            cli.auth.login("bob", STRONG_PASSWORD)
        finally:
            cli.close()
        assert gui.auth.require_session().username == "alice"
        assert gui.auth.active_username() == "alice"
        created = gui.exchange.create_account("Savings")
        alice_id = gui.auth.profile_id("alice")
        with gui.db.read() as session:
            from qenex_desktop.core.db.models import ExchangeAccount

            owner = session.scalar(select(ExchangeAccount.profile_id).where(ExchangeAccount.id == created.id))
        assert owner == alice_id
        assert gui.auth.logout(reason="lock")
        assert gui.auth.current_session() is None
        assert gui.token_store.load("alice") is None
        assert gui.token_store.load("bob") is not None
        rows = _rows_by_user(gui)
        assert [(r.ended_at is not None, r.end_reason) for r in rows["alice"]] == [(True, "lock")]
        assert [(r.ended_at is not None, r.end_reason) for r in rows["bob"]] == [(False, None)]
    finally:
        gui.close()
    after = make_core(config)  # a new process resumes the live one: bob's
    try:
        assert after.auth.require_session().username == "bob"
    finally:
        after.close()


def test_a_resumed_window_keeps_its_profile_when_the_real_cli_logs_in_as_another(config: AppConfig) -> None:
    """The same, with the second login done by the real `qenex login` in a subprocess."""
    import subprocess
    import sys
    from pathlib import Path

    _alice_and_bob_with_alice_logged_in(config)
    gui = make_core(config)
    try:
        assert gui.auth.require_session().username == "alice"
        qenex = Path(sys.executable).parent / "qenex"
        env = {**os.environ, "QENEX_KEYRING_FILE": str(config.keyring_file)}
        done = subprocess.run(
            [
                str(qenex),
                "--data-dir",
                str(config.data_dir),
                "login",
                "--username",
                "bob",
                "--password-stdin",
            ],
            input=STRONG_PASSWORD + "\n",
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert done.returncode == 0, done.stderr
        assert gui.auth.require_session().username == "alice"
        assert gui.auth.logout()
        assert gui.token_store.load("alice") is None
        rows = _rows_by_user(gui)
        assert [r.end_reason for r in rows["alice"]] == ["logout"]
        assert [r.ended_at for r in rows["bob"]] == [None]
        assert gui.token_store.load("bob") is not None
    finally:
        gui.close()


def test_a_process_that_ended_its_session_does_not_pick_up_another_profiles(config: AppConfig) -> None:
    """After its own session ended, a window is logged out: it never resumes whoever logged in last."""
    _alice_and_bob_with_alice_logged_in(config)
    gui = make_core(config)
    try:
        assert gui.auth.require_session().username == "alice"
        assert gui.auth.logout(reason="lock")
        cli = make_core(config)
        try:
            cli.auth.login("bob", STRONG_PASSWORD)
        finally:
            cli.close()
        assert gui.auth.current_session() is None
        with pytest.raises(NotLoggedInError):
            gui.exchange.create_account("Savings")
        assert gui.auth.active_username() == "alice"  # the unlock dialog offers the window's own profile
        gui.auth.login("alice", STRONG_PASSWORD)
        assert gui.auth.require_session().username == "alice"
    finally:
        gui.close()


def test_logging_in_again_elsewhere_as_the_same_profile_keeps_the_other_token(config: AppConfig) -> None:
    """Two live sessions of alice (window, then `qenex login alice`): the window's lock ends its own
    session only, and leaves the CLI's token in the keyring."""
    _alice_and_bob_with_alice_logged_in(config)
    gui = make_core(config)
    try:
        first = gui.auth.require_session()
        cli = make_core(config)
        try:
            second = cli.auth.login("alice", STRONG_PASSWORD).session
        finally:
            cli.close()
        assert gui.auth.require_session().session_id == first.session_id
        assert gui.auth.logout(reason="lock")
        token = gui.token_store.load("alice")
        assert token is not None
        assert hashlib.sha256(token.encode()).hexdigest() == next(
            r.token_hash for r in _session_rows(gui) if r.id == second.session_id
        )
    finally:
        gui.close()
    after = make_core(config)
    try:
        assert after.auth.require_session().session_id == second.session_id
    finally:
        after.close()

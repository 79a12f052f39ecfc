"""Users of a system.db of ordinary use: every name imported, each logs in with their own password
under the login name the report gives (issue 14)."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.db.models import Profile
from qenex_desktop.core.errors import AuthenticationError, ProfileInactiveError
from qenex_desktop.core.exchange.legacy import ImportReport
from qenex_desktop.core.validation import parse_username
from tests.exchange.legacy_checks import (
    assert_audit_verifies,
    assert_claims_kept,
    assert_conserved,
    assert_rounded_down,
)
from tests.exchange.legacy_fixtures import PEOPLE, password_of, system_people


@pytest.fixture
def imported(logged_in_core: QenexCore, tmp_path: Path) -> tuple[QenexCore, ImportReport, Path]:
    source = system_people(tmp_path / "system.db")
    return logged_in_core, logged_in_core.exchange.import_legacy(qenex_os_db=source), source


def test_every_user_is_imported_under_a_valid_deterministic_login(
    imported: tuple[QenexCore, ImportReport, Path],
) -> None:
    _core, report, _source = imported
    logins = {u.original: u.login for u in report.users}
    assert set(logins) == set(PEOPLE)
    assert logins["judy"] == "judy"  # a name that fits keeps it; its case twin is mapped
    assert logins["Mallory Smith"] == "mallory.smith"
    assert logins["oscar@example.org"] == "oscar.example.org"
    assert logins["Trent"] == "trent"
    assert logins["Judy"].startswith("judy-") and logins["Pé"].startswith("pe-")
    assert len(set(logins.values())) == len(logins)
    for login in logins.values():
        assert parse_username(login) == login
    reasons = {u.original: u.mapped_because for u in report.users}
    assert reasons["judy"] is None and reasons["Trent"] is None
    assert "taken by another user of the file" in str(reasons["Judy"])
    assert "does not fit the login-name rules" in str(reasons["Pé"])
    assert report.counts["mapped_logins"] == 4


def test_the_mapping_is_deterministic(logged_in_core: QenexCore, tmp_path: Path) -> None:
    """The same file and ledger give the same names: the dry run's are the import's, and a mapped
    name is its stem plus the first hex digits of the SHA-256 of the original name."""
    source = system_people(tmp_path / "system.db")
    dry = logged_in_core.exchange.import_legacy(qenex_os_db=source, dry_run=True)
    done = logged_in_core.exchange.import_legacy(qenex_os_db=source)
    assert [(u.original, u.login) for u in dry.users] == [(u.original, u.login) for u in done.users]
    logins = {u.original: u.login for u in done.users}
    assert logins["Judy"] == "judy-" + hashlib.sha256(b"Judy").hexdigest()[:6]
    assert logins["P\u00e9"] == "pe-" + hashlib.sha256("P\u00e9".encode()).hexdigest()[:6]


def test_each_user_logs_in_with_the_original_password_under_the_mapped_name(
    imported: tuple[QenexCore, ImportReport, Path],
) -> None:
    core, report, source = imported
    assert_conserved(core)
    assert assert_rounded_down(core, report, [(source, "qenex-os")]) == 11
    assert assert_claims_kept(core, report, source, "qenex-os") == 4
    core.auth.logout()
    for user in report.users:
        if not user.active:
            continue
        result = core.auth.login(user.login, password_of(user.original))
        assert result.password_upgraded, user
        core.auth.logout()
        with pytest.raises(AuthenticationError):  # the original name is not a login here
            core.auth.login(user.original, password_of(user.original) + "x")
    assert_audit_verifies(core)


def test_an_inactive_user_is_imported_and_refused_at_login_saying_so(
    imported: tuple[QenexCore, ImportReport, Path],
) -> None:
    core, report, _source = imported
    [trent] = [u for u in report.users if u.original == "Trent"]
    assert trent.active is False
    assert "inactive in the original: imported, but it cannot log in" in "\n".join(report.lines())
    core.auth.logout()
    with pytest.raises(ProfileInactiveError) as caught:
        core.auth.login("trent", password_of("Trent"))
    assert "inactive" in caught.value.message and caught.value.field == "username"
    with pytest.raises(AuthenticationError) as wrong:  # a wrong password says nothing about the state
        core.auth.login("trent", "not his password at all")
    assert not isinstance(wrong.value, ProfileInactiveError)
    with core.db.read() as session:
        profile = session.scalars(select(Profile).where(Profile.username == "trent")).one()
        assert profile.failed_logins == 1  # the right password was not counted as a failure


def test_email_created_at_and_the_original_name_are_kept(
    imported: tuple[QenexCore, ImportReport, Path],
) -> None:
    core, report, source = imported
    created = dict(sqlite3.connect(source).execute("SELECT username, created_at FROM users").fetchall())
    logins = {u.original: u.login for u in report.users}
    with core.db.read() as session:
        for original, email in PEOPLE.items():
            profile = session.scalars(select(Profile).where(Profile.username == logins[original])).one()
            assert (profile.display_name, profile.email, profile.is_active) == (
                original,
                email,
                original != "Trent",
            )
            assert profile.created_at == _ms(created[original])


def _ms(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()) * 1000


def test_a_name_taken_by_a_profile_here_is_mapped(logged_in_core: QenexCore, tmp_path: Path) -> None:
    logged_in_core.auth.create_profile("judy", "a long and private passphrase 42")
    report = logged_in_core.exchange.import_legacy(qenex_os_db=system_people(tmp_path / "system.db"))
    [judy] = [u for u in report.users if u.original == "judy"]
    assert judy.login.startswith("judy-") and "already a profile on this ledger" in str(judy.mapped_because)

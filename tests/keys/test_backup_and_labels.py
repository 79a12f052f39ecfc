"""The backup path and account labels of the core: reveal the phrase, export to a 0600 file,
rename and hide accounts (issue 13)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.errors import (
    AlreadyExistsError,
    AuthenticationError,
    LockedOutError,
    NotFoundError,
    ValidationError,
)
from qenex_desktop.core.keys.keystore import save_keystore_file
from tests.conftest import STRONG_PASSWORD

HARDHAT_MNEMONIC = "test test test test test test test test test test test junk"
HARDHAT_KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"


def _entries(core: QenexCore, event: str) -> list[dict[str, Any]]:
    with core.db.read() as session:
        return [json.loads(e.details) for e in core.audit.entries(session) if e.event == event]


def test_reveal_gives_the_phrase_back_only_with_the_password_and_audits_it(
    logged_in_core: QenexCore,
) -> None:
    core = logged_in_core
    created = core.wallet.create(password=STRONG_PASSWORD)
    with pytest.raises(AuthenticationError) as wrong:
        core.wallet.reveal_mnemonic("not the password at all")
    assert wrong.value.field == "password"
    assert _entries(core, "wallet.phrase_revealed") == []
    assert core.wallet.reveal_mnemonic(STRONG_PASSWORD) == created.mnemonic
    core.wallet.lock()  # a locked wallet opens with the same password
    assert core.wallet.reveal_mnemonic(STRONG_PASSWORD, address=created.account.address) == created.mnemonic
    revealed = _entries(core, "wallet.phrase_revealed")
    assert len(revealed) == 2 and revealed[0]["words"] == "12"
    assert revealed[0]["address"] == created.account.address
    words = created.mnemonic.split()
    for details in revealed:  # the entry never holds the phrase, nor a run of its words
        assert " ".join(words[:2]) not in json.dumps(details)


def test_reveal_counts_wrong_passwords_under_the_lockout(logged_in_core: QenexCore) -> None:
    core = logged_in_core
    core.wallet.create(password=STRONG_PASSWORD)
    for _ in range(core.config.security.max_failed_logins):
        with pytest.raises(AuthenticationError):
            core.wallet.reveal_mnemonic("not the password at all")
    with pytest.raises(LockedOutError):
        core.wallet.reveal_mnemonic(STRONG_PASSWORD)  # even the right one waits: no guessing oracle
    assert _entries(core, "wallet.phrase_revealed") == []


def test_an_imported_key_has_no_phrase_to_reveal(logged_in_core: QenexCore) -> None:
    core = logged_in_core
    imported = core.wallet.import_private_key(HARDHAT_KEY_0, password=STRONG_PASSWORD)
    with pytest.raises(NotFoundError) as no_phrase:
        core.wallet.reveal_mnemonic(STRONG_PASSWORD, address=imported.address)
    assert no_phrase.value.field == "address" and "keystore" in no_phrase.value.message
    with pytest.raises(NotFoundError):
        core.wallet.reveal_mnemonic(STRONG_PASSWORD)


def test_an_exported_keystore_is_a_new_0600_file_that_opens_in_other_wallets(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    core = logged_in_core
    core.wallet.export_scrypt_n = 2**10
    account = core.wallet.import_mnemonic(HARDHAT_MNEMONIC, password=STRONG_PASSWORD)[0]
    target = tmp_path / "backup.json"
    old_umask = os.umask(0o022)
    try:
        save_keystore_file(target, core.wallet.export_keystore(account.address, STRONG_PASSWORD))
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    document = json.loads(target.read_text(encoding="utf-8"))
    assert Account.from_key(Account.decrypt(document, STRONG_PASSWORD)).address == account.address
    with pytest.raises(AlreadyExistsError) as exists:
        save_keystore_file(target, {"other": "file"})
    assert exists.value.field == "output"
    assert json.loads(target.read_text(encoding="utf-8")) == document  # left as it was
    assert _entries(core, "wallet.exported")[0]["address"] == account.address


def test_rename_labels_an_account_and_refuses_a_name_taken_or_blank(logged_in_core: QenexCore) -> None:
    core = logged_in_core
    first = core.wallet.create(password=STRONG_PASSWORD).account
    second = core.wallet.add_account()
    assert core.wallet.rename_account(first.address, "  Savings ") == "Savings"
    assert [a.name for a in core.wallet.accounts()] == ["Savings", "Account 2"]
    with pytest.raises(ValidationError) as taken:
        core.wallet.rename_account(second.address, "savings")
    assert taken.value.field == "name"
    with pytest.raises(ValidationError) as blank:
        core.wallet.rename_account(second.address, "   ")
    assert blank.value.field == "name"
    with pytest.raises(NotFoundError):
        core.wallet.rename_account("0x" + "11" * 20, "Other")
    renamed = _entries(core, "wallet.account_renamed")
    assert renamed == [{"address": first.address, "from": "Account 1", "to": "Savings"}]


def test_hide_flags_an_account_that_still_signs_and_keeps_one_shown(logged_in_core: QenexCore) -> None:
    core = logged_in_core
    first = core.wallet.create(password=STRONG_PASSWORD).account
    second = core.wallet.add_account()
    assert core.wallet.set_account_hidden(second.address, True)
    assert not core.wallet.set_account_hidden(second.address, True)  # already: nothing written
    assert [(a.address, a.hidden) for a in core.wallet.accounts()] == [
        (first.address, False),
        (second.address, True),
    ]
    profile_id = core.require_session().profile_id
    assert second.address in core.wallet.vault.addresses(profile_id)  # still in the wallet
    with pytest.raises(ValidationError) as last:
        core.wallet.set_account_hidden(first.address, True)
    assert last.value.field == "hidden"
    assert core.wallet.set_account_hidden(second.address, False)
    with core.db.read() as session:
        events = [e.event for e in core.audit.entries(session)]
    assert events[:2] == ["wallet.account_shown", "wallet.account_hidden"]

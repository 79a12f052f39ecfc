"""Keys: BIP-39/BIP-32 vectors, imports, keystore v3, the encrypted vault and its password."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from eth_account import Account

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.db.models import WalletSecret
from qenex_desktop.core.errors import (
    AlreadyExistsError,
    AuthenticationError,
    ValidationError,
    WalletLockedError,
)
from qenex_desktop.core.keys import hd
from qenex_desktop.core.keys.crypto import wipe
from qenex_desktop.core.keys.keystore import read_keystore, write_keystore
from tests.conftest import STRONG_PASSWORD, make_core

HARDHAT_MNEMONIC = "test test test test test test test test test test test junk"
# Hardhat's documented default accounts #0..#2 (hardhat.org, "Hardhat Network" reference).
HARDHAT_ADDRESSES = [
    "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
]
HARDHAT_KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
NEW_PASSWORD = "harbor quilt mosaic 77"


def _all_bytes(data_dir: Path) -> bytes:
    """Everything the app wrote under its data dir (ledger, WAL, logs)."""
    return b"".join(p.read_bytes() for p in sorted(data_dir.rglob("*")) if p.is_file())


def test_hardhat_default_mnemonic_gives_the_documented_addresses() -> None:
    keys = hd.derive_keys(HARDHAT_MNEMONIC, [0, 1, 2])
    assert [hd.address_of(keys[i]) for i in range(3)] == HARDHAT_ADDRESSES
    assert "0x" + keys[0].hex() == HARDHAT_KEY_0


def test_bip39_checksum_and_word_list_are_enforced() -> None:
    with pytest.raises(ValidationError, match="checksum"):
        hd.normalize_mnemonic("test test test test test test test test test test test test")
    with pytest.raises(ValidationError, match="word list"):
        hd.normalize_mnemonic("test test test test test test test test test test test junkk")
    with pytest.raises(ValidationError, match="12, 15, 18, 21 or 24"):
        hd.normalize_mnemonic("test test test")
    assert (
        hd.normalize_mnemonic("  Test TEST test test test test test test test test test  junk ")
        == HARDHAT_MNEMONIC
    )


@pytest.mark.parametrize("text", ["0x1234", "zz" * 32, "0x" + "0" * 64, "0x" + "f" * 64])
def test_bad_private_keys_are_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        hd.parse_private_key(text)


def test_new_mnemonics_have_12_or_24_words_and_are_valid() -> None:
    for words in (12, 24):
        phrase = hd.new_mnemonic(words)
        assert len(phrase.split()) == words
        assert hd.normalize_mnemonic(phrase) == phrase
    with pytest.raises(ValidationError):
        hd.new_mnemonic(15)


def test_keystore_round_trip_and_wrong_password() -> None:
    key = bytes.fromhex(HARDHAT_KEY_0[2:])
    document = write_keystore(key, "export pass 123", scrypt_n=2**10)
    assert document["version"] == 3 and document["crypto"]["kdf"] == "scrypt"
    assert read_keystore(json.dumps(document), "export pass 123") == key
    with pytest.raises(AuthenticationError):
        read_keystore(json.dumps(document), "wrong")
    with pytest.raises(ValidationError):
        read_keystore("{not json", "x")


def test_create_shows_the_phrase_once_and_never_stores_it_in_clear(logged_in_core: QenexCore) -> None:
    core = logged_in_core
    created = core.wallet.create(words=12, password=STRONG_PASSWORD)
    assert len(created.mnemonic.split()) == 12
    assert created.account.address == hd.address_of(hd.derive_keys(created.mnemonic, [0])[0])
    key = core.wallet.vault.private_key(core.require_session().profile_id, created.account.address)
    core.close()
    written = _all_bytes(core.config.data_dir)
    for word_run in (created.mnemonic, " ".join(created.mnemonic.split()[:3])):
        assert word_run.encode() not in written
    assert key not in written and key.hex().encode() not in written
    assert created.account.address.encode() in written  # the address is public and stored


def test_import_private_key_and_keystore_and_duplicates(logged_in_core: QenexCore) -> None:
    core = logged_in_core
    core.wallet.export_scrypt_n = 2**10
    imported = core.wallet.import_private_key(HARDHAT_KEY_0, password=STRONG_PASSWORD)
    assert imported.address == HARDHAT_ADDRESSES[0] and imported.origin == "private_key"
    with pytest.raises(AlreadyExistsError):
        core.wallet.import_private_key(HARDHAT_KEY_0)
    other = Account.create()
    keystore = json.dumps(Account.encrypt(other.key, "file pass 1", kdf="scrypt", iterations=2**10))
    with pytest.raises(AuthenticationError):
        core.wallet.import_keystore(keystore, "nope")
    from_file = core.wallet.import_keystore(keystore, "file pass 1")
    assert from_file.address == other.address
    assert [a.address for a in core.wallet.accounts()] == [HARDHAT_ADDRESSES[0], other.address]


def test_export_needs_the_password_and_opens_with_it(logged_in_core: QenexCore) -> None:
    core = logged_in_core
    core.wallet.export_scrypt_n = 2**10
    account = core.wallet.import_mnemonic(HARDHAT_MNEMONIC, accounts=2, password=STRONG_PASSWORD)[1]
    assert account.address == HARDHAT_ADDRESSES[1] and account.hd_index == 1
    with pytest.raises(AuthenticationError):
        core.wallet.export_keystore(account.address, "not the password")
    document = core.wallet.export_keystore(account.address, STRONG_PASSWORD)
    assert Account.from_key(Account.decrypt(document, STRONG_PASSWORD)).address == account.address


def test_lock_wipes_keys_and_signing_then_needs_the_password(logged_in_core: QenexCore) -> None:
    core = logged_in_core
    core.wallet.import_mnemonic(HARDHAT_MNEMONIC, password=STRONG_PASSWORD)
    profile_id = core.require_session().profile_id
    tx = {
        "type": 2,
        "chainId": 31337,
        "nonce": 0,
        "to": HARDHAT_ADDRESSES[1],
        "value": 1,
        "gas": 21000,
        "maxFeePerGas": 10**9,
        "maxPriorityFeePerGas": 1,
        "data": "0x",
    }
    signed = core.wallet.sign_transaction(profile_id, HARDHAT_ADDRESSES[0], tx)
    assert signed.tx_hash.startswith("0x")
    held = core.wallet.vault._state
    assert held is not None
    key_buffer = held.private_keys[HARDHAT_ADDRESSES[0]]
    core.wallet.lock()
    assert bytes(key_buffer) == bytes(32)  # overwritten in place
    assert not core.wallet.is_unlocked()
    with pytest.raises(WalletLockedError):
        core.wallet.sign_transaction(profile_id, HARDHAT_ADDRESSES[0], tx)
    with pytest.raises(AuthenticationError):
        core.wallet.unlock("wrong password here")
    core.wallet.unlock(STRONG_PASSWORD)
    assert core.wallet.sign_transaction(profile_id, HARDHAT_ADDRESSES[0], tx) == signed


def test_keys_survive_a_restart_and_open_only_with_the_password(logged_in_core: QenexCore) -> None:
    core = logged_in_core
    created = core.wallet.create(words=24, password=STRONG_PASSWORD)
    second = core.wallet.add_account()
    assert second.hd_index == 1
    assert second.address == hd.address_of(hd.derive_keys(created.mnemonic, [1])[1])
    core.close()
    again = make_core(core.config)
    try:
        assert not again.wallet.is_unlocked()
        again.wallet.unlock(STRONG_PASSWORD)
        profile_id = again.require_session().profile_id
        assert again.wallet.vault.mnemonic(profile_id, 1) == created.mnemonic
        assert set(again.wallet.vault.addresses(profile_id)) == {created.account.address, second.address}
    finally:
        again.close()


def test_password_change_reseals_every_key_in_the_same_transaction(logged_in_core: QenexCore) -> None:
    core = logged_in_core
    core.wallet.import_mnemonic(HARDHAT_MNEMONIC, password=STRONG_PASSWORD)
    core.wallet.import_private_key("0x" + "11" * 32)
    with core.db.read() as session:
        before = {row.id: row.blob for row in session.query(WalletSecret)}
    core.auth.change_password("alice", STRONG_PASSWORD, NEW_PASSWORD)
    with core.db.read() as session:
        after = {row.id: row.blob for row in session.query(WalletSecret)}
    assert before.keys() == after.keys() and all(before[k] != after[k] for k in before)
    # the unlocked vault follows the new key: a new import seals under it
    core.wallet.add_account()
    core.wallet.lock()
    with pytest.raises(AuthenticationError):
        core.wallet.unlock(STRONG_PASSWORD)
    core.wallet.unlock(NEW_PASSWORD)
    assert len(core.wallet.vault.addresses(core.require_session().profile_id)) == 3


def test_password_change_rolls_back_when_a_key_cannot_be_resealed(logged_in_core: QenexCore) -> None:
    core = logged_in_core
    core.wallet.import_private_key("0x" + "22" * 32, password=STRONG_PASSWORD)
    connection = sqlite3.connect(core.config.database_path)
    connection.execute("UPDATE wallet_secrets SET blob = X'01' || zeroblob(40)")  # a damaged blob
    connection.commit()
    connection.close()
    with pytest.raises(AuthenticationError):
        core.auth.change_password("alice", STRONG_PASSWORD, NEW_PASSWORD)
    assert core.auth.verify_password("alice", STRONG_PASSWORD)  # nothing changed


def test_password_change_in_a_fresh_process_reseals_without_touching_the_wallet(
    logged_in_core: QenexCore,
) -> None:
    core = logged_in_core
    address = core.wallet.import_private_key("0x" + "33" * 32, password=STRONG_PASSWORD).address
    core.close()
    other = make_core(core.config)  # like a CLI process: core.wallet never built
    try:
        other.auth.change_password("alice", STRONG_PASSWORD, NEW_PASSWORD)
        assert "wallet" not in other.__dict__
        other.wallet.unlock(NEW_PASSWORD)
        assert other.wallet.vault.addresses(other.require_session().profile_id) == [address]
    finally:
        other.close()


def test_audit_names_key_events_without_secrets(logged_in_core: QenexCore) -> None:
    core = logged_in_core
    created = core.wallet.create(password=STRONG_PASSWORD)
    core.wallet.import_private_key(HARDHAT_KEY_0)
    with core.db.read() as session:
        text = core.audit.export_text(session, "jsonl")
    events = [json.loads(line)["event"] for line in text.splitlines()]
    assert "wallet.vault_created" in events and "wallet.created" in events and "wallet.imported" in events
    assert created.mnemonic.split()[0] + " " + created.mnemonic.split()[1] not in text
    assert HARDHAT_KEY_0[2:] not in text


def test_wipe_overwrites_in_place() -> None:
    buffer = bytearray(b"secret")
    wipe(buffer)
    assert buffer == bytearray(6)


def test_a_password_changed_in_another_process_locks_this_one_before_sealing(
    logged_in_core: QenexCore,
) -> None:
    core = logged_in_core
    core.wallet.import_mnemonic(HARDHAT_MNEMONIC, password=STRONG_PASSWORD)
    other = make_core(core.config)
    try:
        other.auth.change_password("alice", STRONG_PASSWORD, NEW_PASSWORD)
    finally:
        other.close()
    with pytest.raises(WalletLockedError, match="changed elsewhere"):
        core.wallet.import_private_key("0x" + "44" * 32)  # would seal under the old key: refused
    assert not core.wallet.is_unlocked()
    core.wallet.unlock(NEW_PASSWORD)
    assert core.wallet.import_private_key("0x" + "44" * 32).origin == "private_key"


def test_wrong_passwords_at_wallet_unlock_lock_the_profile_out(logged_in_core: QenexCore) -> None:
    """The vault's key comes from the login password: guessing it at unlock must hit the lockout too."""
    from qenex_desktop.core.errors import LockedOutError

    core = logged_in_core
    core.wallet.create(password=STRONG_PASSWORD)
    core.wallet.lock()
    limit = core.config.security.max_failed_logins
    for _ in range(limit):
        with pytest.raises(AuthenticationError):
            core.wallet.unlock("not the password at all")
    with pytest.raises(LockedOutError):
        core.wallet.unlock(STRONG_PASSWORD)  # even the right password waits out the lockout
    assert not core.wallet.is_unlocked()
    with core.db.read() as session:
        events = [e.event for e in core.audit.entries(session)]
    assert events.count("login.failed") >= limit and "login.locked_out" in events


def test_a_right_password_at_unlock_ends_the_run_of_wrong_ones(logged_in_core: QenexCore) -> None:
    """Four typos, then the right password: the next typo must not lock the profile out."""
    core = logged_in_core
    core.wallet.create(password=STRONG_PASSWORD)
    limit = core.config.security.max_failed_logins
    for _ in range(2):
        core.wallet.lock()
        for _ in range(limit - 1):
            with pytest.raises(AuthenticationError):
                core.wallet.unlock("not the password at all")
        core.wallet.unlock(STRONG_PASSWORD)
        assert core.wallet.is_unlocked()
    core.wallet.lock()
    with pytest.raises(AuthenticationError):  # not LockedOutError: the runs were cleared
        core.wallet.unlock("not the password at all")

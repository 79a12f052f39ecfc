"""Keys: BIP-39/BIP-32 vectors, imports, keystore v3, the encrypted vault and its password."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Literal

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from eth_account import Account
from eth_utils import keccak

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
from qenex_desktop.core.keys.keystore import load_keystore_file, read_keystore, write_keystore
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


# -- keystore files the importer must refuse (issue 10, items 7, 8 and 15) --------------------


def _seal_keystore(
    key: bytes,
    password: str,
    *,
    cipher: str = "aes-128-ctr",
    kdf: str = "scrypt",
    address: str | None = None,
    n: int = 2**10,
) -> dict[str, Any]:
    """A keystore v3 file written by this test's own code, with a MAC valid for its ciphertext.

    Any ``cipher`` can be sealed this way, so a file can be valid in every respect but the cipher.
    """
    salt, iv = os.urandom(32), os.urandom(16)
    if kdf == "scrypt":
        params: dict[str, Any] = {"n": n, "r": 8, "p": 1, "dklen": 32, "salt": salt.hex()}
        derived = hashlib.scrypt(password.encode(), salt=salt, n=n, r=8, p=1, dklen=32)
    else:
        params = {"c": 1000, "prf": "hmac-sha256", "dklen": 32, "salt": salt.hex()}
        derived = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 1000, 32)
    mode = modes.CTR(iv) if cipher == "aes-128-ctr" else modes.CBC(iv)
    encryptor = Cipher(algorithms.AES(derived[:16]), mode).encryptor()
    ciphertext = encryptor.update(key) + encryptor.finalize()
    document: dict[str, Any] = {
        "version": 3,
        "id": "00000000-0000-4000-8000-000000000000",
        "crypto": {
            "cipher": cipher,
            "cipherparams": {"iv": iv.hex()},
            "ciphertext": ciphertext.hex(),
            "kdf": kdf,
            "kdfparams": params,
            "mac": keccak(derived[16:32] + ciphertext).hex(),
        },
    }
    if address is not None:
        document["address"] = address.lower().removeprefix("0x")
    return document


def _with_kdfparams(document: dict[str, Any], **changes: Any) -> str:
    changed = copy.deepcopy(document)
    changed["crypto"]["kdfparams"].update(changes)
    return json.dumps(changed)


FILE_PASSWORD = "file pass 1"
SCRYPT_FILE = _seal_keystore(bytes.fromhex(HARDHAT_KEY_0[2:]), FILE_PASSWORD)
PBKDF2_FILE = _seal_keystore(bytes.fromhex(HARDHAT_KEY_0[2:]), FILE_PASSWORD, kdf="pbkdf2")


LIMIT_CASES: list[tuple[str, dict[str, Any]]] = [
    ("scrypt", {"p": 65536}),
    ("scrypt", {"p": 17}),
    ("scrypt", {"r": 9}),
    ("scrypt", {"r": 2**20}),
    ("scrypt", {"n": 2**21}),
    ("scrypt", {"n": 2**40}),
    ("scrypt", {"n": 3000}),  # not a power of two
    ("scrypt", {"n": 2**20, "r": 8, "p": 2}),  # each within its bound, together minutes
    ("scrypt", {"dklen": 2**31}),
    ("scrypt", {"dklen": 64}),
    ("scrypt", {"dklen": 16}),
    ("scrypt", {"n": "1024"}),
    ("scrypt", {"p": 1.0}),
    ("scrypt", {"p": True}),
    ("scrypt", {"p": 0}),
    ("pbkdf2", {"c": 2**31 - 1}),
    ("pbkdf2", {"c": 10**7 + 1}),
    ("pbkdf2", {"c": 0}),
    ("pbkdf2", {"prf": "hmac-sha512"}),
    ("pbkdf2", {"prf": "hmac-md5"}),
    ("pbkdf2", {"dklen": 2**31}),
]


@pytest.mark.parametrize(
    ("kdf", "changes"),
    LIMIT_CASES,
    ids=[kdf + "-" + "-".join(f"{k}={v!r}" for k, v in changes.items()) for kdf, changes in LIMIT_CASES],
)
def test_keystore_kdf_parameters_beyond_the_limits_are_refused_before_any_work(
    kdf: str, changes: dict[str, Any]
) -> None:
    document = SCRYPT_FILE if kdf == "scrypt" else PBKDF2_FILE
    started = time.perf_counter()
    with pytest.raises(ValidationError) as refused:
        read_keystore(_with_kdfparams(document, **changes), FILE_PASSWORD)
    assert time.perf_counter() - started < 0.5  # no KDF ran: p=65536 or c=2^31-1 would take minutes
    assert refused.value.field == "keystore"


def test_keystore_limits_are_checked_before_the_profile_password(logged_in_core: QenexCore) -> None:
    """A refused file costs neither the file's KDF nor the profile's Argon2: the wallet stays locked."""
    core = logged_in_core
    with pytest.raises(ValidationError, match="minutes"):
        core.wallet.import_keystore(_with_kdfparams(SCRYPT_FILE, n=2**20, p=16), FILE_PASSWORD)
    assert not core.wallet.is_unlocked() and core.wallet.accounts() == []


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"p": 16},  # n=2^10, r=8, p=16: within every bound
    ],
)
def test_keystores_within_the_limits_open(changes: dict[str, Any]) -> None:
    key = bytes.fromhex(HARDHAT_KEY_0[2:])
    document = copy.deepcopy(SCRYPT_FILE)
    if changes:
        salt = bytes.fromhex(document["crypto"]["kdfparams"]["salt"])
        derived = hashlib.scrypt(FILE_PASSWORD.encode(), salt=salt, n=2**10, r=8, p=16, dklen=32)
        iv = bytes.fromhex(document["crypto"]["cipherparams"]["iv"])
        encryptor = Cipher(algorithms.AES(derived[:16]), modes.CTR(iv)).encryptor()
        ciphertext = encryptor.update(key) + encryptor.finalize()
        document["crypto"].update(ciphertext=ciphertext.hex(), mac=keccak(derived[16:32] + ciphertext).hex())
        document["crypto"]["kdfparams"].update(changes)
    assert read_keystore(json.dumps(document), FILE_PASSWORD) == key
    assert read_keystore(json.dumps(PBKDF2_FILE), FILE_PASSWORD) == key


@pytest.mark.parametrize("kdf", ["scrypt", "pbkdf2"])
def test_files_written_by_eth_account_open_the_same(kdf: Literal["scrypt", "pbkdf2"]) -> None:
    other = Account.create()
    document = Account.encrypt(
        other.key, FILE_PASSWORD, kdf=kdf, iterations=2**10 if kdf == "scrypt" else 1000
    )
    assert read_keystore(json.dumps(document), FILE_PASSWORD) == bytes(other.key)
    assert read_keystore(json.dumps(document).encode(), FILE_PASSWORD) == bytes(other.key)


def test_the_web3_secret_storage_scrypt_vector_with_r1_p8_opens() -> None:
    """n=2^18 with r=1 (which OpenSSL's scrypt refuses): the example in eth-account's ``Account.decrypt``."""
    vector = {
        "address": "5ce9454909639D2D17A3F753ce7d93fa0b9aB12E",
        "crypto": {
            "cipher": "aes-128-ctr",
            "cipherparams": {"iv": "482ef54775b0cc59f25717711286f5c8"},
            "ciphertext": "cb636716a9fd46adbb31832d964df2082536edd5399a3393327dc89b0193a2be",
            "kdf": "scrypt",
            "kdfparams": {
                "dklen": 32,
                "n": 262144,
                "p": 8,
                "r": 1,
                "salt": "d3c9a9945000fcb6c9df0f854266d573",
            },
            "mac": "4f626ec5e7fea391b2229348a65bfef532c2a4e8372c0a6a814505a350a7689d",
        },
        "id": "b812f3f9-78cc-462a-9e89-74418aa27cb0",
        "version": 3,
    }
    key = read_keystore(json.dumps(vector), "password")
    assert key.hex() == "b25c7db31feed9122727bf0939dc769a96564b2de4c4726d035b36ecf1e5b364"


def test_a_cbc_sealed_keystore_with_a_valid_mac_is_refused_and_nothing_stored(
    logged_in_core: QenexCore,
) -> None:
    """Decrypting CBC ciphertext as CTR gives another key: it used to import as the wrong account."""
    core = logged_in_core
    core.wallet.create(password=STRONG_PASSWORD)
    before = core.wallet.accounts()
    owner = Account.create()
    sealed = json.dumps(_seal_keystore(bytes(owner.key), FILE_PASSWORD, cipher="aes-128-cbc"))
    with pytest.raises(ValidationError, match="aes-128-ctr") as refused:
        core.wallet.import_keystore(sealed, FILE_PASSWORD, password=STRONG_PASSWORD)
    assert refused.value.field == "keystore"
    assert core.wallet.accounts() == before


def test_a_keystore_naming_another_address_is_refused_and_nothing_stored(logged_in_core: QenexCore) -> None:
    core = logged_in_core
    core.wallet.create(password=STRONG_PASSWORD)
    before = core.wallet.accounts()
    owner, stranger = Account.create(), Account.create()
    sealed = _seal_keystore(bytes(owner.key), FILE_PASSWORD, address=stranger.address)
    with pytest.raises(ValidationError, match="does not match") as refused:
        core.wallet.import_keystore(json.dumps(sealed), FILE_PASSWORD, password=STRONG_PASSWORD)
    assert refused.value.field == "keystore"
    assert core.wallet.accounts() == before
    sealed["address"] = owner.address.lower().removeprefix("0x")
    assert core.wallet.import_keystore(json.dumps(sealed), FILE_PASSWORD).address == owner.address


def _replaced(**fields: Any) -> str:
    document = copy.deepcopy(SCRYPT_FILE)
    document.update(fields)
    return json.dumps(document)


def _crypto(**fields: Any) -> str:
    document = copy.deepcopy(SCRYPT_FILE)
    document["crypto"].update(fields)
    return json.dumps(document)


@pytest.mark.parametrize(
    "data",
    [
        _replaced(version="abc"),
        _replaced(version={}),
        _replaced(version={"major": 3}),  # int() of a non-empty object: a TypeError, exit 3
        _replaced(version=[3]),
        _replaced(version="3"),
        _replaced(version=True),
        _replaced(version=4),
        json.dumps(SCRYPT_FILE).replace('"version": 3', '"version": 1e400'),
        json.dumps(SCRYPT_FILE).replace('"version": 3', '"version": NaN'),
        json.dumps(SCRYPT_FILE).replace('"version": 3', '"version": ' + "3" * 5000),
        _replaced(crypto="x"),
        _replaced(crypto=None),
        _replaced(address=12),
        _replaced(address="0x1234"),
        _crypto(cipher=None),
        _crypto(cipher="aes-256-gcm"),
        _crypto(kdf="argon2id"),
        _crypto(kdfparams=[]),
        _crypto(cipherparams={"iv": "00" * 15}),
        _crypto(cipherparams={}),
        _crypto(ciphertext="zz" * 32),
        _crypto(ciphertext="00" * 48),
        _crypto(ciphertext="0 0" * 32),
        _crypto(mac="00" * 31),
        _crypto(mac=5),
        "[]",
        "3",
        "{}",
        "[" * 100_000 + "]" * 100_000,
        "{not json",
        b"\xff\xfe\x00\x01binary\x80\x81",
        b"\x00" * 100,
        b" " * (64 * 1024 + 1),
        "",
    ],
)
def test_malformed_keystore_files_are_refusals_not_crashes(data: str | bytes) -> None:
    with pytest.raises(ValidationError) as refused:
        read_keystore(data, FILE_PASSWORD)
    assert refused.value.field == "keystore"


def test_a_keystore_whose_mac_fails_is_a_wrong_password() -> None:
    with pytest.raises(AuthenticationError) as refused:
        read_keystore(json.dumps(SCRYPT_FILE), "not the file password")
    assert refused.value.field == "keystore_password"


def test_a_keystore_that_opens_to_no_valid_key_is_refused() -> None:
    zero_key = _seal_keystore(b"\x00" * 32, FILE_PASSWORD)
    with pytest.raises(ValidationError, match="no valid private key"):
        read_keystore(json.dumps(zero_key), FILE_PASSWORD)


def test_keystore_files_are_read_with_a_size_bound(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (10 * 1024 * 1024))
    with pytest.raises(ValidationError, match="larger than"):
        read_keystore(load_keystore_file(big), FILE_PASSWORD)
    with pytest.raises(ValidationError, match="cannot be read"):
        load_keystore_file(tmp_path / "missing.json")
    with pytest.raises(ValidationError, match="cannot be read"):
        load_keystore_file(tmp_path)


def test_a_deeply_nested_file_is_refused_even_with_a_raised_recursion_limit(tmp_path: Path) -> None:
    """json's C scanner overflows the C stack (a segfault) on deep nesting once the limit is raised."""
    script = (
        "import sys; sys.setrecursionlimit(1_000_000)\n"
        "from qenex_desktop.core.errors import ValidationError\n"
        "from qenex_desktop.core.keys.keystore import read_keystore\n"
        "try:\n"
        "    read_keystore('[' * 60_000, 'x')\n"
        "except ValidationError as exc:\n"
        "    print(exc.field)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.strip()) == (0, "keystore"), done.stderr

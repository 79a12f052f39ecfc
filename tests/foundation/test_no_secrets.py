"""After a full flow, no secret is in the ledger file, the audit log or the log files."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

import pytest

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.errors import AuthenticationError
from tests.conftest import STRONG_PASSWORD, make_core
from tests.foundation.helpers import ledger_bytes

NEW_PASSWORD = "a brand new passphrase"
WRONG_PASSWORD = "my wrong guess 1234"
#: A password that is also a valid username, typed into the name field by mistake.
PASSWORD_AS_NAME = "velvet.orbit.lantern42"


def _log_text(config: AppConfig) -> bytes:
    for handler in logging.getLogger("qenex_desktop").handlers:
        handler.flush()
    return b"".join(p.read_bytes() for p in Path(config.log_dir).glob("*.log*"))


def test_no_secret_reaches_the_ledger_the_audit_log_or_the_logs(config: AppConfig) -> None:
    core: QenexCore = make_core(config)
    logging.getLogger("qenex_desktop").info("log file is live")  # the search below must see a real file
    private_key = "0x" + secrets.token_hex(32)
    try:
        core.auth.create_profile("alice", STRONG_PASSWORD)
        with pytest.raises(AuthenticationError):
            core.auth.login("alice", WRONG_PASSWORD)
        with pytest.raises(AuthenticationError):
            core.auth.login(PASSWORD_AS_NAME, STRONG_PASSWORD)
        core.auth.login("alice", STRONG_PASSWORD)
        token = core.token_store.load("alice")
        assert token is not None
        mnemonic = core.wallet.create(password=STRONG_PASSWORD).mnemonic
        core.wallet.import_private_key(private_key, password=STRONG_PASSWORD)
        core.auth.change_password("alice", STRONG_PASSWORD, NEW_PASSWORD)
        core.auth.logout()
        with core.db.read() as session:
            audit_text = core.audit.export_text(session, "jsonl") + core.audit.export_text(session, "csv")
    finally:
        core.close()

    places = {
        "ledger": ledger_bytes(config.database_path),
        "audit": audit_text.encode(),
        "log": _log_text(config),
    }
    assert b"log file is live" in places["log"]
    secret_values = {
        "password": STRONG_PASSWORD,
        "new password": NEW_PASSWORD,
        "wrong password": WRONG_PASSWORD,
        "password typed as a name": PASSWORD_AS_NAME,
        "session token": token,
        "mnemonic": mnemonic,
        "private key": private_key[2:],
    }
    leaks = [
        f"{what} in {where}"
        for what, value in secret_values.items()
        for where, data in places.items()
        if value.encode() in data or value.lower().encode() in data
    ]
    assert leaks == []

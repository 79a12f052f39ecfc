"""What the CLI prints from the ledger is safe for a terminal (issue 10, item 10).

A ledger can hold names no typed command accepts (an older import stored them as given), so
the output layer escapes what a terminal would act on; ``--json`` is escaped by ``json.dumps``.
"""

from __future__ import annotations

import json

from sqlalchemy import select

from qenex_desktop.cli.formatting import terminal_safe
from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.db.models import ExchangeAccount, ExchangeToken, Profile
from tests.exchange.conftest import Cli

HOSTILE_TOKEN = "Clear\x1b[2J\u202eesrever\u200b\x00\r\x9b31m"
HOSTILE_ACCOUNT = "two\nlines\x1b]0;title\x07\u2066"


def test_terminal_safe_escapes_controls_bidi_and_invisible_characters() -> None:
    assert terminal_safe("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert terminal_safe("x\u202ey\u2067z") == "x\\u202ey\\u2067z"
    assert terminal_safe("\u200b\u200c\u200d\u2060\ufeff\u00ad") == (
        "\\u200b\\u200c\\u200d\\u2060\\ufeff\\xad"
    )
    assert terminal_safe("nul\x00 cr\r del\x7f csi\x9b bell\x07") == (
        "nul\\x00 cr\\x0d del\\x7f csi\\x9b bell\\x07"
    )
    assert terminal_safe("tag\U000e0041 sep\u2028 lone\udc80") == "tag\\U000e0041 sep\\u2028 lone\\udc80"


def test_terminal_safe_keeps_every_script_and_the_layout_of_whole_output() -> None:
    text = "Zürich 東京 Ελλάδα עברית € 🚀\n\tnext line"
    assert terminal_safe(text) == text
    assert terminal_safe("a\nb\tc", multiline=False) == "a\\x0ab\\x09c"
    assert terminal_safe("plain ASCII, 1.5 USD") == "plain ASCII, 1.5 USD"


def _store_hostile_names(config: AppConfig) -> None:
    """What an older import left: names written as given, past every parse function."""
    core = QenexCore(config)
    try:
        with core.db.write() as session:
            alice = session.scalar(select(Profile.id).where(Profile.username == "alice"))
            assert alice is not None
            session.add(
                ExchangeToken(
                    symbol="EVL",
                    name=HOSTILE_TOKEN,
                    decimals=0,
                    total_supply=0,
                    creator_profile_id=None,
                    created_at=1,
                    origin="legacy",
                )
            )
            session.add(
                ExchangeAccount(profile_id=alice, name=HOSTILE_ACCOUNT, kind="counterparty", created_at=1)
            )
    finally:
        core.close()


def test_lists_escape_names_an_older_import_stored_raw(cli: Cli) -> None:
    _store_hostile_names(AppConfig.load(str(cli.data_dir)))
    _code, tokens, _err = cli.raw("token", "list")
    _code, accounts, _err = cli.raw("account", "list")
    for out in (tokens, accounts):
        for ch in "\x1b\u202e\u200b\x00\r\x9b\x07\u2066":
            assert ch not in out, (ch, out)
    assert "Clear\\x1b[2J\\u202eesrever\\u200b\\x00\\x0d\\x9b31m" in tokens
    # A newline inside a name is escaped too: the name stays on its own row.
    assert accounts.splitlines() == ["two\\x0alines\\x1b]0;title\\x07\\u2066 (counterparty)"]


def test_json_output_is_escaped_by_json_dumps_and_keeps_the_stored_text(cli: Cli) -> None:
    _store_hostile_names(AppConfig.load(str(cli.data_dir)))
    code, out, _err = cli.raw("token", "list", as_json=True)
    assert code == 0
    assert out.isascii() and all(ch.isprintable() for ch in out.rstrip("\n"))
    [token] = json.loads(out)["tokens"]
    assert token["name"] == HOSTILE_TOKEN

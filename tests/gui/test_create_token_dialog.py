"""The create-token dialog's hint says the rule the ledger applies (issue 13: it said 2 to 11
while 1 to 11 were accepted), and a one-letter symbol typed and confirmed with Return is created."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.validation import SYMBOL_RULE, parse_symbol
from qenex_desktop.gui.dialogs.create_token import CreateTokenDialog
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow


def test_the_symbol_hint_and_the_rule_agree_on_one_letter_symbols(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    assert window.ctx is not None
    dialog = CreateTokenDialog(window.ctx, window)
    dialog.show()
    assert SYMBOL_RULE in dialog.symbol.placeholderText()
    assert SYMBOL_RULE.startswith("1 to 11")
    try:
        parse_symbol("ABCDEFGHIJKL")  # 12: one more than the hint says
    except ValidationError as exc:
        assert SYMBOL_RULE in str(exc)
    else:
        raise AssertionError("a 12-character symbol was accepted")
    qtbot.keyClicks(dialog.symbol, "x")
    qtbot.keyClicks(dialog.name, "Ex")
    qtbot.keyClicks(dialog.supply, "10")
    qtbot.keyClick(dialog.supply, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result_token is not None, timeout=15_000)
    window.ops.wait_idle()
    assert [t.symbol for t in window.ctx.core.exchange.list_tokens() if t.symbol == "X"] == ["X"]

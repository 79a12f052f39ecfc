"""The transaction details dialog (issue 13): full hashes, the decoded action, gas, fee, the status
history from pending to settled, and the explorer link; its screenshot."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from qenex_desktop.core.activity import ActivityItem, Leg
from qenex_desktop.core.activity_status import status_history
from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.tx_details import TxDetailsDialog, activity_dialogs, example_item
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.tabs.activity_tab import ActivityTab
from tests.conftest import STRONG_PASSWORD
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import show_tab
from tests.gui.test_send import RECIPIENT, funded_profile
from tests.hardhat_node import HardhatNode

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]
SENDER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
SPENDER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"


@pytest.mark.hardhat
@pytest.mark.slow
def test_a_sent_transaction_in_full_from_return_on_its_row(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    address = funded_profile(config, hardhat_node)
    setup = fast_core(config)
    sent = setup.chain.send(to=RECIPIENT, asset="ETH", amount="1.25", password=STRONG_PASSWORD)
    setup.chain.registry.edit("Test Hardhat", explorer_url="https://explorer.example/")
    setup.close()
    opened: list[QUrl] = []
    window = make_window(lambda: fast_core(config))
    activity = show_tab(qtbot, window, "activity")
    assert isinstance(activity, ActivityTab)
    qtbot.waitUntil(
        lambda: any(r.reference == sent.tx_hash and r.status == "confirmed" for r in activity.model.rows),
        timeout=20_000,
    )
    number = next(i for i, r in enumerate(activity.model.rows) if r.reference == sent.tx_hash)
    activity.view.setFocus()
    activity.view.selectRow(number)
    QTest.keyClick(activity.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: activity.details is not None and activity.details.isVisible(), timeout=5_000)
    dialog = activity.details
    assert dialog is not None
    values = {label: shown.text() for label, shown in dialog.values.items()}
    assert values["Transaction"] == sent.tx_hash
    assert values["From"] == address and values["To"] == RECIPIENT
    assert values["Action"] == "ETH send" and values["Amount"] == "1.25 ETH"
    assert values["Gas used"].startswith("21,000 / ")
    assert values["Fee paid"].endswith(" ETH") and values["Network"] == "Test Hardhat"
    qtbot.waitUntil(lambda: "confirmed: Mined in block" in dialog.history.toPlainText(), timeout=5_000)
    lines = dialog.history.toPlainText().splitlines()
    assert "pending: Signed and sent with nonce" in lines[0] and "confirmed" in lines[-1]
    import unittest.mock

    with unittest.mock.patch.object(QDesktopServices, "openUrl", side_effect=opened.append):
        dialog.explorer_button.setFocus()
        QTest.keyClick(dialog.explorer_button, Qt.Key.Key_Space)
    assert [url.toString() for url in opened] == [f"https://explorer.example/tx/{sent.tx_hash}"]
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)


def test_an_approve_is_decoded_with_its_spender_and_amount(qtbot: QtBot) -> None:
    approve = "0x095ea7b3" + "00" * 12 + SPENDER[2:].lower() + f"{15 * 10**17:064x}"
    base = example_item(SENDER)
    assert base.tx is not None
    item = replace(base, kind="approve", data=approve, legs=(Leg(base.legs[0].asset, "QXC", 18, 0, "out"),))
    dialog = TxDetailsDialog(item, "Local Hardhat")
    qtbot.addWidget(dialog)
    assert dialog.values["Action"].text() == f"Approve: approve(spender {SPENDER}, amount 1.5 QXC)"


def test_a_failed_replacement_says_why_and_what_it_replaced(qtbot: QtBot, logged_in_core: QenexCore) -> None:
    base = example_item(SENDER)
    assert base.tx is not None
    tx = replace(
        base.tx,
        status="failed",
        revert_reason="ERC20: transfer amount exceeds balance",
        replaces="0x" + "ab" * 32,
    )
    item = replace(base, status="failed", tx=tx)
    dialog = TxDetailsDialog(item, "Local Hardhat")
    qtbot.addWidget(dialog)
    assert dialog.values["Failed because"].text() == "ERC20: transfer amount exceeds balance"
    assert dialog.values["Replaces"].text() == "0x" + "ab" * 32
    steps = status_history(logged_in_core, tx)
    assert [step.status for step in steps] == ["pending", "failed"]
    assert "speed-up (higher fees) of 0xabab" in steps[0].text
    assert steps[1].text.endswith("failed: ERC20: transfer amount exceeds balance.")
    dialog.set_history(steps)
    assert "failed: Mined in block 42 but failed" in dialog.history.toPlainText()


def test_a_ledger_row_shows_as_plain_text_without_a_hash_to_copy(qtbot: QtBot) -> None:
    item = ActivityItem(
        "ledger", 1_780_000_000_000, "exchange.transfer", "confirmed",
        (Leg("ledger:GOLD", "GOLD", 2, 12345, "out"),), "<b>Main</b>", "Bob", "audit #7",
    )  # fmt: skip
    dialog = TxDetailsDialog(item, "Local Hardhat")
    qtbot.addWidget(dialog)
    assert dialog.values["From"].textFormat() == Qt.TextFormat.PlainText
    assert dialog.values["Ledger entry"].text() == "audit #7"
    assert dialog.values["Amount"].text() == "123.45 GOLD (sent)"
    assert not dialog.copy_button.isEnabled() and not dialog.explorer_button.isVisibleTo(dialog)


def test_the_screenshot_shows_example_figures_without_a_transaction(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    assert window.ctx is not None
    ((name, dialog),) = activity_dialogs(window.ctx, window)
    qtbot.addWidget(dialog)
    assert name == "dialog-transaction-details" and isinstance(dialog, TxDetailsDialog)
    assert dialog.values["Action"].text().startswith("Token transfer: transfer(to 0x7099")
    assert "confirmed: Mined in block 42" in dialog.history.toPlainText()
    assert dialog.explorer_button.isVisibleTo(dialog)


@pytest.mark.hardhat
@pytest.mark.slow
def test_a_sped_up_send_tells_replaced_by_and_what_replaced_it(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    funded_profile(config, hardhat_node)
    hardhat_node.set_automine(False)
    try:
        setup = fast_core(config)
        original = setup.chain.send(to=RECIPIENT, asset="ETH", amount="1", password=STRONG_PASSWORD).tx_hash
        faster = setup.chain.speed_up(original, password=STRONG_PASSWORD).tx_hash
        hardhat_node.mine()
        setup.chain.refresh_pending()
        setup.close()
    finally:
        hardhat_node.set_automine(True)
    window = make_window(lambda: fast_core(config))
    activity = show_tab(qtbot, window, "activity")
    assert isinstance(activity, ActivityTab)
    qtbot.waitUntil(lambda: activity.model.rowCount() == 2, timeout=20_000)
    assert {r.reference: r.status for r in activity.model.rows} == {original: "replaced", faster: "confirmed"}

    def details_of(reference: str) -> TxDetailsDialog:
        number = next(i for i, r in enumerate(activity.model.rows) if r.reference == reference)
        window.activateWindow()  # back from a closed dialog, as the window manager does
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
        activity.view.setFocus()
        activity.view.selectRow(number)
        QTest.keyClick(activity.view, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: activity.details is not None and activity.details.item.reference == reference)
        dialog = activity.details
        assert dialog is not None
        qtbot.waitUntil(lambda: "Reading" not in dialog.history.toPlainText(), timeout=5_000)
        return dialog

    old = details_of(original)
    assert old.values["Replaced by"].text() == faster
    assert old.history.toPlainText().splitlines()[-1].endswith(f"replaced: Replaced by {faster}.")
    QTest.keyClick(old, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not old.isVisible(), timeout=5_000)
    new = details_of(faster)
    assert new.values["Replaces"].text() == original
    lines = new.history.toPlainText().splitlines()
    assert f"pending: Signed and sent as a speed-up (higher fees) of {original}" in lines[0]
    assert "confirmed: Mined in block" in lines[-1]
    QTest.keyClick(new, Qt.Key.Key_Escape)

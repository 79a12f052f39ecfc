"""Speed up and Cancel show the new fees and ask first (issue 12, "Confirm before money moves").

Before, the Speed up and Cancel buttons signed at once, with fees nobody saw. Now a review shows
the new max fee, the tip and the most it can cost next to the pending transaction's, Return on the
confirm button signs exactly those fees, and Escape leaves the pending transaction alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.chain.replacement import ReplacementFees
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.speed_up import (
    SpeedUpDialog,
    eth_full,
    example_preview,
    gwei_full,
    speed_up_dialogs,
)
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.tabs.activity_tab import ActivityTab
from qenex_desktop.gui.tabs.wallet_tab import WalletTab
from tests.conftest import STRONG_PASSWORD
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import show_tab
from tests.gui.test_send import RECIPIENT, funded_profile
from tests.hardhat_node import HardhatNode

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]
SENDER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"


def _press(widget: QWidget, key: Qt.Key) -> None:
    widget.setFocus()
    QTest.keyClick(widget, key)


def _review(qtbot: QtBot, tab: ActivityTab | WalletTab, button: QWidget) -> SpeedUpDialog:
    """Space on ``button`` (Speed up or Cancel), then the review dialog ``tab`` opens for it."""
    _press(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: tab.review is not None and tab.review.dialog is not None, timeout=20_000)
    assert tab.review is not None and tab.review.dialog is not None
    return tab.review.dialog


def test_the_review_shows_old_and_new_fees_and_return_confirms(qtbot: QtBot) -> None:
    preview = example_preview(SENDER)
    dialog = SpeedUpDialog(preview)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    shown = {key: label.text() for key, label in dialog.values.items()}
    assert shown[("max_fee", "old")] == "2.75 gwei" and shown[("max_fee", "new")] == "3.025 gwei"
    assert shown[("priority_fee", "old")] == "1 gwei" and shown[("priority_fee", "new")] == "1.1 gwei"
    assert shown[("gas_limit", "old")] == shown[("gas_limit", "new")] == "21,000"
    assert shown[("max_cost", "old")] == "0.00005775 ETH" and shown[("max_cost", "new")] == "0.000063525 ETH"
    assert dialog.values[("max_fee", "new")].toolTip() == "3,025,000,000 wei"
    assert dialog.confirm_button.isDefault() and not dialog.back_button.isDefault()
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.result() == SpeedUpDialog.DialogCode.Accepted


def test_every_wei_of_the_new_fees_is_shown(qtbot: QtBot) -> None:
    odd = replace(example_preview(SENDER), fees=ReplacementFees(3_025_000_001, 1_100_000_001))
    dialog = SpeedUpDialog(odd)
    qtbot.addWidget(dialog)
    assert dialog.values[("max_fee", "new")].text() == "3.025000001 gwei"
    assert dialog.values[("priority_fee", "new")].text() == "1.100000001 gwei"
    assert dialog.values[("max_cost", "new")].text() == "0.000063525000021 ETH"


def test_escape_leaves_it_and_a_cancel_says_what_it_does(qtbot: QtBot) -> None:
    dialog = SpeedUpDialog(example_preview(SENDER, cancel=True))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    text = " ".join(label.text() for label in dialog.findChildren(type(dialog.values[("max_fee", "new")])))
    assert "0 ETH to yourself" in text and "same nonce (4)" in text and "a send of 1.5 ETH" in text
    assert dialog.confirm_button.text() == "Cancel transaction"
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == SpeedUpDialog.DialogCode.Rejected and not dialog.isVisible()


def test_without_the_eth_for_the_fee_return_signs_nothing(qtbot: QtBot) -> None:
    poor = replace(example_preview(SENDER), balance=10**15)
    dialog = SpeedUpDialog(poor)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.confirm_button.isEnabled() and dialog.funds_error.shown
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.result() != SpeedUpDialog.DialogCode.Accepted


def _pending_window(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> tuple[MainWindow, QenexCore, str]:
    funded_profile(config, hardhat_node)
    window = make_window(lambda: fast_core(config))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=15_000)
    assert window.ctx is not None
    core = window.ctx.core
    hardhat_node.set_automine(False)
    core.wallet.unlock(STRONG_PASSWORD)
    sent = core.chain.send(to=RECIPIENT, asset="ETH", amount="1")
    assert sent.status == "pending"
    return window, core, sent.tx_hash


@pytest.mark.hardhat
@pytest.mark.slow
def test_speed_up_in_activity_signs_exactly_the_fees_reviewed(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    try:
        window, core, original = _pending_window(qtbot, make_window, config, hardhat_node)
        activity = show_tab(qtbot, window, "activity")
        assert isinstance(activity, ActivityTab)
        activity.refresh()
        qtbot.waitUntil(lambda: any(r.reference == original for r in activity.model.rows), timeout=20_000)
        row = next(i for i, r in enumerate(activity.model.rows) if r.reference == original)
        activity.view.setFocus()
        activity.view.selectRow(row)
        assert activity.speed_up_button.isEnabled()

        dialog = _review(qtbot, activity, activity.speed_up_button)
        old = core.chain.transaction(original)
        assert dialog.values[("max_fee", "old")].text() == gwei_full(old.max_fee_per_gas)
        assert dialog.values[("max_cost", "old")].text() == eth_full(old.gas_limit * old.max_fee_per_gas)
        QTest.keyClick(dialog, Qt.Key.Key_Escape)  # nothing is signed
        window.ops.wait_idle()
        assert len(core.chain.transactions()) == 1
        assert window.ctx is not None
        ((_name, pictured),) = speed_up_dialogs(window.ctx, window)  # the screenshot: the real one
        assert isinstance(pictured, SpeedUpDialog) and pictured.preview.tx_hash == original
        pictured.deleteLater()
        assert activity.review is not None and activity.review.dialog is None  # closed, none stale

        activity.view.selectRow(next(i for i, r in enumerate(activity.model.rows) if r.reference == original))
        dialog = _review(qtbot, activity, activity.speed_up_button)
        shown = dialog.preview
        assert dialog.values[("max_fee", "new")].text() == gwei_full(shown.max_fee_per_gas)
        assert dialog.values[("priority_fee", "new")].text() == gwei_full(shown.max_priority_fee_per_gas)
        QTest.keyClick(dialog.confirm_button, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(core.chain.transactions()) == 2, timeout=20_000)
        window.ops.wait_idle()
        faster = core.chain.transactions()[0]
        assert faster.replaces == original and faster.nonce == old.nonce
        assert (faster.max_fee_per_gas, faster.max_priority_fee_per_gas) == (
            shown.max_fee_per_gas,
            shown.max_priority_fee_per_gas,
        )
    finally:
        hardhat_node.set_automine(True)


@pytest.mark.hardhat
@pytest.mark.slow
def test_cancel_from_the_wallet_tab_is_reviewed_first(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    try:
        window, core, original = _pending_window(qtbot, make_window, config, hardhat_node)
        wallet = show_tab(qtbot, window, "wallet")
        assert isinstance(wallet, WalletTab)
        window.refresh_all()
        qtbot.waitUntil(lambda: wallet.pending_count == 1, timeout=20_000)
        wallet.pending_view.setFocus()
        wallet.pending_view.selectRow(0)
        dialog = _review(qtbot, wallet, wallet.cancel_button)
        shown = dialog.preview
        assert shown.cancel and dialog.values[("gas_limit", "new")].text() == "21,000"
        assert len(core.chain.transactions()) == 1  # nothing signed before the confirm
        QTest.keyClick(dialog.confirm_button, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(core.chain.transactions()) == 2, timeout=20_000)
        window.ops.wait_idle()
        cancel = core.chain.transactions()[0]
        assert cancel.kind == "cancel" and cancel.amount == 0 and cancel.replaces == original
        assert cancel.max_fee_per_gas == shown.max_fee_per_gas
    finally:
        hardhat_node.set_automine(True)


def test_the_screenshot_shows_example_figures_when_nothing_is_pending(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    assert window.ctx is not None
    ((name, dialog),) = speed_up_dialogs(window.ctx, window)
    qtbot.addWidget(dialog)
    assert name == "dialog-speed-up" and isinstance(dialog, SpeedUpDialog)
    assert dialog.preview == example_preview(SENDER) and not dialog.preview.cancel


@pytest.mark.hardhat
@pytest.mark.slow
def test_with_sealed_keys_the_password_is_asked_after_the_review(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    from qenex_desktop.gui.dialogs.password import PasswordDialog

    funded_profile(config, hardhat_node)
    hardhat_node.set_automine(False)
    try:
        setup = fast_core(config)
        original = setup.chain.send(to=RECIPIENT, asset="ETH", amount="1", password=STRONG_PASSWORD).tx_hash
        setup.close()
        window = make_window(lambda: fast_core(config))  # a resumed session: the keys are sealed
        assert window.ctx is not None
        core = window.ctx.core
        assert not core.wallet.vault.is_unlocked()
        activity = show_tab(qtbot, window, "activity")
        assert isinstance(activity, ActivityTab)
        qtbot.waitUntil(lambda: activity.model.rowCount() == 1, timeout=20_000)
        activity.view.setFocus()
        activity.view.selectRow(0)
        _press(activity.speed_up_button, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: getattr(activity.review, "dialog", None) is not None, timeout=20_000)
        assert activity.review is not None and activity.review.dialog is not None
        QTest.keyClick(activity.review.dialog.confirm_button, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(window.findChildren(PasswordDialog)), timeout=5_000)
        (ask,) = [d for d in window.findChildren(PasswordDialog) if d.isVisible()]
        assert len(core.chain.transactions()) == 1  # nothing signed without the password
        qtbot.keyClicks(ask.password, STRONG_PASSWORD)
        QTest.keyClick(ask.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(core.chain.transactions()) == 2, timeout=20_000)
        window.ops.wait_idle()
        assert core.chain.transactions()[0].replaces == original
    finally:
        hardhat_node.set_automine(True)

"""The send dialog's fee choice and its decoded, simulated confirmation, with the keyboard, on a real
Hardhat node (issue 15): a send that would revert is shown with its reason and cannot be signed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.send import ConfirmSendDialog, SendDialog
from qenex_desktop.gui.main_window import MainWindow
from tests.conftest import STRONG_PASSWORD
from tests.gui.conftest import fast_core
from tests.gui.test_send import ETHER, RECIPIENT, counts, funded_profile, open_send
from tests.hardhat_node import HardhatNode

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]
GWEI = 10**9
pytestmark = pytest.mark.hardhat


def _tab_to(qtbot: QtBot, dialog: SendDialog, target: QWidget) -> None:
    for _ in range(8):
        if dialog.focusWidget() is target:
            return
        focused = dialog.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is target


def _active(qtbot: QtBot, dialog: QWidget) -> None:
    """The dialog has the keyboard, as the window in front does for a person (a radio group's arrow
    keys follow the application's focus widget; the offscreen platform leaves a closed popup active)."""
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)


def _confirm(qtbot: QtBot, dialog: SendDialog) -> ConfirmSendDialog:
    qtbot.waitUntil(lambda: isinstance(dialog.confirm, ConfirmSendDialog), timeout=30_000)
    assert dialog.confirm is not None
    return dialog.confirm


def _node_nonce(node: HardhatNode, address: str) -> int:
    return int(node.rpc("eth_getTransactionCount", [address, "pending"]), 16)


def test_a_token_send_above_the_balance_shows_the_reason_and_sign_stays_disabled(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    address = funded_profile(config, hardhat_node, eth=10 * ETHER)
    setup = fast_core(config)
    setup.auth.login("alice", STRONG_PASSWORD)
    setup.chain.deploy_qxc_as_dev()
    setup.chain.dev_faucet(address, eth=10 * ETHER, qxc=1_000 * ETHER)
    setup.close()
    window = make_window(lambda: fast_core(config))
    _wallet, dialog = open_send(qtbot, window)
    assert window.ctx is not None
    core = window.ctx.core
    before, nonce = counts(core), _node_nonce(hardhat_node, address)
    _active(qtbot, dialog)

    dialog.asset.setFocus()
    while not dialog.asset.currentText().startswith("QXC"):
        qtbot.keyClick(dialog.asset, Qt.Key.Key_Down)
    _tab_to(qtbot, dialog, dialog.to)
    qtbot.keyClicks(dialog.to, RECIPIENT)
    _active(qtbot, dialog)  # the To field's completer popup came and went while typing
    qtbot.keyClick(dialog.to, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.amount, "5000")
    picker = dialog.fee_picker
    _tab_to(qtbot, dialog, picker.buttons["market"])
    assert picker.current() == "market"
    qtbot.keyClick(picker.buttons["market"], Qt.Key.Key_Down)
    assert picker.current() == "fast" and dialog.focusWidget() is picker.buttons["fast"]
    # the live preview simulates it already, and the presets say what each can cost at most
    qtbot.waitUntil(lambda: "would fail" in dialog.fee.text(), timeout=30_000)
    assert "ERC20InsufficientBalance" in dialog.fee.text()
    assert "the account holds 1000 QXC; this needs 5000 QXC" in dialog.fee.text()
    assert "at most" in picker.buttons["slow"].text()

    qtbot.keyClick(picker.buttons["fast"], Qt.Key.Key_Return)  # Return reviews
    confirm = _confirm(qtbot, dialog)
    assert confirm.preview.fee_speed == "fast" and confirm.preview.will_revert
    simulated = confirm.details.simulated.text()
    assert "would fail: the account holds 1000 QXC; this needs 5000 QXC" in simulated
    assert "ERC20InsufficientBalance" in simulated
    assert "Token transfer: 5,000 QXC to " + RECIPIENT in confirm.details.does.text()
    assert not confirm.send_button.isEnabled()
    shown = [label.text() for label in confirm.findChildren(QLabel)]
    assert "ETH after (at least)" in shown and "QXC after" not in shown  # no balance after a send that fails
    qtbot.keyClick(confirm, Qt.Key.Key_Return)  # nothing to press: it cannot be signed
    window.ops.wait_idle()
    assert counts(core) == before and _node_nonce(hardhat_node, address) == nonce
    confirm.reject()


def test_custom_fees_typed_in_gwei_are_the_fees_signed(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    funded_profile(config, hardhat_node, eth=10 * ETHER)
    window = make_window(lambda: fast_core(config))
    _wallet, dialog = open_send(qtbot, window)
    _active(qtbot, dialog)
    qtbot.keyClicks(dialog.to, RECIPIENT)
    _active(qtbot, dialog)  # the To field's completer popup came and went while typing
    qtbot.keyClick(dialog.to, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.amount, "1")
    picker = dialog.fee_picker
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=30_000)  # the market figures arrive
    _tab_to(qtbot, dialog, picker.buttons["market"])
    qtbot.keyClick(picker.buttons["market"], Qt.Key.Key_Down)
    qtbot.keyClick(picker.buttons["fast"], Qt.Key.Key_Down)
    assert picker.current() == "custom" and picker.custom.isVisible()
    assert picker.max_fee.units() is not None  # it starts from the market's figures
    qtbot.keyClick(picker.buttons["custom"], Qt.Key.Key_Tab)
    assert dialog.focusWidget() is picker.max_fee
    picker.max_fee.selectAll()
    qtbot.keyClicks(picker.max_fee, "40.5")
    qtbot.keyClick(picker.max_fee, Qt.Key.Key_Tab)
    picker.tip.selectAll()
    qtbot.keyClicks(picker.tip, "2,5")
    assert "separators" in picker.tip.error.text()  # the one amount parser, as typed
    picker.tip.selectAll()
    qtbot.keyClicks(picker.tip, "2.5")
    assert not picker.tip.error.shown
    qtbot.keyClick(picker.tip, Qt.Key.Key_Return)

    confirm = _confirm(qtbot, dialog)
    p = confirm.preview
    assert (p.fee_speed, p.max_fee_per_gas, p.max_priority_fee_per_gas) == (
        "custom",
        40_500_000_000,
        2_500_000_000,
    )
    assert not p.will_revert and confirm.send_button.isEnabled()
    assert confirm.details.does.text() == f"Sends 1 ETH to {RECIPIENT}."
    assert "Runs without error" in confirm.details.simulated.text()
    qtbot.keyClicks(confirm.password, STRONG_PASSWORD)
    qtbot.keyClick(confirm.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(confirm) or not confirm.isVisible(), timeout=30_000)
    assert window.ctx is not None
    sent = [t for t in window.ctx.core.chain.transactions() if t.kind == "send_eth"]
    assert [(t.max_fee_per_gas, t.max_priority_fee_per_gas) for t in sent] == [
        (40_500_000_000, 2_500_000_000)
    ]


def test_the_speed_up_review_offers_the_same_choice_with_keys(qtbot: QtBot) -> None:
    from qenex_desktop.core.chain.replacement import ReplacementFees
    from qenex_desktop.gui.dialogs.speed_up import SpeedUpDialog, example_preview

    dialog = SpeedUpDialog(example_preview("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    _active(qtbot, dialog)
    picker = dialog.fee_picker
    assert "at most 0.00011025 ETH" in picker.buttons["fast"].text()
    picker.buttons["market"].setFocus()
    qtbot.keyClick(picker.buttons["market"], Qt.Key.Key_Down)
    assert picker.current() == "fast"
    assert dialog.values[("max_fee", "new")].text() == "5.25 gwei"
    assert dialog.values[("priority_fee", "new")].text() == "3 gwei"
    assert dialog.preview.fees == ReplacementFees(5_250_000_000, 3 * GWEI)

    qtbot.keyClick(picker.buttons["fast"], Qt.Key.Key_Down)  # custom, below what outbids the pending one
    assert picker.current() == "custom"
    picker.max_fee.setFocus()
    picker.max_fee.selectAll()
    qtbot.keyClicks(picker.max_fee, "3")
    assert "at least 3.025 gwei" in picker.error.text() and not dialog.confirm_button.isEnabled()
    picker.max_fee.selectAll()
    qtbot.keyClicks(picker.max_fee, "9")
    assert not picker.error.shown and dialog.confirm_button.isEnabled()
    qtbot.keyClick(picker.max_fee, Qt.Key.Key_Return)
    assert dialog.result() == SpeedUpDialog.DialogCode.Accepted
    assert dialog.preview.speed == "custom" and dialog.preview.max_fee_per_gas == 9 * GWEI


def test_the_screenshot_dialogs_show_the_presets_a_refused_send_and_an_unlimited_approve(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    from qenex_desktop.gui.dialogs.send_preview_shots import send_preview_dialogs

    funded_profile(config, hardhat_node, eth=10 * ETHER)
    window = make_window(lambda: fast_core(config))
    open_send(qtbot, window)[1].reject()
    assert window.ctx is not None
    shots = dict(send_preview_dialogs(window.ctx, window))
    assert list(shots) == ["dialog-send-fees", "dialog-send-reverts", "dialog-send-preview-approve"]
    fees = shots["dialog-send-fees"]
    assert isinstance(fees, SendDialog)
    assert all("at most" in fees.fee_picker.buttons[s].text() for s in ("slow", "market", "fast"))
    refused = shots["dialog-send-reverts"]
    assert isinstance(refused, ConfirmSendDialog) and not refused.send_button.isEnabled()
    assert "ERC20InsufficientBalance" in refused.details.simulated.text()
    approve = shots["dialog-send-preview-approve"]
    assert isinstance(approve, ConfirmSendDialog)
    assert approve.details.does.text().startswith(
        "Approve UNLIMITED QXC: 0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D"
    )
    (only_fee,) = approve.details.changes.text().splitlines()  # an approve moves no token, it allows
    assert only_fee.startswith("−0.") and only_fee.endswith("ETH at most (with the network fee)")
    for dialog in shots.values():
        dialog.deleteLater()


def test_a_preview_without_a_decoded_call_shows_no_empty_rows(qtbot: QtBot) -> None:
    from qenex_desktop.gui.dialogs.send_preview import PreviewDetails
    from qenex_desktop.gui.screenshots import ScreenshotRun

    example = ScreenshotRun._example_preview(RECIPIENT, RECIPIENT)  # made without a node: no call
    details = PreviewDetails(example)
    qtbot.addWidget(details)
    shown = [label.text() for label in details.findChildren(QLabel) if not label.isHidden()]
    assert "What it does" not in shown and "Your balances change by" not in shown
    assert "Simulated" in shown

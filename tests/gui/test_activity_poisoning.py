"""Poisoning in history (issue 15), on the real Hardhat node: a zero-value QXC transfer and one from a
look-alike of a contact, found by the Activity tab's background scan, are marked with why, folded
away until "Show N suspicious transfers" is ticked (Space), never offered to Copy or to the address
book, and their details warn in red; a real payment beside them is shown as usual."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.chain import erc20
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.tx_details import TxDetailsDialog, poisoning_dialogs
from qenex_desktop.gui.dialogs.tx_label import TxLabelDialog
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.table_view import DataTableView
from qenex_desktop.gui.tabs.activity_tab import ActivityTab
from tests.chain.test_lookalike import BOB, lookalike_of
from tests.gui.conftest import alice_on_node, fast_core
from tests.gui.exchange_flows import show_tab
from tests.gui.test_activity_history import column
from tests.hardhat_node import HardhatNode

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]
ZERO_WHY = "zero-value transfer — a common address-poisoning trick"


def pay_qxc(node: HardhatNode, token: str, sender: str, to: str, units: int) -> None:
    """A QXC transfer this wallet never signed: the node signs it for ``sender`` (a dev account, or
    an impersonated one)."""
    node.rpc("eth_sendTransaction", [{"from": sender, "to": token, "data": erc20.transfer_call(to, units)}])


def poisoned_profile(config: AppConfig, node: HardhatNode) -> tuple[str, str, str]:
    """Alice (contact Bob in her book) on the test node, paid 7 QXC by the dev account, sent 0 QXC
    by it, and 1 unit by a look-alike of Bob. Returns (alice's address, the dev account, the look-alike)."""
    setup, address = alice_on_node(config, node)
    setup.contacts.add_contact("Bob", BOB)
    qxc = setup.chain.deploy_qxc_as_dev()
    dev, _key = setup.chain.dev_account()
    setup.close()
    fake = lookalike_of(BOB)
    pay_qxc(node, qxc.address, dev, address, 7 * 10**18)
    pay_qxc(node, qxc.address, dev, address, 0)  # the poisoner's zero-value transfer
    pay_qxc(node, qxc.address, dev, fake, 10)
    node.rpc("hardhat_setBalance", [fake, hex(10**18)])
    node.rpc("hardhat_impersonateAccount", [fake])
    try:
        pay_qxc(node, qxc.address, fake, address, 1)  # dust from Bob's look-alike
    finally:
        node.rpc("hardhat_stopImpersonatingAccount", [fake])
    return address, dev, fake


@pytest.mark.hardhat
@pytest.mark.slow
def test_suspicious_transfers_are_marked_folded_and_warned_about(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    address, dev, fake = poisoned_profile(config, hardhat_node)
    window = make_window(lambda: fast_core(config))
    tab = show_tab(qtbot, window, "activity")
    assert isinstance(tab, ActivityTab)
    qtbot.waitUntil(lambda: sum(1 for r in tab.all_rows if r.kind == "Received") == 3, timeout=60_000)
    assert [r.amount for r in tab.model.rows if r.kind == "Received"] == ["7 QXC"]  # the others folded
    box = tab.suspicious_box
    assert box.isVisible() and not box.isChecked() and box.text() == "Show 2 suspicious transfers"
    assert "2 suspicious folded away" in tab.summary.text()

    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3, timeout=5_000)
    what = column(tab, "What")
    marked = {r.from_address: n for n, r in enumerate(tab.model.rows) if r.suspicious}
    assert set(marked) == {fake, dev}
    zero, dust = marked[dev], marked[fake]
    assert tab.model.index(zero, what).data() == "⚠ Received"
    assert (
        tab.model.index(zero, what).data(Qt.ItemDataRole.ToolTipRole)
        == f"Likely address poisoning: {ZERO_WHY}"
    )
    assert tab.model.index(dust, what).data(Qt.ItemDataRole.ToolTipRole) == (
        f"Likely address poisoning: sender looks like {BOB} (contact Bob)"
    )
    plain = next(n for n, r in enumerate(tab.model.rows) if not r.suspicious and r.kind == "Received")
    assert tab.model.index(plain, what).data() == "Received" and tab.model.rows[plain].to_address == address

    # Ctrl+C on the look-alike's From cell copies nothing; its menu has no Copy or Save of it.
    QGuiApplication.clipboard().setText("unchanged")
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.model.index(dust, column(tab, "From")))
    QTest.keyClick(tab.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "unchanged"
    assert isinstance(tab.view, DataTableView)
    menu = tab.view.show_menu_at(tab.view.visualRect(tab.model.index(dust, 0)).center())
    assert menu is not None
    texts = [action.text() for action in menu.actions()]
    assert "Copy address (From)" not in texts and "Save address…" not in texts
    assert texts.count("Copy address") == 1 and "Label…" in texts  # only alice's own, the To
    next(a for a in menu.actions() if a.text() == "Copy address").trigger()
    assert QGuiApplication.clipboard().text() == address
    menu.close()

    # Return on it: the details say why in red, and offer no "Save address…".
    tab.view.selectRow(dust)
    QTest.keyClick(tab.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.details is not None and tab.details.isVisible(), timeout=5_000)
    dialog = tab.details
    assert isinstance(dialog, TxDetailsDialog)
    assert dialog.warning.isVisible() and f"sender looks like {BOB} (contact Bob)" in dialog.warning.text()
    assert dialog.values["From"].text() == fake and "poisoning" in dialog.values["From"].toolTip()
    assert not dialog.save_address_button.isEnabled()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)

    # Ticked off again (Space): folded away once more.
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Space)
    assert [r.amount for r in tab.model.rows if r.kind == "Received"] == ["7 QXC"]


def test_the_screenshot_dialogs_show_the_warning_and_the_label(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    assert window.ctx is not None
    shots = dict(poisoning_dialogs(window.ctx, window))
    assert list(shots) == ["dialog-transaction-poisoning", "dialog-transaction-label"]
    details = shots["dialog-transaction-poisoning"]
    assert isinstance(details, TxDetailsDialog)
    details.show()
    assert details.warning.isVisible() and f"sender looks like {BOB} (contact Bob)" in details.warning.text()
    assert not details.save_address_button.isEnabled() and details.label_button.isEnabled()
    label = shots["dialog-transaction-label"]
    assert isinstance(label, TxLabelDialog) and label.edit.text() == "rent, June"
    for dialog in shots.values():
        dialog.close()

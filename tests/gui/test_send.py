"""Send: a bad amount is refused inline and changes nothing; a QXC send on a real Hardhat node goes
from pending to confirmed in the Activity tab."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.db.models import AuditEntry, ChainTransaction
from qenex_desktop.gui.dialogs.send import SendDialog
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.tabs.activity_tab import ActivityTab
from qenex_desktop.gui.tabs.wallet_tab import WalletTab
from tests.conftest import STRONG_PASSWORD
from tests.gui.conftest import alice_on_node, fast_core
from tests.hardhat_node import HardhatNode

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]
RECIPIENT = "0x8ba1f109551bD432803012645Ac136ddd64DBA72"
ETHER = 10**18


def counts(core: QenexCore) -> tuple[int, int]:
    with core.db.read() as session:
        txs = session.scalar(select(func.count()).select_from(ChainTransaction)) or 0
        audit = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    return txs, audit


def funded_profile(config: AppConfig, hardhat_node: HardhatNode, eth: int = 5 * ETHER) -> str:
    """Profile alice, logged in, a wallet whose first account holds ``eth`` wei on the test node
    (the active network): what a window opened on ``config`` then shows. Returns the address."""
    setup, address = alice_on_node(config, hardhat_node)
    hardhat_node.rpc("hardhat_setBalance", [address, hex(eth)])
    setup.close()
    return address


def open_send(qtbot: QtBot, window: MainWindow) -> tuple[WalletTab, SendDialog]:
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=10_000)
    wallet = window.tabs["wallet"]
    assert isinstance(wallet, WalletTab)
    qtbot.waitUntil(lambda: wallet.snapshot is not None and bool(wallet.snapshot.accounts), timeout=20_000)
    window.ops.wait_idle()
    wallet.open_send()
    dialog = wallet.last_dialog
    assert isinstance(dialog, SendDialog)
    return wallet, dialog


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("1,5", "separators"),
        ("-1", "negative"),
        ("0.1234567890123456789", "decimals"),
        ("", "Enter an amount"),
    ],
)
def test_bad_amount_shows_inline_error_and_changes_nothing(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, amount: str, message: str
) -> None:
    window = make_window(lambda: fast_core(prepared))
    _wallet, dialog = open_send(qtbot, window)
    assert window.ctx is not None
    before = counts(window.ctx.core)
    dialog.to.setText(RECIPIENT)
    dialog.amount.setText(amount)
    dialog.review_button.click()
    window.ops.wait_idle()
    assert dialog.amount_error.shown
    assert message in dialog.amount_error.text()
    assert dialog.confirm is None  # nothing to confirm, nothing signed
    assert dialog.isVisible()
    assert counts(window.ctx.core) == before


def test_recipient_with_a_wrong_checksum_is_flagged_as_typed(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    _wallet, dialog = open_send(qtbot, window)
    typo = RECIPIENT[:-1] + ("3" if RECIPIENT[-1] != "3" else "4")
    typo = typo[:2] + typo[2].swapcase() + typo[3:]
    qtbot.keyClicks(dialog.to, typo)
    assert dialog.to_error.shown
    assert "checksum" in dialog.to_error.text()
    dialog.to.clear()
    qtbot.keyClicks(dialog.to, RECIPIENT)
    assert not dialog.to_error.shown


@pytest.mark.hardhat
@pytest.mark.slow
def test_send_qxc_goes_from_pending_to_confirmed_in_activity(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    from qenex_desktop.core.chain.artifact import qxc_artifact

    qxc_artifact()  # the shipped contract must be there (else this fails, by design)
    setup, address = alice_on_node(config, hardhat_node)
    qxc = setup.chain.deploy_qxc_as_dev()
    setup.chain.dev_faucet(address, eth=10 * ETHER, qxc=1000 * 10**qxc.decimals)
    setup.close()

    window = make_window(lambda: fast_core(config))
    wallet, dialog = open_send(qtbot, window)
    assert wallet.snapshot is not None and wallet.snapshot.error is None
    index = dialog.asset.findText("QXC")
    assert index >= 0
    dialog.asset.setCurrentIndex(index)
    assert "1,000" in dialog.available.text()  # grouped
    dialog.to.setText(RECIPIENT)
    dialog.amount.setText("25")
    hardhat_node.set_automine(False)
    try:
        dialog.review_button.click()
        qtbot.waitUntil(lambda: dialog.confirm is not None, timeout=30_000)
        confirm = dialog.confirm
        assert confirm is not None
        assert confirm.preview.amount == 25 * 10**qxc.decimals
        assert confirm.needs_password  # a resumed session: the keys are still sealed
        confirm.password.setText(STRONG_PASSWORD)
        confirm.send_button.click()
        qtbot.waitUntil(lambda: not shiboken6.isValid(confirm) or not confirm.isVisible(), timeout=30_000)

        activity = window.tabs["activity"]
        assert isinstance(activity, ActivityTab)
        window.tab_widget.setCurrentWidget(activity)
        # the send, above the faucet's two incoming rows (ETH and QXC)
        qtbot.waitUntil(lambda: activity.model.rowCount() == 3, timeout=20_000)
        row = activity.model.rows[0]
        assert row.status == "pending"
        assert row.amount == "25 QXC"
        qtbot.waitUntil(lambda: wallet.pending_count == 1, timeout=20_000)

        hardhat_node.mine()
        window.refresh_pending()
        qtbot.waitUntil(
            lambda: activity.model.rowCount() == 3 and activity.model.rows[0].status == "confirmed",
            timeout=30_000,
        )
        window.ops.wait_idle()
        assert window.ctx is not None
        balances = window.ctx.core.chain.balances(address)[0]
        qxc_held = next(t for t in balances.tokens if t.symbol == "QXC")
        assert qxc_held.units == 975 * 10**qxc.decimals
    finally:
        hardhat_node.set_automine(True)


@pytest.mark.hardhat
@pytest.mark.slow
def test_cancel_a_pending_send_from_the_wallet_tab(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    address = funded_profile(config, hardhat_node)

    window = make_window(lambda: fast_core(config))
    wallet, _dialog = open_send(qtbot, window)
    assert window.ctx is not None
    core = window.ctx.core
    hardhat_node.set_automine(False)
    try:
        core.wallet.unlock(STRONG_PASSWORD)
        sent = core.chain.send(to=RECIPIENT, asset="ETH", amount="1")
        assert sent.status == "pending"
        window.refresh_all()
        qtbot.waitUntil(lambda: wallet.pending_count == 1, timeout=20_000)
        wallet.pending_view.selectRow(0)
        assert wallet.cancel_button.isEnabled()
        wallet.cancel_button.click()  # the review of the new fees first (test_speed_up_review.py)
        qtbot.waitUntil(lambda: getattr(wallet.review, "dialog", None) is not None, timeout=20_000)
        assert wallet.review is not None and wallet.review.dialog is not None
        QTest.keyClick(wallet.review.dialog, Qt.Key.Key_Return)  # keys unlocked: no password prompt
        qtbot.waitUntil(lambda: wallet.pending_count == 2, timeout=20_000)
        hardhat_node.mine()
        window.refresh_pending()
        qtbot.waitUntil(lambda: wallet.pending_count == 0, timeout=30_000)
        statuses = {tx.tx_hash: tx.status for tx in core.chain.transactions()}
        assert statuses[sent.tx_hash] == "replaced"
        assert sorted(statuses.values()) == ["confirmed", "replaced"]
        assert core.chain.balances(address)[0].eth.units > 4 * ETHER  # the 1 ETH never left
    finally:
        hardhat_node.set_automine(True)


@pytest.mark.hardhat
@pytest.mark.slow
def test_deploy_qxc_from_the_wallet_tab_when_the_network_has_none(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    from qenex_desktop.gui.dialogs.password import PasswordDialog

    funded_profile(config, hardhat_node)

    window = make_window(lambda: fast_core(config))
    wallet, dialog = open_send(qtbot, window)
    dialog.close()
    qtbot.waitUntil(lambda: not wallet.deploy_button.isHidden(), timeout=10_000)
    wallet.deploy_button.click()
    prompt = next(d for d in wallet.findChildren(PasswordDialog) if d.isVisible())
    prompt.password.setText(STRONG_PASSWORD)
    prompt.accept()
    qtbot.waitUntil(lambda: wallet.deploy_button.isHidden(), timeout=60_000)
    window.ops.wait_idle()
    assert window.ctx is not None
    token = window.ctx.core.chain.qxc_token()
    assert token is not None
    symbols = [row.asset.label for row in wallet.assets_model.rows]
    assert "QXC" in symbols
    model = wallet.assets_model
    held = model.data(model.index(symbols.index("QXC"), 2))  # the balance column
    assert held not in (None, "—", "0")  # the deployer holds the initial supply

"""The Wallet tab: accounts and balances, send, receive, pending transactions, tokens, QXC deploy."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core.changes import Changed
from qenex_desktop.gui.colours import AMBER, TX_STATUS, text_style
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.formatting import amount_text
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.models import Column, RowTableModel, address_column, hash_column, time_column
from qenex_desktop.gui.operations import chain as chain_ops
from qenex_desktop.gui.operations import wallet as wallet_ops
from qenex_desktop.gui.tab_base import TabBase
from qenex_desktop.gui.wallet_snapshot import AccountRow, Asset, WalletSnapshot, make_assets, read_wallet
from qenex_desktop.gui.widgets import EmptyState, TableStack, fit_columns, heading, status_message

if TYPE_CHECKING:
    from qenex_desktop.core.chain.types import TxInfo


def _balance_column(asset: Asset) -> Column[AccountRow]:
    """A balance column headed by the asset's label: two tokens of one symbol read apart."""

    def text(row: AccountRow) -> str:
        held = row.holdings.get(asset.key)
        return amount_text(held.units if held else None, asset.decimals)

    def exact(row: AccountRow) -> str:
        held = row.holdings.get(asset.key)
        if held is None or held.units is None:
            return ""
        where = f"\n{asset.key}" if asset.key.startswith("0x") else ""  # the contract, in full
        return f"{amount_text(held.units, asset.decimals, digits=asset.decimals)} {asset.label}{where}"

    return Column(asset.label, text, tooltip=exact, numeric=True, secret=True)


class WalletTab(TabBase):
    key = "wallet"
    relevant = (
        Changed.ACCOUNTS
        | Changed.BALANCES
        | Changed.TOKENS
        | Changed.TRANSACTIONS
        | Changed.NETWORKS
        | Changed.SESSION
    )
    #: A wallet was created or imported from this tab (the main window funds it on the local node).
    wallet_created = Signal()

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.snapshot: WalletSnapshot | None = None
        #: What each asset is called (two tokens of one symbol told apart), from the last snapshot.
        self.asset_labels: dict[str, str] = {}
        self.pending_count = 0
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_bar())
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setObjectName("walletNotice")
        self.notice.setStyleSheet(text_style(AMBER))
        self.notice.hide()
        layout.addWidget(self.notice)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._build_accounts())
        splitter.addWidget(self._build_pending())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self._update_buttons()

    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.send_button = self._button(self.tr("Send…"), "send", self.open_send)
        self.receive_button = self._button(self.tr("Receive…"), "receive", self.open_receive)
        self.import_button = self._button(self.tr("Import token…"), "token", self.open_import_token)
        self.add_account_button = self._button(self.tr("Add account"), "add", self.add_account)
        self.deploy_button = self._button(self.tr("Deploy QXC…"), "deploy", self.deploy_qxc)
        self.deploy_button.hide()
        self.refresh_button = self._button(self.tr("Refresh"), "refresh", self.refresh)
        for button in (
            self.send_button,
            self.receive_button,
            self.import_button,
            self.add_account_button,
            self.deploy_button,
        ):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.refresh_button)
        return bar

    def _build_accounts(self) -> TableStack:
        """Accounts and their balances, or - with no wallet yet - how to make or bring one."""
        self.accounts_model: RowTableModel[AccountRow] = RowTableModel(
            self._account_columns(make_assets([("ETH", "ETH", 18)]))
        )
        self.empty = EmptyState(
            self.tr("No wallet yet"),
            self.tr(
                "Create a new wallet (you get a recovery phrase to write down) or import one you have: "
                "a recovery phrase, a private key or a keystore file."
            ),
            icon_name="wallet",
        )
        self.create_button = self.empty.add_button(self.tr("Create a wallet…"), "add")
        self.create_button.clicked.connect(lambda: self.open_wallet_wizard(create=True))
        self.import_wallet_button = self.empty.add_button(self.tr("Import a wallet…"), "receive")
        self.import_wallet_button.clicked.connect(lambda: self.open_wallet_wizard(create=False))
        self.accounts_stack = TableStack(self.accounts_model, self.empty)
        self.accounts_view = self.accounts_stack.view
        self.accounts_view.horizontalHeader().setStretchLastSection(False)
        return self.accounts_stack

    def _build_pending(self) -> QWidget:
        pending_box = QWidget()
        pending_layout = QVBoxLayout(pending_box)
        pending_layout.setContentsMargins(0, 0, 0, 0)
        pending_bar = QHBoxLayout()
        pending_bar.addWidget(heading(self.tr("Pending transactions")))
        pending_bar.addStretch(1)
        self.speed_up_button = self._button(
            self.tr("Speed up"), "speedup", lambda: self.replace(cancel=False)
        )
        self.cancel_button = self._button(
            self.tr("Cancel transaction"), "cancel", lambda: self.replace(cancel=True)
        )
        pending_bar.addWidget(self.speed_up_button)
        pending_bar.addWidget(self.cancel_button)
        pending_layout.addLayout(pending_bar)
        self.pending_model: RowTableModel[TxInfo] = RowTableModel(self._pending_columns())
        self.pending_stack = TableStack(
            self.pending_model,
            self.tr(
                "Nothing pending. Transactions you send wait here until a block confirms them; "
                "you can speed them up or cancel them meanwhile."
            ),
        )
        self.pending_view, self.pending_empty = self.pending_stack.view, self.pending_stack.empty
        pending_layout.addWidget(self.pending_stack)
        self.pending_view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        return pending_box

    def _button(self, text: str, icon_name: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(icon(icon_name), text)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _account_columns(self, assets: list[Asset]) -> list[Column[AccountRow]]:
        columns: list[Column[AccountRow]] = [
            Column(self.tr("Account"), lambda r: r.name),
            address_column(self.tr("Address"), lambda r: r.address),
        ]
        columns += [_balance_column(asset) for asset in assets]
        return columns

    def _pending_columns(self) -> list[Column[TxInfo]]:
        return [
            time_column(self.tr("Sent"), lambda t: t.created_at),
            Column(self.tr("Status"), lambda t: t.status, color=lambda t: TX_STATUS.get(t.status)),
            Column(
                self.tr("Amount"),
                lambda t: f"{amount_text(t.amount, t.decimals)} {self.asset_labels.get(t.asset, t.symbol)}",
                numeric=True,
                secret=True,
            ),
            address_column(self.tr("To"), lambda t: t.recipient or t.to_address),
            Column(self.tr("Nonce"), lambda t: str(t.nonce), numeric=True),
            hash_column(self.tr("Hash"), lambda t: t.tx_hash),
        ]

    # -- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        core = self.ctx.core
        self.ctx.ops.run(
            lambda: read_wallet(core),
            name="wallet",
            latest="wallet",
            on_done=self._show,
            trigger=self.refresh_button,
            owner=self,
            quiet=True,
        )

    def _show(self, snapshot: WalletSnapshot) -> None:
        self.snapshot = snapshot
        self.asset_labels = {asset.key: asset.label for asset in snapshot.assets}
        has_wallet = bool(snapshot.accounts)
        self.accounts_model.set_columns(self._account_columns(snapshot.assets))
        self.accounts_stack.set_rows(snapshot.rows)
        self.accounts_stack.show_content(has_wallet)  # ledger rows alone are no wallet
        fit_columns(self.accounts_view, min_width=130)
        self.pending_stack.set_rows(snapshot.pending)
        fit_columns(self.pending_view)
        self.pending_count = len(snapshot.pending)
        if snapshot.error:
            name = snapshot.network.name if snapshot.network else ""
            self.notice.setText(
                self.tr(
                    "Balances could not be read from {network}: {error} Start the node (Tools → Start local "
                    "node), or pick another network in File → Settings."
                ).format(network=name, error=snapshot.error)
            )
            self.notice.show()
        else:
            self.notice.hide()
        no_qxc = snapshot.network is not None and snapshot.network.qxc_address is None and not snapshot.error
        self.deploy_button.setVisible(has_wallet and no_qxc)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_wallet = bool(self.snapshot and self.snapshot.accounts)
        for button in (self.send_button, self.receive_button, self.import_button, self.add_account_button):
            button.setEnabled(has_wallet)
        selected = self.selected_pending() is not None
        self.speed_up_button.setEnabled(selected)
        self.cancel_button.setEnabled(selected)

    def selected_pending(self) -> TxInfo | None:
        rows = self.pending_view.selectionModel().selectedRows()
        return self.pending_model.row_at(rows[0]) if rows else None

    def set_locked(self, locked: bool) -> None:
        self.accounts_model.hide_secrets(locked)
        self.pending_model.hide_secrets(locked)
        super().set_locked(locked)

    # -- actions ---------------------------------------------------------------------------------

    def selected_account(self) -> str | None:
        rows = self.accounts_view.selectionModel().selectedRows()
        row = self.accounts_model.row_at(rows[0]) if rows else None
        return row.address if row and row.address.startswith("0x") else None

    def open_send(self) -> None:
        from qenex_desktop.gui.dialogs.send import SendDialog

        if not self.snapshot or not self.snapshot.accounts:
            return
        dialog = SendDialog(self.ctx, self.snapshot, self, from_address=self.selected_account())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog: QWidget = dialog

    def open_receive(self) -> None:
        from qenex_desktop.gui.dialogs.receive import ReceiveDialog

        if not self.snapshot or not self.snapshot.accounts:
            return
        dialog = ReceiveDialog(self.snapshot.accounts, self, selected=self.selected_account())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog

    def open_import_token(self) -> None:
        from qenex_desktop.gui.dialogs.import_token import ImportTokenDialog

        dialog = ImportTokenDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog

    def open_wallet_wizard(self, *, create: bool) -> None:
        from qenex_desktop.gui.dialogs.first_run import FirstRunWizard

        wizard = FirstRunWizard(self.ctx, self, wallet_only=True, create=create)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.finished_unlocked.connect(lambda _name: self.wallet_created.emit())
        wizard.open()
        self.last_dialog = wizard

    def _with_password(self, reason: str, then: Callable[[str | None], None]) -> None:
        from qenex_desktop.gui.dialogs.password import ask_password

        ask_password(self.ctx, self, reason, then)

    def add_account(self) -> None:
        def go(password: str | None) -> None:
            wallet_ops.add_account(self.ctx, password, trigger=self.add_account_button)

        self._with_password(self.tr("Add the next account of your recovery phrase."), go)

    def deploy_qxc(self) -> None:
        def go(password: str | None) -> None:
            chain_ops.deploy_qxc(
                self.ctx,
                password,
                on_done=lambda token: status_message(
                    self, self.tr("QXC deployed at {address}.").format(address=token.address), 10_000
                ),
                trigger=self.deploy_button,
            )

        self._with_password(
            self.tr("Deploy the QXC token contract from your first account (costs gas in ETH)."), go
        )

    def replace(self, *, cancel: bool) -> None:
        """Review the new fees of a speed-up (or cancel) first; signed only when confirmed."""
        from qenex_desktop.gui.dialogs.speed_up import review_replacement

        tx = self.selected_pending()
        if tx is None:
            return
        trigger = self.cancel_button if cancel else self.speed_up_button
        self.review = review_replacement(self.ctx, self, tx.tx_hash, cancel=cancel, trigger=trigger)

    def table(self) -> QTableView:
        return self.accounts_view

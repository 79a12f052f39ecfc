"""The Wallet tab, shaped like the wallets people know (MetaMask, Rabby, Electrum): the accounts at
the side, the chosen one's label and address (Copy, QR) on top, one row per asset below it, the
exchange's local ledger in its own section, and the pending transactions under it all.

Send and Receive act on the chosen account. Zero balances and the tokens the person hid fold away
(``folding``: "Hide zero balances", a row's "Hide token", "Show hidden tokens (N)").

Keyboard: the arrow keys switch accounts; Tab goes from the accounts to the assets, then to Send
and Receive (Return presses the focused button, and Return on an asset sends that asset); Ctrl+C
in a table copies the whole value of the cell (the balance, exact, unless another cell is current).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction
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
from qenex_desktop.gui.colours import AMBER, text_style
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.models import RowTableModel
from qenex_desktop.gui.operations import chain as chain_ops
from qenex_desktop.gui.operations import wallet as wallet_ops
from qenex_desktop.gui.tab_base import TabBase
from qenex_desktop.gui.table_view import DataTableView
from qenex_desktop.gui.tabs.wallet_tab.account_panel import AccountHeader, AccountList
from qenex_desktop.gui.tabs.wallet_tab.columns import (
    BALANCE_COLUMN,
    asset_columns,
    ledger_columns,
    notice_text,
    pending_columns,
)
from qenex_desktop.gui.tabs.wallet_tab.folding import FoldControls
from qenex_desktop.gui.wallet_snapshot import (
    AssetRow,
    WalletSnapshot,
    account_assets,
    hidden_count,
    ledger_assets,
    read_wallet,
)
from qenex_desktop.gui.widgets import EmptyStack, EmptyState, TableStack, fit_columns, heading, status_message

if TYPE_CHECKING:
    from qenex_desktop.core.chain.types import TxInfo
    from qenex_desktop.core.keys.service import WalletAccountInfo


def _add_row_actions(view: QTableView, actions: Callable[[QModelIndex], list[QAction]]) -> None:
    assert isinstance(view, DataTableView)  # widgets.make_table's
    view.row_actions.append(actions)


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
        splitter.addWidget(self._build_wallet())
        splitter.addWidget(self._build_pending())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self._tab_order()
        self._update_buttons()

    # -- building --------------------------------------------------------------------------------

    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.send_button = self._button(self.tr("Send…"), "send", self.open_send)
        self.receive_button = self._button(self.tr("Receive…"), "receive", self.open_receive)
        self.import_button = self._button(self.tr("Import token…"), "token", self.open_import_token)
        self.approvals_button = self._button(self.tr("Approvals…"), "token", self.open_approvals)
        self.add_account_button = self._button(self.tr("Add account"), "add", self.add_account)
        self.deploy_button = self._button(self.tr("Deploy QXC…"), "deploy", self.deploy_qxc)
        self.deploy_button.hide()
        self.refresh_button = self._button(self.tr("Refresh"), "refresh", self.refresh)
        for button in (
            self.send_button,
            self.receive_button,
            self.import_button,
            self.approvals_button,
            self.add_account_button,
            self.deploy_button,
        ):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.refresh_button)
        return bar

    def _build_wallet(self) -> EmptyStack:
        """The accounts and the chosen one's assets, or - with no wallet yet - how to make one."""
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
        sides = QSplitter(Qt.Orientation.Horizontal)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(heading(self.tr("Accounts")))
        self.account_list = AccountList()
        self.account_list.chosen.connect(self._account_chosen)
        side_layout.addWidget(self.account_list, 1)
        sides.addWidget(side)
        sides.addWidget(self._build_assets())
        sides.setStretchFactor(0, 1)
        sides.setStretchFactor(1, 4)
        sides.setSizes([220, 880])
        self.wallet_stack = EmptyStack(self.empty, sides)
        return self.wallet_stack

    def _build_assets(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.header = AccountHeader()
        self.header.qr_button.clicked.connect(lambda _checked=False: self.open_receive())
        layout.addWidget(self.header)
        bar = QHBoxLayout()
        self.assets_heading = heading(self.tr("Assets"))
        bar.addWidget(self.assets_heading)
        bar.addStretch(1)
        self.folding = FoldControls(self.ctx.prefs)
        self.hide_zero, self.show_hidden = self.folding.hide_zero, self.folding.show_hidden
        self.folding.changed.connect(self._refold)
        bar.addWidget(self.folding)
        layout.addLayout(bar)
        self.assets_model: RowTableModel[AssetRow] = RowTableModel(asset_columns(self.tr))
        self.assets_stack = TableStack(self.assets_model, self.tr("No assets to show."))
        self.assets_view = self.assets_stack.view
        self.assets_view.setObjectName("walletAssets")
        self.assets_view.activated.connect(lambda _index: self.open_send())
        _add_row_actions(self.assets_view, self.folding.row_actions(self.assets_model))
        self.sections = QSplitter(Qt.Orientation.Vertical)
        self.sections.addWidget(self.assets_stack)
        self.sections.splitterMoved.connect(lambda *_: setattr(self, "_sections_moved", True))
        self._sections_moved = False
        layout.addWidget(self.sections, 1)
        ledger_box = QWidget()
        ledger_layout = QVBoxLayout(ledger_box)
        ledger_layout.setContentsMargins(0, 0, 0, 0)
        ledger_layout.addWidget(heading(self.tr("Local exchange ledger")))
        self.ledger_model: RowTableModel[AssetRow] = RowTableModel(ledger_columns(self.tr))
        self.ledger_stack = TableStack(
            self.ledger_model,
            self.tr(
                "No ledger tokens yet. Tokens made in this app (Swap → Create token…) live in its "
                "local ledger, apart from any chain, and show here."
            ),
        )
        self.ledger_view = self.ledger_stack.view
        self.ledger_view.setObjectName("walletLedger")
        _add_row_actions(self.ledger_view, self.folding.row_actions(self.ledger_model))
        ledger_layout.addWidget(self.ledger_stack, 1)
        self.sections.addWidget(ledger_box)
        return box

    def _build_pending(self) -> QWidget:
        pending_box = QWidget()
        pending_layout = QVBoxLayout(pending_box)
        pending_layout.setContentsMargins(0, 0, 0, 0)
        pending_bar = QHBoxLayout()
        pending_bar.addWidget(heading(self.tr("Pending transactions")))
        pending_bar.addStretch(1)
        self.speed_up_button = self._button(
            self.tr("Speed up…"), "speedup", lambda: self.replace(cancel=False)
        )
        self.cancel_button = self._button(
            self.tr("Cancel transaction…"), "cancel", lambda: self.replace(cancel=True)
        )
        pending_bar.addWidget(self.speed_up_button)
        pending_bar.addWidget(self.cancel_button)
        pending_layout.addLayout(pending_bar)
        self.pending_model: RowTableModel[TxInfo] = RowTableModel(
            pending_columns(self.tr, lambda: self.asset_labels)
        )
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
        _add_row_actions(self.pending_view, self._pending_actions)
        for view in (self.assets_view, self.pending_view):
            assert isinstance(view, DataTableView)
            view.explorer = self._explorer_url
        return pending_box

    def _pending_actions(self, index: QModelIndex) -> list[QAction]:
        """A pending send's context menu: "Save address…" of its recipient (issue 15)."""
        tx = self.pending_model.row_at(index)
        address = (tx.recipient or tx.to_address) if tx is not None else None
        own = {account.address for account in self.snapshot.accounts} if self.snapshot else set()
        if not address or address in own or self.ctx.locked:  # a cancel pays yourself: no contact
            return []
        action = QAction(self.tr("Save address…"), self)
        action.setToolTip(self.tr("Add {address} to the address book").format(address=address))
        action.triggered.connect(lambda _checked=False: self.save_address(address))
        return [action]

    def save_address(self, address: str) -> None:
        """The address book, on a new contact for ``address``."""
        from qenex_desktop.gui.dialogs.tx_details import save_address

        self.book_dialog: QWidget | None = save_address(self.ctx, self, address)

    def _button(self, text: str, icon_name: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(icon(icon_name), text)
        button.setAutoDefault(True)  # Return presses the focused button, as Space does
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _tab_order(self) -> None:
        """The chosen account, its assets, then what to do with them: Send, Receive, Copy, QR."""
        chain: list[QWidget] = [
            self.account_list,
            self.assets_view,
            self.send_button,
            self.receive_button,
            self.header.copy_button,
            self.header.qr_button,
            self.show_hidden,
            self.hide_zero,
            self.ledger_view,
            self.pending_view,
            self.speed_up_button,
            self.cancel_button,
            self.import_button,
            self.add_account_button,
            self.deploy_button,
            self.refresh_button,
        ]
        for view in (self.assets_view, self.ledger_view, self.pending_view):
            view.setTabKeyNavigation(False)  # Tab leaves the table (the arrow keys move in it)
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- reading -------------------------------------------------------------------------------

    def _explorer_url(self) -> str | None:
        network = self.snapshot.network if self.snapshot is not None else None
        return network.explorer_url if network is not None else None

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
        self.wallet_stack.show_content(has_wallet)  # ledger rows alone are no wallet
        network = snapshot.network.name if snapshot.network else ""
        self.assets_heading.setText(self.tr("Assets on {network}").format(network=network))
        self.account_list.set_accounts(snapshot.accounts)  # shows the chosen account's assets
        self._show_ledger()
        self._size_sections()
        self.pending_stack.set_rows(snapshot.pending)
        fit_columns(self.pending_view)
        self.pending_count = len(snapshot.pending)
        notice = notice_text(snapshot, self.tr)
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        no_qxc = snapshot.network is not None and snapshot.network.qxc_address is None and not snapshot.error
        self.deploy_button.setVisible(has_wallet and no_qxc)
        self._update_buttons()

    def chosen_account(self) -> WalletAccountInfo | None:
        address = self.account_list.address()
        accounts = self.snapshot.accounts if self.snapshot else []
        return next((a for a in accounts if a.address == address), None)

    def _account_chosen(self, _address: str) -> None:
        self.header.show_account(self.chosen_account())
        self._show_assets()

    def _show_assets(self) -> None:
        account = self.chosen_account()
        if self.snapshot is None or account is None:
            self.assets_stack.set_rows([])
            return
        rows = account_assets(self.snapshot, account.address, self.folding.fold())
        self.folding.show_count(hidden_count(self.snapshot, account.address, self.folding.hidden()))
        current = self.assets_view.currentIndex()
        self.assets_stack.set_rows(rows)
        fit_columns(self.assets_view, min_width=90)
        self._keep_current(self.assets_view, self.assets_model, current.row(), current.column())

    def _show_ledger(self) -> None:
        if self.snapshot is None:
            return
        current = self.ledger_view.currentIndex()
        self.ledger_stack.set_rows(ledger_assets(self.snapshot, self.folding.fold()))
        fit_columns(self.ledger_view, min_width=90)
        self._keep_current(self.ledger_view, self.ledger_model, current.row(), current.column())

    def _size_sections(self) -> None:
        """The assets and the ledger share the room by how many rows each has (until dragged)."""
        if self._sections_moved:
            return
        weights = [max(self.assets_model.rowCount(), 2) + 2, max(self.ledger_model.rowCount(), 2) + 3]
        self.sections.setSizes([weight * 100 for weight in weights])

    @staticmethod
    def _keep_current(view: QTableView, model: RowTableModel[AssetRow], row: int, column: int) -> None:
        """After new rows, the same cell is current (the balance at first): Ctrl+C copies it."""
        if model.rowCount() == 0:
            return
        row = min(max(row, 0), model.rowCount() - 1)
        view.setCurrentIndex(model.index(row, column if column >= 0 else BALANCE_COLUMN))

    def _refold(self) -> None:
        self._show_assets()
        self._show_ledger()
        self._size_sections()

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

    def selected_asset(self) -> AssetRow | None:
        return self.assets_model.row_at(self.assets_view.currentIndex())

    def set_locked(self, locked: bool) -> None:
        for model in (self.assets_model, self.ledger_model):
            model.hide_secrets(locked)
        self.pending_model.hide_secrets(locked)
        super().set_locked(locked)

    # -- actions ---------------------------------------------------------------------------------

    def selected_account(self) -> str | None:
        account = self.chosen_account()
        return account.address if account else None

    def open_send(self) -> None:
        """Send from the chosen account; the asset of the current row comes chosen too."""
        from qenex_desktop.gui.dialogs.send import SendDialog

        if not self.snapshot or not self.snapshot.accounts:
            return
        dialog = SendDialog(self.ctx, self.snapshot, self, from_address=self.selected_account())
        asset = self.selected_asset()
        if asset is not None:
            found = next(
                (i for i in range(dialog.asset.count()) if dialog.asset.itemData(i)[0] == asset.asset.key), -1
            )
            if found >= 0:
                dialog.asset.setCurrentIndex(found)
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

    def open_approvals(self) -> None:
        """The allowances the accounts gave, and their revoke (issue 16; also Tools → Approvals…)."""
        from qenex_desktop.gui.dialogs.approvals import ApprovalsDialog

        dialog = ApprovalsDialog(self.ctx, self)
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
        self.pending_view.setFocus()  # back here when the review closes, not on the next button
        self.review = review_replacement(self.ctx, self, tx.tx_hash, cancel=cancel, trigger=trigger)

    def table(self) -> QTableView:
        return self.assets_view

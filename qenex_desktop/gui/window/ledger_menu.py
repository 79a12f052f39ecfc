"""The main window's Ledger menu: the local exchange's tokens and accounts, and the legacy import.

``install_ledger_menu(window)`` adds the menu (before Help) and returns its actions; like the
window's unlocked-only entries they are off while the app is locked (they follow the window's
``locked_changed`` and ``ready``). Each entry opens its dialog (``dialogs/ledger_tokens``,
``ledger_accounts``, ``legacy_import``), which does its work through ``operations/ledger``.
``ledger_dialogs`` gives the screenshot run those dialogs, ready to render.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QWidget

from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.window.menus import follow_lock, make_action, open_unlocked

#: (objectName, menu text, what it opens) of the entries, in menu order; None is a separator.
ENTRIES: tuple[tuple[str, str, str] | None, ...] = (
    ("ledgerMint", "&Mint tokens…", "mint"),
    ("ledgerBurn", "&Burn tokens…", "burn"),
    ("ledgerTransfer", "&Transfer tokens…", "transfer"),
    None,
    ("ledgerAccounts", "&Accounts and counterparties…", "accounts"),
    None,
    ("ledgerLegacyImport", "&Import from QENEX OS / DeFi…", "legacy"),
    ("ledgerLegacyHistory", "Imported &history…", "history"),
)
_ICONS = {
    "mint": "add",
    "burn": "remove",
    "transfer": "send",
    "accounts": "wallet",
    "legacy": "export",
    "history": "activity",
}


def open_ledger_dialog(window: QMainWindow, what: str) -> QDialog | None:
    """Open the dialog of one entry (none while locked or before the ledger is open)."""
    return open_unlocked(window, lambda ctx: _build(ctx, window, what))


def _build(ctx: GuiContext, parent: QWidget, what: str) -> QDialog:
    if what == "accounts":
        from qenex_desktop.gui.dialogs.ledger_accounts import LedgerAccountsDialog

        return LedgerAccountsDialog(ctx, parent)
    if what == "history":
        from qenex_desktop.gui.dialogs.legacy_history import LegacyHistoryDialog

        return LegacyHistoryDialog(ctx, parent)
    if what == "legacy":
        from qenex_desktop.gui.dialogs.legacy_import import LegacyImportDialog

        return LegacyImportDialog(ctx, parent)
    from qenex_desktop.gui.dialogs.ledger_tokens import LedgerTokensDialog

    return LedgerTokensDialog(ctx, parent, action=what)


def install_ledger_menu(window: QMainWindow) -> list[QAction]:
    """The Ledger menu, placed before Help; its actions follow the lock (the ``MainWindow``'s
    ``locked_changed`` and ``ready`` signals)."""
    bar = window.menuBar()
    menu = QMenu(window.tr("&Ledger"), window)
    menu.setObjectName("ledgerMenu")
    actions: list[QAction] = []
    for entry in ENTRIES:
        if entry is None:
            menu.addSeparator()
            continue
        name, text, what = entry
        action = make_action(window, window.tr(text), _opener(window, what), None, _ICONS[what])
        action.setObjectName(name)
        menu.addAction(action)
        actions.append(action)
    help_menu = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
    if help_menu is not None:
        bar.insertMenu(help_menu, menu)
    else:
        bar.addMenu(menu)
    follow_lock(window, actions)
    return actions


def _opener(window: QMainWindow, what: str) -> Callable[[], None]:
    def open_it() -> None:
        open_ledger_dialog(window, what)

    return open_it


def ledger_dialogs(ctx: GuiContext, window: QWidget) -> list[tuple[str, QDialog]]:
    """For the screenshot run: the token dialog minting GOLD (the demo's token). The legacy import
    dialog is pictured with a dry run's report by ``gui.legacy_demo.legacy_import_dialogs``, which
    writes the files it reads (the demo code sits above the window: this module cannot call it)."""
    from qenex_desktop.gui.dialogs.ledger_tokens import LedgerTokensDialog

    tokens = LedgerTokensDialog(ctx, window, action="mint", symbol="GOLD")
    tokens.amount.setText("250")
    return [("dialog-ledger-tokens", tokens)]

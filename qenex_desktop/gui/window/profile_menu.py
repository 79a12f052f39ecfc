"""The Profile menu: the password, the session and the wallet's keys after the first run.

Change password…, Log out, Switch profile…, New profile…, then Import key…, Back up… and
Accounts…. Each opens a dialog whose core calls run through the operations layer. The entries that
act on a session or keys are off while the app is locked (the window's ``ready`` turns them on,
``locked_changed`` off); "New profile…" stays on, as the unlock dialog offers it too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

from qenex_desktop.gui.window.menus import make_action

if TYPE_CHECKING:
    from qenex_desktop.gui.context import GuiContext
    from qenex_desktop.gui.dialogs.unlock import UnlockDialog

#: A phrase of the BIP-39 test vectors: no one's wallet, for the picture of the reveal only.
EXAMPLE_PHRASE = "abandon ability able about above absent absorb abstract absurd abuse access accident"


def install_profile_menu(window: QMainWindow) -> list[QAction]:
    """Add the Profile menu before Help; returns its actions (the locked-only ones start disabled).

    ``window`` is the ``main_window.MainWindow`` (a layer above: used by what it has, not imported):
    its ``ctx``, ``lock(reason=)``, ``show_unlock()``, ``ready`` and ``locked_changed``."""
    tr = window.tr
    app: Any = window
    open_with = _opener(window)
    change = make_action(window, tr("&Change password…"), lambda: open_with("change_password"), None, "lock")
    log_out = make_action(window, tr("Log &out"), lambda: app.lock(reason="logout"), None, "exit")
    switch = make_action(window, tr("&Switch profile…"), lambda: switch_profile(app), None, "unlock")
    new = make_action(window, tr("&New profile…"), lambda: new_profile(app), None, "add")
    import_key = make_action(window, tr("&Import key…"), lambda: open_with("import_key"), None, "add")
    backup = make_action(window, tr("&Back up…"), lambda: open_with("backup"), None, "export")
    accounts = make_action(window, tr("&Accounts…"), lambda: open_with("accounts"), None, "wallet")
    names = ("changePassword", "logOut", "switchProfile", "newProfile", "importKey", "backUp", "accounts")
    actions = [change, log_out, switch, new, import_key, backup, accounts]
    for name, action in zip(names, actions, strict=True):
        action.setObjectName(f"profile.{name}")  # for tests and the command table
    menu = window.menuBar().addMenu(tr("&Profile"))
    menu.addActions([change, log_out, switch, new])
    menu.addSeparator()
    menu.addActions([import_key, backup, accounts])
    help_action = next((a for a in window.menuBar().actions() if a.text().replace("&", "") == "Help"), None)
    if help_action is not None:  # File, View, Tools, Profile, Help
        window.menuBar().removeAction(menu.menuAction())
        window.menuBar().insertAction(help_action, menu.menuAction())
    locked_only = [change, log_out, switch, import_key, backup, accounts]

    def set_locked(locked: bool) -> None:
        for action in locked_only:
            action.setEnabled(not locked)

    set_locked(True)
    app.ready.connect(lambda: set_locked(False))
    app.locked_changed.connect(set_locked)
    return actions


def _opener(window: QMainWindow) -> Callable[[str], None]:
    def open_dialog(kind: str) -> None:
        app: Any = window
        ctx = app.ctx
        if ctx is None or ctx.locked:
            return
        dialog = build_dialog(kind, ctx, window)
        dialog.setObjectName(f"{kind}Dialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        app._modal = dialog

    return open_dialog


def build_dialog(kind: str, ctx: GuiContext, window: QMainWindow) -> QDialog:
    """The dialog of one Profile-menu entry, its results said in the status bar."""
    say: Callable[[str], None] = lambda text: window.statusBar().showMessage(text, 8000)  # noqa: E731
    tr = window.tr
    if kind == "change_password":
        from qenex_desktop.gui.dialogs.change_password import ChangePasswordDialog

        changer = ChangePasswordDialog(ctx, window)
        changer.changed.connect(
            lambda _u: say(tr("Password changed; your keys are sealed under the new one."))
        )
        return changer
    if kind == "import_key":
        from qenex_desktop.gui.dialogs.import_key import ImportKeyDialog

        importer = ImportKeyDialog(ctx, window)
        importer.imported.connect(
            lambda accounts: say(
                tr("Imported {what}.").format(what=", ".join(f"{a.name} ({a.address})" for a in accounts))
            )
        )
        return importer
    if kind == "backup":
        from qenex_desktop.gui.dialogs.backup import BackupDialog

        return BackupDialog(ctx, window)
    from qenex_desktop.gui.dialogs.accounts import AccountsDialog

    return AccountsDialog(ctx, window)


def _unlock_dialog(window: Any) -> UnlockDialog | None:
    from qenex_desktop.gui.dialogs.unlock import UnlockDialog

    dialog = getattr(window, "_modal", None)
    with contextlib.suppress(RuntimeError):
        if isinstance(dialog, UnlockDialog) and dialog.isVisible():
            return dialog
    return None


def _locked_to_unlock(window: Any) -> UnlockDialog | None:
    """Log out when unlocked (the keys leave memory, the session ends, audited "logout"), then the
    unlock dialog."""
    ctx = window.ctx
    if ctx is None:
        return None
    if not ctx.locked:
        window.lock(reason="logout")  # shows the unlock dialog (not in a headless run)
    if _unlock_dialog(window) is None:
        window.show_unlock()
    return _unlock_dialog(window)


def switch_profile(window: Any) -> None:
    dialog = _locked_to_unlock(window)
    if dialog is not None:
        dialog.choose_profile()


def new_profile(window: Any) -> None:
    dialog = _locked_to_unlock(window)
    if dialog is not None:
        dialog.new_profile()


def profile_dialogs(ctx: GuiContext, window: QWidget) -> list[tuple[str, QDialog]]:
    """For the screenshot run (the demo profile, unlocked): the dialogs of this menu, filled in."""
    from qenex_desktop.gui.dialogs.backup import BackupDialog
    from qenex_desktop.gui.dialogs.change_password import ChangePasswordDialog
    from qenex_desktop.gui.dialogs.import_key import ImportKeyDialog
    from qenex_desktop.gui.dialogs.unlock import UnlockDialog

    change = ChangePasswordDialog(ctx, window)
    change.current.setText("current password")
    change.new.setText("password")
    change.new_error.show_error(change._rule_error("password"))
    change.confirm.setText("password")
    switch = UnlockDialog(ctx, window)
    switch.choose_profile()
    importer = ImportKeyDialog(ctx, window)
    importer.choose("mnemonic")
    importer.accounts.setValue(2)
    importer.name.setText("Savings")
    backup = BackupDialog(ctx, window)
    backup.accounts_shown.connect(lambda: backup.show_phrase(EXAMPLE_PHRASE))
    return [
        ("dialog-change-password", change),
        ("dialog-switch-profile", switch),
        ("dialog-import-key", importer),
        ("dialog-backup", backup),
    ]

"""Tools → Approvals…: the token allowances the profile's accounts gave, and their revoke (issue 16).

``install_approvals_menu(window)`` adds the entry to the Tools menu, after Address book…, off while
the app is locked (it follows the window's ``locked_changed`` and ``ready``), and returns it.
``open_approvals(window)`` opens the dialog; ``approvals_dialogs`` gives the screenshot run its
picture (``dialog-approvals.png``).
"""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QWidget

from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.window.menus import make_action


def _context(window: QMainWindow) -> GuiContext | None:
    ctx = getattr(window, "ctx", None)
    return ctx if isinstance(ctx, GuiContext) else None


def open_approvals(window: QMainWindow) -> QDialog | None:
    """Open the Approvals dialog (none while locked or before the ledger is open)."""
    ctx = _context(window)
    if ctx is None or ctx.locked:
        return None
    from qenex_desktop.gui.dialogs.approvals import ApprovalsDialog

    dialog = ApprovalsDialog(ctx, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def install_approvals_menu(window: QMainWindow) -> QAction:
    """Tools → Approvals… placed after Address book… (else at the end); it follows the lock."""
    action = make_action(window, window.tr("A&pprovals…"), lambda: open_approvals(window), None, "wallet")
    action.setObjectName("approvals")
    tools = next((a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Tools"), None)
    if isinstance(tools, QMenu):
        entries = tools.actions()
        after = next((i for i, a in enumerate(entries) if a.objectName() == "addressBook"), None)
        before = entries[after + 1] if after is not None and after + 1 < len(entries) else None
        if before is not None:
            tools.insertAction(before, action)
        else:
            tools.addAction(action)

    def follow(locked: bool) -> None:
        action.setEnabled(not locked)

    signals = cast(Any, window)
    signals.locked_changed.connect(follow)
    signals.ready.connect(lambda: follow(False))
    ctx = _context(window)
    follow(ctx is None or ctx.locked)
    return action


def approvals_dialogs(ctx: GuiContext, window: QWidget) -> list[tuple[str, QDialog]]:
    """For the screenshot run: the Approvals dialog (``dialog-approvals``) with the allowances of
    the profile's accounts on the active network, read on a worker before it is pictured (the
    list is empty when the node does not answer)."""
    from qenex_desktop.gui.dialogs.approvals import ApprovalsDialog

    dialog = ApprovalsDialog(ctx, window)
    ctx.ops.wait_idle(30)
    return [("dialog-approvals", dialog)]

"""Tools → Approvals…: the token allowances the profile's accounts gave, and their revoke (issue 16).

``install_approvals_menu(window)`` adds the entry to the Tools menu, after Address book…, off while
the app is locked (it follows the window's ``locked_changed`` and ``ready``), and returns it.
``open_approvals(window)`` opens the dialog; ``approvals_dialogs`` gives the screenshot run its
picture (``dialog-approvals.png``).
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.window.menus import install_in_tools, make_action, open_unlocked


def open_approvals(window: QMainWindow) -> QDialog | None:
    """Open the Approvals dialog (none while locked or before the ledger is open)."""

    def build(ctx: GuiContext) -> QDialog:
        from qenex_desktop.gui.dialogs.approvals import ApprovalsDialog

        return ApprovalsDialog(ctx, window)

    return open_unlocked(window, build)


def install_approvals_menu(window: QMainWindow) -> QAction:
    """Tools → Approvals… placed after Address book… (else at the end); it follows the lock."""
    action = make_action(window, window.tr("A&pprovals…"), lambda: open_approvals(window), None, "wallet")
    action.setObjectName("approvals")
    install_in_tools(window, action, after=lambda entry: entry.objectName() == "addressBook")
    return action


def approvals_dialogs(ctx: GuiContext, window: QWidget) -> list[tuple[str, QDialog]]:
    """For the screenshot run: the Approvals dialog (``dialog-approvals``) with the allowances of
    the profile's accounts on the active network, read on a worker before it is pictured (the
    list is empty when the node does not answer)."""
    from qenex_desktop.gui.dialogs.approvals import ApprovalsDialog

    dialog = ApprovalsDialog(ctx, window)
    ctx.ops.wait_idle(30)
    return [("dialog-approvals", dialog)]

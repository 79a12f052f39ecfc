"""Named wallet mutations (the HD accounts of the recovery phrase)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from qenex_desktop.gui.operations.base import OpsContext


def add_account(ctx: OpsContext, password: str | None, *, trigger: QWidget) -> int:
    """Derive the next account of the recovery phrase (refusals go to a message box)."""
    wallet = ctx.core.wallet
    return ctx.ops.run(lambda: wallet.add_account(password=password), name="add account", trigger=trigger)

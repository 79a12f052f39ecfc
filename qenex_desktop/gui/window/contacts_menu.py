"""Tools → Address book…: the entry that opens the address book (issue 15).

``install_contacts_menu(window)`` adds the entry to the Tools menu, after Receive…, off while the
app is locked (it follows the window's ``locked_changed`` and ``ready``), and returns it.
``open_address_book(window, prefill)`` opens the dialog (the Send dialog's "Save to address book"
calls it with the address). ``address_book_dialogs`` gives the screenshot run its dialog.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.window.menus import install_in_tools, make_action, open_unlocked


def open_address_book(window: QMainWindow, prefill: str | None = None) -> QDialog | None:
    """Open the address book (none while locked or before the ledger is open)."""

    def build(ctx: GuiContext) -> QDialog:
        from qenex_desktop.gui.dialogs.address_book import AddressBookDialog

        return AddressBookDialog(ctx, window, prefill=prefill)

    return open_unlocked(window, build)


def install_contacts_menu(window: QMainWindow) -> QAction:
    """Tools → Address book… (Ctrl+Shift+B), placed after Receive…; it follows the lock."""
    action = make_action(
        window, window.tr("&Address book…"), lambda: open_address_book(window), "Ctrl+Shift+B", "wallet"
    )
    action.setObjectName("addressBook")
    install_in_tools(window, action, after=lambda entry: entry.text().replace("&", "") == "Receive…")
    return action


def address_book_dialogs(ctx: GuiContext, window: QWidget) -> list[tuple[str, QDialog]]:
    """For the screenshot run: the address book (``dialog-address-book.png``) of the profile."""
    from qenex_desktop.gui.dialogs.address_book import AddressBookDialog

    return [("dialog-address-book", AddressBookDialog(ctx, window))]


def send_lookalike_dialogs(ctx: GuiContext, window: QWidget) -> list[tuple[str, QDialog]]:
    """For the screenshot run: the confirm dialog of a send to a look-alike of a contact
    (``dialog-send-lookalike.png``), built from an example preview (nothing is sent)."""
    from dataclasses import replace

    from qenex_desktop.core.contacts.lookalike import DestinationReport, lookalike_findings
    from qenex_desktop.core.validation import to_checksum_address
    from qenex_desktop.gui.dialogs.send import ConfirmSendDialog
    from qenex_desktop.gui.dialogs.send_preview_shots import ETHER, plain_preview

    contact = "0x8ba1f109551bD432803012645Ac136ddd64DBA72"
    fake = to_checksum_address("8ba1" + "0" * 32 + "ba72")  # its first and last 4 are Bob's
    findings = lookalike_findings(fake, {contact: "contact Bob"})
    sender = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
    example = plain_preview(sender, fake, amount=5 * ETHER // 10, balance=10 * ETHER, nonce=3)
    preview = replace(example, destination=DestinationReport(fake, findings=findings))
    return [("dialog-send-lookalike", ConfirmSendDialog(ctx, preview, window))]

"""What the Send dialog adds for a safe recipient (issue 15): the To field's completion by contact
name and own account label, and the confirm dialog's panel of what the core's checks found.

The core decides (``core.chain.destination_checks`` puts a ``DestinationReport`` in the preview);
this shows it. A look-alike is a strong warning with both addresses, the differing characters
marked, and a tick the person must set before Sign and send is enabled (the core refuses the send
without it too). A first send is a notice with "Save to address book". Names are free text: they
are escaped wherever a label shows markup.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QCompleter, QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from qenex_desktop.core.contacts.lookalike import DestinationReport, Finding, FindingKind, Severity
from qenex_desktop.gui.colours import AMBER, GREY, RED, text_style
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.fields import AddressEdit
from qenex_desktop.gui.operations import contacts as contact_ops

if TYPE_CHECKING:
    from qenex_desktop.core.chain.types import SendPreview

NOT_IN_BOOK = "not in your address book"


class RecipientCompleter(QCompleter):
    """Completes the To field from contacts' names and own account labels ("Bob — 0x…"); choosing
    one puts the address alone in the field and calls ``on_chosen`` (the dialog re-quotes)."""

    def __init__(self, ctx: GuiContext, edit: AddressEdit, on_chosen: Callable[[], None]) -> None:
        super().__init__(edit)
        self.edit = edit
        self.on_chosen = on_chosen
        self.addresses: dict[str, str] = {}
        self.entries = QStringListModel(self)
        self.setModel(self.entries)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        edit.setCompleter(self)
        self.activated.connect(self._chosen)
        contact_ops.read_completions(ctx, on_done=self.show_entries, owner=edit)

    def show_entries(self, rows: Any) -> None:
        self.addresses = {text: address for text, address in rows}
        self.entries.setStringList(list(self.addresses))

    def _chosen(self, text: str) -> None:
        address = self.addresses.get(text)
        if address is None:
            return

        def put() -> None:  # after QLineEdit put the completion's text in
            self.edit.setText(address)
            self.edit.recheck()
            self.on_chosen()

        QTimer.singleShot(0, put)


def recipient_text(preview: SendPreview) -> str:
    """Who the recipient is, for the confirm dialog's row under To: the contact, an own account, or
    that it is in nobody's name here."""
    report = preview.destination
    if report is not None and report.contact_name:
        return f"{report.contact_name} (in your address book)"
    if report is not None and report.own_account:
        return f"your account {report.own_account}"
    return NOT_IN_BOOK


def marked(address: str, differing: tuple[int, ...]) -> str:
    """Rich text of an address (hex only) with the characters at ``differing`` marked in red."""
    out = []
    for i, ch in enumerate(address):
        out.append(
            f'<span style="color:{RED}; font-weight:bold; text-decoration:underline">{ch}</span>'
            if i in differing
            else ch
        )
    return f"<tt>{''.join(out)}</tt>"


class DestinationPanel(QFrame):
    """The findings of the checks before signing, strongest first; the look-alike tick."""

    acknowledgement_changed = Signal(bool)

    def __init__(
        self, ctx: GuiContext, report: DestinationReport | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report = report
        self.setObjectName("destinationChecks")
        self.ack: QCheckBox | None = None
        self.save_button: QPushButton | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        findings = sorted(report.findings if report else (), key=lambda f: _RANK[f.severity])
        for finding in findings:
            if finding.kind is FindingKind.LOOKALIKE:
                self._lookalike(layout, report.address if report else "", finding)
            elif finding.kind is FindingKind.FIRST_SEND:
                self._first_send(layout, finding)
            else:
                layout.addWidget(_text(self.tr("Warning: ") + finding.message, AMBER, bold=True))
        self.setVisible(bool(findings))

    @property
    def needs_acknowledgement(self) -> bool:
        return self.ack is not None

    @property
    def acknowledged(self) -> bool:
        return self.ack is not None and self.ack.isChecked()

    def guard(self, button: QPushButton) -> None:
        """With a look-alike, ``button`` (Sign and send) is off until the acknowledgement is ticked."""
        if self.ack is not None and button.isEnabled():
            button.setEnabled(False)
            self.acknowledgement_changed.connect(button.setEnabled)

    def _lookalike(self, layout: QVBoxLayout, address: str, finding: Finding) -> None:
        heading = _text(
            self.tr("Look-alike address: this is NOT {who}").format(who=finding.similar_name or ""),
            RED,
            bold=True,
        )
        heading.setObjectName("lookalikeHeading")
        layout.addWidget(heading)
        compare = QLabel(
            self.tr("You send to:")
            + f"<br>{marked(address, finding.differing)}<br>"
            + self.tr("It looks like {who}:").format(who=html.escape(finding.similar_name or ""))
            + f"<br>{marked(finding.similar_to or '', finding.differing)}<br>"
            + html.escape(
                self.tr(
                    "The first and last characters match, the middle does not: addresses like this are "
                    "planted in histories to be copied by mistake."
                )
            )
        )
        compare.setObjectName("lookalikeCompare")
        compare.setTextFormat(Qt.TextFormat.RichText)
        compare.setWordWrap(True)
        compare.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(compare)
        if self.ack is None:
            self.ack = QCheckBox(self.tr("I compared every character: send to this address anyway"))
            self.ack.setObjectName("lookalikeAck")
            self.ack.toggled.connect(self.acknowledgement_changed.emit)
            layout.addWidget(self.ack)

    def _first_send(self, layout: QVBoxLayout, finding: Finding) -> None:
        layout.addWidget(_text(self.tr("Note: ") + finding.message, GREY))
        self.save_button = QPushButton(self.tr("Save to address book…"))
        self.save_button.setObjectName("saveToAddressBook")
        self.save_button.clicked.connect(self.save_to_book)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)

    def save_to_book(self) -> None:
        from qenex_desktop.gui.dialogs.address_book import AddressBookDialog

        if self.report is None:
            return
        dialog = AddressBookDialog(self.ctx, self, prefill=self.report.address)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()


_RANK = {Severity.STRONG: 0, Severity.WARNING: 1, Severity.NOTICE: 2}


def _text(text: str, colour: str, *, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet(text_style(colour, bold=bold))
    return label

"""The two inputs every money form has: an amount of a token, and an address.

``AmountEdit`` knows its token (decimals, and the symbol it shows inside the field, at the right),
parses with ``core.validation.parse_amount`` (the one amount parser) and keeps its own inline error
(``edit.error``, a ``FieldError`` the form places under it, in room kept for it: an error showing
never moves the field below) true to the text as it is now: every edit re-checks it, so an error
about an older text never stays. An optional Max button
(``edit.max_button``) asks the form for the most it can be (``max_requested``); it never takes
Return, which belongs to the form's primary button.

``AddressEdit`` checks EIP-55 as you type (``core.validation.parse_address``): a mixed-case address
with a wrong checksum is a typo, said at once, and ``check()`` returns the checksummed address.

The idea is Electrum's ``amountedit`` (a line edit that knows its unit and paints it); written here
for integer base units and this app's parsers.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QStyle, QStyleOptionFrame, QWidget

from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.validation import format_amount, parse_address, parse_amount
from qenex_desktop.gui.widgets import FieldError

#: Room between the typed text and the symbol painted after it.
_SYMBOL_GAP = 6
#: An address is "0x" and 40 hex digits: shorter text is still being typed, not wrong yet.
ADDRESS_LENGTH = 42


class _CheckedEdit(QLineEdit):
    """A line edit with its own inline error, re-checked on every edit a person makes."""

    #: The text changed by a person (typing, paste) or by ``fill``; not by the program's setText.
    edited = Signal()

    def __init__(self, field: str, parent: QWidget | None = None, *, placeholder: str = "") -> None:
        super().__init__(parent)
        self.field = field
        self.error = FieldError()
        if placeholder:
            self.setPlaceholderText(placeholder)
        self.textEdited.connect(self._on_edited)

    def _on_edited(self, _text: str) -> None:
        self.recheck()
        self.edited.emit()

    def recheck(self) -> None:
        """While typing: an empty field is not an error yet; anything else is checked now."""
        if not self.text().strip():
            self.error.clear_error()
        else:
            self._parse(show=True)

    def _parse(self, *, show: bool) -> object | None:
        raise NotImplementedError


class AmountEdit(_CheckedEdit):
    """An amount of one token, in its base units (see the module docstring)."""

    #: The Max button was pressed: the form fills in the most this amount can be (``fill``).
    max_requested = Signal()

    def __init__(
        self,
        symbol: str = "",
        decimals: int = 18,
        parent: QWidget | None = None,
        *,
        field: str = "amount",
        placeholder: str = "",
        max_button: bool = False,
        required: bool = True,
        allow_zero: bool = False,
    ) -> None:
        super().__init__(field, parent, placeholder=placeholder)
        self._symbol = ""
        self.decimals = decimals
        #: An empty optional amount (a maximum supply left open) is no amount, not an error.
        self.required = required
        #: Zero is an amount here (an initial supply of none), as the core takes it.
        self.allow_zero = allow_zero
        self.max_button: QPushButton | None = None
        if max_button:
            self.max_button = QPushButton(self.tr("Max"))
            self.max_button.setAutoDefault(False)  # Return belongs to the form's primary button
            self.max_button.clicked.connect(lambda _checked=False: self.max_requested.emit())
        self.set_token(symbol, decimals)

    # -- the token -------------------------------------------------------------------------------

    @property
    def symbol(self) -> str:
        return self._symbol

    def set_token(self, symbol: str, decimals: int) -> None:
        """Another token: the symbol shown changes, and what is typed is checked against its decimals."""
        self._symbol = symbol
        self.decimals = decimals
        if self.max_button is not None and symbol:
            self.max_button.setToolTip(self.tr("All the {symbol} this can be").format(symbol=symbol))
        room = self.fontMetrics().horizontalAdvance(symbol) + 2 * _SYMBOL_GAP if symbol else 0
        margins = self.textMargins()
        self.setTextMargins(margins.left(), margins.top(), room, margins.bottom())
        self.update()
        self.recheck()

    # -- values ----------------------------------------------------------------------------------

    def _parse(self, *, show: bool) -> int | None:
        text = self.text()
        if not text.strip() and not self.required:
            if show:
                self.error.clear_error()
            return None
        try:
            units = parse_amount(
                text, self.decimals, symbol=self._symbol or None, field=self.field, allow_zero=self.allow_zero
            )
        except ValidationError as exc:
            if show:
                self.error.show_error(exc.message)
            return None
        if show:
            self.error.clear_error()
        return units

    def check(self) -> int | None:
        """The amount in base units, or None with the reason shown under the field (empty included,
        unless the amount is optional)."""
        return self._parse(show=True)

    def units(self) -> int | None:
        """The amount in base units when the text is one, else None; the error line is left alone."""
        return self._parse(show=False)

    def fill(self, units: int) -> None:
        """Put an amount in, as if typed (Max, the other side of a pool deposit)."""
        self.setText(format_amount(units, self.decimals))
        self._on_edited(self.text())

    def with_max(self) -> QWidget:
        """The field and its Max button side by side, for a form row."""
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self, 1)
        if self.max_button is not None:
            layout.addWidget(self.max_button)
        row.setFocusProxy(self)
        return row

    # -- painting --------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """The symbol after the text, in the placeholder's colour, inside the field's frame."""
        super().paintEvent(event)
        if not self._symbol:
            return
        option = QStyleOptionFrame()
        self.initStyleOption(option)
        area = self.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, self)
        area.adjust(0, 0, -_SYMBOL_GAP, 0)
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(area, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self._symbol)
        painter.end()


class AddressEdit(_CheckedEdit):
    """An EVM address, EIP-55 checked as typed (see the module docstring)."""

    def __init__(
        self, parent: QWidget | None = None, *, field: str = "address", placeholder: str = "0x…"
    ) -> None:
        super().__init__(field, parent, placeholder=placeholder)

    def recheck(self) -> None:
        """A complete address is checked at once; a shorter one is still being typed."""
        if len(self.text().strip()) >= ADDRESS_LENGTH:
            self._parse(show=True)
        else:
            self.error.clear_error()

    def _parse(self, *, show: bool) -> str | None:
        try:
            address = parse_address(self.text(), field=self.field)
        except ValidationError as exc:
            if show:
                self.error.show_error(exc.message)
            return None
        if show:
            self.error.clear_error()
        return address

    def check(self) -> str | None:
        """The checksummed address, or None with the reason shown under the field."""
        return self._parse(show=True)

    def address(self) -> str | None:
        """The checksummed address when the text is one, else None; the error line is left alone."""
        return self._parse(show=False)

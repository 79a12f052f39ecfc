"""Small widgets every tab and dialog shares: inline field errors (in room kept for them, so an
error never moves a field), empty states, tables and the stack that shows a table or, while it has
no rows, its empty state."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QTextLayout
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core.errors import QenexError
from qenex_desktop.gui.colours import RED, text_style
from qenex_desktop.gui.icons import icon

if TYPE_CHECKING:
    from qenex_desktop.gui.models import RowTableModel

RESIZE_PRECISION_ROWS = 60


def settle_return_key(dialog: QDialog, primary: QPushButton | None) -> None:
    """Return presses ``primary`` (or, while a button of the dialog's button box has the focus, that
    button), never a helper button in the form such as Max or Copy; with no primary, Return presses
    nothing unless a button has the focus.

    Qt makes every push button of a dialog "auto default" and, when the primary was marked default
    before it had the dialog as an ancestor, picks the first of them on show: Return pressed Cancel
    in the unlock dialog and Max in the send dialog. Call this at the end of the dialog's set-up.
    """
    for button in dialog.findChildren(QPushButton):
        button.setAutoDefault(isinstance(button.parent(), QDialogButtonBox))
        button.setDefault(False)
    if primary is not None:
        primary.setDefault(True)


class FieldError(QLabel):
    """A red line under a field: empty until an error names that field, in room kept for it.

    The room (``lines`` lines of text) is there while no error shows (the label stays, empty: a form
    layout drops a hidden widget's row even when its size policy says to keep it), so an error
    showing or going never moves another widget: a click aimed at the field below lands on it, not
    on whatever an inserted line pushed there. A message longer than the room ends in "…"
    (``elided``); the tooltip holds it all, and so does ``text()``. ``lines`` (or ``set_lines``) gives
    more room where the messages are long sentences.
    """

    def __init__(self, parent: QWidget | None = None, *, lines: int = 1) -> None:
        super().__init__(parent)
        self.lines = max(1, lines)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # a message quotes what was typed: never markup
        self.setStyleSheet(text_style(RED))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        policy = self.sizePolicy()
        policy.setVerticalPolicy(QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(False)
        self.setSizePolicy(policy)
        self._reserve()

    def set_lines(self, lines: int) -> None:
        """Keep room for this many lines (a dialog whose errors are long sentences)."""
        self.lines = max(1, lines)
        self._reserve()

    def _reserve(self) -> None:
        margins = self.contentsMargins()
        height = self.lines * self.fontMetrics().lineSpacing() + margins.top() + margins.bottom()
        self.setFixedHeight(height + 2 * self.margin())

    def show_error(self, message: str) -> None:
        self.setText(message)
        self.setToolTip(message)

    def clear_error(self) -> None:
        self.clear()
        self.setToolTip("")

    @property
    def shown(self) -> bool:
        return not self.isHidden() and bool(self.text())

    @property
    def elided(self) -> bool:
        """The message needs more lines than the room kept for it (the tooltip has it all)."""
        return self._wrapped(self._area().width())[1]

    def hasHeightForWidth(self) -> bool:
        return False  # the height is the room kept, whatever the text

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._reserve()

    def _wrapped(self, width: int) -> tuple[list[str], bool]:
        """The lines that fit in the room at ``width``, the last elided, and whether text was cut."""
        text = self.text()
        if not text or width <= 0:
            return [], False
        metrics = self.fontMetrics()
        layout = QTextLayout(text, self.font())
        layout.beginLayout()
        shown: list[str] = []
        start = 0
        while len(shown) < self.lines:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            start, length = line.textStart(), line.textLength()
            shown.append(text[start : start + length])
            start += length
        cut = layout.createLine().isValid()
        layout.endLayout()
        if cut and shown:
            last_start = start - len(shown[-1])
            shown[-1] = metrics.elidedText(text[last_start:], Qt.TextElideMode.ElideRight, width)
        return shown, cut

    def _area(self) -> QRect:
        margin = self.margin()
        return self.contentsRect().adjusted(margin, margin, -margin, -margin)

    def paintEvent(self, event: QPaintEvent) -> None:
        area = self._area()
        shown, cut = self._wrapped(area.width())
        if not cut:
            super().paintEvent(event)  # QLabel's own painting: the text fits (and can be selected)
            return
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        metrics = self.fontMetrics()
        for number, line in enumerate(shown):
            baseline = area.top() + number * metrics.lineSpacing() + metrics.ascent()
            painter.drawText(area.left(), baseline, line)
        painter.end()


class EmptyState(QWidget):
    """What a view shows when it has nothing: what this place is for and what to do next."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None, *, icon_name: str = "") -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        if icon_name:
            picture = QLabel()
            picture.setPixmap(icon(icon_name).pixmap(48, 48))
            picture.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            layout.addWidget(picture)
        self.title = QLabel(title)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.title.setWordWrap(True)
        self.text = QLabel(text)
        self.text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.text.setWordWrap(True)
        self.text.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.buttons.addStretch(1)
        layout.addLayout(self.buttons)
        layout.addStretch(2)

    def add_button(self, text: str, icon_name: str = "") -> QPushButton:
        button = QPushButton(icon(icon_name) if icon_name else icon("blank"), text)
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        return button

    def set_text(self, title: str, text: str) -> None:
        self.title.setText(title)
        self.text.setText(text)


class EmptyStack(QStackedWidget):
    """A view's content, or - while it has nothing to show - its empty state (what this place is
    for and what to do next: an ``EmptyState``, or a line of text)."""

    def __init__(self, empty: QWidget | str, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty = empty if isinstance(empty, QWidget) else _note(empty)
        self.content = content
        self.addWidget(self.empty)
        self.addWidget(content)

    def show_content(self, shown: bool) -> None:
        self.setCurrentWidget(self.content if shown else self.empty)


class TableStack(EmptyStack):
    """The app's table over ``model`` (``make_table``), or its empty state while it has no rows."""

    def __init__(
        self, model: RowTableModel[Any], empty: QWidget | str, parent: QWidget | None = None
    ) -> None:
        self.model = model
        self.view = make_table(model)
        super().__init__(empty, self.view, parent)

    def set_rows(self, rows: Sequence[Any]) -> None:
        """What a background read returned: the table when there are rows, else the empty state."""
        self.model.set_rows(rows)
        self.show_content(bool(rows))


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label


def show_signing_refusal(
    error: BaseException, password_error: FieldError, general_error: FieldError, focus: QWidget | None = None
) -> None:
    """Where a signing step's failure shows: a refusal about the password under it (``focus``, the
    password field, gets the focus back), anything else on the general line."""
    message = error.message if isinstance(error, QenexError) else str(error)
    if isinstance(error, QenexError) and error.field == "password":
        password_error.show_error(message)
        if focus is not None:
            focus.setFocus()
    else:
        general_error.show_error(message)


def make_table(model: QAbstractItemModel, parent: QWidget | None = None) -> QTableView:
    """A read-only, row-selecting table over a model, columns sized to content, the last stretched;
    Copy and its context menu take the full address or hash (``table_view.DataTableView``)."""
    from qenex_desktop.gui.table_view import DataTableView

    view = DataTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    # Size columns from the first rows only: measuring every row of a long audit log or activity
    # list on each refresh is a visible stall, and the first rows are the newest anyway.
    header.setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
    return view


def fit_columns(view: QTableView, max_width: int = 320, min_width: int = 0, padding: int = 14) -> None:
    """Columns as wide as their content plus a gap (a right-aligned amount next to a left-aligned
    name would otherwise touch it), within [min_width, max_width]."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(header.count()):
        width = header.sectionSize(column) + padding
        header.resizeSection(column, max(min_width, min(width, max_width)))


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


def status_message(widget: QWidget, text: str, timeout_ms: int = 8000) -> None:
    """Show a line in the status bar of the window ``widget`` lives in (when it has one)."""
    from PySide6.QtWidgets import QMainWindow

    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, timeout_ms)
        return
    parent = widget.parentWidget()
    if parent is not None:
        status_message(parent, text, timeout_ms)

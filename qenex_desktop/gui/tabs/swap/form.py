"""The Swap tab's form: what you pay and receive, slippage and deadline, the quote's rows, the
swap button, and beside it your ledger balances. Widgets and how they show things only; what
typing, quoting and swapping do is the tab's (``tab.SwapTab``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.validation import parse_slippage_bps
from qenex_desktop.gui.account_choice import AccountChoice
from qenex_desktop.gui.colours import AMBER, GREEN, RED, text_style
from qenex_desktop.gui.column_fit import fit_to_contents
from qenex_desktop.gui.fields import AmountEdit
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.models import RowTableModel
from qenex_desktop.gui.tabs.swap.quote import DEFAULT_DEADLINE_MIN, balance_columns, impact_color
from qenex_desktop.gui.widgets import FieldError, heading, make_table

if TYPE_CHECKING:
    from qenex_desktop.core.exchange import Balance
    from qenex_desktop.gui.prefs import Preferences

DEADLINE_PREF = "trade/deadline_minutes"
MAX_DEADLINE_MIN = 24 * 60
#: A slippage tolerance over this (basis points) is warned about under the field; the core's own
#: limit (50%) still refuses more.
SLIPPAGE_WARN_BPS = 500


def slippage_is_high(text: str) -> bool:
    """The typed tolerance parses and is over ``SLIPPAGE_WARN_BPS`` (decided on integer bps)."""
    try:
        return parse_slippage_bps(text or "0") > SLIPPAGE_WARN_BPS
    except ValidationError:
        return False  # the quote says why it does not parse, under the field


def fill_combo(combo: QComboBox, items: list[str], default_index: int) -> None:
    """``items`` in ``combo`` without its change signal, keeping the choice when it is still there."""
    current = combo.currentText()
    combo.blockSignals(True)
    combo.clear()
    combo.addItems(items)
    if current in items:
        combo.setCurrentText(current)
    elif len(items) > default_index:
        combo.setCurrentIndex(default_index)
    combo.blockSignals(False)


class SwapForm(QWidget):
    def __init__(self, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefs = prefs
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(splitter)
        box = QGroupBox(self.tr("Swap"))
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        row = self._build_sides(grid)
        row = self._build_settings(grid, row)
        row = self._build_details(grid, row)
        grid.setRowStretch(row, 1)
        box.setMinimumWidth(440)
        splitter.addWidget(box)
        splitter.addWidget(self._build_balances())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 420])
        self.show_quote(None)

    # -- building ------------------------------------------------------------------------------

    def _build_sides(self, grid: QGridLayout) -> int:
        """The ledger account, then you pay (amount, token, Max) over you receive, each with its
        balance and errors."""
        self.account = AccountChoice(self.prefs, "swapAccount")
        self.account_label = QLabel(self.tr("&Account"))
        self.account_label.setBuddy(self.account)
        grid.addWidget(self.account_label, 0, 0)
        grid.addWidget(self.account, 0, 1, 1, 2)
        self.token_in = QComboBox()
        self.token_out = QComboBox()
        for combo in (self.token_in, self.token_out):
            combo.setMinimumWidth(110)
        self.amount_in = AmountEdit(field="amount_in", placeholder=self.tr("amount to pay"), max_button=True)
        self.amount_out = AmountEdit(field="amount_out", placeholder=self.tr("amount to receive"))
        assert self.amount_in.max_button is not None
        self.max_button = self.amount_in.max_button
        self.balance_in = QLabel()
        self.balance_out = QLabel()
        self.flip_button = QToolButton()
        self.flip_button.setText("⇅")
        self.flip_button.setToolTip(self.tr("Swap the direction"))
        self.amount_in_error = self.amount_in.error
        self.amount_out_error = self.amount_out.error
        self.token_in_error = FieldError()
        self.token_out_error = FieldError()
        grid.addWidget(self.max_button, 1, 3)
        pay = (self.amount_in, self.token_in, self.balance_in, self.token_in_error)
        receive = (self.amount_out, self.token_out, self.balance_out, self.token_out_error)
        self._side(grid, 1, self.tr("You pay"), *pay)
        grid.addWidget(self.flip_button, 5, 1, 1, 1, Qt.AlignmentFlag.AlignHCenter)
        self._side(grid, 6, self.tr("You receive"), *receive)
        return 10

    @staticmethod
    def _side(
        grid: QGridLayout,
        row: int,
        title: str,
        amount: AmountEdit,
        token: QComboBox,
        balance: QLabel,
        token_error: FieldError,
    ) -> None:
        """One side: its title, amount and token on a row, then its balance and errors under them."""
        grid.addWidget(QLabel(title), row, 0)
        grid.addWidget(amount, row, 1)
        grid.addWidget(token, row, 2)
        for below, widget in enumerate((balance, amount.error, token_error), start=row + 1):
            grid.addWidget(widget, below, 1, 1, 3)

    def _build_settings(self, grid: QGridLayout, row: int) -> int:
        """Slippage tolerance (default from Settings) and deadline (kept in gui.ini)."""
        settings = QHBoxLayout()
        self.slippage_default = self.prefs.slippage_percent
        self.slippage = QLineEdit(self.slippage_default)
        self.slippage.setMaximumWidth(70)
        self.slippage.setToolTip(
            self.tr("How far the price may move against you before the swap is refused (default in Settings)")
        )
        self.deadline = QSpinBox()
        self.deadline.setRange(1, MAX_DEADLINE_MIN)
        self.deadline.setSuffix(self.tr(" min"))
        try:
            minutes = int(self.prefs.value(DEADLINE_PREF, str(DEFAULT_DEADLINE_MIN)))
        except ValueError:
            minutes = DEFAULT_DEADLINE_MIN
        self.deadline.setValue(min(max(minutes, 1), MAX_DEADLINE_MIN))
        self.deadline.setToolTip(self.tr("The swap is refused if it cannot run within this time"))
        self.deadline.valueChanged.connect(lambda v: self.prefs.set_value(DEADLINE_PREF, str(v)))
        settings.addWidget(QLabel(self.tr("Slippage tolerance")))
        settings.addWidget(self.slippage)
        settings.addWidget(QLabel("%"))
        settings.addSpacing(16)
        settings.addWidget(QLabel(self.tr("Deadline")))
        settings.addWidget(self.deadline)
        settings.addStretch(1)
        grid.addLayout(settings, row, 0, 1, 4)
        self.slippage_error = FieldError()
        grid.addWidget(self.slippage_error, row + 1, 0, 1, 4)
        self.slippage_warning = QLabel(
            self.tr(
                "Slippage over 5%: the swap goes through even if the price moves this far against "
                "you before it runs. Most swaps need 0.5 to 1%."
            )
        )
        self.slippage_warning.setWordWrap(True)
        self.slippage_warning.setStyleSheet(text_style(AMBER))
        policy = self.slippage_warning.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # its room is kept: showing it moves nothing
        self.slippage_warning.setSizePolicy(policy)
        grid.addWidget(self.slippage_warning, row + 2, 0, 1, 4)
        self.slippage.textChanged.connect(lambda _t: self.update_slippage_warning())
        self.update_slippage_warning()
        return row + 3

    def update_slippage_warning(self) -> None:
        self.slippage_warning.setVisible(slippage_is_high(self.slippage.text()))

    def _build_details(self, grid: QGridLayout, row: int) -> int:
        """The quote's rows, a general error, the swap button and the last swap's result."""
        details = QFormLayout()
        self.rate_label = QLabel()
        self.limit_name = QLabel(self.tr("Minimum received"))
        self.limit_label = QLabel()
        self.impact_label = QLabel()
        self.route_label = QLabel()
        self.fee_label = QLabel()
        for label in (self.rate_label, self.limit_label, self.route_label, self.fee_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details.addRow(self.tr("Rate"), self.rate_label)
        details.addRow(self.limit_name, self.limit_label)
        details.addRow(self.tr("Price impact"), self.impact_label)
        details.addRow(self.tr("Route"), self.route_label)
        details.addRow(self.tr("Fee"), self.fee_label)
        grid.addLayout(details, row, 0, 1, 4)
        self.general_error = FieldError()
        grid.addWidget(self.general_error, row + 1, 0, 1, 4)
        self.swap_button = QPushButton(icon("swap"), self.tr("Review swap…"))
        self.swap_button.setDefault(True)
        grid.addWidget(self.swap_button, row + 2, 0, 1, 4)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setStyleSheet(text_style(GREEN))
        self.result_label.hide()
        grid.addWidget(self.result_label, row + 3, 0, 1, 4)
        return row + 4

    def _build_balances(self) -> QWidget:
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.balances_heading = heading(self.tr("Your ledger balances"))  # or the wallet's, on chain
        side_layout.addWidget(self.balances_heading)
        self.balances_model: RowTableModel[Balance] = RowTableModel(balance_columns(self.tr))
        self.balances_view = make_table(self.balances_model)
        fit_to_contents(self.balances_view)
        self.balances_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side_layout.addWidget(self.balances_view, 1)
        self.pool_hint = QLabel(
            self.tr("No pool yet: create one in the Liquidity tab, then swap here through it.")
        )
        self.pool_hint.setWordWrap(True)
        self.pool_hint.setStyleSheet(text_style(AMBER))
        self.pool_hint.hide()
        side_layout.addWidget(self.pool_hint)
        return side

    # -- showing -------------------------------------------------------------------------------

    def fields(self) -> dict[str, FieldError]:
        """Where each refusal of the core is shown (``QenexError.field`` -> label)."""
        return {
            "amount_in": self.amount_in_error,
            "max_in": self.amount_in_error,
            "amount_out": self.amount_out_error,
            "min_out": self.amount_out_error,
            "token_in": self.token_in_error,
            "token_out": self.token_out_error,
            "account": self.amount_in_error,
            "slippage": self.slippage_error,
            "deadline": self.slippage_error,
            "*": self.general_error,
        }

    def clear_errors(self) -> None:
        for target in set(self.fields().values()):
            target.clear_error()

    def start_over(self) -> None:
        """Another venue chosen: its tokens differ, so no amount or last swap's result is carried over."""
        self.amount_in.clear()
        self.amount_out.clear()
        self.result_label.hide()

    def take_slippage_default(self) -> None:
        """A new default in Settings: take it, unless a value was typed here for this swap."""
        default = self.prefs.slippage_percent
        if default != self.slippage_default:
            if self.slippage.text() == self.slippage_default:
                self.slippage.setText(default)
            self.slippage_default = default

    def show_quote(self, rows: dict[str, str] | None, impact_bps: int = 0, *, full_rate: str = "") -> None:
        """The quote's rows (``quote.quote_rows``), or dashes and a hint while there is none; the
        rate, cut to six significant digits, has every digit (``quote.full_rate``) on hover."""
        labels = (self.rate_label, self.limit_label, self.impact_label, self.route_label, self.fee_label)
        self.rate_label.setToolTip(full_rate if rows is not None else "")
        if rows is None:
            for label in labels:
                label.setText("—")
            self.rate_label.setText(self.tr("— type an amount to pay or to receive; the quote shows here"))
            self.impact_label.setStyleSheet("")
            return
        names, texts = list(rows), list(rows.values())
        self.limit_name.setText(names[1])
        for label, text in zip(labels, texts, strict=False):
            label.setText(text)
        color = impact_color(impact_bps)
        self.impact_label.setStyleSheet(text_style(color, bold=True) if color else "")
        if color == RED:
            self.impact_label.setText(texts[2] + self.tr(" — high: the pool is shallow for this amount"))

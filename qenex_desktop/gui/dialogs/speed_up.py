"""Review a speed-up or a cancel before it is signed: the new fees next to the pending ones.

The figures come from the core's ``preview_replacement`` (read on a worker), and the replacement
signs exactly the fees shown (``ReplacementPreview.fees``), never a second quote. The fee is
chosen as in a send (``send_preview.FeePicker``): slow, market or fast, each raised to outbid the
pending transaction, or custom fees that must reach ``ReplacementPreview.minimum``. Return presses
the confirm button; Escape (or Back) leaves the pending transaction as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.dialogs.send_preview import FeePicker
from qenex_desktop.gui.formatting import amount_text, count_text, full_amount_text, short_hex
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.operations import chain as chain_ops
from qenex_desktop.gui.widgets import FieldError, heading, settle_return_key, status_message

if TYPE_CHECKING:
    from qenex_desktop.core.chain.replacement import ReplacementPreview

#: The rows of the comparison, in order (keys of ``SpeedUpDialog.values``).
ROWS = ("max_fee", "priority_fee", "gas_limit", "max_cost")


def gwei_full(wei: int) -> str:
    """Wei per gas in gwei with every digit (a confirmation shows exactly what is signed)."""
    return f"{full_amount_text(wei, 9)} gwei"


def eth_full(wei: int) -> str:
    return f"{full_amount_text(wei, 18)} ETH"


def _what(preview: ReplacementPreview) -> str:
    """The pending transaction in a few words ("a send of 0.5 ETH to 0x1234…abcd")."""
    if preview.kind == "deploy":
        return "a contract deploy"
    if preview.kind == "cancel":
        return "a cancel"
    amount = f"{amount_text(preview.amount, preview.decimals)} {preview.symbol}"
    return f"a send of {amount} to {short_hex(preview.recipient)}"


class SpeedUpDialog(QDialog):
    """The old and the new fees of a replacement; accepted means "sign these"."""

    def __init__(self, preview: ReplacementPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = p = preview
        self.setWindowTitle(self.tr("Cancel transaction") if p.cancel else self.tr("Speed up transaction"))
        self.setWindowIcon(icon("cancel" if p.cancel else "speedup"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self._title()))
        explain = QLabel(self._explanation())
        explain.setWordWrap(True)
        layout.addWidget(explain)
        layout.addLayout(self._comparison())
        self.fee_picker = FeePicker()
        self.fee_picker.set_options(
            [(speed, f.max_fee_per_gas, f.max_priority_fee_per_gas) for speed, f in p.choices], p.gas_limit
        )
        self.fee_picker.setVisible(bool(p.choices))
        layout.addWidget(self.fee_picker)
        base = QLabel(
            self.tr(
                "The next block's base fee is {base} now; the fee paid is at most the figure above."
            ).format(base=gwei_full(p.base_fee_per_gas))
        )
        base.setWordWrap(True)
        layout.addWidget(base)
        self.funds_error = FieldError()
        layout.addWidget(self.funds_error)
        buttons = QDialogButtonBox()
        self.confirm_button: QPushButton = buttons.addButton(
            self.tr("Cancel transaction") if p.cancel else self.tr("Speed up"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.back_button: QPushButton = buttons.addButton(
            self.tr("Back"), QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._check_funds()
        self.fee_picker.changed.connect(self._fee_changed)
        self.setMinimumWidth(520)
        settle_return_key(self, self.confirm_button if p.affordable else None)
        (self.confirm_button if p.affordable else self.back_button).setFocus()

    def _check_funds(self) -> None:
        p = self.preview
        self.confirm_button.setEnabled(p.affordable)
        if p.affordable:
            self.funds_error.clear_error()
            return
        self.funds_error.show_error(
            self.tr("You have {have}; this needs up to {need}. Nothing can be signed.").format(
                have=eth_full(p.balance), need=eth_full(p.max_cost + p.value)
            )
        )

    def _fee_changed(self) -> None:
        """Another choice: the new column shows its fees, and what is signed is them."""
        from qenex_desktop.core.chain.replacement import ReplacementFees

        picker, p = self.fee_picker, self.preview
        speed = picker.current()
        chosen = None
        if speed == "custom":
            typed = picker.choice()
            if typed is None or typed.max_fee_per_gas is None or typed.max_priority_fee_per_gas is None:
                self.confirm_button.setEnabled(False)
                return
            chosen = ReplacementFees(typed.max_fee_per_gas, typed.max_priority_fee_per_gas)
            least = p.minimum
            if least is not None and (
                chosen.max_fee_per_gas < least.max_fee_per_gas
                or chosen.max_priority_fee_per_gas < least.max_priority_fee_per_gas
                or chosen.max_priority_fee_per_gas > chosen.max_fee_per_gas
            ):
                picker.error.show_error(
                    self.tr(
                        "To outbid the pending one: a max fee of at least {f} and a tip of at least {t}."
                    ).format(f=gwei_full(least.max_fee_per_gas), t=gwei_full(least.max_priority_fee_per_gas))
                )
                self.confirm_button.setEnabled(False)
                return
        picker.error.clear_error()
        self.preview = p.choose(speed, chosen)
        new = self.preview
        for key, value, text in (
            ("max_fee", new.max_fee_per_gas, gwei_full),
            ("priority_fee", new.max_priority_fee_per_gas, gwei_full),
            ("max_cost", new.max_cost, eth_full),
        ):
            self.values[(key, "new")].setText(text(value))
            self.values[(key, "new")].setToolTip(f"{value:,} wei")
        self._check_funds()

    def _title(self) -> str:
        p = self.preview
        if p.cancel:
            return self.tr("Cancel {hash} (nonce {nonce})?").format(hash=short_hex(p.tx_hash), nonce=p.nonce)
        return self.tr("Speed up {hash} (nonce {nonce})?").format(hash=short_hex(p.tx_hash), nonce=p.nonce)

    def _explanation(self) -> str:
        p = self.preview
        if p.cancel:
            return self.tr(
                "Cancel sends 0 ETH to yourself ({me}) with the same nonce ({nonce}) and higher fees. "
                "If a block takes it first, {what} never happens and you pay only the cancel's fee; "
                "if the original is mined first, the cancel is dropped. Only one of the two is mined."
            ).format(me=short_hex(p.from_address), nonce=p.nonce, what=_what(p))
        return self.tr(
            "Sends {what} again with the same nonce ({nonce}) and higher fees, so a block takes it "
            "sooner. Only one of the two is mined; the other is shown as replaced."
        ).format(what=_what(p), nonce=p.nonce)

    def _comparison(self) -> QGridLayout:
        p = self.preview
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("<b>Pending now</b>")), 0, 1)
        grid.addWidget(QLabel(self.tr("<b>Cancel</b>") if p.cancel else self.tr("<b>Speed-up</b>")), 0, 2)
        names = {
            "max_fee": self.tr("Max fee per gas"),
            "priority_fee": self.tr("Priority fee (tip) per gas"),
            "gas_limit": self.tr("Gas limit"),
            "max_cost": self.tr("Most it can cost (gas limit × max fee)"),
        }
        figures: dict[str, tuple[int, int, Callable[[int], str], str]] = {
            "max_fee": (p.old_max_fee_per_gas, p.max_fee_per_gas, gwei_full, "wei"),
            "priority_fee": (p.old_max_priority_fee_per_gas, p.max_priority_fee_per_gas, gwei_full, "wei"),
            "gas_limit": (p.old_gas_limit, p.gas_limit, count_text, "gas"),
            "max_cost": (p.old_max_cost, p.max_cost, eth_full, "wei"),
        }
        #: (row, "old" | "new") -> the label showing it (tests read what a person reads).
        self.values: dict[tuple[str, str], QLabel] = {}
        for row, key in enumerate(ROWS, start=1):
            old, new, text, unit = figures[key]
            grid.addWidget(QLabel(names[key]), row, 0)
            for column, (side, value) in enumerate((("old", old), ("new", new)), start=1):
                label = QLabel(text(value))
                label.setToolTip(f"{value:,} {unit}")
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                if side == "new":
                    label.setStyleSheet("font-weight: bold")
                self.values[(key, side)] = label
                grid.addWidget(label, row, column)
        grid.setColumnStretch(0, 1)
        return grid


class ReplacementReview(QObject):
    """One speed-up or cancel from a button: the preview read, the review shown, then signing.

    ``dialog`` is the review while it is open (tests and the caller can reach it).
    """

    def __init__(
        self, ctx: GuiContext, parent: QWidget, tx_hash: str, *, cancel: bool, trigger: QWidget
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.cancel = cancel
        self.trigger = trigger
        self.dialog: SpeedUpDialog | None = None
        chain_ops.preview_replacement(
            ctx, tx_hash, cancel=cancel, on_done=self._show, trigger=trigger, owner=self
        )

    def _show(self, preview: ReplacementPreview) -> None:
        dialog = SpeedUpDialog(preview, self.parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._confirmed(dialog.preview))  # the fees chosen in it
        dialog.rejected.connect(self._closed)
        self.dialog = dialog
        dialog.open()

    def _closed(self) -> None:
        self.dialog = None

    def _confirmed(self, preview: ReplacementPreview) -> None:
        from qenex_desktop.gui.dialogs.password import ask_password

        self.dialog = None
        reason = (
            self.tr("Cancel {hash}: 0 ETH to yourself with the same nonce.")
            if preview.cancel
            else self.tr("Speed up {hash} with the fees you reviewed.")
        ).format(hash=short_hex(preview.tx_hash))

        def sign(password: str | None) -> None:
            chain_ops.replace(
                self.ctx,
                preview,
                password,
                trigger=self.trigger,
                on_done=lambda tx: status_message(
                    self.parent_widget,
                    self.tr("Sent {hash} with nonce {nonce}: it replaces the pending one once mined.").format(
                        hash=short_hex(tx.tx_hash), nonce=tx.nonce
                    ),
                    10_000,
                ),
            )

        ask_password(self.ctx, self.parent_widget, reason, sign)


def review_replacement(
    ctx: GuiContext, parent: QWidget, tx_hash: str, *, cancel: bool, trigger: QWidget
) -> ReplacementReview:
    """Read what a speed-up (or cancel) of ``tx_hash`` would sign, show it, and sign it if confirmed."""
    return ReplacementReview(ctx, parent, tx_hash, cancel=cancel, trigger=trigger)


def example_preview(sender: str, *, cancel: bool = False) -> ReplacementPreview:
    """Real-looking figures for the screenshot when no transaction is pending."""
    from qenex_desktop.core.chain.replacement import ReplacementFees, ReplacementPreview

    gwei = 10**9
    return ReplacementPreview(
        tx_hash="0x5f1c9e4b7a0d3c2e8f6a1b4d7c0e9a3f5b2d8c6e1a4f7b0d3c9e2a5f8b1d4c7e",
        cancel=cancel,
        network="Local Hardhat",
        kind="send_eth",
        from_address=sender,
        recipient="0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        symbol="ETH",
        decimals=18,
        amount=15 * 10**17,
        nonce=4,
        old_gas_limit=21_000,
        old_max_fee_per_gas=2_750_000_000,
        old_max_priority_fee_per_gas=gwei,
        gas_limit=21_000,
        base_fee_per_gas=875_000_000,
        fees=ReplacementFees(max_fee_per_gas=3_025_000_000, max_priority_fee_per_gas=1_100_000_000),
        value=0 if cancel else 15 * 10**17,
        balance=98 * 10**18,
        choices=(
            ("slow", ReplacementFees(3_025_000_000, 1_100_000_000)),
            ("market", ReplacementFees(3_025_000_000, 1_100_000_000)),
            ("fast", ReplacementFees(5_250_000_000, 3 * gwei)),
        ),
        minimum=ReplacementFees(3_025_000_000, 1_100_000_000),
    )


def speed_up_dialogs(ctx: GuiContext, window: QWidget) -> list[tuple[str, QDialog]]:
    """The speed-up review for the screenshot set: of a pending transaction when there is one (read
    on a worker), else of example figures."""

    found: list[ReplacementPreview | None] = []
    core = ctx.core

    def read() -> ReplacementPreview | None:
        pending = [t for t in core.chain.transactions(limit=50) if t.status == "pending" and not t.stale]
        return core.chain.preview_replacement(pending[0].tx_hash, cancel=False) if pending else None

    ctx.ops.run(
        read, name="speed-up screenshot", on_done=found.append, on_error=lambda _error: None, quiet=True
    )
    ctx.ops.wait_idle(30)
    preview = found[0] if found and found[0] is not None else None
    if preview is None:
        preview = example_preview("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
    return [("dialog-speed-up", SpeedUpDialog(preview, window))]

"""What the send dialogs add before signing (issue 15): the fee a person chooses, and the preview
decoded and simulated on their own node.

``FeePicker``: slow / market / fast (each with the most it can cost: gas limit x max fee) and a
custom setting, the max fee and the tip in gwei typed into ``AmountEdit`` fields (parsed by the one
amount parser). Radio buttons, so every preset's cost shows at once; the arrow keys change the
choice; the send dialog re-quotes with it. The speed-up review uses the same picker with its
outbidding choices.

``PreviewDetails``: what the transaction does (decoded from its calldata: an ETH send, a token
transfer, an approve, with an unlimited one flagged, transferFrom, QXC admin calls, Uniswap V2
router swaps and liquidity calls, or "unknown
contract call" with its selector), the sending account's expected balance changes, and the result
of running the exact transaction at the pending block: a revert with its decoded reason, which
the confirm dialog shows and refuses to sign.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QFormLayout, QLabel, QRadioButton, QVBoxLayout, QWidget

from qenex_desktop.core.chain.fees import CUSTOM, FeeChoice
from qenex_desktop.core.chain.types import DecodedCall, RouterAmount, SendPreview
from qenex_desktop.gui.colours import AMBER, GREEN, RED, text_style
from qenex_desktop.gui.fields import AmountEdit
from qenex_desktop.gui.formatting import eth_text, full_amount_text, gwei_text, short_hex
from qenex_desktop.gui.widgets import FieldError

GWEI_DECIMALS = 9
SPEED_NAMES = {"slow": "Slow", "market": "Market", "fast": "Fast", CUSTOM: "Custom"}


class FeePicker(QWidget):
    """Slow, market, fast or custom as radio buttons (arrow keys move the choice, as in any radio
    group); ``changed`` when the choice or a custom fee changes."""

    changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, speeds: tuple[str, ...] = ("slow", "market", "fast")
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        #: speed -> its radio button ("slow", "market", "fast", "custom").
        self.buttons: dict[str, QRadioButton] = {}
        for speed in (*speeds, CUSTOM):
            button = QRadioButton(self.tr(SPEED_NAMES[speed]))
            button.setObjectName(f"fee_{speed}")
            self.group.addButton(button)
            self.buttons[speed] = button
            layout.addWidget(button)
        self.buttons["market"].setChecked(True)
        self.custom = QWidget()
        form = QFormLayout(self.custom)
        form.setContentsMargins(24, 0, 0, 0)
        self.max_fee = AmountEdit(
            "gwei", GWEI_DECIMALS, field="max_fee", placeholder=self.tr("for example 30")
        )
        self.tip = AmountEdit("gwei", GWEI_DECIMALS, field="priority_fee", allow_zero=True, placeholder="1.5")
        form.addRow(self.tr("Max fee per gas"), self.max_fee)
        form.addRow("", self.max_fee.error)
        form.addRow(self.tr("Priority fee (tip)"), self.tip)
        form.addRow("", self.tip.error)
        layout.addWidget(self.custom)
        self.custom.setVisible(False)
        self.error = FieldError()
        layout.addWidget(self.error)
        self.setFocusProxy(self.buttons["market"])
        self._market: tuple[int, int] | None = None
        self.group.buttonToggled.connect(lambda _button, on: self._speed_changed() if on else None)
        self.max_fee.edited.connect(self.changed.emit)
        self.tip.edited.connect(self.changed.emit)

    @property
    def fields(self) -> dict[str, FieldError]:
        return {"fee": self.error, "max_fee": self.max_fee.error, "priority_fee": self.tip.error}

    def current(self) -> str:
        return next((speed for speed, button in self.buttons.items() if button.isChecked()), "market")

    def choose(self, speed: str) -> None:
        self.buttons[speed].setChecked(True)

    def _speed_changed(self) -> None:
        custom = self.current() == CUSTOM
        self.custom.setVisible(custom)
        self.error.clear_error()
        if custom and not self.max_fee.text() and self._market is not None:
            self.max_fee.fill(self._market[0])  # start from the market's figures
            self.tip.fill(self._market[1])
        self.changed.emit()

    def choice(self) -> FeeChoice | None:
        """The preset chosen, or the custom fees when both parse (else None, the errors shown)."""
        if self.current() != CUSTOM:
            return FeeChoice(self.current())
        max_fee, tip = self.max_fee.check(), self.tip.check()
        if max_fee is None or tip is None:
            return None
        return FeeChoice.exact(max_fee, tip)

    def set_options(self, options: list[tuple[str, int, int]], gas_limit: int) -> None:
        """Each preset's line says the most it can cost: (speed, max fee, tip) in wei per gas."""
        for speed, max_fee, tip in options:
            button = self.buttons.get(speed)
            if button is None:
                continue
            if speed == "market":
                self._market = (max_fee, tip)
            button.setText(
                self.tr("{name}: at most {cost} (max {fee}, tip {tip} per gas)").format(
                    name=self.tr(SPEED_NAMES[speed]),
                    cost=eth_text(gas_limit * max_fee),
                    fee=gwei_text(max_fee),
                    tip=gwei_text(tip),
                ),
            )

    def show_presets(self, preview: SendPreview) -> None:
        if preview.fee_presets is not None:
            options = [
                (o.speed, o.max_fee_per_gas, o.max_priority_fee_per_gas) for o in preview.fee_presets.options
            ]
            self.set_options(options, preview.gas_limit)


def _amount(call: DecodedCall) -> str:
    if call.amount is None:
        return ""
    if call.symbol is None:
        return f"{call.amount} base units"
    return f"{full_amount_text(call.amount, call.decimals)} {call.symbol}"


def _router_amount(item: RouterAmount, tokens: dict[str, str]) -> str:
    if item.symbol is None:
        what = "liquidity shares" if item.asset is None else f"base units of {item.asset}"
        return f"{item.value} {what}"
    if item.asset not in (None, "ETH"):
        tokens[str(item.asset)] = item.symbol
    return f"{full_amount_text(item.value, item.decimals)} {item.symbol}"


def describe_router(call: DecodedCall, owner: QWidget) -> str:
    """A Uniswap V2 Router02 call: each amount in its token's units, the path, recipient, deadline."""
    tr, router = owner.tr, call.router
    assert router is not None
    swap = call.kind.startswith("swap")
    words = {
        "amountIn": tr("pays exactly {x}"),
        "amountInMax": tr("pays at most {x}"),
        "amountOut": tr("receives exactly {x}"),
        "amountOutMin": tr("receives at least {x}"),
        "liquidity": tr("returns {x}"),
        "value": tr("sends {x} with it"),
    }
    tokens: dict[str, str] = {}
    parts = []
    for item in router.amounts:
        if item.name in words:
            text = words[item.name]
        elif item.name.endswith("Desired"):
            text = tr("puts in up to {x}")
        else:
            text = tr("puts in at least {x}") if item.flow == "" else tr("receives at least {x}")
        parts.append(text.format(x=_router_amount(item, tokens)))
    path = " → ".join(tokens.get(a, a) for a in router.path)
    deadline = datetime.fromtimestamp(router.deadline, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    what = tr("Uniswap V2 swap") if swap else tr("Uniswap V2 liquidity")
    return tr("{what} ({function}): {amounts}; {path_word} {path}; to {to}; deadline {deadline}.").format(
        what=what,
        function=(call.function or "").split("(")[0],
        amounts=", ".join(parts),
        path_word=tr("path") if swap else tr("pair"),
        path=path,
        to=router.recipient,
        deadline=deadline,
    )


def describe_call(call: DecodedCall, owner: QWidget) -> str:
    """What the transaction does, in a sentence (addresses in full: this is what is signed)."""
    tr = owner.tr
    if call.router is not None:
        return describe_router(call, owner)
    amount = _amount(call)
    if call.kind == "eth_send":
        return tr("Sends {amount} to {to}.").format(amount=amount, to=call.target)
    if call.kind == "transfer":
        return tr("Token transfer: {amount} to {to}.").format(amount=amount, to=call.target)
    if call.kind == "approve":
        if call.unlimited:
            return tr(
                "Approve UNLIMITED {token}: {spender} may take every {token} this account holds, now and "
                "later, until the approval is withdrawn."
            ).format(token=call.symbol or tr("token"), spender=call.target)
        return tr("Approve {spender} to spend up to {amount} of yours.").format(
            spender=call.target, amount=amount
        )
    if call.kind == "transfer_from":
        return tr("transferFrom: {amount} from {source} to {to}.").format(
            amount=amount, source=call.source, to=call.target
        )
    if call.kind == "mint":
        return tr("QXC admin: mint {amount} to {to}.").format(amount=amount, to=call.target)
    if call.kind in ("burn", "burn_from"):
        return tr("Burn {amount}{whose}.").format(
            amount=amount, whose=tr(" of {a}").format(a=call.source) if call.source else ""
        )
    if call.kind in ("pause", "unpause"):
        return tr("QXC admin: {what} every transfer of the token.").format(
            what=tr("pause") if call.kind == "pause" else tr("unpause")
        )
    if call.kind in ("grant_role", "revoke_role", "renounce_role"):
        verb = {"grant_role": tr("grant"), "revoke_role": tr("revoke"), "renounce_role": tr("renounce")}[
            call.kind
        ]
        return tr("QXC admin: {verb} {role} for {account}.").format(
            verb=verb, role=call.role, account=call.target
        )
    return tr(
        "Unknown contract call (selector {selector}) to {contract}: the app cannot say what it does."
    ).format(selector=call.selector, contract=call.contract)


def breakable(text: str) -> str:
    """Long machine text (a decoded revert with addresses) that a label may wrap after , ( and =."""
    for mark in (",", "(", "="):
        text = text.replace(mark, mark + "\u200b")
    return text


def failure_text(preview: SendPreview, owner: QWidget) -> str | None:
    """The send dialog's one line for a preview that would revert (None when it would not)."""
    sim = preview.simulation
    if sim is None or not sim.reverted:
        return None
    return owner.tr("This send would fail: {why} ({reason}).").format(
        why=sim.explanation or owner.tr("the contract refuses it"), reason=breakable(sim.reason or "")
    )


def confirm_title(preview: SendPreview, owner: QWidget) -> str | None:
    """The confirmation's heading when the call is no plain send or token transfer (an approve, an
    admin call, unknown calldata): what it does, never "Send 0 ..."; None for a send."""
    call = preview.call
    if call is None or call.kind in ("eth_send", "transfer"):
        return None
    return "<b>" + html.escape(describe_call(call, owner)) + "</b>"


class PreviewDetails(QWidget):
    """The decoded call, the expected balance changes and the simulation, for the confirm dialog."""

    def __init__(self, preview: SendPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = p = preview
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.does = QLabel(describe_call(p.call, self) if p.call is not None else "")
        self.does.setObjectName("decodedCall")
        self.does.setWordWrap(True)
        self.does.setTextFormat(Qt.TextFormat.PlainText)
        self.does.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        risky = p.call is not None and (p.call.unlimited or p.call.kind == "unknown")
        if risky:
            self.does.setStyleSheet(
                text_style(RED if p.call is not None and p.call.unlimited else AMBER, bold=True)
            )
        if p.call is not None:  # a preview made without the node (an example) has nothing to say here
            form.addRow(self.tr("What it does"), self.does)
        else:
            self.does.hide()
        lines = []
        for change in p.balance_changes:
            sign = "+" if change.delta > 0 else "−"
            if change.symbol is None:
                what = self.tr("{units} base units of {contract}").format(
                    units=abs(change.delta), contract=short_hex(change.asset)
                )
            else:
                what = f"{full_amount_text(abs(change.delta), change.decimals)} {change.symbol}"
            at_most = self.tr(" at most (with the network fee)") if change.asset == "ETH" else ""
            lines.append(f"{sign}{what}{at_most}")
        self.changes = QLabel("\n".join(lines))
        self.changes.setObjectName("balanceChanges")
        self.changes.setTextFormat(Qt.TextFormat.PlainText)
        if lines:
            form.addRow(self.tr("Your balances change by"), self.changes)
        else:
            self.changes.hide()
        self.simulated = QLabel()
        self.simulated.setText(self._simulation_text())
        self.simulated.setObjectName("simulation")
        self.simulated.setWordWrap(True)
        self.simulated.setTextFormat(Qt.TextFormat.PlainText)
        self.simulated.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if p.simulation is not None:
            self.simulated.setStyleSheet(
                text_style(RED if p.simulation.reverted else GREEN, bold=p.simulation.reverted)
            )
        form.addRow(self.tr("Simulated"), self.simulated)

    def _simulation_text(self) -> str:
        sim = self.preview.simulation
        if sim is None:
            return self.tr("not simulated")
        if sim.reverted:
            self.simulated.setToolTip(sim.reason or "")
            return self.tr(
                "This transaction would fail: {why}. It cannot be signed.\nThe contract's reason: {reason}"
            ).format(
                why=sim.explanation or self.tr("the contract refuses it"), reason=breakable(sim.reason or "")
            )
        return self.tr("Runs without error on your node (at the pending block), with exactly what is signed.")

"""The screenshot set's send previews (issue 15): the fee presets, a send refused by its simulation,
and the decoded confirmation of an unlimited approve.

Figures come from the node when it answers (read on a worker, like every core call), else from
example values, so the set renders without a node too. Only ``qenex-desktop --screenshots`` uses
this module.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.dialogs.send import ConfirmSendDialog, SendDialog

if TYPE_CHECKING:
    from qenex_desktop.core.chain.types import SendPreview

GWEI = 10**9
ETHER = 10**18
_SENDER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
_RECIPIENT = "0x8ba1f109551bD432803012645Ac136ddd64DBA72"
_TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
_SPENDER = "0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D"


def plain_preview(
    sender: str,
    recipient: str,
    *,
    amount: int,
    balance: int,
    nonce: int = 0,
    fees: tuple[int, int, int] = (GWEI, GWEI, 3 * GWEI),
) -> SendPreview:
    """An ETH send of ``amount`` wei from an account holding ``balance``, with ``fees`` (base fee,
    tip, fee cap per gas; 1, 1 and 3 gwei) and no presets or simulation."""
    from qenex_desktop.core.chain.types import SendPreview

    base_fee, tip, fee_cap = fees
    gas = 21_000
    max_fee = gas * fee_cap
    return SendPreview(
        network="Local Hardhat",
        chain_id=31337,
        from_address=sender,
        recipient=recipient,
        asset="ETH",
        symbol="ETH",
        decimals=18,
        amount=amount,
        gas_limit=gas,
        base_fee_per_gas=base_fee,
        max_priority_fee_per_gas=tip,
        max_fee_per_gas=fee_cap,
        expected_fee=gas * (base_fee + tip),
        max_fee=max_fee,
        total_eth=amount + max_fee,
        eth_balance=balance,
        eth_balance_after=balance - amount - max_fee,
        asset_balance=balance,
        asset_balance_after=balance - amount - max_fee,
        nonce=nonce,
    )


def example_preview(sender: str = _SENDER, recipient: str = _RECIPIENT) -> SendPreview:
    """A 1.5 ETH send with real-looking presets, simulated fine."""
    from qenex_desktop.core.chain.decode import balance_changes, decode_call
    from qenex_desktop.core.chain.types import FeeOption, FeePresets, Simulation

    base = 875_000_000
    presets = FeePresets(
        base,
        "falling",
        FeeOption("slow", -(-base * 9 // 8) + GWEI // 10, GWEI // 10),
        FeeOption("market", 2 * base + GWEI, GWEI),
        FeeOption("fast", 3 * base + 2 * GWEI, 2 * GWEI),
    )
    market, amount = presets.market, 15 * ETHER // 10
    fees = (base, market.max_priority_fee_per_gas, market.max_fee_per_gas)
    plain = plain_preview(sender, recipient, amount=amount, balance=100 * ETHER, nonce=4, fees=fees)
    call = decode_call(recipient, amount, "0x")
    return replace(
        plain,
        fee_presets=presets,
        to_address=recipient,
        value=amount,
        simulation=Simulation(False),
        call=call,
        balance_changes=balance_changes(call, sender, amount, plain.max_fee),
    )


def _token_call(base: SendPreview, data: str, *, amount: int, reverted: str | None) -> SendPreview:
    from qenex_desktop.core.chain.decode import balance_changes, decode_call
    from qenex_desktop.core.chain.types import Simulation, TokenInfo

    token = TokenInfo(_TOKEN, "QENEX Coin", "QXC", 18, True)
    gas = 62_000
    max_fee = gas * base.max_fee_per_gas
    call = decode_call(_TOKEN, 0, data, token)
    return replace(
        base,
        asset=_TOKEN,
        symbol="QXC",
        amount=amount,
        gas_limit=gas,
        expected_fee=gas * (base.base_fee_per_gas + base.max_priority_fee_per_gas),
        max_fee=max_fee,
        total_eth=max_fee,
        eth_balance_after=base.eth_balance - max_fee,
        asset_balance=1_000 * ETHER,
        asset_balance_after=1_000 * ETHER - amount,
        to_address=_TOKEN,
        value=0,
        data=data,
        simulation=Simulation(reverted is not None, reverted),
        call=call,
        balance_changes=balance_changes(call, base.from_address, 0, max_fee),
    )


def reverting_preview(base: SendPreview) -> SendPreview:
    """5,000 QXC from an account holding 1,000: the node's revert data, decoded as the core does."""
    from eth_abi import encode

    from qenex_desktop.core.chain.decode import encode_call, explain_revert
    from qenex_desktop.core.chain.erc20 import selector
    from qenex_desktop.core.chain.refusals import build_decoder
    from qenex_desktop.core.chain.types import Simulation

    amount, held = 5_000 * ETHER, 1_000 * ETHER
    revert = (
        selector("ERC20InsufficientBalance(address,uint256,uint256)")
        + encode(["address", "uint256", "uint256"], [base.from_address, held, amount]).hex()
    )
    preview = _token_call(base, encode_call("transfer", base.recipient, amount), amount=amount, reverted="")
    assert preview.call is not None
    simulation = Simulation(True, build_decoder().describe(revert), explain_revert(revert, preview.call))
    return replace(preview, simulation=simulation)


def approve_preview(base: SendPreview) -> SendPreview:
    """An approve of 2^256-1 QXC to a router: decoded, the unlimited amount flagged."""
    from qenex_desktop.core.chain.decode import encode_call

    approve = _token_call(base, encode_call("approve", _SPENDER, 2**256 - 1), amount=0, reverted=None)
    return replace(approve, recipient=_SPENDER)


def _live_preview(ctx: GuiContext, sender: str, recipient: str) -> SendPreview | None:
    found: list[SendPreview] = []
    chain = ctx.core.chain
    ctx.ops.run(
        lambda: chain.preview_send(to=recipient, asset="ETH", amount="1.5", from_address=sender),
        name="send preview screenshot",
        on_done=found.append,
        on_error=lambda _error: None,
        quiet=True,
    )
    ctx.ops.wait_idle(30)
    return found[0] if found else None


def send_preview_dialogs(ctx: GuiContext, window: QWidget) -> list[tuple[str, QDialog]]:
    """dialog-send-fees (the presets, each with the most it can cost), dialog-send-reverts (a send
    its simulation refuses: the reason shown, Sign disabled) and dialog-send-preview-approve."""
    snapshot = getattr(getattr(window, "tabs", {}).get("wallet"), "snapshot", None)
    accounts = snapshot.accounts if snapshot is not None else []
    sender = accounts[0].address if accounts else _SENDER
    recipient = accounts[-1].address if len(accounts) > 1 else _RECIPIENT
    base = (_live_preview(ctx, sender, recipient) if accounts else None) or example_preview(sender, recipient)
    shots: list[tuple[str, QDialog]] = []
    if snapshot is not None and accounts:
        send = SendDialog(ctx, snapshot, window)
        send.to.setText(recipient)
        send.amount.setText("1.5")
        send._show_preview(base)
        send._preview_timer.stop()
        send.fee_picker.setFocus()
        shots.append(("dialog-send-fees", send))
    shots.append(("dialog-send-reverts", ConfirmSendDialog(ctx, reverting_preview(base), window)))
    shots.append(("dialog-send-preview-approve", ConfirmSendDialog(ctx, approve_preview(base), window)))
    return shots

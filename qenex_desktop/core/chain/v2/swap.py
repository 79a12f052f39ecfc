"""On-chain swaps through the network's Router02, in two tracked transactions like sends:

1. ``approve(router, amount)`` of the token sold, only when its allowance is short: the exact amount
   the swap may take by default (unlimited only when asked: ``unlimited_approval``), waited for;
2. the router's swap with ``amountOutMin`` (or ``amountInMax``) from the slippage and a deadline
   read from the chain's clock (the latest block's timestamp); ETH in or out goes through the
   router's ETH functions (the pools hold WETH).

``prepare`` quotes and plans without signing; ``approve`` and ``submit`` sign one step each (the GUI
shows them as two steps); ``execute`` runs all three. A deadline that has passed is refused before
anything is signed; a swap the router would refuse now (its gas estimate reverts) is refused with
the router's reason and nothing is sent; one that fails when mined is recorded failed with it
(``INSUFFICIENT_OUTPUT_AMOUNT``, ``EXPIRED``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from eth_utils import keccak

from qenex_desktop.core.chain.gateway import Live
from qenex_desktop.core.chain.signer import TxRequest
from qenex_desktop.core.chain.types import ETH, ETH_DECIMALS, TxInfo
from qenex_desktop.core.chain.v2 import abi
from qenex_desktop.core.chain.v2.deployment import call
from qenex_desktop.core.chain.v2.venue import ChainQuote, V2Venue
from qenex_desktop.core.errors import ChainError, InsufficientFundsError, ValidationError
from qenex_desktop.core.validation import format_amount

UNLIMITED = 2**256 - 1
SWAP_TOPIC = "0x" + keccak(text="Swap(address,uint256,uint256,uint256,uint256,address)").hex()
MAX_DEADLINE_S = 86_400


@dataclass(frozen=True)
class SwapPlan:
    """A quoted swap, ready to sign: who, the router call, the deadline, the approval it needs."""

    quote: ChainQuote
    sender: str
    #: Unix seconds (the chain's clock): the router refuses the swap in a block after it (EXPIRED).
    deadline: int
    #: The allowance the approve step gives the router (0: the allowance suffices, no approve).
    approve_amount: int
    call_data: str
    value: int

    @property
    def unlimited(self) -> bool:
        return self.approve_amount == UNLIMITED


@dataclass(frozen=True)
class SwapOutcome:
    plan: SwapPlan
    approval: TxInfo | None
    swap: TxInfo
    #: What the sender received, read from the last pool's Swap event (None unless confirmed).
    received: int | None


def swap_call(quote: ChainQuote, recipient: str, deadline: int) -> tuple[str, int]:
    """(call data, ETH value) of the router function for this quote's kind and ETH ends."""
    route, path = quote.route, list(quote.route.path)
    tail = (path, recipient, deadline)
    if quote.kind == "exact_in":
        if quote.side_in.is_eth:
            return abi.encode_call("router", "swapExactETHForTokens", quote.limit, *tail), route.amount_in
        name = "swapExactTokensForETH" if quote.side_out.is_eth else "swapExactTokensForTokens"
        return abi.encode_call("router", name, route.amount_in, quote.limit, *tail), 0
    if quote.side_in.is_eth:
        return abi.encode_call("router", "swapETHForExactTokens", route.amount_out, *tail), quote.limit
    name = "swapTokensForExactETH" if quote.side_out.is_eth else "swapTokensForExactTokens"
    return abi.encode_call("router", name, route.amount_out, quote.limit, *tail), 0


class V2Swaps:
    def __init__(self, venue: V2Venue) -> None:
        self.venue = venue
        self.chain = venue.chain

    # -- planning ------------------------------------------------------------------------------------

    def prepare(
        self,
        token_in: str,
        token_out: str,
        *,
        amount_in: str | int | None = None,
        amount_out: str | int | None = None,
        slippage_bps: int,
        deadline_s: int = 1200,
        from_address: str | None = None,
        unlimited_approval: bool = False,
    ) -> SwapPlan:
        if isinstance(deadline_s, bool) or not 0 < deadline_s <= MAX_DEADLINE_S:
            raise ValidationError("The deadline is 1 to 86,400 seconds from now.", field="deadline")
        active = self.chain.auth.require_session()
        live = self.chain.live()
        sender = self.chain.signer.sender(active, from_address)
        quote = self.venue.quote_on(
            live, token_in, token_out, amount_in=amount_in, amount_out=amount_out, slippage_bps=slippage_bps
        )
        self._check_balance(live, quote, sender)
        deadline = chain_time(live) + deadline_s
        data, value = swap_call(quote, sender, deadline)
        approve = 0
        if not quote.side_in.is_eth and self.allowance(live, quote, sender) < quote.most_paid:
            approve = UNLIMITED if unlimited_approval else quote.most_paid
        return SwapPlan(quote, sender, deadline, approve, data, value)

    def allowance(self, live: Live, quote: ChainQuote, owner: str) -> int:
        token, router = quote.side_in.address, quote.deployment.router
        return int(call(live.client, token, "erc20", "allowance", owner, router)[0])

    def _check_balance(self, live: Live, quote: ChainQuote, sender: str) -> None:
        side = quote.side_in
        have = (
            live.client.balance(sender)
            if side.is_eth
            else self.chain.assets.token_balance(live, side.address, sender)
        )
        if have < quote.most_paid:
            raise InsufficientFundsError(
                f"{sender} holds {format_amount(have, side.decimals)} {side.symbol}; this swap may take "
                f"{format_amount(quote.most_paid, side.decimals)}.",
                field="amount_in",
            )

    # -- signing -------------------------------------------------------------------------------------

    def approve(self, plan: SwapPlan, *, password: str | None = None) -> TxInfo | None:
        """Step 1: approve the router for the plan's amount (nothing when none is needed); waited for."""
        if plan.approve_amount == 0:
            return None
        side = plan.quote.side_in
        return self.approve_token(
            plan.sender, side.address, side.symbol, side.decimals, plan.quote.deployment.router,
            plan.approve_amount, password=password,
        )  # fmt: skip

    def approve_token(
        self,
        sender: str,
        token: str,
        symbol: str,
        decimals: int,
        spender: str,
        amount: int,
        *,
        password: str | None = None,
    ) -> TxInfo:
        """``approve(spender, amount)`` of ``token`` from ``sender``, tracked, waited for until it
        confirmed (else ChainError: what needed it is not sent)."""
        active = self.chain.signer.unlock(password)
        live = self.chain.live()
        data = abi.encode_call("erc20", "approve", spender, amount)
        request = self.request(
            live, sender, token, 0, data, kind="approve", asset=token, symbol=symbol,
            decimals=decimals, recipient=spender, amount=amount,
        )  # fmt: skip
        sent = self.chain.signer.send(live, active, request)
        self.chain.tracker.follow(live, sent)
        settled = self.settled(live, sent.row_id, wait=True)
        if settled.status != "confirmed":
            reason = f": {settled.revert_reason}" if settled.revert_reason else ""
            raise ChainError(
                f"The approval {settled.tx_hash} is {settled.status}{reason}; what needed it was not sent."
            )
        return settled

    def submit(self, plan: SwapPlan, *, password: str | None = None, wait: bool = True) -> TxInfo:
        """Step 2: the router's swap. Refused before signing when the deadline has passed, the
        approval is short, or the router would refuse it now (its reason given)."""
        active = self.chain.signer.unlock(password)
        live = self.chain.live()
        now = chain_time(live)
        if plan.deadline <= now:
            raise ValidationError(
                f"The swap's deadline passed {now - plan.deadline + 1} s ago (chain time); quote it "
                "again. Nothing was signed.",
                field="deadline",
            )
        quote = plan.quote
        if not quote.side_in.is_eth and self.allowance(live, quote, plan.sender) < quote.most_paid:
            raise ValidationError(
                "The router's allowance is short of this swap: approve first. Nothing was signed.",
                field="amount_in",
            )
        side = quote.side_in
        request = self.request(
            live,
            plan.sender,
            quote.deployment.router,
            plan.value,
            plan.call_data,
            kind="swap",
            asset=side.asset,
            symbol=side.symbol,
            decimals=side.decimals,
            recipient=plan.sender,
            amount=quote.most_paid,
        )
        if live.client.balance(plan.sender) < plan.value + request.gas_limit * request.max_fee_per_gas:
            raise InsufficientFundsError(
                f"{plan.sender} has not enough ETH for this swap and its network fee.", field="amount_in"
            )
        sent = self.chain.signer.send(live, active, request)
        self.chain.tracker.follow(live, sent)
        return self.settled(live, sent.row_id, wait=wait)

    def execute(self, plan: SwapPlan, *, password: str | None = None, wait: bool = True) -> SwapOutcome:
        approval = self.approve(plan, password=password)
        swap = self.submit(plan, password=password, wait=wait)
        return SwapOutcome(plan, approval, swap, self.received(plan, swap))

    def received(self, plan: SwapPlan, swap: TxInfo) -> int | None:
        """The output the last pool paid (its Swap event in the receipt), when the swap confirmed."""
        if swap.status != "confirmed":
            return None
        live = self.chain.live()
        receipt = live.client.receipt(swap.tx_hash) or {}
        last = plan.quote.route.pairs[-1]
        out_is_token0 = plan.quote.route.path[-1] == last.token0
        for log in reversed(list(receipt.get("logs") or [])):
            topics = [str(t).lower() for t in log.get("topics") or []]
            if str(log.get("address", "")).lower() == last.pair.lower() and topics[:1] == [SWAP_TOPIC]:
                data = bytes.fromhex(str(log["data"]).removeprefix("0x"))
                words = [int.from_bytes(data[i : i + 32], "big") for i in range(0, 128, 32)]
                return words[2] if out_is_token0 else words[3]
        return None

    # -- helpers -------------------------------------------------------------------------------------

    def request(self, live: Live, sender: str, to: str, value: int, data: str, **row: Any) -> TxRequest:
        signer = self.chain.signer
        tx = {"from": sender, "to": to, "value": hex(value), "data": data}
        gas = signer.with_margin(signer.estimate(live, tx))
        fees = signer.fees(live)
        return TxRequest(
            sender=sender,
            to=to,
            value=value,
            data=data,
            gas_limit=gas,
            max_fee_per_gas=fees.max_fee_per_gas,
            max_priority_fee_per_gas=fees.max_priority_fee_per_gas,
            **row,
        )

    def settled(self, live: Live, row_id: int, *, wait: bool) -> TxInfo:
        """The transaction's state now, or (``wait``) once it settled, bounded by receipt_wait_s."""
        deadline = time.monotonic() + self.chain.settings.receipt_wait_s
        while True:
            info = self.chain.tracker.settle_one(live, row_id)
            if not wait or info.status != "pending" or time.monotonic() >= deadline:
                return info
            time.sleep(0.2)


def chain_time(live: Live) -> int:
    """The latest block's timestamp: the clock the router's deadline is checked against."""
    return int(str(live.client.get_block("latest")["timestamp"]), 0)


__all__ = ["ETH", "ETH_DECIMALS", "SwapOutcome", "SwapPlan", "V2Swaps", "swap_call"]

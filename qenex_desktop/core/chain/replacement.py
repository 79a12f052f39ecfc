"""What a speed-up or a cancel of a pending transaction signs: pure functions over its row.

A replacement takes the pending row's nonce and outbids it: the tip and the max fee are today's
quote, and at least ``bump`` % above the row's own (a node refuses a replacement that is not), and
the max fee covers two base fees plus the tip. A speed-up sends the same call again; a cancel sends
0 ETH to oneself with a plain transfer's 21,000 gas.

``preview`` answers what the review dialog shows before anything is signed, and ``request`` builds
the transaction from the fees the person saw (``ReplacementFees``), so what is signed is exactly
what was shown, never a second quote that may differ. The preview also offers the same choice as a
send (issue 15): slow, market and fast from the fee presets, each raised to outbid the row, and the
least a custom fee must reach (``minimum``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from qenex_desktop.core.chain.fees import FeeQuote, bumped
from qenex_desktop.core.chain.signer import TxRequest
from qenex_desktop.core.chain.types import ETH, ETH_DECIMALS, FeePresets
from qenex_desktop.core.db.models import ChainTransaction
from qenex_desktop.core.errors import ValidationError

#: A cancel is a plain ETH transfer (to oneself): its gas is fixed.
CANCEL_GAS = 21_000


@dataclass(frozen=True)
class ReplacementFees:
    """The fees a replacement signs with (wei per gas)."""

    max_fee_per_gas: int
    max_priority_fee_per_gas: int


@dataclass(frozen=True)
class ReplacementPreview:
    """A speed-up or cancel before it is signed: the old transaction's fees and the new ones (wei)."""

    tx_hash: str
    cancel: bool
    network: str
    #: The pending transaction's kind ("send_eth", "send_token", "deploy", ...), what it moves.
    kind: str
    from_address: str
    recipient: str | None
    symbol: str
    decimals: int
    amount: int
    nonce: int
    old_gas_limit: int
    old_max_fee_per_gas: int
    old_max_priority_fee_per_gas: int
    gas_limit: int
    #: The next block's base fee now (the fees are quoted from it).
    base_fee_per_gas: int
    fees: ReplacementFees
    #: ETH the replacement itself sends (0 for a cancel), on top of the fee.
    value: int
    #: The sender's ETH now.
    balance: int
    #: Slow, market and fast, each outbidding the pending transaction; ``fees`` is market's.
    choices: tuple[tuple[str, ReplacementFees], ...] = ()
    #: The least fees that outbid the pending transaction (what a custom setting must reach).
    minimum: ReplacementFees | None = None
    #: Which choice ``fees`` is ("market" unless the person chose another, or "custom").
    speed: str = "market"

    def choose(self, speed: str, fees: ReplacementFees | None = None) -> ReplacementPreview:
        """This preview with another choice: a preset by name, or "custom" with ``fees``."""
        chosen = dict(self.choices).get(speed) if fees is None else fees
        if chosen is None:
            raise ValidationError(f"No fee choice {speed!r} for this replacement.", field="fee")
        return replace(self, fees=chosen, speed=speed)

    @property
    def max_fee_per_gas(self) -> int:
        return self.fees.max_fee_per_gas

    @property
    def max_priority_fee_per_gas(self) -> int:
        return self.fees.max_priority_fee_per_gas

    @property
    def old_max_cost(self) -> int:
        """The most the pending transaction's fee can be: its gas limit × its max fee."""
        return self.old_gas_limit * self.old_max_fee_per_gas

    @property
    def max_cost(self) -> int:
        """The most the replacement's fee can be: its gas limit × its max fee."""
        return self.gas_limit * self.fees.max_fee_per_gas

    @property
    def affordable(self) -> bool:
        return self.balance >= self.max_cost + self.value


def outbid(row: ChainTransaction, quote: FeeQuote, bump: int) -> ReplacementFees:
    """Today's fees, at least ``bump`` % above the row's own, and a max fee of at least 2 × base + tip."""
    tip = max(quote.max_priority_fee_per_gas, bumped(row.max_priority_fee_per_gas, bump))
    max_fee = max(quote.max_fee_per_gas, bumped(row.max_fee_per_gas, bump), 2 * quote.base_fee_per_gas + tip)
    return ReplacementFees(max_fee, tip)


def check_outbids(row: ChainTransaction, fees: ReplacementFees, bump: int) -> None:
    """Fees the person confirmed must still outbid the row by ``bump`` % (else the node refuses them)."""
    if (
        fees.max_priority_fee_per_gas < bumped(row.max_priority_fee_per_gas, bump)
        or fees.max_fee_per_gas < bumped(row.max_fee_per_gas, bump)
        or fees.max_fee_per_gas < fees.max_priority_fee_per_gas
    ):
        raise ValidationError(
            f"These fees do not outbid the pending transaction by {bump} %: review it again.", field="fee"
        )


def minimum(row: ChainTransaction, bump: int) -> ReplacementFees:
    """The least a replacement of ``row`` may offer: both fees ``bump`` % above its own."""
    tip = bumped(row.max_priority_fee_per_gas, bump)
    return ReplacementFees(max(bumped(row.max_fee_per_gas, bump), tip), tip)


#: Each faster choice offers at least this much more than the one before it, in both fees.
CHOICE_STEP_PERCENT = 10


def spread(choices: tuple[tuple[str, ReplacementFees], ...]) -> tuple[tuple[str, ReplacementFees], ...]:
    """Slow, market and fast apart: when the pending transaction's own fees, outbid, are above
    every preset (or the presets are one tip, as on a quiet chain), all three came out the same
    and choosing "fast" bought nothing."""
    result: list[tuple[str, ReplacementFees]] = []
    for speed, fees in choices:
        if result:
            before = result[-1][1]
            tip = max(
                fees.max_priority_fee_per_gas, bumped(before.max_priority_fee_per_gas, CHOICE_STEP_PERCENT)
            )
            cap = max(fees.max_fee_per_gas, bumped(before.max_fee_per_gas, CHOICE_STEP_PERCENT), tip)
            fees = ReplacementFees(cap, tip)
        result.append((speed, fees))
    return tuple(result)


def preview(
    row: ChainTransaction,
    quote: FeeQuote,
    bump: int,
    *,
    cancel: bool,
    network: str,
    balance: int,
    presets: FeePresets | None = None,
) -> ReplacementPreview:
    """What ``request(row, outbid(row, quote, bump), cancel)`` would sign, for a person to review;
    with ``presets``, slow / market / fast raised to outbid the row are offered beside it."""
    fees = outbid(row, quote, bump)
    base = presets.base_fee_per_gas if presets is not None else 0
    choices = spread(
        tuple(
            (o.speed, outbid(row, FeeQuote(base, o.max_priority_fee_per_gas, o.max_fee_per_gas), bump))
            for o in (presets.options if presets is not None else ())
        )
    )
    fees = dict(choices).get("market", fees)
    signed = request(row, fees, cancel=cancel)
    return ReplacementPreview(
        tx_hash=row.tx_hash,
        cancel=cancel,
        network=network,
        kind=row.kind,
        from_address=row.from_address,
        recipient=row.recipient or row.to_address,
        symbol=row.asset_symbol,
        decimals=row.asset_decimals,
        amount=row.amount,
        nonce=row.nonce,
        old_gas_limit=row.gas_limit,
        old_max_fee_per_gas=row.max_fee_per_gas,
        old_max_priority_fee_per_gas=row.max_priority_fee_per_gas,
        gas_limit=signed.gas_limit,
        base_fee_per_gas=quote.base_fee_per_gas,
        fees=fees,
        value=signed.value,
        balance=balance,
        choices=choices,
        minimum=minimum(row, bump),
    )


def request(row: ChainTransaction, fees: ReplacementFees, *, cancel: bool) -> TxRequest:
    """The request that replaces ``row`` (same nonce) with ``fees``: the same call, or 0 ETH to oneself."""
    if cancel:
        return TxRequest(
            sender=row.from_address,
            to=row.from_address,
            value=0,
            data="0x",
            gas_limit=CANCEL_GAS,
            max_fee_per_gas=fees.max_fee_per_gas,
            max_priority_fee_per_gas=fees.max_priority_fee_per_gas,
            kind="cancel",
            asset=ETH,
            symbol=ETH,
            decimals=ETH_DECIMALS,
            recipient=row.from_address,
            amount=0,
            nonce=row.nonce,
            replaces_id=row.id,
        )
    return TxRequest(
        sender=row.from_address,
        to=row.to_address,
        value=row.value,
        data=row.data,
        gas_limit=row.gas_limit,
        max_fee_per_gas=fees.max_fee_per_gas,
        max_priority_fee_per_gas=fees.max_priority_fee_per_gas,
        kind=row.kind,
        asset=row.asset,
        symbol=row.asset_symbol,
        decimals=row.asset_decimals,
        recipient=row.recipient,
        amount=row.amount,
        nonce=row.nonce,
        replaces_id=row.id,
    )

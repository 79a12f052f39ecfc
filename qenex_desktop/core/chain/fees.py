"""EIP-1559 fees from ``eth_feeHistory`` (integers of wei only).

The next block's base fee is the last entry of ``baseFeePerGas``. The tip is the median of the
recent blocks' reward at the chosen percentile (empty blocks pay none, so they are skipped).
``maxFeePerGas = 2 * baseFee + tip`` survives six full blocks in a row of the 12.5% base-fee rise
(EIP-1559's maximum change per block), the usual wallet heuristic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qenex_desktop.core.chain.client import ChainClient, to_int
from qenex_desktop.core.chain.settings import ChainSettings


@dataclass(frozen=True)
class FeeQuote:
    base_fee_per_gas: int
    max_priority_fee_per_gas: int
    max_fee_per_gas: int


def quote_fees(history: dict[str, Any], *, default_tip: int) -> FeeQuote:
    base_fees = [to_int(value) for value in history.get("baseFeePerGas") or []]
    next_base = base_fees[-1] if base_fees else 0
    rewards = sorted(to_int(row[0]) for row in (history.get("reward") or []) if row and to_int(row[0]) > 0)
    tip = rewards[len(rewards) // 2] if rewards else default_tip
    return FeeQuote(next_base, tip, 2 * next_base + tip)


def live_quote(client: ChainClient, settings: ChainSettings) -> FeeQuote:
    """The quote for the node's recent blocks, with the settings' block count, percentile and tip."""
    history = client.fee_history(settings.fee_history_blocks, settings.fee_reward_percentile)
    return quote_fees(history, default_tip=settings.default_priority_fee)


def bumped(old: int, percent: int) -> int:
    """``old`` raised by ``percent``, rounded up, and at least one wei more."""
    return max(old + 1, -(-old * (100 + percent) // 100))

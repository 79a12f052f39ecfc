"""EIP-1559 fees from ``eth_feeHistory`` (integers of wei only).

The next block's base fee is the last entry of ``baseFeePerGas``. The tip is the median of the
recent blocks' reward at the chosen percentile (empty blocks pay none, so they are skipped).
``maxFeePerGas = 2 * baseFee + tip`` survives six full blocks in a row of the 12.5% base-fee rise
(EIP-1559's maximum change per block), the usual wallet heuristic.

Presets a person chooses from (``presets_from``): one ``eth_feeHistory`` with the 10th, 50th and
90th reward percentiles of each recent block gives the tips over the blocks that paid any: slow the
low end (10th percentile) of the blocks' 10th-percentile rewards, market the median of their
medians, fast the high end (90th percentile) of their 90th, so a spread inside blocks and one
between blocks both show; each never below the slower one's. The max fee leaves the next base fee
room for its rise: slow 1.25 x (1.125 x when the base fee is falling over the blocks read, 1.5 x
when rising), market 2 x (the heuristic above), fast 3 x. A custom setting is the person's own
max fee and tip, in gwei, read by ``validation.parse_amount`` (the one amount parser).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qenex_desktop.core.chain.client import ChainClient, to_int
from qenex_desktop.core.chain.settings import ChainSettings
from qenex_desktop.core.chain.types import FeeOption, FeePresets
from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.validation import format_amount, parse_amount

SPEEDS = ("slow", "market", "fast")
CUSTOM = "custom"
#: eth_feeHistory reward percentiles of slow, market and fast.
PRESET_PERCENTILES = (10, 50, 90)
#: The max fee's room over the next base fee, in eighths (a full block raises it by one eighth).
_HEADROOM_EIGHTHS = {
    "slow": {"falling": 9, "steady": 10, "rising": 12},
    "market": {"falling": 16, "steady": 16, "rising": 16},
    "fast": {"falling": 24, "steady": 24, "rising": 24},
}
GWEI_DECIMALS = 9


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


def trend(base_fees: list[int]) -> str:
    """ "rising", "falling" or "steady": the next base fee against the oldest one read."""
    if len(base_fees) < 2 or base_fees[-1] == base_fees[0]:
        return "steady"
    return "rising" if base_fees[-1] > base_fees[0] else "falling"


def _tip_at(history: dict[str, Any], index: int, percentile: int, default_tip: int) -> int:
    """The ``percentile`` of the blocks' rewards at ``index`` (blocks that paid none are skipped)."""
    tips = sorted(
        to_int(row[index])
        for row in (history.get("reward") or [])
        if len(row) > index and to_int(row[index]) > 0
    )
    return tips[min(len(tips) - 1, len(tips) * percentile // 100)] if tips else default_tip


def presets_from(history: dict[str, Any], *, default_tip: int) -> FeePresets:
    """Slow, market and fast from one eth_feeHistory read with ``PRESET_PERCENTILES``."""
    base_fees = [to_int(value) for value in history.get("baseFeePerGas") or []]
    base = base_fees[-1] if base_fees else 0
    direction = trend(base_fees)
    options: list[FeeOption] = []
    floor = 0
    for index, speed in enumerate(SPEEDS):
        tip = max(floor, _tip_at(history, index, PRESET_PERCENTILES[index], default_tip))
        floor = tip
        room = -(-base * _HEADROOM_EIGHTHS[speed][direction] // 8)
        options.append(FeeOption(speed, room + tip, tip))
    return FeePresets(base, direction, *options)


def live_presets(client: ChainClient, settings: ChainSettings) -> FeePresets:
    """The presets for the node's recent blocks (the settings' block count and default tip)."""
    history = client.fee_history(settings.fee_history_blocks, list(PRESET_PERCENTILES))
    return presets_from(history, default_tip=settings.default_priority_fee)


@dataclass(frozen=True)
class FeeChoice:
    """What a person chose: a preset by name, or "custom" with their own fees (wei per gas)."""

    speed: str = "market"
    max_fee_per_gas: int | None = None
    max_priority_fee_per_gas: int | None = None

    @classmethod
    def exact(cls, max_fee_per_gas: int, max_priority_fee_per_gas: int) -> FeeChoice:
        """These very fees (what a reviewed preview showed), signed as they are."""
        return cls(CUSTOM, max_fee_per_gas, max_priority_fee_per_gas)


def parse_fee_choice(
    speed: str | None = None, max_fee_gwei: str | None = None, priority_fee_gwei: str | None = None
) -> FeeChoice:
    """A preset's name, or both custom fees in gwei (``--max-fee-gwei`` and ``--priority-fee-gwei``)."""
    custom = max_fee_gwei is not None or priority_fee_gwei is not None
    if custom and speed not in (None, CUSTOM):
        raise ValidationError("Choose a fee preset or your own fees, not both.", field="fee")
    if not custom:
        name = (speed or "market").strip().lower()
        if name not in SPEEDS:
            raise ValidationError(
                "The fee is slow, market or fast (or your own max and priority fee).", field="fee"
            )
        return FeeChoice(name)
    if max_fee_gwei is None or priority_fee_gwei is None:
        raise ValidationError(
            "Your own fee needs both the max fee and the priority fee (tip), in gwei.",
            field="max_fee" if max_fee_gwei is None else "priority_fee",
        )
    max_fee = parse_amount(max_fee_gwei, GWEI_DECIMALS, symbol="gwei", field="max_fee")
    tip = parse_amount(priority_fee_gwei, GWEI_DECIMALS, symbol="gwei", field="priority_fee", allow_zero=True)
    return FeeChoice.exact(max_fee, tip)


def choose(presets: FeePresets, choice: FeeChoice | None) -> FeeOption:
    """The fees ``choice`` names; custom fees must leave room for the next base fee and hold the tip."""
    if choice is None or choice.speed != CUSTOM:
        wanted = choice.speed if choice is not None else "market"
        for option in presets.options:
            if option.speed == wanted:
                return option
        raise ValidationError(
            "The fee is slow, market or fast (or your own max and priority fee).", field="fee"
        )
    max_fee, tip = choice.max_fee_per_gas or 0, choice.max_priority_fee_per_gas or 0
    if tip > max_fee:
        raise ValidationError("The priority fee (tip) cannot be above the max fee.", field="priority_fee")
    if max_fee < presets.base_fee_per_gas:
        raise ValidationError(
            f"The max fee is below the next block's base fee "
            f"({format_amount(presets.base_fee_per_gas, GWEI_DECIMALS)} gwei): it could not be mined now.",
            field="max_fee",
        )
    return FeeOption(CUSTOM, max_fee, tip)

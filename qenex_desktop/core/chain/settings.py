"""Tunables of the chain layer in one place (timeouts, retries, fee policy, scan sizes)."""

from __future__ import annotations

from dataclasses import dataclass

GWEI = 10**9


@dataclass(frozen=True)
class ChainSettings:
    #: Seconds one JSON-RPC request may take before it counts as a failure.
    request_timeout_s: float = 10.0
    #: The health probe must be cheap: a short timeout and no retries.
    probe_timeout_s: float = 2.0
    #: Attempts for a request that fails to connect or times out (back-off doubles each time).
    attempts: int = 4
    backoff_initial_s: float = 0.25
    backoff_max_s: float = 4.0
    #: eth_feeHistory: how many recent blocks and which reward percentile set the tip.
    fee_history_blocks: int = 5
    fee_reward_percentile: int = 50
    #: Tip when recent blocks paid none (empty blocks on a local chain).
    default_priority_fee: int = 1 * GWEI
    #: Gas limit = estimate * (100 + margin) / 100 for contract calls (state can shift before mining).
    contract_gas_margin_percent: int = 20
    #: A replacement must outbid the original (geth and Hardhat want at least +10%).
    replacement_bump_percent: int = 15
    #: Re-broadcasts of a transaction the node forgot, before it is called dropped.
    rebroadcast_attempts: int = 3
    #: ... and only when the node has not known it for this long since it was signed (seconds).
    forget_after_s: float = 120.0
    #: Blocks per eth_getLogs request when scanning history.
    log_range_blocks: int = 2_000
    #: How long deploy and faucet wait for their receipt.
    receipt_wait_s: float = 60.0

"""What ``qenex chain send`` adds to its preview (issue 15): the fee setting chosen from the presets
(``--fee slow|market|fast``, or ``--max-fee-gwei`` with ``--priority-fee-gwei``), what the call
does (decoded), the sender's expected balance changes, and the simulation at the pending block.

A send whose simulation reverts exits 1 with the decoded reason, preview or ``--yes``: nothing is
signed.
"""

from __future__ import annotations

import argparse
from typing import Any

from qenex_desktop.cli.formatting import terminal_safe
from qenex_desktop.core.chain.fees import SPEEDS, FeeChoice, parse_fee_choice
from qenex_desktop.core.chain.types import ETH_DECIMALS, DecodedCall, SendPreview
from qenex_desktop.core.errors import TransactionRevertedError
from qenex_desktop.core.validation import format_amount

GWEI_DECIMALS = 9


def add_fee_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fee", choices=SPEEDS, help="fee preset from the node's recent blocks (default: market)"
    )
    parser.add_argument("--max-fee-gwei", help="your own max fee per gas, in gwei (with --priority-fee-gwei)")
    parser.add_argument("--priority-fee-gwei", help="your own priority fee (tip) per gas, in gwei")


def fee_choice(args: argparse.Namespace) -> FeeChoice:
    return parse_fee_choice(args.fee, args.max_fee_gwei, args.priority_fee_gwei)


def refuse_reverting(preview: SendPreview) -> None:
    """Exit 1 (a refusal) with the decoded reason when the simulation reverts; nothing is signed."""
    sim = preview.simulation
    if sim is not None and sim.reverted:
        why = f" ({sim.explanation})" if sim.explanation else ""
        raise TransactionRevertedError(
            f"This send would fail: {sim.reason}{why}. Nothing was signed.", field="amount"
        )


def _units(units: int, decimals: int, symbol: str | None) -> str:
    return f"{format_amount(units, decimals)} {symbol}" if symbol else f"{units} base units"


def describe(call: DecodedCall) -> str:
    """What the call does, in one line of plain words."""
    amount = "" if call.amount is None else _units(call.amount, call.decimals, call.symbol)
    if call.kind == "unknown":
        return f"unknown contract call (selector {call.selector}) to {call.contract}"
    if call.kind == "eth_send":
        return f"send {amount} to {call.target}"
    if call.kind == "approve":
        allowed = f"UNLIMITED {call.symbol or 'tokens'}" if call.unlimited else amount
        return f"approve {call.target} to spend {allowed} of yours"
    if call.kind == "transfer_from":
        return f"transferFrom {call.source} to {call.target}: {amount}"
    if call.kind in ("grant_role", "revoke_role", "renounce_role"):
        return f"{call.function}: {call.role} for {call.target}"
    words = {"transfer": f"transfer {amount} to {call.target}", "mint": f"mint {amount} to {call.target}"}
    return words.get(call.kind, f"{call.function} {amount}".strip())


def extra_json(preview: SendPreview) -> dict[str, Any]:
    presets = preview.fee_presets
    call = preview.call
    return {
        "fee": preview.fee_speed,
        "fee_presets": [
            {
                "speed": o.speed,
                "max_fee_per_gas": str(o.max_fee_per_gas),
                "max_priority_fee_per_gas": str(o.max_priority_fee_per_gas),
                "max_cost": format_amount(o.max_cost(preview.gas_limit), ETH_DECIMALS),
            }
            for o in (presets.options if presets else ())
        ],
        "base_fee_trend": presets.trend if presets else None,
        "call": None
        if call is None
        else {
            "kind": call.kind,
            "function": call.function,
            "selector": call.selector,
            "amount_units": None if call.amount is None else str(call.amount),
            "target": call.target,
            "source": call.source,
            "role": call.role,
            "unlimited": call.unlimited,
            "text": describe(call),
        },
        "balance_changes": [
            {"asset": c.asset, "symbol": c.symbol, "delta_units": str(c.delta)}
            for c in preview.balance_changes
        ],
        "simulation": None
        if preview.simulation is None
        else {
            "reverted": preview.simulation.reverted,
            "reason": preview.simulation.reason,
            "explanation": preview.simulation.explanation,
        },
    }


def extra_lines(preview: SendPreview) -> list[str]:
    max_fee = format_amount(preview.max_fee_per_gas, GWEI_DECIMALS)
    tip = format_amount(preview.max_priority_fee_per_gas, GWEI_DECIMALS)
    lines = [f"  fee           {preview.fee_speed}: max {max_fee} gwei, tip {tip} gwei per gas"]
    if preview.fee_presets is not None:
        lines.append(
            "  presets       "
            + ", ".join(
                f"{o.speed} at most {format_amount(o.max_cost(preview.gas_limit), ETH_DECIMALS)} ETH"
                for o in preview.fee_presets.options
            )
            + f" (base fee {preview.fee_presets.trend})"
        )
    if preview.call is not None:
        lines.append(f"  does          {terminal_safe(describe(preview.call), multiline=False)}")
    for change in preview.balance_changes:
        sign = "+" if change.delta > 0 else "-"
        what = _units(abs(change.delta), change.decimals, change.symbol)
        lines.append(f"  change        {sign}{terminal_safe(what, multiline=False)}")
    if preview.simulation is not None:
        verdict = (
            "would REVERT: " + str(preview.simulation.reason) if preview.simulation.reverted else "succeeds"
        )
        lines.append(f"  simulated     {terminal_safe(verdict, multiline=False)} (eth_call at pending)")
    return lines

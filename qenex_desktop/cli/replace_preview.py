"""``qenex chain tx speed-up|cancel HASH``: the replacement's review, then (with ``--yes``) the
signature, like ``chain send``: nothing is signed on one command without seeing what it costs.

The review is ``ChainService.preview_replacement``: the pending transaction's fees and the new ones
(slow, market or fast, each outbidding it), the most the replacement's fee can be, and the ETH the
sender holds. With ``--yes`` it signs with exactly the fees shown for the chosen ``--speed``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from qenex_desktop.cli.context import CliContext, CommandResult
from qenex_desktop.cli.send_preview import GWEI_DECIMALS
from qenex_desktop.core.chain.fees import SPEEDS
from qenex_desktop.core.chain.replacement import ReplacementPreview
from qenex_desktop.core.chain.types import ETH_DECIMALS, TxInfo
from qenex_desktop.core.errors import InsufficientFundsError
from qenex_desktop.core.validation import format_amount


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("hash")
    parser.add_argument(
        "--speed", choices=SPEEDS, default="market", help="the new fees (each outbids the pending one)"
    )
    parser.add_argument("--yes", action="store_true", help="sign and send it (else only show the review)")
    parser.add_argument("--password-stdin", action="store_true")


def preview_json(p: ReplacementPreview) -> dict[str, Any]:
    return {
        "tx_hash": p.tx_hash,
        "cancel": p.cancel,
        "network": p.network,
        "from": p.from_address,
        "nonce": p.nonce,
        "speed": p.speed,
        "old_max_fee_gwei": format_amount(p.old_max_fee_per_gas, GWEI_DECIMALS),
        "old_priority_fee_gwei": format_amount(p.old_max_priority_fee_per_gas, GWEI_DECIMALS),
        "max_fee_gwei": format_amount(p.max_fee_per_gas, GWEI_DECIMALS),
        "priority_fee_gwei": format_amount(p.max_priority_fee_per_gas, GWEI_DECIMALS),
        "old_max_fee_per_gas": str(p.old_max_fee_per_gas),
        "old_max_priority_fee_per_gas": str(p.old_max_priority_fee_per_gas),
        "max_fee_per_gas": str(p.max_fee_per_gas),
        "max_priority_fee_per_gas": str(p.max_priority_fee_per_gas),
        "gas_limit": p.gas_limit,
        "max_cost_eth": format_amount(p.max_cost, ETH_DECIMALS),
        "max_cost_wei": str(p.max_cost),
        "value_wei": str(p.value),
        "balance_eth": format_amount(p.balance, ETH_DECIMALS),
        "affordable": p.affordable,
    }


def preview_text(p: ReplacementPreview) -> str:
    what = "Cancel" if p.cancel else "Speed up"
    gwei = GWEI_DECIMALS
    moves = (
        "a 0 ETH send to yourself, so the pending one never happens"
        if p.cancel
        else f"the same {format_amount(p.amount, p.decimals)} {p.symbol} to {p.recipient}"
    )
    return "\n".join(
        [
            f"{what} {p.tx_hash} on {p.network} (nonce {p.nonce}, from {p.from_address}):",
            f"  sends         {moves}",
            f"  max fee       {format_amount(p.old_max_fee_per_gas, gwei)} -> "
            f"{format_amount(p.max_fee_per_gas, gwei)} gwei per gas ({p.speed})",
            f"  priority fee  {format_amount(p.old_max_priority_fee_per_gas, gwei)} -> "
            f"{format_amount(p.max_priority_fee_per_gas, gwei)} gwei per gas",
            f"  gas limit     {p.gas_limit}",
            f"  fee at most   {format_amount(p.max_cost, ETH_DECIMALS)} ETH "
            f"(you hold {format_amount(p.balance, ETH_DECIMALS)} ETH)",
        ]
    )


def replace_command(
    ctx: CliContext,
    args: argparse.Namespace,
    tx_line: Callable[[TxInfo], str],
    tx_json: Callable[[TxInfo], dict[str, Any]],
) -> CommandResult:
    """The review; with ``--yes`` the replacement, signed with the fees shown (``tx_line`` and
    ``tx_json`` word the sent transaction as ``chain tx`` words every other one)."""
    chain = ctx.core.chain
    preview = chain.preview_replacement(args.hash, cancel=args.cancel).choose(args.speed)
    if not args.yes:
        text = preview_text(preview) + "\n\nNot sent: run again with --yes --password-stdin to sign it."
        return CommandResult({"sent": False, "preview": preview_json(preview)}, text)
    if not preview.affordable:
        raise InsufficientFundsError(
            f"The replacement may cost {format_amount(preview.max_cost, ETH_DECIMALS)} ETH in fees; "
            f"{preview.from_address} holds {format_amount(preview.balance, ETH_DECIMALS)} ETH.",
            field="fee",
        )
    password = ctx.read_secret_from_stdin("profile password")
    replace = chain.cancel if args.cancel else chain.speed_up
    tx: TxInfo = replace(args.hash, password=password, fees=preview.fees)
    verb = "Cancelling" if args.cancel else "Sped up"
    return CommandResult(
        {"sent": True, "preview": preview_json(preview), "transaction": tx_json(tx)}, f"{verb}: {tx_line(tx)}"
    )

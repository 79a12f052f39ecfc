"""``qenex chain balance|send|tx|token|history``: the on-chain wallet from the command line."""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path
from typing import Any

from qenex_desktop.cli import replace_preview, send_preview
from qenex_desktop.cli.context import CliContext, CommandResult
from qenex_desktop.cli.formatting import iso_time, terminal_safe
from qenex_desktop.core.chain.types import ETH_DECIMALS, SendPreview, TokenInfo, TransferInfo, TxInfo
from qenex_desktop.core.errors import ChainError, QenexError
from qenex_desktop.core.validation import format_amount, parse_int

#: Rows one listing shows at most.
MAX_LIMIT = 10_000


def register(commands: Any) -> None:
    parser = commands.add_parser("chain", help="balances, sends, transactions, tokens, history")
    sub = parser.add_subparsers(dest="chain_command", metavar="ACTION", required=True)

    balance = sub.add_parser("balance", help="ETH, QXC and imported tokens of your accounts")
    balance.add_argument("--address", help="one address (default: every account of the profile)")
    balance.set_defaults(handler=balance_command)

    send = sub.add_parser("send", help="preview a send; with --yes sign and send it (password on stdin)")
    send.add_argument("--asset", required=True, help="ETH, QXC or a token address 0x...")
    send.add_argument("--to", required=True)
    send.add_argument("--amount", required=True, help="decimal amount, like 1.5")
    send.add_argument("--from", dest="from_address", help="sending account (default: the first)")
    send.add_argument("--yes", action="store_true", help="sign and send after the preview")
    send.add_argument("--password-stdin", action="store_true", help="profile password on stdin (with --yes)")
    send.add_argument(
        "--accept-lookalike",
        action="store_true",
        help="send although the address looks like one you know (checked the whole address)",
    )
    send_preview.add_fee_arguments(send)
    send.set_defaults(handler=send_command)

    tx = sub.add_parser("tx", help="tracked transactions").add_subparsers(
        dest="tx_command", metavar="ACTION", required=True
    )
    tx_list = tx.add_parser("list", help="your transactions on the active network, newest first")
    tx_list.add_argument(
        "--all", action="store_true", help="include rows of a chain the node no longer serves"
    )
    tx_list.add_argument("--limit", default="50", help=f"at most this many (1 to {MAX_LIMIT}, default 50)")
    tx_list.set_defaults(handler=tx_list_command)
    status = tx.add_parser("status", help="one transaction (refreshes pending ones first)")
    status.add_argument("hash")
    status.set_defaults(handler=tx_status_command)
    refresh = tx.add_parser("refresh", help="settle pending transactions with what the node knows")
    refresh.set_defaults(handler=tx_refresh_command)
    export = tx.add_parser("export", help="write your history (sends, transfers, ledger) as CSV or JSON")
    export.add_argument("--format", choices=["csv", "json"], required=True)
    export.add_argument("--output", metavar="FILE", required=True, help="file to write (created 0600)")
    export.add_argument(
        "--all", action="store_true", help="include rows of a chain the node no longer serves"
    )
    export.set_defaults(handler=tx_export_command)
    for name, what in (
        ("speed-up", "re-send with higher fees"),
        ("cancel", "replace with a 0 ETH self-send"),
    ):
        action = tx.add_parser(name, help=f"{what} (same nonce): shows the fees; --yes signs")
        replace_preview.add_arguments(action)
        action.set_defaults(handler=tx_replace_command, cancel=name == "cancel")

    token = sub.add_parser("token", help="ERC-20 tokens").add_subparsers(
        dest="token_command", metavar="ACTION", required=True
    )
    token_import = token.add_parser(
        "import", help="import an ERC-20 by address (reads name, symbol, decimals)"
    )
    token_import.add_argument("address")
    token_import.set_defaults(handler=token_import_command)
    token_list = token.add_parser("list", help="QXC and imported tokens of the active network")
    token_list.set_defaults(handler=token_list_command)

    history = sub.add_parser("history", help="Transfer events of your addresses (scans new blocks first)")
    history.add_argument("--no-scan", action="store_true", help="show what is stored, without scanning")
    history.add_argument("--limit", default="50", help=f"at most this many (1 to {MAX_LIMIT}, default 50)")
    history.set_defaults(handler=history_command)


def money(units: int, decimals: int, key: str) -> dict[str, str]:
    return {key: format_amount(units, decimals), f"{key}_units": str(units)}


def token_json(token: TokenInfo) -> dict[str, Any]:
    return {
        "address": token.address,
        "name": token.name,
        "symbol": token.symbol,
        "decimals": token.decimals,
        "is_qxc": token.is_qxc,
    }


def tx_json(tx: TxInfo) -> dict[str, Any]:
    return {
        "hash": tx.tx_hash,
        "network": tx.network,
        "kind": tx.kind,
        "status": tx.status,
        "stale": tx.stale,
        "from": tx.from_address,
        "to": tx.recipient or tx.to_address,
        "asset": tx.asset,
        "symbol": tx.symbol,
        **money(tx.amount, tx.decimals, "amount"),
        "nonce": tx.nonce,
        "gas_limit": tx.gas_limit,
        "max_fee_per_gas": str(tx.max_fee_per_gas),
        "max_priority_fee_per_gas": str(tx.max_priority_fee_per_gas),
        "block": tx.block_number,
        "gas_used": tx.gas_used,
        **(money(tx.fee_paid, ETH_DECIMALS, "fee_paid") if tx.fee_paid is not None else {"fee_paid": None}),
        "revert_reason": tx.revert_reason,
        "contract_address": tx.contract_address,
        "replaces": tx.replaces,
        "replaced_by": tx.replaced_by,
        "last_error": tx.last_error,
        "created_at": iso_time(tx.created_at),
    }


def tx_line(tx: TxInfo) -> str:
    if tx.kind == "deploy":
        target = f"contract {tx.contract_address}" if tx.contract_address else "contract (not created yet)"
        what = ""
    else:
        target = f"-> {tx.recipient or tx.to_address}"
        what = f" {format_amount(tx.amount, tx.decimals)} {tx.symbol}"
    extra = ""
    if tx.status == "confirmed":
        extra = f" in block {tx.block_number}"
    elif tx.status == "failed":
        extra = f": {tx.revert_reason}"
    elif tx.replaced_by:
        extra = f" by {tx.replaced_by}"
    stale = " [stale chain]" if tx.stale else ""
    return f"{tx.tx_hash}  {tx.status}{extra}  {tx.kind}{what} {target}{stale}"


def tx_export_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    from qenex_desktop.core.activity_export import export_to

    path = Path(args.output)
    count = export_to(ctx.core, path, args.format, include_stale=args.all)
    return CommandResult(
        {"transactions": count, "output": str(path)}, f"Wrote {count} transactions to {path}."
    )


def balance_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    accounts = ctx.core.chain.balances(args.address)
    data = []
    lines = [f"Network: {ctx.core.chain.network().name}"]
    for account in accounts:
        assets = [account.eth, *account.tokens]
        data.append(
            {
                "address": account.address,
                "name": account.name,
                "balances": [
                    {"asset": a.asset, "symbol": a.symbol, **money(a.units, a.decimals, "amount")}
                    for a in assets
                ],
            }
        )
        lines.append(f"{account.address} {account.name}".rstrip())
        lines += [f"    {a.text} {a.symbol}" for a in assets]
    return CommandResult({"network": ctx.core.chain.network().name, "accounts": data}, "\n".join(lines))


def preview_json(preview: SendPreview) -> dict[str, Any]:
    return {
        "network": preview.network,
        "chain_id": preview.chain_id,
        "from": preview.from_address,
        "to": preview.recipient,
        "asset": preview.asset,
        "symbol": preview.symbol,
        **money(preview.amount, preview.decimals, "amount"),
        "gas_limit": preview.gas_limit,
        "base_fee_per_gas": str(preview.base_fee_per_gas),
        "max_priority_fee_per_gas": str(preview.max_priority_fee_per_gas),
        "max_fee_per_gas": str(preview.max_fee_per_gas),
        **money(preview.expected_fee, ETH_DECIMALS, "expected_fee"),
        **money(preview.max_fee, ETH_DECIMALS, "max_fee"),
        **money(preview.total_eth, ETH_DECIMALS, "total_eth"),
        **money(preview.eth_balance_after, ETH_DECIMALS, "eth_balance_after"),
        **money(preview.asset_balance_after, preview.decimals, "balance_after"),
        "nonce": preview.nonce,
        **destination_json(preview),
        **send_preview.extra_json(preview),
    }


def preview_text(preview: SendPreview) -> str:
    return "\n".join(
        [
            f"Send {format_amount(preview.amount, preview.decimals)} {preview.symbol} on {preview.network}",
            f"  from          {preview.from_address}",
            f"  to            {preview.recipient}",
            f"  network fee   ~{format_amount(preview.expected_fee, ETH_DECIMALS)} ETH "
            f"(at most {format_amount(preview.max_fee, ETH_DECIMALS)} ETH, gas {preview.gas_limit})",
            f"  ETH after     {format_amount(preview.eth_balance_after, ETH_DECIMALS)} ETH (at worst)",
            f"  {preview.symbol} after".ljust(16)
            + f"{format_amount(preview.asset_balance_after, preview.decimals)}",
            *destination_lines(preview),
            *send_preview.extra_lines(preview),
        ]
    )


def destination_json(preview: SendPreview) -> dict[str, Any]:
    report = preview.destination
    if report is None:
        return {}
    return {
        "contact": report.contact_name,
        "own_account": report.own_account,
        "warnings": [
            {
                "kind": f.kind.value,
                "severity": f.severity.value,
                "message": f.message,
                "similar_to": f.similar_to,
            }
            for f in report.findings
        ],
    }


def destination_lines(preview: SendPreview) -> list[str]:
    """Who the recipient is to you, and what the checks before signing found (look-alike first)."""
    report = preview.destination
    if report is None:
        return []
    who = report.contact_name or report.own_account or "not in your address book"
    lines = [f"  recipient     {terminal_safe(who, multiline=False)}"]
    for finding in report.findings:
        mark = "WARNING" if finding.severity.value != "notice" else "note"
        lines.append(f"  {mark}: {terminal_safe(finding.message, multiline=False)}")
    if report.needs_acknowledgement:
        lines.append("  Refused with --yes unless --accept-lookalike: compare every character first.")
    return lines


def send_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    chain = ctx.core.chain
    fee = send_preview.fee_choice(args)
    if not args.yes:
        preview = chain.preview_send(
            to=args.to, asset=args.asset, amount=args.amount, from_address=args.from_address, fee=fee
        )
        send_preview.refuse_reverting(preview)
        return CommandResult(
            {"sent": False, "preview": preview_json(preview)},
            preview_text(preview) + "\n\nNot sent: run again with --yes --password-stdin to sign and send.",
        )
    password = ctx.read_secret_from_stdin("profile password")
    tx = chain.send(
        to=args.to,
        asset=args.asset,
        amount=args.amount,
        from_address=args.from_address,
        password=password,
        accept_lookalike=args.accept_lookalike,
        fee=fee,
    )
    if tx.broadcast_unconfirmed:
        return CommandResult(
            {"sent": True, "broadcast_unconfirmed": True, "transaction": tx_json(tx)},
            "Handed to the node, but its answer was lost, so it may have been sent: DO NOT send again.\n"
            f"It is tracked as pending: {tx_line(tx)}\n"
            f"qenex chain tx status {tx.tx_hash} settles it (mined, or re-sent with the same signature).",
        )
    return CommandResult({"sent": True, "transaction": tx_json(tx)}, "Sent: " + tx_line(tx))


def _limit(text: str) -> int:
    return parse_int(text, field="limit", what="The limit", minimum=1, maximum=MAX_LIMIT)


def tx_list_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    txs = ctx.core.chain.transactions(limit=_limit(args.limit), include_stale=args.all)
    text = "\n".join(tx_line(tx) for tx in txs) or "No transactions on this network yet."
    return CommandResult({"transactions": [tx_json(tx) for tx in txs]}, text)


def tx_status_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    chain = ctx.core.chain
    note = None
    try:
        chain.refresh_pending()
    except ChainError as exc:
        note = f"(not refreshed: {exc.message})"
    tx = chain.transaction(args.hash)
    data = tx_json(tx)
    data["refresh_note"] = note
    return CommandResult({"transaction": data}, tx_line(tx) + (f"\n{note}" if note else ""))


def tx_refresh_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    report = ctx.core.chain.refresh_pending()
    data = dict(report.__dict__)
    text = (
        f"Checked {report.checked} pending: {report.confirmed} confirmed, {report.failed} failed, "
        f"{report.dropped} dropped, {report.replaced} replaced, {report.rebroadcast} re-sent."
    )
    if report.chain_reset:
        text += " The node serves a new chain: older data is marked stale."
    return CommandResult(data, text)


def tx_replace_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    return replace_preview.replace_command(ctx, args, tx_line, tx_json)


def symbol_in_use(ctx: CliContext, token: TokenInfo) -> list[str]:
    """The other assets named like ``token``: the network's ETH, a token of this chain, a ledger token."""
    same = token.symbol.casefold()
    others = ["ETH, the network's own coin"] if same == "eth" else []
    others += [
        f"{t.symbol} at {t.address}"
        for t in ctx.core.chain.tokens()
        if t.symbol.casefold() == same and t.address != token.address
    ]
    with contextlib.suppress(QenexError):
        others += [
            f"{t.symbol} of the local ledger"
            for t in ctx.core.exchange.list_tokens()
            if t.symbol.casefold() == same
        ]
    return others


def token_import_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    ctx.core.require_session()
    token = ctx.core.chain.import_token(args.address)
    text = f"Imported {token.name} ({token.symbol}, {token.decimals} decimals)."
    others = symbol_in_use(ctx, token)
    if others:
        text += (
            f" Its symbol {token.symbol} is already in use ({'; '.join(others)}): name this token by its"
            f" address, {token.address}."
        )
    return CommandResult({"token": token_json(token), "symbol_in_use": others}, text)


def token_list_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    tokens = ctx.core.chain.tokens()
    lines = [f"{t.address}  {t.symbol}  {t.name}{'  (QXC)' if t.is_qxc else ''}" for t in tokens]
    return CommandResult({"tokens": [token_json(t) for t in tokens]}, "\n".join(lines) or "No tokens yet.")


def transfer_json(transfer: TransferInfo) -> dict[str, Any]:
    return {
        "token": transfer.token_address,
        "symbol": transfer.symbol,
        "block": transfer.block_number,
        "hash": transfer.tx_hash,
        "log_index": transfer.log_index,
        "from": transfer.from_address,
        "to": transfer.to_address,
        "direction": transfer.direction,
        **money(transfer.amount, transfer.decimals, "amount"),
    }


def history_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    limit = _limit(args.limit)
    chain = ctx.core.chain
    progress = None
    if not args.no_scan:
        progress = chain.scan_history()
    transfers = chain.transfers(limit=limit)
    lines = [
        f"block {t.block_number}  {t.direction:>4}  {format_amount(t.amount, t.decimals)} {t.symbol}  "
        f"{t.from_address} -> {t.to_address}"
        for t in transfers
    ]
    data: dict[str, Any] = {"transfers": [transfer_json(t) for t in transfers]}
    if progress is not None:
        data["scan"] = dict(progress.__dict__)
    return CommandResult(data, "\n".join(lines) or "No transfers found.")

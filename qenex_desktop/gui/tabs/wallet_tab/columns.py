"""The Wallet tab's table columns and the words of its read-failure notice.

One row per asset (``wallet_snapshot.AssetRow``): its name, its symbol (told apart from another
asset of the same symbol: ``wallet_snapshot.asset_labels``), the balance grouped and cut (the
tooltip has every digit; Copy takes the plain exact amount, which pastes back into an amount
field), the network and the token contract (short; the tooltip and Copy have it whole).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from qenex_desktop.gui.colours import GREY, TX_STATUS
from qenex_desktop.gui.formatting import amount_text, exact_amount_text, full_amount_text
from qenex_desktop.gui.models import Column, address_column, hash_column, time_column
from qenex_desktop.gui.wallet_snapshot import AssetRow, short_contract

if TYPE_CHECKING:
    from qenex_desktop.core.chain.types import TxInfo
    from qenex_desktop.gui.wallet_snapshot import WalletSnapshot

Tr = Callable[[str], str]
#: Where the balance sits in both asset tables (the cell Ctrl+C copies unless the person moved).
BALANCE_COLUMN = 2


def _full_balance(row: AssetRow) -> str:
    if row.units is None:
        return ""
    return f"{full_amount_text(row.units, row.asset.decimals)} {row.asset.symbol}"


def _exact_balance(row: AssetRow) -> str | None:
    return exact_amount_text(row.units, row.asset.decimals) if row.units is not None else None


def _first_columns(tr: Tr, symbol: Callable[[AssetRow], str]) -> list[Column[AssetRow]]:
    return [
        Column(
            tr("Name"),
            lambda r: tr("{name} (hidden)").format(name=r.name) if r.hidden else r.name,
            tooltip=lambda r: r.name,
            color=lambda r: GREY if r.hidden else None,
        ),
        Column(tr("Symbol"), symbol, tooltip=lambda r: r.asset.label),
        Column(
            tr("Balance"),
            lambda r: amount_text(r.units, r.asset.decimals),
            tooltip=_full_balance,
            numeric=True,
            secret=True,
            full=_exact_balance,
        ),
    ]


def asset_columns(tr: Tr) -> list[Column[AssetRow]]:
    """The selected account's on-chain assets."""
    return [
        *_first_columns(tr, lambda r: r.asset.label),  # "QXC (0x5FbD…0aa3)" beside another QXC
        Column(tr("Network"), lambda r: r.network),
        Column(
            tr("Contract"),
            lambda r: short_contract(r.contract) if r.contract else tr("native"),
            tooltip=lambda r: r.contract or tr("The network's own coin: no contract."),
            full=lambda r: r.contract,
            kind="address",
        ),
    ]


def ledger_columns(tr: Tr) -> list[Column[AssetRow]]:
    """The exchange's local ledger: its tokens live in this app's ledger, not on a chain."""
    # a ledger symbol is unique in the ledger, and the section says "ledger": the symbol alone
    return [
        *_first_columns(tr, lambda r: r.asset.symbol),
        Column(tr("Ledger account"), lambda r: r.account or "—"),
    ]


def pending_columns(tr: Tr, labels: Callable[[], dict[str, str]]) -> list[Column[TxInfo]]:
    """Pending transactions; ``labels`` gives each asset's name as the tables call it."""
    return [
        time_column(tr("Sent"), lambda t: t.created_at),
        Column(tr("Status"), lambda t: t.status, color=lambda t: TX_STATUS.get(t.status)),
        Column(
            tr("Amount"),
            lambda t: f"{amount_text(t.amount, t.decimals)} {labels().get(t.asset, t.symbol)}",
            numeric=True,
            secret=True,
        ),
        address_column(tr("From"), lambda t: t.from_address),
        address_column(tr("To"), lambda t: t.recipient or t.to_address),
        Column(tr("Nonce"), lambda t: str(t.nonce), numeric=True),
        hash_column(tr("Hash"), lambda t: t.tx_hash),
    ]


def notice_text(snapshot: WalletSnapshot, tr: Tr) -> str:
    """Why the balances could not be read, and what to do about that cause ("" when they were).

    A node serving another chain is not a node to start: it answers, with the wrong chain id.
    """
    if not snapshot.error:
        return ""
    network = snapshot.network
    name = network.name if network else ""
    code = snapshot.error_code
    if code == "wrong_chain":
        advice = tr(
            "The node answers, but for another chain than {network} (chain id {chain_id}): pick the "
            "network this node serves in the status bar, or correct its URL in File → Settings."
        ).format(network=name, chain_id=network.chain_id if network else "?")
    elif code == "stale_chain":
        advice = tr(
            "The node now serves a new chain: what this wallet knew of the old one is kept apart. "
            "Refresh, or pick another network in the status bar."
        )
    elif code == "node_unreachable" and network is not None and network.is_builtin:
        advice = tr("Start the node (Tools → Start local node), or pick another network in the status bar.")
    elif code == "node_unreachable":
        advice = tr(
            "Check your connection and the network's URL (File → Settings), or pick another network "
            "in the status bar."
        )
    else:
        advice = tr("Refresh to try again, or pick another network in the status bar.")
    return tr("Balances could not be read from {network}: {error} {advice}").format(
        network=name, error=snapshot.error, advice=advice
    )

"""What the Wallet tab shows, read in one background operation: accounts, their balances (on chain
and in the exchange's local ledger), the active network and pending transactions.

Its own module, not the tab's: the send dialog takes the snapshot the tab read (dialogs never
import tabs), and the read runs on a worker thread without any widget.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qenex_desktop.core.errors import QenexError

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.core.chain.types import NetworkInfo, TokenInfo, TxInfo
    from qenex_desktop.core.keys.service import WalletAccountInfo


#: The address column of exchange (local ledger) accounts: they live in the ledger, not on chain.
LEDGER_ADDRESS = "local ledger"


@dataclass(frozen=True)
class Holding:
    """One balance cell: an asset of an account (on-chain, or in the exchange's local ledger)."""

    key: str  # "ETH", a token address, or "ledger:SYMBOL"
    symbol: str
    decimals: int
    units: int | None  # None: could not be read


@dataclass(frozen=True)
class AccountRow:
    name: str
    address: str
    holdings: dict[str, Holding] = field(default_factory=dict)


@dataclass(frozen=True)
class WalletSnapshot:
    """Everything the tab shows, read in one background operation."""

    accounts: list[WalletAccountInfo]
    network: NetworkInfo | None
    tokens: list[TokenInfo]
    rows: list[AccountRow]
    columns: list[tuple[str, str, int]]  # (key, header, decimals)
    pending: list[TxInfo]
    error: str | None
    wallet_unlocked: bool


def ledger_holdings(core: QenexCore) -> list[tuple[str, str, int, int]]:
    """Balances in the exchange's local ledger as (account, symbol, decimals, units).

    A ledger that refuses to answer (a ``QenexError``: something the person can act on) shows no
    ledger rows rather than failing the whole wallet view; any other exception is a bug and
    reaches the operations layer's bug report.
    """
    try:
        found = core.exchange.balances()
    except QenexError:
        return []
    return [(b.account, b.symbol, b.decimals, b.amount) for b in found]


def read_wallet(core: QenexCore) -> WalletSnapshot:
    """Runs on a worker thread: accounts, balances (may fail: node down), pending transactions."""
    accounts = core.wallet.accounts()
    unlocked = core.wallet.vault.is_unlocked()
    if not accounts:
        return WalletSnapshot([], None, [], [], [], [], None, unlocked)
    error = None
    columns: list[tuple[str, str, int]] = [("ETH", "ETH", 18)]
    rows = [AccountRow(a.name, a.address, {}) for a in accounts]
    tokens: list[TokenInfo] = []
    pending: list[TxInfo] = []
    try:
        balances = core.chain.balances()
        tokens = core.chain.tokens()
        pending = [tx for tx in core.chain.transactions(limit=200) if tx.status == "pending"]
        columns += [(t.address, t.symbol, t.decimals) for t in tokens]
        by_address = {b.address: b for b in balances}
        rows = []
        for account in accounts:
            held = by_address.get(account.address)
            holdings: dict[str, Holding] = {}
            if held is not None:
                holdings["ETH"] = Holding("ETH", "ETH", 18, held.eth.units)
                for asset in held.tokens:
                    holdings[asset.asset] = Holding(asset.asset, asset.symbol, asset.decimals, asset.units)
            rows.append(AccountRow(account.name, account.address, holdings))
    except QenexError as exc:
        error = exc.message
        tokens = core.chain.tokens()
        columns += [(t.address, t.symbol, t.decimals) for t in tokens]
    # Read after the balances: their first connect records the chain's genesis, without which the
    # network has no QXC address yet (the Deploy button would show for a chain that has QXC).
    network = core.chain.network()
    ledger = ledger_holdings(core)
    symbols: dict[str, int] = {}
    by_account: dict[str, dict[str, Holding]] = {}
    for account_name, symbol, decimals, units in ledger:
        symbols.setdefault(symbol, decimals)
        key = f"ledger:{symbol}"
        by_account.setdefault(account_name, {})[key] = Holding(key, symbol, decimals, units)
    columns += [(f"ledger:{s}", f"{s} (ledger)", d) for s, d in sorted(symbols.items())]
    rows += [AccountRow(name, LEDGER_ADDRESS, held) for name, held in by_account.items()]
    return WalletSnapshot(accounts, network, tokens, rows, columns, pending, error, unlocked)

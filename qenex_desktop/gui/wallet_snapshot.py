"""What the Wallet tab shows, read in one background operation: accounts, their balances (on chain
and in the exchange's local ledger), the active network and pending transactions; and, from it,
the rows the tab lists for one account (``account_assets``, ``ledger_assets``: one row per asset,
zero balances and hidden tokens folded away on request: ``Fold``), plain values a test reads
without a widget.

Its own module, not the tab's: the send dialog takes the snapshot the tab read (dialogs never
import tabs), and the read runs on a worker thread without any widget.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qenex_desktop.core.errors import QenexError

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.core.chain.types import NetworkInfo, TokenInfo, TxInfo
    from qenex_desktop.core.keys.service import WalletAccountInfo


#: The address column of exchange (local ledger) accounts: they live in the ledger, not on chain.
LEDGER_ADDRESS = "local ledger"
#: The key prefix of a balance in the exchange's local ledger ("ledger:QXC").
LEDGER_PREFIX = "ledger:"
#: What the native asset is called in the Name column.
ETH_NAME = "Ether"


@dataclass(frozen=True)
class Asset:
    """One asset the wallet shows: ETH, a token contract of the active chain, or a ledger token.

    ``label`` is what a person reads (a column header, an entry of the send list): the symbol,
    told apart from every other asset of the same symbol (``asset_labels``).
    """

    key: str  # "ETH", a token address, or "ledger:SYMBOL"
    symbol: str
    decimals: int
    label: str


def short_contract(address: str) -> str:
    """0x5FbD…0aa3: enough of a contract address to tell two tokens of one symbol apart."""
    return f"{address[:6]}…{address[-4:]}" if len(address) > 12 else address


def asset_labels(assets: Sequence[tuple[str, str]]) -> dict[str, str]:
    """What each asset of ``(key, symbol)`` is called where a person picks or reads it.

    A ledger balance always says "(ledger)"; a token contract whose symbol another asset also has
    (a second QXC deployment, a ledger token, a token calling itself ETH; case ignored) adds its
    short contract address, "QXC (0x5FbD…0aa3)"; anything else is its symbol alone. One rule for
    the Wallet tab's columns and the send dialog's asset list, so both name an asset the same way.
    """
    counts = Counter(symbol.casefold() for _key, symbol in assets)
    labels: dict[str, str] = {}
    for key, symbol in assets:
        if key.startswith(LEDGER_PREFIX):
            labels[key] = f"{symbol} (ledger)"
        elif key.startswith("0x") and counts[symbol.casefold()] > 1:
            labels[key] = f"{symbol} ({short_contract(key)})"
        else:
            labels[key] = symbol
    return labels


def make_assets(assets: Sequence[tuple[str, str, int]]) -> list[Asset]:
    """``(key, symbol, decimals)`` in display order, each with its label (``asset_labels``)."""
    labels = asset_labels([(key, symbol) for key, symbol, _decimals in assets])
    return [Asset(key, symbol, decimals, labels[key]) for key, symbol, decimals in assets]


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
    assets: list[Asset]  # the balance columns, in order: ETH, the chain's tokens, ledger tokens
    pending: list[TxInfo]
    error: str | None
    wallet_unlocked: bool
    #: The refusal's code when the balances could not be read ("node_unreachable", "wrong_chain",
    #: "stale_chain", ...; ``QenexError.code``): the tab says what to do about that one.
    error_code: str | None = None
    #: Each asset's full name (a token's ``name``; "Ether"), by key.
    names: dict[str, str] = field(default_factory=dict)

    @property
    def columns(self) -> list[tuple[str, str, int]]:
        """(key, label, decimals) of each balance column."""
        return [(a.key, a.label, a.decimals) for a in self.assets]

    def chain_assets(self) -> list[Asset]:
        """What can be sent on chain: ETH and the tokens (ledger balances move by the exchange)."""
        return [a for a in self.assets if not a.key.startswith(LEDGER_PREFIX)]


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


def ledger_tokens(core: QenexCore) -> list[tuple[str, str, int]]:
    """The ledger's tokens as (symbol, name, decimals), held or not (none when it refuses)."""
    try:
        return [(t.symbol, t.name, t.decimals) for t in core.exchange.list_tokens()]
    except QenexError:
        return []


def read_wallet(core: QenexCore) -> WalletSnapshot:
    """Runs on a worker thread: accounts, balances (may fail: node down), pending transactions."""
    accounts = [a for a in core.wallet.accounts() if not a.hidden]  # hidden: Profile → Accounts…
    unlocked = core.wallet.vault.is_unlocked()
    if not accounts:
        return WalletSnapshot([], None, [], [], [], [], None, unlocked)
    error = error_code = None
    columns: list[tuple[str, str, int]] = [("ETH", "ETH", 18)]  # (key, symbol, decimals)
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
        error, error_code = exc.message, exc.code
        tokens = core.chain.tokens()
        columns += [(t.address, t.symbol, t.decimals) for t in tokens]
    # Read after the balances: their first connect records the chain's genesis, without which the
    # network has no QXC address yet (the Deploy button would show for a chain that has QXC).
    network = core.chain.network()
    ledger = ledger_holdings(core)
    names = {"ETH": ETH_NAME} | {t.address: t.name for t in tokens}
    symbols: dict[str, int] = {}
    for symbol, name, decimals in ledger_tokens(core):  # held or not: a zero row folds away
        symbols[symbol] = decimals
        names[f"{LEDGER_PREFIX}{symbol}"] = name
    by_account: dict[str, dict[str, Holding]] = {}
    for account_name, symbol, decimals, units in ledger:
        symbols.setdefault(symbol, decimals)
        key = f"{LEDGER_PREFIX}{symbol}"
        by_account.setdefault(account_name, {})[key] = Holding(key, symbol, decimals, units)
    columns += [(f"{LEDGER_PREFIX}{s}", s, d) for s, d in sorted(symbols.items())]
    rows += [AccountRow(name, LEDGER_ADDRESS, held) for name, held in by_account.items()]
    return WalletSnapshot(
        accounts, network, tokens, rows, make_assets(columns), pending, error, unlocked, error_code, names
    )


@dataclass(frozen=True)
class AssetRow:
    """One row of the Wallet tab's asset lists: an asset of the selected account, or a ledger balance."""

    asset: Asset
    name: str
    units: int | None  # None: could not be read
    network: str
    contract: str | None  # the token contract's address; None for ETH and ledger tokens
    account: str = ""  # the ledger account holding it (ledger rows only)
    #: The person hid this token (shown only while "Show hidden tokens" is on).
    hidden: bool = False

    @property
    def zero(self) -> bool:
        return self.units == 0


@dataclass(frozen=True)
class Fold:
    """What the Wallet tab folds away: zero balances (ETH never: it pays every fee), and the
    tokens the person hid (``hidden``: asset keys) unless ``show_hidden``."""

    hide_zero: bool = False
    hidden: frozenset[str] = frozenset()
    show_hidden: bool = False

    def keeps(self, row: AssetRow) -> bool:
        if row.hidden and not self.show_hidden:
            return False
        return not (self.hide_zero and row.zero and row.asset.key != "ETH")


NO_FOLD = Fold()


def account_assets(snapshot: WalletSnapshot, address: str, fold: Fold = NO_FOLD) -> list[AssetRow]:
    """One row per on-chain asset of ``address``: ETH first, then the chain's tokens, folded by
    ``fold`` (an unread balance is not zero and stays)."""
    row = next((r for r in snapshot.rows if r.address == address), None)
    network = snapshot.network.name if snapshot.network else ""
    found: list[AssetRow] = []
    for asset in snapshot.chain_assets():
        held = row.holdings.get(asset.key) if row else None
        units = held.units if held else (None if snapshot.error else 0)
        contract = asset.key if asset.key.startswith("0x") else None
        name = snapshot.names.get(asset.key, asset.symbol)
        hidden = asset.key in fold.hidden and asset.key != "ETH"
        found.append(AssetRow(asset, name, units, network, contract, hidden=hidden))
    return [r for r in found if fold.keeps(r)]


def ledger_assets(snapshot: WalletSnapshot, fold: Fold = NO_FOLD) -> list[AssetRow]:
    """One row per balance in the exchange's local ledger (account and token), then the ledger's
    tokens nobody of this profile holds, at zero; folded by ``fold``."""
    ledger = [a for a in snapshot.assets if a.key.startswith(LEDGER_PREFIX)]
    found: list[AssetRow] = []
    held_keys: set[str] = set()
    for row in snapshot.rows:
        if row.address != LEDGER_ADDRESS:
            continue
        for asset in ledger:
            held = row.holdings.get(asset.key)
            if held is not None:
                held_keys.add(asset.key)
                name = snapshot.names.get(asset.key, asset.symbol)
                hidden = asset.key in fold.hidden
                found.append(AssetRow(asset, name, held.units, LEDGER_ADDRESS, None, row.name, hidden))
    for asset in ledger:
        if asset.key not in held_keys:
            name = snapshot.names.get(asset.key, asset.symbol)
            found.append(AssetRow(asset, name, 0, LEDGER_ADDRESS, None, hidden=asset.key in fold.hidden))
    return [r for r in found if fold.keeps(r)]


def hidden_count(snapshot: WalletSnapshot, address: str, hidden: frozenset[str]) -> int:
    """How many rows of the account and the ledger the person hid (the "Show hidden" count)."""
    shown = Fold(hidden=hidden, show_hidden=True)
    rows = account_assets(snapshot, address, shown) + ledger_assets(snapshot, shown)
    return sum(1 for r in rows if r.hidden)


@dataclass(frozen=True)
class SymbolClash:
    """An imported token's symbol is already in use: how the wallet now names it, and the others."""

    symbol: str
    label: str
    others: list[str]


def symbol_clash(core: QenexCore, token: TokenInfo) -> SymbolClash | None:
    """Runs on a worker thread after an import: the other assets named like ``token`` (ETH, a token
    of the active chain, a token of the exchange's local ledger), or None when its symbol is its own."""
    known: list[tuple[str, str, int]] = [("ETH", "ETH", 18)]
    known += [(t.address, t.symbol, t.decimals) for t in core.chain.tokens()]
    with contextlib.suppress(QenexError):  # no ledger to compare with: the chain's own still count
        known += [(f"{LEDGER_PREFIX}{t.symbol}", t.symbol, t.decimals) for t in core.exchange.list_tokens()]
    if all(key != token.address for key, _s, _d in known):
        known.append((token.address, token.symbol, token.decimals))
    assets = make_assets(known)
    same = [a for a in assets if a.symbol.casefold() == token.symbol.casefold()]
    mine = next(a for a in same if a.key == token.address)
    others = [a.label for a in same if a.key != token.address]
    return SymbolClash(token.symbol, mine.label, others) if others else None

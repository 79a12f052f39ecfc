"""What one original file says, as typed rows: users, tokens, balances, pools, liquidity, history.

Columns are matched by name, with the alternatives the original versions used. Amounts become
exact fractions here (``numbers.exact_value``); rounding to base units happens in the plan, once
the token and its holder are known. Whatever cannot be read is a problem naming the file and the
value (quoted, escaped and cut), and reading goes on, so one run lists every problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.exchange.legacy.numbers import NumberRefused, exact_value, fee_bps
from qenex_desktop.core.exchange.legacy.reader import LegacyFile, Table
from qenex_desktop.core.security.passwords import is_legacy_hash
from qenex_desktop.core.validation import LEDGER_MAX_DECIMALS, parse_int, parse_symbol, parse_token_name

_OWNER_COLUMNS = ("user_id", "username", "address", "provider", "owner", "user", "account")
_TOKEN_NAME_MAX = 64
_EMAIL_MAX = 320
_REQUIRED = {"qenex-os": ("users", "tokens", "balances", "pools", "liquidity")}
_REQUIRED_DEFI = ("tokens", "balances", "pools", "liquidity")


def shown(value: Any) -> str:
    """A legacy value quoted for a message: escaped by repr, and cut when long."""
    text = repr(value)
    return text if len(text) <= 48 else f"{text[:40]}...({len(text)} chars)"


@dataclass(frozen=True)
class UserRow:
    original_id: str
    name: str
    password_hash: str
    email: str | None
    created_at: str | None
    active: bool

    @property
    def key(self) -> str:
        return f"user:{self.original_id}"


@dataclass(frozen=True)
class TokenRow:
    symbol: str
    name: str
    decimals: int
    declared_total: str | None  # total_supply as the file wrote it


@dataclass(frozen=True)
class BalanceRow:
    owner: str  # "user:<id>" or "holder:<identifier>"
    symbol: str
    amount: Fraction


@dataclass(frozen=True)
class PoolRow:
    original_id: str
    symbol_a: str
    symbol_b: str
    reserve_a: Fraction
    reserve_b: Fraction
    declared_shares: Fraction | None
    fee_bps: int


@dataclass(frozen=True)
class LiquidityRow:
    pool_id: str
    owner: str
    shares: Fraction


@dataclass
class SourceData:
    """One file, read: its rows, the problems and notes found reading them."""

    file: LegacyFile
    users: list[UserRow] = field(default_factory=list)
    tokens: dict[str, TokenRow] = field(default_factory=dict)
    balances: list[BalanceRow] = field(default_factory=list)
    pools: list[PoolRow] = field(default_factory=list)
    liquidity: list[LiquidityRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Ids of every pool row, also those refused (their liquidity rows are not listed again).
    seen_pools: set[str] = field(default_factory=set)

    @property
    def where(self) -> str:
        return self.file.name

    def problem(self, text: str) -> None:
        self.problems.append(f"{self.where}: {text}")

    def note(self, text: str) -> None:
        self.notes.append(f"{self.where}: {text}")

    def identity(self) -> dict[str, list[list[str]]]:
        """What never changes in a file the original kept using: its users, tokens and pools."""
        return {
            "users": sorted([u.original_id, u.name, u.created_at or ""] for u in self.users),
            "assets": sorted([t.symbol, str(t.decimals)] for t in self.tokens.values()),
            "pools": sorted([p.original_id, p.symbol_a, p.symbol_b] for p in self.pools),
        }


def read_source(legacy: LegacyFile) -> SourceData:
    data = SourceData(legacy)
    required = _REQUIRED.get(legacy.kind, _REQUIRED_DEFI)
    missing = [name for name in required if name not in legacy.tables]
    if missing:
        data.problem(f"missing table(s) {', '.join(missing)} (is this the right file?)")
        return data
    owners: dict[str, str] = {}
    if legacy.kind == "qenex-os":
        owners = _read_users(data, legacy.tables["users"])
    _read_tokens(data, legacy.tables["tokens"])
    _read_balances(data, legacy.tables["balances"], owners)
    _read_pools(data, legacy.tables["pools"])
    _read_liquidity(data, legacy.tables["liquidity"], owners)
    return data


def _cell(row: tuple[Any, ...], index: int | None) -> Any:
    return None if index is None else row[index]


def _active(value: Any) -> bool:
    """As the original decides it (``if not user['is_active']``): NULL, 0 and '' are inactive."""
    return bool(value)


def _email(data: SourceData, name: str, raw: Any) -> str | None:
    if raw is None or raw == "":
        return None
    text = str(raw).strip()
    if len(text) > _EMAIL_MAX or not text.isprintable():
        data.note(f"user {shown(name)}'s email {shown(raw)} is not kept (too long or not printable)")
        return None
    return text


def _read_users(data: SourceData, table: Table) -> dict[str, str]:
    """The users; returns what balances may call a user (id or username) -> owner key."""
    id_col, name_col = table.pick("id", "user_id"), table.pick("username", "name", "user")
    hash_col = table.pick("password_hash", "password", "hash")
    email_col, created_col = table.pick("email"), table.pick("created_at", "created")
    active_col = table.pick("is_active", "active")
    if name_col is None or hash_col is None:
        data.problem("users has no username or password_hash column")
        return {}
    owners: dict[str, str] = {}
    seen: set[str] = set()
    for number, row in enumerate(table.rows, start=1):
        name = row[name_col]
        if not isinstance(name, str) or not name.strip():
            data.problem(f"user row {number} has no username ({shown(name)})")
            continue
        stored = row[hash_col]
        if not isinstance(stored, str) or not is_legacy_hash(stored):
            data.problem(f"user {shown(name)} has a password hash that is not the original's PBKDF2 format")
            continue
        original_id = str(_cell(row, id_col) if id_col is not None else number)
        if original_id in seen or name in seen:
            data.problem(f"user {shown(name)} (id {shown(original_id)}) appears twice")
            continue
        seen |= {original_id, name}
        created = _cell(row, created_col)
        user = UserRow(
            original_id,
            name,
            stored,
            _email(data, name, _cell(row, email_col)),
            None if created is None else str(created),
            True if active_col is None else _active(row[active_col]),
        )
        data.users.append(user)
        owners[original_id] = user.key
        owners.setdefault(name, user.key)
    return owners


def _read_tokens(data: SourceData, table: Table) -> None:
    symbol_col = table.pick("symbol", "token", "ticker")
    if symbol_col is None:
        data.problem("tokens has no symbol column")
        return
    name_col, dec_col = table.pick("name", "token_name"), table.pick("decimals")
    total_col = table.pick("total_supply", "supply")
    for row in table.rows:
        raw = row[symbol_col]
        try:
            symbol = parse_symbol(raw if isinstance(raw, str) else "")
        except ValidationError:
            data.problem(
                f"token symbol {shown(raw)} is not valid here (a letter, then up to 10 letters/digits)"
            )
            continue
        if symbol in data.tokens:
            data.problem(f"token {symbol} appears twice")
            continue
        decimals = _decimals(data, symbol, _cell(row, dec_col))
        if decimals is None:
            continue
        total = _cell(row, total_col)
        data.tokens[symbol] = TokenRow(
            symbol,
            _token_name(data, symbol, _cell(row, name_col)),
            decimals,
            None if total is None else str(total),
        )


def _decimals(data: SourceData, symbol: str, raw: Any) -> int | None:
    if raw is None:
        return 18  # the original's column default
    value: int | str = int(raw) if isinstance(raw, float) and raw.is_integer() else raw
    try:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValidationError("not a whole number")
        return parse_int(value, field="decimals", what="Decimals", minimum=0, maximum=LEDGER_MAX_DECIMALS)
    except ValidationError:
        data.problem(f"token {symbol} has decimals {shown(raw)}; 0 to {LEDGER_MAX_DECIMALS} are supported")
        return None


def _token_name(data: SourceData, symbol: str, raw: Any) -> str:
    """The name checked as a typed one; a name the rules refuse is replaced by the symbol, noted."""
    text = " ".join(str(raw if raw is not None else "").split())
    if not text:
        return symbol
    if len(text) > _TOKEN_NAME_MAX:
        data.note(f"token {symbol}'s name was cut to {_TOKEN_NAME_MAX} characters")
        text = text[:_TOKEN_NAME_MAX].rstrip()
    try:
        return parse_token_name(text)
    except ValidationError:
        data.note(
            f"token {symbol}'s name {shown(raw)} has control or invisible characters; it is imported "
            f"as {symbol}"
        )
        return symbol


def _owner(data: SourceData, raw: Any, owners: dict[str, str], what: str) -> str | None:
    key = str(raw if raw is not None else "").strip()
    if not key:
        data.problem(f"a {what} row has no owner")
        return None
    if data.file.kind != "qenex-os":
        return f"holder:{key}"
    owner = owners.get(key)
    if owner is None:
        data.problem(f"{what} of unknown user {shown(key)}")
    return owner


def _symbol(data: SourceData, raw: Any, what: str) -> str | None:
    symbol = str(raw or "").strip().upper()
    if symbol not in data.tokens:
        data.problem(f"{what} names unknown token {shown(raw)}")
        return None
    return symbol


def _amount(data: SourceData, raw: Any, what: str) -> Fraction | None:
    try:
        return exact_value(raw)
    except NumberRefused as refused:
        data.problem(f"{what} {shown(raw)} is not an amount here ({refused.reason})")
        return None


def _read_balances(data: SourceData, table: Table, owners: dict[str, str]) -> None:
    owner_col, token_col = table.pick(*_OWNER_COLUMNS), table.pick("token", "token_symbol", "symbol", "asset")
    amount_col, locked_col = table.pick("balance", "amount"), table.pick("locked_balance", "locked")
    if owner_col is None or token_col is None or amount_col is None:
        data.problem("balances needs owner, token and balance columns")
        return
    for row in table.rows:
        owner = _owner(data, row[owner_col], owners, "balance")
        symbol = _symbol(data, row[token_col], "a balance")
        if owner is None or symbol is None:
            continue
        amount = _amount(data, row[amount_col], f"balance of {symbol} of {owner.split(':', 1)[1]!r}:")
        locked = _cell(row, locked_col)
        if locked not in (None, "", "0", 0) and amount is not None:
            extra = _amount(data, locked, f"locked balance of {symbol}:")
            if extra is not None and extra != 0:
                data.note(f"{shown(owner.split(':', 1)[1])}'s locked {symbol} is added to the balance")
                amount += extra
        if amount is not None:
            data.balances.append(BalanceRow(owner, symbol, amount))


def _read_pools(data: SourceData, table: Table) -> None:
    id_col = table.pick("id", "pool_id")
    a_col = table.pick("token_a", "token0", "token_x", "base_token")
    b_col = table.pick("token_b", "token1", "token_y", "quote_token")
    ra_col = table.pick("reserve_a", "reserve0", "reserve_x")
    rb_col = table.pick("reserve_b", "reserve1", "reserve_y")
    total_col = table.pick("total_shares", "lp_supply", "total_liquidity", "total_lp")
    fee_col = table.pick("fee_rate", "fee_bps", "fee")
    if id_col is None or a_col is None or b_col is None or ra_col is None or rb_col is None:
        data.problem("pools needs id, token_a, token_b, reserve_a and reserve_b columns")
        return
    for row in table.rows:
        data.seen_pools.add(str(row[id_col]))
        sym_a, sym_b = _symbol(data, row[a_col], "a pool"), _symbol(data, row[b_col], "a pool")
        if sym_a is None or sym_b is None:
            continue
        where = f"pool {sym_a}/{sym_b}"
        if sym_a == sym_b or any({p.symbol_a, p.symbol_b} == {sym_a, sym_b} for p in data.pools):
            data.problem(f"{where} is a duplicate or pairs a token with itself")
            continue
        ra = _amount(data, row[ra_col], f"{where} reserve")
        rb = _amount(data, row[rb_col], f"{where} reserve")
        fee = fee_bps(_cell(row, fee_col))
        if fee is None:
            data.problem(f"{where} fee {shown(_cell(row, fee_col))} is not 1 to 100 basis points")
        total_raw = _cell(row, total_col)
        total = None if total_raw in (None, "") else _amount(data, total_raw, f"{where} total shares")
        if ra is None or rb is None or fee is None:
            continue
        data.pools.append(PoolRow(str(row[id_col]), sym_a, sym_b, ra, rb, total, fee))


def _read_liquidity(data: SourceData, table: Table, owners: dict[str, str]) -> None:
    pool_col, owner_col = table.pick("pool_id", "pool"), table.pick(*_OWNER_COLUMNS)
    shares_col = table.pick("shares", "lp_tokens", "liquidity", "amount")
    if pool_col is None or owner_col is None or shares_col is None:
        data.problem("liquidity needs pool_id, owner and shares columns")
        return
    pools = {p.original_id for p in data.pools}
    for row in table.rows:
        pool_id = str(row[pool_col])
        if pool_id not in pools:
            if pool_id not in data.seen_pools:  # a refused pool's rows: its problem is listed already
                data.problem(f"liquidity row for unknown pool {shown(row[pool_col])}")
            continue
        owner = _owner(data, row[owner_col], owners, "liquidity")
        shares = _amount(data, row[shares_col], "liquidity shares")
        if owner is None or shares is None:
            continue
        if shares < 0:
            data.problem(
                f"liquidity shares {shown(row[shares_col])} of {shown(owner.split(':', 1)[1])} are negative"
            )
            continue
        data.liquidity.append(LiquidityRow(pool_id, owner, shares))


def timestamp_ms(text: str | None) -> int | None:
    """Epoch ms of the originals' ``CURRENT_TIMESTAMP`` text (UTC, ``YYYY-MM-DD HH:MM:SS``), if it is one."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp()) * 1000 + moment.microsecond // 1000

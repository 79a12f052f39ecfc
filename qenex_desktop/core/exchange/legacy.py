"""Import of the original QENEX databases: a core ``system.db`` and a DeFi platform ``defi.db``.

What is read (columns are matched by name; the alternatives the original versions used are listed):

- ``users(id, username, password_hash)`` (system.db only): each becomes a profile keeping its
  PBKDF2 hash (``salt$hexkey``), which the first successful login replaces with Argon2id.
- ``tokens(symbol, name, decimals, total_supply[, max_supply])``
- ``balances(user_id | username | address | owner | user, token | symbol, balance | amount)``
- ``pools(id | pool_id, token_a | token0, token_b | token1, reserve_a | reserve0, reserve_b |
  reserve1[, total_shares | total_liquidity | lp_supply][, fee | fee_rate | fee_bps])``
- ``liquidity(pool_id, user_id | username | address | provider | owner | user, shares | amount |
  lp_tokens | liquidity)``
- ``transactions`` and ``audit_log`` are counted, not imported: history stays in the old file.

Holders that are imported users get their balances in their profile's "Main" account; other
holders (DeFi addresses) become counterparty accounts of the importing profile. Decimal text (or
the floats the originals stored) becomes base units exactly, with no Decimal context involved;
a value that does not fit its token's decimals, a negative one, an unknown token or user, a
symbol or username that already exists... is listed as a problem and nothing lands. A token's
supply is set to what is actually held (balances plus reserves) so conservation holds; where the
old ``total_supply`` disagreed it is noted. Pools get the 1000 locked shares the AMM keeps.
The whole import is one transaction with one audit entry.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qenex_desktop.core import amm
from qenex_desktop.core.audit import AuditLog, Category
from qenex_desktop.core.auth import ActiveSession
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import (
    ExchangeAccount,
    ExchangeBalance,
    ExchangeLegacyImport,
    ExchangePool,
    ExchangePosition,
    ExchangePricePoint,
    ExchangeToken,
    Profile,
)
from qenex_desktop.core.errors import LegacyImportError, QenexError, ValidationError
from qenex_desktop.core.exchange.ledger import DEFAULT_ACCOUNT
from qenex_desktop.core.security.passwords import is_legacy_hash
from qenex_desktop.core.validation import (
    UINT256_MAX,
    parse_account_name,
    parse_symbol,
    parse_token_name,
    parse_username,
)

SHARE_DECIMALS = 18
_OWNER_COLUMNS = ("user_id", "username", "address", "provider", "owner", "user", "account")
_MAX_PROBLEMS_IN_MESSAGE = 12
#: Digits of 2^256-1: a value with more significant digits cannot be a balance.
_UINT256_DIGITS = len(str(UINT256_MAX))
#: Longer number text is refused before parsing (no exact amount needs it; a file may hold megabytes).
_MAX_NUMBER_TEXT = 1_000
_TOKEN_NAME_MAX = 64


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, with ``dry_run``, would do); ``problems`` non-empty means nothing landed."""

    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


class LegacyImportRefused(LegacyImportError):
    """The import found problems; ``report`` lists them all."""

    def __init__(self, report: ImportReport) -> None:
        shown = "; ".join(report.problems[:_MAX_PROBLEMS_IN_MESSAGE])
        more = len(report.problems) - _MAX_PROBLEMS_IN_MESSAGE
        suffix = f" (and {more} more)" if more > 0 else ""
        super().__init__(f"Nothing was imported: {len(report.problems)} problem(s): {shown}{suffix}")
        self.report = report


def to_base_units(value: Any, decimals: int) -> int | None:
    """Exact base units of a legacy number (text, int or float); None when not exactly representable.

    None also for anything past 2^256-1, decided from the digit count and exponent before any
    power of ten is computed: ``1E+999999999`` must not make the import compute a billion digits.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int) and value.bit_length() > 256:
        return None  # str() of it could pass Python's int-text limit
    text = repr(value) if isinstance(value, float) else str(value).strip()
    if len(text) > _MAX_NUMBER_TEXT:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or (number.is_signed() and number != 0):
        return None
    _sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    significant = len(digits)
    while significant and digits[significant - 1] == 0:  # 1.000 is 1: trailing zeros are not precision
        significant -= 1
    if significant == 0:
        return 0  # zero, whatever its exponent
    shift = exponent + (len(digits) - significant) + decimals
    if shift < 0:
        return None  # the last significant digit is finer than the token's decimals
    if significant + shift > _UINT256_DIGITS:
        return None  # at least 10^78, past 2^256-1
    units = int("".join(map(str, digits[:significant]))) * 10**shift
    return units if units <= UINT256_MAX else None


def _shown(value: Any) -> str:
    """A legacy value quoted for a message: escaped by repr, and cut when long."""
    text = repr(value)
    return text if len(text) <= 48 else f"{text[:40]}...({len(text)} chars)"


Owner = tuple[str, str]  # ("user", username) or ("holder", identifier)


@dataclass
class _TokenPlan:
    symbol: str
    name: str
    decimals: int
    legacy_total: Any
    max_supply: Any
    source: str


@dataclass
class _PoolPlan:
    symbol_a: str
    symbol_b: str
    reserve_a: int
    reserve_b: int
    fee_bps: int
    legacy_total: Any
    positions: dict[Owner, int]
    source: str


@dataclass
class _Plan:
    users: dict[str, str] = field(default_factory=dict)
    holder_names: dict[str, str] = field(default_factory=dict)  # holder id -> its account name
    tokens: dict[str, _TokenPlan] = field(default_factory=dict)
    holdings: dict[tuple[Owner, str], int] = field(default_factory=dict)
    pools: list[_PoolPlan] = field(default_factory=list)
    sources: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, sha256, name)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


def _pick(columns: Iterable[str], candidates: Iterable[str]) -> str | None:
    present = {c.lower(): c for c in columns}
    for name in candidates:
        if name in present:
            return present[name]
    return None


class _Source:
    """One legacy file, opened read-only."""

    def __init__(self, path: Path, kind: str, field_name: str) -> None:
        self.path = Path(path)
        self.kind = kind
        if not self.path.is_file():
            raise LegacyImportError(f"There is no file at {self.path}.", field=field_name)
        self.sha256 = hashlib.sha256(self.path.read_bytes()).hexdigest()
        try:
            self.conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
            self.conn.row_factory = sqlite3.Row
            names = self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        except sqlite3.DatabaseError as exc:
            raise LegacyImportError(
                f"{self.path.name} is not a SQLite database ({exc}).", field=field_name
            ) from None
        self.tables = {row[0].lower() for row in names}

    def rows(self, table: str) -> tuple[list[str], list[sqlite3.Row]]:
        cursor = self.conn.execute(f'SELECT * FROM "{table}"')  # table names come from a fixed list
        columns = [d[0] for d in cursor.description]
        return columns, cursor.fetchall()

    def close(self) -> None:
        self.conn.close()


class LegacyImporter:
    def __init__(self, database: Database, audit: AuditLog, clock: Clock) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock

    def run(
        self, actor: ActiveSession, *, qenex_os_db: Path | None, defi_db: Path | None, dry_run: bool
    ) -> ImportReport:
        if qenex_os_db is None and defi_db is None:
            raise ValidationError(
                "Name a legacy database: --qenex-os-db FILE and/or --defi-db FILE.", field="source"
            )
        plan = _Plan()
        sources = []
        try:
            if qenex_os_db is not None:
                sources.append(_Source(qenex_os_db, "qenex-os", "qenex_os_db"))
            if defi_db is not None:
                sources.append(_Source(defi_db, "defi", "defi_db"))
            if len(sources) == 2 and sources[0].sha256 == sources[1].sha256:
                raise LegacyImportError("Both options name the same file.", field="defi_db")
            for source in sources:
                _read(source, plan)
            _name_holders(plan)
        finally:
            for source in sources:
                source.close()
        try:
            with self.db.write() as session:
                self._apply(session, actor, plan)
                if plan.problems:
                    raise LegacyImportRefused(_report(plan, dry_run))
                if dry_run:
                    raise _DryRunDone(_report(plan, dry_run))
        except _DryRunDone as done:
            return done.report
        except LegacyImportRefused as refused:
            if dry_run:
                return refused.report
            raise
        return _report(plan, dry_run)

    # -- writing -----------------------------------------------------------------------------

    def _apply(self, session: Session, actor: ActiveSession, plan: _Plan) -> None:
        now = self.clock.now_ms()
        _check_conflicts(session, actor, plan)
        _check_totals(plan)
        if plan.problems:
            return
        profiles: dict[str, int] = {}
        for username, password_hash in plan.users.items():
            profile = Profile(
                username=username,
                password_hash=password_hash,
                created_at=now,
                password_changed_at=now,
                failed_logins=0,
                lockout_count=0,
            )
            session.add(profile)
            session.flush()
            profiles[username] = profile.id
        accounts: dict[Owner, int] = {}

        def account_for(owner: Owner) -> int:
            if owner in accounts:
                return accounts[owner]
            if owner[0] == "user":
                account = ExchangeAccount(
                    profile_id=profiles[owner[1]], name=DEFAULT_ACCOUNT, kind="own", created_at=now
                )
            else:
                account = ExchangeAccount(
                    profile_id=actor.profile_id,
                    name=plan.holder_names[owner[1]],
                    kind="counterparty",
                    created_at=now,
                )
                clash = session.scalar(
                    select(ExchangeAccount.id).where(
                        ExchangeAccount.profile_id == actor.profile_id, ExchangeAccount.name == account.name
                    )
                )
                if clash is not None:
                    accounts[owner] = clash
                    return clash
            session.add(account)
            session.flush()
            accounts[owner] = account.id
            return account.id

        held = _held(plan)
        tokens: dict[str, ExchangeToken] = {}
        for symbol, token_plan in plan.tokens.items():
            supply = held[symbol]
            legacy_total = to_base_units(token_plan.legacy_total, token_plan.decimals)
            if token_plan.legacy_total is not None and legacy_total != supply:
                plan.notes.append(
                    f"{symbol}: the old total_supply ({_shown(token_plan.legacy_total)}) differs from "
                    "what is held; the supply is set to what is held"
                )
            cap = None
            if token_plan.max_supply not in (None, ""):
                cap = to_base_units(token_plan.max_supply, token_plan.decimals)
                if cap is None or cap < supply:
                    plan.problems.append(
                        f"{symbol}: max_supply {_shown(token_plan.max_supply)} "
                        "is below what is held or not exact"
                    )
                    continue
            token = ExchangeToken(
                symbol=symbol,
                name=token_plan.name,
                decimals=token_plan.decimals,
                total_supply=supply,
                max_supply=cap,
                creator_profile_id=None,
                created_at=now,
                origin="legacy",
            )
            session.add(token)
            tokens[symbol] = token
        if plan.problems:
            return
        session.flush()
        for (owner, symbol), amount in sorted(plan.holdings.items()):
            if amount:
                session.add(
                    ExchangeBalance(account_id=account_for(owner), token_id=tokens[symbol].id, amount=amount)
                )
        for pool_plan in plan.pools:
            a, b = tokens[pool_plan.symbol_a], tokens[pool_plan.symbol_b]
            first_is_a = a.id < b.id
            provider_shares = sum(pool_plan.positions.values())
            legacy_total = to_base_units(pool_plan.legacy_total, SHARE_DECIMALS)
            if pool_plan.legacy_total is not None and legacy_total != provider_shares:
                plan.notes.append(
                    f"pool {a.symbol}/{b.symbol}: the old total shares ({_shown(pool_plan.legacy_total)}) "
                    "differ from the sum of positions; the total is the positions plus the 1000 locked shares"
                )
            pool = ExchangePool(
                token0_id=a.id if first_is_a else b.id,
                token1_id=b.id if first_is_a else a.id,
                fee_bps=pool_plan.fee_bps,
                reserve0=pool_plan.reserve_a if first_is_a else pool_plan.reserve_b,
                reserve1=pool_plan.reserve_b if first_is_a else pool_plan.reserve_a,
                total_shares=provider_shares + amm.MINIMUM_LIQUIDITY,
                locked_shares=amm.MINIMUM_LIQUIDITY,
                volume0=0,
                volume1=0,
                fees0=0,
                fees1=0,
                swap_count=0,
                created_by_profile_id=None,
                created_at=now,
            )
            session.add(pool)
            session.flush()
            for owner, shares in sorted(pool_plan.positions.items()):
                if shares:
                    session.add(
                        ExchangePosition(pool_id=pool.id, account_id=account_for(owner), shares=shares)
                    )
            session.add(
                ExchangePricePoint(
                    pool_id=pool.id,
                    created_at=now,
                    kind="import",
                    reserve0=pool.reserve0,
                    reserve1=pool.reserve1,
                    volume0=0,
                    volume1=0,
                    fee0=0,
                    fee1=0,
                )
            )
        if plan.problems:
            return
        summary = json.dumps(plan.counts, sort_keys=True)
        for kind, digest, name in plan.sources:
            session.add(
                ExchangeLegacyImport(
                    kind=kind,
                    source_sha256=digest,
                    source_name=name,
                    summary=summary,
                    imported_at=now,
                    imported_by_profile_id=actor.profile_id,
                )
            )
        self.audit.append(
            session,
            category=Category.MONEY,
            event="exchange.legacy_imported",
            actor=actor.username,
            details={
                "sources": [{"kind": k, "sha256": d, "name": n} for k, d, n in plan.sources],
                "counts": plan.counts,
                "notes": len(plan.notes),
            },
        )


def _check_conflicts(session: Session, actor: ActiveSession, plan: _Plan) -> None:
    """What the ledger already has that the file would clash with, as problems."""
    for _kind, digest, name in plan.sources:
        if session.scalar(
            select(ExchangeLegacyImport.id).where(ExchangeLegacyImport.source_sha256 == digest)
        ):
            plan.problems.append(f"{_shown(name)} was imported before (same SHA-256)")
    existing_users = set(session.scalars(select(Profile.username)).all())
    for username in plan.users:
        if username in existing_users:
            plan.problems.append(f"user {username!r} already has a profile here")
    existing_symbols = set(session.scalars(select(ExchangeToken.symbol)).all())
    for symbol in plan.tokens:
        if symbol in existing_symbols:
            plan.problems.append(f"token {symbol} already exists on this ledger")
    own_names = set(
        session.scalars(
            select(ExchangeAccount.name).where(
                ExchangeAccount.profile_id == actor.profile_id, ExchangeAccount.kind == "own"
            )
        ).all()
    )
    for identifier, name in plan.holder_names.items():
        if name in own_names:
            plan.problems.append(
                f"holder {_shown(identifier)} would land in {name!r}, one of your own accounts"
            )


class _DryRunDone(QenexError):
    """Rolls the dry run's transaction back after every check ran."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("dry run")
        self.report = report


def _report(plan: _Plan, dry_run: bool) -> ImportReport:
    return ImportReport(dry_run, dict(plan.counts), tuple(plan.problems), tuple(plan.notes))


def _holder_account_name(identifier: str) -> tuple[str, bool]:
    """(account name, whether it had to be mapped): ``legacy <id>``, checked as a typed account name.

    An id the name rules refuse (control, bidi or zero-width characters) becomes
    ``legacy #<16 hex of its SHA-256>``: distinct holders stay distinct, and nothing a terminal
    would act on is stored.
    """
    name = f"legacy {identifier}"
    if len(name) > 40:
        name = f"legacy {identifier[:12]}..{identifier[-12:]}"
    try:
        return parse_account_name(name), False
    except ValidationError:
        digest = hashlib.sha256(identifier.encode("utf-8", "surrogatepass")).hexdigest()
        return f"legacy #{digest[:16]}", True


def _name_holders(plan: _Plan) -> None:
    """An account name per holder; mapped ones are noted, two holders on one name are a problem."""
    holders = {owner[1] for owner, _symbol in plan.holdings if owner[0] == "holder"}
    holders |= {owner[1] for pool in plan.pools for owner in pool.positions if owner[0] == "holder"}
    taken: dict[str, str] = {}
    for identifier in sorted(holders):
        name, mapped = _holder_account_name(identifier)
        if mapped:
            plan.notes.append(
                f"holder {_shown(identifier)} has control or invisible characters; its account is {name!r}"
            )
        if name in taken:
            plan.problems.append(
                f"holders {_shown(taken[name])} and {_shown(identifier)} would share the account {name!r}"
            )
        taken[name] = identifier
        plan.holder_names[identifier] = name


def _held(plan: _Plan) -> dict[str, int]:
    """Per token, what the file holds: balances plus pool reserves (the supply it gets)."""
    held: dict[str, int] = {symbol: 0 for symbol in plan.tokens}
    for (_owner, symbol), amount in plan.holdings.items():
        held[symbol] += amount
    for pool_plan in plan.pools:
        held[pool_plan.symbol_a] += pool_plan.reserve_a
        held[pool_plan.symbol_b] += pool_plan.reserve_b
    return held


def _check_totals(plan: _Plan) -> None:
    """Sums no ledger column can hold are problems, found before anything is written."""
    for symbol, total in _held(plan).items():
        if total > UINT256_MAX:
            plan.problems.append(
                f"{symbol}: the balances and pool reserves add up past 2^256-1, the most a supply can be"
            )
    for pool_plan in plan.pools:
        if sum(pool_plan.positions.values()) + amm.MINIMUM_LIQUIDITY > UINT256_MAX:
            plan.problems.append(
                f"pool {pool_plan.symbol_a}/{pool_plan.symbol_b}: the positions add up past 2^256-1 shares"
            )


# -- reading --------------------------------------------------------------------------------


def _read(source: _Source, plan: _Plan) -> None:
    where = source.path.name
    plan.sources.append((source.kind, source.sha256, where))
    needed = {"tokens", "balances", "pools", "liquidity"}
    if source.kind == "qenex-os":
        needed |= {"users"}
    missing = sorted(needed - source.tables)
    if missing:
        plan.problems.append(f"{where}: missing table(s) {', '.join(missing)} (is this the right file?)")
        return
    user_ids: dict[str, str] = {}
    if source.kind == "qenex-os":
        user_ids = _read_users(source, plan)
    for table in ("transactions", "audit_log"):
        if table in source.tables:
            plan.count(f"{table}_not_imported", len(source.rows(table)[1]))
    _read_tokens(source, plan)
    _read_balances(source, plan, user_ids)
    _read_pools(source, plan, user_ids)


def _read_users(source: _Source, plan: _Plan) -> dict[str, str]:
    where = source.path.name
    columns, rows = source.rows("users")
    id_col = _pick(columns, ("id", "user_id"))
    name_col = _pick(columns, ("username", "name", "user"))
    hash_col = _pick(columns, ("password_hash", "password", "hash"))
    if name_col is None or hash_col is None:
        plan.problems.append(f"{where}: users has no username or password_hash column")
        return {}
    ids: dict[str, str] = {}
    for row in rows:
        raw = str(row[name_col] or "")
        try:
            username = parse_username(raw)
        except QenexError:
            plan.problems.append(
                f"{where}: user {_shown(raw)} is not a valid username here (3-32 of a-z 0-9 . _ -)"
            )
            continue
        stored = str(row[hash_col] or "")
        if not is_legacy_hash(stored):
            plan.problems.append(
                f"{where}: user {username!r} has a password hash that is not the original PBKDF2 format"
            )
            continue
        if username in plan.users:
            plan.problems.append(f"{where}: user {username!r} appears twice")
            continue
        plan.users[username] = stored
        plan.count("users")
        if id_col is not None:
            ids[str(row[id_col])] = username
        ids[username] = username
    return ids


def _read_tokens(source: _Source, plan: _Plan) -> None:
    where = source.path.name
    columns, rows = source.rows("tokens")
    symbol_col = _pick(columns, ("symbol", "token", "ticker"))
    if symbol_col is None:
        plan.problems.append(f"{where}: tokens has no symbol column")
        return
    name_col = _pick(columns, ("name", "token_name"))
    dec_col = _pick(columns, ("decimals",))
    total_col = _pick(columns, ("total_supply", "supply"))
    max_col = _pick(columns, ("max_supply", "cap"))
    for row in rows:
        raw = str(row[symbol_col] or "")
        try:
            symbol = parse_symbol(raw)
        except QenexError:
            plan.problems.append(
                f"{where}: token symbol {_shown(raw)} is not valid here "
                "(a letter, then up to 10 letters/digits)"
            )
            continue
        if symbol in plan.tokens:
            plan.problems.append(f"{where}: token {symbol} appears twice (or in both files)")
            continue
        decimals_raw = row[dec_col] if dec_col is not None else 18
        try:
            decimals = int(str(decimals_raw if decimals_raw is not None else 18))
        except ValueError:
            decimals = -1
        if not 0 <= decimals <= 18:
            plan.problems.append(
                f"{where}: token {symbol} has decimals {_shown(decimals_raw)}; 0 to 18 are supported"
            )
            continue
        name = _token_name(plan, where, symbol, row[name_col] if name_col is not None else None)
        plan.tokens[symbol] = _TokenPlan(
            symbol,
            name,
            decimals,
            row[total_col] if total_col is not None else None,
            row[max_col] if max_col is not None else None,
            where,
        )
        plan.count("assets")  # not "tokens": the audit log refuses keys that look like secrets


def _token_name(plan: _Plan, where: str, symbol: str, raw: Any) -> str:
    """The name checked as a typed one; a name the rules refuse is replaced by the symbol, noted."""
    text = " ".join(str(raw if raw is not None else "").split())
    if not text:
        return symbol
    if len(text) > _TOKEN_NAME_MAX:
        plan.notes.append(f"{where}: token {symbol}'s name was cut to {_TOKEN_NAME_MAX} characters")
        text = text[:_TOKEN_NAME_MAX].rstrip()
    try:
        return parse_token_name(text)
    except ValidationError:
        plan.notes.append(
            f"{where}: token {symbol}'s name {_shown(raw)} has control or invisible characters; "
            f"it is imported as {symbol}"
        )
        return symbol


def _owner(plan: _Plan, where: str, raw: Any, user_ids: dict[str, str], what: str) -> Owner | None:
    key = str(raw if raw is not None else "").strip()
    if not key:
        plan.problems.append(f"{where}: a {what} row has no owner")
        return None
    if user_ids:
        username = user_ids.get(key) or user_ids.get(key.lower())
        if username is None:
            plan.problems.append(f"{where}: {what} of unknown user {_shown(key)}")
            return None
        return ("user", username)
    if key.lower() in plan.users:
        return ("user", key.lower())
    return ("holder", key)


def _symbol_of(plan: _Plan, where: str, raw: Any, what: str) -> str | None:
    symbol = str(raw or "").strip().upper()
    if symbol not in plan.tokens:
        plan.problems.append(f"{where}: {what} names unknown token {_shown(raw)}")
        return None
    return symbol


def _read_balances(source: _Source, plan: _Plan, user_ids: dict[str, str]) -> None:
    where = source.path.name
    columns, rows = source.rows("balances")
    owner_col = _pick(columns, _OWNER_COLUMNS)
    token_col = _pick(columns, ("token", "symbol", "token_symbol", "asset"))
    amount_col = _pick(columns, ("balance", "amount"))
    if owner_col is None or token_col is None or amount_col is None:
        plan.problems.append(f"{where}: balances needs owner, token and balance columns")
        return
    for row in rows:
        owner = _owner(plan, where, row[owner_col], user_ids, "balance")
        symbol = _symbol_of(plan, where, row[token_col], "a balance")
        if owner is None or symbol is None:
            continue
        units = to_base_units(row[amount_col], plan.tokens[symbol].decimals)
        if units is None:
            plan.problems.append(
                f"{where}: balance {_shown(row[amount_col])} {symbol} of {_shown(owner[1])} is not exact in "
                f"{plan.tokens[symbol].decimals} decimals, negative or past 2^256-1"
            )
            continue
        key = (owner, symbol)
        if key in plan.holdings:
            plan.notes.append(
                f"{where}: {_shown(owner[1])} had several {symbol} balance rows; they were added up"
            )
        plan.holdings[key] = plan.holdings.get(key, 0) + units
        plan.count("balances")


def _fee_bps(raw: Any) -> int | None:
    if raw is None or raw == "":
        return amm.DEFAULT_FEE_BPS
    text = repr(raw) if isinstance(raw, float) else str(raw).strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    # A fraction (0.003) in the originals; whole numbers are basis points already.
    units = to_base_units(text, 4) if value < 1 else to_base_units(text, 0)
    if units is None or not amm.MIN_FEE_BPS <= units <= amm.MAX_FEE_BPS:
        return None
    return units


def _read_pools(source: _Source, plan: _Plan, user_ids: dict[str, str]) -> None:
    where = source.path.name
    columns, rows = source.rows("pools")
    id_col = _pick(columns, ("id", "pool_id"))
    a_col = _pick(columns, ("token_a", "token0", "token_x", "base_token"))
    b_col = _pick(columns, ("token_b", "token1", "token_y", "quote_token"))
    ra_col = _pick(columns, ("reserve_a", "reserve0", "reserve_x"))
    rb_col = _pick(columns, ("reserve_b", "reserve1", "reserve_y"))
    total_col = _pick(columns, ("total_shares", "total_liquidity", "lp_supply", "total_lp"))
    fee_col = _pick(columns, ("fee_bps", "fee", "fee_rate"))
    if None in (id_col, a_col, b_col, ra_col, rb_col):
        plan.problems.append(f"{where}: pools needs id, token_a, token_b, reserve_a and reserve_b columns")
        return
    assert id_col and a_col and b_col and ra_col and rb_col
    by_id: dict[str, _PoolPlan] = {}
    pairs = {frozenset((p.symbol_a, p.symbol_b)) for p in plan.pools}
    for row in rows:
        sym_a = _symbol_of(plan, where, row[a_col], "a pool")
        sym_b = _symbol_of(plan, where, row[b_col], "a pool")
        if sym_a is None or sym_b is None:
            continue
        pair = frozenset((sym_a, sym_b))
        if sym_a == sym_b or pair in pairs:
            plan.problems.append(f"{where}: pool {sym_a}/{sym_b} is a duplicate or pairs a token with itself")
            continue
        ra = to_base_units(row[ra_col], plan.tokens[sym_a].decimals)
        rb = to_base_units(row[rb_col], plan.tokens[sym_b].decimals)
        if not ra or not rb:
            plan.problems.append(
                f"{where}: pool {sym_a}/{sym_b} reserves {_shown(row[ra_col])}/{_shown(row[rb_col])} "
                "are empty, negative or not exact"
            )
            continue
        if max(ra, rb) > amm.MAX_RESERVE:
            plan.problems.append(
                f"{where}: pool {sym_a}/{sym_b} holds more than 2^112-1 base units of a token, "
                "the most a pool holds (as in Uniswap V2)"
            )
        fee = _fee_bps(row[fee_col]) if fee_col is not None else amm.DEFAULT_FEE_BPS
        if fee is None:
            plan.problems.append(
                f"{where}: pool {sym_a}/{sym_b} fee {_shown(row[fee_col] if fee_col else None)} "
                "is not 1 to 100 basis points"
            )
            continue
        pool_plan = _PoolPlan(sym_a, sym_b, ra, rb, fee, row[total_col] if total_col else None, {}, where)
        pairs.add(pair)
        by_id[str(row[id_col])] = pool_plan
        plan.pools.append(pool_plan)
        plan.count("pools")
    columns, rows = source.rows("liquidity")
    pool_col = _pick(columns, ("pool_id", "pool"))
    owner_col = _pick(columns, _OWNER_COLUMNS)
    shares_col = _pick(columns, ("shares", "lp_tokens", "liquidity", "amount"))
    if pool_col is None or owner_col is None or shares_col is None:
        plan.problems.append(f"{where}: liquidity needs pool_id, owner and shares columns")
        return
    for row in rows:
        found = by_id.get(str(row[pool_col]))
        if found is None:
            plan.problems.append(f"{where}: liquidity row for unknown pool {_shown(row[pool_col])}")
            continue
        owner = _owner(plan, where, row[owner_col], user_ids, "liquidity")
        if owner is None:
            continue
        shares = to_base_units(row[shares_col], SHARE_DECIMALS)
        if shares is None:
            plan.problems.append(
                f"{where}: liquidity {_shown(row[shares_col])} of {_shown(owner[1])} "
                f"is not exact in {SHARE_DECIMALS} decimals or past 2^256-1"
            )
            continue
        found.positions[owner] = found.positions.get(owner, 0) + shares
        plan.count("positions")

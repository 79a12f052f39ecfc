"""What an import put where, so that a newer copy of the same file can replace it.

Each imported file's row in ``exchange_legacy_imports`` keeps a footprint (JSON): the file's
identity (users, tokens and pools, which the originals never delete or rename), the profiles and
accounts it created, and its contribution to every balance, position and pool reserve. The state
an object should have if nobody touched it since is the sum of the live imports' contributions
(two files may add to one account or pool); anything else there means the person used it here.

A newer copy replaces an earlier import only when every object of the earlier one is as the
imports left it: then its contributions are taken out (in the import's own transaction) and the
newer file's go in like a fresh import. Otherwise the refusal lists what changed here.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from qenex_desktop.core.db.models import (
    ExchangeAccount,
    ExchangeBalance,
    ExchangeLegacyImport,
    ExchangePool,
    ExchangePosition,
    ExchangeToken,
    LegacyHistoryEntry,
    Profile,
)
from qenex_desktop.core.exchange.legacy.numbers import units_text

FOOTPRINT_VERSION = 1


@dataclass
class Footprint:
    identity: dict[str, list[list[str]]] = field(default_factory=dict)
    #: {"key": "user:<id>", "name": original, "profile_id": int, "login": str}
    users: list[dict[str, Any]] = field(default_factory=list)
    #: {"key": "holder:<id>", "account_id": int} for accounts made for holders
    holders: list[dict[str, Any]] = field(default_factory=list)
    #: {"owner": key, "account_id": int, "token_id": int, "units": str}
    balances: list[dict[str, Any]] = field(default_factory=list)
    #: {"pool_id": int, "reserves": [[token_id, str], [token_id, str]],
    #:  "positions": [{"owner": key, "account_id": int, "shares": str}]}
    pools: list[dict[str, Any]] = field(default_factory=list)

    def dump(self) -> str:
        data = {"v": FOOTPRINT_VERSION, "identity": self.identity, "users": self.users}
        data |= {"holders": self.holders, "balances": self.balances, "pools": self.pools}
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def load(cls, text: str | None) -> Footprint | None:
        try:
            data = json.loads(text or "")
        except ValueError:
            return None
        if not isinstance(data, dict) or data.get("v") != FOOTPRINT_VERSION:
            return None
        return cls(data["identity"], data["users"], data["holders"], data["balances"], data["pools"])


@dataclass(frozen=True)
class LiveImport:
    """An import whose objects are still its own: not replaced by a newer copy."""

    id: int
    kind: str
    sha256: str
    name: str
    footprint: Footprint

    def covers(self, identity: dict[str, list[list[str]]]) -> bool:
        """The newer file still has everything this import's file had (so it is a newer copy of it)."""
        mine = self.footprint.identity
        if not any(mine.get(part) for part in ("users", "assets", "pools")):
            return False  # an empty file is a copy of nothing in particular
        return all(
            {tuple(item) for item in mine.get(part, [])} <= {tuple(item) for item in identity.get(part, [])}
            for part in ("users", "assets", "pools")
        )


def live_imports(session: Session) -> list[LiveImport]:
    rows = session.scalars(
        select(ExchangeLegacyImport)
        .where(ExchangeLegacyImport.replaced_by_id.is_(None), ExchangeLegacyImport.footprint.is_not(None))
        .order_by(ExchangeLegacyImport.id)
    ).all()
    out = []
    for row in rows:
        footprint = Footprint.load(row.footprint)
        if footprint is not None:
            out.append(LiveImport(row.id, row.kind, row.source_sha256, row.source_name, footprint))
    return out


@dataclass
class Expected:
    """What the live imports together left in each object they touched."""

    balances: dict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))
    positions: dict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))
    reserves: dict[tuple[int, int], int] = field(default_factory=lambda: defaultdict(int))

    @classmethod
    def of(cls, imports: list[LiveImport]) -> Expected:
        out = cls()
        for live in imports:
            for item in live.footprint.balances:
                out.balances[(item["account_id"], item["token_id"])] += int(item["units"])
            for pool in live.footprint.pools:
                for token_id, units in pool["reserves"]:
                    out.reserves[(pool["pool_id"], token_id)] += int(units)
                for position in pool["positions"]:
                    out.positions[(pool["pool_id"], position["account_id"])] += int(position["shares"])
        return out


def objects_of(session: Session, live: LiveImport) -> tuple[set[int], set[int]]:
    """(account ids, pool ids) this import created or added to, users' Main accounts included."""
    accounts = {item["account_id"] for item in live.footprint.balances}
    accounts |= {item["account_id"] for item in live.footprint.holders}
    accounts |= {p["account_id"] for pool in live.footprint.pools for p in pool["positions"]}
    profiles = [item["profile_id"] for item in live.footprint.users]
    if profiles:
        accounts |= set(
            session.scalars(select(ExchangeAccount.id).where(ExchangeAccount.profile_id.in_(profiles))).all()
        )
    return accounts, {pool["pool_id"] for pool in live.footprint.pools}


def changes_since(session: Session, live: LiveImport, imports: list[LiveImport]) -> list[str]:
    """What was changed here in the accounts and pools of ``live``, in words; empty when nothing."""
    expected = Expected.of(imports)
    accounts, pools = objects_of(session, live)
    tokens = {t.id: (t.symbol, t.decimals) for t in session.scalars(select(ExchangeToken)).all()}
    changed: list[str] = []
    for account in session.scalars(select(ExchangeAccount).where(ExchangeAccount.id.in_(accounts))).all():
        owner = session.get(Profile, account.profile_id)
        label = f"account {account.name!r} of {owner.username if owner else '?'}"
        held = {
            b.token_id: b.amount
            for b in session.scalars(select(ExchangeBalance).where(ExchangeBalance.account_id == account.id))
        }
        left = {tid: units for (aid, tid), units in expected.balances.items() if aid == account.id}
        for token_id in sorted(set(held) | set(left)):
            now, then = held.get(token_id, 0), left.get(token_id, 0)
            if now != then:
                symbol, decimals = tokens[token_id]
                changed.append(
                    f"{label}: {symbol} is {units_text(now, decimals)} here, the import left "
                    f"{units_text(then, decimals)}"
                )
        changed += _position_changes(session, account, label, expected)
    for pool in session.scalars(select(ExchangePool).where(ExchangePool.id.in_(pools))).all():
        pair = f"{tokens[pool.token0_id][0]}/{tokens[pool.token1_id][0]}"
        left0 = expected.reserves.get((pool.id, pool.token0_id), 0)
        left1 = expected.reserves.get((pool.id, pool.token1_id), 0)
        if (pool.reserve0, pool.reserve1) != (left0, left1) or pool.swap_count:
            changed.append(f"pool {pair}: swaps or liquidity changed its reserves here")
    return changed


def _position_changes(
    session: Session, account: ExchangeAccount, label: str, expected: Expected
) -> list[str]:
    held = {
        p.pool_id: p.shares
        for p in session.scalars(select(ExchangePosition).where(ExchangePosition.account_id == account.id))
    }
    left = {pid: shares for (pid, aid), shares in expected.positions.items() if aid == account.id}
    return [
        f"{label}: its shares of pool #{pool_id} changed here"
        for pool_id in sorted(set(held) | set(left))
        if held.get(pool_id, 0) != left.get(pool_id, 0)
    ]


def take_out(session: Session, live: LiveImport) -> set[int]:
    """Remove ``live``'s contributions (its file is being replaced); returns the tokens touched.

    Only called when ``changes_since`` found nothing, so every subtraction stays >= 0. A pool left
    with no reserves goes (its positions and price points with it); accounts and profiles stay,
    for the newer file to fill again.
    """
    removed: dict[int, int] = defaultdict(int)  # token id -> base units taken out (its supply falls)
    for item in live.footprint.balances:
        row = session.get(ExchangeBalance, (item["account_id"], item["token_id"]))
        if row is not None:
            row.amount = row.amount - int(item["units"])
            removed[item["token_id"]] += int(item["units"])
            if row.amount == 0:
                session.delete(row)  # the newer file's amount, if any, comes in as a new row
    for entry in live.footprint.pools:
        pool = session.get(ExchangePool, entry["pool_id"])
        if pool is None:
            continue
        taken = 0
        for position in entry["positions"]:
            held = session.get(ExchangePosition, (pool.id, position["account_id"]))
            if held is not None:
                held.shares = held.shares - int(position["shares"])
                taken += int(position["shares"])
        for token_id, units in entry["reserves"]:
            removed[token_id] += int(units)
            if token_id == pool.token0_id:
                pool.reserve0 = pool.reserve0 - int(units)
            else:
                pool.reserve1 = pool.reserve1 - int(units)
        pool.total_shares = pool.total_shares - taken
    for token_id, units in removed.items():
        token = session.get_one(ExchangeToken, token_id)
        token.total_supply = token.total_supply - units
    session.flush()
    _drop_emptied(session, {entry["pool_id"] for entry in live.footprint.pools})
    session.execute(delete(LegacyHistoryEntry).where(LegacyHistoryEntry.import_id == live.id))
    return set(removed)


def _drop_emptied(session: Session, pool_ids: set[int]) -> None:
    emptied = [
        pool.id
        for pool in session.scalars(select(ExchangePool).where(ExchangePool.id.in_(pool_ids))).all()
        if pool.reserve0 == 0 and pool.reserve1 == 0
    ]
    session.execute(
        delete(ExchangePosition).where(ExchangePosition.pool_id.in_(pool_ids), ExchangePosition.shares == 0)
    )
    if emptied:
        session.execute(delete(ExchangePosition).where(ExchangePosition.pool_id.in_(emptied)))
        session.execute(delete(ExchangePool).where(ExchangePool.id.in_(emptied)))
    session.flush()
    session.expire_all()

"""On-chain liquidity through Router02: create a pool or add at its price with minimum amounts,
remove a share, and positions read from LP balances, total supply and reserves.

The amounts come from ``core.amm`` as the router and the pair compute them: the deposit is
``optimal_deposit`` (Router02._addLiquidity), the shares minted ``mint_shares`` (UniswapV2Pair.mint,
the protocol fee off: the factory's ``feeTo`` is unset), a removal ``burn_amounts``
(UniswapV2Pair.burn). Every token the router takes is approved first for exactly that amount (the
pool's LP token too, for a removal), each a tracked transaction like a send; ETH goes through the
router's ETH functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qenex_desktop.core import amm
from qenex_desktop.core.chain.gateway import Live
from qenex_desktop.core.chain.types import TxInfo
from qenex_desktop.core.chain.v2 import abi
from qenex_desktop.core.chain.v2.deployment import V2Deployment, of_network
from qenex_desktop.core.chain.v2.quote import pair_address, read_pairs, sort_tokens
from qenex_desktop.core.chain.v2.swap import MAX_DEADLINE_S, V2Swaps, chain_time
from qenex_desktop.core.chain.v2.venue import Side, units_of
from qenex_desktop.core.errors import ChainError, InsufficientFundsError, ValidationError
from qenex_desktop.core.validation import format_amount


@dataclass(frozen=True)
class PoolState:
    """One pool as ``side_a``/``side_b`` see it (reserves in their order), and ``owner``'s LP."""

    pair: str | None  # None: no pool yet (the first deposit creates it)
    reserve_a: int
    reserve_b: int
    total_supply: int
    owned: int


@dataclass(frozen=True)
class LiquidityPlan:
    kind: str  # "add" | "remove"
    deployment: V2Deployment
    side_a: Side
    side_b: Side
    sender: str
    pool: PoolState
    amount_a: int
    amount_b: int
    min_a: int
    min_b: int
    #: add: the LP shares the deposit mints; remove: the LP shares burnt.
    shares: int
    deadline: int
    call_data: str
    value: int


@dataclass(frozen=True)
class Approval:
    """One approval the router needs before a plan: ``token`` for exactly ``amount``."""

    token: str
    symbol: str
    decimals: int
    amount: int


@dataclass(frozen=True)
class Position:
    pair: str
    side_a: Side
    side_b: Side
    shares: int
    total_supply: int
    amount_a: int
    amount_b: int
    #: The pool's reserves (side_a's, side_b's): what ``qenex pool list --venue chain`` shows.
    reserve_a: int = 0
    reserve_b: int = 0


def _read(live: Live, deployment: V2Deployment, a: Side, b: Side, owner: str) -> PoolState:
    found, _ = read_pairs(live.client, deployment, [sort_tokens(a.address, b.address)])
    state = found.get(sort_tokens(a.address, b.address))
    if state is None:
        return PoolState(None, 0, 0, 0, 0)
    calls: list[tuple[str, list[Any]]] = [
        ("eth_call", [{"to": state.pair, "data": abi.encode_call("pair", "totalSupply")}, "latest"]),
        ("eth_call", [{"to": state.pair, "data": abi.encode_call("pair", "balanceOf", owner)}, "latest"]),
    ]
    total, owned = (
        int(abi.decode_result("pair", n, str(x))[0])
        for n, x in zip(("totalSupply", "balanceOf"), live.client.batch(calls), strict=True)
    )
    reserve_a, reserve_b = state.reserves(a.address)
    return PoolState(state.pair, reserve_a, reserve_b, total, owned)


class V2Liquidity:
    def __init__(self, swaps: V2Swaps) -> None:
        self.swaps = swaps
        self.venue = swaps.venue
        self.chain = swaps.chain

    def _sides(self, live: Live, token_a: str, token_b: str) -> tuple[V2Deployment, Side, Side]:
        deployment = of_network(live.network)
        a = self.venue.side(live, deployment, token_a, field="token_a")
        b = self.venue.side(live, deployment, token_b, field="token_b")
        if a.address == b.address:
            raise ValidationError("A pool holds two different tokens.", field="token_b")
        if a.is_eth and b.is_eth:
            raise ValidationError("A pool holds two different tokens.", field="token_b")
        return deployment, a, b

    def _start(self, deadline_s: int, from_address: str | None) -> tuple[Live, str, int]:
        if isinstance(deadline_s, bool) or not 0 < deadline_s <= MAX_DEADLINE_S:
            raise ValidationError("The deadline is 1 to 86,400 seconds from now.", field="deadline")
        active = self.chain.auth.require_session()
        live = self.chain.live()
        return live, self.chain.signer.sender(active, from_address), chain_time(live) + deadline_s

    # -- add -----------------------------------------------------------------------------------------

    def prepare_add(
        self,
        token_a: str,
        token_b: str,
        amount_a: str | int,
        amount_b: str | int | None = None,
        *,
        slippage_bps: int,
        deadline_s: int = 1200,
        from_address: str | None = None,
    ) -> LiquidityPlan:
        """A deposit at the pool's price (``amount_b`` None: the pool's price decides it; a new
        pool needs both), the minimums under the slippage, and the shares it mints."""
        live, sender, deadline = self._start(deadline_s, from_address)
        deployment, a, b = self._sides(live, token_a, token_b)
        pool = _read(live, deployment, a, b, sender)
        want_a = units_of(amount_a, a, "amount_a")
        if amount_b is None:
            if pool.pair is None:
                raise ValidationError("A new pool needs both amounts: they set its price.", field="amount_b")
            want_b = amm.quote(want_a, pool.reserve_a, pool.reserve_b)
        else:
            want_b = units_of(amount_b, b, "amount_b")
        dep_a, dep_b = amm.optimal_deposit(want_a, want_b, 0, 0, pool.reserve_a, pool.reserve_b)
        shares = amm.mint_shares(dep_a, dep_b, pool.reserve_a, pool.reserve_b, pool.total_supply)
        min_a, min_b = (amount * (amm.BPS - slippage_bps) // amm.BPS for amount in (dep_a, dep_b))
        for side, amount, field in ((a, dep_a, "amount_a"), (b, dep_b, "amount_b")):
            self._check_held(live, side, sender, amount, field)
        data, value = _add_call(a, b, dep_a, dep_b, min_a, min_b, sender, deadline)
        return LiquidityPlan(
            "add", deployment, a, b, sender, pool, dep_a, dep_b, min_a, min_b, shares, deadline, data, value
        )

    def _check_held(self, live: Live, side: Side, owner: str, amount: int, field: str) -> None:
        have = (
            live.client.balance(owner)
            if side.is_eth
            else self.chain.assets.token_balance(live, side.address, owner)
        )
        if have < amount:
            raise InsufficientFundsError(
                f"{owner} holds {format_amount(have, side.decimals)} {side.symbol}; this needs "
                f"{format_amount(amount, side.decimals)}.",
                field=field,
            )

    # -- remove --------------------------------------------------------------------------------------

    def prepare_remove(
        self,
        token_a: str,
        token_b: str,
        *,
        share_bps: int = amm.BPS,
        shares: int | None = None,
        slippage_bps: int,
        deadline_s: int = 1200,
        from_address: str | None = None,
    ) -> LiquidityPlan:
        """Burn ``share_bps`` of the sender's LP shares of this pool (or exactly ``shares`` base
        units of them); what it pays, and minimums."""
        if isinstance(share_bps, bool) or not 0 < share_bps <= amm.BPS:
            raise ValidationError("The share to remove is more than 0% and at most 100%.", field="share")
        live, sender, deadline = self._start(deadline_s, from_address)
        deployment, a, b = self._sides(live, token_a, token_b)
        pool = _read(live, deployment, a, b, sender)
        if pool.pair is None or pool.owned == 0:
            raise ValidationError(f"You provide no liquidity to {a.symbol}/{b.symbol}.", field="token_b")
        if shares is None:
            shares = pool.owned * share_bps // amm.BPS
        elif isinstance(shares, bool) or not 0 < shares <= pool.owned:
            raise ValidationError(
                f"You hold {format_amount(pool.owned, 18)} LP of {a.symbol}/{b.symbol}: remove more than 0 "
                "and at most that.",
                field="shares",
            )
        if shares == 0:
            raise ValidationError("That share of your position is less than one LP base unit.", field="share")
        out_a, out_b = amm.burn_amounts(shares, pool.reserve_a, pool.reserve_b, pool.total_supply)
        min_a, min_b = (amount * (amm.BPS - slippage_bps) // amm.BPS for amount in (out_a, out_b))
        data = _remove_call(a, b, shares, min_a, min_b, sender, deadline)
        return LiquidityPlan(
            "remove", deployment, a, b, sender, pool, out_a, out_b, min_a, min_b, shares, deadline, data, 0
        )

    # -- signing -------------------------------------------------------------------------------------

    def execute(self, plan: LiquidityPlan, *, password: str | None = None) -> tuple[list[TxInfo], TxInfo]:
        """The exact approvals the router needs (each waited for), then the router's call; refused
        before signing when the deadline has passed."""
        approvals = [self.approve(plan, need, password=password) for need in self.needed_approvals(plan)]
        return approvals, self.submit(plan, password=password)

    def needed_approvals(self, plan: LiquidityPlan) -> list[Approval]:
        """The approvals the router still needs for this plan (each for exactly its amount): the
        deposited tokens (not ETH), or the pool's LP token for a removal."""
        live, router = self.chain.live(), plan.deployment.router
        wanted: list[Approval] = []
        if plan.kind == "add":
            wanted = [
                Approval(s.address, s.symbol, s.decimals, n)
                for s, n in ((plan.side_a, plan.amount_a), (plan.side_b, plan.amount_b))
                if not s.is_eth
            ]
        else:
            pair = plan.pool.pair or pair_address(
                plan.deployment.factory, plan.side_a.address, plan.side_b.address
            )
            wanted = [Approval(pair, "UNI-V2", 18, plan.shares)]
        short = []
        for need in wanted:
            answer = live.client.call(
                {"to": need.token, "data": abi.encode_call("erc20", "allowance", plan.sender, router)}
            )
            if int(abi.decode_result("erc20", "allowance", answer)[0]) < need.amount:
                short.append(need)
        return short

    def approve(self, plan: LiquidityPlan, need: Approval, *, password: str | None = None) -> TxInfo:
        """One approval step: ``approve(router, amount)``, tracked and waited for until confirmed."""
        return self.swaps.approve_token(
            plan.sender, need.token, need.symbol, need.decimals, plan.deployment.router, need.amount,
            password=password,
        )  # fmt: skip

    def submit(self, plan: LiquidityPlan, *, password: str | None = None) -> TxInfo:
        """The router's add or remove, tracked like a send and waited for; refused before signing
        when the deadline passed; a failure raises ChainError with the router's decoded reason."""
        live = self.chain.live()
        if plan.deadline <= chain_time(live):
            raise ValidationError("The deadline passed (chain time); plan it again.", field="deadline")
        side = plan.side_a
        request = self.swaps.request(
            live, plan.sender, plan.deployment.router, plan.value, plan.call_data,
            kind=f"liquidity_{plan.kind}", asset=side.asset, symbol=side.symbol,
            decimals=side.decimals, recipient=plan.sender,
            amount=plan.amount_a if plan.kind == "add" else plan.shares,
        )  # fmt: skip
        active = self.chain.signer.unlock(password)
        sent = self.chain.signer.send(live, active, request)
        self.chain.tracker.follow(live, sent)
        done = self.swaps.settled(live, sent.row_id, wait=True)
        if done.status == "failed":
            raise ChainError(f"The liquidity transaction {done.tx_hash} failed: {done.revert_reason}.")
        return done

    # -- positions -----------------------------------------------------------------------------------

    def positions(self, owner: str | None = None) -> list[Position]:
        """The pools among WETH, QXC and the imported tokens where ``owner`` (default the first
        account) holds LP shares, with what those shares are worth now."""
        return [p for p in self.pools(owner) if p.shares > 0]

    def pools(self, owner: str | None = None) -> list[Position]:
        """Every pool among WETH, QXC and the imported tokens, with ``owner``'s shares (maybe 0)."""
        active = self.chain.auth.require_session()
        live = self.chain.live()
        owner = self.chain.signer.sender(active, owner)
        deployment = of_network(live.network)
        tokens = self.venue.via_tokens(live, deployment)
        pairs = list(dict.fromkeys(sort_tokens(x, y) for i, x in enumerate(tokens) for y in tokens[i + 1 :]))
        found, _ = read_pairs(live.client, deployment, pairs)
        found_pairs = list(found.values())
        calls: list[tuple[str, list[Any]]] = []
        for state in found_pairs:
            calls.append(
                (
                    "eth_call",
                    [{"to": state.pair, "data": abi.encode_call("pair", "balanceOf", owner)}, "latest"],
                )
            )
            calls.append(
                ("eth_call", [{"to": state.pair, "data": abi.encode_call("pair", "totalSupply")}, "latest"])
            )
        answers = live.client.batch(calls)
        held = []
        for index, state in enumerate(found_pairs):
            shares = int(abi.decode_result("pair", "balanceOf", str(answers[2 * index]))[0])
            total = int(abi.decode_result("pair", "totalSupply", str(answers[2 * index + 1]))[0])
            if total == 0:
                continue
            a = self.venue.side(
                live, deployment, state.token0 if state.token0 != deployment.weth else "ETH", field="token_a"
            )
            b = self.venue.side(
                live, deployment, state.token1 if state.token1 != deployment.weth else "ETH", field="token_b"
            )
            held.append(
                Position(
                    state.pair,
                    a,
                    b,
                    shares,
                    total,
                    shares * state.reserve0 // total,
                    shares * state.reserve1 // total,
                    state.reserve0,
                    state.reserve1,
                )
            )
        return held


def _add_call(
    a: Side, b: Side, amount_a: int, amount_b: int, min_a: int, min_b: int, to: str, deadline: int
) -> tuple[str, int]:
    if a.is_eth or b.is_eth:
        token = b if a.is_eth else a
        eth_amount, token_amount = (amount_a, amount_b) if a.is_eth else (amount_b, amount_a)
        eth_min, token_min = (min_a, min_b) if a.is_eth else (min_b, min_a)
        data = abi.encode_call(
            "router", "addLiquidityETH", token.address, token_amount, token_min, eth_min, to, deadline
        )
        return data, eth_amount
    data = abi.encode_call(
        "router", "addLiquidity", a.address, b.address, amount_a, amount_b, min_a, min_b, to, deadline
    )
    return data, 0


def _remove_call(a: Side, b: Side, shares: int, min_a: int, min_b: int, to: str, deadline: int) -> str:
    if a.is_eth or b.is_eth:
        token = b if a.is_eth else a
        eth_min, token_min = (min_a, min_b) if a.is_eth else (min_b, min_a)
        return abi.encode_call(
            "router", "removeLiquidityETH", token.address, shares, token_min, eth_min, to, deadline
        )
    return abi.encode_call(
        "router", "removeLiquidity", a.address, b.address, shares, min_a, min_b, to, deadline
    )

"""Exact on-chain quotes: the reserves of every pair a route may use, read in one JSON-RPC batch,
then priced with ``core.amm`` (the one Uniswap V2 formula; fee 0.3% = 30 bps, as the pair's).

Routes have up to 3 hops through the tokens the person holds, WETH and QXC. Each pair's address is
derived as the factory's CREATE2 would (sorted tokens, the router's init code hash), and the same
batch asks the factory's ``getPair`` to confirm it: a factory with another init code hash costs one
more round trip, never a wrong pool. The amounts equal the router's ``getAmountsOut``/``getAmountsIn``
when nothing trades in between.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise, permutations
from typing import Any

from eth_utils import keccak

from qenex_desktop.core import amm
from qenex_desktop.core.chain.client import ChainClient, RpcError
from qenex_desktop.core.chain.v2 import abi
from qenex_desktop.core.chain.v2.deployment import V2Deployment
from qenex_desktop.core.errors import ChainError, QenexError, ValidationError
from qenex_desktop.core.validation import to_checksum_address

#: keccak256 of UniswapV2Pair's creation code (v2-core 1.0.1, as on mainnet), in the router's pairFor.
PAIR_INIT_CODE_HASH = bytes.fromhex("96e8ac4277198ff8b6f785478aa9a39f403cb768dd02cbee326c3e7da348845f")
FEE_BPS = amm.DEFAULT_FEE_BPS
MAX_HOPS = 3


@dataclass(frozen=True)
class PairState:
    pair: str
    token0: str
    token1: str
    reserve0: int
    reserve1: int

    def reserves(self, token_in: str) -> tuple[int, int]:
        """(reserve of ``token_in``, reserve of the other)."""
        return (self.reserve0, self.reserve1) if token_in == self.token0 else (self.reserve1, self.reserve0)


@dataclass(frozen=True)
class RouteQuote:
    """The best route's amounts (``amounts[0]`` in, ``amounts[-1]`` out) and what they came from."""

    kind: str  # exact_in | exact_out
    path: tuple[str, ...]
    amounts: tuple[int, ...]
    pairs: tuple[PairState, ...]
    price_impact_bps: int
    round_trips: int

    @property
    def amount_in(self) -> int:
        return self.amounts[0]

    @property
    def amount_out(self) -> int:
        return self.amounts[-1]


def sort_tokens(a: str, b: str) -> tuple[str, str]:
    """UniswapV2Library.sortTokens: token0 is the lower address."""
    return (a, b) if int(a, 16) < int(b, 16) else (b, a)


def pair_address(factory: str, a: str, b: str) -> str:
    """UniswapV2Library.pairFor: the CREATE2 address of the pair of ``a`` and ``b``."""
    token0, token1 = sort_tokens(a, b)
    salt = keccak(bytes.fromhex(token0[2:]) + bytes.fromhex(token1[2:]))
    digest = keccak(b"\xff" + bytes.fromhex(factory[2:]) + salt + PAIR_INIT_CODE_HASH)
    return to_checksum_address(digest[12:].hex())


def candidate_paths(token_in: str, token_out: str, via: Iterable[str]) -> list[tuple[str, ...]]:
    """Every path of 1 to ``MAX_HOPS`` hops from ``token_in`` to ``token_out`` through ``via``."""
    middle = [t for t in dict.fromkeys(via) if t not in (token_in, token_out)]
    paths: list[tuple[str, ...]] = [(token_in, token_out)]
    for count in range(1, MAX_HOPS):
        paths.extend((token_in, *inner, token_out) for inner in permutations(middle, count))
    return paths


def _pairs_of(paths: list[tuple[str, ...]]) -> list[tuple[str, str]]:
    return list(dict.fromkeys(sort_tokens(a, b) for path in paths for a, b in pairwise(path)))


def _call(to: str, contract: str, name: str, *args: Any) -> tuple[str, list[Any]]:
    return ("eth_call", [{"to": to, "data": abi.encode_call(contract, name, *args)}, "latest"])


def _reserves(answer: Any) -> tuple[int, int] | None:
    if not isinstance(answer, str) or len(answer) < 2 + 64 * 3:
        return None  # no contract there (yet)
    reserve0, reserve1, _ = abi.decode_result("pair", "getReserves", answer)
    return int(reserve0), int(reserve1)


def _batch(client: ChainClient, calls: list[tuple[str, list[Any]]]) -> list[Any]:
    """One batched round trip; the node's refusal as a domain error (reads never revert here)."""
    try:
        return client.batch(calls)
    except RpcError as exc:
        raise ChainError(f"The node refused to read the pools: {exc.message}", field="venue") from exc


def read_pairs(
    client: ChainClient, deployment: V2Deployment, pairs: list[tuple[str, str]]
) -> tuple[dict[tuple[str, str], PairState], int]:
    """The pools among ``pairs`` (sorted token pairs) that exist with reserves; and the round trips."""
    guessed = {p: pair_address(deployment.factory, *p) for p in pairs}
    calls = []
    for pair in pairs:
        calls.append(_call(deployment.factory, "factory", "getPair", *pair))
        calls.append(_call(guessed[pair], "pair", "getReserves"))
    answers = _batch(client, calls)
    found: dict[tuple[str, str], PairState] = {}
    elsewhere: list[tuple[tuple[str, str], str]] = []
    for index, pair in enumerate(pairs):
        if len(str(answers[2 * index])) < 2 + 64:
            raise ChainError(
                f"The factory at {deployment.factory} does not answer getPair: check the network's "
                "Uniswap V2 deployment (qenex network edit ... --v2-factory).",
                field="venue",
            )
        address = to_checksum_address(abi.decode_result("factory", "getPair", answers[2 * index])[0])
        if int(address, 16) == 0:
            continue
        if address != guessed[pair]:
            elsewhere.append((pair, address))  # another init code hash: ask that address
            continue
        reserves = _reserves(answers[2 * index + 1])
        if reserves is not None:
            found[pair] = PairState(address, pair[0], pair[1], *reserves)
    trips = 1
    if elsewhere:
        more = _batch(client, [_call(address, "pair", "getReserves") for _, address in elsewhere])
        trips += 1
        for (pair, address), answer in zip(elsewhere, more, strict=True):
            reserves = _reserves(answer)
            if reserves is not None:
                found[pair] = PairState(address, pair[0], pair[1], *reserves)
    return found, trips


def _price_route(
    path: tuple[str, ...], states: list[PairState], amount_in: int | None, amount_out: int | None
) -> list[int]:
    hops = [(*state.reserves(a), FEE_BPS) for state, a in zip(states, path, strict=False)]
    if amount_in is not None:
        return amm.tradable_amounts_out(amount_in, hops)
    assert amount_out is not None
    return amm.get_amounts_in(amount_out, hops)


def _impact_bps(path: tuple[str, ...], states: list[PairState], amounts: list[int]) -> int:
    """How far below the pools' mid price the trade pays (fee included), in basis points."""
    num, den = amounts[0], 1
    for state, a in zip(states, path, strict=False):
        reserve_in, reserve_out = state.reserves(a)
        num, den = num * reserve_out, den * reserve_in
    if num == 0:
        return 0
    return max(0, amm.BPS - amounts[-1] * den * amm.BPS // num)


def best_route(
    client: ChainClient,
    deployment: V2Deployment,
    token_in: str,
    token_out: str,
    via: Iterable[str],
    *,
    amount_in: int | None = None,
    amount_out: int | None = None,
) -> RouteQuote:
    """The route giving the most out (exact in) or taking the least in (exact out); refused when no
    route of existing pools can serve the amount."""
    if token_in == token_out:
        raise ValidationError("Choose two different tokens.", field="token_out")
    paths = candidate_paths(token_in, token_out, via)
    states, trips = read_pairs(client, deployment, _pairs_of(paths))
    best: RouteQuote | None = None
    refusal: QenexError | None = None
    for path in paths:
        hops = [states.get(sort_tokens(a, b)) for a, b in pairwise(path)]
        if any(state is None for state in hops):
            continue
        route_states = [s for s in hops if s is not None]
        try:
            amounts = _price_route(path, route_states, amount_in, amount_out)
        except QenexError as exc:
            refusal = refusal or exc
            continue
        better = best is None or (
            amounts[-1] > best.amount_out if amount_in is not None else amounts[0] < best.amount_in
        )
        if better:
            best = RouteQuote(
                "exact_in" if amount_in is not None else "exact_out",
                path,
                tuple(amounts),
                tuple(route_states),
                _impact_bps(path, route_states, amounts),
                trips,
            )
    if best is not None:
        return best
    if refusal is not None:
        raise refusal
    raise amm.InsufficientLiquidityError(
        "No Uniswap V2 pool route (up to 3 hops through your tokens, WETH and QXC) joins these tokens.",
        field="token_out",
    )


def minimum_out(amount: int, slippage_bps: int) -> int:
    """amountOutMin under ``slippage_bps``: the least accepted, rounded down."""
    return amount * (amm.BPS - slippage_bps) // amm.BPS


def maximum_in(amount: int, slippage_bps: int) -> int:
    """amountInMax under ``slippage_bps``: the most paid, rounded up."""
    return -(-amount * (amm.BPS + slippage_bps) // amm.BPS)

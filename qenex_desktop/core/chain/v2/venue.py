"""The on-chain venue as the CLI and the GUI see it: a network's V2 deployment (set after the
router confirmed it), tokens named as people name them, and exact quotes.

``V2Venue`` sits above ``ChainService`` (it is handed the facade and uses its parts: the registry,
the gateway, the assets, the sends' asset names); ``swap.V2Swaps`` signs through the same signer
and tracker as sends.
"""

from __future__ import annotations

from dataclasses import dataclass

from qenex_desktop.core.chain.client import ChainClient
from qenex_desktop.core.chain.gateway import Live
from qenex_desktop.core.chain.service import ChainService
from qenex_desktop.core.chain.types import ETH, ETH_DECIMALS, NetworkInfo
from qenex_desktop.core.chain.v2 import deployment as v2_deployment
from qenex_desktop.core.chain.v2.deployment import V2Deployment
from qenex_desktop.core.chain.v2.quote import RouteQuote, best_route, maximum_in, minimum_out
from qenex_desktop.core.errors import NodeUnreachableError, QenexError, ValidationError
from qenex_desktop.core.validation import format_amount, parse_amount

#: At most this many imported tokens are tried as route steps (each adds pairs to the one batch).
MAX_VIA_TOKENS = 6


@dataclass(frozen=True)
class Side:
    """One end of a trade: ETH (traded as WETH through the router's ETH functions) or a token."""

    asset: str  # "ETH" or the token's address
    symbol: str
    decimals: int
    address: str  # the token the pools hold: WETH for ETH

    @property
    def is_eth(self) -> bool:
        return self.asset == ETH


@dataclass(frozen=True)
class ChainQuote:
    network: str
    deployment: V2Deployment
    side_in: Side
    side_out: Side
    route: RouteQuote
    #: The symbols along the route (ETH at an end traded as ETH, WETH inside).
    path_symbols: tuple[str, ...]
    slippage_bps: int
    #: amountOutMin (exact in) or amountInMax (exact out) under the slippage.
    limit: int

    @property
    def kind(self) -> str:
        return self.route.kind

    @property
    def amount_in(self) -> int:
        return self.route.amount_in

    @property
    def amount_out(self) -> int:
        return self.route.amount_out

    @property
    def most_paid(self) -> int:
        """What leaves the account at most: the exact input, or the input limit of an exact output."""
        return self.route.amount_in if self.kind == "exact_in" else self.limit

    def text(self, units: int, side: Side) -> str:
        return format_amount(units, side.decimals)


class V2Venue:
    def __init__(self, chain: ChainService) -> None:
        self.chain = chain

    # -- the deployment ------------------------------------------------------------------------------

    def deployment(self, network: str | None = None) -> V2Deployment:
        return v2_deployment.of_network(self.chain.network(network))

    def check_at(self, rpc_url: str, chain_id: int, factory: str, router: str, weth: str) -> V2Deployment:
        """Ask the router at a node (before a network is saved) to confirm the three addresses."""
        client = ChainClient(
            rpc_url, expected_chain_id=chain_id, settings=self.chain.settings, clock=self.chain.clock
        )
        try:
            client.require_chain_id()
        except NodeUnreachableError as exc:
            raise ValidationError(
                f"The node at {rpc_url} does not answer, so the V2 router cannot be checked; nothing "
                "was saved.",
                field="v2_router",
            ) from exc
        return v2_deployment.check(client, factory, router, weth)

    def set_deployment(self, network: str, factory: str, router: str, weth: str) -> NetworkInfo:
        """Check the addresses with the network's router, then record them for the network."""
        info = self.chain.network(network)
        checked = self.check_at(info.rpc_url, info.chain_id, factory, router, weth)
        return self.chain.registry.set_v2(info.name, checked.factory, checked.router, checked.weth)

    def clear_deployment(self, network: str) -> NetworkInfo:
        return self.chain.registry.set_v2(self.chain.network(network).name, None, None, None)

    # -- names and quotes ----------------------------------------------------------------------------

    def side(self, live: Live, deployment: V2Deployment, asset: str, *, field: str) -> Side:
        try:
            address, symbol, decimals = self.chain.sends.resolve_asset(live, asset)
        except QenexError as exc:
            exc.field = field  # the side it names, not the send form's "asset"
            raise
        if address == ETH:
            return Side(ETH, ETH, ETH_DECIMALS, deployment.weth)
        return Side(address, symbol, decimals, address)

    def via_tokens(self, live: Live, deployment: V2Deployment) -> list[str]:
        """WETH, QXC and the network's imported tokens: the steps a route may take."""
        tokens = self.chain.assets.tokens(live.network.name)
        qxc = [t.address for t in tokens if t.is_qxc]
        others = [t.address for t in tokens if not t.is_qxc][:MAX_VIA_TOKENS]
        return [deployment.weth, *qxc, *others]

    def quote(
        self,
        token_in: str,
        token_out: str,
        *,
        amount_in: str | int | None = None,
        amount_out: str | int | None = None,
        slippage_bps: int,
    ) -> ChainQuote:
        live = self.chain.live()
        return self.quote_on(
            live, token_in, token_out, amount_in=amount_in, amount_out=amount_out, slippage_bps=slippage_bps
        )

    def quote_on(
        self,
        live: Live,
        token_in: str,
        token_out: str,
        *,
        amount_in: str | int | None,
        amount_out: str | int | None,
        slippage_bps: int,
    ) -> ChainQuote:
        if (amount_in is None) == (amount_out is None):
            raise ValidationError("Give the amount in or the amount out (one of them).", field="amount_in")
        deployment = v2_deployment.of_network(live.network)
        side_in = self.side(live, deployment, token_in, field="token_in")
        side_out = self.side(live, deployment, token_out, field="token_out")
        exact_in = units_of(amount_in, side_in, "amount_in") if amount_in is not None else None
        exact_out = units_of(amount_out, side_out, "amount_out") if amount_out is not None else None
        route = best_route(
            live.client,
            deployment,
            side_in.address,
            side_out.address,
            self.via_tokens(live, deployment),
            amount_in=exact_in,
            amount_out=exact_out,
        )
        limit = (
            minimum_out(route.amount_out, slippage_bps)
            if route.kind == "exact_in"
            else maximum_in(route.amount_in, slippage_bps)
        )
        return ChainQuote(
            network=live.network.name,
            deployment=deployment,
            side_in=side_in,
            side_out=side_out,
            route=route,
            path_symbols=self._symbols(live, deployment, route.path, side_in, side_out),
            slippage_bps=slippage_bps,
            limit=limit,
        )

    def _symbols(
        self, live: Live, deployment: V2Deployment, path: tuple[str, ...], side_in: Side, side_out: Side
    ) -> tuple[str, ...]:
        known = {t.address: t.symbol for t in self.chain.assets.tokens(live.network.name)}
        known[deployment.weth] = "WETH"
        inner = [known.get(address, address) for address in path[1:-1]]
        return (side_in.symbol, *inner, side_out.symbol)


def units_of(value: str | int, side: Side, field: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        if value <= 0:
            raise ValidationError("The amount must be greater than zero.", field=field)
        return value
    return parse_amount(str(value), side.decimals, symbol=side.symbol, field=field)

"""A network's Uniswap V2 deployment (factory, Router02, WETH) and the check it passes when set:
the router's ``factory()`` and ``WETH()`` must answer, with exactly these addresses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qenex_desktop.core.chain.client import ChainClient, RpcError
from qenex_desktop.core.chain.types import NetworkInfo
from qenex_desktop.core.chain.v2 import abi
from qenex_desktop.core.errors import NotFoundError, ValidationError
from qenex_desktop.core.validation import parse_address, to_checksum_address


@dataclass(frozen=True)
class V2Deployment:
    factory: str
    router: str
    weth: str


def of_network(network: NetworkInfo) -> V2Deployment:
    """The network's recorded deployment; refused (field ``venue``) when it has none."""
    if not (network.v2_factory and network.v2_router and network.v2_weth):
        raise NotFoundError(
            f"{network.name} has no Uniswap V2 deployment: give one with qenex network edit "
            f'"{network.name}" --v2-factory A --v2-router A --weth A (the local node deploys its own '
            "on qenex node start).",
            field="venue",
        )
    return V2Deployment(network.v2_factory, network.v2_router, network.v2_weth)


def call(client: ChainClient, to: str, contract: str, name: str, *args: Any) -> tuple[Any, ...]:
    """One eth_call of ``contract.name(args)`` at ``to``, decoded."""
    return abi.decode_result(
        contract, name, client.call({"to": to, "data": abi.encode_call(contract, name, *args)})
    )


def check(client: ChainClient, factory: str, router: str, weth: str) -> V2Deployment:
    """The three addresses parsed (EIP-55) and confirmed by the router itself, in one round trip."""
    wanted = V2Deployment(
        parse_address(factory, field="v2_factory"),
        parse_address(router, field="v2_router"),
        parse_address(weth, field="weth"),
    )
    calls: list[tuple[str, list[Any]]] = [
        ("eth_getCode", [wanted.router, "latest"]),
        ("eth_call", [{"to": wanted.router, "data": abi.encode_call("router", "factory")}, "latest"]),
        ("eth_call", [{"to": wanted.router, "data": abi.encode_call("router", "WETH")}, "latest"]),
    ]
    try:
        code, factory_answer, weth_answer = client.batch(calls)
        if str(code) in ("0x", ""):
            raise ValidationError(f"No contract at {wanted.router}: it is no V2 router.", field="v2_router")
        answered = (
            to_checksum_address(abi.decode_result("router", "factory", str(factory_answer))[0]),
            to_checksum_address(abi.decode_result("router", "WETH", str(weth_answer))[0]),
        )
    except (RpcError, ValueError, TypeError, OverflowError) as exc:
        raise ValidationError(
            f"The contract at {wanted.router} does not answer factory() and WETH(): it is no V2 router.",
            field="v2_router",
        ) from exc
    for given, said, field in (
        (wanted.factory, answered[0], "v2_factory"),
        (wanted.weth, answered[1], "weth"),
    ):
        if given != said:
            raise ValidationError(
                f"The router at {wanted.router} says its {'factory' if field == 'v2_factory' else 'WETH'} "
                f"is {said}, not {given}. Nothing was saved.",
                field=field,
            )
    return wanted

"""How core.chain is built: parts composed once (issue 11, section 1), not a mixin tower.

No node is needed: these check the wiring and the import graph, the behaviour is pinned by the
Hardhat tests next to this file.
"""

from __future__ import annotations

import ast
import tomllib
from dataclasses import replace

import grimp
import pytest

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.chain.settings import ChainSettings
from qenex_desktop.core.chain.signer import TxRequest
from tests.conftest import PROJECT_ROOT

CHAIN = "qenex_desktop.core.chain"
CHAIN_DIR = PROJECT_ROOT / "qenex_desktop" / "core" / "chain"
#: Top to bottom, as pinned in pyproject.toml's layers contract.
LAYERS = [
    "node",
    "v2",
    "service",
    "deploy",
    "history",
    "sends",
    "destination_checks",
    "tracker",
    "assets | replacement",
    "signer",
    "gateway",
    "networks | simulate",
    "refusals | fees | decode",
    "decode_router",
    "client | revert | erc20 | qxc",
    "artifact | settings | types",
]


def test_parts_are_built_once_and_share_one_gateway_and_the_cores_wallet(core: QenexCore) -> None:
    chain = core.chain
    assert chain.tracker is chain.tracker
    users_of_the_node = [
        chain.signer,
        chain.assets,
        chain.tracker,
        chain.sends,
        chain.history,
        chain.deployer,
    ]
    assert all(part.gateway is chain.gateway for part in users_of_the_node)
    assert chain.gateway.registry is chain.registry
    assert chain.wallet is core.wallet
    assert chain.signer.wallet is core.wallet and chain.assets.wallet is core.wallet
    assert chain.auth is core.auth
    senders = [chain.tracker, chain.sends, chain.deployer]
    assert all(part.signer is chain.signer for part in senders)
    assert chain.sends.tracker is chain.tracker and chain.deployer.tracker is chain.tracker
    assert chain.tracker.refusals is chain.signer.refusals is chain.deployer.refusals
    assert chain.decoder() is chain.decoder()


def test_assigned_settings_reach_every_part_and_rebuild_the_clients(core: QenexCore) -> None:
    chain = core.chain
    network = chain.network()
    before = chain.client_for(network)
    assert chain.client_for(network) is before

    chain.settings = ChainSettings(request_timeout_s=1.5, forget_after_s=7.0, contract_gas_margin_percent=50)

    assert chain.settings.request_timeout_s == 1.5
    assert chain.tracker.gateway.settings.forget_after_s == 7.0
    assert chain.signer.with_margin(100) == 150
    after = chain.client_for(network)
    assert after is not before
    assert after.settings.request_timeout_s == 1.5


def test_a_transaction_request_is_frozen_and_typed() -> None:
    request = TxRequest(
        sender="0x" + "11" * 20,
        to=None,
        value=0,
        data="0x",
        gas_limit=21_000,
        max_fee_per_gas=2,
        max_priority_fee_per_gas=1,
        kind="deploy",
        asset="ETH",
        symbol="ETH",
        decimals=18,
        recipient=None,
        amount=0,
    )
    assert request.nonce is None and request.replaces_id is None
    with pytest.raises(AttributeError):
        request.nonce = 3  # type: ignore[misc]
    assert replace(request, nonce=3).nonce == 3


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(CHAIN.split(".")[0], cache_dir=None)


def test_no_import_cycle_inside_core_chain(graph: grimp.ImportGraph) -> None:
    modules = sorted(m for m in graph.modules if m.startswith(CHAIN + "."))
    edges = {m: {i for i in graph.find_modules_directly_imported_by(m) if i in modules} for m in modules}
    cycles = []
    for start in modules:
        seen: set[str] = set()
        stack = list(edges[start])
        while stack:
            current = stack.pop()
            if current == start:
                cycles.append(start)
                break
            if current not in seen:
                seen.add(current)
                stack.extend(edges[current])
    assert cycles == []


def test_the_signer_never_reaches_the_tracker_or_anything_above_it(graph: grimp.ImportGraph) -> None:
    reached = graph.find_upstream_modules(f"{CHAIN}.signer")
    above = {f"{CHAIN}.{name}" for name in ("tracker", "sends", "history", "deploy", "service", "node")}
    assert reached & above == set()


def test_no_part_casts_itself_into_the_service() -> None:
    offenders = []
    for path in sorted(CHAIN_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "cast"
            ):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_the_layers_contract_pins_core_chains_order() -> None:
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    layered = [c for c in contracts if c.get("type") == "layers" and c.get("containers") == [CHAIN]]
    assert len(layered) == 1
    assert layered[0]["layers"] == LAYERS
    assert layered[0].get("exhaustive") is True


def test_every_module_of_core_chain_is_in_a_layer() -> None:
    named = {name.strip() for layer in LAYERS for name in layer.split("|")}
    present = {p.stem for p in CHAIN_DIR.glob("*.py") if p.stem != "__init__"}
    present |= {p.name for p in CHAIN_DIR.iterdir() if (p / "__init__.py").exists()}  # v2: one layer
    assert present == named

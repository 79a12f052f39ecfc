"""Issue 16: on-chain quote refresh latency against a local Hardhat node (round trips and ms).

Run: ``.venv/bin/python -m bench.onchain_quote [--runs N]``. Starts its own Hardhat node on a free
port (from contracts/, never 8545), deploys QXC and Uniswap V2 the way ``qenex node start`` does
(``v2.local.ensure_local_v2``: contracts/scripts/deploy-v2.js), adds a second token pooled only
against WETH, then times quote refreshes: ``quote_on`` with the connection checked once (what a
view refreshing its quote does) and the full ``quote`` (which checks the node first), for a direct
route (ETH -> QXC) and a 2-hop one (QXC -> WETH -> token). Counts every HTTP request to the node.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.chain.artifact import qxc_artifact
from qenex_desktop.core.chain.client import ChainClient
from qenex_desktop.core.chain.qxc import constructor_args
from qenex_desktop.core.chain.v2 import abi
from qenex_desktop.core.chain.v2.local import ensure_local_v2
from qenex_desktop.core.chain.v2.venue import V2Venue
from qenex_desktop.core.config import AppConfig, Argon2Parameters, SecuritySettings

PASSWORD = "lantern orbit velvet 42"
CONTRACTS = Path(__file__).resolve().parent.parent / "contracts"
ETHER = 10**18


def _free_port() -> int:
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        if port != 8545:
            return port


def _start_node(port: int, log: Path) -> subprocess.Popen[bytes]:
    npx = shutil.which("npx")
    if npx is None:
        raise SystemExit("npx (Node.js) is needed: make setup")
    with log.open("ab") as out:
        process = subprocess.Popen(
            [npx, "hardhat", "node", "--hostname", "127.0.0.1", "--port", str(port)],
            cwd=CONTRACTS,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        with contextlib.suppress(requests.RequestException):
            requests.post(
                f"http://127.0.0.1:{port}", json={"jsonrpc": "2.0", "id": 1, "method": "eth_chainId"}
            )
            return process
        time.sleep(0.3)
    os.killpg(process.pid, signal.SIGKILL)
    raise SystemExit(f"the Hardhat node did not answer; see {log}")


class Counter:
    """Counts the HTTP requests (a batch is one) a client makes."""

    def __init__(self, client: ChainClient) -> None:
        self.count = 0
        provider: Any = client._provider
        for name in ("make_request", "make_batch_request"):
            original = getattr(provider, name)
            setattr(provider, name, self._counted(original))

    def _counted(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any) -> Any:
            self.count += 1
            return original(*args)

        return call


def _second_pool(core: QenexCore, router: str) -> str:
    chain, live = core.chain, core.chain.live()
    dev = chain.dev_account()[0]
    artifact = qxc_artifact()
    sent = chain.deployer._dev_send(live, {"data": artifact.deploy_data(constructor_args(artifact, dev))})
    token = chain.import_token(str(sent.receipt["contractAddress"])).address
    chain.deployer._dev_send(
        live, {"to": token, "data": abi.encode_call("erc20", "approve", router, 5000 * ETHER)}
    )
    deadline = int(str(live.client.get_block("latest")["timestamp"]), 0) + 600
    add = abi.encode_call("router", "addLiquidityETH", token, 5000 * ETHER, 0, 0, dev, deadline)
    chain.deployer._dev_send(live, {"to": router, "data": add, "value": 3 * ETHER})
    return token


def _time(runs: int, counter: Counter, call: Callable[[], Any]) -> dict[str, float]:
    samples, before = [], counter.count
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 2),
        "requests_per_refresh": (counter.count - before) / runs,
    }


def measure(root: Path, url: str, runs: int) -> dict[str, Any]:
    config = AppConfig(
        data_dir=root / "data",
        security=SecuritySettings(argon2=Argon2Parameters.fast_for_tests()),
        keyring_file=root / "keyring.cfg",
    )
    core = QenexCore(config)
    try:
        core.auth.create_profile("bench", PASSWORD)
        core.auth.login("bench", PASSWORD)
        core.chain.add_network("Bench node", url, 31337, use=True)
        core.chain.deploy_qxc_as_dev()
        deployment = ensure_local_v2(core.chain, CONTRACTS)
        assert deployment is not None
        other = _second_pool(core, deployment.router)
        venue, live = V2Venue(core.chain), core.chain.live()
        counter = Counter(live.client)

        def refresh(token_in: str, token_out: str) -> Callable[[], Any]:
            return lambda: venue.quote_on(
                live, token_in, token_out, amount_in="1", amount_out=None, slippage_bps=50
            )

        two_hop = venue.quote_on(live, "QXC", other, amount_in="1", amount_out=None, slippage_bps=50)
        return {
            "runs": runs,
            "direct_refresh": _time(runs, counter, refresh("ETH", "QXC")),
            "two_hop_refresh": {
                **_time(runs, counter, refresh("QXC", other)),
                "hops": len(two_hop.route.pairs),
            },
            "direct_full_quote": _time(
                runs, counter, lambda: venue.quote("ETH", "QXC", amount_in="1", slippage_bps=50)
            ),
            "reserve_round_trips": two_hop.route.round_trips,
        }
    finally:
        core.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.onchain_quote")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="qenex-bench-v2-") as folder:
        root, port = Path(folder), _free_port()
        process = _start_node(port, root / "hardhat.log")
        try:
            result = measure(root, f"http://127.0.0.1:{port}", args.runs)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

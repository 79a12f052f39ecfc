"""The local dev chain's Uniswap V2: deployed by ``contracts/scripts/deploy-v2.js`` (Hardhat, from
the npm packages' build artifacts: the Python package ships no third-party bytecode) after QXC, with
a funded QXC/WETH pool, and recorded as the network's deployment.

Idempotent per chain: when the recorded router still answers with its factory and WETH, and the
QXC/WETH pool exists, nothing is deployed; a fresh chain (a new genesis) gets a new deployment.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from qenex_desktop.core.chain.gateway import Live
from qenex_desktop.core.chain.service import ChainService
from qenex_desktop.core.chain.v2.deployment import V2Deployment, call, check
from qenex_desktop.core.config import LOCAL_CHAIN_ID
from qenex_desktop.core.errors import LocalNodeError, QenexError

SCRIPT = "scripts/deploy-v2.js"
TIMEOUT_S = 180.0


def run_deploy_script(contracts_dir: Path, rpc_url: str, qxc_address: str | None) -> dict[str, Any]:
    """Run deploy-v2.js against the node at ``rpc_url`` (Hardhat's dev account #0 signs); its JSON."""
    npx = shutil.which("npx")
    if npx is None:
        raise LocalNodeError("Node.js (npx) is not installed: the local Uniswap V2 deploy needs Node.js 20.")
    env = {**os.environ, "QENEX_RPC_URL": rpc_url}
    if qxc_address:
        env["QXC_ADDRESS"] = qxc_address
    command = [npx, "hardhat", "run", "--no-compile", SCRIPT, "--network", "localhost"]
    try:
        done = subprocess.run(
            command,
            cwd=contracts_dir,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise LocalNodeError(f"The Uniswap V2 deploy did not finish within {TIMEOUT_S:.0f} s.") from exc
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = " | ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
        raise LocalNodeError(f"The Uniswap V2 deploy ({SCRIPT}) failed (code {done.returncode}): {tail}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _still_deployed(live: Live, deployment: V2Deployment, qxc: str | None) -> bool:
    try:
        check(live.client, deployment.factory, deployment.router, deployment.weth)
        if qxc is None:
            return True
        pair = call(live.client, deployment.factory, "factory", "getPair", qxc, deployment.weth)[0]
        return int(str(pair), 16) != 0
    except QenexError:
        return False


def ensure_local_v2(chain: ChainService, contracts_dir: Path | None) -> V2Deployment | None:
    """The local chain's V2 deployment, deployed now when this chain has none; None off the local
    chain, or when there is no contracts/ folder to deploy from (an installed app on a foreign node)."""
    live = chain.live()
    if live.chain_id != LOCAL_CHAIN_ID:
        return None
    network = live.network
    qxc = chain.qxc_token(network.name)
    qxc_address = qxc.address if qxc else None
    if network.v2_factory and network.v2_router and network.v2_weth:
        recorded = V2Deployment(network.v2_factory, network.v2_router, network.v2_weth)
        if _still_deployed(live, recorded, qxc_address):
            return recorded
    if contracts_dir is None:
        return None
    result = run_deploy_script(contracts_dir, network.rpc_url, qxc_address)
    try:
        checked = check(live.client, str(result["factory"]), str(result["router"]), str(result["weth"]))
    except (QenexError, KeyError) as exc:
        raise LocalNodeError(f"The Uniswap V2 deploy's addresses do not check out: {exc}") from exc
    chain.registry.set_v2(network.name, checked.factory, checked.router, checked.weth)
    return checked


__all__ = ["ensure_local_v2", "run_deploy_script"]

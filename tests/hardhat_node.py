"""A real Hardhat node for the test run (pytest plugin: ``pytest_plugins = ["tests.hardhat_node"]``).

The session fixture ``hardhat_node`` starts ``npx hardhat node`` from contracts/ on a free port
(never 8545: that one belongs to the app and to people's own nodes), in its own process group,
waits until it answers, and kills the whole group at the end. ``start_hardhat_node`` starts an
extra one for tests that kill and restart a node.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESERVED_PORT = 8545
START_TIMEOUT_S = 90.0


def contracts_dir() -> Path:
    return Path(os.environ.get("QENEX_CONTRACTS_DIR") or PROJECT_ROOT / "contracts")


def free_port() -> int:
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        if port != RESERVED_PORT:
            return port


@dataclass
class HardhatNode:
    port: int
    directory: Path
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    _ids: int = field(default=0)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def rpc(self, method: str, params: list[Any] | None = None) -> Any:
        self._ids += 1
        response = requests.post(
            self.url,
            json={"jsonrpc": "2.0", "id": self._ids, "method": method, "params": params or []},
            timeout=30,
        ).json()
        if "error" in response:
            raise RuntimeError(f"{method}: {response['error']}")
        return response["result"]

    def answers(self) -> bool:
        try:
            self.rpc("eth_chainId")
            return True
        except (requests.RequestException, RuntimeError):
            return False

    def start(self) -> None:
        npx = shutil.which("npx")
        if npx is None:
            pytest.fail("npx (Node.js) is not installed: the Hardhat tests need Node.js 20 (make setup)")
        if not (self.directory / "node_modules" / ".bin" / "hardhat").exists():
            pytest.fail(f"Hardhat is not installed in {self.directory}: run `npm ci` there (make setup)")
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [npx, "hardhat", "node", "--hostname", "127.0.0.1", "--port", str(self.port)],
            cwd=self.directory,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the Hardhat node exited (code {self.process.returncode}); see {self.log_path}")
            if self.answers():
                return
            time.sleep(0.25)
        self.stop()
        pytest.fail(f"the Hardhat node did not answer within {START_TIMEOUT_S} s; see {self.log_path}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def restart(self) -> None:
        """Kill and start again on the same port: a fresh chain with a new genesis block."""
        self.stop()
        time.sleep(1.1)  # the genesis timestamp has one-second resolution
        self.start()

    # -- test helpers ------------------------------------------------------------------------------

    def set_automine(self, on: bool) -> None:
        self.rpc("evm_setAutomine", [on])

    def mine(self) -> None:
        self.rpc("evm_mine")


def start_hardhat_node(log_dir: Path) -> HardhatNode:
    port = free_port()
    node = HardhatNode(port=port, directory=contracts_dir(), log_path=log_dir / f"hardhat-{port}.log")
    node.start()
    return node


@pytest.fixture(scope="session")
def hardhat_node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HardhatNode]:
    """One real Hardhat node for the whole run, on a free port; killed (process group) at the end."""
    node = start_hardhat_node(tmp_path_factory.mktemp("hardhat"))
    try:
        yield node
    finally:
        node.stop()

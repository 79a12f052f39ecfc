"""The local Hardhat node of the embedded defaults: start it, check it, stop it.

``ensure_running()`` is what the GUI calls (from a worker thread) when the app starts on the
default "Local Hardhat" network, and what ``qenex node start`` runs: when nothing answers at the
network's URL it starts ``npx hardhat node`` in the repository's ``contracts/`` directory, in its
own process group, writes the pid to the data dir and waits until the node answers; then it
deploys QXC from the shipped artifact (web3, no Node.js needed for that), then Uniswap V2 with a
funded QXC/WETH pool (``v2.local``: a Hardhat script over the npm artifacts), and, on chain id 31337
only, funds the given account with ETH and QXC from Hardhat's first dev account.

``stop()`` stops only the node this data dir started: by the pid in its pid file, after checking
that the process is still a Hardhat node, by signalling its whole process group.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psutil

from qenex_desktop.core.chain.service import ChainService
from qenex_desktop.core.chain.types import TokenInfo
from qenex_desktop.core.chain.v2.deployment import V2Deployment
from qenex_desktop.core.chain.v2.local import ensure_local_v2
from qenex_desktop.core.config import LOCAL_CHAIN_ID
from qenex_desktop.core.errors import LocalNodeError
from qenex_desktop.core.instrumentation import Instrumentation, operation

CONTRACTS_DIR_ENV = "QENEX_CONTRACTS_DIR"
PID_FILE_NAME = "hardhat-node.json"
LOG_FILE_NAME = "hardhat-node.log"
#: What the dev faucet gives the profile's first account on a fresh local chain.
FAUCET_ETH_WEI = 100 * 10**18
FAUCET_QXC_WHOLE = 10_000
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class LocalNodeStatus:
    url: str
    answering: bool
    #: This data dir started the node that runs (its pid file names a live Hardhat process).
    started_here: bool
    pid: int | None
    chain_id: int | None
    block_number: int | None
    genesis_hash: str | None
    latency_s: float | None
    qxc_address: str | None
    funded: dict[str, int] | None
    message: str
    #: The local chain's Uniswap V2 router (deployed after QXC by contracts/scripts/deploy-v2.js).
    v2_router: str | None = None


def find_contracts_dir() -> Path | None:
    """``$QENEX_CONTRACTS_DIR``, else ``contracts/`` next to the package in a source checkout."""
    env = os.environ.get(CONTRACTS_DIR_ENV)
    candidates = [Path(env)] if env else []
    candidates.append(Path(__file__).resolve().parents[3] / "contracts")
    for candidate in candidates:
        if (candidate / "hardhat.config.js").exists() or (candidate / "hardhat.config.ts").exists():
            return candidate
    return None


class LocalNodeManager:
    def __init__(self, data_dir: Path, chain: ChainService, instrumentation: Instrumentation) -> None:
        self.data_dir = data_dir
        self.chain = chain
        self.instrumentation = instrumentation
        self.start_timeout_s = 90.0
        self._guard = threading.Lock()

    @property
    def pid_file(self) -> Path:
        return self.data_dir / PID_FILE_NAME

    @property
    def log_file(self) -> Path:
        return self.data_dir / "logs" / LOG_FILE_NAME

    # -- which node --------------------------------------------------------------------------------

    def _local_port(self) -> tuple[str, int]:
        network = self.chain.network()
        parts = urlsplit(network.rpc_url)
        if parts.hostname not in _LOCAL_HOSTS:
            raise LocalNodeError(
                f"The active network {network.name!r} ({network.rpc_url}) is not on this computer: "
                'switch to the local one (qenex network use "Local Hardhat") to run a local node.',
                field="network",
            )
        if network.chain_id != LOCAL_CHAIN_ID:
            raise LocalNodeError(
                f"The active network {network.name!r} expects chain id {network.chain_id}; a local Hardhat "
                f"node serves {LOCAL_CHAIN_ID}.",
                field="network",
            )
        return network.rpc_url, parts.port or 80

    def _read_pid_file(self) -> dict[str, object] | None:
        try:
            data = json.loads(self.pid_file.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def _our_process(self) -> psutil.Process | None:
        """The Hardhat process this data dir started, if it still runs (pid reuse is checked)."""
        record = self._read_pid_file()
        if not record or not isinstance(record.get("pid"), int):
            return None
        try:
            process = psutil.Process(int(record["pid"]))  # type: ignore[call-overload]
            if process.status() == psutil.STATUS_ZOMBIE:
                return None
            command = " ".join(process.cmdline())
            if "hardhat" not in command:
                return None
            created = record.get("create_time")
            if isinstance(created, int | float) and abs(process.create_time() - float(created)) > 2:
                return None
            return process
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            return None

    # -- status ------------------------------------------------------------------------------------

    def status(self) -> LocalNodeStatus:
        url, _ = self._local_port()
        probe = self.chain.probe()
        process = self._our_process()
        qxc = self.chain.network().qxc_address if probe.reachable else None
        if probe.reachable:
            who = f"started here (pid {process.pid})" if process else "not started by this app"
            message = f"A node answers at {url}: chain {probe.chain_id}, block {probe.block_number}, {who}."
        else:
            message = f"No node answers at {url}. Start one with qenex node start."
        return LocalNodeStatus(
            url=url,
            answering=probe.reachable,
            started_here=process is not None,
            pid=process.pid if process else None,
            chain_id=probe.chain_id,
            block_number=probe.block_number,
            genesis_hash=probe.genesis_hash,
            latency_s=probe.latency_s,
            qxc_address=qxc,
            funded=None,
            message=message,
        )

    # -- start -------------------------------------------------------------------------------------

    @operation("node.ensure_running")
    def ensure_running(
        self, *, fund_address: str | None = None, fund_profile: bool = False, deploy: bool = True
    ) -> LocalNodeStatus:
        """Start the local node if nothing answers, deploy QXC if this chain has none, fund an account.

        ``fund_profile=True`` funds the first account of the logged-in profile (when there is one);
        ``fund_address`` funds that address. Safe to call from a worker thread, and more than once:
        each step is skipped when it is done already.
        """
        if fund_profile and fund_address is None:
            fund_address = self.profile_first_account()
        with self._guard:
            _, port = self._local_port()
            started = False
            if not self.chain.probe().reachable:
                self._spawn(port)
                started = True
            qxc: TokenInfo | None = None
            v2: V2Deployment | None = None
            v2_note = ""
            if deploy:
                qxc = self.chain.deploy_qxc_as_dev()
                try:
                    v2 = ensure_local_v2(self.chain, find_contracts_dir())
                except LocalNodeError as exc:  # the wallet still works: it says why there is no V2
                    v2_note = f"No Uniswap V2 on this chain: {exc} "
            funded = None
            if fund_address is not None:
                funded = self.fund(fund_address)
            status = self.status()
            note = "Started the local node. " if started else ""
            if qxc is not None:
                note += f"QXC is at {qxc.address}. "
            if v2 is not None:
                note += f"Uniswap V2 router at {v2.router} (QXC/WETH pool funded). "
            note += v2_note
            if funded and (funded["eth"] or funded["qxc"]):
                note += f"Funded {fund_address} from the dev faucet. "
            return LocalNodeStatus(
                **{
                    **status.__dict__,
                    "funded": funded,
                    "message": note + status.message,
                    "v2_router": v2.router if v2 else None,
                }
            )

    def profile_first_account(self) -> str | None:
        session = self.chain.auth.current_session(touch=False)
        if session is None:
            return None
        accounts = self.chain.wallet.accounts(session.profile_id)
        return accounts[0].address if accounts else None

    def fund(self, address: str) -> dict[str, int]:
        """The local chain's welcome gift (chain id 31337 only): 100 ETH and 10,000 QXC, once per
        account and chain: a later start or unlock gives nothing, however much was spent since."""
        token = self.chain.qxc_token()
        qxc_units = FAUCET_QXC_WHOLE * 10 ** (token.decimals if token else 18)
        return self.chain.welcome_grant(address, eth=FAUCET_ETH_WEI, qxc=qxc_units if token else 0)

    def _spawn(self, port: int) -> None:
        contracts = find_contracts_dir()
        if contracts is None:
            raise LocalNodeError(
                "The contracts/ folder (the Hardhat project) was not found next to the app: the local node "
                f"needs a source checkout, or set {CONTRACTS_DIR_ENV} to its path."
            )
        npx = shutil.which("npx")
        if npx is None:
            raise LocalNodeError("Node.js (npx) is not installed: install Node.js 20 to run the local node.")
        if not (contracts / "node_modules" / ".bin" / "hardhat").exists():
            raise LocalNodeError(
                f"Hardhat is not installed in {contracts}: run `npm ci` there (or `make setup`)."
            )
        if self._our_process() is not None:
            raise LocalNodeError(
                "The node this app started is running but does not answer; stop it with qenex node stop."
            )
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("ab") as log:
            process = subprocess.Popen(
                [npx, "hardhat", "node", "--hostname", "127.0.0.1", "--port", str(port)],
                cwd=contracts,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        record = {
            "pid": process.pid,
            "port": port,
            "started_at_ms": self.chain.clock.now_ms(),
            "create_time": psutil.Process(process.pid).create_time(),
        }
        self.pid_file.write_text(json.dumps(record), "utf-8")
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if process.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise LocalNodeError(
                    f"The Hardhat node exited at start (code {process.returncode}); see {self.log_file}: "
                    + self._log_tail()
                )
            if self.chain.probe().reachable:
                return
            time.sleep(0.3)
        self._kill_group(process.pid)
        self.pid_file.unlink(missing_ok=True)
        raise LocalNodeError(
            f"The Hardhat node did not answer within {self.start_timeout_s:.0f} s; see {self.log_file}."
        )

    def _log_tail(self) -> str:
        try:
            lines = self.log_file.read_text("utf-8", errors="replace").strip().splitlines()
        except OSError:
            return ""
        return " | ".join(lines[-3:])

    # -- stop --------------------------------------------------------------------------------------

    @operation("node.stop")
    def stop(self) -> bool:
        """Stop the node this data dir started (its process group); False when it started none."""
        with self._guard:
            process = self._our_process()
            if process is None:
                self.pid_file.unlink(missing_ok=True)
                return False
            self._kill_group(process.pid)
            self.pid_file.unlink(missing_ok=True)
            return True

    @staticmethod
    def _kill_group(pid: int) -> None:
        """SIGTERM the process group, wait for every member to exit, SIGKILL what is left."""
        try:
            group = os.getpgid(pid)
        except ProcessLookupError:
            return

        def members() -> list[psutil.Process]:
            alive = []
            for process in psutil.process_iter():
                with contextlib.suppress(psutil.Error, ProcessLookupError):
                    if os.getpgid(process.pid) == group and process.status() != psutil.STATUS_ZOMBIE:
                        alive.append(process)
            return alive

        for sig, wait_s in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, sig)
            deadline = time.monotonic() + wait_s
            while time.monotonic() < deadline:
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, os.WNOHANG)  # reap it when it is our own child
                if not members():
                    return
                time.sleep(0.1)

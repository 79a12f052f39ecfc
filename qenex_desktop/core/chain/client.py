"""The one place that talks to a node: JSON-RPC over HTTP (web3's HTTPProvider).

Every request has a timeout; requests that fail to connect or time out are retried with
exponential back-off, then raise ``NodeUnreachableError`` with a message a person can act on.
JSON-RPC errors (the node answered "no") are not retried: they become ``RpcError`` and the
caller turns them into the right domain error.

``probe()`` is the cheap health check the monitoring core samples for node health and latency:
three small requests, a short timeout, no retries, never raises.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
import urllib3
from web3 import HTTPProvider

from qenex_desktop.core.chain.settings import ChainSettings
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.errors import NodeUnreachableError, WrongChainError

_log = logging.getLogger(__name__)
_NETWORK_ERRORS = (requests.ConnectionError, requests.Timeout, ConnectionError, TimeoutError)
#: What urllib3 wraps when the connection itself failed: the request was never written.
_NEVER_CONNECTED = (
    urllib3.exceptions.NewConnectionError,
    urllib3.exceptions.ConnectTimeoutError,
    ConnectionRefusedError,
)


@dataclass(frozen=True)
class NodeStatus:
    """What ``probe()`` saw at one moment.

    reachable      the node answered all three requests
    chain_id       eth_chainId, or None when unreachable
    block_number   eth_blockNumber (the head), or None
    latency_s      wall time of the three requests together (seconds), or None when unreachable
    genesis_hash   hash of block 0: changes when a local node restarts with a fresh chain
    error          why it is not reachable (a sentence), else None
    checked_at_ms  when, from the core's clock
    """

    url: str
    reachable: bool
    chain_id: int | None
    block_number: int | None
    latency_s: float | None
    genesis_hash: str | None
    error: str | None
    checked_at_ms: int


class RpcError(Exception):
    """The node answered with a JSON-RPC error (it is reachable; it refused)."""

    def __init__(self, method: str, code: int, message: str, data: Any) -> None:
        super().__init__(f"{method}: {message}")
        self.method = method
        self.code = code
        self.message = message
        self.data = data

    def revert_data(self) -> str | None:
        """Hex revert data when the error carries it (Hardhat: ``data`` or ``data.data``)."""
        data = self.data
        if isinstance(data, dict):
            data = data.get("data") or data.get("result")
        if isinstance(data, str) and data.startswith("0x"):
            return data
        return None


def to_int(value: Any) -> int:
    if isinstance(value, int):
        return value
    return int(str(value), 16)


def request_may_have_arrived(exc: BaseException) -> bool:
    """Whether the node may have read the request: False only when no connection was ever made.

    Decided by the exception's kind, as requests and urllib3 raise it: a refused or timed-out
    connect (``NewConnectionError``, ``ConnectTimeout``) is "not sent"; a connection closed or reset
    before the answer, or a read timeout, happened after the request was written, so the node may
    have acted on it (and a send may be mined). Anything unknown counts as "may have arrived".
    """
    if isinstance(exc, requests.ConnectTimeout | ConnectionRefusedError):
        return False
    reason: object = exc.args[0] if isinstance(exc, requests.ConnectionError) and exc.args else None
    if isinstance(reason, urllib3.exceptions.MaxRetryError):
        reason = reason.reason
    return not isinstance(reason, _NEVER_CONNECTED)


def _reason(exc: BaseException) -> str:
    arrived = request_may_have_arrived(exc)
    if isinstance(exc, requests.Timeout | TimeoutError):
        return "it did not answer in time" if arrived else "it could not be reached in time"
    if isinstance(exc, requests.ConnectionError | ConnectionError):
        return "the connection closed before it answered" if arrived else "the connection was refused"
    return str(exc)


class ChainClient:
    def __init__(
        self,
        url: str,
        *,
        expected_chain_id: int | None,
        settings: ChainSettings,
        clock: Clock,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.url = url
        self.expected_chain_id = expected_chain_id
        self.settings = settings
        self.clock = clock
        self._sleep = sleep
        self._provider = HTTPProvider(
            url, request_kwargs={"timeout": settings.request_timeout_s}, exception_retry_configuration=None
        )
        self._probe_provider = HTTPProvider(
            url, request_kwargs={"timeout": settings.probe_timeout_s}, exception_retry_configuration=None
        )
        self._ids = threading.Lock()

    # -- transport ------------------------------------------------------------------------------

    def _once(self, provider: HTTPProvider, method: str, params: list[Any]) -> Any:
        try:
            response: Any = provider.make_request(method, params)
        except requests.HTTPError as exc:
            body: Any = None
            try:
                body = exc.response.json() if exc.response is not None else None
            except ValueError:
                body = None
            if isinstance(body, dict) and "error" in body:
                response = body
            else:
                raise RpcError(method, -1, f"HTTP error {exc}", None) from exc
        error = response.get("error")
        if error:
            if isinstance(error, dict):
                raise RpcError(
                    method, int(error.get("code", -1)), str(error.get("message", "")), error.get("data")
                )
            raise RpcError(method, -1, str(error), None)
        return response.get("result")

    def request(self, method: str, params: list[Any] | None = None, *, retry: bool = True) -> Any:
        """One JSON-RPC call, retried with back-off while the node cannot be reached."""
        return self._retrying(method, lambda: self._once(self._provider, method, params or []), retry)

    def batch(self, calls: list[tuple[str, list[Any]]]) -> list[Any]:
        """Several read calls in one round trip (a JSON-RPC batch), the results in the calls' order;
        an answer that is an error raises ``RpcError``. A node that refuses batches (it answers with
        one error object) is asked one call at a time."""
        if not calls:
            return []
        label = f"batch of {len(calls)}"
        endpoints: Any = calls  # web3 types the method names as RPCEndpoint (a str)
        response: Any = self._retrying(label, lambda: self._provider.make_batch_request(endpoints), True)
        if not isinstance(response, list) or len(response) != len(calls):
            return [self.request(method, params) for method, params in calls]
        results = []
        for (method, _), answer in zip(calls, response, strict=True):
            error = answer.get("error")
            if error:
                detail = error if isinstance(error, dict) else {"message": str(error)}
                raise RpcError(
                    method, int(detail.get("code", -1)), str(detail.get("message", "")), detail.get("data")
                )
            results.append(answer.get("result"))
        return results

    def _retrying(self, method: str, call: Callable[[], Any], retry: bool) -> Any:
        attempts = self.settings.attempts if retry else 1
        delay = self.settings.backoff_initial_s
        last: BaseException | None = None
        for attempt in range(attempts):
            try:
                return call()
            except _NETWORK_ERRORS as exc:
                last = exc
                if attempt + 1 < attempts:
                    _log.info(
                        "node %s: %s failed (%s); retry in %.2fs", self.url, method, _reason(exc), delay
                    )
                    self._sleep(delay)
                    delay = min(delay * 2, self.settings.backoff_max_s)
        assert last is not None
        raise NodeUnreachableError(
            f"The node at {self.url} cannot be reached: {_reason(last)} (tried {attempts} times). "
            "Check that it is running (for the local node: qenex node start) and try again.",
            field="network",
            request_may_have_arrived=request_may_have_arrived(last),
        ) from last

    # -- health -------------------------------------------------------------------------------

    def probe(self) -> NodeStatus:
        """Chain id, head, genesis hash and round-trip time; never raises, never retries."""
        started = time.perf_counter()
        checked = self.clock.now_ms()
        try:
            chain_id = to_int(self._once(self._probe_provider, "eth_chainId", []))
            head = to_int(self._once(self._probe_provider, "eth_blockNumber", []))
            genesis = self._once(self._probe_provider, "eth_getBlockByNumber", ["0x0", False])
        except _NETWORK_ERRORS as exc:
            return NodeStatus(
                self.url, False, None, None, None, None, f"Not reachable: {_reason(exc)}.", checked
            )
        except RpcError as exc:
            return NodeStatus(
                self.url, False, None, None, None, None, f"The node refused: {exc.message}", checked
            )
        except Exception as exc:  # a probe reports, it never crashes the monitor
            return NodeStatus(self.url, False, None, None, None, None, f"Unexpected answer: {exc}", checked)
        latency = time.perf_counter() - started
        genesis_hash = genesis.get("hash") if isinstance(genesis, dict) else None
        return NodeStatus(self.url, True, chain_id, head, latency, genesis_hash, None, checked)

    # -- reads ---------------------------------------------------------------------------------

    def chain_id(self) -> int:
        return to_int(self.request("eth_chainId"))

    def require_chain_id(self) -> int:
        """Refuse to go on when the node serves another chain than the network promises."""
        actual = self.chain_id()
        if self.expected_chain_id is not None and actual != self.expected_chain_id:
            raise WrongChainError(
                f"The node at {self.url} serves chain id {actual}, but this network expects "
                f"{self.expected_chain_id}. Nothing was signed; check the network settings.",
                field="network",
            )
        return actual

    def genesis_hash(self) -> str:
        block = self.request("eth_getBlockByNumber", ["0x0", False])
        return str(block["hash"])

    def block_number(self) -> int:
        return to_int(self.request("eth_blockNumber"))

    def get_block(self, number: int | str) -> dict[str, Any]:
        tag = hex(number) if isinstance(number, int) else number
        return dict(self.request("eth_getBlockByNumber", [tag, False]))

    def balance(self, address: str, block: str = "latest") -> int:
        return to_int(self.request("eth_getBalance", [address, block]))

    def nonce(self, address: str, block: str = "pending") -> int:
        return to_int(self.request("eth_getTransactionCount", [address, block]))

    def code(self, address: str) -> str:
        return str(self.request("eth_getCode", [address, "latest"]))

    def call(self, tx: dict[str, Any], block: str | int = "latest") -> str:
        tag = hex(block) if isinstance(block, int) else block
        return str(self.request("eth_call", [tx, tag]))

    def estimate_gas(self, tx: dict[str, Any]) -> int:
        return to_int(self.request("eth_estimateGas", [tx]))

    def fee_history(self, blocks: int, percentiles: int | list[int]) -> dict[str, Any]:
        wanted = [percentiles] if isinstance(percentiles, int) else list(percentiles)
        return dict(self.request("eth_feeHistory", [hex(blocks), "latest", wanted]))

    def transaction(self, tx_hash: str) -> dict[str, Any] | None:
        found = self.request("eth_getTransactionByHash", [tx_hash])
        return dict(found) if found else None

    def receipt(self, tx_hash: str) -> dict[str, Any] | None:
        found = self.request("eth_getTransactionReceipt", [tx_hash])
        return dict(found) if found else None

    def logs(self, query: dict[str, Any]) -> list[dict[str, Any]]:
        return [dict(entry) for entry in self.request("eth_getLogs", [query])]

    def send_raw(self, raw: bytes) -> str:
        return str(self.request("eth_sendRawTransaction", ["0x" + raw.hex()], retry=False))

    def wait_for_receipt(self, tx_hash: str, timeout_s: float, poll_s: float = 0.2) -> dict[str, Any] | None:
        deadline = time.monotonic() + timeout_s
        while True:
            found = self.receipt(tx_hash)
            if found is not None or time.monotonic() >= deadline:
                return found
            self._sleep(poll_s)

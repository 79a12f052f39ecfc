"""Helpers of the monitoring tests: samples go through the core's real Instrumentation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.clock import ManualClock
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.errors import AuthenticationError
from qenex_desktop.core.instrumentation import OperationSample
from qenex_desktop.core.monitoring import MonitoringService
from tests.conftest import STRONG_PASSWORD, make_core


def emit(
    core: QenexCore, operation: str, latency_us: int, outcome: str = "ok", at_ms: int | None = None
) -> None:
    """One call of ``operation`` as the ``@operation`` decorator reports it."""
    started = core.clock.now_ms() if at_ms is None else at_ms
    core.instrumentation.emit(OperationSample(operation, started, latency_us / 1_000_000, outcome))


def recorded_trading(config: AppConfig) -> QenexCore:
    """A recording core over ``config``: alice's logins (one failed), AAA/BBB tokens, their pool and
    one swap; the caller adds its own calls and closes it."""
    core = make_core(config)
    core.monitoring  # noqa: B018 - building it starts recording
    core.auth.create_profile("alice", STRONG_PASSWORD)
    core.auth.login("alice", STRONG_PASSWORD)
    with pytest.raises(AuthenticationError):
        core.auth.login("alice", "definitely not it")
    ex = core.exchange
    ex.create_token("AAA", "Token A", 18, "1000")
    ex.create_token("BBB", "Token B", 6, "1000")
    ex.create_pool("AAA", "BBB", "100", "200", fee_bps=30)
    ex.swap_exact_in("AAA", "BBB", "1", 0)
    return core


@pytest.fixture
def monitored(clocked_core: QenexCore, clock: ManualClock) -> Iterator[MonitoringService]:
    """The clocked core's monitoring, recording, with its background thread stopped (tests flush)."""
    monitoring = clocked_core.monitoring
    monitoring.worker.stop()
    yield monitoring

"""Helpers of the monitoring tests: samples go through the core's real Instrumentation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.clock import ManualClock
from qenex_desktop.core.instrumentation import OperationSample
from qenex_desktop.core.monitoring import MonitoringService


def emit(
    core: QenexCore, operation: str, latency_us: int, outcome: str = "ok", at_ms: int | None = None
) -> None:
    """One call of ``operation`` as the ``@operation`` decorator reports it."""
    started = core.clock.now_ms() if at_ms is None else at_ms
    core.instrumentation.emit(OperationSample(operation, started, latency_us / 1_000_000, outcome))


@pytest.fixture
def monitored(clocked_core: QenexCore, clock: ManualClock) -> Iterator[MonitoringService]:
    """The clocked core's monitoring, recording, with its background thread stopped (tests flush)."""
    monitoring = clocked_core.monitoring
    monitoring.worker.stop()
    yield monitoring

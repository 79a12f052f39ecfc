"""One mechanism that times every core operation.

Service methods are marked with ``@operation("name")``; each call reports its latency and outcome
to the listeners of the service's ``Instrumentation`` (the monitoring core registers one that
stores metrics). With no listener the cost is two clock reads.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from qenex_desktop.core.clock import Clock
from qenex_desktop.core.errors import QenexError

P = ParamSpec("P")
R = TypeVar("R")
_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class OperationSample:
    operation: str
    started_at_ms: int
    duration_s: float
    outcome: str  # "ok", a QenexError code, or "error" for a bug


class OperationListener(Protocol):
    def __call__(self, sample: OperationSample) -> None: ...


class SampleBuffer:
    """Keeps samples until something records them (the CLI's deferred monitoring core)."""

    def __init__(self) -> None:
        self.samples: list[OperationSample] = []

    def __call__(self, sample: OperationSample) -> None:
        self.samples.append(sample)


class Instrumentation:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._listeners: list[OperationListener] = []

    def subscribe(self, listener: OperationListener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: OperationListener) -> None:
        self._listeners.remove(listener)

    def emit(self, sample: OperationSample) -> None:
        for listener in self._listeners:
            try:
                listener(sample)
            except Exception:  # a broken metric must never break a swap
                _log.exception("operation listener failed")


class Instrumented(Protocol):
    instrumentation: Instrumentation


S = TypeVar("S", bound=Instrumented)


def operation(name: str) -> Callable[[Callable[Concatenate[S, P], R]], Callable[Concatenate[S, P], R]]:
    def decorate(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
        @functools.wraps(method)
        def timed(self: S, *args: P.args, **kwargs: P.kwargs) -> R:
            instrumentation = self.instrumentation
            clock = instrumentation.clock
            started_ms = clock.now_ms()
            start = clock.monotonic()
            outcome = "ok"
            try:
                return method(self, *args, **kwargs)
            except QenexError as exc:
                outcome = exc.code
                raise
            except Exception:
                outcome = "error"
                raise
            finally:
                instrumentation.emit(OperationSample(name, started_ms, clock.monotonic() - start, outcome))

        return timed

    return decorate

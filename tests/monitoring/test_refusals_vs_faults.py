"""Monitoring tells a person's refused call (slippage, deadline, funds) from a fault (a bug, the
node, the ledger busy), by the error's kind, in raw points and after they fold into aggregates.

Before, every outcome but "ok" was one "error": a swap refused for slippage counted like a crash.
"""

from __future__ import annotations

import pytest

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.clock import ManualClock
from qenex_desktop.core.errors import (
    AuthenticationError,
    DeadlineExpiredError,
    InsufficientFundsError,
    KeyringUnavailableError,
    LedgerBusyError,
    NodeUnreachableError,
    QenexError,
    SlippageError,
    StaleChainError,
    TransactionRevertedError,
    ValidationError,
    WrongChainError,
)
from qenex_desktop.core.monitoring import MonitoringService
from qenex_desktop.core.monitoring.outcomes import OutcomeKind, outcome_kind
from qenex_desktop.core.monitoring.settings import DAY_MS, HOUR_MS, MINUTE_MS
from tests.conftest import STRONG_PASSWORD
from tests.monitoring.conftest import emit

DAY_S = DAY_MS // 1000


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (SlippageError, OutcomeKind.REFUSAL),
        (DeadlineExpiredError, OutcomeKind.REFUSAL),
        (InsufficientFundsError, OutcomeKind.REFUSAL),
        (ValidationError, OutcomeKind.REFUSAL),
        (AuthenticationError, OutcomeKind.REFUSAL),
        (TransactionRevertedError, OutcomeKind.REFUSAL),  # the contract refused this person's transaction
        (NodeUnreachableError, OutcomeKind.FAULT),
        (WrongChainError, OutcomeKind.FAULT),
        (StaleChainError, OutcomeKind.FAULT),
        (LedgerBusyError, OutcomeKind.FAULT),
        (KeyringUnavailableError, OutcomeKind.FAULT),
    ],
)
def test_the_kind_follows_the_exception_class(kind: type[QenexError], expected: OutcomeKind) -> None:
    assert outcome_kind(kind.code) is expected


def test_a_bug_is_a_fault_and_ok_is_neither() -> None:
    assert outcome_kind("error") is OutcomeKind.FAULT  # any exception that is not a QenexError
    assert outcome_kind("ok") is OutcomeKind.OK


def _refused_swaps(core: QenexCore) -> None:
    """Two real refusals of the exchange: the minimum not met, and a deadline gone."""
    core.auth.create_profile("alice", STRONG_PASSWORD)
    core.auth.login("alice", STRONG_PASSWORD)
    exchange = core.exchange
    exchange.create_token("AAA", "Token A", 18, "1000000")
    exchange.create_token("BBB", "Token B", 18, "1000000")
    exchange.create_pool("AAA", "BBB", "1000", "2000")
    with pytest.raises(SlippageError):
        exchange.swap_exact_in("AAA", "BBB", "10", "100")
    with pytest.raises(DeadlineExpiredError):
        exchange.swap_exact_in("AAA", "BBB", "10", "1", deadline_ms=core.clock.now_ms() - 1)
    exchange.swap_exact_in("AAA", "BBB", "10", "1")


def test_a_refused_swap_counts_as_a_refusal_and_a_node_error_as_a_fault(
    monitored: MonitoringService, clocked_core: QenexCore
) -> None:
    _refused_swaps(clocked_core)
    emit(clocked_core, "chain.send", 2_000, NodeUnreachableError.code)
    emit(clocked_core, "chain.send", 1_000, "error")
    stats = {s.operation: s for s in monitored.operation_stats(HOUR_MS)}
    swap = stats["exchange.swap"]
    assert (swap.count, swap.errors, swap.refusals, swap.faults) == (3, 2, 2, 0)
    send = stats["chain.send"]
    assert (send.count, send.errors, send.refusals, send.faults) == (2, 2, 0, 2)
    refusal_rate = monitored.refusal_rate_series("exchange.swap", 10 * MINUTE_MS, bucket_ms=10 * MINUTE_MS)
    fault_rate = monitored.fault_rate_series("exchange.swap", 10 * MINUTE_MS, bucket_ms=10 * MINUTE_MS)
    assert max(v for _t, v in refusal_rate) == pytest.approx(2 / 3)
    assert max(v for _t, v in fault_rate) == 0.0
    volumes = {(v.kind, v.status): v.count for v in monitored.transaction_volumes(HOUR_MS, "local")}
    assert volumes[("swap", "refused")] == 2
    assert ("swap", "failed") not in volumes


def test_refusals_stay_apart_from_faults_in_minute_and_hour_aggregates(
    monitored: MonitoringService, clocked_core: QenexCore, clock: ManualClock
) -> None:
    clock.advance((HOUR_MS - clock.now_ms() % HOUR_MS) / 1000)
    t0 = clock.now_ms()
    outcomes = ["ok", SlippageError.code, SlippageError.code, LedgerBusyError.code, "error"]
    for i, outcome in enumerate(outcomes):
        emit(clocked_core, "exchange.swap", 1000, outcome, at_ms=t0 + i * 1000)
    clock.advance(DAY_S + 120)
    assert monitored.compact().points_folded == len(outcomes)
    [minute] = monitored.operation_stats(2 * DAY_MS)
    assert (minute.exact, minute.errors, minute.refusals, minute.faults) == (False, 4, 2, 2)
    assert minute.outcomes == {"ok": 1, "refused (aggregated)": 2, "error (aggregated)": 2}
    volumes = {(v.kind, v.status): v.count for v in monitored.transaction_volumes(2 * DAY_MS, "local")}
    assert (volumes[("swap", "refused")], volumes[("swap", "failed")]) == (2, 2)
    clock.advance(8 * DAY_S)  # past the minute retention: minutes fold into their hour
    assert monitored.compact().minutes_folded == 1
    [hour] = monitored.operation_stats(10 * DAY_MS)
    assert (hour.errors, hour.refusals, hour.faults) == (4, 2, 2)

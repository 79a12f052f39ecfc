"""The recorder: every @operation lands as a metric point, in batches, one transaction per batch."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import event, func, select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.db.models import MetricPoint
from qenex_desktop.core.errors import AuthenticationError
from qenex_desktop.core.monitoring import MonitoringService, MonitoringSettings
from tests.conftest import STRONG_PASSWORD, make_core
from tests.monitoring.conftest import emit


def _stored(core: QenexCore) -> int:
    with core.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(MetricPoint)) or 0)


def test_decorated_operations_are_recorded_with_their_outcome(core: QenexCore) -> None:
    monitoring = core.monitoring
    core.auth.create_profile("alice", STRONG_PASSWORD)
    core.auth.login("alice", STRONG_PASSWORD)
    with pytest.raises(AuthenticationError):
        core.auth.login("alice", "not the password at all")
    stats = {s.operation: s for s in monitoring.operation_stats()}
    assert stats["profile.create"].count == 1
    assert stats["auth.login"].count == 2
    assert stats["auth.login"].errors == 1
    assert stats["auth.login"].outcomes == {"ok": 1, "authentication_failed": 1}
    assert stats["auth.login"].min_us is not None and stats["auth.login"].min_us > 0


def test_points_wait_in_memory_until_a_flush_writes_them_in_one_transaction(
    monitored: MonitoringService, clocked_core: QenexCore
) -> None:
    for i in range(500):
        emit(clocked_core, "test.op", 1000 + i)
    assert _stored(clocked_core) == 0
    assert monitored.recorder.pending == 500
    begins: list[int] = []

    def count_begin(_conn: Any) -> None:
        begins.append(1)

    event.listen(clocked_core.db.write_engine, "begin", count_begin)
    try:
        assert monitored.flush() == 500
    finally:
        event.remove(clocked_core.db.write_engine, "begin", count_begin)
    assert len(begins) == 1
    assert _stored(clocked_core) == 500
    assert monitored.recorder.pending == 0


def test_a_full_batch_signals_the_worker(clocked_core: QenexCore, config: AppConfig) -> None:
    monitoring = MonitoringService(
        clocked_core.db,
        clocked_core.audit,
        clocked_core.clock,
        clocked_core.instrumentation,
        token_store=lambda: clocked_core.token_store,
        settings=MonitoringSettings(flush_batch=10),
        start=False,
    )
    monitoring.start(background=False)
    try:
        for _ in range(9):
            emit(clocked_core, "test.op", 50)
        assert not monitoring.recorder.flush_due.is_set()
        emit(clocked_core, "test.op", 50)
        assert monitoring.recorder.flush_due.is_set()
    finally:
        monitoring.stop()


def test_the_worker_thread_writes_a_full_batch_without_being_asked(clocked_core: QenexCore) -> None:
    monitoring = MonitoringService(
        clocked_core.db,
        clocked_core.audit,
        clocked_core.clock,
        clocked_core.instrumentation,
        token_store=lambda: clocked_core.token_store,
        settings=MonitoringSettings(flush_batch=20, flush_interval_s=3600),
    )
    try:
        for _ in range(20):
            emit(clocked_core, "test.op", 50)
        deadline = time.monotonic() + 20
        while _stored(clocked_core) < 20 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _stored(clocked_core) == 20
        assert monitoring.recorder.batches == 1
    finally:
        monitoring.close()


def test_closing_the_core_writes_what_is_buffered(config: AppConfig) -> None:
    first = make_core(config)
    first.monitoring.worker.stop()
    for _ in range(7):
        emit(first, "test.op", 123)
    assert first.monitoring.recorder.pending == 7
    first.close()
    second = make_core(config)
    try:
        assert _stored(second) == 7
    finally:
        second.close()


def test_recording_inside_a_write_transaction_does_not_wait_for_the_lock(
    monitored: MonitoringService, clocked_core: QenexCore
) -> None:
    """An operation can finish inside its caller's transaction: the listener must not write then."""
    with clocked_core.db.write():
        emit(clocked_core, "test.inner", 10)
        assert monitored.recorder.pending == 1
    assert monitored.flush() == 1


def test_stopped_monitoring_records_nothing(monitored: MonitoringService, clocked_core: QenexCore) -> None:
    monitored.stop()
    emit(clocked_core, "test.op", 10)
    assert monitored.recorder.pending == 0
    monitored.start(background=False)
    emit(clocked_core, "test.op", 10)
    assert monitored.recorder.pending == 1


def test_a_listener_failure_keeps_the_points_for_the_next_flush(
    monitored: MonitoringService, clocked_core: QenexCore
) -> None:
    emit(clocked_core, "test.op", 10)
    clocked_core.db.dispose()
    broken = clocked_core.db.path.with_suffix(".moved")
    clocked_core.db.path.rename(broken)
    clocked_core.db.path.mkdir()  # a directory where the ledger was: the write fails
    try:
        with pytest.raises(Exception):  # noqa: B017 - whatever SQLite says about a directory
            monitored.flush()
        assert monitored.recorder.pending == 1
    finally:
        clocked_core.db.dispose()
        clocked_core.db.path.rmdir()
        broken.rename(clocked_core.db.path)
    assert monitored.flush() == 1

"""System samples: the process, the ledger files, the node; taken on demand and by the worker."""

from __future__ import annotations

import os
import time

import psutil
from sqlalchemy import func, select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.chain.settings import ChainSettings
from qenex_desktop.core.db.models import SystemSample
from qenex_desktop.core.monitoring import MonitoringService, MonitoringSettings
from qenex_desktop.core.monitoring.settings import HOUR_MS
from tests.hardhat_node import free_port


def test_a_sample_reads_the_process_and_the_ledger_files(
    monitored: MonitoringService, clocked_core: QenexCore
) -> None:
    snapshot = monitored.sample_system(probe_node=False)
    sizes = clocked_core.db.file_sizes()
    assert snapshot.db_bytes == sizes["database"] > 0
    assert snapshot.wal_bytes >= 0
    rss = psutil.Process(os.getpid()).memory_info().rss
    assert 0.5 * rss < snapshot.rss_bytes < 2 * rss
    assert snapshot.open_files > 0
    assert snapshot.node_reachable is None and snapshot.block_height is None
    assert monitored.latest_system() == snapshot
    assert monitored.system_series("open_files", HOUR_MS) == [(snapshot.t_ms, float(snapshot.open_files))]


def test_a_node_probe_is_a_sample_and_an_operation_metric(
    monitored: MonitoringService, clocked_core: QenexCore
) -> None:
    clocked_core.chain.settings = ChainSettings(probe_timeout_s=1.0)
    clocked_core.chain.add_network("Dead", f"http://127.0.0.1:{free_port()}", 31337, use=True)
    snapshot = monitored.sample_system()
    assert snapshot.node_reachable is False
    assert snapshot.node_latency_ms is None
    (probe,) = monitored.operation_stats(HOUR_MS, "node.probe")
    assert probe.count == 1 and probe.outcomes == {"node_unreachable": 1}


def test_the_worker_takes_system_samples_on_its_own(clocked_core: QenexCore) -> None:
    monitoring = MonitoringService(
        clocked_core.db,
        clocked_core.audit,
        clocked_core.clock,
        clocked_core.instrumentation,
        token_store=lambda: clocked_core.token_store,
        settings=MonitoringSettings(system_interval_s=0.05),
    )

    def stored() -> int:
        with clocked_core.db.read() as session:
            return int(session.scalar(select(func.count()).select_from(SystemSample)) or 0)

    try:
        deadline = time.monotonic() + 20
        while stored() < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert stored() >= 2
    finally:
        monitoring.close()

"""The live connection to the node behind a network: one client per (URL, chain id), checked per use.

Every operation reaches the node through ``live()``: the chain id must be the network's (else
nothing is read or signed), and the genesis hash must be the one the ledger knows; when it is not
(a local node restarted with a fresh chain), the old chain's rows are marked stale in one unit of
work and everything shown afterwards comes from the new chain only.

The gateway also holds the chain settings every part reads at use time, so a new value (tests and
tools assign ``core.chain.settings``) takes effect everywhere, and the clients built with the old
timeouts are dropped.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from sqlalchemy import update

from qenex_desktop.core.audit import AuditLog, Category
from qenex_desktop.core.chain.client import ChainClient, NodeStatus
from qenex_desktop.core.chain.networks import NetworkRegistry
from qenex_desktop.core.chain.settings import ChainSettings
from qenex_desktop.core.chain.types import ChainCheck, NetworkInfo
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import (
    CHAIN_DATA,
    ChainNetwork,
)
from qenex_desktop.core.errors import NodeUnreachableError

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Live:
    """A node checked for this operation: right chain id, genesis known."""

    network: NetworkInfo
    client: ChainClient
    chain_id: int
    genesis_hash: str
    check: ChainCheck


class NodeGateway:
    def __init__(
        self,
        registry: NetworkRegistry,
        database: Database,
        audit: AuditLog,
        clock: Clock,
        settings: ChainSettings,
    ) -> None:
        self.registry = registry
        self.db = database
        self.audit = audit
        self.clock = clock
        self._settings = settings
        self._clients: dict[tuple[str, int], ChainClient] = {}
        self._clients_guard = threading.Lock()
        self._last_status: NodeStatus | None = None

    @property
    def settings(self) -> ChainSettings:
        return self._settings

    @settings.setter
    def settings(self, value: ChainSettings) -> None:
        with self._clients_guard:
            self._settings = value
            self._clients.clear()  # they carry the old timeouts and retries

    @property
    def last_status(self) -> NodeStatus | None:
        """The last probe of the active network (or the failure of its last live check), for a status line."""
        return self._last_status

    def client_for(self, network: NetworkInfo) -> ChainClient:
        key = (network.rpc_url, network.chain_id)
        with self._clients_guard:
            client = self._clients.get(key)
            if client is None:
                client = ChainClient(
                    network.rpc_url,
                    expected_chain_id=network.chain_id,
                    settings=self._settings,
                    clock=self.clock,
                )
                self._clients[key] = client
            return client

    def probe_url(self, rpc_url: str) -> NodeStatus:
        """What a node not saved yet answers (chain id, head): to check a network before it is kept."""
        return ChainClient(rpc_url, expected_chain_id=None, settings=self._settings, clock=self.clock).probe()

    def probe(self, network: str | None = None) -> NodeStatus:
        """Cheap health check of a network's node (default: the active one); never raises.

        For the monitoring core's node-health and node-latency metrics, and the GUI's status line.
        """
        info = self.registry.get(network)
        status = self.client_for(info).probe()
        if info.is_active:
            self._last_status = status
        return status

    def live(self, network: str | None = None) -> Live:
        """Connect for one operation: chain id checked, genesis synced (stale marking)."""
        info = self.registry.get(network)
        client = self.client_for(info)
        try:
            chain_id = client.require_chain_id()
            genesis = client.genesis_hash()
        except NodeUnreachableError as exc:
            if info.is_active:
                self._last_status = NodeStatus(
                    info.rpc_url, False, None, None, None, None, exc.message, self.clock.now_ms()
                )
            raise
        check = self._sync_genesis(info, genesis)
        if check.reset:
            info = self.registry.get(info.name)
        return Live(info, client, chain_id, genesis, check)

    def _sync_genesis(self, network: NetworkInfo, genesis: str) -> ChainCheck:
        if network.genesis_hash == genesis:
            return ChainCheck(network.name, genesis, False, 0)
        with self.db.write() as session:
            row = session.get_one(ChainNetwork, network.id)
            if row.genesis_hash == genesis:  # another thread or process got here first
                return ChainCheck(network.name, genesis, False, 0)
            previous = row.genesis_hash
            row.genesis_hash = genesis
            stale_rows = 0
            if previous is not None:
                for model in CHAIN_DATA:
                    result = session.execute(
                        update(model)
                        .where(
                            model.network_id == network.id,
                            model.genesis_hash != genesis,
                            model.stale.is_(False),
                        )
                        .values(stale=True)
                    )
                    stale_rows += int(result.rowcount or 0)  # type: ignore[attr-defined]
                self.audit.append(
                    session,
                    category=Category.MONEY,
                    event="chain.reset_detected",
                    actor=None,
                    details={
                        "network": network.name,
                        "previous_genesis": previous,
                        "genesis": genesis,
                        "rows_marked_stale": stale_rows,
                    },
                )
                _log.warning(
                    "network %s now serves a new chain (genesis %s, was %s): %d rows marked stale",
                    network.name,
                    genesis,
                    previous,
                    stale_rows,
                )
            return ChainCheck(network.name, genesis, previous is not None, stale_rows)

"""Networks and the node behind the active one: the list, the active choice, and the live check.

``NetworkOps`` is the base of ``ChainService``: it holds the service's dependencies, and every
operation reaches the node through ``live()``, which checks the chain id and syncs the genesis.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from qenex_desktop.core.audit import AuditLog, Category
from qenex_desktop.core.auth import AuthService
from qenex_desktop.core.chain.client import ChainClient, NodeStatus
from qenex_desktop.core.chain.revert import RevertDecoder
from qenex_desktop.core.chain.settings import ChainSettings
from qenex_desktop.core.chain.types import ChainCheck, NetworkInfo
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.config import DEFAULT_RPC_URL, LOCAL_CHAIN_ID
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import (
    AppState,
    ChainNetwork,
    ChainScanCursor,
    ChainToken,
    ChainTransaction,
    ChainTransfer,
)
from qenex_desktop.core.errors import AlreadyExistsError, NodeUnreachableError, NotFoundError
from qenex_desktop.core.instrumentation import Instrumentation, operation
from qenex_desktop.core.keys.service import WalletService
from qenex_desktop.core.validation import parse_chain_id, parse_network_name, parse_rpc_url

_log = logging.getLogger(__name__)

LOCAL_NETWORK_NAME = "Local Hardhat"
ACTIVE_NETWORK_KEY = "chain.active_network"


@dataclass(frozen=True)
class Live:
    """A node checked for this operation: right chain id, genesis known."""

    network: NetworkInfo
    client: ChainClient
    chain_id: int
    genesis_hash: str
    check: ChainCheck


def _network_info(row: ChainNetwork, active_name: str | None, qxc: str | None) -> NetworkInfo:
    return NetworkInfo(
        id=row.id,
        name=row.name,
        rpc_url=row.rpc_url,
        chain_id=row.chain_id,
        is_builtin=row.is_builtin,
        is_active=row.name == active_name,
        genesis_hash=row.genesis_hash,
        qxc_address=qxc,
    )


class NetworkOps:
    def __init__(
        self,
        database: Database,
        audit: AuditLog,
        clock: Clock,
        auth: AuthService,
        wallet: WalletService,
        instrumentation: Instrumentation,
        settings: ChainSettings | None = None,
    ) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock
        self.auth = auth
        self.wallet = wallet
        self.instrumentation = instrumentation
        self.settings = settings or ChainSettings()
        self._clients: dict[tuple[str, int], ChainClient] = {}
        self._clients_guard = threading.Lock()
        #: Serialises refreshes (the GUI timer and a user's click may overlap).
        self._refresh_guard = threading.Lock()
        #: The last probe of the active network, for a status line ("state shown").
        self.last_status: NodeStatus | None = None
        self._decoder: RevertDecoder | None = None

    def _ensure_builtin(self) -> None:
        with self.db.read() as session:
            exists = session.scalar(select(ChainNetwork.id).where(ChainNetwork.is_builtin.is_(True)).limit(1))
        if exists is not None:
            return
        with self.db.write() as session:
            if session.scalar(select(ChainNetwork.id).where(ChainNetwork.name == LOCAL_NETWORK_NAME)) is None:
                session.add(
                    ChainNetwork(
                        name=LOCAL_NETWORK_NAME,
                        rpc_url=DEFAULT_RPC_URL,
                        chain_id=LOCAL_CHAIN_ID,
                        is_builtin=True,
                        genesis_hash=None,
                        created_at=self.clock.now_ms(),
                    )
                )

    def _active_name(self, session: Session) -> str:
        state = session.get(AppState, ACTIVE_NETWORK_KEY)
        return state.value if state else LOCAL_NETWORK_NAME

    def _qxc_address(self, session: Session, network: ChainNetwork) -> str | None:
        if network.genesis_hash is None:
            return None
        return session.scalar(
            select(ChainToken.address).where(
                ChainToken.network_id == network.id,
                ChainToken.genesis_hash == network.genesis_hash,
                ChainToken.is_qxc.is_(True),
                ChainToken.stale.is_(False),
            )
        )

    def networks(self) -> list[NetworkInfo]:
        self._ensure_builtin()
        with self.db.read() as session:
            active = self._active_name(session)
            rows = session.scalars(select(ChainNetwork).order_by(ChainNetwork.id)).all()
            return [_network_info(row, active, self._qxc_address(session, row)) for row in rows]

    def network(self, name: str | None = None) -> NetworkInfo:
        """The named network, or the active one."""
        self._ensure_builtin()
        with self.db.read() as session:
            active = self._active_name(session)
            wanted = name or active
            row = session.scalar(select(ChainNetwork).where(ChainNetwork.name == wanted))
            if row is None:
                raise NotFoundError(f"No network named {wanted!r}: see qenex network list.", field="network")
            return _network_info(row, active, self._qxc_address(session, row))

    @operation("chain.add_network")
    def add_network(self, name: str, rpc_url: str, chain_id: int | str, *, use: bool = False) -> NetworkInfo:
        self._ensure_builtin()
        name = parse_network_name(name)
        url = parse_rpc_url(rpc_url)
        expected = parse_chain_id(chain_id)
        actor = self._actor()
        with self.db.write() as session:
            if session.scalar(select(ChainNetwork.id).where(ChainNetwork.name == name)) is not None:
                raise AlreadyExistsError(f"A network named {name!r} exists already.", field="name")
            session.add(
                ChainNetwork(
                    name=name,
                    rpc_url=url,
                    chain_id=expected,
                    is_builtin=False,
                    genesis_hash=None,
                    created_at=self.clock.now_ms(),
                )
            )
            self.audit.append(
                session,
                category=Category.SECURITY,
                event="network.added",
                actor=actor,
                details={"name": name, "rpc_url": url, "chain_id": expected},
            )
            if use:
                self._set_active(session, name, actor)
        return self.network(name)

    @operation("chain.use_network")
    def use_network(self, name: str) -> NetworkInfo:
        self._ensure_builtin()
        actor = self._actor()
        with self.db.write() as session:
            if session.scalar(select(ChainNetwork.id).where(ChainNetwork.name == name)) is None:
                raise NotFoundError(f"No network named {name!r}: see qenex network list.", field="network")
            self._set_active(session, name, actor)
        return self.network(name)

    def _set_active(self, session: Session, name: str, actor: str | None) -> None:
        state = session.get(AppState, ACTIVE_NETWORK_KEY)
        if state is None:
            session.add(AppState(key=ACTIVE_NETWORK_KEY, value=name))
        else:
            state.value = name
        self.audit.append(
            session, category=Category.SECURITY, event="network.selected", actor=actor, details={"name": name}
        )

    def _actor(self) -> str | None:
        active = self.auth.current_session(touch=False)
        return active.username if active else None

    # -- the node ------------------------------------------------------------------------------------

    def client_for(self, network: NetworkInfo) -> ChainClient:
        key = (network.rpc_url, network.chain_id)
        with self._clients_guard:
            client = self._clients.get(key)
            if client is None:
                client = ChainClient(
                    network.rpc_url,
                    expected_chain_id=network.chain_id,
                    settings=self.settings,
                    clock=self.clock,
                )
                self._clients[key] = client
            return client

    def probe(self, network: str | None = None) -> NodeStatus:
        """Cheap health check of a network's node (default: the active one); never raises.

        For the monitoring core's node-health and node-latency metrics, and the GUI's status line.
        """
        info = self.network(network)
        status = self.client_for(info).probe()
        if info.is_active:
            self.last_status = status
        return status

    def live(self, network: str | None = None) -> Live:
        """Connect for one operation: chain id checked, genesis synced (stale marking)."""
        info = self.network(network)
        client = self.client_for(info)
        try:
            chain_id = client.require_chain_id()
            genesis = client.genesis_hash()
        except NodeUnreachableError as exc:
            if info.is_active:
                self.last_status = NodeStatus(
                    info.rpc_url, False, None, None, None, None, exc.message, self.clock.now_ms()
                )
            raise
        check = self._sync_genesis(info, genesis)
        if check.reset:
            info = self.network(info.name)
        return Live(info, client, chain_id, genesis, check)

    @operation("chain.check")
    def check_chain(self, network: str | None = None) -> ChainCheck:
        return self.live(network).check

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
                for model in (ChainToken, ChainTransaction, ChainTransfer, ChainScanCursor):
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

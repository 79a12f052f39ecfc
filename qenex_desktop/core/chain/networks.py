"""The network registry: the networks the wallet knows, which one is active; add, edit, remove, use.

It only reads and writes the ledger; it never talks to a node (that is the gateway's job).
"""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from qenex_desktop.core.audit import AuditLog, Category
from qenex_desktop.core.auth import AuthService
from qenex_desktop.core.chain.types import NetworkInfo
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.config import DEFAULT_RPC_URL, LOCAL_CHAIN_ID
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import (
    CHAIN_DATA,
    AppState,
    ChainNetwork,
    ChainPool,
    ChainScanCursor,
    ChainToken,
    ChainTransaction,
    ChainTransfer,
)
from qenex_desktop.core.errors import AlreadyExistsError, NotFoundError, ValidationError
from qenex_desktop.core.validation import parse_chain_id, parse_network_name, parse_rpc_url, parse_url

LOCAL_NETWORK_NAME = "Local Hardhat"
ACTIVE_NETWORK_KEY = "chain.active_network"
#: Per network (by id), its block explorer's base URL, kept beside the network's row.
EXPLORER_KEY_PREFIX = "chain.explorer_url."
EXPLORER_URL_SCHEMES = ("https", "http")


def parse_explorer_url(text: str | None) -> str | None:
    """A block explorer's base URL (https://etherscan.io), or None for none (blank text)."""
    if text is None or not text.strip():
        return None
    return parse_url(text, field="explorer_url", schemes=EXPLORER_URL_SCHEMES, what="An explorer URL").rstrip(
        "/"
    )


def _explorer_key(network_id: int) -> str:
    return f"{EXPLORER_KEY_PREFIX}{network_id}"


def current_actor(auth: AuthService) -> str | None:
    """Who the audit log names for a change: the logged-in user, if any (the session is not touched).

    Read before a write unit opens: reading the session may itself touch the session row.
    """
    active = auth.current_session(touch=False)
    return active.username if active else None


def _network_info(
    row: ChainNetwork, active_name: str | None, qxc: str | None, explorer: str | None
) -> NetworkInfo:
    return NetworkInfo(
        id=row.id,
        name=row.name,
        rpc_url=row.rpc_url,
        chain_id=row.chain_id,
        is_builtin=row.is_builtin,
        is_active=row.name == active_name,
        genesis_hash=row.genesis_hash,
        qxc_address=qxc,
        explorer_url=explorer,
        v2_factory=row.v2_factory,
        v2_router=row.v2_router,
        v2_weth=row.v2_weth,
    )


class NetworkRegistry:
    """The list of networks (the built-in local Hardhat one is created on first use) and the active one."""

    def __init__(self, database: Database, audit: AuditLog, clock: Clock, auth: AuthService) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock
        self.auth = auth

    def all(self) -> list[NetworkInfo]:
        self._ensure_builtin()
        with self.db.read() as session:
            active = self._active_name(session)
            rows = session.scalars(select(ChainNetwork).order_by(ChainNetwork.id)).all()
            explorers = {
                state.key: state.value
                for state in session.scalars(
                    select(AppState).where(AppState.key.startswith(EXPLORER_KEY_PREFIX))
                )
            }
            return [
                _network_info(
                    row, active, self._qxc_address(session, row), explorers.get(_explorer_key(row.id))
                )
                for row in rows
            ]

    def get(self, name: str | None = None) -> NetworkInfo:
        """The named network, or the active one."""
        self._ensure_builtin()
        with self.db.read() as session:
            active = self._active_name(session)
            wanted = name or active
            row = session.scalar(select(ChainNetwork).where(ChainNetwork.name == wanted))
            if row is None:
                raise NotFoundError(f"No network named {wanted!r}: see qenex network list.", field="network")
            explorer = session.get(AppState, _explorer_key(row.id))
            return _network_info(
                row, active, self._qxc_address(session, row), explorer.value if explorer else None
            )

    def add(
        self,
        name: str,
        rpc_url: str,
        chain_id: int | str,
        *,
        use: bool = False,
        explorer_url: str | None = None,
    ) -> NetworkInfo:
        """A new network (name, URL, chain id, explorer checked), audited; also the active one if ``use``."""
        self._ensure_builtin()
        name = parse_network_name(name)
        url = parse_rpc_url(rpc_url)
        expected = parse_chain_id(chain_id)
        explorer = parse_explorer_url(explorer_url)
        actor = current_actor(self.auth)
        with self.db.write() as session:
            if session.scalar(select(ChainNetwork.id).where(ChainNetwork.name == name)) is not None:
                raise AlreadyExistsError(f"A network named {name!r} exists already.", field="name")
            row = ChainNetwork(
                name=name,
                rpc_url=url,
                chain_id=expected,
                is_builtin=False,
                genesis_hash=None,
                created_at=self.clock.now_ms(),
            )
            session.add(row)
            session.flush()  # the row's id names its explorer entry
            self._set_explorer(session, row.id, explorer)
            details: dict[str, object] = {"name": name, "rpc_url": url, "chain_id": expected}
            if explorer is not None:
                details["explorer_url"] = explorer
            self.audit.append(
                session, category=Category.SECURITY, event="network.added", actor=actor, details=details
            )
            if use:
                self._set_active(session, name, actor)
        return self.get(name)

    def edit(
        self,
        name: str,
        *,
        new_name: str | None = None,
        rpc_url: str | None = None,
        chain_id: int | None = None,
        explorer_url: str | None = None,
    ) -> NetworkInfo:
        """Rename a network or change its node (URL, chain id) or explorer (``""``: none); the built-in
        one stays as shipped, except for its explorer.

        A new chain id is a different chain: the old chain's rows are marked stale now, in the same
        unit of work, and the genesis is forgotten, so the next connection learns the new one.
        """
        explorer = parse_explorer_url(explorer_url)
        actor = current_actor(self.auth)
        with self.db.write() as session:
            row = self._row(session, name)
            wanted = (new_name or row.name, rpc_url or row.rpc_url, chain_id or row.chain_id)
            if wanted != (row.name, row.rpc_url, row.chain_id) or explorer_url is None:
                row = self._editable(session, name)  # the built-in node is only given an explorer
            old_explorer = session.get(AppState, _explorer_key(row.id))
            before: dict[str, object] = {"name": row.name, "rpc_url": row.rpc_url, "chain_id": row.chain_id}
            before["explorer_url"] = old_explorer.value if old_explorer else None
            if explorer_url is not None:
                self._set_explorer(session, row.id, explorer)
            if new_name is not None and new_name != row.name:
                clash = session.scalar(select(ChainNetwork.id).where(ChainNetwork.name == new_name))
                if clash is not None:
                    raise AlreadyExistsError(f"A network named {new_name!r} exists already.", field="name")
                state = session.get(AppState, ACTIVE_NETWORK_KEY)
                if state is not None and state.value == row.name:
                    state.value = new_name
                row.name = new_name
            if rpc_url is not None:
                row.rpc_url = rpc_url
            if chain_id is not None and chain_id != row.chain_id:
                row.chain_id = chain_id
                row.genesis_hash = None  # the next connection learns the new chain's genesis
                for model in CHAIN_DATA:
                    session.execute(
                        update(model)
                        .where(model.network_id == row.id, model.stale.is_(False))
                        .values(stale=True)
                    )
            after: dict[str, object] = {"name": row.name, "rpc_url": row.rpc_url, "chain_id": row.chain_id}
            after["explorer_url"] = explorer if explorer_url is not None else before["explorer_url"]
            self.audit.append(
                session,
                category=Category.SECURITY,
                event="network.edited",
                actor=actor,
                details={"before": before, "after": after},
            )
            final = row.name
        return self.get(final)

    def set_v2(self, name: str, factory: str | None, router: str | None, weth: str | None) -> NetworkInfo:
        """Record (or, all None, forget) a network's Uniswap V2 deployment, audited as an edit.

        The caller checked the addresses against the router (``v2.deployment.check``); the built-in
        network takes one too (its dev chain's deploy writes it)."""
        actor = current_actor(self.auth)
        with self.db.write() as session:
            row = self._row(session, name)
            before = {"v2_factory": row.v2_factory, "v2_router": row.v2_router, "v2_weth": row.v2_weth}
            row.v2_factory, row.v2_router, row.v2_weth = factory, router, weth
            after = {"v2_factory": factory, "v2_router": router, "v2_weth": weth}
            self.audit.append(
                session,
                category=Category.SECURITY,
                event="network.edited",
                actor=actor,
                details={"name": row.name, "before": before, "after": after},
            )
        return self.get(name)

    def remove(self, name: str) -> None:
        """Forget a network: not the built-in one, not the active one, not one holding your history."""
        actor = current_actor(self.auth)
        with self.db.write() as session:
            row = self._editable(session, name)
            state = session.get(AppState, ACTIVE_NETWORK_KEY)
            if (state.value if state else LOCAL_NETWORK_NAME) == row.name:
                raise ValidationError(
                    f"{row.name} is the active network: use another one first.", field="network"
                )
            tracked = session.scalar(
                select(func.count())
                .select_from(ChainTransaction)
                .where(ChainTransaction.network_id == row.id)
            )
            if tracked:
                raise ValidationError(
                    f"{row.name} holds {tracked} tracked transaction(s) of this ledger; removing it would "
                    "lose them. Edit its URL instead if the node moved.",
                    field="network",
                )
            for model in (ChainToken, ChainTransfer, ChainScanCursor, ChainPool):
                session.execute(delete(model).where(model.network_id == row.id))
            self._set_explorer(session, row.id, None)
            session.delete(row)
            self.audit.append(
                session,
                category=Category.SECURITY,
                event="network.removed",
                actor=actor,
                details={"name": row.name, "rpc_url": row.rpc_url, "chain_id": row.chain_id},
            )

    def _row(self, session: Session, name: str) -> ChainNetwork:
        row = session.scalar(select(ChainNetwork).where(ChainNetwork.name == name))
        if row is None:
            raise NotFoundError(f"No network named {name!r}: see qenex network list.", field="network")
        return row

    def _set_explorer(self, session: Session, network_id: int, explorer: str | None) -> None:
        state = session.get(AppState, _explorer_key(network_id))
        if explorer is None:
            if state is not None:
                session.delete(state)
        elif state is None:
            session.add(AppState(key=_explorer_key(network_id), value=explorer))
        else:
            state.value = explorer

    def _editable(self, session: Session, name: str) -> ChainNetwork:
        row = self._row(session, name)
        if row.is_builtin:
            raise ValidationError(
                f"{row.name} is built in: it cannot be edited or removed (add another network instead).",
                field="network",
            )
        return row

    def use(self, name: str) -> NetworkInfo:
        self._ensure_builtin()
        actor = current_actor(self.auth)
        with self.db.write() as session:
            if session.scalar(select(ChainNetwork.id).where(ChainNetwork.name == name)) is None:
                raise NotFoundError(f"No network named {name!r}: see qenex network list.", field="network")
            self._set_active(session, name, actor)
        return self.get(name)

    # -- the ledger's rows ---------------------------------------------------------------------------

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

    def _set_active(self, session: Session, name: str, actor: str | None) -> None:
        state = session.get(AppState, ACTIVE_NETWORK_KEY)
        if state is None:
            session.add(AppState(key=ACTIVE_NETWORK_KEY, value=name))
        else:
            state.value = name
        self.audit.append(
            session, category=Category.SECURITY, event="network.selected", actor=actor, details={"name": name}
        )

"""The chain layer as the GUI and the CLI see it: networks, balances, sends, tracking, tokens, QXC.

Every operation first checks the node: the chain id must be the network's (else nothing is read
or signed), and the genesis hash must be the one the ledger knows; when it is not (a local node
restarted with a fresh chain), the old chain's rows are marked stale in one unit of work and
everything shown afterwards comes from the new chain only.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eth_account import Account
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from qenex_desktop.core.audit import AuditLog, Category
from qenex_desktop.core.auth import ActiveSession, AuthService
from qenex_desktop.core.chain import erc20
from qenex_desktop.core.chain.artifact import ContractArtifact, qxc_artifact
from qenex_desktop.core.chain.client import ChainClient, NodeStatus, RpcError, to_int
from qenex_desktop.core.chain.fees import FeeQuote, quote_fees
from qenex_desktop.core.chain.revert import RevertDecoder
from qenex_desktop.core.chain.settings import ChainSettings
from qenex_desktop.core.chain.types import (
    ETH,
    ETH_DECIMALS,
    AccountBalances,
    AssetBalance,
    ChainCheck,
    NetworkInfo,
    RefreshReport,
    ScanProgress,
    SendPreview,
    TokenInfo,
    TransferInfo,
    TxInfo,
)
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
from qenex_desktop.core.errors import (
    AlreadyExistsError,
    ChainError,
    InsufficientFundsError,
    NodeUnreachableError,
    NotFoundError,
    QenexError,
    TransactionRevertedError,
    ValidationError,
    WrongChainError,
)
from qenex_desktop.core.instrumentation import Instrumentation, operation
from qenex_desktop.core.keys.hd import derive_keys
from qenex_desktop.core.keys.service import WalletService
from qenex_desktop.core.validation import (
    format_amount,
    parse_address,
    parse_amount,
    parse_chain_id,
    parse_decimals,
    parse_network_name,
    parse_rpc_url,
    parse_token_name,
)

if TYPE_CHECKING:
    from qenex_desktop.core.chain.tracker import TxTracker

_log = logging.getLogger(__name__)

LOCAL_NETWORK_NAME = "Local Hardhat"
ACTIVE_NETWORK_KEY = "chain.active_network"
#: Hardhat's documented default accounts come from this public test mnemonic (never real money).
HARDHAT_DEV_MNEMONIC = "test test test test test test test test test test test junk"
_PLAIN_TRANSFER_GAS = 21_000

# OpenZeppelin 5's IERC6093 errors, so imported OZ tokens' reverts read well without their ABI.
_IERC6093_ABI: list[dict[str, Any]] = [
    {
        "type": "error",
        "name": name,
        "inputs": [{"name": n, "type": t} for n, t in inputs],
    }
    for name, inputs in (
        ("ERC20InsufficientBalance", [("sender", "address"), ("balance", "uint256"), ("needed", "uint256")]),
        ("ERC20InvalidSender", [("sender", "address")]),
        ("ERC20InvalidReceiver", [("receiver", "address")]),
        (
            "ERC20InsufficientAllowance",
            [("spender", "address"), ("allowance", "uint256"), ("needed", "uint256")],
        ),
        ("ERC20InvalidApprover", [("approver", "address")]),
        ("ERC20InvalidSpender", [("spender", "address")]),
    )
]


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


def _token_info(row: ChainToken) -> TokenInfo:
    return TokenInfo(row.address, row.name, row.symbol, row.decimals, row.is_qxc, row.deploy_block)


def _rpc_text(exc: RpcError) -> str:
    return exc.message.lower()


class ChainService:
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

    # -- networks ----------------------------------------------------------------------------------

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

    # -- tokens ----------------------------------------------------------------------------------------

    def tokens(self, network: str | None = None) -> list[TokenInfo]:
        """QXC and the imported tokens of the network's current chain (never a stale one)."""
        info = self.network(network)
        if info.genesis_hash is None:
            return []
        with self.db.read() as session:
            rows = session.scalars(
                select(ChainToken)
                .where(
                    ChainToken.network_id == info.id,
                    ChainToken.genesis_hash == info.genesis_hash,
                    ChainToken.stale.is_(False),
                )
                .order_by(ChainToken.is_qxc.desc(), ChainToken.symbol)
            ).all()
            return [_token_info(row) for row in rows]

    def qxc_token(self, network: str | None = None) -> TokenInfo | None:
        for token in self.tokens(network):
            if token.is_qxc:
                return token
        return None

    def _read_token(self, live: Live, address: str) -> TokenInfo:
        client = live.client
        if client.code(address) in ("0x", "0x0", ""):
            raise ValidationError(f"There is no contract at {address} on {live.network.name}.", field="token")
        try:
            name = parse_token_name(
                erc20.decode_text(client.call({"to": address, "data": erc20.name_call()}))
            )
            symbol = erc20.decode_text(client.call({"to": address, "data": erc20.symbol_call()})).strip()
            decimals = parse_decimals(
                erc20.decode_uint(client.call({"to": address, "data": erc20.decimals_call()}))
            )
        except (RpcError, ValueError, ValidationError) as exc:
            raise ValidationError(
                f"The contract at {address} does not answer like an ERC-20 token "
                f"(name, symbol, decimals): {exc}",
                field="token",
            ) from None
        if not symbol or len(symbol) > 16 or not symbol.isprintable():
            raise ValidationError("This token reports a symbol the wallet cannot show.", field="token")
        return TokenInfo(address, name, symbol, decimals, False)

    @operation("chain.import_token")
    def import_token(self, address: str) -> TokenInfo:
        token_address = parse_address(address, field="token")
        live = self.live()
        token = self._read_token(live, token_address)
        actor = self._actor()  # before the write: it touches the session row itself
        with self.db.write() as session:
            exists = session.scalar(
                select(ChainToken).where(
                    ChainToken.network_id == live.network.id,
                    ChainToken.genesis_hash == live.genesis_hash,
                    ChainToken.address == token_address,
                )
            )
            if exists is not None:
                return _token_info(exists)
            session.add(
                ChainToken(
                    network_id=live.network.id,
                    genesis_hash=live.genesis_hash,
                    stale=False,
                    address=token.address,
                    name=token.name,
                    symbol=token.symbol,
                    decimals=token.decimals,
                    is_qxc=False,
                    created_at=self.clock.now_ms(),
                )
            )
            self.audit.append(
                session,
                category=Category.MONEY,
                event="token.imported",
                actor=actor,
                details={"network": live.network.name, "address": token.address, "symbol": token.symbol},
            )
        return token

    def _remember_qxc(
        self, live: Live, address: str, tx_hash: str, block: int, actor: str | None
    ) -> TokenInfo:
        token = self._read_token(live, address)
        with self.db.write() as session:
            session.execute(
                update(ChainToken)
                .where(
                    ChainToken.network_id == live.network.id,
                    ChainToken.genesis_hash == live.genesis_hash,
                    ChainToken.is_qxc.is_(True),
                )
                .values(is_qxc=False)
            )
            row = session.scalar(
                select(ChainToken).where(
                    ChainToken.network_id == live.network.id,
                    ChainToken.genesis_hash == live.genesis_hash,
                    ChainToken.address == address,
                )
            )
            if row is None:
                row = ChainToken(
                    network_id=live.network.id,
                    genesis_hash=live.genesis_hash,
                    stale=False,
                    address=address,
                    name=token.name,
                    symbol=token.symbol,
                    decimals=token.decimals,
                    created_at=self.clock.now_ms(),
                )
                session.add(row)
            row.is_qxc = True
            row.deploy_tx_hash = tx_hash
            row.deploy_block = block
            self.audit.append(
                session,
                category=Category.MONEY,
                event="qxc.deployed",
                actor=actor,
                details={
                    "network": live.network.name,
                    "address": address,
                    "tx_hash": tx_hash,
                    "block": block,
                },
            )
            return _token_info(row)

    # -- balances ------------------------------------------------------------------------------------

    def _token_balance(self, live: Live, token: str, owner: str) -> int:
        return erc20.decode_uint(live.client.call({"to": token, "data": erc20.balance_of_call(owner)}))

    @operation("chain.balances")
    def balances(self, address: str | None = None) -> list[AccountBalances]:
        """ETH, QXC and imported tokens of the profile's accounts (or of one address)."""
        active = self.auth.require_session()
        accounts = self.wallet.accounts(active.profile_id)
        if address is not None:
            wanted = parse_address(address)
            named = {a.address: a.name for a in accounts}
            targets = [(wanted, named.get(wanted, ""))]
        else:
            targets = [(a.address, a.name) for a in accounts]
        live = self.live()
        tokens = self.tokens(live.network.name)
        result = []
        for owner, name in targets:
            eth = AssetBalance(ETH, ETH, ETH_DECIMALS, live.client.balance(owner))
            held = tuple(
                AssetBalance(t.address, t.symbol, t.decimals, self._token_balance(live, t.address, owner))
                for t in tokens
            )
            result.append(AccountBalances(owner, name, eth, held))
        return result

    # -- sends ------------------------------------------------------------------------------------------

    def _resolve_asset(self, live: Live, asset: str) -> tuple[str, str, int]:
        """("ETH" | token address, symbol, decimals) for ETH, QXC, a symbol or an imported token address."""
        text = (asset or "").strip()
        if text.upper() == ETH:
            return ETH, ETH, ETH_DECIMALS
        tokens = self.tokens(live.network.name)
        if text.startswith("0x"):
            token_address = parse_address(text, field="asset")
            for token in tokens:
                if token.address == token_address:
                    return token.address, token.symbol, token.decimals
            raise NotFoundError(
                f"{token_address} is not imported on {live.network.name}: "
                "import it first (chain token import).",
                field="asset",
            )
        matches = [t for t in tokens if t.symbol.upper() == text.upper()]
        if text.upper() == "QXC":
            matches = [t for t in tokens if t.is_qxc] or matches
        if len(matches) == 1:
            return matches[0].address, matches[0].symbol, matches[0].decimals
        if not matches:
            hint = " Deploy it with qenex qxc deploy." if text.upper() == "QXC" else ""
            raise NotFoundError(f"No token {text!r} on {live.network.name}.{hint}", field="asset")
        raise ValidationError(f"Several tokens are called {text!r}: name it by its address.", field="asset")

    def _from_address(self, active: ActiveSession, from_address: str | None) -> str:
        accounts = self.wallet.accounts(active.profile_id)
        if not accounts:
            raise NotFoundError("This profile has no wallet account yet: create or import one.", field="from")
        if from_address is None:
            return accounts[0].address
        address = parse_address(from_address, field="from")
        return self.wallet.require_account(active.profile_id, address).address

    def _fees(self, live: Live) -> FeeQuote:
        history = live.client.fee_history(
            self.settings.fee_history_blocks, self.settings.fee_reward_percentile
        )
        return quote_fees(history, default_tip=self.settings.default_priority_fee)

    def _estimate(self, live: Live, tx: dict[str, Any]) -> int:
        try:
            return live.client.estimate_gas(tx)
        except RpcError as exc:
            raise self._refusal(exc) from None

    def _refusal(self, exc: RpcError) -> QenexError:
        """A node's refusal as a domain error a person can act on."""
        text = _rpc_text(exc)
        data = exc.revert_data()
        if data is not None or "revert" in text or "execution reverted" in text:
            reason = self.decoder().describe(data) if data else exc.message
            return TransactionRevertedError(
                f"The contract refused this transaction: {reason}. Nothing was sent.", field="amount"
            )
        if "insufficient funds" in text or "enough funds" in text:
            return InsufficientFundsError(
                "Not enough ETH to pay for this transaction and its network fee.", field="amount"
            )
        if "nonce too low" in text:
            return ChainError("The account's nonce moved on (another wallet sent from it?); try again.")
        if "underpriced" in text:
            return ChainError(f"The node wants a higher fee: {exc.message}", field="fee")
        return ChainError(f"The node refused the transaction: {exc.message}")

    def decoder(self) -> RevertDecoder:
        if self._decoder is None:
            decoder = RevertDecoder([_IERC6093_ABI])
            with contextlib.suppress(ChainError):
                decoder.add_abi(qxc_artifact().abi)
            self._decoder = decoder
        return self._decoder

    def _pending_floor(self, session: Session, live: Live, address: str) -> int | None:
        """Highest nonce of this address's pending rows on the current chain, if any."""
        found: int | None = session.scalar(
            select(func.max(ChainTransaction.nonce)).where(
                ChainTransaction.network_id == live.network.id,
                ChainTransaction.genesis_hash == live.genesis_hash,
                ChainTransaction.stale.is_(False),
                ChainTransaction.from_address == address,
                ChainTransaction.status == "pending",
            )
        )
        return found

    @operation("chain.preview_send")
    def preview_send(
        self, *, to: str, asset: str, amount: str | int, from_address: str | None = None
    ) -> SendPreview:
        """Gas, fees (eth_feeHistory), total and balances after, before anything is signed."""
        active = self.auth.require_session()
        live = self.live()
        return self._preview(live, active, to=to, asset=asset, amount=amount, from_address=from_address)[0]

    def _preview(
        self,
        live: Live,
        active: ActiveSession,
        *,
        to: str,
        asset: str,
        amount: str | int,
        from_address: str | None,
    ) -> tuple[SendPreview, dict[str, Any]]:
        sender = self._from_address(active, from_address)
        recipient = parse_address(to, field="to")
        asset_id, symbol, decimals = self._resolve_asset(live, asset)
        units = amount if isinstance(amount, int) else parse_amount(amount, decimals, symbol=symbol)
        if isinstance(amount, int) and amount <= 0:
            raise ValidationError("Enter an amount greater than zero.", field="amount")
        eth_balance = live.client.balance(sender)
        if asset_id == ETH:
            asset_balance = eth_balance
            tx: dict[str, Any] = {"from": sender, "to": recipient, "value": hex(units), "data": "0x"}
        else:
            asset_balance = self._token_balance(live, asset_id, sender)
            tx = {
                "from": sender,
                "to": asset_id,
                "value": "0x0",
                "data": erc20.transfer_call(recipient, units),
            }
        if asset_balance < units:
            raise InsufficientFundsError(
                f"You have {format_amount(asset_balance, decimals)} {symbol}; "
                f"this send needs {format_amount(units, decimals)} {symbol}.",
                field="amount",
            )
        estimate = self._estimate(live, tx)
        plain = asset_id == ETH and live.client.code(recipient) in ("0x", "")
        gas_limit = estimate if plain else estimate * (100 + self.settings.contract_gas_margin_percent) // 100
        fees = self._fees(live)
        max_fee = gas_limit * fees.max_fee_per_gas
        expected_fee = gas_limit * min(
            fees.max_fee_per_gas, fees.base_fee_per_gas + fees.max_priority_fee_per_gas
        )
        total_eth = max_fee + (units if asset_id == ETH else 0)
        if eth_balance < total_eth:
            raise InsufficientFundsError(
                f"You have {format_amount(eth_balance, ETH_DECIMALS)} ETH; this send needs up to "
                f"{format_amount(total_eth, ETH_DECIMALS)} ETH including the network fee.",
                field="amount",
            )
        with self.db.read() as session:
            floor = self._pending_floor(session, live, sender)
        nonce = max(live.client.nonce(sender, "pending"), -1 if floor is None else floor + 1)
        preview = SendPreview(
            network=live.network.name,
            chain_id=live.chain_id,
            from_address=sender,
            recipient=recipient,
            asset=asset_id,
            symbol=symbol,
            decimals=decimals,
            amount=units,
            gas_limit=gas_limit,
            base_fee_per_gas=fees.base_fee_per_gas,
            max_priority_fee_per_gas=fees.max_priority_fee_per_gas,
            max_fee_per_gas=fees.max_fee_per_gas,
            expected_fee=expected_fee,
            max_fee=max_fee,
            total_eth=total_eth,
            eth_balance=eth_balance,
            eth_balance_after=eth_balance - total_eth,
            asset_balance=asset_balance,
            asset_balance_after=asset_balance - units - (max_fee if asset_id == ETH else 0),
            nonce=nonce,
        )
        return preview, tx

    @operation("chain.send")
    def send(
        self,
        *,
        to: str,
        asset: str,
        amount: str | int,
        from_address: str | None = None,
        password: str | None = None,
    ) -> TxInfo:
        """Sign and broadcast (re-quoting gas and fees first); tracked in the ledger from then on."""
        active = self.wallet.unlocked_session(password)
        live = self.live()
        preview, tx = self._preview(
            live, active, to=to, asset=asset, amount=amount, from_address=from_address
        )
        return self._sign_and_broadcast(
            live,
            active,
            sender=preview.from_address,
            to=tx["to"],
            value=to_int(tx["value"]),
            data=tx["data"],
            gas_limit=preview.gas_limit,
            max_fee_per_gas=preview.max_fee_per_gas,
            max_priority_fee_per_gas=preview.max_priority_fee_per_gas,
            kind="send_eth" if preview.asset == ETH else "send_token",
            asset=preview.asset,
            symbol=preview.symbol,
            decimals=preview.decimals,
            recipient=preview.recipient,
            amount=preview.amount,
        )

    def _sign_and_broadcast(
        self,
        live: Live,
        active: ActiveSession,
        *,
        sender: str,
        to: str | None,
        value: int,
        data: str,
        gas_limit: int,
        max_fee_per_gas: int,
        max_priority_fee_per_gas: int,
        kind: str,
        asset: str,
        symbol: str,
        decimals: int,
        recipient: str | None,
        amount: int,
        nonce: int | None = None,
        replaces_id: int | None = None,
    ) -> TxInfo:
        node_nonce = live.client.nonce(sender, "pending") if nonce is None else nonce
        now = self.clock.now_ms()
        with self.db.write() as session:
            if nonce is None:
                floor = self._pending_floor(session, live, sender)
                nonce = max(node_nonce, -1 if floor is None else floor + 1)
            transaction: dict[str, Any] = {
                "type": 2,
                "chainId": live.chain_id,
                "nonce": nonce,
                "value": value,
                "data": data,
                "gas": gas_limit,
                "maxFeePerGas": max_fee_per_gas,
                "maxPriorityFeePerGas": max_priority_fee_per_gas,
            }
            if to is not None:
                transaction["to"] = to
            signed = self.wallet.sign_transaction(active.profile_id, sender, transaction)
            row = ChainTransaction(
                network_id=live.network.id,
                genesis_hash=live.genesis_hash,
                stale=False,
                profile_id=active.profile_id,
                tx_hash=signed.tx_hash,
                kind=kind,
                from_address=sender,
                to_address=to,
                asset=asset,
                asset_symbol=symbol,
                asset_decimals=decimals,
                recipient=recipient,
                amount=amount,
                value=value,
                data=data,
                nonce=nonce,
                gas_limit=gas_limit,
                max_fee_per_gas=max_fee_per_gas,
                max_priority_fee_per_gas=max_priority_fee_per_gas,
                raw_tx="0x" + signed.raw.hex(),
                status="pending",
                replaces_id=replaces_id,
                broadcast_attempts=0,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            session.flush()
            if replaces_id is not None:
                session.get_one(ChainTransaction, replaces_id).replaced_by_id = row.id
            self.audit.append(
                session,
                category=Category.MONEY,
                event=f"chain.{kind}",
                actor=active.username,
                details={
                    "network": live.network.name,
                    "tx_hash": signed.tx_hash,
                    "from": sender,
                    "to": recipient or to,
                    "asset": asset,
                    "amount": amount,
                    "nonce": nonce,
                    "max_fee_per_gas": max_fee_per_gas,
                    "replaces": replaces_id,
                },
            )
            row_id = row.id
        self._broadcast(live, row_id, signed.raw, signed.tx_hash)
        return self.tracker.settle_one(live, row_id)

    def _broadcast(self, live: Live, row_id: int, raw: bytes, tx_hash: str) -> None:
        """Hand the signed bytes to the node; the row already exists, so nothing is lost either way."""
        try:
            live.client.send_raw(raw)
        except NodeUnreachableError as exc:
            timed_out = "in time" in exc.message
            self._mark_unsent(row_id, exc.message, drop=not timed_out)
            if timed_out:
                return  # it may have arrived: refresh_pending finds out, and re-sends it if not
            raise NodeUnreachableError(exc.message + " Nothing was sent.", field="network") from exc
        except RpcError as exc:
            text = _rpc_text(exc)
            if "already known" in text or "known transaction" in text:
                pass
            elif live.client.receipt(tx_hash) is not None:
                pass  # mined, and it failed (Hardhat reports a mined revert as an error): settle_one says how
            else:
                self._mark_unsent(row_id, exc.message, drop=True)
                raise self._refusal(exc) from None
        with self.db.write() as session:
            row = session.get_one(ChainTransaction, row_id)
            row.broadcast_attempts += 1
            row.updated_at = self.clock.now_ms()

    def _mark_unsent(self, row_id: int, error: str, *, drop: bool) -> None:
        with self.db.write() as session:
            row = session.get_one(ChainTransaction, row_id)
            row.last_error = error
            row.updated_at = self.clock.now_ms()
            if drop:
                row.status = "dropped"
                if row.replaces_id is not None:
                    original = session.get(ChainTransaction, row.replaces_id)
                    if original is not None and original.replaced_by_id == row.id:
                        original.replaced_by_id = None
                self.audit.append(
                    session,
                    category=Category.MONEY,
                    event="chain.tx_not_sent",
                    actor=None,
                    details={"tx_hash": row.tx_hash, "why": error[:200]},
                )

    # -- tracking ---------------------------------------------------------------------------------------

    @property
    def tracker(self) -> TxTracker:
        from qenex_desktop.core.chain.tracker import TxTracker

        return TxTracker(self)

    @operation("chain.refresh_pending")
    def refresh_pending(self) -> RefreshReport:
        """Settle what the node now knows about pending transactions (GUI timer, worker thread)."""
        with self._refresh_guard:
            return self.tracker.refresh(self.live())

    @operation("chain.speed_up")
    def speed_up(self, tx_hash: str, *, password: str | None = None) -> TxInfo:
        return self.tracker.replace(tx_hash, cancel=False, password=password)

    @operation("chain.cancel")
    def cancel(self, tx_hash: str, *, password: str | None = None) -> TxInfo:
        return self.tracker.replace(tx_hash, cancel=True, password=password)

    def transactions(self, *, limit: int = 100, include_stale: bool = False) -> list[TxInfo]:
        """The profile's transactions on the active network, newest first (stale only when asked)."""
        active = self.auth.require_session()
        info = self.network()
        with self.db.read() as session:
            query = (
                select(ChainTransaction)
                .where(
                    ChainTransaction.network_id == info.id, ChainTransaction.profile_id == active.profile_id
                )
                .order_by(ChainTransaction.id.desc())
                .limit(limit)
            )
            if not include_stale:
                query = query.where(
                    ChainTransaction.stale.is_(False), ChainTransaction.genesis_hash == info.genesis_hash
                )
            rows = session.scalars(query).all()
            return [self.tracker.info(session, row, info.name) for row in rows]

    def transaction(self, tx_hash: str) -> TxInfo:
        info = self.network()
        wanted = (tx_hash or "").strip().lower()
        with self.db.read() as session:
            row = session.scalar(
                select(ChainTransaction).where(
                    ChainTransaction.network_id == info.id, ChainTransaction.tx_hash == wanted
                )
            )
            if row is None:
                raise NotFoundError(f"No tracked transaction {tx_hash} on {info.name}.", field="tx_hash")
            return self.tracker.info(session, row, info.name)

    # -- history -----------------------------------------------------------------------------------

    @operation("chain.scan_history")
    def scan_history(self, *, max_ranges: int | None = None) -> ScanProgress:
        from qenex_desktop.core.chain.history import scan

        active = self.auth.require_session()
        return scan(self, self.live(), self.wallet.addresses(active.profile_id), max_ranges=max_ranges)

    def transfers(self, *, limit: int = 200) -> list[TransferInfo]:
        from qenex_desktop.core.chain.history import list_transfers

        active = self.auth.require_session()
        return list_transfers(self, self.network(), self.wallet.addresses(active.profile_id), limit=limit)

    # -- QXC deploy and the dev faucet ---------------------------------------------------------------

    def qxc_constructor_args(self, artifact: ContractArtifact, owner: str) -> list[Any]:
        """QXCToken(admin, initialSupply...): the deployer gets every role and the initial supply."""
        from qenex_desktop.core.chain.qxc import constructor_args

        return constructor_args(artifact, owner)

    @operation("qxc.deploy")
    def deploy_qxc(self, *, from_address: str | None = None, password: str | None = None) -> TokenInfo:
        """Deploy QXC from one of the profile's accounts (the developer use case); remembered per network."""
        active = self.wallet.unlocked_session(password)
        live = self.live()
        sender = self._from_address(active, from_address)
        artifact = qxc_artifact()
        data = artifact.deploy_data(self.qxc_constructor_args(artifact, sender))
        gas = self._estimate(live, {"from": sender, "data": data})
        gas = gas * (100 + self.settings.contract_gas_margin_percent) // 100
        fees = self._fees(live)
        if live.client.balance(sender) < gas * fees.max_fee_per_gas:
            raise InsufficientFundsError(
                f"{sender} needs about {format_amount(gas * fees.max_fee_per_gas, ETH_DECIMALS)} ETH "
                "to deploy.",
                field="from",
            )
        sent = self._sign_and_broadcast(
            live,
            active,
            sender=sender,
            to=None,
            value=0,
            data=data,
            gas_limit=gas,
            max_fee_per_gas=fees.max_fee_per_gas,
            max_priority_fee_per_gas=fees.max_priority_fee_per_gas,
            kind="deploy",
            asset=ETH,
            symbol=ETH,
            decimals=ETH_DECIMALS,
            recipient=None,
            amount=0,
        )
        receipt = live.client.wait_for_receipt(sent.tx_hash, self.settings.receipt_wait_s)
        settled = self.tracker.settle_one(live, self._row_id(live, sent.tx_hash))
        if receipt is None or settled.status != "confirmed" or not settled.contract_address:
            raise ChainError(
                f"The deploy transaction {sent.tx_hash} is {settled.status}"
                + (f": {settled.revert_reason}" if settled.revert_reason else "")
                + ". The token is not registered; see chain tx status."
            )
        return self._remember_qxc(
            live, settled.contract_address, sent.tx_hash, settled.block_number or 0, active.username
        )

    def _row_id(self, live: Live, tx_hash: str) -> int:
        with self.db.read() as session:
            found = session.scalar(
                select(ChainTransaction.id).where(
                    ChainTransaction.network_id == live.network.id, ChainTransaction.tx_hash == tx_hash
                )
            )
        if found is None:
            raise NotFoundError(f"No tracked transaction {tx_hash}.")
        return found

    def dev_account(self) -> tuple[str, bytes]:
        """Hardhat's first dev account (from its public test mnemonic): the local faucet's source."""
        from qenex_desktop.core.keys.hd import address_of

        key = derive_keys(HARDHAT_DEV_MNEMONIC, [0])[0]
        return address_of(key), key

    def _require_local_dev_chain(self, live: Live) -> None:
        if live.chain_id != LOCAL_CHAIN_ID:
            raise WrongChainError(
                "The dev faucet and dev deploy only run on a local Hardhat chain "
                f"(chain id {LOCAL_CHAIN_ID}); "
                f"{live.network.name} is chain {live.chain_id}.",
                field="network",
            )

    def _dev_send(self, live: Live, tx: dict[str, Any]) -> dict[str, Any]:
        self._require_local_dev_chain(live)
        address, key = self.dev_account()
        fees = self._fees(live)
        estimate_tx = {k: (hex(v) if isinstance(v, int) else v) for k, v in tx.items()}
        gas = self._estimate(live, {"from": address, **estimate_tx})
        transaction = {
            "type": 2,
            "chainId": live.chain_id,
            "nonce": live.client.nonce(address, "pending"),
            "gas": gas * (100 + self.settings.contract_gas_margin_percent) // 100,
            "maxFeePerGas": fees.max_fee_per_gas,
            "maxPriorityFeePerGas": fees.max_priority_fee_per_gas,
            "value": 0,
            "data": "0x",
            **tx,
        }
        signed = Account.sign_transaction(transaction, key)
        tx_hash = "0x" + bytes(signed.hash).hex()
        try:
            live.client.send_raw(bytes(signed.raw_transaction))
        except RpcError as exc:
            if live.client.receipt(tx_hash) is None:
                raise self._refusal(exc) from None
        receipt = live.client.wait_for_receipt(tx_hash, self.settings.receipt_wait_s)
        if receipt is None or to_int(receipt["status"]) != 1:
            raise ChainError(f"The dev transaction {tx_hash} did not succeed.")
        return receipt

    @operation("qxc.deploy_dev")
    def deploy_qxc_as_dev(self) -> TokenInfo:
        """Deploy QXC from Hardhat's first dev account (local chain only; no password needed)."""
        live = self.live()
        self._require_local_dev_chain(live)
        existing = self.qxc_token(live.network.name)
        if existing is not None and live.client.code(existing.address) not in ("0x", ""):
            return existing
        dev_address, _ = self.dev_account()
        artifact = qxc_artifact()
        receipt = self._dev_send(
            live, {"data": artifact.deploy_data(self.qxc_constructor_args(artifact, dev_address))}
        )
        address = parse_address(str(receipt["contractAddress"]))
        return self._remember_qxc(
            live, address, str(receipt["transactionHash"]), to_int(receipt["blockNumber"]), self._actor()
        )

    @operation("chain.dev_faucet")
    def dev_faucet(self, address: str, *, eth: int, qxc: int) -> dict[str, int]:
        """Top an address up to ``eth`` wei and ``qxc`` base units from Hardhat's dev account #0.

        Only on chain id 31337. Sends only what is missing, so running it twice gives nothing twice.
        """
        target = parse_address(address)
        live = self.live()
        self._require_local_dev_chain(live)
        sent = {"eth": 0, "qxc": 0}
        have_eth = live.client.balance(target)
        if have_eth < eth:
            self._dev_send(live, {"to": target, "value": eth - have_eth})
            sent["eth"] = eth - have_eth
        token = self.qxc_token(live.network.name)
        if token is not None and qxc > 0:
            have = self._token_balance(live, token.address, target)
            if have < qxc:
                self._dev_send(live, {"to": token.address, "data": erc20.transfer_call(target, qxc - have)})
                sent["qxc"] = qxc - have
        if sent["eth"] or sent["qxc"]:
            actor = self._actor()
            with self.db.write() as session:
                self.audit.append(
                    session,
                    category=Category.MONEY,
                    event="chain.dev_faucet",
                    actor=actor,
                    details={
                        "network": live.network.name,
                        "to": target,
                        "eth_wei": sent["eth"],
                        "qxc_units": sent["qxc"],
                    },
                )
        return sent

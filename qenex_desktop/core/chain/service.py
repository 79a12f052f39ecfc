"""The chain layer as the GUI and the CLI see it: networks, balances, sends, tracking, tokens, QXC.

``ChainService`` is a thin facade. The work is done by parts with one job each, built once here and
handed only what they need (bottom to top; a part only ever calls parts below it):

* ``registry`` (networks.py): the networks the wallet knows and the active one (ledger only);
* ``gateway`` (gateway.py): the live node: clients, chain-id check, genesis sync, last status;
* ``refusals`` (refusals.py): a node's "no" as a domain error, and the revert decoder;
* ``signer`` (signer.py): a typed request signed, recorded with its audit entry, and broadcast;
* ``assets`` (assets.py): tokens, importing one, balances;
* ``tracker`` (tracker.py): pending rows settled, re-broadcast, sped up or cancelled; the reads;
* ``sends`` (sends.py): a person's send previewed, then signed and followed;
* ``history`` (history.py): the transfer scan and its stored results;
* ``deployer`` (deploy.py): QXC deploys and the local dev faucet.

Every operation first checks the node (``gateway.live()``): the chain id must be the network's, and
the genesis hash the one the ledger knows, else the old chain's rows are marked stale.
"""

from __future__ import annotations

from typing import Any

from qenex_desktop.core.audit import AuditLog
from qenex_desktop.core.auth import AuthService
from qenex_desktop.core.chain.artifact import ContractArtifact
from qenex_desktop.core.chain.assets import Assets
from qenex_desktop.core.chain.client import ChainClient, NodeStatus
from qenex_desktop.core.chain.deploy import HARDHAT_DEV_MNEMONIC, Deployer
from qenex_desktop.core.chain.fees import FeeChoice, live_presets
from qenex_desktop.core.chain.gateway import Live, NodeGateway
from qenex_desktop.core.chain.history import History
from qenex_desktop.core.chain.networks import (
    ACTIVE_NETWORK_KEY,
    LOCAL_NETWORK_NAME,
    NetworkRegistry,
    parse_explorer_url,
)
from qenex_desktop.core.chain.refusals import Refusals
from qenex_desktop.core.chain.replacement import ReplacementFees, ReplacementPreview
from qenex_desktop.core.chain.revert import RevertDecoder
from qenex_desktop.core.chain.sends import Sends
from qenex_desktop.core.chain.settings import ChainSettings
from qenex_desktop.core.chain.signer import Signer
from qenex_desktop.core.chain.tracker import TxTracker
from qenex_desktop.core.chain.types import (
    AccountBalances,
    ChainCheck,
    FeePresets,
    NetworkInfo,
    RefreshReport,
    ScanProgress,
    SendPreview,
    TokenInfo,
    TransferInfo,
    TxInfo,
)
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.errors import ChainError, WrongChainError
from qenex_desktop.core.instrumentation import Instrumentation, operation
from qenex_desktop.core.keys.service import WalletService
from qenex_desktop.core.validation import parse_chain_id, parse_network_name, parse_rpc_url


class ChainService:
    """One object for ``core.chain``: the parts wired once, each public operation delegated to one."""

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
        self.registry = NetworkRegistry(database, audit, clock, auth)
        self.gateway = NodeGateway(self.registry, database, audit, clock, settings or ChainSettings())
        self.refusals = Refusals()
        self.signer = Signer(database, audit, clock, wallet, self.gateway, self.refusals)
        self.assets = Assets(database, audit, clock, auth, wallet, self.registry, self.gateway)
        self.tracker = TxTracker(
            database, audit, clock, auth, self.registry, self.gateway, self.signer, self.refusals
        )
        self.sends = Sends(auth, self.gateway, self.assets, self.signer, self.tracker)
        self.history = History(database, clock, auth, wallet, self.registry, self.gateway, self.assets)
        self.deployer = Deployer(
            database, audit, clock, auth, self.gateway, self.assets, self.signer, self.tracker, self.refusals
        )

    # -- shared state -------------------------------------------------------------------------------

    @property
    def settings(self) -> ChainSettings:
        return self.gateway.settings

    @settings.setter
    def settings(self, value: ChainSettings) -> None:
        """Takes effect for every part at once (they read the gateway's); cached clients are rebuilt."""
        self.gateway.settings = value

    @property
    def last_status(self) -> NodeStatus | None:
        """The last probe of the active network, for a status line ("state shown")."""
        return self.gateway.last_status

    # -- networks and the node ------------------------------------------------------------------------

    def networks(self) -> list[NetworkInfo]:
        return self.registry.all()

    def network(self, name: str | None = None) -> NetworkInfo:
        """The named network, or the active one."""
        return self.registry.get(name)

    @operation("chain.add_network")
    def add_network(
        self,
        name: str,
        rpc_url: str,
        chain_id: int | str,
        *,
        use: bool = False,
        explorer_url: str | None = None,
    ) -> NetworkInfo:
        """Add a network after asking its node for its chain id: a mismatch is refused (nothing saved);
        a node that does not answer is saved unverified (``verified`` False) and checked on first use."""
        url, expected = parse_rpc_url(rpc_url), parse_chain_id(chain_id)
        parse_explorer_url(explorer_url)  # a bad explorer is refused before the node is asked
        answered = self._check_node(url, expected)
        info = self.registry.add(name, url, expected, use=use, explorer_url=explorer_url)
        return self._first_contact(info) if answered else info

    @operation("chain.edit_network")
    def edit_network(
        self,
        name: str,
        *,
        new_name: str | None = None,
        rpc_url: str | None = None,
        chain_id: int | str | None = None,
        explorer_url: str | None = None,
    ) -> NetworkInfo:
        """Rename a network, or move it to another node, checked like a new one; ``explorer_url``
        ``""`` removes its explorer, None keeps it."""
        current = self.registry.get(name)
        clean_name = parse_network_name(new_name) if new_name is not None else None
        url = parse_rpc_url(rpc_url) if rpc_url is not None else current.rpc_url
        expected = parse_chain_id(chain_id) if chain_id is not None else current.chain_id
        parse_explorer_url(explorer_url)
        answered = True
        if (url, expected) != (current.rpc_url, current.chain_id):
            answered = self._check_node(url, expected)
        info = self.registry.edit(
            name, new_name=clean_name, rpc_url=url, chain_id=expected, explorer_url=explorer_url
        )
        return self._first_contact(info) if answered and not info.verified else info

    @operation("chain.remove_network")
    def remove_network(self, name: str) -> None:
        self.registry.remove(name)

    def _check_node(self, url: str, expected: int) -> bool:
        """True when the node answered with ``expected``; False when it did not answer at all."""
        status = self.gateway.probe_url(url)
        if not status.reachable:
            return False
        if status.chain_id != expected:
            raise WrongChainError(
                f"The node at {url} serves chain id {status.chain_id}, not {expected}. Nothing was "
                "saved: check the chain id (or the URL).",
                field="chain_id",
            )
        return True

    def _first_contact(self, info: NetworkInfo) -> NetworkInfo:
        """Learn the genesis now, so the network shows as verified (a node gone since: left unverified)."""
        try:
            self.gateway.live(info.name)
        except ChainError:
            return info
        return self.registry.get(info.name)

    @operation("chain.use_network")
    def use_network(self, name: str) -> NetworkInfo:
        return self.registry.use(name)

    def client_for(self, network: NetworkInfo) -> ChainClient:
        return self.gateway.client_for(network)

    def probe(self, network: str | None = None) -> NodeStatus:
        """Cheap health check of a network's node (default: the active one); never raises."""
        return self.gateway.probe(network)

    def live(self, network: str | None = None) -> Live:
        """Connect for one operation: chain id checked, genesis synced (stale marking)."""
        return self.gateway.live(network)

    @operation("chain.check")
    def check_chain(self, network: str | None = None) -> ChainCheck:
        return self.gateway.live(network).check

    def decoder(self) -> RevertDecoder:
        return self.refusals.decoder()

    # -- tokens and balances -----------------------------------------------------------------------

    def tokens(self, network: str | None = None) -> list[TokenInfo]:
        """QXC and the imported tokens of the network's current chain (never a stale one)."""
        return self.assets.tokens(network)

    def qxc_token(self, network: str | None = None) -> TokenInfo | None:
        return self.assets.qxc_token(network)

    @operation("chain.import_token")
    def import_token(self, address: str) -> TokenInfo:
        return self.assets.import_token(address)

    @operation("chain.balances")
    def balances(self, address: str | None = None) -> list[AccountBalances]:
        """ETH, QXC and imported tokens of the profile's accounts (or of one address)."""
        return self.assets.balances(address)

    # -- sending and tracking -----------------------------------------------------------------------

    @operation("chain.preview_send")
    def preview_send(
        self,
        *,
        to: str,
        asset: str,
        amount: str | int,
        from_address: str | None = None,
        fee: FeeChoice | None = None,
    ) -> SendPreview:
        """Gas, fees (``fee``: a preset or one's own), total and balances after, the simulation at the
        pending block and the decoded call, before anything is signed."""
        return self.sends.preview_send(to=to, asset=asset, amount=amount, from_address=from_address, fee=fee)

    def fee_presets(self) -> FeePresets:
        """Slow, market and fast for the active network's node now (eth_feeHistory)."""
        live = self.gateway.live()
        return live_presets(live.client, self.gateway.settings)

    @operation("chain.send")
    def send(
        self,
        *,
        to: str,
        asset: str,
        amount: str | int,
        from_address: str | None = None,
        password: str | None = None,
        accept_lookalike: bool = False,
        fee: FeeChoice | None = None,
    ) -> TxInfo:
        """Sign and broadcast (re-quoting gas and fees first); tracked in the ledger from then on.
        A look-alike recipient is refused unless ``accept_lookalike``."""
        return self.sends.send(
            to=to,
            asset=asset,
            amount=amount,
            from_address=from_address,
            password=password,
            accept_lookalike=accept_lookalike,
            fee=fee,
        )

    @operation("chain.refresh_pending")
    def refresh_pending(self) -> RefreshReport:
        """Settle what the node now knows about pending transactions (GUI timer, worker thread); a
        deploy that confirmed meanwhile (a sped-up one too) registers its contract as QXC."""
        report = self.tracker.refresh_pending()
        if report.confirmed:
            self.deployer.register_confirmed_deploys(self.gateway.live())
        return report

    @operation("chain.preview_replacement")
    def preview_replacement(self, tx_hash: str, *, cancel: bool) -> ReplacementPreview:
        """The fees a speed-up (or cancel) would sign now, next to the pending transaction's own."""
        return self.tracker.preview_replacement(tx_hash, cancel=cancel)

    @operation("chain.speed_up")
    def speed_up(
        self, tx_hash: str, *, password: str | None = None, fees: ReplacementFees | None = None
    ) -> TxInfo:
        """Send it again with higher fees: ``fees`` as reviewed (a preview's), else today's quote."""
        return self.tracker.replace(tx_hash, cancel=False, password=password, fees=fees)

    @operation("chain.cancel")
    def cancel(
        self, tx_hash: str, *, password: str | None = None, fees: ReplacementFees | None = None
    ) -> TxInfo:
        """0 ETH to oneself with the same nonce: ``fees`` as reviewed, else today's quote."""
        return self.tracker.replace(tx_hash, cancel=True, password=password, fees=fees)

    def transactions(self, *, limit: int = 100, include_stale: bool = False) -> list[TxInfo]:
        """The profile's transactions on the active network, newest first (stale only when asked)."""
        return self.tracker.transactions(limit=limit, include_stale=include_stale)

    def transaction(self, tx_hash: str) -> TxInfo:
        return self.tracker.transaction(tx_hash)

    # -- history ---------------------------------------------------------------------------------------

    @operation("chain.scan_history")
    def scan_history(self, *, max_ranges: int | None = None) -> ScanProgress:
        return self.history.scan(max_ranges=max_ranges)

    def transfers(self, *, limit: int = 200) -> list[TransferInfo]:
        return self.history.transfers(limit=limit)

    # -- QXC and the dev chain ----------------------------------------------------------------------

    def qxc_constructor_args(self, artifact: ContractArtifact, owner: str) -> list[Any]:
        """QXCToken(admin, initialSupply...): the deployer gets every role and the initial supply."""
        return self.deployer.qxc_constructor_args(artifact, owner)

    @operation("qxc.deploy")
    def deploy_qxc(self, *, from_address: str | None = None, password: str | None = None) -> TokenInfo:
        """Deploy QXC from one of the profile's accounts (the developer use case); remembered per network."""
        return self.deployer.deploy_qxc(from_address=from_address, password=password)

    @operation("qxc.deploy_dev")
    def deploy_qxc_as_dev(self) -> TokenInfo:
        """Deploy QXC from Hardhat's first dev account (local chain only; no password needed)."""
        return self.deployer.deploy_qxc_as_dev()

    @operation("chain.welcome_grant")
    def welcome_grant(self, address: str, *, eth: int, qxc: int) -> dict[str, int]:
        return self.deployer.welcome_grant(address, eth=eth, qxc=qxc)

    @operation("chain.dev_faucet")
    def dev_faucet(self, address: str, *, eth: int, qxc: int) -> dict[str, int]:
        """Top an address up to ``eth`` wei and ``qxc`` base units from Hardhat's dev account #0."""
        return self.deployer.dev_faucet(address, eth=eth, qxc=qxc)

    def dev_account(self) -> tuple[str, bytes]:
        """Hardhat's first dev account (from its public test mnemonic): the local faucet's source."""
        return self.deployer.dev_account()


__all__ = ["ACTIVE_NETWORK_KEY", "HARDHAT_DEV_MNEMONIC", "LOCAL_NETWORK_NAME", "ChainService", "Live"]

"""Tokens and balances: the current chain's tokens, importing an ERC-20, and what accounts hold."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from qenex_desktop.core.audit import AuditLog, Category
from qenex_desktop.core.auth import AuthService
from qenex_desktop.core.chain import erc20
from qenex_desktop.core.chain.client import RpcError
from qenex_desktop.core.chain.gateway import Live, NodeGateway
from qenex_desktop.core.chain.networks import NetworkRegistry, current_actor
from qenex_desktop.core.chain.types import ETH, ETH_DECIMALS, AccountBalances, AssetBalance, TokenInfo
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import ChainToken
from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.keys.service import WalletService
from qenex_desktop.core.validation import parse_address, parse_decimals, parse_token_name


def token_info(row: ChainToken) -> TokenInfo:
    return TokenInfo(row.address, row.name, row.symbol, row.decimals, row.is_qxc, row.deploy_block)


def token_at(session: Session, live: Live, address: str) -> ChainToken | None:
    """The ledger's row for a token address on the live chain, stale or not."""
    return session.scalar(
        select(ChainToken).where(
            ChainToken.network_id == live.network.id,
            ChainToken.genesis_hash == live.genesis_hash,
            ChainToken.address == address,
        )
    )


class Assets:
    def __init__(
        self,
        database: Database,
        audit: AuditLog,
        clock: Clock,
        auth: AuthService,
        wallet: WalletService,
        registry: NetworkRegistry,
        gateway: NodeGateway,
    ) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock
        self.auth = auth
        self.wallet = wallet
        self.registry = registry
        self.gateway = gateway

    def tokens(self, network: str | None = None) -> list[TokenInfo]:
        """QXC and the imported tokens of the network's current chain (never a stale one)."""
        info = self.registry.get(network)
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
            return [token_info(row) for row in rows]

    def qxc_token(self, network: str | None = None) -> TokenInfo | None:
        for token in self.tokens(network):
            if token.is_qxc:
                return token
        return None

    def read_token(self, live: Live, address: str) -> TokenInfo:
        """Name, symbol and decimals as the contract at ``address`` reports them (it must be an ERC-20)."""
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

    def import_token(self, address: str) -> TokenInfo:
        token_address = parse_address(address, field="token")
        live = self.gateway.live()
        token = self.read_token(live, token_address)
        actor = current_actor(self.auth)  # before the write: it touches the session row itself
        with self.db.write() as session:
            exists = token_at(session, live, token_address)
            if exists is not None:
                return token_info(exists)
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

    def token_balance(self, live: Live, token: str, owner: str) -> int:
        return erc20.decode_uint(live.client.call({"to": token, "data": erc20.balance_of_call(owner)}))

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
        live = self.gateway.live()
        tokens = self.tokens(live.network.name)
        result = []
        for owner, name in targets:
            eth = AssetBalance(ETH, ETH, ETH_DECIMALS, live.client.balance(owner))
            held = tuple(
                AssetBalance(t.address, t.symbol, t.decimals, self.token_balance(live, t.address, owner))
                for t in tokens
            )
            result.append(AccountBalances(owner, name, eth, held))
        return result

"""QXC deploys (from a wallet account or Hardhat's dev account) and the local dev faucet.

Each faucet payment (one dev transaction for ETH, one for QXC) is a ``chain_transactions`` row of
kind "faucet" (confirmed, with its hash, block and fee), written in the same unit of work as its
``chain.dev_faucet`` audit entry: the Activity tab and ``qenex chain tx list`` show it as incoming.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from eth_account import Account
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from qenex_desktop.core.audit import AuditLog, Category
from qenex_desktop.core.auth import AuthService
from qenex_desktop.core.chain import erc20
from qenex_desktop.core.chain.artifact import ContractArtifact, qxc_artifact
from qenex_desktop.core.chain.assets import Assets, token_at, token_info
from qenex_desktop.core.chain.client import RpcError, to_int
from qenex_desktop.core.chain.gateway import Live, NodeGateway
from qenex_desktop.core.chain.networks import current_actor
from qenex_desktop.core.chain.qxc import constructor_args
from qenex_desktop.core.chain.refusals import Refusals
from qenex_desktop.core.chain.signer import Signer, TxRequest
from qenex_desktop.core.chain.tracker import TxTracker
from qenex_desktop.core.chain.types import ETH, ETH_DECIMALS, TokenInfo, TxInfo
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.config import LOCAL_CHAIN_ID
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import AppState, ChainToken, ChainTransaction, WalletAccount
from qenex_desktop.core.errors import (
    ChainError,
    InsufficientFundsError,
    NodeUnreachableError,
    NotFoundError,
    WrongChainError,
)
from qenex_desktop.core.keys.hd import address_of, derive_keys
from qenex_desktop.core.validation import format_amount, parse_address

#: Hardhat's documented default accounts come from this public test mnemonic (never real money).
HARDHAT_DEV_MNEMONIC = "test test test test test test test test test test test junk"


@dataclass(frozen=True)
class DevSent:
    """A dev-key transaction that was mined: what was signed, and its receipt."""

    transaction: dict[str, Any]
    raw: str
    receipt: dict[str, Any]

    @property
    def tx_hash(self) -> str:
        return str(self.receipt["transactionHash"]).lower()


@dataclass(frozen=True)
class FaucetPayment:
    """One faucet transfer: ``amount`` base units of ``asset`` ("ETH" or the token contract)."""

    asset: str
    symbol: str
    decimals: int
    amount: int
    sent: DevSent


class Deployer:
    def __init__(
        self,
        database: Database,
        audit: AuditLog,
        clock: Clock,
        auth: AuthService,
        gateway: NodeGateway,
        assets: Assets,
        signer: Signer,
        tracker: TxTracker,
        refusals: Refusals,
    ) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock
        self.auth = auth
        self.gateway = gateway
        self.assets = assets
        self.signer = signer
        self.tracker = tracker
        self.refusals = refusals

    def qxc_constructor_args(self, artifact: ContractArtifact, owner: str) -> list[Any]:
        """QXCToken(admin, initialSupply...): the deployer gets every role and the initial supply."""
        return constructor_args(artifact, owner)

    def deploy_qxc(self, *, from_address: str | None = None, password: str | None = None) -> TokenInfo:
        """Deploy QXC from one of the profile's accounts (the developer use case); remembered per network."""
        active = self.signer.unlock(password)
        live = self.gateway.live()
        sender = self.signer.sender(active, from_address)
        artifact = qxc_artifact()
        data = artifact.deploy_data(self.qxc_constructor_args(artifact, sender))
        gas = self.signer.with_margin(self.signer.estimate(live, {"from": sender, "data": data}))
        fees = self.signer.fees(live)
        if live.client.balance(sender) < gas * fees.max_fee_per_gas:
            raise InsufficientFundsError(
                f"{sender} needs about {format_amount(gas * fees.max_fee_per_gas, ETH_DECIMALS)} ETH "
                "to deploy.",
                field="from",
            )
        request = TxRequest(
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
        sent = self.signer.send(live, active, request)
        self.tracker.follow(live, sent)
        settled = self._outcome(live, sent.row_id)
        if settled.status != "confirmed" or settled.kind != "deploy" or not settled.contract_address:
            what = "was cancelled" if settled.kind == "cancel" else f"is {settled.status}"
            raise ChainError(
                f"The deploy transaction {settled.tx_hash} {what}"
                + (f": {settled.revert_reason}" if settled.revert_reason else "")
                + ". QXC is not registered; the Activity tab shows the transaction."
            )
        return self._remember_qxc(
            live, settled.contract_address, settled.tx_hash, settled.block_number or 0, active.username
        )

    def _outcome(self, live: Live, row_id: int) -> TxInfo:
        """Wait (bounded) until a transaction settles, following a speed-up that replaced it: a deploy
        sped up while it waited is the replacement's deploy, and that one is registered."""
        deadline = time.monotonic() + self.gateway.settings.receipt_wait_s
        while True:
            info = self.tracker.settle_one(live, row_id)
            if info.status == "replaced" and info.replaced_by:
                row_id = self._row_of(live, info.replaced_by)
                continue
            if info.status != "pending" or time.monotonic() >= deadline:
                return info
            time.sleep(0.2)

    def _row_of(self, live: Live, tx_hash: str) -> int:
        with self.db.read() as session:
            found = session.scalar(
                select(ChainTransaction.id).where(
                    ChainTransaction.network_id == live.network.id, ChainTransaction.tx_hash == tx_hash
                )
            )
        if found is None:
            raise NotFoundError(f"No tracked transaction {tx_hash}.")
        return int(found)

    def register_confirmed_deploys(self, live: Live) -> TokenInfo | None:
        """A deploy that confirmed while nobody waited for it (sped up, settled by a later refresh)
        registers its contract as this chain's QXC, like one that was waited for."""
        with self.db.read() as session:
            newest = session.scalars(
                select(ChainTransaction)
                .where(
                    ChainTransaction.network_id == live.network.id,
                    ChainTransaction.genesis_hash == live.genesis_hash,
                    ChainTransaction.stale.is_(False),
                    ChainTransaction.kind == "deploy",
                    ChainTransaction.status == "confirmed",
                    ChainTransaction.contract_address.is_not(None),
                )
                .order_by(ChainTransaction.id.desc())
                .limit(1)
            ).first()
            if newest is None or token_at(session, live, str(newest.contract_address)) is not None:
                return None
            address, tx_hash, block = str(newest.contract_address), newest.tx_hash, newest.block_number
        return self._remember_qxc(live, address, tx_hash, block or 0, current_actor(self.auth))

    def dev_account(self) -> tuple[str, bytes]:
        """Hardhat's first dev account (from its public test mnemonic): the local faucet's source."""
        key = derive_keys(HARDHAT_DEV_MNEMONIC, [0])[0]
        return address_of(key), key

    def deploy_qxc_as_dev(self) -> TokenInfo:
        """Deploy QXC from Hardhat's first dev account (local chain only; no password needed)."""
        live = self.gateway.live()
        _require_local_dev_chain(live)
        existing = self.assets.qxc_token(live.network.name)
        if existing is not None and live.client.code(existing.address) not in ("0x", ""):
            return existing
        dev_address, _ = self.dev_account()
        artifact = qxc_artifact()
        receipt = self._dev_send(
            live, {"data": artifact.deploy_data(self.qxc_constructor_args(artifact, dev_address))}
        ).receipt
        address = parse_address(str(receipt["contractAddress"]))
        return self._remember_qxc(
            live,
            address,
            str(receipt["transactionHash"]),
            to_int(receipt["blockNumber"]),
            current_actor(self.auth),
        )

    def dev_faucet(self, address: str, *, eth: int, qxc: int) -> dict[str, int]:
        """Top an address up to ``eth`` wei and ``qxc`` base units from Hardhat's dev account #0.

        Only on chain id 31337. Sends only what is missing, so running it twice gives nothing twice.
        """
        target = parse_address(address)
        live = self.gateway.live()
        _require_local_dev_chain(live)
        payments = self._top_up(live, target, eth=eth, qxc=qxc)
        return self._record_faucet(live, target, payments, grant_key=None)

    def welcome_grant(self, address: str, *, eth: int, qxc: int) -> dict[str, int]:
        """The first-start gift of the local chain: once per address and chain (a new genesis is a
        new chain), never again on a later unlock, however much was spent since."""
        target = parse_address(address)
        live = self.gateway.live()
        _require_local_dev_chain(live)
        key = _grant_key(live, target)
        with self.db.read() as session:
            if session.get(AppState, key) is not None:
                return {"eth": 0, "qxc": 0}
        payments = self._top_up(live, target, eth=eth, qxc=qxc)
        return self._record_faucet(live, target, payments, grant_key=key)

    def _top_up(self, live: Live, target: str, *, eth: int, qxc: int) -> list[FaucetPayment]:
        payments: list[FaucetPayment] = []
        have_eth = live.client.balance(target)
        if have_eth < eth:
            sent = self._dev_send(live, {"to": target, "value": eth - have_eth})
            payments.append(FaucetPayment(ETH, ETH, ETH_DECIMALS, eth - have_eth, sent))
        token = self.assets.qxc_token(live.network.name)
        if token is not None and qxc > 0:
            have = self.assets.token_balance(live, token.address, target)
            if have < qxc:
                call = {"to": token.address, "data": erc20.transfer_call(target, qxc - have)}
                sent = self._dev_send(live, call)
                payments.append(FaucetPayment(token.address, token.symbol, token.decimals, qxc - have, sent))
        return payments

    def _record_faucet(
        self, live: Live, target: str, payments: list[FaucetPayment], *, grant_key: str | None
    ) -> dict[str, int]:
        """Every payment is a confirmed incoming row (Activity shows it) and audited, in one unit of
        work; a grant also remembers that it was given. Returns what was sent (ETH wei, QXC units)."""
        sent = {
            "eth": sum(p.amount for p in payments if p.asset == ETH),
            "qxc": sum(p.amount for p in payments if p.asset != ETH),
        }
        if not (payments or grant_key):
            return sent
        actor = current_actor(self.auth)
        active = self.auth.current_session(touch=False)
        dev_address = self.dev_account()[0]
        with self.db.write() as session:
            if grant_key is not None and session.get(AppState, grant_key) is None:
                session.add(AppState(key=grant_key, value=str(self.clock.now_ms())))
            if not payments:
                return sent
            profile_id = _owner(session, target, active.profile_id if active else None)
            for payment in payments:
                session.add(self._faucet_row(live, dev_address, target, payment, profile_id))
            self.audit.append(
                session,
                category=Category.MONEY,
                event="chain.dev_faucet",
                actor=actor,
                details={
                    "network": live.network.name,
                    "genesis": live.genesis_hash,
                    "to": target,
                    "eth_wei": sent["eth"],
                    "qxc_units": sent["qxc"],
                    "welcome": grant_key is not None,
                    "tx_hashes": [p.sent.tx_hash for p in payments],
                },
            )
        return sent

    def _faucet_row(
        self, live: Live, dev_address: str, target: str, payment: FaucetPayment, profile_id: int | None
    ) -> ChainTransaction:
        """The mined faucet transfer as the ledger's row: from the dev account, to ``target``."""
        tx, receipt, now = payment.sent.transaction, payment.sent.receipt, self.clock.now_ms()
        price = receipt.get("effectiveGasPrice")
        return ChainTransaction(
            network_id=live.network.id,
            genesis_hash=live.genesis_hash,
            stale=False,
            profile_id=profile_id,
            tx_hash=payment.sent.tx_hash,
            kind="faucet",
            from_address=dev_address,
            to_address=parse_address(str(tx["to"])),
            asset=payment.asset,
            asset_symbol=payment.symbol,
            asset_decimals=payment.decimals,
            recipient=target,
            amount=payment.amount,
            value=int(tx["value"]),
            data=str(tx["data"]),
            nonce=int(tx["nonce"]),
            gas_limit=int(tx["gas"]),
            max_fee_per_gas=int(tx["maxFeePerGas"]),
            max_priority_fee_per_gas=int(tx["maxPriorityFeePerGas"]),
            raw_tx=payment.sent.raw,
            status="confirmed",
            block_number=to_int(receipt["blockNumber"]),
            gas_used=to_int(receipt["gasUsed"]),
            effective_gas_price=to_int(price) if price is not None else None,
            broadcast_attempts=1,
            created_at=now,
            updated_at=now,
        )

    def _dev_send(self, live: Live, tx: dict[str, Any]) -> DevSent:
        """Sign with the dev key (not the wallet's vault) and wait for the receipt (the faucet records
        what it paid; a dev deploy is recorded as the chain's QXC)."""
        _require_local_dev_chain(live)
        address, key = self.dev_account()
        fees = self.signer.fees(live)
        estimate_tx = {k: (hex(v) if isinstance(v, int) else v) for k, v in tx.items()}
        gas = self.signer.estimate(live, {"from": address, **estimate_tx})
        transaction = {
            "type": 2,
            "chainId": live.chain_id,
            "nonce": live.client.nonce(address, "pending"),
            "gas": self.signer.with_margin(gas),
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
                raise self.refusals.error_for(exc) from None
        except NodeUnreachableError as exc:
            if not exc.request_may_have_arrived:
                raise
            # the answer was lost, not the transaction: its receipt tells
        receipt = live.client.wait_for_receipt(tx_hash, self.gateway.settings.receipt_wait_s)
        if receipt is None or to_int(receipt["status"]) != 1:
            raise ChainError(f"The dev transaction {tx_hash} did not succeed.")
        return DevSent(transaction, "0x" + bytes(signed.raw_transaction).hex(), receipt)

    def _remember_qxc(
        self, live: Live, address: str, tx_hash: str, block: int, actor: str | None
    ) -> TokenInfo:
        """QXC at ``address`` is this chain's QXC from now on (any earlier one is a plain token), audited."""
        token = self.assets.read_token(live, address)
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
            row = token_at(session, live, address)
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
            return token_info(row)


def _require_local_dev_chain(live: Live) -> None:
    if live.chain_id != LOCAL_CHAIN_ID:
        raise WrongChainError(
            "The dev faucet and dev deploy only run on a local Hardhat chain "
            f"(chain id {LOCAL_CHAIN_ID}); "
            f"{live.network.name} is chain {live.chain_id}.",
            field="network",
        )


def _grant_key(live: Live, address: str) -> str:
    return f"chain.welcome_grant:{live.network.id}:{live.genesis_hash}:{address}"


def _owner(session: Session, address: str, current_profile: int | None) -> int | None:
    """Whose Activity a payment to ``address`` shows in: the logged-in profile's when it holds that
    account, else the first profile that does (None: an address of no profile here)."""
    owners = list(
        session.scalars(
            select(WalletAccount.profile_id)
            .where(WalletAccount.address == address)
            .order_by(WalletAccount.profile_id)
        ).all()
    )
    if current_profile is not None and current_profile in owners:
        return current_profile
    return owners[0] if owners else None

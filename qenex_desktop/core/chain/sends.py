"""Sends: resolving the asset, fees and gas, the nonce, signing, broadcasting, and refusals."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qenex_desktop.core.audit import Category
from qenex_desktop.core.auth import ActiveSession
from qenex_desktop.core.chain import erc20
from qenex_desktop.core.chain.client import RpcError, to_int
from qenex_desktop.core.chain.fees import FeeQuote, quote_fees
from qenex_desktop.core.chain.networks import Live
from qenex_desktop.core.chain.refusals import build_decoder, rpc_text
from qenex_desktop.core.chain.revert import RevertDecoder
from qenex_desktop.core.chain.tracking import TrackingOps
from qenex_desktop.core.chain.types import ETH, ETH_DECIMALS, SendPreview, TxInfo
from qenex_desktop.core.db.models import ChainTransaction
from qenex_desktop.core.errors import (
    ChainError,
    InsufficientFundsError,
    NodeUnreachableError,
    NotFoundError,
    QenexError,
    TransactionRevertedError,
    ValidationError,
)
from qenex_desktop.core.instrumentation import operation
from qenex_desktop.core.validation import format_amount, parse_address, parse_amount


class SendOps(TrackingOps):
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

    def _with_margin(self, gas: int) -> int:
        """A contract call's gas estimate plus the configured margin (its path may cost more when mined)."""
        return gas * (100 + self.settings.contract_gas_margin_percent) // 100

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
        text = rpc_text(exc)
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
            self._decoder = build_decoder()
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
        gas_limit = estimate if plain else self._with_margin(estimate)
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
            row_id = self._revive_same_signed(session, live, signed.tx_hash, active.username)
            if row_id is None:
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
        return self._deliver(live, row_id, signed.raw, signed.tx_hash)

    def _deliver(self, live: Live, row_id: int, raw: bytes, tx_hash: str) -> TxInfo:
        if not self._broadcast(live, row_id, raw, tx_hash):
            # The node may have it (and may mine it): pending under its hash, settled by refresh_pending,
            # never reported as "not sent", so nobody pays twice by sending again.
            return self.tracker.info_by_id(live, row_id)
        return self.tracker.settle_one(live, row_id)

    def _revive_same_signed(self, session: Session, live: Live, tx_hash: str, actor: str) -> int | None:
        """The same request signed again is the same transaction (same nonce, fees, hash): when it was
        called dropped, it is pending again under that row; when it is still tracked, it is refused."""
        row = session.scalar(
            select(ChainTransaction).where(
                ChainTransaction.network_id == live.network.id, ChainTransaction.tx_hash == tx_hash
            )
        )
        if row is None:
            return None
        if row.status != "dropped":
            raise ValidationError(
                f"This exact transaction is tracked already ({row.status}, {tx_hash}).", field="amount"
            )
        row.status, row.broadcast_attempts, row.last_error = "pending", 0, None
        row.created_at = row.updated_at = self.clock.now_ms()
        self.audit.append(
            session,
            category=Category.MONEY,
            event="chain.tx_signed_again",
            actor=actor,
            details={"network": live.network.name, "tx_hash": tx_hash, "nonce": row.nonce},
        )
        return row.id

    def _broadcast(self, live: Live, row_id: int, raw: bytes, tx_hash: str) -> bool:
        """Hand the signed bytes to the node; the row already exists, so nothing is lost either way.

        True when the node took them; False when its answer was lost after the request was written
        (the row stays pending, ``broadcast_unconfirmed``); raises when the node surely has nothing.
        """
        try:
            live.client.send_raw(raw)
        except NodeUnreachableError as exc:
            if exc.request_may_have_arrived:
                self._mark_unconfirmed(row_id, exc.message)
                return False
            self._mark_unsent(row_id, exc.message, drop=True)
            raise NodeUnreachableError(exc.message + " Nothing was sent.", field="network") from exc
        except RpcError as exc:
            text = rpc_text(exc)
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
        return True

    def _mark_unconfirmed(self, row_id: int, error: str) -> None:
        """The answer to the broadcast was lost: keep the row pending and say so in the audit log."""
        with self.db.write() as session:
            row = session.get_one(ChainTransaction, row_id)
            row.last_error = error
            row.updated_at = self.clock.now_ms()
            self.audit.append(
                session,
                category=Category.MONEY,
                event="chain.tx_broadcast_unconfirmed",
                actor=None,
                details={"tx_hash": row.tx_hash, "why": error[:200]},
            )

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

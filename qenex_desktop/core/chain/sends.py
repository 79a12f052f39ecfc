"""Sends: what a person asks for (asset, amount, recipient) turned into a preview, then a signed send.

The preview resolves the asset, checks both balances and quotes gas and fees (eth_feeHistory)
before anything is signed; ``send`` quotes again on the same path, hands the request to the
signer and lets the tracker say what became of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qenex_desktop.core.auth import ActiveSession, AuthService
from qenex_desktop.core.chain import erc20
from qenex_desktop.core.chain.assets import Assets
from qenex_desktop.core.chain.destination_checks import DestinationChecks, refuse_unacknowledged
from qenex_desktop.core.chain.gateway import Live, NodeGateway
from qenex_desktop.core.chain.signer import Signer, TxRequest
from qenex_desktop.core.chain.tracker import TxTracker
from qenex_desktop.core.chain.types import ETH, ETH_DECIMALS, SendPreview, TxInfo
from qenex_desktop.core.errors import InsufficientFundsError, NotFoundError, ValidationError
from qenex_desktop.core.validation import format_amount, parse_address, parse_amount


@dataclass(frozen=True)
class _Transfer:
    """The call that moves the asset: a plain ETH transfer, or the token's ``transfer``."""

    to: str
    value: int
    data: str
    asset_balance: int

    def as_call(self, sender: str) -> dict[str, Any]:
        return {"from": sender, "to": self.to, "value": hex(self.value), "data": self.data}


class Sends:
    def __init__(
        self, auth: AuthService, gateway: NodeGateway, assets: Assets, signer: Signer, tracker: TxTracker
    ) -> None:
        self.auth = auth
        self.gateway = gateway
        self.assets = assets
        self.signer = signer
        self.tracker = tracker
        #: Look-alike, first-send and contract checks of the recipient (ledger and node only).
        self.destinations = DestinationChecks(assets.db)

    def resolve_asset(self, live: Live, asset: str) -> tuple[str, str, int]:
        """("ETH" | token address, symbol, decimals) for ETH, QXC, a symbol or an imported token address."""
        text = (asset or "").strip()
        if text.upper() == ETH:
            return ETH, ETH, ETH_DECIMALS
        tokens = self.assets.tokens(live.network.name)
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

    def preview_send(
        self, *, to: str, asset: str, amount: str | int, from_address: str | None = None
    ) -> SendPreview:
        """Gas, fees (eth_feeHistory), total and balances after, before anything is signed."""
        active = self.auth.require_session()
        live = self.gateway.live()
        return self._preview(live, active, to=to, asset=asset, amount=amount, from_address=from_address)[0]

    def send(
        self,
        *,
        to: str,
        asset: str,
        amount: str | int,
        from_address: str | None = None,
        password: str | None = None,
        accept_lookalike: bool = False,
    ) -> TxInfo:
        """Sign and broadcast (re-quoting gas and fees first); tracked in the ledger from then on.
        A look-alike destination is refused unless ``accept_lookalike`` (the person acknowledged it)."""
        active = self.signer.unlock(password)
        live = self.gateway.live()
        preview, transfer = self._preview(
            live, active, to=to, asset=asset, amount=amount, from_address=from_address
        )
        if preview.destination is not None:
            refuse_unacknowledged(preview.destination, accept_lookalike)
        request = TxRequest(
            sender=preview.from_address,
            to=transfer.to,
            value=transfer.value,
            data=transfer.data,
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
        return self.tracker.follow(live, self.signer.send(live, active, request))

    def _transfer(
        self, live: Live, sender: str, recipient: str, asset_id: str, units: int, eth_balance: int
    ) -> _Transfer:
        if asset_id == ETH:
            return _Transfer(recipient, units, "0x", eth_balance)
        balance = self.assets.token_balance(live, asset_id, sender)
        return _Transfer(asset_id, 0, erc20.transfer_call(recipient, units), balance)

    def _preview(
        self,
        live: Live,
        active: ActiveSession,
        *,
        to: str,
        asset: str,
        amount: str | int,
        from_address: str | None,
    ) -> tuple[SendPreview, _Transfer]:
        sender = self.signer.sender(active, from_address)
        recipient = parse_address(to, field="to")
        asset_id, symbol, decimals = self.resolve_asset(live, asset)
        units = amount if isinstance(amount, int) else parse_amount(amount, decimals, symbol=symbol)
        if isinstance(amount, int) and amount <= 0:
            raise ValidationError("Enter an amount greater than zero.", field="amount")
        eth_balance = live.client.balance(sender)
        transfer = self._transfer(live, sender, recipient, asset_id, units, eth_balance)
        if transfer.asset_balance < units:
            raise InsufficientFundsError(
                f"You have {format_amount(transfer.asset_balance, decimals)} {symbol}; "
                f"this send needs {format_amount(units, decimals)} {symbol}.",
                field="amount",
            )
        estimate = self.signer.estimate(live, transfer.as_call(sender))
        plain = asset_id == ETH and live.client.code(recipient) in ("0x", "")
        gas_limit = estimate if plain else self.signer.with_margin(estimate)
        fees = self.signer.fees(live)
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
        nonce = self.signer.next_nonce(live, sender)
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
            asset_balance=transfer.asset_balance,
            asset_balance_after=transfer.asset_balance - units - (max_fee if asset_id == ETH else 0),
            nonce=nonce,
            destination=self.destinations.check(live, active.profile_id, recipient, asset_id),
        )
        return preview, transfer

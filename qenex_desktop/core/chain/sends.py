"""Sends: what a person asks for (asset, amount, recipient) turned into a preview, then a signed send.

The preview resolves the asset, checks both balances and quotes gas and fees (eth_feeHistory: the
slow / market / fast presets, or the person's own fees), then runs the exact transaction on the
node (``eth_call`` at pending) and decodes what it does; ``send`` does all of it again on the same
path, refuses what would revert, hands the request to the signer and lets the tracker say what
became of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qenex_desktop.core.auth import ActiveSession, AuthService
from qenex_desktop.core.chain import decode, erc20
from qenex_desktop.core.chain.assets import Assets
from qenex_desktop.core.chain.destination_checks import DestinationChecks, refuse_unacknowledged
from qenex_desktop.core.chain.fees import FeeChoice, choose, live_presets
from qenex_desktop.core.chain.gateway import Live, NodeGateway
from qenex_desktop.core.chain.signer import Signer, TxRequest
from qenex_desktop.core.chain.simulate import call_of, simulate
from qenex_desktop.core.chain.tracker import TxTracker
from qenex_desktop.core.chain.types import (
    ETH,
    ETH_DECIMALS,
    DecodedCall,
    FeeOption,
    SendPreview,
    Simulation,
    TxInfo,
)
from qenex_desktop.core.errors import (
    InsufficientFundsError,
    NotFoundError,
    TransactionRevertedError,
    ValidationError,
)
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


#: Gas a call is simulated with when the node's estimate already reverted (it is never signed).
REVERTING_GAS = 200_000


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
        self,
        *,
        to: str,
        asset: str,
        amount: str | int,
        from_address: str | None = None,
        fee: FeeChoice | None = None,
    ) -> SendPreview:
        """Gas, fees (eth_feeHistory), total and balances after, the simulation and the decoded call,
        before anything is signed (a send that would revert is a preview with ``will_revert``)."""
        active = self.auth.require_session()
        live = self.gateway.live()
        return self._preview(
            live, active, to=to, asset=asset, amount=amount, from_address=from_address, fee=fee
        )[0]

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
        A look-alike destination is refused unless ``accept_lookalike`` (the person acknowledged it)."""
        active = self.signer.unlock(password)
        live = self.gateway.live()
        preview, transfer = self._preview(
            live, active, to=to, asset=asset, amount=amount, from_address=from_address, fee=fee
        )
        if preview.simulation is not None and preview.simulation.reverted:  # never signed
            why = preview.simulation.explanation
            raise TransactionRevertedError(
                f"The contract refused this transaction: {preview.simulation.reason}"
                f"{f' ({why})' if why else ''}. Nothing was sent.",
                field="amount",
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
        fee: FeeChoice | None = None,
    ) -> tuple[SendPreview, _Transfer]:
        sender = self.signer.sender(active, from_address)
        recipient = parse_address(to, field="to")
        asset_id, symbol, decimals = self.resolve_asset(live, asset)
        units = amount if isinstance(amount, int) else parse_amount(amount, decimals, symbol=symbol)
        if isinstance(amount, int) and amount <= 0:
            raise ValidationError("Enter an amount greater than zero.", field="amount")
        eth_balance = live.client.balance(sender)
        transfer = self._transfer(live, sender, recipient, asset_id, units, eth_balance)
        if asset_id == ETH and transfer.asset_balance < units:  # a token's own refusal is simulated
            raise InsufficientFundsError(
                f"You have {format_amount(transfer.asset_balance, decimals)} {symbol}; "
                f"this send needs {format_amount(units, decimals)} {symbol}.",
                field="amount",
            )
        gas_limit, estimate_refused = self._gas(live, sender, transfer, plain_eth=asset_id == ETH)
        presets = live_presets(live.client, self.gateway.settings)
        fees = choose(presets, fee)
        max_fee = gas_limit * fees.max_fee_per_gas
        expected_fee = gas_limit * min(
            fees.max_fee_per_gas, presets.base_fee_per_gas + fees.max_priority_fee_per_gas
        )
        total_eth = max_fee + (units if asset_id == ETH else 0)
        if eth_balance < total_eth:
            raise InsufficientFundsError(
                f"You have {format_amount(eth_balance, ETH_DECIMALS)} ETH; this send needs up to "
                f"{format_amount(total_eth, ETH_DECIMALS)} ETH including the network fee.",
                field="amount",
            )
        nonce = self.signer.next_nonce(live, sender)
        call, simulation = self._simulate(live, sender, transfer, gas_limit, fees, nonce)
        if estimate_refused is not None and not simulation.reverted:
            raise estimate_refused  # the estimate reverted, the simulation did not: the state moved
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
            base_fee_per_gas=presets.base_fee_per_gas,
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
            fee_speed=fees.speed,
            fee_presets=presets,
            to_address=transfer.to,
            value=transfer.value,
            data=transfer.data,
            simulation=simulation,
            call=call,
            balance_changes=decode.balance_changes(call, sender, transfer.value, max_fee),
            destination=self.destinations.check(live, active.profile_id, recipient, asset_id),
        )
        return preview, transfer

    def _gas(
        self, live: Live, sender: str, transfer: _Transfer, *, plain_eth: bool
    ) -> tuple[int, TransactionRevertedError | None]:
        """The gas limit (a contract call's with the margin); when the estimate reverts, the gas the
        simulation runs with and the estimate's refusal (the simulation says why)."""
        try:
            estimate = self.signer.estimate(live, transfer.as_call(sender))
        except TransactionRevertedError as refused:
            return REVERTING_GAS, refused
        plain = plain_eth and live.client.code(transfer.to) in ("0x", "")
        return (estimate if plain else self.signer.with_margin(estimate)), None

    def _simulate(
        self,
        live: Live,
        sender: str,
        transfer: _Transfer,
        gas: int,
        fees: FeeOption,
        nonce: int,
    ) -> tuple[DecodedCall, Simulation]:
        """What the transaction does (decoded), and the exact one that would be signed run at the
        pending block."""
        token = next((t for t in self.assets.tokens(live.network.name) if t.address == transfer.to), None)
        call = decode.decode_call(transfer.to, transfer.value, transfer.data, token)
        tx = call_of(
            sender=sender,
            to=transfer.to,
            value=transfer.value,
            data=transfer.data,
            gas=gas,
            max_fee_per_gas=fees.max_fee_per_gas,
            max_priority_fee_per_gas=fees.max_priority_fee_per_gas,
            nonce=nonce,
        )
        return call, simulate(live.client, self.signer.refusals, tx, call=call)

"""Every ERC-20 allowance the profile's accounts have given, and its revoke (``approve(spender, 0)``).

Found from the tokens' ``Approval(owner, spender, value)`` events with an owner among the
profile's accounts (``eth_getLogs`` over QXC, the imported tokens, WETH and the network's V2 pools
among them, one query per block range for all of them), then confirmed with ``allowance()`` in one
batch: an allowance spent or revoked since its event is not listed. The scan is bounded: at most
``max_ranges`` ranges of ``log_range_blocks``, the newest blocks first chosen (``complete`` says
whether it reached each token's first block). A spender is named when known (the V2 router, the
factory, a V2 pool, QXC, an own account, a contact); an allowance of 2^255 or more is unlimited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eth_utils import keccak

from qenex_desktop.core.chain.gateway import Live
from qenex_desktop.core.chain.service import ChainService
from qenex_desktop.core.chain.types import TxInfo
from qenex_desktop.core.chain.v2 import abi
from qenex_desktop.core.chain.v2.deployment import V2Deployment, of_network
from qenex_desktop.core.chain.v2.quote import read_pairs, sort_tokens
from qenex_desktop.core.chain.v2.swap import V2Swaps
from qenex_desktop.core.chain.v2.venue import V2Venue
from qenex_desktop.core.errors import NotFoundError, QenexError, ValidationError
from qenex_desktop.core.validation import parse_address, to_checksum_address

APPROVAL_TOPIC = "0x" + keccak(text="Approval(address,address,uint256)").hex()
#: At or above this an allowance is flagged unlimited (2^256-1 less what was spent of it).
UNLIMITED_FROM = 2**255
MAX_RANGES = 200


@dataclass(frozen=True)
class ScannedToken:
    address: str
    symbol: str
    decimals: int
    first_block: int


@dataclass(frozen=True)
class Allowance:
    owner: str
    token: str
    symbol: str
    decimals: int
    spender: str
    spender_name: str | None
    amount: int

    @property
    def unlimited(self) -> bool:
        return self.amount >= UNLIMITED_FROM


@dataclass(frozen=True)
class AllowanceScan:
    network: str
    allowances: list[Allowance]
    from_block: int
    to_block: int
    #: True when every token was scanned from its first block (else only the newest blocks).
    complete: bool
    ranges: int


def _topic(address: str) -> str:
    return "0x" + "0" * 24 + address[2:].lower()


def _address_of(topic: str) -> str:
    return to_checksum_address("0x" + str(topic)[-40:])


class Allowances:
    def __init__(self, chain: ChainService) -> None:
        self.chain = chain
        self.venue = V2Venue(chain)

    def _deployment(self, live: Live) -> V2Deployment | None:
        try:
            return of_network(live.network)
        except NotFoundError:
            return None

    def tokens(self, live: Live) -> list[ScannedToken]:
        """QXC, the imported tokens, WETH and the V2 pools among them (their LP tokens)."""
        known = [
            ScannedToken(t.address, t.symbol, t.decimals, t.deploy_block or 0)
            for t in self.chain.assets.tokens(live.network.name)
        ]
        deployment = self._deployment(live)
        if deployment is None:
            return known
        found = [t for t in known if t.address != deployment.weth]
        found.append(ScannedToken(deployment.weth, "WETH", 18, 0))
        symbols = {t.address: t.symbol for t in found}
        addresses = [t.address for t in found]
        wanted = list(
            dict.fromkeys(sort_tokens(x, y) for i, x in enumerate(addresses) for y in addresses[i + 1 :])
        )
        pairs, _ = read_pairs(live.client, deployment, wanted) if wanted else ({}, 0)
        for state in pairs.values():
            name = f"UNI-V2 {symbols.get(state.token0, '?')}/{symbols.get(state.token1, '?')}"
            found.append(ScannedToken(state.pair, name, 18, 0))
        return found

    def spender_names(self, live: Live) -> dict[str, str]:
        names: dict[str, str] = {}
        active = self.chain.auth.require_session()
        for account in self.chain.wallet.accounts(active.profile_id):
            names[account.address] = f"your account {account.name}".rstrip()
        for token in self.chain.assets.tokens(live.network.name):
            names[token.address] = f"{token.symbol} token contract"
        deployment = self._deployment(live)
        if deployment is not None:
            names[deployment.router] = "Uniswap V2 Router02"
            names[deployment.factory] = "Uniswap V2 factory"
            names[deployment.weth] = "WETH"
        return names

    def scan(self, *, owner: str | None = None, max_ranges: int = MAX_RANGES) -> AllowanceScan:
        """The allowances the profile's accounts (or ``owner``) have given, now non-zero."""
        if isinstance(max_ranges, bool) or max_ranges < 1:
            raise ValidationError("Scan at least one block range.", field="max_ranges")
        active = self.chain.auth.require_session()
        live = self.chain.live()
        owners = (
            [self.chain.signer.sender(active, owner)]
            if owner is not None
            else self.chain.wallet.addresses(active.profile_id)
        )
        tokens = self.tokens(live)
        head = live.client.block_number()
        step = max(1, self.chain.settings.log_range_blocks)
        first = min((t.first_block for t in tokens), default=0)
        start = max(first, head + 1 - step * max_ranges)
        seen: dict[tuple[str, str, str], None] = {}
        ranges = 0
        if tokens and owners:
            for low in range(start, head + 1, step):
                query = {
                    "fromBlock": hex(low),
                    "toBlock": hex(min(head, low + step - 1)),
                    "address": [t.address for t in tokens],
                    "topics": [APPROVAL_TOPIC, [_topic(o) for o in owners]],
                }
                ranges += 1
                for log in live.client.logs(query):
                    topics = list(log.get("topics") or [])
                    if len(topics) >= 3:
                        token = to_checksum_address(str(log["address"]))
                        seen[(token, _address_of(topics[1]), _address_of(topics[2]))] = None
        found = self._confirmed(live, tokens, list(seen))
        return AllowanceScan(live.network.name, found, start, head, start <= first, ranges)

    def _confirmed(
        self, live: Live, tokens: list[ScannedToken], keys: list[tuple[str, str, str]]
    ) -> list[Allowance]:
        if not keys:
            return []
        by_address = {t.address: t for t in tokens}
        calls: list[tuple[str, list[Any]]] = [
            ("eth_call", [{"to": t, "data": abi.encode_call("erc20", "allowance", o, s)}, "latest"])
            for t, o, s in keys
        ]
        names = self.spender_names(live)
        found = []
        for (token, owner, spender), answer in zip(keys, live.client.batch(calls), strict=True):
            amount = int(abi.decode_result("erc20", "allowance", str(answer))[0])
            if amount == 0:
                continue
            info = by_address[token]
            found.append(
                Allowance(owner, token, info.symbol, info.decimals, spender, names.get(spender), amount)
            )
        return sorted(found, key=lambda a: (a.owner, a.symbol, a.spender))

    # -- revoke --------------------------------------------------------------------------------------

    def current(self, token: str, spender: str, *, owner: str | None = None) -> Allowance:
        """One allowance as the token says now (refused when there is none to revoke)."""
        active = self.chain.auth.require_session()
        live = self.chain.live()
        sender = self.chain.signer.sender(active, owner)
        spender_address = parse_address(spender, field="spender")
        token_address, symbol, decimals = self._token(live, token)
        answer = live.client.call(
            {"to": token_address, "data": abi.encode_call("erc20", "allowance", sender, spender_address)}
        )
        amount = int(abi.decode_result("erc20", "allowance", answer)[0])
        if amount == 0:
            raise ValidationError(
                f"{sender} has given {spender_address} no {symbol} allowance: nothing to revoke.",
                field="spender",
            )
        name = self.spender_names(live).get(spender_address)
        return Allowance(sender, token_address, symbol, decimals, spender_address, name, amount)

    def _token(self, live: Live, token: str) -> tuple[str, str, int]:
        text = token.strip()
        for known in self.tokens(live):
            if known.address.lower() == text.lower() or known.symbol.upper() == text.upper():
                return known.address, known.symbol, known.decimals
        try:
            address, symbol, decimals = self.chain.sends.resolve_asset(live, text)
        except QenexError as exc:
            exc.field = "token"
            raise
        if address == "ETH":
            raise ValidationError("ETH has no allowances: name a token.", field="token")
        return address, symbol, decimals

    def revoke(self, allowance: Allowance, *, password: str | None = None) -> TxInfo:
        """``approve(spender, 0)`` from the owner, tracked like a send and waited for."""
        swaps = V2Swaps(self.venue)
        return swaps.approve_token(
            allowance.owner, allowance.token, allowance.symbol, allowance.decimals,
            allowance.spender, 0, password=password,
        )  # fmt: skip

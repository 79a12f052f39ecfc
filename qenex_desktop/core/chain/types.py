"""What the chain layer hands the GUI and the CLI: frozen, plain values (ints of base units)."""

from __future__ import annotations

from dataclasses import dataclass

from qenex_desktop.core.contacts.lookalike import DestinationReport
from qenex_desktop.core.validation import format_amount

ETH = "ETH"
ETH_DECIMALS = 18


@dataclass(frozen=True)
class NetworkInfo:
    id: int
    name: str
    rpc_url: str
    chain_id: int
    is_builtin: bool
    is_active: bool
    genesis_hash: str | None
    qxc_address: str | None
    #: A block explorer's base URL (``https://etherscan.io``): links to addresses and transactions.
    explorer_url: str | None = None
    #: Its Uniswap V2 deployment (factory, Router02, WETH), all three or none.
    v2_factory: str | None = None
    v2_router: str | None = None
    v2_weth: str | None = None

    @property
    def has_v2(self) -> bool:
        return bool(self.v2_factory and self.v2_router and self.v2_weth)

    @property
    def verified(self) -> bool:
        """Its node has answered with the promised chain id at least once (the genesis is known)."""
        return self.genesis_hash is not None


@dataclass(frozen=True)
class TokenInfo:
    address: str
    name: str
    symbol: str
    decimals: int
    is_qxc: bool
    deploy_block: int | None = None


@dataclass(frozen=True)
class AssetBalance:
    asset: str  # "ETH" or the token address
    symbol: str
    decimals: int
    units: int

    @property
    def text(self) -> str:
        return format_amount(self.units, self.decimals)


@dataclass(frozen=True)
class AccountBalances:
    address: str
    name: str
    eth: AssetBalance
    tokens: tuple[AssetBalance, ...]


@dataclass(frozen=True)
class FeeOption:
    """One fee setting (wei per gas): a preset (slow, market, fast) or the person's own (custom)."""

    speed: str
    max_fee_per_gas: int
    max_priority_fee_per_gas: int

    def max_cost(self, gas_limit: int) -> int:
        """The most a transaction of ``gas_limit`` can cost with this setting (gas limit x max fee)."""
        return gas_limit * self.max_fee_per_gas


@dataclass(frozen=True)
class FeePresets:
    """Slow, market and fast from the node's recent blocks (``eth_feeHistory``), wei per gas."""

    base_fee_per_gas: int
    #: The base fee over the blocks read: "rising", "falling" or "steady".
    trend: str
    slow: FeeOption
    market: FeeOption
    fast: FeeOption

    @property
    def options(self) -> tuple[FeeOption, FeeOption, FeeOption]:
        return (self.slow, self.market, self.fast)


@dataclass(frozen=True)
class Simulation:
    """The exact transaction run with ``eth_call`` at the pending block, before anything is signed."""

    reverted: bool
    #: The decoded revert reason (Error(string), Panic, a known custom error), when it reverts.
    reason: str | None = None
    #: The same in words and token units, for the errors people meet most (else None).
    explanation: str | None = None


@dataclass(frozen=True)
class BalanceChange:
    """What the sending account's balance of one asset is expected to change by (negative: leaves)."""

    asset: str  # "ETH" or the token address
    symbol: str | None  # None: a contract the wallet does not know (amount in its base units)
    decimals: int
    delta: int


@dataclass(frozen=True)
class DecodedCall:
    """What a transaction does, read from its calldata (``decode.py``).

    kind: "eth_send", "transfer", "approve", "transfer_from", "mint", "pause", "unpause",
    "grant_role", "revoke_role", "renounce_role", a Router02 call ("swap_exact_tokens_for_tokens",
    "add_liquidity_eth", ...: ``decode_router.KNOWN``) or "unknown" (a contract call the app does not know).
    """

    kind: str
    #: The contract called (None for a plain ETH send).
    contract: str | None
    #: The function's signature, "transfer(address,uint256)", when known.
    function: str | None
    selector: str | None
    #: The token the contract is, when the wallet knows it.
    symbol: str | None = None
    decimals: int = 0
    #: The amount moved, approved or minted (token base units; wei for an ETH send).
    amount: int | None = None
    #: Recipient, spender, the account a role goes to, or the minted-to address.
    target: str | None = None
    #: transferFrom's owner.
    source: str | None = None
    #: A role's name ("MINTER_ROLE"), or its hex when unknown.
    role: str | None = None
    #: An approve of 2^256-1 (or of at least 2^255): the spender may take every token, forever.
    unlimited: bool = False
    #: A Uniswap V2 Router02 call's arguments (``decode_router.py``), None for every other call.
    router: RouterCall | None = None


@dataclass(frozen=True)
class RouterAmount:
    """One amount argument of a router call: its ABI name, base units, and what it is of ("ETH",
    a token address, or None for the pair's liquidity shares); ``flow``: "out" leaves the sender,
    "in" comes to the recipient, "" neither (liquidity shares burned are "out")."""

    name: str
    value: int
    asset: str | None
    symbol: str | None
    decimals: int
    flow: str


@dataclass(frozen=True)
class RouterCall:
    """A Router02 swap or liquidity call: the swap path (or the pair's tokens), who receives, the
    deadline (unix seconds, the chain's clock) and its amounts."""

    path: tuple[str, ...]
    recipient: str
    deadline: int
    amounts: tuple[RouterAmount, ...]


@dataclass(frozen=True)
class SendPreview:
    """Everything a person sees before signing. Fees in wei; ``*_after`` is the worst case."""

    network: str
    chain_id: int
    from_address: str
    recipient: str
    asset: str
    symbol: str
    decimals: int
    amount: int
    gas_limit: int
    base_fee_per_gas: int
    max_priority_fee_per_gas: int
    max_fee_per_gas: int
    #: gas_limit * (base fee + tip): what the send will most likely cost.
    expected_fee: int
    #: gas_limit * max fee: the most it can cost.
    max_fee: int
    #: ETH leaving the account at most (amount for an ETH send, plus max_fee).
    total_eth: int
    eth_balance: int
    eth_balance_after: int
    asset_balance: int
    asset_balance_after: int
    nonce: int
    #: The fee setting chosen ("slow", "market", "fast", "custom") and the presets it was chosen from.
    fee_speed: str = "market"
    fee_presets: FeePresets | None = None
    #: The transaction itself: its ``to`` (the token contract for a token send), value and calldata.
    to_address: str | None = None
    value: int = 0
    data: str = "0x"
    #: The exact transaction simulated at the pending block; a reverting one is never signed.
    simulation: Simulation | None = None
    #: What the calldata does, and the sending account's expected balance changes (fee at most).
    call: DecodedCall | None = None
    balance_changes: tuple[BalanceChange, ...] = ()
    #: What the checks of the recipient found (look-alike, first send, contracts): destination_checks.
    destination: DestinationReport | None = None

    @property
    def will_revert(self) -> bool:
        return self.simulation is not None and self.simulation.reverted


@dataclass(frozen=True)
class TxInfo:
    tx_hash: str
    network: str
    kind: str
    status: str  # pending | confirmed | failed | dropped | replaced
    stale: bool
    from_address: str
    to_address: str | None
    recipient: str | None
    asset: str
    symbol: str
    decimals: int
    amount: int
    nonce: int
    gas_limit: int
    max_fee_per_gas: int
    max_priority_fee_per_gas: int
    block_number: int | None
    gas_used: int | None
    fee_paid: int | None
    revert_reason: str | None
    contract_address: str | None
    replaces: str | None
    replaced_by: str | None
    last_error: str | None
    created_at: int
    updated_at: int
    #: Pending, and the node never confirmed it received it (its answer was lost): do not send again.
    broadcast_unconfirmed: bool = False


@dataclass(frozen=True)
class RefreshReport:
    checked: int
    confirmed: int
    failed: int
    dropped: int
    replaced: int
    rebroadcast: int
    chain_reset: bool


@dataclass(frozen=True)
class ChainCheck:
    """The outcome of comparing the node's genesis with the one the ledger knows."""

    network: str
    genesis_hash: str
    reset: bool
    stale_rows: int


@dataclass(frozen=True)
class TransferInfo:
    token_address: str
    symbol: str
    decimals: int
    block_number: int
    tx_hash: str
    log_index: int
    from_address: str
    to_address: str
    amount: int
    direction: str  # "in" | "out" | "self"


@dataclass(frozen=True)
class ScanProgress:
    head: int
    ranges_scanned: int
    new_transfers: int
    lowest_cursor: int
    done: bool

"""Demo content for the screenshot run: a dozen ledger tokens, two pools and some swaps, so the
Wallet, Swap, Liquidity and Monitoring pictures show what a person sees after using the exchange
(an empty demo profile would only show empty states), and the wallet's accounts labelled as a
person labels them. Also the exchange dialogs, filled in.

Used only by ``gui/screenshots.py`` on its throw-away demo profile; never on a real profile.
"""

from __future__ import annotations

import contextlib
import time
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from qenex_desktop.core import amm
from qenex_desktop.core.errors import QenexError
from qenex_desktop.core.validation import format_amount
from qenex_desktop.gui.context import GuiContext

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.core.exchange.liquidity_quote import LiquidityReview

#: (symbol, name, supply) of the demo tokens (18 decimals): the pools' three first.
DEMO_TOKENS = (
    ("GOLD", "Gold Coin", "50000"),
    ("USDX", "Demo Dollar", "10000000"),
    ("SILV", "Silver Coin", "400000"),
)
#: (symbol, name, decimals, supply) of more tokens the Wallet tab lists (one holds nothing yet).
DEMO_MORE_TOKENS = (
    ("EURX", "Demo Euro", 6, "2500000.125"),
    ("BOLT", "Bolt Energy", 8, "31415.92653589"),
    ("TEA", "Tea Leaves", 2, "880.50"),
    ("CORN", "Corn Futures", 18, "125000"),
    ("PINE", "Pine Credits", 12, "42.000000000001"),
    ("WAVE", "Wave Points", 18, "7777777"),
    ("RUBY", "Ruby Shards", 4, "12.3456"),
    ("SALT", "Salt Reserve", 0, "500"),
    ("NOVA", "Nova Launch", 18, "0"),
)
#: Labels the demo's accounts get, in order, as a person names them (Profile → Accounts…).
DEMO_ACCOUNT_LABELS = ("Everyday", "Savings", "Trading")
#: (a, b, amount a, amount b, fee bps) of the demo pools.
DEMO_POOLS = (("GOLD", "USDX", "1000", "2000000", 30), ("SILV", "USDX", "50000", "1250000", 5))
DEMO_PAUSE_S = 0.7
#: The slippage tolerance the demo's reviews are read with (the app's default, 0.5%).
DEMO_SLIPPAGE_BPS = 50
#: (pay, receive, amount) swaps that move the prices a little.
DEMO_SWAPS = (
    ("USDX", "GOLD", "20000"),
    ("GOLD", "USDX", "4"),
    ("USDX", "GOLD", "8000"),
    ("SILV", "USDX", "900"),
    ("USDX", "SILV", "15000"),
    ("GOLD", "USDX", "12"),
    ("USDX", "GOLD", "3000"),
)


def demo_exchange(core: QenexCore) -> bool:
    """Fill an exchange ledger with no tokens yet; True when it did (runs on a worker thread)."""
    exchange = core.exchange
    if exchange.list_tokens():
        return False
    demo_wallet(core)
    for symbol, name, supply in DEMO_TOKENS:
        exchange.create_token(symbol, name, 18, supply)
    for symbol, name, decimals, supply in DEMO_MORE_TOKENS:
        exchange.create_token(symbol, name, decimals, supply)
    for a, b, amount_a, amount_b, fee in DEMO_POOLS:
        exchange.create_pool(a, b, amount_a, amount_b, fee_bps=fee)
    for pay, receive, amount in DEMO_SWAPS:
        time.sleep(DEMO_PAUSE_S)  # a few seconds of history, so the time axes read as clock times
        exchange.swap_exact_in(pay, receive, amount, 0)
    exchange.add_liquidity("GOLD", "USDX", "10", "20000")
    core.monitoring.sample_system(probe_node=True)
    core.monitoring.check_health()
    return True


def demo_wallet(core: QenexCore) -> None:
    """A third account (the keys are unlocked by the demo profile) and labels for all of them."""
    with contextlib.suppress(QenexError):  # keys locked: the two accounts the profile made
        while len(core.wallet.accounts()) < len(DEMO_ACCOUNT_LABELS):
            core.wallet.add_account()
    for account, label in zip(core.wallet.accounts(), DEMO_ACCOUNT_LABELS, strict=False):
        if account.name != label:
            core.wallet.rename_account(account.address, label)


def exchange_dialogs(ctx: GuiContext, parent: QWidget) -> list[tuple[str, QDialog]]:
    """The exchange dialogs filled in as a person would, named for their screenshot."""
    from qenex_desktop.gui.dialogs.confirm_swap import ConfirmSwapDialog
    from qenex_desktop.gui.dialogs.create_pool import CreatePoolDialog
    from qenex_desktop.gui.dialogs.create_token import CreateTokenDialog
    from qenex_desktop.gui.tabs.swap.quote import DEFAULT_DEADLINE_MIN, quote_rows

    core = ctx.core
    token = CreateTokenDialog(ctx, parent)
    token.symbol.setText("OAK")
    token.name.setText("Oak Points")
    token.supply.setText("1000000")
    token.max_supply.setText("5000000")
    dialogs: list[tuple[str, QDialog]] = [("dialog-create-token", token)]
    tokens = core.exchange.list_tokens()
    if len(tokens) >= 2:
        held = {b.symbol: b.amount for b in core.exchange.balances()}
        pool = CreatePoolDialog(ctx, tokens, held, parent)
        pool.token_a.setCurrentText("GOLD")
        pool.token_b.setCurrentText("SILV")
        pool.amount_a.setText("100")
        pool.amount_b.setText("8000")
        dialogs.append(("dialog-create-pool", pool))
        try:  # what its Review… shows (the demo has no GOLD/SILV pool)
            from qenex_desktop.gui.dialogs.confirm_liquidity import ConfirmLiquidityDialog

            created = core.exchange.review_create_pool("GOLD", "SILV", "100", "8000")
            dialogs.append(("dialog-create-pool-review", ConfirmLiquidityDialog(created, parent)))
        except QenexError:
            pass
    try:
        quote = core.exchange.quote_swap("GOLD", "USDX", amount_in="2.5", slippage_bps=50)
        # 400 GOLD into a pool of about 1,000: the price moves far (over 15%), so the word is asked
        risky = core.exchange.quote_swap("GOLD", "USDX", amount_in="400", slippage_bps=50)
    except QenexError:  # no demo pools in this data dir: no confirmation to show
        return dialogs
    decimals = {t.symbol: t.decimals for t in tokens}
    details = quote_rows(quote, DEFAULT_DEADLINE_MIN, decimals, parent.tr)
    dialogs.append(("dialog-confirm-swap", ConfirmSwapDialog(quote, details, parent)))
    risky_details = quote_rows(risky, DEFAULT_DEADLINE_MIN, decimals, parent.tr)
    dialogs.append(("dialog-swap-high-impact", ConfirmSwapDialog(risky, risky_details, parent)))
    review = liquidity_review(core)
    if review is not None:
        from qenex_desktop.gui.dialogs.confirm_liquidity import ConfirmLiquidityDialog

        dialogs.append(("dialog-liquidity-review", ConfirmLiquidityDialog(review, parent)))
    return dialogs


def liquidity_review(core: QenexCore) -> LiquidityReview | None:
    """The review of adding 10 GOLD to the demo's GOLD/USDX pool, the USDX at the pool's price
    (as the Liquidity tab fills it in); None without that pool."""
    try:
        pool = core.exchange.get_pool("GOLD", "USDX")
        gold, usdx = (
            (pool.reserve0, pool.reserve1) if pool.symbol0 == "GOLD" else (pool.reserve1, pool.reserve0)
        )
        decimals = pool.decimals1 if pool.symbol0 == "GOLD" else pool.decimals0
        follow = amm.quote(10 * 10**18, gold, usdx)
        return core.exchange.review_add_liquidity(
            "GOLD", "USDX", "10", format_amount(follow, decimals), slippage_bps=DEMO_SLIPPAGE_BPS
        )
    except QenexError:
        return None

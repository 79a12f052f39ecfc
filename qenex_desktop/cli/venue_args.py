"""The ``--venue ledger|chain`` option and the on-chain options of the pool and liquidity commands
(kept apart from ``chain_liquidity``, which is imported only when ``--venue chain`` is given)."""

from __future__ import annotations

import argparse

from qenex_desktop.core.exchange.service import DEFAULT_SLIPPAGE_BPS
from qenex_desktop.core.validation import format_amount


def add_venue(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--venue",
        choices=("ledger", "chain"),
        default="ledger",
        help="ledger: the local exchange (default); chain: the active network's Uniswap V2",
    )


def add_chain_signing(parser: argparse.ArgumentParser, *, slippage: bool = True) -> None:
    """--slippage, --deadline and --password-stdin: only --venue chain reads them."""
    if slippage:
        parser.add_argument(
            "--slippage",
            default=format_amount(DEFAULT_SLIPPAGE_BPS, 2),
            metavar="PERCENT",
            help="--venue chain: the minimum amounts (amountAMin / amountBMin) from it (default 0.5)",
        )
    parser.add_argument(
        "--deadline", metavar="SECONDS", default="1200", help="--venue chain: refuse after this long (1200)"
    )
    parser.add_argument(
        "--password-stdin", action="store_true", help="--venue chain: profile password on stdin"
    )

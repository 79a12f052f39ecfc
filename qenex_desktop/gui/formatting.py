"""Numbers, addresses and times as people read them in the window: the GUI's one place for it.

Money arrives as int base units (or, for prices, the core's exact decimal text) and leaves here as
text; nothing here rounds up. ``amount_text`` cuts a balance to a few digits for a cell (its
tooltip shows ``format_amount``'s exact text); ``decimal_text`` cuts the core's decimal text the
same way. Percentages come as integers at a fixed scale (basis points, parts per million).
"""

from __future__ import annotations

from datetime import datetime

from qenex_desktop.core.validation import format_amount

#: What a cell shows when an amount could not be read (the node did not answer).
UNKNOWN = "—"
#: Fraction digits a table cell shows of a balance; the tooltip has them all.
CELL_DIGITS = 6


def amount_text(units: int | None, decimals: int, *, digits: int = CELL_DIGITS) -> str:
    """Base units as decimal text cut (never rounded up) to ``digits`` fraction digits."""
    if units is None:
        return UNKNOWN
    return format_amount(units, decimals, max_fraction_digits=digits)


def decimal_text(text: str, digits: int = CELL_DIGITS) -> str:
    """The core's exact decimal text (a price) cut the same way as ``amount_text``."""
    whole, _, frac = text.partition(".")
    frac = frac[:digits].rstrip("0")
    return f"{whole}.{frac}" if frac else whole


def _percent(value: int, scale_digits: int, digits: int | None = None) -> str:
    return format_amount(value, scale_digits, max_fraction_digits=digits) + "%"


def percent_text(bps: int) -> str:
    """Basis points as a percentage with up to two decimals (125 -> 1.25%)."""
    return _percent(bps, 2)


def ppm_percent_text(ppm: int) -> str:
    """Parts per million as a percentage cut to two decimals (123_456 -> 12.34%)."""
    return _percent(ppm, 4, digits=2)


def eth_text(wei: int) -> str:
    return f"{format_amount(wei, 18, max_fraction_digits=8)} ETH"


def gwei_text(wei: int) -> str:
    return f"{format_amount(wei, 9, max_fraction_digits=3)} gwei"


def micros_text(value: int | None) -> str:
    """A duration in microseconds as ms (or s from a second on)."""
    if value is None:
        return UNKNOWN
    return f"{value / 1000:.2f} ms" if value < 1_000_000 else f"{value / 1_000_000:.2f} s"


def short_hex(value: str | None, keep: int = 6) -> str:
    """0x1234…abcd: enough to recognise, short enough for a table (the tooltip shows it all)."""
    if not value:
        return ""
    if not value.startswith("0x") or len(value) <= 2 + 2 * keep + 1:
        return value
    return f"{value[: 2 + keep]}…{value[-keep + 2 :]}"


def format_time(ms: int) -> str:
    """Milliseconds since the epoch as local date and time."""
    return datetime.fromtimestamp(ms / 1000).strftime("%Y-%m-%d %H:%M:%S")


def clock_text(now: datetime | None = None) -> str:
    """The time of day of a refresh ("Updated 14:03:27")."""
    return (now or datetime.now()).strftime("%H:%M:%S")

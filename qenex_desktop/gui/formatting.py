"""Numbers, addresses and times as people read them in the window: the GUI's one place for it.

Money arrives as int base units (or, for prices, the core's exact decimal text) and leaves here as
text; nothing here rounds up and nothing goes through a float. ``amount_text`` cuts a balance to
``SIGNIFICANT`` significant digits (the whole part is never cut) and groups the whole part the
locale's way (``QLocale``: "1,234,567.5" in English, "1.234.567,5" in German); ``full_amount_text``
is the same grouping at full precision (tooltips, confirmations); ``exact_amount_text`` is the
plain exact text Copy takes (it pastes back into an amount field). ``rate_text`` words a price
("1 QXC = 2.1876 USD"), ``decimal_text`` cuts the core's decimal text the same way as amounts.
Percentages come as integers at a fixed scale (basis points, parts per million).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QLocale

from qenex_desktop.core.validation import format_amount

#: What a cell shows when an amount could not be read (the node did not answer).
UNKNOWN = "—"
#: Significant digits a table cell or a message shows of an amount or a rate; the tooltip has them all.
SIGNIFICANT = 6
#: Kept for callers that cut to a number of fraction digits instead (``digits=``).
CELL_DIGITS = 6
#: Pool shares are minted at 18 decimals (Uniswap V2's LP token): shown in whole LP units.
LP_DECIMALS = 18
LP_SYMBOL = "LP"


def separators(locale: QLocale | None = None) -> tuple[str, str]:
    """(group separator, decimal point) of the locale (the default locale when None)."""
    chosen = locale if locale is not None else QLocale()
    return chosen.groupSeparator() or ",", chosen.decimalPoint() or "."


def group_decimal(text: str, locale: QLocale | None = None) -> str:
    """Plain decimal text ("-1234567.25") with the locale's group separator and decimal point.

    Groups of three: the convention of nearly every locale (Indian lakh grouping is not followed).
    """
    group, point = separators(locale)
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.removeprefix("-").partition(".")
    head = len(whole) % 3 or 3
    parts = [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
    grouped = group.join(parts)
    return f"{sign}{grouped}{point}{frac}" if frac else f"{sign}{grouped}"


def cut_significant(text: str, significant: int = SIGNIFICANT) -> str:
    """Exact decimal text cut (toward zero, never up) to ``significant`` significant digits.

    The whole part always stays: 1234567.89 keeps "1234567"; 0.000123456789 keeps "0.000123456".
    """
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.removeprefix("-").partition(".")
    whole = whole.lstrip("0") or "0"
    if whole != "0":
        frac = frac[: max(0, significant - len(whole))]
    else:
        zeros = len(frac) - len(frac.lstrip("0"))
        frac = frac[: zeros + significant]
    frac = frac.rstrip("0")
    body = f"{whole}.{frac}" if frac else whole
    return "0" if body == "0" else sign + body


def amount_text(
    units: int | None,
    decimals: int,
    *,
    digits: int | None = None,
    significant: int = SIGNIFICANT,
    locale: QLocale | None = None,
) -> str:
    """Base units as grouped decimal text cut (never rounded up) to ``significant`` digits.

    With ``digits`` the fraction is cut to that many digits instead (``digits=decimals``: exact).
    """
    if units is None:
        return UNKNOWN
    if digits is not None:
        return group_decimal(format_amount(units, decimals, max_fraction_digits=digits), locale)
    return group_decimal(cut_significant(format_amount(units, decimals), significant), locale)


def full_amount_text(units: int, decimals: int, locale: QLocale | None = None) -> str:
    """Every digit, grouped: what a tooltip or a confirmation shows."""
    return group_decimal(format_amount(units, decimals), locale)


def exact_amount_text(units: int, decimals: int) -> str:
    """Every digit, plain ("1234.5"): what Copy takes, so it pastes back into an amount field."""
    return format_amount(units, decimals)


def decimal_text(text: str, significant: int = SIGNIFICANT, locale: QLocale | None = None) -> str:
    """The core's exact decimal text (a price) cut like ``amount_text`` and grouped."""
    return group_decimal(cut_significant(text, significant), locale)


def rate_text(base: str, price: str, quote: str, locale: QLocale | None = None) -> str:
    """ "1 QXC = 2.1876 USD" from the core's exact price text (whole ``quote`` per whole ``base``)."""
    return f"1 {base} = {decimal_text(price, locale=locale)} {quote}"


def full_rate_text(base: str, price: str, quote: str, locale: QLocale | None = None) -> str:
    """The same rate with every digit the core gave (tooltips, confirmations)."""
    return f"1 {base} = {group_decimal(price, locale)} {quote}"


def shares_text(shares: int, locale: QLocale | None = None) -> str:
    """Pool shares in whole LP units: 67183542155491 -> "0.0000671835 LP"."""
    return f"{amount_text(shares, LP_DECIMALS, locale=locale)} {LP_SYMBOL}"


def count_text(value: int, locale: QLocale | None = None) -> str:
    """A count (swaps, entries, blocks) grouped: 100000000 -> "100,000,000"."""
    return group_decimal(str(value), locale)


def _percent(value: int, scale_digits: int, digits: int | None = None) -> str:
    return group_decimal(format_amount(value, scale_digits, max_fraction_digits=digits)) + "%"


def percent_text(bps: int) -> str:
    """Basis points as a percentage with up to two decimals (125 -> 1.25%)."""
    return _percent(bps, 2)


def ppm_percent_text(ppm: int) -> str:
    """Parts per million as a percentage cut to two decimals (123_456 -> 12.34%)."""
    return _percent(ppm, 4, digits=2)


def eth_text(wei: int) -> str:
    return f"{group_decimal(format_amount(wei, 18, max_fraction_digits=8))} ETH"


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

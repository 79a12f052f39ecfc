"""Numbers as the original QENEX programs stored them, read exactly and rounded down to base units.

The originals keep amounts as text of ``Decimal`` arithmetic with 28 significant digits
(``223.6067977499789696409173669``, ``1.23E-16``), as text that went through a 15-digit float in
SQL (``balance = balance - ?`` gives ``1662.39791562448``), or as REAL/INTEGER cells. Each cell is
read as the exact rational number it spells (a float by its shortest repr), with every bound
checked from the digit count and exponent *before* any power of ten is computed: ``1E+999999999``
must be refused at once, not after building a billion digits. No Decimal context is involved.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from qenex_desktop.core import amm
from qenex_desktop.core.validation import UINT256_MAX

#: Digits of 2^256-1: a value whose leading digit sits at 10^78 or above cannot be an amount.
UINT256_DIGITS = len(str(UINT256_MAX))
#: Longer number text is refused before parsing (no amount needs it; a file may hold megabytes).
MAX_NUMBER_TEXT = 1_000
#: Exponents (after trailing zeros are dropped) beyond this are refused: the originals' 28-digit
#: arithmetic never writes them, and the exact value of ``1E-999999999`` would cost a billion digits.
MAX_EXPONENT = 2_000


#: A negative amount smaller than this (in whole tokens) is a float residue of the original's SQL
#: arithmetic, not a debt: 15-digit floats on amounts up to 10^6 tokens err by about 10^-10.
RESIDUE = Fraction(1, 10**9)


class NumberRefused(Exception):
    """A cell that is not an amount the import can take; ``reason`` says why, for the problem list."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Rounded:
    """An amount rounded down to base units: ``units`` plus the ``dropped`` fraction of one unit."""

    units: int
    #: 0 <= dropped < 1 base unit; negative only for a float residue below zero (``round_down``).
    dropped: Fraction

    @property
    def residue(self) -> bool:
        """The original held a tiny negative float residue (``0.7 - 0.1 - 0.6``); imported as 0."""
        return self.dropped < 0


def _text_of(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        raise NumberRefused("empty" if value is None else "not a number")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return value.strip()
    raise NumberRefused("not a number")  # bytes, or anything else a cell can hold


def exact_value(value: Any) -> Fraction:
    """The exact number a legacy cell spells; raises ``NumberRefused`` without ever computing a
    power of ten beyond the bounds (past 2^256-1 in whole units, or an exponent beyond +-2000)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > 256:
            raise NumberRefused("past 2^256-1")  # str() of it could pass Python's int-text limit
        return Fraction(value)
    text = _text_of(value)
    if len(text) > MAX_NUMBER_TEXT:
        raise NumberRefused(f"written in more than {MAX_NUMBER_TEXT:,} characters")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise NumberRefused("not a number") from None
    if not number.is_finite():
        raise NumberRefused("not a number")
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    significant = len(digits)
    while significant and digits[significant - 1] == 0:  # 1.000 is 1: trailing zeros are not precision
        significant -= 1
    if significant == 0:
        return Fraction(0)  # zero, whatever its exponent
    exponent += len(digits) - significant
    if abs(exponent) > MAX_EXPONENT:
        raise NumberRefused(f"an exponent beyond +-{MAX_EXPONENT:,}")
    if exponent + significant > UINT256_DIGITS:
        raise NumberRefused("past 2^256-1")
    mantissa = int("".join(map(str, digits[:significant])))
    magnitude = Fraction(mantissa * 10**exponent) if exponent >= 0 else Fraction(mantissa, 10**-exponent)
    return -magnitude if sign else magnitude


def round_down(value: Any, decimals: int) -> Rounded:
    """Base units of a legacy cell, rounded down (never up), and what the rounding dropped."""
    return round_exact(exact_value(value), decimals)


def round_exact(exact: Fraction, decimals: int) -> Rounded:
    """Base units of an exact amount in whole tokens, rounded down, and what that dropped.

    A negative amount is refused, except a float residue above ``-RESIDUE`` whole tokens (SQL float
    arithmetic such as ``0.7 - 0.1 - 0.6`` leaves ``-1.11e-16``): that is 0, and flagged.
    """
    scaled = exact * 10**decimals
    if exact < 0:
        if -exact < RESIDUE:
            return Rounded(0, scaled)
        raise NumberRefused("negative")
    units = scaled.numerator // scaled.denominator
    if units > UINT256_MAX:
        raise NumberRefused("past 2^256-1")
    return Rounded(units, scaled - units)


def to_base_units(value: Any, decimals: int) -> int | None:
    """Exact base units of a legacy number; None when not exactly representable, negative or past
    2^256-1 (decided from the digit count and exponent before any power of ten is computed)."""
    try:
        rounded = round_down(value, decimals)
    except NumberRefused:
        return None
    return rounded.units if rounded.dropped == 0 else None


def fee_bps(raw: Any) -> int | None:
    """A pool fee in basis points: a fraction (``0.003``) as the originals store it, or whole bps."""
    if raw is None or raw == "":
        return amm.DEFAULT_FEE_BPS
    try:
        value = exact_value(raw)
    except NumberRefused:
        return None
    bps = value * 10_000 if value < 1 else value
    if bps.denominator != 1 or not amm.MIN_FEE_BPS <= bps <= amm.MAX_FEE_BPS:
        return None
    return int(bps)


def decimal_text(value: Fraction, *, max_digits: int | None = None) -> str:
    """Exact decimal text of a fraction whose denominator divides a power of ten (every legacy
    value and sum of them); ``max_digits`` cuts long fractions for people, marked with "...".
    """
    sign = "-" if value < 0 else ""
    value = abs(value)
    twos = fives = 0
    den = value.denominator
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    places = max(twos, fives) if den == 1 else max(twos, fives, max_digits or 30)
    scaled = value * 10**places
    digits = scaled.numerator // scaled.denominator  # exact when den == 1
    whole, frac = divmod(digits, 10**places)
    frac_text = str(frac).rjust(places, "0").rstrip("0") if places else ""
    cut = ""
    if max_digits is not None and len(frac_text) > max_digits:
        frac_text, cut = frac_text[:max_digits], "..."
    if den != 1:
        cut = "..."  # not a decimal fraction (never for legacy values): shown cut
    return f"{sign}{whole}.{frac_text}{cut}" if frac_text else f"{sign}{whole}{cut}"


def units_text(units: int | Fraction, decimals: int, *, max_digits: int | None = None) -> str:
    """Base units (an int, or a fraction of them such as dust) as whole-token decimal text."""
    return decimal_text(Fraction(units, 10**decimals), max_digits=max_digits)

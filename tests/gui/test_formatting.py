"""The GUI's one formatting module: cut, never rounded up; grouped the locale's way; no float.

Every test runs under a fixed default locale (English, United States) so the separators are
known; one test asks for German explicitly to pin that the locale decides them.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale

from qenex_desktop.gui.formatting import (
    UNKNOWN,
    amount_text,
    count_text,
    cut_significant,
    decimal_text,
    eth_text,
    exact_amount_text,
    full_amount_text,
    full_rate_text,
    gwei_text,
    micros_text,
    percent_text,
    ppm_percent_text,
    rate_text,
    shares_text,
    short_hex,
)

GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)


pytestmark = pytest.mark.usefixtures("english_locale")


def test_amounts_are_cut_to_six_significant_digits_never_rounded_up() -> None:
    assert amount_text(1_999_999_999_999_999_999, 18) == "1.99999"
    assert amount_text(4_636_264_435_700_000_000_000, 18) == "4,636.26"
    assert amount_text(10**18, 18) == "1"
    assert amount_text(None, 18) == UNKNOWN
    # the whole part is never cut, only grouped
    assert amount_text(1_234_567_890 * 10**16, 18) == "12,345,678"
    # dust keeps its first significant digits instead of reading as 0
    assert amount_text(123_456_789, 12) == "0.000123456"
    assert amount_text(-15 * 10**17, 18) == "-1.5"


def test_an_explicit_fraction_cut_is_still_available_and_grouped() -> None:
    assert amount_text(123_456, 2, digits=1) == "1,234.5"
    assert amount_text(1_234_567_891, 6, digits=6) == "1,234.567891"


def test_full_precision_for_tooltips_and_plain_exact_text_for_copy() -> None:
    units = 100_000_000 * 10**18 + 1
    assert full_amount_text(units, 18) == "100,000,000.000000000000000001"
    assert exact_amount_text(units, 18) == "100000000.000000000000000001"


def test_the_locale_decides_the_separators() -> None:
    assert amount_text(1_234_567_5 * 10**17, 18, locale=GERMAN) == "1.234.567"
    assert amount_text(12_345 * 10**17, 18, locale=GERMAN) == "1.234,5"
    assert full_amount_text(1_234_567_25, 2, locale=GERMAN) == "1.234.567,25"
    QLocale.setDefault(GERMAN)
    assert amount_text(12_345 * 10**17, 18) == "1.234,5"


def test_rates_to_six_significant_digits_with_the_exact_text_kept_for_the_tooltip() -> None:
    assert rate_text("QXC", "2.187603940499999999", "USD") == "1 QXC = 2.1876 USD"
    assert rate_text("USD", "0.5", "QXC") == "1 USD = 0.5 QXC"
    assert rate_text("A", "1234567.891", "B") == "1 A = 1,234,567 B"
    assert full_rate_text("QXC", "2187.603940499999999", "USD") == "1 QXC = 2,187.603940499999999 USD"


def test_decimal_text_cuts_the_cores_exact_text_the_same_way() -> None:
    assert decimal_text("4.0000009") == "4"
    assert decimal_text("0.12345678") == "0.123456"
    assert decimal_text("0.000001999999") == "0.00000199999"
    assert decimal_text("12") == "12"
    assert cut_significant("9.9999999") == "9.99999"  # cut, never rounded up to 10


def test_shares_in_whole_lp_units_and_counts_grouped() -> None:
    assert shares_text(67_183_542_155_491) == "0.0000671835 LP"
    assert shares_text(1_000 * 10**18) == "1,000 LP"
    assert count_text(100_000_000) == "100,000,000"
    assert count_text(999) == "999"


def test_percentages_from_basis_points_and_parts_per_million() -> None:
    assert percent_text(125) == "1.25%"
    assert percent_text(30) == "0.3%"
    assert ppm_percent_text(123_456) == "12.34%"
    assert ppm_percent_text(999_999) == "99.99%"  # cut: a share just under all is not shown as 100%


def test_fees_times_and_hashes() -> None:
    assert eth_text(42_000 * 10**9) == "0.000042 ETH"
    assert eth_text(1_500 * 10**18) == "1,500 ETH"
    assert gwei_text(1_500_000_000) == "1.5 gwei"
    assert micros_text(1_500) == "1.50 ms"
    assert micros_text(2_500_000) == "2.50 s"
    assert short_hex("0x" + "ab" * 20) == "0xababab…abab"
    assert short_hex("0x1234") == "0x1234"

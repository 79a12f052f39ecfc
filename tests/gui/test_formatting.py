"""The GUI's one formatting module: cut, never rounded up; percentages from integer scales."""

from __future__ import annotations

from qenex_desktop.gui.formatting import (
    UNKNOWN,
    amount_text,
    decimal_text,
    eth_text,
    gwei_text,
    micros_text,
    percent_text,
    ppm_percent_text,
    short_hex,
)


def test_amounts_are_cut_to_six_digits_never_rounded_up() -> None:
    assert amount_text(1_999_999_999_999_999_999, 18) == "1.999999"
    assert amount_text(10**18, 18) == "1"
    assert amount_text(123_456, 2, digits=1) == "1234.5"
    assert amount_text(None, 18) == UNKNOWN


def test_decimal_text_cuts_the_cores_exact_text_the_same_way() -> None:
    assert decimal_text("4.0000009") == "4"
    assert decimal_text("0.12345678") == "0.123456"
    assert decimal_text("12") == "12"


def test_percentages_from_basis_points_and_parts_per_million() -> None:
    assert percent_text(125) == "1.25%"
    assert percent_text(30) == "0.3%"
    assert ppm_percent_text(123_456) == "12.34%"
    assert ppm_percent_text(999_999) == "99.99%"  # cut: a share just under all is not shown as 100%


def test_fees_times_and_hashes() -> None:
    assert eth_text(42_000 * 10**9) == "0.000042 ETH"
    assert gwei_text(1_500_000_000) == "1.5 gwei"
    assert micros_text(1_500) == "1.50 ms"
    assert micros_text(2_500_000) == "2.50 s"
    assert short_hex("0x" + "ab" * 20) == "0xababab…abab"
    assert short_hex("0x1234") == "0x1234"

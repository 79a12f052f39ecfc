"""The one parser of what people type: amounts, addresses, symbols, names, usernames."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.validation import (
    UINT256_MAX,
    format_amount,
    parse_address,
    parse_amount,
    parse_symbol,
    parse_token_name,
    parse_username,
    to_checksum_address,
)

# -- amounts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "decimals", "expected"),
    [
        ("1", 18, 10**18),
        ("1.5", 18, 1_500_000_000_000_000_000),
        ("0.000000000000000001", 18, 1),
        ("0.1", 18, 10**17),  # 0.1 has no exact float: a float path would be off by one unit
        (".5", 6, 500_000),
        ("12.", 2, 1200),
        ("1.230000", 2, 123),  # trailing zeros are not extra decimals
        ("  42  ", 0, 42),
        ("+7", 0, 7),
        (str(UINT256_MAX), 0, UINT256_MAX),
        ("115792089237316195423570985008687907853269984665640564039457.584007913129639935", 18, UINT256_MAX),
    ],
)
def test_parse_amount_is_exact(text: str, decimals: int, expected: int) -> None:
    assert parse_amount(text, decimals) == expected


@pytest.mark.parametrize(
    ("text", "decimals", "message"),
    [
        ("1.1234567", 6, "has 6 decimals; this amount has 7"),
        ("1.5", 0, "no decimals"),
        ("-1", 18, "cannot be negative"),
        ("-0.5", 18, "cannot be negative"),
        ("1e3", 18, "no exponents"),
        ("1E-3", 18, "no exponents"),
        ("", 18, "Enter an amount"),
        ("   ", 18, "Enter an amount"),
        ("\t\n", 18, "Enter an amount"),
        ("nan", 18, "Enter a number"),
        ("NaN", 18, "Enter a number"),
        ("inf", 18, "Enter a number"),
        ("Infinity", 18, "Enter a number"),
        ("1,000", 18, "without separators"),
        ("1_000", 18, "without separators"),
        ("1 000", 18, "without separators"),
        ("0x10", 18, "Enter a number"),
        (".", 18, "Enter a number"),
        ("1.2.3", 18, "Enter a number"),
        ("abc", 18, "Enter a number"),
        ("0", 18, "greater than zero"),
        ("0.000", 18, "greater than zero"),
        (str(UINT256_MAX + 1), 0, "larger than any token balance"),
        ("115792089237316195423570985008687907853269984665640564039457.584007913129639936", 18, "larger"),
        ("9" * 200, 18, "larger than any token balance"),
    ],
)
def test_parse_amount_refuses_with_an_actionable_message(text: str, decimals: int, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        parse_amount(text, decimals)
    assert caught.value.field == "amount"


def test_parse_amount_names_the_token_in_its_message() -> None:
    with pytest.raises(ValidationError, match=r"^QXC has 2 decimals"):
        parse_amount("1.001", 2, symbol="QXC")


def test_zero_is_allowed_only_when_asked_for() -> None:
    assert parse_amount("0", 18, allow_zero=True) == 0


@settings(deadline=None)  # no timing: a loaded shared machine must not fail a parser test
@given(st.integers(min_value=1, max_value=UINT256_MAX), st.integers(min_value=0, max_value=18))
def test_format_then_parse_round_trips_every_uint256(units: int, decimals: int) -> None:
    assert parse_amount(format_amount(units, decimals), decimals) == units


@settings(deadline=None)
@given(st.text(max_size=100), st.integers(min_value=0, max_value=18))
def test_parse_amount_only_ever_raises_validation_errors(text: str, decimals: int) -> None:
    try:
        value = parse_amount(text, decimals)
    except ValidationError:
        return
    assert 0 < value <= UINT256_MAX


@settings(deadline=None)
@given(
    st.integers(min_value=0, max_value=10**30),
    st.integers(min_value=0, max_value=18),
    st.integers(min_value=0, max_value=18),
)
def test_parsed_value_matches_integer_arithmetic(whole: int, frac: int, decimals: int) -> None:
    """``W.F`` with F of ``decimals`` digits is W * 10^d + F, never a float approximation."""
    frac = frac % (10**decimals) if decimals else 0
    text = f"{whole}.{str(frac).zfill(decimals)}" if decimals else str(whole)
    expected = whole * 10**decimals + frac
    if expected == 0:
        return
    assert parse_amount(text, decimals) == expected


# -- addresses -------------------------------------------------------------------------------

# The test vectors published in EIP-55 itself (https://eips.ethereum.org/EIPS/eip-55, "Test Cases").
EIP55_VECTORS = [
    # all caps
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
    # all lower
    "0xde709f2102306220921060314715629080e2fb77",
    "0x27b1fdb04752bbc536007a920d24acb045561c26",
    # normal
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
]


@pytest.mark.parametrize("vector", EIP55_VECTORS)
def test_checksum_matches_the_eip55_vectors(vector: str) -> None:
    assert to_checksum_address(vector.lower()) == vector
    assert parse_address(vector) == vector


@pytest.mark.parametrize("vector", EIP55_VECTORS[4:])
def test_all_lower_and_all_upper_are_accepted_and_shown_checksummed(vector: str) -> None:
    assert parse_address(vector.lower()) == vector
    assert parse_address("0x" + vector[2:].upper()) == vector
    assert parse_address(f"  {vector.lower()}\n") == vector


def _flip_one_letter(address: str) -> str:
    body = list(address[2:])
    index = next(i for i, ch in enumerate(body) if ch.isalpha())
    body[index] = body[index].swapcase()
    return "0x" + "".join(body)


@pytest.mark.parametrize("vector", EIP55_VECTORS[4:])
def test_mixed_case_with_a_wrong_checksum_is_refused(vector: str) -> None:
    typo = _flip_one_letter(vector)
    with pytest.raises(ValidationError, match="wrong checksum") as caught:
        parse_address(typo)
    assert caught.value.field == "address"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter an address"),
        ("   ", "Enter an address"),
        ("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "starts with 0x"),
        ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe", "40 hexadecimal digits"),
        ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedd", "40 hexadecimal digits"),
        ("0xZZAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "40 hexadecimal digits"),
    ],
)
def test_malformed_addresses_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_address(text)


@settings(deadline=None)
@given(st.binary(min_size=20, max_size=20))
def test_any_address_in_any_case_parses_to_its_checksum(raw: bytes) -> None:
    lower = "0x" + raw.hex()
    checksummed = parse_address(lower)
    assert checksummed.lower() == lower
    assert parse_address(checksummed) == checksummed
    assert parse_address("0x" + raw.hex().upper()) == checksummed


# -- symbols, names, usernames ---------------------------------------------------------------


def test_symbols_are_upper_cased_and_bounded() -> None:
    assert parse_symbol(" qxc ") == "QXC"
    assert parse_symbol("usd2") == "USD2"
    for bad in ["", "2USD", "TOO-LONG", "ABCDEFGHIJKL", "Q X"]:
        with pytest.raises(ValidationError):
            parse_symbol(bad)


def test_token_names_are_trimmed_and_refuse_control_characters() -> None:
    assert parse_token_name("  QENEX   Coin ") == "QENEX Coin"
    for bad in ["", "   ", "bad\x00name", "x" * 65]:
        with pytest.raises(ValidationError):
            parse_token_name(bad)


def test_usernames_are_case_insensitive_and_restricted() -> None:
    assert parse_username(" Alice ") == "alice"
    assert parse_username("bob.smith-2_x") == "bob.smith-2_x"
    for bad in ["", "ab", "x" * 33, "-alice", "al ice", "alïce", "a@b.c"]:
        with pytest.raises(ValidationError, match="3 to 32 characters"):
            parse_username(bad)


@settings(deadline=None)
@given(st.text(max_size=40))
def test_username_parser_accepts_only_canonical_names_and_is_idempotent(text: str) -> None:
    try:
        name = parse_username(text)
    except ValidationError as exc:
        assert exc.field == "username"
        return
    assert name == name.strip().lower() and 3 <= len(name) <= 32
    assert parse_username(name) == name


@settings(deadline=None)
@given(st.text(max_size=20))
def test_symbol_parser_returns_upper_case_symbols_and_is_idempotent(text: str) -> None:
    try:
        symbol = parse_symbol(text)
    except ValidationError:
        return
    assert symbol == symbol.upper() and symbol[0].isalpha() and symbol.isascii()
    assert parse_symbol(symbol) == symbol


@settings(deadline=None)
@given(st.text(max_size=80))
def test_address_parser_only_ever_raises_validation_errors(text: str) -> None:
    try:
        address = parse_address(text)
    except ValidationError:
        return
    assert address == to_checksum_address(address)

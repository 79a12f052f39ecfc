"""The one parser of what people type: amounts, integers, URLs, addresses, symbols, names, usernames."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.validation import (
    UINT256_MAX,
    URL_SCHEMES,
    format_amount,
    parse_address,
    parse_amount,
    parse_chain_id,
    parse_decimals,
    parse_fee_bps,
    parse_int,
    parse_positive_int,
    parse_rpc_url,
    parse_symbol,
    parse_token_name,
    parse_url,
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


# -- integers --------------------------------------------------------------------------------

MANY_DIGITS = "1" * 5000  # more than Python's 4,300-digit int-string limit


@pytest.mark.parametrize(
    ("value", "expected"),
    [("42", 42), (" 7 ", 7), ("0", 0), ("000123", 123), (5, 5), ("-3", -3), ("+9", 9)],
)
def test_parse_int_reads_ascii_digits(value: int | str, expected: int) -> None:
    assert parse_int(value, field="n", what="The number") == expected


@pytest.mark.parametrize(
    "text",
    ["٣٠", "１０", "²", "۱", "1_000", "1.0", "1e3", "0x10", "", "  ", "- 1", "1 2", "٣0", "12\n3"],
)
def test_parse_int_refuses_everything_but_ascii_digits(text: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_int(text, field="fee_bps", what="The pool fee")
    assert refused.value.field == "fee_bps"


@pytest.mark.parametrize("value", [True, False, 1.0, None, b"1", [1]])
def test_parse_int_refuses_values_that_are_not_text_or_int(value: object) -> None:
    with pytest.raises(ValidationError):
        parse_int(value, field="n", what="The number")  # type: ignore[arg-type]


def test_parse_int_applies_bounds_and_says_them() -> None:
    assert parse_int("18", field="decimals", what="Decimals", minimum=0, maximum=18) == 18
    with pytest.raises(ValidationError, match="from 0 to 18"):
        parse_int("19", field="decimals", what="Decimals", minimum=0, maximum=18)
    with pytest.raises(ValidationError, match="at least 1"):
        parse_int(0, field="n", what="The number", minimum=1)
    with pytest.raises(ValidationError, match="at most 5"):
        parse_int("6", field="n", what="The number", maximum=5)


@pytest.mark.parametrize("text", [MANY_DIGITS, "-" + MANY_DIGITS, "0" * 5000 + MANY_DIGITS])
def test_parse_int_bounds_the_length_before_converting(text: str) -> None:
    """5,000 digits would raise Python's own ValueError (a crash, exit 3) inside int()."""
    with pytest.raises(ValidationError, match=r"too large|at most|at least"):
        parse_int(text, field="n", what="The number")
    with pytest.raises(ValidationError, match="at most 100"):
        parse_int(text.lstrip("-"), field="n", what="The number", maximum=100)


def test_leading_zeros_do_not_count_towards_the_length_bound() -> None:
    assert parse_int("0" * 5000 + "5", field="n", what="The number", maximum=10) == 5


@pytest.mark.parametrize(
    ("parser", "text"),
    [
        (parse_decimals, "٣"),
        (parse_decimals, "１０"),
        (parse_fee_bps, "٣٠"),
        (parse_chain_id, "１０"),
        (parse_chain_id, MANY_DIGITS),
        (parse_decimals, MANY_DIGITS),
        (parse_fee_bps, MANY_DIGITS),
    ],
)
def test_the_named_integer_parsers_share_the_ascii_rule(parser: Callable[[str], int], text: str) -> None:
    with pytest.raises(ValidationError):
        parser(text)


def test_positive_int_refuses_non_ascii_and_huge() -> None:
    for text in ["١٠", "１０", MANY_DIGITS]:
        with pytest.raises(ValidationError) as refused:
            parse_positive_int(text, field="deadline", what="The deadline in seconds", maximum=86_400)
        assert refused.value.field == "deadline"


@settings(deadline=None)
@given(st.text(max_size=30))
def test_parse_int_accepts_only_what_int_of_ascii_digits_gives(text: str) -> None:
    try:
        value = parse_int(text, field="n", what="The number")
    except ValidationError:
        return
    stripped = text.strip().lstrip("+-")
    assert stripped.isascii() and stripped.isdigit()
    assert value == int(text.strip())


@pytest.mark.parametrize("text", [MANY_DIGITS, "0." + "1" * 5000, MANY_DIGITS + ".5"])
def test_amounts_with_thousands_of_digits_are_refused_not_a_crash(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_amount(text, 18)


def test_an_amount_with_thousands_of_leading_zeros_is_still_its_value() -> None:
    assert parse_amount("0" * 5000 + "12.5", 1) == 125


# -- URLs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://127.0.0.1:8545", "http://127.0.0.1:8545"),
        ("https://rpc.example.org/v1/abc/", "https://rpc.example.org/v1/abc"),
        ("  http://localhost:8545 \n", "http://localhost:8545"),
        ("http://[::1]:8545", "http://[::1]:8545"),
        ("HTTPS://Node.Example.org", "HTTPS://Node.Example.org"),
    ],
)
def test_rpc_urls_that_are_accepted(text: str, expected: str) -> None:
    assert parse_rpc_url(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "http://127.0.0.1:1/\x07",
        "http://127.0.0.1:1/\x1b[2J",
        "http://127.0.0.1:1/a\x00b",
        "http://127.0.0.1:1/a\u202eb",  # right-to-left override
        "http://127.0.0.1:1/a\u200bb",  # zero-width space
        "http://127.0.0.1:1/a b",
        "http://exa mple.org",
        "http://127.0.0.1:1/\tx",
        "ftp://127.0.0.1",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "127.0.0.1:8545",
        "http://",
        "http:///path",
        "http://127.0.0.1:0",
        "http://127.0.0.1:65536",
        "http://127.0.0.1:８５４５",
        "http://127.0.0.1:85a5",
        "http://ex%41mple.org",
        "http://exa_mple!.org",
        "http://" + "a" * 3000 + ".org",
        "",
    ],
)
def test_rpc_urls_that_are_refused(text: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_rpc_url(text)
    assert refused.value.field == "rpc_url"


def test_the_url_validator_knows_websocket_schemes_and_rpc_urls_stay_http() -> None:
    """The one URL rule takes ws/wss; the node client speaks JSON-RPC over HTTP only."""
    assert (
        parse_url("wss://node.example.org/ws", field="url", schemes=URL_SCHEMES)
        == "wss://node.example.org/ws"
    )
    assert parse_url("ws://127.0.0.1:8546", field="url", schemes=URL_SCHEMES) == "ws://127.0.0.1:8546"
    with pytest.raises(ValidationError, match="http"):
        parse_rpc_url("ws://127.0.0.1:8546")


@settings(deadline=None)
@given(st.text(max_size=60))
def test_an_accepted_url_is_printable_ascii(text: str) -> None:
    try:
        url = parse_url("http://h/" + text, field="url", schemes=URL_SCHEMES)
    except ValidationError:
        return
    assert url.isascii() and url.isprintable() and " " not in url

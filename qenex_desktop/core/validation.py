"""The one place that turns what a person typed into checked values.

Amounts become integers of base units here and nowhere else; addresses are checked against
EIP-55 here and nowhere else. Every refusal is a ``ValidationError`` that names the field and
says what to type instead.
"""

from __future__ import annotations

import re
import unicodedata

from qenex_desktop.core.errors import ValidationError

#: The largest value an EVM word (and so any ERC-20 balance) can hold.
UINT256_MAX = 2**256 - 1
MAX_DECIMALS = 18
#: Decimals a token of the local ledger may have: any uint256 amount still fits its Uint256 column.
LEDGER_MAX_DECIMALS = 36

_AMOUNT_RE = re.compile(r"^(?P<whole>[0-9]*)(?:\.(?P<frac>[0-9]*))?$")
_SYMBOL_RE = re.compile(r"^[A-Z][A-Z0-9]{0,10}$")
#: The symbol rule in words, for the error and for the forms' hints, so the two never disagree.
SYMBOL_RULE = "1 to 11 letters or digits, starting with a letter"
_USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")
_HEX_ADDRESS_RE = re.compile(r"^0x[0-9a-fA-F]{40}$")
_INT_RE = re.compile(r"[+-]?[0-9]+")
#: Digits an integer may have (leading zeros aside): a uint256 has 78, far below Python's 4,300 limit.
_INT_MAX_DIGITS = 78
#: Schemes the URL check knows; RPC URLs take the HTTP ones (the node client speaks HTTP).
URL_SCHEMES = ("http", "https", "ws", "wss")
RPC_URL_SCHEMES = ("http", "https")
MAX_URL_LENGTH = 2048
_HOST_RE = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,251}[A-Za-z0-9_.])?")
_ACCOUNT_NAME_MAX = 40
_TOKEN_NAME_MAX = 64


def parse_amount(
    text: str,
    decimals: int,
    *,
    symbol: str | None = None,
    field: str = "amount",
    allow_zero: bool = False,
) -> int:
    """Parse decimal text like ``"12.5"`` into base units of a token with ``decimals`` decimals.

    Exact: no float and no Decimal context is involved, so 78-digit values survive.
    """
    if not isinstance(text, str):
        raise ValidationError("Type the amount as text, like 12.5.", field=field)
    raw = text.strip()
    unit = symbol or "this token"
    if not raw:
        raise ValidationError("Enter an amount.", field=field)
    if raw.startswith("-"):
        raise ValidationError("Amounts cannot be negative.", field=field)
    if raw.startswith("+"):
        raw = raw[1:]
    lowered = raw.lower()
    if lowered in {"nan", "inf", "infinity", "-inf", "snan"}:
        raise ValidationError("Enter a number, like 12.5.", field=field)
    if "e" in lowered:
        raise ValidationError("Write the amount in plain digits, like 1500 (no exponents).", field=field)
    if "," in raw or "_" in raw or " " in raw:
        raise ValidationError(
            "Write the amount without separators, with a dot for decimals, like 1234.5.", field=field
        )
    match = _AMOUNT_RE.match(raw)
    if match is None or raw in {".", ""}:
        raise ValidationError("Enter a number, like 12.5.", field=field)
    whole = (match.group("whole") or "0").lstrip("0") or "0"
    frac = (match.group("frac") or "").rstrip("0")
    if len(whole) > _INT_MAX_DIGITS:  # before int(): past 4,300 digits int() itself raises
        raise ValidationError("That amount is larger than any token balance can be.", field=field)
    if len(frac) > decimals:
        if decimals == 0:
            raise ValidationError(f"{unit} has no decimals: enter a whole number.", field=field)
        raise ValidationError(f"{unit} has {decimals} decimals; this amount has {len(frac)}.", field=field)
    value = int(whole) * 10**decimals + (int(frac.ljust(decimals, "0")) if frac else 0)
    if value > UINT256_MAX:
        raise ValidationError("That amount is larger than any token balance can be.", field=field)
    if value == 0 and not allow_zero:
        raise ValidationError("Enter an amount greater than zero.", field=field)
    return value


def format_amount(base_units: int, decimals: int, *, max_fraction_digits: int | None = None) -> str:
    """Show base units as decimal text, trailing zeros trimmed; exact unless a cut is asked for.

    With ``max_fraction_digits`` the fraction is cut (rounded down), which is right for display
    of balances: never show more than someone has.
    """
    if base_units < 0:
        return "-" + format_amount(-base_units, decimals, max_fraction_digits=max_fraction_digits)
    if decimals == 0:
        return str(base_units)
    whole, frac = divmod(base_units, 10**decimals)
    frac_text = str(frac).rjust(decimals, "0")
    if max_fraction_digits is not None:
        frac_text = frac_text[:max_fraction_digits]
    frac_text = frac_text.rstrip("0")
    return f"{whole}.{frac_text}" if frac_text else str(whole)


def parse_decimals(value: int | str, *, field: str = "decimals", maximum: int = MAX_DECIMALS) -> int:
    """0 to ``maximum`` (18 for chain tokens, ``LEDGER_MAX_DECIMALS`` for the local ledger)."""
    return parse_int(value, field=field, what="Decimals", minimum=0, maximum=maximum)


def parse_symbol(text: str, *, field: str = "symbol") -> str:
    """Token symbols: a letter, then up to 10 letters or digits; shown in capitals."""
    symbol = (text or "").strip().upper()
    if not symbol:
        raise ValidationError("Enter a token symbol, like QXC.", field=field)
    if not _SYMBOL_RE.match(symbol):
        raise ValidationError(
            f"A symbol is {SYMBOL_RULE}, like QXC or USD2.",
            field=field,
        )
    return symbol


def _printable_name(text: str, *, what: str, limit: int, field: str) -> str:
    name = unicodedata.normalize("NFC", (text or "")).strip()
    if not name:
        raise ValidationError(f"Enter a {what}.", field=field)
    if len(name) > limit:
        raise ValidationError(f"A {what} has at most {limit} characters.", field=field)
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise ValidationError(f"A {what} cannot contain control characters.", field=field)
    return " ".join(name.split())


def parse_token_name(text: str, *, field: str = "name") -> str:
    return _printable_name(text, what="token name", limit=_TOKEN_NAME_MAX, field=field)


def parse_account_name(text: str, *, field: str = "account") -> str:
    return _printable_name(text, what="account name", limit=_ACCOUNT_NAME_MAX, field=field)


def parse_contact_name(text: str, *, field: str = "name") -> str:
    return _printable_name(text, what="contact name", limit=64, field=field)


def parse_label(text: str, *, field: str = "label", what: str = "label", limit: int = 255) -> str:
    """A note or label a person writes (one line, printable): contacts' notes, transaction labels."""
    return _printable_name(text, what=what, limit=limit, field=field)


def parse_username(text: str, *, field: str = "username") -> str:
    """Usernames are case-insensitive: stored and compared in lower case."""
    username = (text or "").strip().lower()
    if not _USERNAME_RE.match(username):
        raise ValidationError(
            "A username is 3 to 32 characters: letters, digits, dot, dash or underscore, "
            "starting with a letter or digit.",
            field=field,
        )
    return username


def to_checksum_address(address_hex: str) -> str:
    """EIP-55 checksum of a 40-hex-digit address (https://eips.ethereum.org/EIPS/eip-55)."""
    # Imported here, not at the top: eth-utils (with pydantic) costs ~80 ms, and most users of this
    # module (the core opening at start-up, amounts) never parse an address.
    from eth_utils import keccak

    lower = address_hex.lower().removeprefix("0x")
    digest = keccak(text=lower).hex()
    return "0x" + "".join(
        ch.upper() if ch.isalpha() and int(digest[i], 16) >= 8 else ch for i, ch in enumerate(lower)
    )


def parse_address(text: str, *, field: str = "address") -> str:
    """An EVM address, returned EIP-55 checksummed.

    All-lower and all-upper hex carry no checksum and are accepted; mixed case must match its
    checksum, because a mismatch means a typo.
    """
    raw = (text or "").strip()
    if not raw:
        raise ValidationError("Enter an address starting with 0x.", field=field)
    if not raw.startswith("0x") and len(raw) == 40:
        raise ValidationError("An address starts with 0x.", field=field)
    if not _HEX_ADDRESS_RE.match(raw):
        raise ValidationError("An address is 0x followed by 40 hexadecimal digits (0-9, a-f).", field=field)
    body = raw[2:]
    checksummed = to_checksum_address(body)
    letters = [ch for ch in body if ch.isalpha()]
    mixed = any(ch.islower() for ch in letters) and any(ch.isupper() for ch in letters)
    if mixed and raw != checksummed:
        raise ValidationError("This address has a wrong checksum (EIP-55): check it for a typo.", field=field)
    return checksummed


def parse_fee_bps(value: int | str, *, field: str = "fee_bps") -> int:
    """The pool fee in basis points, 1 to 100 (0.01% to 1%)."""
    return parse_int(value, field=field, what="The pool fee in basis points", minimum=1, maximum=100)


def parse_percent_bps(text: str, *, field: str = "percent") -> int:
    """A percentage like ``"50"`` or ``"12.5"`` (0 < p <= 100) as basis points (1/10,000)."""
    try:
        bps = parse_amount(str(text), 2, symbol="a percentage", field=field)
    except ValidationError as exc:
        raise ValidationError(f"Enter a percentage from 0.01 to 100. {exc.message}", field=field) from None
    if bps > 10_000:
        raise ValidationError("A percentage cannot be more than 100.", field=field)
    return bps


def parse_slippage_bps(text: str, *, field: str = "slippage") -> int:
    """Slippage tolerance as basis points, 0 to 50%."""
    bps = parse_amount(str(text), 2, symbol="slippage", field=field, allow_zero=True)
    if bps > 5_000:
        raise ValidationError("Slippage above 50% is refused: it invites a bad trade.", field=field)
    return bps


def parse_int(
    value: int | str,
    *,
    field: str,
    what: str,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int:
    """The one integer parser: ASCII digits only (an optional sign), length bounded before ``int()``.

    ``int()`` alone takes Arabic-Indic or full-width digits and ``1_000``, and raises its own
    ``ValueError`` past 4,300 digits (a crash instead of a refusal), so it never sees raw text.
    """
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationError(f"{what} must be a whole number.", field=field)
    bounds = _bounds_text(minimum, maximum)
    if isinstance(value, str):
        text = value.strip()
        if _INT_RE.fullmatch(text) is None:
            raise ValidationError(
                f"{what} must be a whole number{bounds}, written in the digits 0-9.", field=field
            )
        digits = text.lstrip("+-").lstrip("0")
        if len(digits) > _INT_MAX_DIGITS:
            raise ValidationError(
                f"{what} must be{bounds}." if bounds else f"{what} is too large.", field=field
            )
        value = -int(digits or "0") if text.startswith("-") else int(digits or "0")
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ValidationError(f"{what} must be{bounds}.", field=field)
    return value


def _bounds_text(minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        return f" from {minimum} to {maximum}"
    if minimum is not None:
        return f" at least {minimum}"
    if maximum is not None:
        return f" at most {maximum}"
    return ""


def parse_positive_int(value: int | str, *, field: str, what: str, maximum: int | None = None) -> int:
    return parse_int(value, field=field, what=what, minimum=1, maximum=maximum)


def parse_network_name(text: str, *, field: str = "name") -> str:
    return _printable_name(text, what="network name", limit=64, field=field)


def parse_url(text: str, *, field: str, schemes: tuple[str, ...] = URL_SCHEMES, what: str = "A URL") -> str:
    """The one URL check: a known scheme, a host, printable ASCII without spaces, bounded length.

    Control, format (RTL override, zero-width) and space characters are refused rather than
    cleaned: a URL is stored, audited and printed, and what is shown must be what is used.
    """
    from urllib.parse import urlsplit

    example = f"{schemes[0]}://127.0.0.1:8545"
    raw = text.strip() if isinstance(text, str) else ""
    if not raw:
        raise ValidationError(f"Enter {what.lower()[0] + what[1:]}, like {example}.", field=field)
    if len(raw) > MAX_URL_LENGTH:
        raise ValidationError(f"{what} has at most {MAX_URL_LENGTH} characters.", field=field)
    if not all("!" <= ch <= "~" for ch in raw):
        raise ValidationError(
            f"{what} cannot contain spaces, control characters or non-ASCII letters "
            "(write an international host name in its xn-- form).",
            field=field,
        )
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        raise ValidationError(f"Enter {what.lower()[0] + what[1:]} like {example}.", field=field) from None
    if parts.scheme not in schemes:
        allowed = ", ".join(f"{scheme}://" for scheme in schemes)
        raise ValidationError(
            f"{what} starts with {allowed} (this is {parts.scheme or 'none'}).", field=field
        )
    host = parts.hostname or ""
    if not host or not (_HOST_RE.fullmatch(host) or _is_ip_address(host)):
        raise ValidationError(f"{what} names a host, like {example}.", field=field)
    if port is not None and not 0 < port < 65536:
        raise ValidationError("The port must be 1 to 65535.", field=field)
    return raw.rstrip("/")


def _is_ip_address(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def parse_rpc_url(text: str, *, field: str = "rpc_url") -> str:
    """A JSON-RPC endpoint like http://127.0.0.1:8545: http(s) only, the one transport the client speaks."""
    return parse_url(text, field=field, schemes=RPC_URL_SCHEMES, what="An RPC URL")


def parse_chain_id(value: int | str, *, field: str = "chain_id") -> int:
    """EIP-155 chain id: a positive integer (EIP-2294 bounds it below 2^64 / 2 - 36)."""
    return parse_positive_int(value, field=field, what="The chain id", maximum=2**63 - 1)

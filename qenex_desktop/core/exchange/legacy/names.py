"""Names for what the originals name freely: login names for their users, account names for holders.

The originals take any text as a username (``Mallory Smith``, ``oscar@example.org``, ``Pé``,
``Judy`` next to ``judy``). Here a login name is 3-32 of ``a-z 0-9 . _ -`` and case-insensitive.
A user keeps their name, lower-cased, when it fits and is free; otherwise they get a mapped one,
deterministic (the same file and ledger give the same names): the name folded to ASCII letters
and digits joined by dots (``mallory.smith``) when that is free, else that stem plus ``-`` and the
first 6 hex digits of the SHA-256 of the original name (``judy-5b1f0e``), longer hex if needed.
Users whose original name already is a valid login name go first, then by original id, so
``judy`` keeps ``judy`` and ``Judy`` is mapped.

A holder (a DeFi address, ``creator``) becomes the account ``legacy <holder>``; a holder id longer
than fits is cut to its first 10 and last 8 characters plus ``#`` and hex of its SHA-256, so two
long ids never share a name, and an id the account-name rules refuse (control, bidi or zero-width
characters) becomes ``legacy #<16 hex>``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.validation import parse_account_name, parse_username

_ACCOUNT_NAME_MAX = 40
_STEM_MAX = 24
_NOT_LOGIN = re.compile(r"[^a-z0-9]+")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "backslashreplace")).hexdigest()


def _valid_login(text: str) -> str | None:
    try:
        return parse_username(text)
    except ValidationError:
        return None


def _stem(original: str) -> str:
    """ASCII letters and digits of the name in lower case, joined by dots (``mallory.smith``)."""
    folded = unicodedata.normalize("NFKD", original).encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_LOGIN.sub(".", folded).strip(".")[:_STEM_MAX].rstrip(".")


def mapped_login(original: str, taken: set[str]) -> str:
    """A login name for a user whose own name does not fit or is taken; never one in ``taken``."""
    stem = _stem(original)
    if _valid_login(stem) == stem and stem not in taken:
        return stem
    digest = _digest(original)
    base = stem if stem else "user"
    for length in range(6, len(digest) + 1, 2):
        candidate = f"{base}-{digest[:length]}"[-32:].lstrip(".-_")
        if candidate not in taken and _valid_login(candidate) == candidate:
            return candidate
    number = 2
    while f"{base[:20]}-{number}" in taken:
        number += 1
    return f"{base[:20]}-{number}"


def login_reason(original: str, fitted: str | None, taken_here: bool) -> str:
    if fitted is None:
        return "does not fit the login-name rules (3 to 32 of a-z 0-9 . _ -)"
    if taken_here:
        return f"{fitted!r} is already a profile on this ledger"
    return f"{fitted!r} is taken by another user of the file (login names ignore case)"


def assign_logins(users: Iterable[tuple[str, str]], existing: set[str]) -> dict[str, tuple[str, str | None]]:
    """For (key, original name) pairs: key -> (login name, why it was mapped or None).

    ``existing`` are the profiles already on the ledger; keys sort as the file's ids do.
    """
    ordered = sorted(users, key=lambda item: (_valid_login(item[1]) != item[1], _id_order(item[0])))
    taken = set(existing)
    out: dict[str, tuple[str, str | None]] = {}
    for key, original in ordered:
        fitted = _valid_login(original)
        if fitted is not None and fitted not in taken:
            taken.add(fitted)
            out[key] = (fitted, None)
            continue
        login = mapped_login(original, taken)
        taken.add(login)
        out[key] = (login, login_reason(original, fitted, fitted in existing))
    return out


def _id_order(key: str) -> tuple[int, int | str]:
    tail = key.rsplit(":", 1)[-1]
    return (0, int(tail)) if tail.isdigit() and len(tail) < 20 else (1, tail)


def holder_account_name(identifier: str, taken: set[str]) -> tuple[str, bool]:
    """(account name, whether the id had to be replaced by its digest) for a holder; never in ``taken``."""
    digest = _digest(identifier)
    hashed = any(unicodedata.category(ch).startswith("C") for ch in identifier)
    if hashed:
        name = f"legacy #{digest[:16]}"
    elif len(f"legacy {identifier}") <= _ACCOUNT_NAME_MAX:
        name = parse_account_name(f"legacy {identifier}")
    else:
        name = parse_account_name(f"legacy {identifier[:10]}..{identifier[-8:]} #{digest[:8]}")
    length = 16
    while name in taken:  # ids that normalise or cut alike: more of the digest tells them apart
        length += 4
        name = f"legacy #{digest[:length]}" if length <= 32 else f"legacy #{digest[:24]} {length}"
    return name, hashed

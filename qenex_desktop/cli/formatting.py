"""What the CLI prints for people: times, and text made safe for a terminal."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

#: Line and paragraph separators: a terminal may break the line there, so a name could fake a row.
_SEPARATORS = frozenset("\u2028\u2029")


def iso_time(epoch_ms: int | None) -> str | None:
    if epoch_ms is None:
        return None
    return datetime.fromtimestamp(epoch_ms / 1000, tz=UTC).isoformat(timespec="seconds")


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def terminal_safe(text: str, *, multiline: bool = True) -> str:
    """``text`` with every character a terminal would act on, or not show, written as an escape.

    Names come from the ledger, and a ledger may hold what an old import or another program
    stored: an ``ESC [2J`` would clear the screen, a right-to-left override (U+202E) reverses
    what follows, zero-width characters make two names look alike, NUL and CR hide text. So every
    control (Cc), format (Cf: bidi controls, zero-width, BOM), surrogate, private-use or
    unassigned character, and U+2028/U+2029, becomes ``\\x1b`` / ``\\u202e`` / ``\\U000e0001``.
    With ``multiline`` (whole command output) newline and tab stay; for one field they are escaped.
    Letters and symbols of every script are kept as they are.
    """
    if text.isascii() and text.isprintable():
        return text  # the common case, checked in C
    kept = "\n\t" if multiline else ""
    return "".join(
        _escape(ch)
        if ch not in kept and (unicodedata.category(ch).startswith("C") or ch in _SEPARATORS)
        else ch
        for ch in text
    )

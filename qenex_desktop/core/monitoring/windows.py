"""Time windows as people type them: "90s", "15m", "1h", "7d", "2w"."""

from __future__ import annotations

import re

from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.monitoring.settings import DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS
from qenex_desktop.core.validation import parse_int

_UNITS = {"s": SECOND_MS, "m": MINUTE_MS, "h": HOUR_MS, "d": DAY_MS, "w": 7 * DAY_MS}
#: ASCII only: with Unicode case folding "ſ" matched "s" (and then was no unit), "٩٠" was 90.
_PATTERN = re.compile(r"\s*([0-9]{1,6})\s*([smhdw])\s*", re.IGNORECASE | re.ASCII)
#: Longest window: as far back as hour aggregates go.
MAX_WINDOW_MS = 366 * DAY_MS


def parse_window(text: str, *, field: str = "window") -> int:
    """Milliseconds in a window like "1h"; refuses zero, unknown units and more than a year."""
    match = _PATTERN.fullmatch(text or "")
    if match is None:
        raise ValidationError(
            f"{text!r} is not a time window: use a number and a unit, like 90s, 15m, 1h, 7d or 2w.",
            field=field,
        )
    ms = parse_int(match.group(1), field=field, what="The window") * _UNITS[match.group(2).lower()]
    if ms <= 0 or ms > MAX_WINDOW_MS:
        raise ValidationError("A window must be longer than zero and at most a year.", field=field)
    return ms


def format_window(ms: int) -> str:
    for unit in ("w", "d", "h", "m", "s"):
        if ms % _UNITS[unit] == 0:
            return f"{ms // _UNITS[unit]}{unit}"
    return f"{ms}ms"

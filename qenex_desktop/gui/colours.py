"""The few colours the window uses to say something (good, careful, bad, inactive), in one place.

They read on the light and the dark palette alike (gui/theme.py); a widget takes them from here,
never from another tab or dialog.
"""

from __future__ import annotations

GREEN = "#2e7d32"  # done, healthy, unlocked
AMBER = "#b26a00"  # think twice: pending, a warning, a high price impact
RED = "#c62828"  # refused, failed, an error under a field
GREY = "#757575"  # inactive: locked, replaced, unknown

#: A transaction's status as the Wallet and Activity tables colour it.
TX_STATUS = {
    "pending": AMBER,
    "confirmed": GREEN,
    "failed": RED,
    "dropped": RED,
    "replaced": GREY,
}

#: A health check's status (ok, warn, fail, unknown) on the Monitoring tab.
HEALTH_STATUS = {"ok": GREEN, "warn": AMBER, "fail": RED, "unknown": GREY}

#: The password strength meter, from "Too weak" to "Very strong".
STRENGTH = (RED, "#e65100", AMBER, GREEN, "#1b5e20")


def text_style(colour: str, *, bold: bool = False) -> str:
    """A label's style sheet for text in ``colour``."""
    return f"color: {colour};" + (" font-weight: bold;" if bold else "")

"""Windows as people type them."""

from __future__ import annotations

import pytest

from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.monitoring import format_window, parse_window


@pytest.mark.parametrize(
    ("text", "ms"),
    [("90s", 90_000), ("15m", 900_000), ("1h", 3_600_000), (" 7D ", 604_800_000), ("2w", 1_209_600_000)],
)
def test_windows_parse_to_milliseconds(text: str, ms: int) -> None:
    assert parse_window(text) == ms


# "٩٠m" (Arabic-Indic digits) was read as 90 minutes, and "5ſ" (long s, which case folding
# matches to "s") crashed the parser with a KeyError (exit 3).
@pytest.mark.parametrize(
    "text", ["", "1", "h", "1y", "-1h", "0m", "1.5h", "400d", "٩٠m", "１h", "5ſ", "5K", "1h\n2h"]
)
def test_malformed_or_out_of_range_windows_are_refused(text: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_window(text)
    assert refused.value.field == "window"


def test_windows_format_back_in_the_largest_whole_unit() -> None:
    assert [format_window(ms) for ms in (90_000, 3_600_000, 86_400_000, 1_209_600_000)] == [
        "90s",
        "1h",
        "1d",
        "2w",
    ]

"""Latency statistics that accept raw points and stored aggregates alike.

Percentiles use the nearest-rank definition: the p-th percentile of n sorted values is the value
at rank ceil(p/100 * n) (1-based), so it is always one of the observed latencies. While every
contribution is a raw point the result is exact; once an aggregate joins, it is estimated from
the merged log histogram (``histogram.py``).
"""

from __future__ import annotations

import math
from collections import Counter

from qenex_desktop.core.monitoring.histogram import LogHistogram
from qenex_desktop.core.monitoring.outcomes import is_refusal


def nearest_rank(sorted_values: list[int], p: float) -> int | None:
    if not sorted_values:
        return None
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


class LatencyStats:
    """Accumulates one operation's calls (or one time bucket's).

    ``errors`` counts every call that did not end "ok"; of those, ``refusals`` were the person's
    (``outcomes.is_refusal``) and ``faults`` the rest (bugs, the node, the ledger busy).
    """

    __slots__ = (
        "_raw",
        "count",
        "errors",
        "exact",
        "histogram",
        "max_us",
        "min_us",
        "outcomes",
        "refusals",
        "sum_us",
    )

    def __init__(self) -> None:
        self.count = 0
        self.errors = 0
        self.refusals = 0
        self.sum_us = 0
        self.min_us: int | None = None
        self.max_us: int | None = None
        self.histogram = LogHistogram()
        self.exact = True
        self.outcomes: Counter[str] = Counter()
        self._raw: list[int] = []

    def add_point(self, latency_us: int, outcome: str) -> None:
        self.count += 1
        if outcome != "ok":
            self.errors += 1
            self.refusals += is_refusal(outcome)
        self.outcomes[outcome] += 1
        self.sum_us += latency_us
        self.min_us = latency_us if self.min_us is None else min(self.min_us, latency_us)
        self.max_us = latency_us if self.max_us is None else max(self.max_us, latency_us)
        self.histogram.add(latency_us)
        self._raw.append(latency_us)

    def add_aggregate(
        self,
        count: int,
        errors: int,
        sum_us: int,
        min_us: int,
        max_us: int,
        histogram: LogHistogram,
        refusals: int = 0,
    ) -> None:
        if count == 0:
            return
        self.count += count
        self.errors += errors
        self.refusals += refusals
        if refusals:
            self.outcomes["refused (aggregated)"] += refusals
        if errors - refusals:
            self.outcomes["error (aggregated)"] += errors - refusals
        if count - errors:
            self.outcomes["ok"] += count - errors
        self.sum_us += sum_us
        self.min_us = min_us if self.min_us is None else min(self.min_us, min_us)
        self.max_us = max_us if self.max_us is None else max(self.max_us, max_us)
        self.histogram.merge(histogram)
        self.exact = False

    @property
    def faults(self) -> int:
        return self.errors - self.refusals

    @property
    def mean_us(self) -> int | None:
        return None if self.count == 0 else round(self.sum_us / self.count)

    def percentile(self, p: float) -> int | None:
        if self.count == 0:
            return None
        if self.exact:
            self._raw.sort()
            return nearest_rank(self._raw, p)
        return self.histogram.percentile(p, low=self.min_us, high=self.max_us)

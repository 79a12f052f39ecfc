"""The share of the ledger file that monitoring's holdings snapshots take at a million operations
(issue 17: "at 1M operations the table stays under 5% of the file"), measured, not projected.

Run: ``.venv/bin/python -m bench.holdings_at_scale [--clones 99]``. Builds (once, cached under
``build/scale/``) ``bench.scale``'s 10k-operation ledger and a big one with ``--clones`` older copies
of its history in front (99: 1M operations over 1,000 days, 2.7 years; the audit chain re-hashed
with the project's own code), then on a copy runs the retention the monitoring worker runs and
prints, as JSON, the holdings rows and their share of the file's pages before and after it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench._scale_build import build_big, build_small, open_core
from bench.gui_cold_starts import CACHE
from bench.scale import _holdings_share

TARGET_SHARE = 0.05


def _cached(root: Path, build: Callable[[], object]) -> float | None:
    if (root / "meta.json").exists():
        return None
    shutil.rmtree(root, ignore_errors=True)
    start = time.perf_counter()
    build()
    return round(time.perf_counter() - start, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--clones", type=int, default=99)
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    small = CACHE / f"small-{args.small}"
    big = CACHE / f"big-{args.small}x{args.clones + 1}"
    built_small = _cached(small, lambda: build_small(small, args.small, random.Random(17)))
    built_big = _cached(big, lambda: build_big(small, big, args.clones))
    work = CACHE / "work-holdings"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(big, work)
    meta = json.loads((work / "meta.json").read_text())
    print(f"[holdings] {meta['operations']} operations", file=sys.stderr)
    core = open_core(work, meta=meta)
    try:
        ledger = work / "data" / "ledger.db"
        file_mb = round(ledger.stat().st_size / 1e6, 1)
        share = _holdings_share(core, ledger)
    finally:
        core.close()
        shutil.rmtree(work, ignore_errors=True)
    print(
        json.dumps(
            {
                "operations": meta["operations"],
                "days": round(meta["span_ms"] * (args.clones + 1) / 86_400_000),
                "file_mb": file_mb,
                "build_s": {"small": built_small, "big": built_big},
                "load_average": os.getloadavg()[0],
                **share,
                "target_share": TARGET_SHARE,
                "meets_target": share["holdings_share_of_file"] < TARGET_SHARE,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()

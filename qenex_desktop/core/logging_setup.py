"""A rotating log file in the data dir. Nothing secret is ever passed to a logger."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path


def configure_file_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "qenex.log"
    root = logging.getLogger("qenex_desktop")
    if not any(
        isinstance(h, logging.handlers.RotatingFileHandler) and h.baseFilename == str(path)
        for h in root.handlers
    ):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    return path

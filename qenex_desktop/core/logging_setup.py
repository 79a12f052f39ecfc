"""A rotating log file in the data dir. Nothing secret is ever passed to a logger."""

from __future__ import annotations

import io
import logging
import logging.handlers
from pathlib import Path

from qenex_desktop.core.private_files import open_private, private_dir


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Every file it opens (the log and each rotated one) is created 0600, whatever the umask."""

    def _open(self) -> io.TextIOWrapper:
        return open_private(Path(self.baseFilename), self.mode, encoding=self.encoding, newline=None)


def configure_file_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    private_dir(log_dir)
    path = log_dir / "qenex.log"
    root = logging.getLogger("qenex_desktop")
    if not any(
        isinstance(h, logging.handlers.RotatingFileHandler) and h.baseFilename == str(path)
        for h in root.handlers
    ):
        handler = _PrivateRotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    return path

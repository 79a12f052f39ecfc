"""Files and folders only their owner may read: the data dir, logs, exports, the node's records.

The ledger names a person's accounts and amounts, the log their activity: every folder the app
makes is 0700 and every file 0600, and an existing data dir or log left wider by an older version
(or a ``mkdir`` under a 022 umask) is tightened when the app opens it. The entry points also set a
077 umask, so files that libraries write for us (Qt's settings, a Hardhat log) are private too.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import cast

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
PRIVATE_UMASK = 0o077


def use_private_umask() -> None:
    """For the app's ``main()``: what this process creates is its user's only."""
    os.umask(PRIVATE_UMASK)


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """The CLI's ``main()``: a 077 umask while one command runs, the caller's again after it (a test
    or a script calling ``main()`` in-process keeps its own umask for what it builds next)."""
    previous = os.umask(PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(previous)


def private_dir(path: Path) -> Path:
    """Make ``path`` (and missing parents) and tighten it to 0700 when it exists wider."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    _tighten(path, PRIVATE_DIR_MODE)
    return path


def tighten_tree(root: Path) -> None:
    """Tighten ``root`` and everything the app keeps below it (dirs 0700, files 0600); links are left."""
    private_dir(root)
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs:
            _tighten(Path(folder) / name, PRIVATE_DIR_MODE)
        for name in files:
            _tighten(Path(folder) / name, PRIVATE_FILE_MODE)


def open_private(
    path: Path, mode: str = "w", *, encoding: str | None = "utf-8", newline: str | None = None
) -> io.TextIOWrapper:
    """Open a text file for writing that is created 0600 (and tightened when it existed wider)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    descriptor = os.open(path, flags, PRIVATE_FILE_MODE)
    try:
        os.fchmod(descriptor, PRIVATE_FILE_MODE)
        return cast(io.TextIOWrapper, os.fdopen(descriptor, mode, encoding=encoding, newline=newline))
    except BaseException:
        os.close(descriptor)
        raise


def write_private_text(path: Path, text: str) -> None:
    with open_private(path) as out:
        out.write(text)


def _tighten(path: Path, wanted: int) -> None:
    with contextlib.suppress(FileNotFoundError):
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            return
        if stat.S_IMODE(info.st_mode) & ~wanted:
            path.chmod(stat.S_IMODE(info.st_mode) & wanted)

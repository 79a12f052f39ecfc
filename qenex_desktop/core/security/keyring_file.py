"""The plain-text keyring file (where no OS keyring exists), read and written safely.

The format is keyrings.alt's PlaintextKeyring file (an INI file: one section per service, one
base64 value per entry), so files written by it before still read and it can read ours. Its own
code rewrites the file in place, unlocked: a reader (another process, or its own health probe)
could see it half-written, two writers lost each other's entries, and a crash mid-write left a
cut file. Here every change is made under an exclusive lock on ``<file>.lock`` and written whole
to a temporary file in the same folder (mode 0600), fsynced and renamed over the old one, so the
file is always either the old or the new version. A file that cannot be read (cut by a crash
before this, edited, binary) counts as holding no entries; the next save replaces it.
"""

from __future__ import annotations

import base64
import configparser
import contextlib
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from keyrings.alt.escape import escape

_log = logging.getLogger(__name__)


class DamagedFileError(Exception):
    """The file exists but is not a readable keyring file."""


class KeyringFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    # -- entries -------------------------------------------------------------------------------

    def get(self, service: str, key: str) -> str | None:
        """The entry's value; None when there is none or the file (or the entry) is unreadable."""
        try:
            parser = self._read()
        except DamagedFileError as exc:
            _log.warning("%s; it counts as holding no session until the next login rewrites it", exc)
            return None
        try:
            raw = parser.get(escape(service), escape(key))
        except (configparser.NoSectionError, configparser.NoOptionError):
            return None
        value = _decode(raw)
        if value is None:
            _log.warning("The keyring file %s has an unreadable entry; it counts as no session", self.path)
        return value

    def set(self, service: str, key: str, value: str) -> None:
        with self._locked(exclusive=True):
            parser = self._parse_or_start_over()
            section = escape(service)
            if not parser.has_section(section):
                parser.add_section(section)
            parser.set(section, escape(key), "\n" + base64.encodebytes(value.encode("utf-8")).decode("ascii"))
            self._replace(parser)

    def delete(self, service: str, key: str, *, only_if: Callable[[str], bool] | None = None) -> bool:
        """Remove the entry (only when ``only_if(value)`` holds, if given); True when one was removed."""
        with self._locked(exclusive=True):
            try:
                parser = self._parse()
            except DamagedFileError:
                return False
            section, option = escape(service), escape(key)
            if not parser.has_option(section, option):
                return False
            if only_if is not None:
                value = _decode(parser.get(section, option))
                if value is not None and not only_if(value):
                    return False
            parser.remove_option(section, option)
            self._replace(parser)
            return True

    # -- health --------------------------------------------------------------------------------

    def problem(self, service: str | None = None, valid: Callable[[str], bool] | None = None) -> str | None:
        """Why the file (or an entry of ``service`` that ``valid`` refuses) cannot be read, or None
        when all of it can (or it does not exist yet)."""
        try:
            parser = self._read()
        except DamagedFileError as exc:
            return str(exc)
        section = escape(service) if service is not None else None
        if section is None or not parser.has_section(section):
            return None
        for option, raw in parser.items(section):
            value = _decode(raw)
            if value is None or (valid is not None and not valid(value)):
                return f"The keyring file {self.path} has an unreadable entry ({option})"
        return None

    def is_usable(self) -> bool:
        """Readable, and its folder writable: checked without writing anything (no probe entry)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError:
            return False
        if not os.access(self.path.parent, os.W_OK | os.X_OK):
            return False
        return self.problem() is None

    # -- the file ------------------------------------------------------------------------------

    def _read(self) -> configparser.RawConfigParser:
        """The file as it is now (under the shared lock: never while a change is being made)."""
        try:
            with self._locked(exclusive=False):
                return self._parse()
        except OSError as exc:  # its folder or lock file cannot be made
            raise DamagedFileError(f"The keyring file {self.path} is unreadable ({exc})") from exc

    def _parse(self) -> configparser.RawConfigParser:
        parser = configparser.RawConfigParser()
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return parser
        except (OSError, UnicodeDecodeError) as exc:
            raise DamagedFileError(f"The keyring file {self.path} is unreadable ({exc})") from exc
        try:
            parser.read_string(text, source=str(self.path))
        except configparser.Error as exc:
            first_line = str(exc).splitlines()[0]
            raise DamagedFileError(f"The keyring file {self.path} is unreadable ({first_line})") from exc
        return parser

    def _parse_or_start_over(self) -> configparser.RawConfigParser:
        try:
            return self._parse()
        except DamagedFileError as exc:
            _log.warning("%s; it is replaced by a new file with this entry only", exc)
            return configparser.RawConfigParser()

    def _replace(self, parser: configparser.RawConfigParser) -> None:
        """Write the whole file next to the old one, fsync it, rename it over: never half a file."""
        folder = self.path.parent
        descriptor, temp = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as out:  # mkstemp makes it 0600
                parser.write(out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
            raise
        _fsync_folder(folder)

    @contextlib.contextmanager
    def _locked(self, *, exclusive: bool) -> Iterator[None]:
        """Serialise changes between processes (and threads: each holds its own open file)."""
        if sys.platform == "win32":
            yield
            return
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(f"{self.path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            yield
        finally:
            os.close(descriptor)


def _decode(raw: str) -> str | None:
    try:
        return base64.decodebytes(raw.encode("ascii")).decode("utf-8")
    except ValueError:  # binascii.Error, UnicodeError: an entry cut part-way
        return None


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no folder handles for this."""
    if sys.platform == "win32":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)

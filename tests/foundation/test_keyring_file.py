"""The plain-text keyring file (no OS keyring): the health probe never rewrites it, every write
replaces it whole (temp file, fsync, rename; 0600), and a damaged file is "no session", never a crash."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.errors import KeyringUnavailableError
from qenex_desktop.core.security.keyring_store import SessionTokenStore, _plaintext_file_backend
from tests.conftest import PROJECT_ROOT, STRONG_PASSWORD, make_core
from tests.foundation.test_cli import QENEX

SAVER = """
import sys
from pathlib import Path
from qenex_desktop.core.security.keyring_store import SessionTokenStore, _plaintext_file_backend
path, count = Path(sys.argv[1]), int(sys.argv[2])
store = SessionTokenStore(_plaintext_file_backend(path), path.parent)
for i in range(count):
    store.save(f"user{i}", f"{i:064x}")
"""


def _store(path: Path) -> SessionTokenStore:
    return SessionTokenStore(_plaintext_file_backend(path), path.parent)


def test_the_health_probe_loses_no_entry_while_another_process_saves_sessions(tmp_path: Path) -> None:
    """The probe (``monitor health``, the Monitoring tab) ran in a loop while a second process saved
    sessions: before, the probe rewrote the file unlocked and entries vanished."""
    path = tmp_path / "keyring" / "keyring.cfg"
    store = _store(path)
    count = 300
    saver = subprocess.Popen(
        [sys.executable, "-c", SAVER, str(path), str(count)], cwd=PROJECT_ROOT, stderr=subprocess.PIPE
    )
    probes: list[bool] = []
    while saver.poll() is None:
        probes.append(store.is_usable())
    assert saver.returncode == 0, saver.stderr.read() if saver.stderr else ""
    reader = _store(path)
    missing = [i for i in range(count) if reader.load(f"user{i}") != f"{i:064x}"]
    assert missing == []
    assert len(probes) > 10 and all(probes)  # the two really overlapped, and every probe passed


def test_the_probe_does_not_rewrite_the_file(tmp_path: Path) -> None:
    path = tmp_path / "keyring" / "keyring.cfg"
    store = _store(path)
    store.save("alice", "a" * 64)
    before = path.stat()
    assert store.is_usable()
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (
        before.st_ino,
        before.st_mtime_ns,
        before.st_size,
    )
    assert store.load("alice") == "a" * 64


def test_threads_saving_at_once_keep_every_entry(tmp_path: Path) -> None:
    path = tmp_path / "keyring" / "keyring.cfg"
    stores = [_store(path) for _ in range(4)]

    def save_many(index: int) -> None:
        for i in range(40):
            stores[index].save(f"t{index}-{i}", f"{index}{i:063x}")
            assert stores[(index + 1) % 4].is_usable()

    threads = [threading.Thread(target=save_many, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert all(stores[0].load(f"t{n}-{i}") == f"{n}{i:063x}" for n in range(4) for i in range(40))


def test_every_write_replaces_the_file_whole_and_private(tmp_path: Path) -> None:
    path = tmp_path / "keyring" / "keyring.cfg"
    store = _store(path)
    store.save("alice", "a" * 64)
    first = path.stat().st_ino
    old_umask = os.umask(0o022)
    try:
        store.save("bob", "b" * 64)
        assert path.stat().st_ino != first  # a new file renamed over the old one, not rewritten in place
        store.delete("alice")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["keyring.cfg", "keyring.cfg.lock"]
    assert (store.load("alice"), store.load("bob")) == (None, "b" * 64)


def test_a_write_cut_by_a_crash_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The crash is a failed fsync of the new file: the rename never happens."""
    path = tmp_path / "keyring" / "keyring.cfg"
    store = _store(path)
    store.save("alice", "a" * 64)
    before = path.read_bytes()

    def no_disk(_fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", no_disk)
    with pytest.raises(KeyringUnavailableError, match="could not store"):
        store.save("bob", "b" * 64)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["keyring.cfg", "keyring.cfg.lock"]
    assert store.load("alice") == "a" * 64


def test_the_file_keeps_keyrings_alt_format(tmp_path: Path) -> None:
    """Files written before (by keyrings.alt itself) still read, and ours read back through it."""
    from keyrings.alt.file import PlaintextKeyring

    path = tmp_path / "keyring" / "keyring.cfg"
    backend = PlaintextKeyring()
    backend.file_path = str(path)
    backend.set_password("qenex-desktop", "old@tag", "c" * 64)
    store = _store(path)
    assert store._file is not None and store._file.get("qenex-desktop", "old@tag") == "c" * 64
    store.save("alice", "a" * 64)
    entry = store._entry("alice")
    assert backend.get_password("qenex-desktop", entry) == "a" * 64
    assert backend.get_password("qenex-desktop", "old@tag") == "c" * 64


def _cli(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [str(QENEX), "--data-dir", str(data_dir), *args]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=120)


CUTS = {
    "half": lambda text: text[: len(text) // 2],
    "in the section header": lambda text: text[:7],
    "in the token": lambda text: text[: text.index("=") + 30],
    "binary junk": lambda text: "\udcff\x00\x01[qenex" + text[:10],
}


def _logged_in_alice(config: AppConfig) -> None:
    core = make_core(config)
    try:
        core.auth.create_profile("alice", STRONG_PASSWORD)
        core.auth.login("alice", STRONG_PASSWORD)
    finally:
        core.close()


def _cut(path: Path, cut: str) -> None:
    path.write_bytes(CUTS[cut](path.read_text(encoding="utf-8")).encode("utf-8", "surrogateescape"))


@pytest.mark.parametrize("cut", ["binary junk", "in the section header", "in the token"])
def test_a_damaged_keyring_file_is_no_session_for_the_cli_and_login_rewrites_it(
    cut: str, config: AppConfig
) -> None:
    """Each of these made `qenex status` and `login` exit 3 (a different exception each)."""
    keyring_file = Path(os.environ["QENEX_KEYRING_FILE"])
    assert keyring_file == config.keyring_file
    _logged_in_alice(config)
    _cut(keyring_file, cut)

    status = _cli(config.data_dir, "--json", "status")
    assert status.returncode == 0, status.stderr
    data = json.loads(status.stdout)
    assert data["logged_in"] is False
    assert data["keyring_problem"] is not None and "unreadable" in data["keyring_problem"]
    human = _cli(config.data_dir, "status")
    assert human.returncode == 0 and "unreadable" in human.stdout and "none (qenex login)" in human.stdout

    again = _cli(config.data_dir, "login", "--username", "alice", "--password-stdin", stdin=STRONG_PASSWORD)
    assert again.returncode == 0, again.stderr
    after = json.loads(_cli(config.data_dir, "--json", "status").stdout)
    assert after["logged_in"] is True and after["keyring_problem"] is None
    assert stat.S_IMODE(keyring_file.stat().st_mode) == 0o600


@pytest.mark.parametrize("cut", sorted(CUTS))
def test_a_damaged_file_reads_as_no_session_and_the_next_login_repairs_it(
    cut: str, config: AppConfig
) -> None:
    _logged_in_alice(config)
    _cut(config.keyring_file, cut)
    core = make_core(config)
    try:
        assert core.auth.current_session() is None
        problem = core.token_store.info().problem
        assert problem is not None and "unreadable" in problem
        core.auth.login("alice", STRONG_PASSWORD)
        assert core.token_store.info().problem is None
        assert core.token_store.is_usable()
    finally:
        core.close()
    other = make_core(config)
    try:
        assert other.auth.require_session().username == "alice"
    finally:
        other.close()


def test_a_file_cut_in_its_structure_fails_the_health_probe_until_repaired(config: AppConfig) -> None:
    _logged_in_alice(config)
    config.keyring_file.write_text("[qenex_2Ddesktop]\nalice_40", encoding="utf-8")
    core = make_core(config)
    try:
        assert core.token_store.is_usable() is False  # health reports it; the next login repairs it
        core.auth.login("alice", STRONG_PASSWORD)
        assert core.token_store.is_usable()
    finally:
        core.close()

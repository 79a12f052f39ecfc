"""Which keyring holds session tokens: the user's named one, else a working OS keyring of this
platform (probed in keyring's priority order), else the plain-text file. Only this platform's OS
keyrings are imported, so the fakes stand in for them here."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import keyring.core
import pytest
from keyring.backend import KeyringBackend
from keyring.compat.py312 import metadata

from qenex_desktop.core.security import keyring_store
from qenex_desktop.core.security.keyring_store import PlaintextFile, platform_keyrings, select_backend
from tests.foundation.fake_keyrings import RefusingKeyring, WorkingKeyring

FAKES = "tests.foundation.fake_keyrings"


def _only(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """This platform's OS keyrings are the named fakes (and keyring's config file names none)."""
    monkeypatch.setitem(keyring_store.PLATFORM_KEYRINGS, sys.platform, tuple(f"{FAKES}:{n}" for n in names))


@pytest.fixture(autouse=True)
def _no_keyring_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "python_keyring" / "keyringrc.cfg"


def test_a_working_os_keyring_is_chosen_and_the_probe_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _only(monkeypatch, "AbsentKeyring", "RefusingKeyring", "WorkingKeyring")
    backend = select_backend(tmp_path / "keyring.cfg")
    assert isinstance(backend, WorkingKeyring) and not isinstance(backend, RefusingKeyring)
    assert backend.entries == {}
    assert not (tmp_path / "keyring.cfg").exists()


def test_without_a_working_os_keyring_the_plain_text_file_is_chosen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _only(monkeypatch, "AbsentKeyring", "RefusingKeyring")
    backend = select_backend(tmp_path / "keyring.cfg")
    assert backend == PlaintextFile(str(tmp_path / "keyring.cfg"))


def test_viable_os_keyrings_come_highest_priority_first(monkeypatch: pytest.MonkeyPatch) -> None:
    _only(monkeypatch, "WorkingKeyring", "AbsentKeyring", "RefusingKeyring")
    assert [type(b) for b in platform_keyrings()] == [RefusingKeyring, WorkingKeyring]


@pytest.mark.skipif(sys.platform != "linux", reason="keyring's config file lives elsewhere there")
def test_keyrings_config_file_names_the_keyring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _no_keyring_config: Path
) -> None:
    _only(monkeypatch)
    _no_keyring_config.parent.mkdir(parents=True)
    _no_keyring_config.write_text(f"[backend]\ndefault-keyring = {FAKES}.WorkingKeyring\n")
    assert isinstance(select_backend(tmp_path / "keyring.cfg"), WorkingKeyring)
    # keyrings.alt's file backends are not an OS keyring: the app's own 0600 file is used instead
    _no_keyring_config.write_text("[backend]\ndefault-keyring = keyrings.alt.file.PlaintextKeyring\n")
    assert select_backend(tmp_path / "keyring.cfg") == PlaintextFile(str(tmp_path / "keyring.cfg"))


def test_python_keyring_backend_is_used_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _only(monkeypatch)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", f"{FAKES}.RefusingKeyring")
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)  # keyring caches its choice per process
    assert isinstance(select_backend(tmp_path / "keyring.cfg"), RefusingKeyring)


def _installed_os_keyring_classes() -> set[str]:
    """Every backend class the keyring package itself ships, bar the non-keyrings."""
    modules = {
        ep.value
        for ep in metadata.entry_points(group="keyring.backends")
        if ep.value.startswith("keyring.backends.") and not ep.value.endswith(".chainer")
    }
    for module in modules:
        __import__(module)
    return {
        f"{cls.__module__}:{cls.__name__}"
        for cls in KeyringBackend._classes  # type: ignore[attr-defined]
        if cls.__module__ in modules
    }


def test_every_os_keyring_of_the_keyring_package_is_probed_on_its_platform() -> None:
    named = {spec for specs in keyring_store.PLATFORM_KEYRINGS.values() for spec in specs}
    named |= set(keyring_store._FREEDESKTOP_KEYRINGS)
    shipped = _installed_os_keyring_classes()
    assert shipped and shipped <= named
    for spec in named:  # and each named one exists (a rename in keyring would silently skip it)
        module, _, name = spec.partition(":")
        assert issubclass(getattr(importlib.import_module(module), name), KeyringBackend)


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="the freedesktop keyrings' rule")
def test_without_a_session_bus_no_freedesktop_keyring_is_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    """Secret Service finds the bus only through DBUS_SESSION_BUS_ADDRESS, and neither dbus-python
    nor PyGObject is there to find one otherwise: none can answer, so none is imported or probed."""
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setattr(keyring_store, "_BUS_FINDING_PACKAGES", ("qenex_no_such_package",))
    for name in [m for m in sys.modules if m.startswith("keyring.backends.")]:
        monkeypatch.delitem(sys.modules, name)
    assert platform_keyrings() == []
    assert not any(m.startswith("keyring.backends.") for m in sys.modules)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    platform_keyrings()  # a named bus: they are imported and asked (this one is dead)
    assert "keyring.backends.SecretService" in sys.modules

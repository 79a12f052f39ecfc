"""packaging/entry.py picks the CLI or the window by the name the bundle's one executable was started
by (``qenex`` is a symlink to ``qenex-desktop`` on Linux and macOS)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import PROJECT_ROOT


@pytest.fixture(scope="module")
def entry() -> ModuleType:
    spec = importlib.util.spec_from_file_location("qenex_entry", PROJECT_ROOT / "packaging" / "entry.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # not __main__: defines program() without starting anything
    return module


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    folder = tmp_path / "opt" / "qenex-desktop"
    folder.mkdir(parents=True)
    (folder / "qenex-desktop").write_text("")
    (folder / "qenex").symlink_to("qenex-desktop")
    return folder


def test_each_name_starts_its_program(entry: ModuleType, bundle: Path) -> None:
    assert entry.program(str(bundle / "qenex")) == "cli"
    assert entry.program(str(bundle / "qenex-desktop")) == "gui"
    assert entry.program(r"C:\Program Files\QENEX Desktop\qenex.exe".replace("\\", "/")) == "cli"
    assert entry.program("C:/Program Files/QENEX Desktop/QENEX-DESKTOP.EXE") == "gui"


def test_a_link_of_another_name_follows_the_chain_to_the_cli(entry: ModuleType, bundle: Path) -> None:
    usr_bin = bundle.parent.parent / "usr" / "bin"
    usr_bin.mkdir(parents=True)
    (usr_bin / "qenex").symlink_to(Path("..", "..", "opt", "qenex-desktop", "qenex"))
    (usr_bin / "q").symlink_to(usr_bin / "qenex")
    assert entry.program(str(usr_bin / "q")) == "cli"


def test_an_unknown_name_starts_the_window(entry: ModuleType, tmp_path: Path) -> None:
    assert entry.program(str(tmp_path / "renamed-app")) == "gui"

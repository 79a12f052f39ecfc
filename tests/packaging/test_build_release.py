"""Pieces of packaging/build_release.py that need no build: version mapping and the reuse key."""

from __future__ import annotations

import importlib.util
import subprocess
from importlib import metadata
from types import ModuleType

import pytest

from tests.conftest import PROJECT_ROOT


@pytest.fixture(scope="module")
def build_release() -> ModuleType:
    path = PROJECT_ROOT / "packaging" / "build_release.py"
    spec = importlib.util.spec_from_file_location("qenex_build_release", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("pep440", "debian", "release"),
    [
        ("0.1.0", "0.1.0", None),
        ("1.2rc1", "1.2~rc1", "1.2"),
        ("1.2.0a3", "1.2.0~a3", "1.2.0"),
        ("1.2.0b1", "1.2.0~b1", "1.2.0"),
        ("1.2.dev4", "1.2~dev4", "1.2"),
        ("1.2.post1", "1.2.post1", None),
    ],
)
def test_debian_version_sorts_pre_releases_before_the_release(
    build_release: ModuleType, pep440: str, debian: str, release: str | None
) -> None:
    assert build_release.debian_version(pep440) == debian
    if release is not None:
        compared = subprocess.run(["dpkg", "--compare-versions", debian, "lt", release])
        assert compared.returncode == 0, f"{debian} should sort before {release}"


def test_project_version_is_the_installed_metadata(build_release: ModuleType) -> None:
    assert build_release.project_version() == metadata.version("qenex-desktop")


def test_source_hash_changes_with_any_packaged_file(
    build_release: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = build_release.source_hash()
    assert build_release.source_hash() == before, "stable for unchanged sources"
    real_read_bytes = type(PROJECT_ROOT).read_bytes
    spec = PROJECT_ROOT / "packaging" / "qenex.spec"

    def edited(self: object) -> bytes:
        data = real_read_bytes(self)  # type: ignore[arg-type]
        return data + b"\n# edited" if self == spec else data

    monkeypatch.setattr(type(PROJECT_ROOT), "read_bytes", edited)
    assert build_release.source_hash() != before

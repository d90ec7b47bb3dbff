"""A run reads the spec's bytes once and hashes them once, whatever it asks of them: whether the
outputs are up to date, whether the parse cache has the spec, and the spec's data."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest

from modelgen.cli import main

SPEC = Path(__file__).resolve().parents[1] / "specs" / "assistants.yaml"


@pytest.fixture
def counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A copy of the spec, and how often its bytes were read and hashed."""
    spec = tmp_path / "spec.yaml"
    shutil.copy(SPEC, spec)
    raw = spec.read_bytes()
    counts: dict[str, Any] = {"spec": spec, "reads": 0, "hashes": 0}
    read_bytes, sha256 = Path.read_bytes, hashlib.sha256

    def counting_read(self: Path) -> bytes:
        if self.name == spec.name:
            counts["reads"] += 1
        return read_bytes(self)

    def counting_sha256(data: bytes = b"", **kwargs: Any) -> Any:
        if data == raw:
            counts["hashes"] += 1
        return sha256(data, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", counting_read)
    monkeypatch.setattr(hashlib, "sha256", counting_sha256)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return counts


def project(folder: Path, spec: Path) -> None:
    jobs = "".join(
        f'[[tool.modelgen.jobs]]\nflavour = "{f}"\noutput = "models_{f}.py"\n\n'
        for f in ("pydantic", "dataclasses", "typeddict", "msgspec")
    )
    (folder / "pyproject.toml").write_text(f'[tool.modelgen]\nspec = "{spec.name}"\nroots = ["RunObject"]\n\n{jobs}')


@pytest.mark.slow
@pytest.mark.parametrize("cache", ["cold", "warm"])
def test_four_jobs_read_and_hash_the_spec_once(counted: dict[str, Any], monkeypatch: pytest.MonkeyPatch, cache: str) -> None:
    folder = counted["spec"].parent
    project(folder, counted["spec"])
    monkeypatch.chdir(folder)
    if cache == "warm":
        assert main(["generate", "--quiet"]) == 0
        for output in folder.glob("models_*.py"):
            output.write_text(output.read_text() + "# edited\n")  # stale: every job renders again
        counted["reads"] = counted["hashes"] = 0
    assert main(["generate", "--quiet", "--force"]) == 0
    assert (counted["reads"], counted["hashes"]) == (1, 1)


def test_a_run_that_finds_everything_up_to_date_reads_it_once(counted: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    folder = counted["spec"].parent
    project(folder, counted["spec"])
    monkeypatch.chdir(folder)
    assert main(["generate", "--quiet"]) == 0
    counted["reads"] = counted["hashes"] = 0
    assert main(["generate", "--check", "--quiet"]) == 0
    assert (counted["reads"], counted["hashes"]) == (1, 1)

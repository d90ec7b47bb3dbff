"""Integrity under faults: what modelgen writes is what the files it read say, whatever happens
to the files, the parse cache or the process while it runs.

- A file saved while a run reads it: the models and the hashes in the header come from the same
  bytes, and the parse cache keeps nothing of the other version.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from modelgen.app.state import read_state
from modelgen.cli import main

SPEC = """openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string, description: The name.}
        owner: {$ref: 'common.yaml#/Owner'}
"""
COMMON = "Owner:\n  type: object\n  properties:\n    {field}: {{type: string}}\n"
OVERLAY = """overlay: 1.0.0
info: {{title: fix, version: '1'}}
actions:
- target: $.components.schemas.Pet.properties.name
  update: {{description: {text}}}
"""
PYPROJECT = """[tool.modelgen]
spec = "api.yaml"
overlays = ["fix.yaml"]

[[tool.modelgen.jobs]]
flavour = "pydantic"
output = "models.py"
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "api.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "common.yaml").write_text(COMMON.format(field="first"), encoding="utf-8")
    (tmp_path / "fix.yaml").write_text(OVERLAY.format(text="One."), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path


def saved_during_the_run(monkeypatch: pytest.MonkeyPatch, path: Path, text: str) -> None:
    """``path`` gets ``text`` right after the run first reads it (an editor saving it then)."""
    read_bytes = Path.read_bytes

    def reading(self: Path) -> bytes:
        data = read_bytes(self)
        if self.name == path.name and path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        return data

    monkeypatch.setattr(Path, "read_bytes", reading)


def generated(project: Path, *args: str) -> str:
    assert main(["generate", "--quiet", *args]) == 0
    return (project / "models.py").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("fix.yaml", OVERLAY.format(text="One."), OVERLAY.format(text="Two.")),
        ("common.yaml", COMMON.format(field="first"), COMMON.format(field="second")),
        ("api.yaml", SPEC, SPEC.replace("type: object", "type: object\n      description: A pet.", 1)),
    ],
)
def test_a_file_saved_during_a_run_gives_one_version_whole(
    project: Path, monkeypatch: pytest.MonkeyPatch, name: str, old: str, new: str
) -> None:
    """The models and the header's hashes come from the same bytes; the cache is not poisoned:
    the next runs give each version's models for that version."""
    with monkeypatch.context() as patch:
        saved_during_the_run(patch, project / name, new)
        text = generated(project, "--force")
    state = read_state(text)
    assert state is not None
    (project / name).write_text(old, encoding="utf-8")
    old_module = generated(project, "--no-cache", "--force")
    (project / name).write_text(new, encoding="utf-8")
    new_module = generated(project, "--no-cache", "--force")
    assert text in (old_module, new_module), "one version's models under the other's hashes"
    for version, module in ((old, old_module), (new, new_module), (old, old_module)):
        (project / name).write_text(version, encoding="utf-8")
        assert generated(project) == module, "the parse cache gave another version's models"


def test_every_file_a_run_reads_is_read_once(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The spec, the file it refers to and the overlay: once each, to judge the output, find the
    spec in the cache, parse it and hash it."""
    assert main(["generate", "--quiet"]) == 0
    (project / "models.py").write_text((project / "models.py").read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    reads: dict[str, int] = {}
    read_bytes = Path.read_bytes

    def counting(self: Path) -> bytes:
        reads[self.name] = reads.get(self.name, 0) + 1
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    for cache in ("--no-cache", None):  # parsed, then found in the cache
        reads.clear()
        assert main(["generate", "--quiet", "--force", *([cache] if cache else [])]) == 0
        assert {name: reads.get(name) for name in ("api.yaml", "common.yaml", "fix.yaml")} == {
            "api.yaml": 1, "common.yaml": 1, "fix.yaml": 1
        }, cache

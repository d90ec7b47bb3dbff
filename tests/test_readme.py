"""The README's examples of output are the real output."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.support import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
GENERATED = "\n".join(
    p.read_text(encoding="utf-8") for p in sorted([*(REPO / "generated").glob("*.py"), *(REPO / "tests" / "cases").glob("*/*_*.py")])
)


def test_python_excerpts_are_generated_text() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    excerpts = [b for b in blocks if "payload" not in b]
    assert len(excerpts) >= 6
    for block in excerpts:
        assert block in GENERATED, block[:200]


@pytest.mark.parametrize("page", [REPO / "docs" / "naming.md"], ids=lambda p: p.name)
def test_python_excerpts_of_the_docs_are_generated_text(page: Path) -> None:
    """The pages whose examples are all output (other pages may show code to write)."""
    blocks = re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.S)
    assert blocks, "a page shows real output"
    for block in blocks:
        assert block in GENERATED, block[:200]


def test_two_commands_are_documented() -> None:
    assert "make generate" in README and "make test" in README


def test_the_overlay_shown_is_the_shipped_one() -> None:
    shown = [b for b in re.findall(r"```yaml\n(.*?)```", README, flags=re.S) if "modelgen check-payloads" in b]
    assert shown == [(REPO / "specs" / "assistants.fixes.yaml").read_text(encoding="utf-8")]


def test_the_check_payloads_report_shown_is_its_output(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from modelgen.cli import main

    (block,) = [b for b in re.findall(r"```text\n(.*?)```", README, flags=re.S) if b.startswith("$ modelgen check-payloads")]
    command, expected = block.split("\n", 1)
    monkeypatch.chdir(REPO)
    assert main(shlex.split(command.removeprefix("$ modelgen "))) == 1
    assert capsys.readouterr().out == expected


def test_the_changelog_shown_is_the_golden_one() -> None:
    assert (REPO / "tests" / "history" / "assistants.changes.md").read_text(encoding="utf-8") in README


def test_the_diagram_shown_is_the_graph_commands_output(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from modelgen.cli import main

    (block,) = re.findall(r"```mermaid\n(.*?)```", README, flags=re.S)
    monkeypatch.chdir(REPO)
    assert main(["graph", "specs/assistants.yaml", "--root", "RunObject"]) == 0
    assert capsys.readouterr().out == block

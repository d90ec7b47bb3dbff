"""The README's examples of output are the real output."""

from __future__ import annotations

import re

from tests.support import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
GENERATED = "\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "generated").glob("*.py")))


def test_python_excerpts_are_generated_text() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    excerpts = [b for b in blocks if "payload" not in b]
    assert len(excerpts) >= 6
    for block in excerpts:
        assert block in GENERATED, block[:200]


def test_two_commands_are_documented() -> None:
    assert "make generate" in README and "make test" in README

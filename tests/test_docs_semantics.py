"""docs/semantics.md: its examples of output are the real output, and it names every reason the
expected-disagreement lists give."""

from __future__ import annotations

import re

from tests.json_schema_suite_policy import REASONS as SUITE_REASONS
from tests.openai_differential import REASONS as OPENAI_REASONS
from tests.support import REPO

PAGE = (REPO / "docs" / "semantics.md").read_text(encoding="utf-8")
GENERATED = "\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "tests" / "cases").glob("*/*_*.py")))


def test_python_excerpts_are_generated_text() -> None:
    blocks = re.findall(r"```python\n(.*?)```", PAGE, flags=re.S)
    assert len(blocks) >= 5
    for block in blocks:
        assert block in GENERATED, block[:200]


def test_every_reason_is_documented() -> None:
    for reason in {*SUITE_REASONS, *OPENAI_REASONS}:
        assert f"**{reason}**" in PAGE, reason

"""docs/semantics.md names every reason the expected-disagreement lists give (that its examples of
output are the real output, test_readme checks, as for every page)."""

from __future__ import annotations

from tests.json_schema_suite_policy import REASONS as SUITE_REASONS
from tests.openai_differential import REASONS as OPENAI_REASONS
from tests.support import REPO

PAGE = (REPO / "docs" / "semantics.md").read_text(encoding="utf-8")


def test_every_reason_is_documented() -> None:
    for reason in {*SUITE_REASONS, *OPENAI_REASONS}:
        assert f"**{reason}**" in PAGE, reason

"""Regenerating after spec updates: OpenAI's spec edited step by step (tests/spec_history.py).
The changelog shows each edit and nothing else, and the regenerated module's diff holds only
the edit: no definition moves or is renamed without a reason in the spec."""

from __future__ import annotations

import pytest

from tests.openai_spec import spec_path
from tests.spec_history import STEPS, Step, run_history, shown

pytestmark = pytest.mark.slow  # the history is run once for the module: about 20 s


@pytest.fixture(scope="module")
def steps() -> list[Step]:
    return run_history(spec_path())


@pytest.mark.parametrize("index", range(len(STEPS)), ids=[label for label, _, _ in STEPS])
def test_the_changelog_shows_the_edit_and_nothing_else(steps: list[Step], index: int) -> None:
    assert shown(steps[index]) == steps[index].expected


def test_no_definition_moves_or_is_renamed_without_a_reason(steps: list[Step]) -> None:
    assert sum(s.changed_lines for s in steps) > 50
    assert sum(s.noise_lines for s in steps) == 0
    assert not [c for s in steps for c in s.changelog.changes if c.kind == "class renamed"]

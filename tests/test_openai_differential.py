"""Every component schema of OpenAI's spec, in every flavour, against `jsonschema`: valid
instances generated from each schema are accepted and written back, and a mutation of each (a
required key dropped, a value of another JSON type) is rejected, except where a listed reason
explains the disagreement (tests/openai_differential.py). A reason for an open fault must still
happen, so that the list shrinks when the fault is fixed.

The budget is small in `make test` (HYPOTHESIS_PROFILE=ci, the default); `make fuzz` runs more.
``python -m tests.openai_differential [EXAMPLES]`` prints the agreement per flavour.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.openai_check import generate_modules, import_modules
from tests.openai_differential import REASONS, measure

pytestmark = pytest.mark.slow

EXAMPLES = {"ci": 2, "fuzz": 20}[os.environ.get("HYPOTHESIS_PROFILE", "ci")]


def test_flavours_agree_with_the_validator_on_every_openai_component(tmp_path: Path) -> None:
    modules = import_modules(generate_modules(tmp_path))
    counts, reasons, unexplained = measure(modules, EXAMPLES)
    assert not unexplained, [(f, name, how, str(payload)[:200]) for f, name, how, payload in unexplained[:10]]
    assert {why for _, why in reasons} <= set(REASONS)
    still_open = {why for why in REASONS if REASONS[why].startswith("OPEN")}
    assert still_open <= {why for _, why in reasons}, "an open fault no longer shows: remove its reason"
    assert all(c["agree"] for c in counts.values())

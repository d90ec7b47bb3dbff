"""Generated text equals the reviewed golden files, byte for byte (`make goldens` rewrites them).

Every comparison renders the case afresh: the up-to-date shortcut, which returns a file whose
header says it is current, would otherwise compare the golden file with itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from modelgen.flavours import NAMES as FLAVOURS
from modelgen.app.pipeline import generate
from modelgen.render import module
from modelgen.app.state import same_output
from modelgen.app.write import read_existing
from tests.support import PACKAGE_CASES, case_names, golden_path, package_path, project_jobs, render_case, render_package


@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize("case", case_names())
def test_case_matches_golden(case: str, flavour: str) -> None:
    expected = golden_path(case, flavour).read_text(encoding="utf-8")
    assert render_case(case, flavour) == expected, f"run `make goldens` and review the diff of {case}/{flavour}"


@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize("case", PACKAGE_CASES)
def test_package_matches_golden(case: str, flavour: str) -> None:
    """A case rendered as a package: the same files, each byte for byte."""
    rendered = render_package(case, flavour)
    folder = package_path(case, flavour)
    assert sorted(rendered) == sorted(folder.glob("*.py")), f"run `make goldens` and review the diff of {folder.name}"
    for path, text in rendered.items():
        assert path.read_text(encoding="utf-8") == text, f"run `make goldens` and review the diff of {path}"


@pytest.mark.slow
def test_every_golden_comparison_runs_the_renderer(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real: Callable[..., Any] = module.render_module

    def counting(flavour: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(flavour)
        return real(flavour, *args, **kwargs)

    monkeypatch.setattr(module, "render_module", counting)
    for case in case_names():
        for flavour in FLAVOURS:
            render_case(case, flavour)
    assert len(calls) == len(case_names()) * len(FLAVOURS)


def test_generated_folder_is_up_to_date() -> None:
    outputs = generate(project_jobs(), reuse=False).outputs
    assert len(outputs) == 2 * len(FLAVOURS)  # the assistants, and RunObject read tolerantly
    stale = [str(path) for path, text in outputs.items() if not same_output(read_existing(path), text)]
    assert not stale, f"generated/ is stale, run `make generate`: {stale}"


def test_every_case_has_payloads() -> None:
    for case in case_names():
        assert (golden_path(case, "pydantic").parent / "payloads.yaml").is_file(), case

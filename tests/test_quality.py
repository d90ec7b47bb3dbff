"""Output quality: black- and ruff-format-stable as emitted, ruff, mypy --strict and pyright strict clean, deterministic, Python 3.10 syntax."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import black
import pytest

from modelgen.flavours import NAMES as FLAVOURS
from modelgen.app.state import body_digest, current_spec_digest, read_state
from tests.support import REPO, case_names, import_file, pyright_strict, rendered_files, ruff

GOLDENS = sorted(rendered_files().values())


def test_there_are_goldens() -> None:
    assert len(GOLDENS) == (len(case_names()) + 2) * len(FLAVOURS)  # and the two jobs of generated/


@pytest.mark.external
@pytest.mark.parametrize("path", GOLDENS, ids=lambda p: p.name)
def test_black_leaves_it_unchanged(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert black.format_str(source, mode=black.Mode()) == source


@pytest.mark.parametrize("path", GOLDENS, ids=lambda p: p.name)
def test_parses_as_python_3_10_and_imports(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    ast.parse(source, feature_version=(3, 10))
    module = import_file(path)
    declared = re.findall(r"^(?:class (\w+)|(\w+): TypeAlias)", source, flags=re.M)
    assert declared, "the module declares something"
    for names in declared:
        assert hasattr(module, names[0] or names[1]), names


@pytest.mark.slow
@pytest.mark.external
def test_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--no-incremental", *map(str, GOLDENS)],
        capture_output=True, text=True, cwd=REPO, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"no issues found in {len(GOLDENS)} source files" in result.stdout


@pytest.mark.slow
@pytest.mark.external
def test_pyright_strict(tmp_path: Path) -> None:
    result = pyright_strict(GOLDENS, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings" in result.stdout


GOLDEN_ALIASES = REPO / "tests" / "cases" / "aliases" / "aliases_pydantic.py"
USING_ALIASES = """from aliases_pydantic import Message

message = Message(from_=1, class_="c", content_type="t", id="i", field_2fa=True, schema_="s", str_="x", type="y")
assert message.model_dump()["from"] == 1
"""


@pytest.mark.external
def test_pydantic_fields_with_a_wire_name_are_made_by_their_attribute_names(tmp_path: Path) -> None:
    # with alias=, type checkers took the wire name as the constructor's parameter: a required
    # `from` could not be given at all in checked code
    usage = tmp_path / "usage.py"
    usage.write_text(USING_ALIASES, encoding="utf-8")
    shutil.copy(GOLDEN_ALIASES, tmp_path)
    subprocess.run([sys.executable, str(usage)], cwd=tmp_path, check=True)
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-version", "3.10", "usage.py"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    result = pyright_strict([usage], tmp_path)
    assert "0 errors" in result.stdout, result.stdout + result.stderr


@pytest.mark.external
def test_ruff_check_and_ruff_format_leave_it_unchanged() -> None:
    checked = ruff(GOLDENS)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    formatted = ruff(GOLDENS, format_check=True)
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr


@pytest.mark.slow
@pytest.mark.external
def test_the_generator_itself_passes_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "generator"],  # strict, 3.10: pyproject
        capture_output=True, text=True, cwd=REPO, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues found" in result.stdout


@pytest.mark.slow
def test_same_bytes_for_any_hash_seed(tmp_path: Path) -> None:
    outputs = []
    spec = REPO / "specs" / "assistants.yaml"
    for seed in ("1", "2"):
        workdir = tmp_path / seed
        workdir.mkdir()
        env = dict(os.environ, PYTHONHASHSEED=seed)
        for flavour in ("dataclasses", "pydantic", "typeddict"):
            subprocess.run(
                [sys.executable, "-m", "modelgen", "generate", str(spec), "--flavour", flavour, "--output", f"models_{flavour}.py"],
                cwd=workdir, env=env, check=True, capture_output=True,
            )
        outputs.append([(workdir / f"models_{f}.py").read_bytes() for f in ("dataclasses", "pydantic", "typeddict")])
    assert outputs[0] == outputs[1]
    assert b"class RunObject" in outputs[0][0]


def test_header_states_provenance_without_timestamps() -> None:
    text = (REPO / "generated" / "assistants_pydantic.py").read_text(encoding="utf-8")
    header = text.split("\n\n", 1)[0]
    assert "# Generated by modelgen 0.1.0 (pydantic) from assistants.yaml." in header
    assert "Roots: RunObject, RunStepObject, ThreadObject, MessageObject, AssistantObject." in header
    assert "regenerate with `modelgen generate`" in header
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{2}:\d{2}", header)
    state = read_state(text)
    assert state is not None
    assert state.spec == current_spec_digest(REPO / "specs" / "assistants.yaml", ())
    assert state.body == body_digest(text.split("\n\n", 1)[1])

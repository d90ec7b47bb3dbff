"""What the tests share: where the cases are, how a case is generated, how a module is imported."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from modelgen.app.config import Job, _job, read_pyproject
from modelgen.render.options import Options
from modelgen.flavours import NAMES as FLAVOURS
from modelgen.flavours import TAKE_BASE_CLASS
from modelgen.app.pipeline import generate

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "tests" / "cases"


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def case_spec(case: str) -> Path:
    (spec,) = [p for p in (CASES / case).iterdir() if p.stem == "spec"]
    return spec


def golden_path(case: str, flavour: str) -> Path:
    """Expected output beside the case's spec; the case name keeps module names unique for mypy."""
    return CASES / case / f"{case}_{flavour}.py"


def case_options(case: str) -> dict[str, Any]:
    """How a case is generated, from its options.yaml (as a job of [tool.modelgen] would be)."""
    path = CASES / case / "options.yaml"
    if not path.is_file():
        return {}
    from modelgen.yaml_events import load_yaml

    options: dict[str, Any] = load_yaml(path.read_text(encoding="utf-8"))
    return options


def case_job(case: str, flavour: str) -> Job:
    spec = case_spec(case).relative_to(REPO).as_posix()
    output = golden_path(case, flavour).relative_to(REPO).as_posix()
    chosen = case_options(case)
    options = {key: value for key, value in chosen.items() if key in Options.KEYS}
    if flavour not in TAKE_BASE_CLASS:
        options.pop("base-class", None)  # as for every job of [tool.modelgen]: it means the Pydantic ones
    return _job(
        spec, flavour, output, list(chosen.get("roots", ())), base=REPO, command=None, reading=chosen.get("reading", "exact"),
        options=Options.parse(options, CASES / case), operations=chosen.get("operations", ()), tags=chosen.get("tags", ()),
    )


def render_case(case: str, flavour: str) -> str:
    """The case's module as the generator writes it now: always rendered, never read back from
    the golden file (the up-to-date shortcut would otherwise return the file itself)."""
    job = case_job(case, flavour)
    return generate((job,), reuse=False).outputs[job.output]


PACKAGES = REPO / "tests" / "packages"
# Cases also rendered as packages (an output without .py), beside tests/packages/spec.yaml ("pets"),
# whose models fall into several groups and refer to each other across them; and "options", whose
# options change the base classes.
PACKAGE_CASES = ("pets", "operations", "recursion", "options")


def package_path(case: str, flavour: str) -> Path:
    """The committed package of a case in ``flavour`` (each under its own name, for mypy)."""
    return PACKAGES / f"{case}_{flavour}"


def package_job(case: str, flavour: str) -> Job:
    """The case's job with a package as its output."""
    output = package_path(case, flavour).relative_to(REPO).as_posix()
    if case == "pets":
        spec = (PACKAGES / "spec.yaml").relative_to(REPO).as_posix()
        return _job(spec, flavour, output, [], base=REPO, command=None)
    job = case_job(case, flavour)
    return _job(
        case_spec(case).relative_to(REPO).as_posix(), flavour, output, [], base=REPO, command=None, reading=job.reading,
        options=job.options, operations=job.operations, tags=job.tags,
    )


def render_package(case: str, flavour: str) -> dict[Path, str]:
    """Every file of the case's package as the generator writes it now (never read back)."""
    return generate((package_job(case, flavour),), reuse=False).outputs


def project_jobs() -> tuple[Job, ...]:
    """The jobs `make generate` runs: specs/ → generated/."""
    return read_pyproject(REPO / "pyproject.toml")[0]


@cache
def rendered_files() -> dict[Path, Path]:
    """Every golden file (cases and generated/), freshly rendered into a folder of this test run:
    golden path → rendered path. Quality and behaviour tests check these, so they test what the
    generator writes now; test_goldens checks that it equals what is committed."""
    folder = Path(tempfile.mkdtemp(prefix="modelgen-rendered-"))
    found: dict[Path, Path] = {}
    for case in case_names():
        for flavour in FLAVOURS:
            golden = golden_path(case, flavour)
            found[golden] = folder / golden.name
            found[golden].write_text(render_case(case, flavour), encoding="utf-8")
    outputs = generate(project_jobs(), reuse=False).outputs
    for path, text in sorted(outputs.items()):
        found[path] = folder / path.name
        found[path].write_text(text, encoding="utf-8")
    return found


def case_module(case: str, flavour: str) -> ModuleType:
    """The case's module in ``flavour``, freshly rendered, imported."""
    return import_file(rendered_files()[golden_path(case, flavour)])


@cache
def import_file(path: Path) -> ModuleType:
    """Import a generated module from its file (each under a unique name)."""
    name = "generated_" + path.stem
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def pyright_strict(paths: list[Path], config_dir: Path) -> subprocess.CompletedProcess[str]:
    """pyright in strict mode for Python 3.10, against this environment's packages, offline."""
    config = config_dir / "pyrightconfig.json"
    # (the repository is on the path, as a user's own base class is: the option base-class)
    config.write_text(
        json.dumps({"typeCheckingMode": "strict", "pythonVersion": "3.10", "extraPaths": [str(REPO)]}), encoding="utf-8"
    )
    env = dict(os.environ, PYRIGHT_PYTHON_IGNORE_WARNINGS="1")  # no look-up of a newer version
    return subprocess.run(
        [sys.executable, "-m", "pyright", "--pythonpath", sys.executable, "-p", str(config), *map(str, paths)],
        capture_output=True, text=True, cwd=REPO, check=False, env=env,
    )


RUFF_RULES = "E,F,W,I,UP,B"


def ruff(paths: list[Path], *, format_check: bool = False) -> subprocess.CompletedProcess[str]:
    """``ruff check`` with the rules users run (E, F, W, I, UP, B) at black's line length, or
    ``ruff format --check``, for Python 3.10."""
    command = ["format", "--check"] if format_check else ["check", "--select", RUFF_RULES, "--output-format", "concise"]
    return subprocess.run(
        [sys.executable, "-m", "ruff", *command, "--line-length", "88", "--target-version", "py310", "--no-cache", *map(str, paths)],
        capture_output=True, text=True, cwd=REPO, check=False,
    )

"""The pre-commit hooks, run by the real `pre-commit` program in a throw-away git repository.

The hook is taken from this repository's .pre-commit-hooks.yaml. pre-commit would install a
`language: python` hook into a virtualenv of its own from the package index; here it runs as a
`language: system` hook with the modelgen installed beside the tests, so no network is needed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support import REPO

BIN = Path(sys.executable).parent


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}", PRE_COMMIT_HOME=str(cwd.parent / "pre-commit-home"))
    env.pop("PRE_COMMIT", None)
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args], cwd)


pytestmark = pytest.mark.external  # the real pre-commit and git


def test_manifest_and_config_are_valid() -> None:
    assert run([str(BIN / "pre-commit"), "validate-manifest", ".pre-commit-hooks.yaml"], REPO).returncode == 0
    assert run([str(BIN / "pre-commit"), "validate-config", ".pre-commit-config.yaml"], REPO).returncode == 0


@pytest.mark.slow
def test_commit_refused_until_models_are_regenerated(tmp_path: Path) -> None:
    repo = tmp_path / "project"
    repo.mkdir()
    shutil.copy(REPO / "specs" / "assistants.yaml", repo / "api.yaml")
    (repo / "pyproject.toml").write_text(
        '[tool.modelgen]\nspec = "api.yaml"\nroots = ["RunObject"]\n\n'
        '[[tool.modelgen.jobs]]\nflavour = "pydantic"\noutput = "models.py"\n',
        encoding="utf-8",
    )
    (hook,) = [h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text()) if h["id"] == "modelgen-check"]
    local = dict(hook, language="system")
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]}), encoding="utf-8")
    assert git(repo, "init", "-q").returncode == 0
    assert run(["modelgen", "generate", "--quiet"], repo).returncode == 0
    assert run([str(BIN / "pre-commit"), "install"], repo).returncode == 0
    git(repo, "add", ".")
    first = git(repo, "commit", "-q", "-m", "models")
    assert first.returncode == 0, first.stdout + first.stderr

    spec = repo / "api.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("Identifier of the run, usable in API paths.", "The run's ID."), encoding="utf-8")
    git(repo, "add", "api.yaml")
    refused = git(repo, "commit", "-q", "-m", "spec only")
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "models.py: stale: the spec changed (the selected schemas)" in output
    assert '+    """The run\'s ID."""' in output

    assert run(["modelgen", "generate", "--quiet"], repo).returncode == 0
    git(repo, "add", ".")
    accepted = git(repo, "commit", "-q", "-m", "spec and models")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr

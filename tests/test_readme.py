"""The README's and the docs' examples are real: output shown is the real output, and code shown
to run runs.

A fenced block may be preceded by a marker, an HTML comment (invisible when rendered):
``<!-- test: run -->`` runs a ``python`` block (in the repository's folder); ``<!-- test: sketch -->``
leaves a block unchecked (code around a payload the page does not give); the ``quickstart``
markers tie the README's 30-second example together (spec, command, output, use). A ``python``
block without a marker is an excerpt of generated code: it must be in a generated module.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import REPO

PAGES = {path.relative_to(REPO).as_posix(): path.read_text(encoding="utf-8") for path in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]}
README = PAGES["README.md"]
ALL = "\n".join(PAGES.values())
GENERATED = "\n".join(
    p.read_text(encoding="utf-8")
    for p in sorted([*(REPO / "generated").glob("*.py"), *(REPO / "tests" / "cases").glob("*/*_*.py"), *(REPO / "tests" / "packages").glob("*/*.py")])
)
BLOCK = re.compile(r"(?:<!-- test: ([a-z -]+) -->\n)?```(\w*)\n(.*?)```", flags=re.S)


def blocks(language: str, text: str = ALL) -> list[tuple[str | None, str]]:
    """The fenced blocks of ``language``: each with its marker (None without one) and its text."""
    return [(marker, body) for marker, lang, body in BLOCK.findall(text) if lang == language for marker in [marker or None]]


def marked(marker: str) -> str:
    (body,) = [body for m, _, body in BLOCK.findall(ALL) if m == marker]
    return body


def test_python_excerpts_are_generated_text() -> None:
    excerpts = [body for marker, body in blocks("python") if marker is None]
    assert len(excerpts) >= 20
    for block in excerpts:
        assert block in GENERATED, block[:200]


@pytest.mark.parametrize("index", range(len([1 for marker, _ in blocks("python") if marker == "run"])))
def test_python_shown_to_run_runs(index: int, monkeypatch: pytest.MonkeyPatch) -> None:
    code = [body for marker, body in blocks("python") if marker == "run"][index]
    monkeypatch.chdir(REPO)
    exec(compile(code, f"<docs python block {index}>", "exec"), {"__name__": "__docs__"})


def test_the_quickstart_is_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from modelgen.cli import main

    (tmp_path / "petshop.yaml").write_text(marked("quickstart spec"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    command = shlex.split(marked("quickstart command"))
    assert command[:2] == ["modelgen", "generate"]
    assert main(command[1:]) == 0
    module = (tmp_path / "models.py").read_text(encoding="utf-8")
    assert marked("quickstart output") in module
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "models", raising=False)
    try:
        exec(compile(marked("quickstart use"), "<quickstart>", "exec"), {"__name__": "__docs__"})
    finally:
        sys.modules.pop("models", None)


def test_the_config_errors_shown_are_the_real_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from modelgen.cli import main

    (tmp_path / "pyproject.toml").write_text(marked("config errors"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == 2
    assert capsys.readouterr().err == marked("config errors output")


def test_every_page_is_linked_from_the_readme() -> None:
    for page in PAGES:
        if page != "README.md":
            assert f"]({page})" in README, page


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation but '-' and '_' dropped, spaces to '-'."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(text: str) -> set[str]:
    outside_fences = re.sub(r"```.*?```", "", text, flags=re.S)
    return {github_anchor(h) for h in re.findall(r"^#+ (.*)$", outside_fences, flags=re.M)}


def test_links_between_pages_lead_somewhere() -> None:
    checked = 0
    for page, text in PAGES.items():
        prose = re.sub(r"```.*?```", "", text, flags=re.S)
        for target in re.findall(r"\]\(([^)\s]+)\)", prose):
            if "://" in target:
                continue
            file, _, anchor = target.partition("#")
            path = (REPO / page).parent / file if file else REPO / page
            assert path.exists(), f"{page}: {target}"
            if anchor:
                assert anchor in anchors(path.read_text(encoding="utf-8")), f"{page}: {target}"
            checked += 1
    assert checked >= 40


def test_the_readme_is_short_and_keeps_to_the_user() -> None:
    assert len(README.splitlines()) <= 400
    assert "```mermaid" not in README
    for command in ("make generate", "make test", "make test-fast"):
        assert command in README.split("## Contributing")[1]


def test_no_example_renders_as_a_heading() -> None:
    for page, text in PAGES.items():
        outside_fences = re.sub(r"```.*?```", "", text, flags=re.S)
        assert "### Model changes" not in outside_fences, page


def test_the_overlay_shown_is_the_shipped_one() -> None:
    shown = [body for _, body in blocks("yaml") if "modelgen check-payloads" in body]
    assert shown == [(REPO / "specs" / "assistants.fixes.yaml").read_text(encoding="utf-8")]


def test_the_check_payloads_report_shown_is_its_output(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from modelgen.cli import main

    (block,) = [body for _, body in blocks("text") if body.startswith("$ modelgen check-payloads")]
    command, expected = block.split("\n", 1)
    monkeypatch.chdir(REPO)
    assert main(shlex.split(command.removeprefix("$ modelgen "))) == 1
    assert capsys.readouterr().out == expected


def test_the_errors_shown_are_the_real_ones(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from modelgen.cli import main

    shown = [body for _, body in blocks("text") if body.startswith("$ modelgen generate tests/bad_specs/")]
    assert len(shown) >= 2
    monkeypatch.chdir(REPO)
    for block in shown:
        command, expected = block.split("\n", 1)
        assert main([*shlex.split(command.removeprefix("$ modelgen ")), "--no-cache"]) == 2
        errors = [line for line in capsys.readouterr().err.splitlines(keepends=True) if not line.startswith("modelgen: ")]
        assert "".join(errors) == expected


def test_the_changelog_shown_is_the_golden_one() -> None:
    assert (REPO / "tests" / "history" / "assistants.changes.md").read_text(encoding="utf-8") in ALL


def test_the_diagram_shown_is_the_graph_commands_output(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from modelgen.cli import main

    ((_, block),) = blocks("mermaid")
    monkeypatch.chdir(REPO)
    assert main(["graph", "specs/assistants.yaml", "--root", "RunObject"]) == 0
    assert capsys.readouterr().out == block


@pytest.mark.external
def test_the_ruff_exclude_shown_keeps_generated_modules_out_of_ruffs_defaults(tmp_path: Path) -> None:
    (shown,) = [body for _, body in blocks("toml") if "[tool.ruff]" in body]
    module = tmp_path / "src" / "myapp" / "openai_models.py"
    module.parent.mkdir(parents=True)
    module.write_text((REPO / "generated" / "assistants_dataclasses.py").read_text(encoding="utf-8"), encoding="utf-8")

    def ruff_check(config: str) -> subprocess.CompletedProcess[str]:
        (tmp_path / "pyproject.toml").write_text(config, encoding="utf-8")
        ruff = [sys.executable, "-m", "ruff", "check", "--no-cache", "."]
        return subprocess.run(ruff, cwd=tmp_path, capture_output=True, text=True, check=False)

    assert ruff_check("[tool.ruff]\n").returncode == 1, "ruff's default rules flag a generated module"
    result = ruff_check(shown)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.external
def test_the_install_commands_shown_install_from_a_local_clone(tmp_path: Path) -> None:
    """The README's install lines for a local clone, with the pip of this environment, offline
    (no dependencies, no build isolation: what is installed here builds it)."""
    install = README.split("## Install", 1)[1].split("\n## ", 1)[0]
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    local = [line for _, body in blocks("sh", install) for line in body.splitlines() if "/path/to/modelgen" in line]
    git_file = re.findall(r'`"(modelgen\[runtime\] @ git\+file:///path/to/modelgen@COMMIT)"`', install)
    assert len(local) == 1 and len(git_file) == 1
    for n, requirement in enumerate([shlex.split(local[0])[2], git_file[0]]):
        requirement = requirement.replace("/path/to/modelgen", str(REPO)).replace("COMMIT", commit)
        target = tmp_path / str(n)
        pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--target", str(target), requirement]
        result = subprocess.run(pip, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        assert (target / "modelgen" / "templates" / "pydantic" / "model.jinja").is_file()

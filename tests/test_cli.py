"""The command line contract: config jobs, --check, exit codes, entry points, packaging."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from modelgen.cli import main
from tests.support import REPO

SPEC = REPO / "specs" / "assistants.yaml"


def make_project(tmp_path: Path) -> Path:
    (tmp_path / "specs").mkdir()
    shutil.copy(SPEC, tmp_path / "specs" / "api.yaml")
    (tmp_path / "pyproject.toml").write_text(
        """
[tool.modelgen]
spec = "specs/api.yaml"
roots = ["RunObject"]

[[tool.modelgen.jobs]]
flavour = "pydantic"
output = "models/run_pydantic.py"

[[tool.modelgen.jobs]]
flavour = "typeddict"
output = "models/run_typeddict.py"
roots = ["ThreadObject"]
""",
        encoding="utf-8",
    )
    return tmp_path


def test_config_jobs_then_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path)
    monkeypatch.chdir(project)
    assert main(["generate"]) == 0
    pydantic_module = (project / "models" / "run_pydantic.py").read_text(encoding="utf-8")
    typeddict_module = (project / "models" / "run_typeddict.py").read_text(encoding="utf-8")
    assert "class RunObject(_Base):" in pydantic_module and "class ThreadObject" not in pydantic_module
    assert "class ThreadObject(TypedDict):" in typeddict_module and "class RunObject" not in typeddict_module
    assert "2 modules," in capsys.readouterr().err

    mtime = (project / "models" / "run_pydantic.py").stat().st_mtime_ns
    assert main(["generate", "--check"]) == 0
    assert main(["generate"]) == 0
    assert (project / "models" / "run_pydantic.py").stat().st_mtime_ns == mtime, "unchanged outputs are not rewritten"
    capsys.readouterr()

    spec = project / "specs" / "api.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("Identifier of the run, usable in API paths.", "The run's ID."), encoding="utf-8")
    before = (project / "models" / "run_pydantic.py").read_bytes()
    assert main(["generate", "--check"]) == 1
    captured = capsys.readouterr()
    assert "models/run_pydantic.py: stale" in captured.err
    assert '-    """Identifier of the run, usable in API paths."""' in captured.out
    assert '+    """The run\'s ID."""' in captured.out
    assert (project / "models" / "run_pydantic.py").read_bytes() == before, "--check writes nothing"


def test_check_reports_missing_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "m.py"
    assert main(["generate", str(SPEC), "--flavour", "pydantic", "--output", str(out), "--check"]) == 1
    assert not out.exists()
    assert "+++" in capsys.readouterr().out


def test_roots_select_the_closure(tmp_path: Path) -> None:
    out = tmp_path / "m.py"
    assert main(["generate", str(SPEC), "--flavour", "typeddict", "--output", str(out), "--root", "TruncationObject"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "class TruncationObject(TypedDict):" in text and "TruncationObjectType" in text
    assert "RunObject" not in text


def test_config_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == 2
    assert "no pyproject.toml with [tool.modelgen] in" in capsys.readouterr().err
    assert main(["generate", "--config", "elsewhere.toml"]) == 2
    assert "elsewhere.toml: not found" in capsys.readouterr().err
    (tmp_path / "pyproject.toml").write_text('[[tool.modelgen.jobs]]\nflavour = "attrs"\nspec = "a.yaml"\noutput = "m.py"\n', encoding="utf-8")
    assert main(["generate"]) == 2
    assert "unknown flavour 'attrs'" in capsys.readouterr().err


def test_entry_points(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "modelgen"
    assert script.exists(), "the console script is installed"
    for command in ([str(script)], [sys.executable, "-m", "modelgen"]):
        out = tmp_path / "m.py"
        result = subprocess.run([*command, "generate", str(SPEC), "--flavour", "dataclasses", "--output", str(out)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        assert "class RunObject(_Model):" in out.read_text(encoding="utf-8")
        out.unlink()


@pytest.mark.slow
@pytest.mark.external
def test_non_editable_wheel_ships_templates(tmp_path: Path) -> None:
    """Build the wheel as `pip install .` would, unpack it, and generate from it."""
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path / "dist"), str(REPO)],
        capture_output=True, text=True, check=False,
    )
    assert build.returncode == 0, build.stderr
    assert "Warning" not in build.stderr, build.stderr  # e.g. a folder of templates missing from `packages`
    (wheel,) = (tmp_path / "dist").glob("modelgen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    templates = sorted(p.relative_to(REPO / "templates").as_posix() for p in (REPO / "templates").rglob("*.jinja"))
    assert len(templates) >= 10
    for template in templates:
        assert f"modelgen/templates/{template}" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    out = tmp_path / "m.py"
    env = dict(os.environ, PYTHONPATH=str(site))
    result = subprocess.run(
        [sys.executable, "-c", "import modelgen, sys; assert modelgen.__file__.startswith(sys.argv[1]); from modelgen.cli import main; sys.exit(main(sys.argv[2:]))",
         str(site), "generate", str(SPEC), "--flavour", "pydantic", "--output", str(out)],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "class RunObject(_Base):" in out.read_text(encoding="utf-8")


def test_a_module_dropped_from_the_config_is_removed_if_it_is_ours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path)
    monkeypatch.chdir(project)
    models = project / "models"
    assert main(["generate"]) == 0
    handwritten = models / "helpers.py"
    handwritten.write_text("# modelgen: spec=0 closure=0 generator=0 config=0 body=0\n\nX = 1\n", encoding="utf-8")
    single = models / "single.py"
    assert main(["generate", str(SPEC), "--flavour", "typeddict", "--output", str(single), "--root", "RunStatus"]) == 0
    copied = models / "my_copy.py"  # a user's copy of a generated module, header and all: not ours to remove
    copied.write_text((models / "run_typeddict.py").read_text(encoding="utf-8"), encoding="utf-8")
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").split("[[tool.modelgen.jobs]]\nflavour = \"typeddict\"")[0], encoding="utf-8")
    capsys.readouterr()

    assert main(["generate", "--check"]) == 1
    err = capsys.readouterr().err
    assert "models/run_typeddict.py: stale: no job of [tool.modelgen] makes it any more" in err
    assert (models / "run_typeddict.py").exists()

    assert main(["generate"]) == 0
    assert "1 removed (no longer in the config)" in capsys.readouterr().err
    assert sorted(p.name for p in models.iterdir()) == ["helpers.py", "my_copy.py", "run_pydantic.py", "single.py"]
    assert main(["generate", "--check"]) == 0


def test_a_removal_is_undone_when_a_write_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from modelgen.app import write

    keep, gone = tmp_path / "keep.py", tmp_path / "gone.py"
    keep.write_text("old\n", encoding="utf-8")
    gone.write_text("ours, no longer configured\n", encoding="utf-8")
    real_replace = os.replace

    def failing_replace(src: str, dst: "str | Path") -> None:
        if Path(dst) == keep:
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(write.os, "replace", failing_replace)
    with pytest.raises(write.WriteError, match="disk full; no output was changed"):
        write.write_all({keep: "new\n"}, remove=(gone,))
    assert keep.read_text(encoding="utf-8") == "old\n"
    assert gone.read_text(encoding="utf-8") == "ours, no longer configured\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gone.py", "keep.py"]


def test_a_new_module_follows_the_umask_and_a_rewritten_one_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "models.py"
    old = os.umask(0o022)
    try:
        assert main(["generate", str(SPEC), "--flavour", "typeddict", "--output", str(out), "--quiet"]) == 0
        assert out.stat().st_mode & 0o777 == 0o644
        out.chmod(0o640)
        assert main(["generate", str(SPEC), "--flavour", "typeddict", "--root", "RunObject", "--output", str(out), "--quiet"]) == 0
        assert out.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)


def test_the_config_is_found_from_a_subfolder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path)
    (project / "src" / "pkg").mkdir(parents=True)
    monkeypatch.chdir(project / "src" / "pkg")
    assert main(["generate", "--quiet"]) == 0
    assert (project / "models" / "run_pydantic.py").is_file()  # paths are relative to the config's folder
    assert main(["generate", "--check", "--quiet"]) == 0
    monkeypatch.chdir(tmp_path.parent)
    assert main(["generate", "--check", "--quiet"]) == 2
    assert "no pyproject.toml with [tool.modelgen]" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('flavor = "pydantic"\noutput = "m.py"', "tool.modelgen.jobs[0] (output m.py): unknown key 'flavor'; did you mean 'flavour'?"),
        ('flavour = "pydantantic"\noutput = "m.py"', "tool.modelgen.jobs[0] (output m.py): unknown flavour 'pydantantic': did you mean 'pydantic'?"),
    ],
)
def test_config_errors_name_the_file_and_the_job_and_suggest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], table: str, message: str
) -> None:
    (tmp_path / "pyproject.toml").write_text(f'[tool.modelgen]\nspec = "api.yaml"\n\n[[tool.modelgen.jobs]]\n{table}\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == 2
    err = capsys.readouterr().err
    assert f"pyproject.toml: {message}" in err, err


def test_root_instead_of_roots_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.modelgen]\nroot = ["A"]\n\n[[tool.modelgen.jobs]]\nflavour = "pydantic"\noutput = "m.py"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == 2
    assert "[tool.modelgen]: unknown key 'root'; did you mean 'roots'?" in capsys.readouterr().err


def test_output_dash_prints_the_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["generate", str(SPEC), "--flavour", "typeddict", "--root", "RunStatus", "--output", "-"]) == 0
    assert "RunStatus: TypeAlias = Literal[" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_output_dash_still_tells_warnings_on_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # standard output holds the module alone; what is not enforced is still said (it was silent)
    spec = tmp_path / "w.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n"
        "    A:\n      type: object\n      properties:\n        x: {type: string, pattern: '[0-9'}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["generate", str(spec), "--flavour", "pydantic", "--output", "-"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("# Generated by modelgen") and "warning" not in out
    assert err.startswith("warning: w.yaml at /components/schemas/A/properties/x/pattern:") and err.count("\n") == 1
    assert main(["generate", str(spec), "--flavour", "pydantic", "--output", "-", "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_the_python_api_gives_a_module_and_raises_with_the_message(tmp_path: Path) -> None:
    import modelgen

    text = modelgen.generate_module(SPEC, "pydantic", ["RunStatus"])
    assert "RunStatus: TypeAlias = Literal[" in text
    with pytest.raises(modelgen.SpecErrors) as caught:
        modelgen.generate_module(REPO / "tests" / "bad_specs" / "missing_ref.yaml", "pydantic")
    assert "missing_ref.yaml:9:17 at /components/schemas/Order/properties/customer/$ref" in str(caught.value)
    for bad in (lambda: modelgen.generate_module(REPO / "tests" / "bad_specs" / "missing_ref.yaml", "pydantic"),
                lambda: modelgen.generate_module(tmp_path / "none.yaml", "pydantic"),
                lambda: modelgen.generate_module(SPEC, "pydantik")):  # fmt: skip
        with pytest.raises(modelgen.ModelgenError):  # one except for every error of its input
            bad()


def test_the_python_api_takes_the_options_of_the_models() -> None:
    import modelgen

    text = modelgen.generate_module(SPEC, "pydantic", ["RunStatus"], options={"enums": "enum"})
    assert "class RunStatus(str, Enum):" in text
    assert "['RunStatus'], options={'enums': 'enum'})`." in text  # the header's regenerate command
    with pytest.raises(modelgen.UsageError, match="enums = 'Enum': choose one of literal, enum"):
        modelgen.generate_module(SPEC, "pydantic", ["RunStatus"], options={"enums": "Enum"})


def test_an_option_set_for_every_job_is_blamed_on_the_table(tmp_path: Path) -> None:
    from modelgen.app.config import read_pyproject
    from modelgen.errors import UsageError

    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.modelgen]\nspec = "s.yaml"\nfrozen = "yes"\n[[tool.modelgen.jobs]]\nflavour = "pydantic"\noutput = "m.py"\n')
    with pytest.raises(UsageError, match=r"pyproject.toml: \[tool.modelgen\]: frozen must be true or false"):
        read_pyproject(config)


def test_the_python_apis_header_gives_a_call_that_makes_the_same_module() -> None:
    import modelgen

    fixes = REPO / "specs" / "assistants.fixes.yaml"
    text = modelgen.generate_module(SPEC, "msgspec", ["RunObject"], reading="tolerant", overlays=[fixes])
    (line,) = [line for line in text.splitlines() if line.startswith("# Do not edit: regenerate with `")]
    call = line.split("`")[1]
    assert "reading='tolerant'" in call and f"overlays=[{str(fixes)!r}]" in call
    assert eval(call, {"modelgen": modelgen}) == text  # noqa: S307 - the call the header shows, run as it says
    shop = REPO / "tests" / "cases" / "operations" / "spec.yaml"
    text = modelgen.generate_module(shop, "pydantic", operations=["logIn"], tags=["pets"])
    assert "class LogInRequest" in text and "class PetRequest" in text
    assert "operations=['logIn'], tags=['pets'])`" in text

"""In the pipeline: staleness that explains itself, the no-op fast path, the parse cache, progress."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from modelgen import load
from modelgen.app import pipeline
from modelgen.cli import main
from tests.support import REPO

PYPROJECT = """
[tool.modelgen]
spec = "api.yaml"
roots = ["{root}"]

[[tool.modelgen.jobs]]
flavour = "pydantic"
output = "models.py"
"""


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(REPO / "specs" / "assistants.yaml", tmp_path / "api.yaml")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT.format(root="RunObject"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert main(["generate", "--quiet"]) == 0
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check(capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["generate", "--check", "--quiet"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_spec_change_is_the_reason(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project / "api.yaml", "description: Identifier of the run, usable in API paths.", "description: The run's ID.")
    code, out, err = check(capsys)
    assert code == 1
    assert "models.py: stale: the spec changed (the selected schemas)" in err
    assert '+    """The run\'s ID."""' in out


def test_hand_edit_is_the_reason(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project / "models.py", "    id: str\n", "    id: int\n")
    code, out, err = check(capsys)
    assert code == 1 and "stale: the file was edited by hand" in err
    assert "-    id: int\n" in out and "+    id: str\n" in out


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the spec was read")

    monkeypatch.setattr(pipeline, "prepare", refuse)


def test_an_upgrade_that_writes_the_same_code_is_not_stale(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another modelgen (its digest in the header) that writes the same code: nothing stale,
    nothing rewritten, and the next run takes the fast path again."""
    text = (project / "models.py").read_text(encoding="utf-8")
    (project / "models.py").write_text(re.sub(r"generator=\w+", "generator=0000000000000000", text), encoding="utf-8")
    mtime = (project / "models.py").stat().st_mtime_ns
    assert check(capsys)[0] == 0
    assert main(["generate", "--quiet"]) == 0 and (project / "models.py").stat().st_mtime_ns == mtime
    no_parsing(monkeypatch)
    assert check(capsys)[0] == 0


@pytest.mark.external
@pytest.mark.parametrize("formatter", ["black -l 120", "black -l 60", "ruff format --line-length 100"])
def test_a_file_reformatted_by_black_or_ruff_is_not_stale(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, formatter: str
) -> None:
    import subprocess
    import sys

    tool, *options = formatter.split()
    command = [sys.executable, "-m", tool, *(["format"] if tool == "ruff" else []), *options[1 if tool == "ruff" else 0 :], "-q"]
    subprocess.run([*command, str(project / "models.py")], check=True)
    reformatted = (project / "models.py").read_text(encoding="utf-8")
    assert reformatted != (REPO / "generated" / "assistants_pydantic.py").read_text(encoding="utf-8")
    assert check(capsys)[0] == 0
    assert main(["generate", "--quiet"]) == 0 and (project / "models.py").read_text(encoding="utf-8") == reformatted
    no_parsing(monkeypatch)
    assert check(capsys)[0] == 0  # known fresh: the cache remembers the check


def test_a_stale_module_says_what_changed_in_its_models(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project / "api.yaml", "incomplete, expired]", "incomplete, expired, paused]")
    edit(project / "api.yaml", "        instructions:\n          type: string", "        instructions:\n          type: [string, 'null']")
    code, _, err = check(capsys)
    assert code == 1
    assert "  RunStatus: values added: \"paused\" [breaks code that reads]" in err
    assert "  RunObject: instructions: now nullable [breaks code that reads]" in err
    assert err.rstrip().endswith("modelgen: to bring them up to date, run: modelgen generate")


def test_a_stale_package_says_what_changed_in_its_models_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # a package's modules share one job: its changes are told once, under the package, and the
    # command that brings it up to date is named (it was blank: the package's __init__.py, which
    # the job was looked up by, does not change when only a module does)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    shutil.copy(REPO / "specs" / "assistants.yaml", tmp_path / "api.yaml")
    command = ["generate", "api.yaml", "--flavour", "pydantic", "--output", "models", "--quiet"]
    assert main(command) == 0
    edit(tmp_path / "api.yaml", "incomplete, expired]", "incomplete, expired, paused]")
    assert main([*command, "--check"]) == 1
    err = capsys.readouterr().err
    assert err.count('  RunStatus: values added: "paused" [breaks code that reads]') == 1
    assert err.rstrip().endswith("run: modelgen generate api.yaml --flavour pydantic --output models")
    assert main(command[:-1]) == 0
    err = capsys.readouterr().err
    assert 'models: the spec changed:\n  RunStatus: values added: "paused" [breaks code that reads]\n' in err


def test_what_changed_is_judged_on_the_version_read_under_the_spec_s_own_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # the same text read under another name is another version in the cache: its definitions'
    # keys name that file, where the directions the models travel in are read from this one (the
    # removed field was judged as if no operation used the model: "compatible")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "a.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /orders:\n    post:\n      operationId: createOrder\n"
        "      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}\n"
        "      responses: {'204': {description: ok}}\ncomponents:\n  schemas:\n    Order:\n      type: object\n"
        "      properties:\n        id: {type: string}\n        discount: {type: number}\n",
        encoding="utf-8",
    )
    shutil.copy(tmp_path / "a.yaml", tmp_path / "b.yaml")
    for spec, output in (("a.yaml", "a_models.py"), ("b.yaml", "b_models.py")):
        assert main(["generate", spec, "--flavour", "pydantic", "--output", output, "--quiet"]) == 0
    edit(tmp_path / "a.yaml", "        discount: {type: number}\n", "")
    assert main(["generate", "a.yaml", "--flavour", "pydantic", "--output", "a_models.py", "--check", "--quiet"]) == 1
    assert "  Order: discount: field removed (was float) [breaks code that builds]" in capsys.readouterr().err


def test_config_change_is_the_reason(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project / "pyproject.toml", 'roots = ["RunObject"]', 'roots = ["RunObject", "ThreadObject"]')
    code, _, err = check(capsys)
    assert code == 1
    assert "the spec changed (the selected schemas); the job's configuration changed" in err


def test_no_op_reads_no_spec_and_touches_no_file(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    mtime = (project / "models.py").stat().st_mtime_ns
    no_parsing(monkeypatch)
    assert main(["generate"]) == 0
    assert check(capsys)[0] == 0
    assert (project / "models.py").stat().st_mtime_ns == mtime


def test_change_outside_the_closure_is_not_staleness(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project / "pyproject.toml", 'roots = ["RunObject"]', 'roots = ["TruncationObject"]')
    assert main(["generate", "--quiet"]) == 0
    mtime = (project / "models.py").stat().st_mtime_ns
    edit(project / "api.yaml", "description: A message of a thread.", "description: One message of a thread.")
    assert check(capsys)[0] == 0
    assert main(["generate", "--quiet"]) == 0
    assert (project / "models.py").stat().st_mtime_ns == mtime


def test_parse_cache(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = project / "cache" / "modelgen"
    assert len(list(cache.glob("*.json"))) == 1, "the first run filled the cache"
    assert not (cache / "templates").exists(), "compiled templates are code: never kept"
    (project / "models.py").unlink()

    def no_loading(path: Path, *args: object, **kwargs: object) -> None:
        raise AssertionError("the spec was parsed")

    monkeypatch.setattr(load, "load_spec", no_loading)
    assert main(["generate", "--quiet"]) == 0, "a cached parse is used"
    (project / "models.py").unlink()
    with pytest.raises(AssertionError, match="the spec was parsed"):
        main(["generate", "--quiet", "--no-cache"])


def test_a_broken_cache_only_costs_time(project: Path) -> None:
    entries = list((project / "cache" / "modelgen").glob("*.json"))
    assert entries
    for entry in entries:
        entry.write_bytes(b"not an entry")
    text = (project / "models.py").read_text(encoding="utf-8")
    (project / "models.py").unlink()
    assert main(["generate", "--quiet"]) == 0
    assert (project / "models.py").read_text(encoding="utf-8") == text
    shutil.rmtree(project / "cache")
    (project / "models.py").unlink()
    assert main(["generate", "--quiet"]) == 0
    assert (project / "models.py").read_text(encoding="utf-8") == text


def test_progress_and_summary(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "models.py").unlink()
    assert main(["generate", "--no-cache"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "modelgen: api.yaml: reading"
    assert err[1] == "modelgen: api.yaml: 33 definitions"  # the roots' closure is all that is read
    assert err[2] == "modelgen: pydantic -> models.py"
    assert re.fullmatch(r"modelgen: 1 module, 33 definitions rendered, 1 written, 0 unchanged, \d+\.\d\ds", err[3])
    assert main(["generate", "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_a_referenced_file_feeds_the_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "common").mkdir()
    shared = tmp_path / "common" / "items.yaml"
    shared.write_text("Item:\n  type: object\n  description: An item.\n  properties:\n    sku: {type: string}\n", encoding="utf-8")
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n"
        "    Order:\n      type: object\n      properties:\n        item: {$ref: 'common/items.yaml#/Item'}\n",
        encoding="utf-8",
    )
    (tmp_path / "pyproject.toml").write_text(PYPROJECT.format(root="Order"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert main(["generate", "--quiet"]) == 0
    text = (tmp_path / "models.py").read_text(encoding="utf-8")
    assert "class Item(_Base):" in text and "sources=common/items.yaml" in text
    assert check(capsys)[0] == 0
    edit(shared, "description: An item.", "description: One item.")
    code, out, err = check(capsys)
    assert code == 1 and "stale: the spec changed (the selected schemas)" in err
    assert '+    """One item."""' in out


def test_a_cached_parse_keeps_the_name_of_the_file_it_serves(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(project / "api.yaml", project / "other.yaml")
    out = project / "other_models.py"
    assert main(["generate", "other.yaml", "--flavour", "pydantic", "--output", str(out), "--root", "RunObjekt"]) == 2
    assert "error: other.yaml:30:5 at /components/schemas: no component schema named 'RunObjekt'" in capsys.readouterr().err
    assert main(["generate", "other.yaml", "--flavour", "pydantic", "--output", str(out), "--root", "RunObject"]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Generated by modelgen 0.1.0 (pydantic) from other.yaml.\n")


def test_a_module_made_from_an_equal_copy_names_the_copy(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The job now reads other.yaml, whose text is api.yaml's: the same code, but the header must
    name the file read (it kept naming api.yaml: the job's record left the spec's name out, and
    the same code was taken for the same output)."""
    shutil.copy(project / "api.yaml", project / "other.yaml")
    edit(project / "pyproject.toml", 'spec = "api.yaml"', 'spec = "other.yaml"')
    code, out, err = check(capsys)
    assert code == 1 and "the job's configuration changed (spec, " in err
    assert "+# Generated by modelgen 0.1.0 (pydantic) from other.yaml." in out
    assert main(["generate", "--quiet"]) == 0
    assert (project / "models.py").read_text(encoding="utf-8").startswith("# Generated by modelgen 0.1.0 (pydantic) from other.yaml.\n")
    assert check(capsys)[0] == 0
    out_file = project / "cli_models.py"
    for name in ("api.yaml", "other.yaml"):  # the same output from the command line, one spec then the other
        assert main(["generate", name, "--flavour", "pydantic", "--output", str(out_file), "--root", "RunObject", "--quiet"]) == 0
        assert out_file.read_text(encoding="utf-8").startswith(f"# Generated by modelgen 0.1.0 (pydantic) from {name}.\n")


def test_a_run_pauses_the_cyclic_collector_and_restores_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from modelgen.app import pipeline as stages

    seen: list[bool] = []
    real_prepare = stages.prepare

    def watching(*args: object, **kwargs: object) -> stages.Prepared:
        seen.append(gc.isenabled())
        return real_prepare(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stages, "prepare", watching)
    spec = Path(__file__).resolve().parents[1] / "specs" / "assistants.yaml"
    assert main(["generate", str(spec), "--flavour", "pydantic", "--output", str(tmp_path / "m.py"), "--quiet", "--no-cache"]) == 0
    assert seen == [False] and gc.isenabled()
    assert main(["generate", str(tmp_path / "missing.yaml"), "--flavour", "pydantic", "--output", str(tmp_path / "n.py")]) == 2
    assert gc.isenabled(), "enabled again after an error too"

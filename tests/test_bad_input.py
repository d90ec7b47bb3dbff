"""Bad input: one clear message naming the file and the JSON pointer, exit status 2, no traceback,
and existing output files left exactly as they were."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from modelgen.cli import main

from tests.support import REPO

BAD = REPO / "tests" / "bad_specs"
EXPECTED: dict[str, list[str]] = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))
SENTINEL = "# an existing output file: must survive a failed run untouched\n"


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_catalogue_is_complete() -> None:
    on_disk = {p.name for p in BAD.iterdir() if p.name != "expected.yaml"}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_spec(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "models.py"
    output.write_text(SENTINEL, encoding="utf-8")
    code, out, err = run_cli(["generate", str(BAD / name), "--flavour", "pydantic", "--output", str(output), "--no-cache"], capsys)
    assert code == 2
    assert [line for line in err.splitlines() if line.startswith("error: ")]
    for part in EXPECTED[name]:
        assert part in err
    assert "Traceback" not in err
    assert output.read_text(encoding="utf-8") == SENTINEL
    assert [p.name for p in tmp_path.iterdir()] == ["models.py"], "no temporary file may be left behind"


def test_unknown_root_suggests_close_matches(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = REPO / "specs" / "assistants.yaml"
    code, _, err = run_cli(["generate", str(spec), "--flavour", "typeddict", "--output", str(tmp_path / "m.py"), "--root", "RunObjekt"], capsys)
    assert code == 2
    assert "assistants.yaml:30:5 at /components/schemas: no component schema named 'RunObjekt'" in err
    assert "did you mean RunObject" in err
    assert not (tmp_path / "m.py").exists()


def test_missing_spec_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["generate", str(tmp_path / "nope.yaml"), "--flavour", "pydantic", "--output", str(tmp_path / "m.py")], capsys)
    assert code == 2 and "nope.yaml: file not found" in err


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["generate", str(REPO / "specs" / "assistants.yaml"), "--output", str(tmp_path / "m.py")], capsys)
    assert code == 2 and "with a SPEC, --flavour is missing" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["generate", "x.yaml", "--flavour", "attrs", "--output", "m.py"])
    assert exit_info.value.code == 2


def test_output_named_like_an_imported_module_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = str(REPO / "specs" / "assistants.yaml")
    for name in ("dataclasses.py", "typing.py", "pydantic.py"):
        code, _, err = run_cli(["generate", spec, "--flavour", "dataclasses", "--output", str(tmp_path / name)], capsys)
        assert code == 2 and "would shadow the module" in err
    assert list(tmp_path.iterdir()) == []


def test_no_traceback_from_the_real_process(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "modelgen", "generate", str(BAD / "missing_ref.yaml"), "--flavour", "pydantic", "--output", str(tmp_path / "m.py")],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "did you mean 'Customer'" in result.stderr
    debug = subprocess.run(
        [sys.executable, "-m", "modelgen", "generate", str(BAD / "missing_ref.yaml"), "--flavour", "pydantic", "--output", str(tmp_path / "m.py"), "--debug"],
        capture_output=True, text=True, check=False,
    )
    assert debug.returncode == 2 and "Traceback" in debug.stderr


def test_failure_while_writing_leaves_every_output_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Several outputs: if moving any one into place fails, none of them changes."""
    import os

    from modelgen.app import write

    paths = [tmp_path / f"m{i}.py" for i in range(3)]
    for p in paths:
        p.write_text(SENTINEL, encoding="utf-8")
    new_file = tmp_path / "new.py"
    real_replace = os.replace
    moved_new = []

    def failing_replace(src: str, dst: "str | Path") -> None:
        if moved_new and str(dst) == str(paths[2]):
            raise OSError("disk full")
        real_replace(src, dst)
        moved_new.append(dst)

    monkeypatch.setattr(write.os, "replace", failing_replace)
    with pytest.raises(write.WriteError, match="disk full"):
        write.write_all({**{p: f"new {p.name}\n" for p in paths}, new_file: "new\n"})
    assert len(moved_new) >= 2, "the failure must come after some files were already moved"
    assert [p.read_text(encoding="utf-8") for p in paths] == [SENTINEL] * 3
    assert sorted(q.name for q in tmp_path.iterdir()) == ["m0.py", "m1.py", "m2.py"]


def test_odd_but_usable_spec_generates_with_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "odd.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n"
        "    Order:\n      type: object\n      required: [id, total]\n      properties:\n        id: {type: string}\n",
        encoding="utf-8",
    )
    code, _, err = run_cli(["generate", str(spec), "--flavour", "pydantic", "--output", str(tmp_path / "m.py"), "--no-cache"], capsys)
    assert code == 0
    assert "warning: odd.yaml at /components/schemas/Order: 'required' names 'total', which is not a property; kept as a required key of any value" in err
    assert "class Order(_Base):" in (tmp_path / "m.py").read_text(encoding="utf-8")
    code, _, err = run_cli(["generate", str(spec), "--flavour", "pydantic", "--output", str(tmp_path / "n.py"), "--quiet", "--no-cache"], capsys)
    assert code == 0 and err == ""


@pytest.mark.parametrize("how", ["dotdot", "absolute", "symlink"])
def test_refs_outside_the_spec_folder_are_refused(how: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec_dir = tmp_path / "spec"
    spec_dir.mkdir()
    outside = tmp_path / "shared.yaml"
    outside.write_text("Item:\n  type: object\n  properties:\n    sku: {type: string}\n", encoding="utf-8")
    target = {"dotdot": "../shared.yaml", "absolute": str(outside), "symlink": "link.yaml"}[how]
    if how == "symlink":
        (spec_dir / "link.yaml").symlink_to(outside)
    spec = spec_dir / "api.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n"
        f"    Order:\n      type: object\n      properties:\n        item: {{$ref: '{target}#/Item'}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "m.py"
    code, _, err = run_cli(["generate", str(spec), "--flavour", "pydantic", "--output", str(out), "--no-cache"], capsys)
    assert code == 2
    assert "api.yaml:8:22 at /components/schemas/Order/properties/item/$ref" in err and "leads outside the spec's folder" in err
    assert "--allow-ref-outside" in err and not out.exists()
    code, _, _ = run_cli(["generate", str(spec), "--flavour", "pydantic", "--output", str(out), "--no-cache", "--allow-ref-outside"], capsys)
    assert code == 0 and "class Item(_Base):" in out.read_text(encoding="utf-8")


def test_a_file_modelgen_did_not_write_is_not_overwritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = str(REPO / "specs" / "assistants.yaml")
    mine, theirs = tmp_path / "mine.py", tmp_path / "theirs.py"
    assert run_cli(["generate", spec, "--flavour", "typeddict", "--output", str(mine), "--root", "RunStatus"], capsys)[0] == 0
    generated_before = mine.read_text(encoding="utf-8")
    theirs.write_text(SENTINEL, encoding="utf-8")
    code, _, err = run_cli(["generate", spec, "--flavour", "typeddict", "--output", str(theirs), "--root", "RunStatus"], capsys)
    assert code == 2 and "theirs.py: exists and was not generated by modelgen" in err and "--force" in err
    assert theirs.read_text(encoding="utf-8") == SENTINEL
    code, _, _ = run_cli(["generate", spec, "--flavour", "typeddict", "--output", str(theirs), "--root", "RunStatus", "--force"], capsys)
    assert code == 0 and theirs.read_text(encoding="utf-8") != SENTINEL
    assert mine.read_text(encoding="utf-8") == generated_before


def test_patterns_python_cannot_use_are_dropped_with_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Patterns are checked with Python's `re`, which the Pydantic flavour is told to use: a
    lookahead works, an unbalanced bracket is dropped with a warning, and the module imports."""
    from tests.support import import_file

    spec = tmp_path / "patterns.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n"
        "    Login:\n      type: object\n      required: [user, code]\n      properties:\n"
        "        user: {type: string, pattern: '^(?!admin$)[a-z]+$'}\n"
        "        code: {type: string, pattern: '[0-9'}\n",
        encoding="utf-8",
    )
    out = tmp_path / "patterns_models.py"
    code, _, err = run_cli(["generate", str(spec), "--flavour", "pydantic", "--output", str(out), "--no-cache"], capsys)
    assert code == 0
    assert "warning: patterns.yaml at /components/schemas/Login/properties/code/pattern: pattern \"[0-9\" is not a regular expression" in err
    module = import_file(out)
    assert module.Login(user="ann", code="x").user == "ann"
    with pytest.raises(ValueError, match="String should match pattern"):
        module.Login(user="admin", code="1")


def test_an_output_that_is_a_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A module's name (``.py``) that is a folder; a name without ``.py`` is a package (test_package.py)."""
    (tmp_path / "models.py").mkdir()
    spec = REPO / "specs" / "assistants.yaml"
    code, _, err = run_cli(["generate", str(spec), "--flavour", "pydantic", "--output", str(tmp_path / "models.py")], capsys)
    assert code == 2 and "is a folder: name the module file to write" in err and "Traceback" not in err


def test_an_allof_naming_itself_many_times_is_an_error_at_once(tmp_path: Path) -> None:
    """Each of three self-references used to be followed again on every level: 3**64 visits."""
    spec = tmp_path / "selfref.yaml"
    members = "".join("        - $ref: '#/components/schemas/Alpha'\n" for _ in range(3))
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Alpha:\n"
        f"      allOf:\n{members}        - type: string\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "modelgen", "generate", str(spec), "--flavour", "pydantic", "--output", "-", "--no-cache"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "selfref.yaml:8:11 at /components/schemas/Alpha/allOf/0" in result.stderr
    assert "refers back to itself" in result.stderr

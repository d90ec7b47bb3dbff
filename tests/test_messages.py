"""Messages a user sees (issue 22): quiet means quiet, and each error points at the mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelgen.cli import main

SPEC = """openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
"""
PYPROJECT = """[tool.modelgen]
spec = "api.yaml"

[[tool.modelgen.jobs]]
flavour = "pydantic"
output = "models.py"
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "api.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path


def error_of(capfd: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 2
    return capfd.readouterr().err


def test_quiet_prints_nothing_when_the_spec_changed(project: Path, capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["generate"]) == 0
    (project / "api.yaml").write_text(SPEC + "        age: {type: integer}\n", encoding="utf-8")
    capfd.readouterr()
    assert main(["generate", "--quiet"]) == 0
    assert capfd.readouterr().err == ""
    assert "age" in (project / "models.py").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        (["--flavour", "pydantic"], "--output is missing"),
        (["--output", "m.py"], "--flavour is missing"),
        ([], "--flavour and --output are missing"),
    ],
)
def test_a_spec_without_flavour_or_output_names_what_is_missing(
    project: Path, capfd: pytest.CaptureFixture[str], given: list[str], missing: str
) -> None:
    assert f"with a SPEC, {missing}" in error_of(capfd, "generate", "api.yaml", *given)


def test_the_python_api_refuses_an_unknown_option_with_the_one_meant(project: Path) -> None:
    import modelgen

    with pytest.raises(modelgen.UsageError, match="unknown option 'frozn'; did you mean 'frozen'"):
        modelgen.generate_module("api.yaml", "pydantic", options={"frozn": True})
    with pytest.raises(modelgen.UsageError, match="unknown option 'colour' \\(known: formats, "):
        modelgen.generate_module("api.yaml", "pydantic", options={"colour": "red"})


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["generate"], "give a SPEC (with --flavour and --output), or --config FILE"),
        (["graph"], "give the SPEC to draw, or --config FILE"),
        (["diff", "--since", "HEAD"], "give the SPEC to compare (or OLD NEW without --since), or --config FILE"),
    ],
)
def test_without_a_config_each_command_suggests_its_own_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str], argv: list[str], hint: str
) -> None:
    monkeypatch.chdir(tmp_path)
    err = error_of(capfd, *argv)
    assert "no pyproject.toml with [tool.modelgen]" in err and hint in err
    if argv[0] != "generate":
        assert "--flavour" not in err and "--output" not in err


def test_a_near_miss_of_the_table_name_is_named(project: Path, capfd: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT.replace("tool.modelgen", "tool.modelgn"), encoding="utf-8")
    err = error_of(capfd, "generate")
    assert "pyproject.toml: [tool.modelgn] is there: did you mean [tool.modelgen]?" in err
    err = error_of(capfd, "generate", "--config", "pyproject.toml")
    assert "pyproject.toml: no [tool.modelgen] table ([tool.modelgn] is there: did you mean [tool.modelgen]?)" in err


def test_config_errors_come_all_at_once(project: Path, capfd: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text(
        """[tool.modelgen]
spec = "api.yaml"
frozn = true
formats = "pyhton"

[[tool.modelgen.jobs]]
flavor = "pydantic"
output = "a.py"
colour = "red"

[[tool.modelgen.jobs]]
flavour = "pydantc"
output = "b.py"
""",
        encoding="utf-8",
    )
    err = error_of(capfd, "generate")
    assert "pyproject.toml: 6 problems:" in err
    assert "tool.modelgen.jobs[0] (output a.py): needs 'flavour' as a string" in err
    assert "pyproject.toml: [tool.modelgen]: unknown key 'frozn'; did you mean 'frozen'?" in err
    assert "pyproject.toml: [tool.modelgen]: formats = 'pyhton'" in err
    assert "tool.modelgen.jobs[0] (output a.py): unknown key 'colour'" in err
    assert "tool.modelgen.jobs[0] (output a.py): unknown key 'flavor'; did you mean 'flavour'?" in err
    assert "tool.modelgen.jobs[1] (output b.py): unknown flavour 'pydantc'" in err


def test_an_unknown_root_of_the_config_is_blamed_on_its_roots_entry(project: Path, capfd: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT.replace('spec = "api.yaml"\n', 'spec = "api.yaml"\nroots = ["Pett"]\n'), encoding="utf-8")
    err = error_of(capfd, "generate")
    assert (
        "error: pyproject.toml: [tool.modelgen] roots (for tool.modelgen.jobs[0], output models.py):"
        " no component schema named 'Pett' in api.yaml" in err
    )
    assert "did you mean Pet?" in err
    (project / "pyproject.toml").write_text(PYPROJECT + 'roots = ["Pett"]\n', encoding="utf-8")
    err = error_of(capfd, "generate")
    assert "error: pyproject.toml: tool.modelgen.jobs[0] (output models.py): roots: no component schema named 'Pett'" in err


def test_a_missing_spec_of_the_config_names_its_spec_entry(project: Path, capfd: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT.replace("api.yaml", "apі.yaml"), encoding="utf-8")
    err = error_of(capfd, "generate")
    assert "error: pyproject.toml: [tool.modelgen] spec (for tool.modelgen.jobs[0], output models.py): apі.yaml: file not found" in err
    assert "relative to the folder of pyproject.toml" in err
    (project / "pyproject.toml").write_text(PYPROJECT + 'spec = "nope.yaml"\n', encoding="utf-8")
    err = error_of(capfd, "generate")
    assert "error: pyproject.toml: tool.modelgen.jobs[0] (output models.py): spec: nope.yaml: file not found" in err


def test_a_missing_spec_on_the_command_line_is_as_before(project: Path, capfd: pytest.CaptureFixture[str]) -> None:
    err = error_of(capfd, "generate", "nope.yaml", "--flavour", "pydantic", "--output", "m.py")
    assert "nope.yaml: file not found\n  hint: check the path\n" in err and "pyproject.toml" not in err


def test_check_says_it_checks_rather_than_writes(project: Path, capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["generate"]) == 0
    (project / "api.yaml").write_text(SPEC + "        age: {type: integer}\n", encoding="utf-8")
    capfd.readouterr()
    assert main(["generate", "--check"]) == 1
    err = capfd.readouterr().err
    assert "modelgen: checking models.py (pydantic)" in err
    assert "pydantic -> models.py" not in err


def test_diff_since_labels_the_comparison_with_overlays(
    project: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from modelgen.commands import changes

    def spec_at(rev: str, spec: Path, folder: Path) -> Path:  # the spec as it is: no git needed
        folder.mkdir(parents=True)
        return Path(shutil.copy(spec, folder / spec.name))

    monkeypatch.setattr(changes, "spec_at", spec_at)
    (project / "fix.yaml").write_text(
        "overlay: 1.0.0\ninfo: {title: fix, version: '1'}\nactions:\n"
        "- target: $.components.schemas.Pet.properties.name\n  update: {description: The name.}\n",
        encoding="utf-8",
    )
    overlaid = '\n[[tool.modelgen.jobs]]\nflavour = "msgspec"\noutput = "m2.py"\noverlays = ["fix.yaml"]\n'
    (project / "pyproject.toml").write_text(PYPROJECT + overlaid, encoding="utf-8")
    assert main(["diff", "--since", "HEAD"]) == 0
    headings = [line for line in capfd.readouterr().out.splitlines() if " -> " in line]
    assert headings == ["api.yaml at HEAD -> api.yaml", "api.yaml with fix.yaml at HEAD -> api.yaml with fix.yaml"]


OPERATIONS = SPEC.replace(
    "paths: {}",
    "paths:\n  /pets:\n    get:\n      operationId: listPets\n      tags: [pets]\n"
    "      responses:\n        '200':\n          description: ok\n"
    "          content:\n            application/json:\n              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}",
)


def test_unknown_operations_tags_and_overlays_are_blamed_on_their_entries(project: Path, capfd: pytest.CaptureFixture[str]) -> None:
    (project / "api.yaml").write_text(OPERATIONS, encoding="utf-8")
    jobs = (
        'operations = ["listPet"]\n'
        '\n[[tool.modelgen.jobs]]\nflavour = "msgspec"\noutput = "b.py"\noperations = []\ntags = ["pest"]\n'
        '\n[[tool.modelgen.jobs]]\nflavour = "typeddict"\noutput = "c.py"\noperations = []\noverlays = ["fixes/pet.yaml"]\n'
    )
    (project / "pyproject.toml").write_text(PYPROJECT.replace('spec = "api.yaml"\n', 'spec = "api.yaml"\n' + jobs.split("\n\n")[0] + "\n") + jobs.split("\n", 1)[1], encoding="utf-8")
    err = error_of(capfd, "generate")
    assert (
        "error: pyproject.toml: [tool.modelgen] operations (for tool.modelgen.jobs[0], output models.py):"
        " no operation named 'listPet' in api.yaml\n  hint: did you mean listPets" in err
    )
    assert "error: pyproject.toml: tool.modelgen.jobs[1] (output b.py): tags: no tag named 'pest' in api.yaml\n  hint: did you mean pets?" in err
    assert "error: pyproject.toml: tool.modelgen.jobs[2] (output c.py): overlays: fixes/pet.yaml: file not found" in err
    assert "3 errors; nothing was written" in err  # every job's error, not only the first one's
    assert not any((project / name).exists() for name in ("models.py", "b.py", "c.py"))


def test_every_problem_of_one_job_comes_at_once(project: Path, capfd: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.modelgen]\nspec = "api.yaml"\nroots = "Pet"\n\n'
        '[[tool.modelgen.jobs]]\nflavour = "pydantc"\noutput = "typing.py"\nfrozen = "yes"\ntags = "pets"\ncolour = "red"\n',
        encoding="utf-8",
    )
    err = error_of(capfd, "generate")
    assert "pyproject.toml: 6 problems:" in err
    assert "pyproject.toml: [tool.modelgen]: 'roots' must be a list of schema names" in err  # once, against the table
    job = "pyproject.toml: tool.modelgen.jobs[0] (output typing.py): "
    for problem in (
        "unknown key 'colour'",
        "'tags' must be a list of tags",
        "frozen must be true or false",
        "unknown flavour 'pydantc': did you mean 'pydantic'?",
        "output 'typing.py' would shadow the module 'typing'",
    ):
        assert job + problem in err


@pytest.mark.parametrize(
    ("text", "position", "hint"),
    [
        ("info:\n  title: t\n\tversion: '1'\n", ":4:1:", "YAML indents with spaces only"),
        # libyaml's message does not name the tab ("found character that cannot start any token")
        ("components:\n  schemas:\n    A:\n\ttype: object\n", ":5:1:", "YAML indents with spaces only"),
        ("info:\n  title: Pets: the API\n", ":3:14:", "a value that holds ': ' must be quoted"),
        ("info:\n  title: t\n   version: '1'\n", ":4:11:", "or this line is indented deeper than the key above it"),
        ("info:\n  title: t\n version: '1'\n", ":4:2:", "this line's indentation matches no key above it"),
        ("info: {title: t, version: '1'\npaths: {}\n", ":3:1:", "a '{' or '[' is not closed"),
        ("info:\n  title: @t\n", ":3:10:", "must be quoted"),
    ],
)
def test_yaml_errors_have_a_hint_and_the_path_as_given(
    project: Path, capfd: pytest.CaptureFixture[str], text: str, position: str, hint: str
) -> None:
    (project / "specs").mkdir()
    (project / "specs" / "api.yaml").write_text("openapi: 3.1.0\n" + text, encoding="utf-8")
    err = error_of(capfd, "generate", "specs/api.yaml", "--flavour", "pydantic", "--output", "m.py")
    assert err.count("error: specs/api.yaml" + position + " invalid YAML: ") == 1, err
    assert "\n  hint: " in err and hint in err.split("\n  hint: ")[1]
    (project / "pyproject.toml").write_text(PYPROJECT.replace('"api.yaml"', '"specs/api.yaml"'), encoding="utf-8")
    assert "error: specs/api.yaml" + position in error_of(capfd, "generate")


def test_errors_inside_a_spec_name_it_as_given(project: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """An error at a place in the spec (an unresolved $ref) names the file as the user gave it,
    line and column included, and so does one in a file the spec refers to."""
    (project / "specs" / "parts").mkdir(parents=True)
    (project / "specs" / "parts" / "pet.yaml").write_text("Pet:\n  $ref: '#/Nowhere'\n", encoding="utf-8")
    (project / "specs" / "api.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    A:\n      $ref: '#/components/schemas/B'\n    P:\n      $ref: 'parts/pet.yaml#/Pet'\n",
        encoding="utf-8",
    )
    err = error_of(capfd, "generate", "specs/api.yaml", "--flavour", "pydantic", "--output", "m.py")
    assert "error: specs/api.yaml:7:13 at /components/schemas/A/$ref: " in err, err
    assert "error: specs/parts/pet.yaml:2:9 at /Pet/$ref: " in err, err


def test_graph_blames_an_unknown_root_of_the_config_on_it(project: Path, capfd: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT + 'roots = ["Pett"]\n', encoding="utf-8")
    err = error_of(capfd, "graph")
    assert "error: pyproject.toml: [tool.modelgen] roots of the jobs: no component schema named 'Pett' in api.yaml\n  hint: did you mean Pet?" in err
    err = error_of(capfd, "graph", "api.yaml", "--root", "Pett")  # named on the command line: the spec's message
    assert "error: api.yaml" in err and "no component schema named 'Pett'" in err and "pyproject.toml" not in err


def test_diff_blames_an_unknown_root_of_the_config_on_it(
    project: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from modelgen.commands import changes

    def spec_at(rev: str, spec: Path, folder: Path) -> Path:  # the spec as it is: no git needed
        folder.mkdir(parents=True)
        return Path(shutil.copy(spec, folder / spec.name))

    monkeypatch.setattr(changes, "spec_at", spec_at)
    (project / "pyproject.toml").write_text(PYPROJECT + 'roots = ["Pett"]\n', encoding="utf-8")
    err = error_of(capfd, "diff", "--since", "HEAD")
    assert "error: pyproject.toml: [tool.modelgen] roots of the jobs: no component schema named 'Pett' in either version of api.yaml" in err
    err = error_of(capfd, "diff", "--since", "HEAD", "--root", "Pett")  # named on the command line: not the config's
    assert "error: no component schema named 'Pett' in either version of api.yaml" in err


def test_an_overlays_errors_name_it_as_given(project: Path, capfd: pytest.CaptureFixture[str]) -> None:
    (project / "fixes").mkdir()
    (project / "fixes" / "pet.yaml").write_text("overlay: 1.0.0\ninfo:\n  title: Fixes: pets\n", encoding="utf-8")
    (project / "pyproject.toml").write_text(PYPROJECT + 'overlays = ["fixes/pet.yaml"]\n', encoding="utf-8")
    err = error_of(capfd, "generate")
    assert "error: fixes/pet.yaml:3:15: invalid YAML: mapping values are not allowed" in err
    assert "  hint: a value that holds ': ' must be quoted" in err

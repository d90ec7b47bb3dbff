"""``app.config``: one ``Config`` from the command line or from ``[tool.modelgen]``; every mistake a
``UsageError`` that names the file, the job and what was probably meant."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from modelgen.app.config import (
    PROJECT_COMMAND,
    Config,
    Job,
    default_cache_dir,
    find_config,
    output_identity,
    read_pyproject,
)
from modelgen.errors import UsageError
from modelgen.render.options import Options
from modelgen.sources import RefPolicy

JOBS = """
[tool.modelgen]
spec = "specs/api.yaml"
roots = ["Pet"]

[[tool.modelgen.jobs]]
flavour = "pydantic"
output = "models/pets.py"
"""


@pytest.fixture(autouse=True)
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test runs in a folder of its own, with a cache home of its own."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path


def from_command_line(spec: str | None = "api.yaml", **given: Any) -> Config:
    """A config as ``modelgen generate`` builds it from its arguments."""
    arguments: dict[str, Any] = {
        "spec": spec, "flavour": "pydantic", "output": "models.py", "roots": None, "check": False,
        "debug": False, "pyproject": None,
    }  # fmt: skip
    arguments.update(given)
    return Config.from_sources(**arguments)


def only_job(config: Config) -> Job:
    (job,) = config.jobs
    return job


def pyproject(folder: Path, text: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return path


def usage_error(match: str) -> Any:
    return pytest.raises(UsageError, match=match)


# -- from the command line ---------------------------------------------------------------------


def test_a_job_from_the_command_line(here: Path) -> None:
    config = from_command_line(roots=["Pet", "Owner", "Pet"])
    assert config.project is False and config.refs == RefPolicy() and not config.check
    job = only_job(config)
    assert job == Job(  # the paths as given, relative to where modelgen runs (so messages show them so)
        Path("api.yaml"), "pydantic", Path("models.py"), ("Pet", "Owner"),
        "modelgen generate api.yaml --flavour pydantic --output models.py --root Pet --root Owner --root Pet",
    )  # fmt: skip


def test_the_command_gives_every_choice_again(here: Path) -> None:
    job = only_job(
        from_command_line(
            overlays=["fix.yaml"], reading="tolerant", refs=RefPolicy(outside=True, remote=True),
            options={"frozen": True, "enums": "enum", "header": ["# one line"]},
        )
    )  # fmt: skip
    assert job.command == (
        "modelgen generate api.yaml --flavour pydantic --output models.py --overlay fix.yaml --reading tolerant"
        " --enums enum --frozen --header '# one line' --allow-ref-outside --allow-remote-refs"
    )
    assert job.overlays == (Path("fix.yaml"),) and job.reading == "tolerant"
    assert job.options == Options(frozen=True, enums="enum", header=("# one line",))


def test_absolute_paths_show_relative_in_the_command(here: Path) -> None:
    job = only_job(from_command_line(str(here / "specs" / "api.yaml"), output=str(here / "out" / "m.py")))
    assert job.command == "modelgen generate specs/api.yaml --flavour pydantic --output out/m.py"
    assert job.spec == here / "specs" / "api.yaml"


def test_a_url_stays_as_it_is_in_the_command() -> None:
    job = only_job(from_command_line("https://example.com/api.yaml", refs=RefPolicy(remote=True)))
    assert job.command.startswith("modelgen generate https://example.com/api.yaml --flavour")


def test_paths_of_a_pyproject_above_are_tidied(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Seen from ``src/app``, ``../../src/app/models.py`` is ``models.py``."""
    pyproject(here, JOBS.replace("models/pets.py", "src/app/models.py").replace("specs/api.yaml", "src/api.yaml"))
    (here / "src" / "app").mkdir(parents=True)
    monkeypatch.chdir(here / "src" / "app")
    job = only_job(from_command_line(None, flavour=None, output=None))
    assert job.spec == Path("../api.yaml") and job.output == Path("models.py")


def test_the_cache_is_the_default_one_unless_turned_off(here: Path) -> None:
    assert from_command_line().cache_dir == here / "xdg" / "modelgen"
    assert from_command_line(use_cache=False).cache_dir is None


@pytest.mark.parametrize("missing", ["flavour", "output"])
def test_a_spec_needs_a_flavour_and_an_output(missing: str) -> None:
    with usage_error(f"with a SPEC, --{missing} is missing"):
        from_command_line(**{missing: None})


def test_an_unknown_flavour_is_named_with_the_one_meant() -> None:
    with usage_error(r"unknown flavour 'pydantc': did you mean 'pydantic'\? choose one of dataclasses, msgspec, pydantic, typeddict"):
        from_command_line(flavour="pydantc")
    with usage_error(r"unknown flavour 'xml': choose one of"):
        from_command_line(flavour="xml")


def test_an_unknown_reading_is_refused() -> None:
    with usage_error("unknown reading 'lenient': choose exact"):
        from_command_line(reading="lenient")


def test_a_base_class_only_for_the_flavours_that_take_one() -> None:
    assert only_job(from_command_line(options={"base-class": "app.models.Base"})).options.base_class == "app.models.Base"
    with usage_error("base-class is for pydantic models; the flavour here is dataclasses"):
        from_command_line(flavour="dataclasses", options={"base-class": "app.models.Base"})


@pytest.mark.parametrize("output", ["typing.py", "out/pydantic.py", "json.py", "modelgen.py", "msgspec.py"])
def test_an_output_that_would_shadow_an_import_is_refused(output: str) -> None:
    with usage_error("would shadow the module"):
        from_command_line(output=output)


def test_a_bad_option_on_the_command_line() -> None:
    with usage_error("enums = 'class': choose one of literal, enum"):
        from_command_line(options={"enums": "class"})


@pytest.mark.parametrize(
    "given", [{"flavour": "pydantic"}, {"output": "m.py"}, {"roots": ["A"]}, {"overlays": ["o.yaml"]}, {"reading": "tolerant"}, {"options": {"frozen": True}}]
)
def test_job_arguments_without_a_spec_are_refused(given: dict[str, Any]) -> None:
    arguments = {"flavour": None, "output": None, **given}
    with usage_error("go with a SPEC; without one, jobs come from pyproject.toml"):
        from_command_line(None, **arguments)


# -- from pyproject.toml -----------------------------------------------------------------------


def test_jobs_from_the_nearest_pyproject(here: Path) -> None:
    pyproject(here, JOBS)
    config = from_command_line(None, flavour=None, output=None, check=True)
    assert config.project and config.check
    origin = output_identity(Path("pyproject.toml"), Path("models/pets.py"))
    assert only_job(config) == Job(Path("specs/api.yaml"), "pydantic", Path("models/pets.py"), ("Pet",), PROJECT_COMMAND, origin=origin)
    assert config.pyproject == Path("pyproject.toml")


def test_the_output_identity_is_the_outputs_place_under_the_config(here: Path) -> None:
    """What a module's header records of where a job wrote it: the same from wherever modelgen
    runs, another for another name, folder or config file."""
    identity = output_identity(Path("pyproject.toml"), Path("models/pets.py"))
    assert identity == output_identity(here / "pyproject.toml", here / "models" / "pets.py")
    others = {
        output_identity(Path("pyproject.toml"), Path("models/cats.py")),
        output_identity(Path("pyproject.toml"), Path("pets.py")),
        output_identity(Path("models/pyproject.toml"), Path("pets.py")),
        output_identity(Path("modelgen.toml"), Path("models/pets.py")),
    }
    assert identity not in others and len(others) == 4


def test_trust_from_the_pyproject_and_the_command_line_add_up(here: Path) -> None:
    path = pyproject(here, JOBS.replace('roots = ["Pet"]', 'roots = ["Pet"]\nallow-remote-refs = true'))
    config = from_command_line(None, flavour=None, output=None, pyproject=path, refs=RefPolicy(outside=True))
    assert config.refs == RefPolicy(outside=True, remote=True)
    assert read_pyproject(path)[1] == RefPolicy(remote=True)


def test_paths_are_relative_to_the_pyproject(here: Path) -> None:
    (here / "project").mkdir()
    pyproject(here / "project", JOBS.replace('"pydantic"', '"pydantic"\noverlays = ["fix.yaml"]'))
    (job,), _ = read_pyproject(Path("project/pyproject.toml"))
    assert job.spec == Path("project/specs/api.yaml") and job.output == Path("project/models/pets.py")
    assert job.overlays == (Path("project/fix.yaml"),)
    (job,), _ = read_pyproject(here / "project" / "pyproject.toml")
    assert job.spec == here / "project" / "specs" / "api.yaml", "an absolute path stays absolute"


def test_a_job_takes_the_tables_defaults_and_may_override_them(here: Path) -> None:
    text = """
[tool.modelgen]
spec = "api.yaml"
roots = ["A"]
overlays = ["o.yaml"]
reading = "tolerant"
frozen = true
base-class = "app.Base"

[[tool.modelgen.jobs]]
flavour = "pydantic"
output = "a.py"

[[tool.modelgen.jobs]]
flavour = "dataclasses"
output = "b.py"
spec = "other.yaml"
roots = ["B", "C"]
overlays = []
reading = "exact"
frozen = false
"""
    pyproject(here, text)
    first, second = read_pyproject(Path("pyproject.toml"))[0]
    assert (first.spec, first.roots, first.reading) == (Path("api.yaml"), ("A",), "tolerant")
    assert first.overlays == (Path("o.yaml"),) and first.options == Options(frozen=True, base_class="app.Base")
    assert (second.spec, second.roots, second.overlays, second.reading) == (Path("other.yaml"), ("B", "C"), (), "exact")
    assert second.options == Options(), "a base class for every job means the Pydantic ones"
    assert first.command == second.command == PROJECT_COMMAND


def test_a_base_class_named_by_a_job_that_cannot_take_it(here: Path) -> None:
    path = pyproject(here, JOBS.replace('"pydantic"', '"typeddict"\nbase-class = "app.Base"'))
    with usage_error(re.escape(f"{path}: tool.modelgen.jobs[0] (output models/pets.py): base-class is for pydantic")):
        read_pyproject(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[tool.modelgen\n", "invalid TOML"),
        ("[tool.other]\n", "no \\[tool.modelgen\\] table$"),
        ("[tool.modelgen]\nspec = 'a.yaml'\njobs = []\n", "no \\[\\[tool.modelgen.jobs\\]\\] to run"),
        ("[tool.modelgen]\nroot = ['A']\n[[tool.modelgen.jobs]]\n", "\\[tool.modelgen\\]: unknown key 'root'; did you mean 'roots'\\?"),
        ("[tool.modelgen]\nzzz = 1\n[[tool.modelgen.jobs]]\n", "unknown key 'zzz' \\(known: spec, roots, operations, tags, jobs"),
        ("[tool.modelgen]\nallow-remote-refs = 'yes'\n[[tool.modelgen.jobs]]\n", "tool.modelgen.allow-remote-refs must be true or false"),
        ("[tool.modelgen]\nformats = 'xml'\n[[tool.modelgen.jobs]]\n", "\\[tool.modelgen\\]: formats = 'xml': choose one of python, json"),
        ("[tool.modelgen]\njobs = [1]\n", "tool.modelgen.jobs\\[0\\]: must be a table"),
        ("[[tool.modelgen.jobs]]\nflavour = 'pydantic'\noutput = 'm.py'\n", "jobs\\[0\\] \\(output m.py\\): needs 'spec'"),
        ("[[tool.modelgen.jobs]]\nspec = 'a.yaml'\noutput = 'm.py'\n", "\\(output m.py\\): needs 'flavour' as a string$"),
        ("[[tool.modelgen.jobs]]\nspec = 'a.yaml'\nflavour = 'pydantic'\noutput = 3\n", "jobs\\[0\\]: needs 'output' as a string$"),
        ("[[tool.modelgen.jobs]]\nspec = 'a.yaml'\nflavour = 'pydantic'\noutput = 'm.py'\nroots = 'A'\n", "'roots' must be a list of schema names"),
        ("[[tool.modelgen.jobs]]\nspec = 'a.yaml'\nflavour = 'pydantic'\noutput = 'm.py'\nroots = [1]\n", "'roots' must be a list of schema names"),
        ("[[tool.modelgen.jobs]]\nspec = 'a.yaml'\nflavour = 'pydantic'\noutput = 'm.py'\noverlays = 'o.yaml'\n", "'overlays' must be a list of overlay files"),
        ("[[tool.modelgen.jobs]]\nspec = 'a.yaml'\nflavour = 'pydantic'\noutput = 'm.py'\nflavor = 'x'\n", "\\(output m.py\\): unknown key 'flavor'; did you mean 'flavour'\\?"),
        ("[[tool.modelgen.jobs]]\nspec = 'a.yaml'\nflavour = 'pydantic'\noutput = 'm.py'\nfrozen = 'yes'\n", "\\(output m.py\\): frozen must be true or false"),
        ("[[tool.modelgen.jobs]]\nspec = 'a.yaml'\nflavour = 'pydantc'\noutput = 'm.py'\n", "\\(output m.py\\): unknown flavour 'pydantc'"),
        ("[[tool.modelgen.jobs]]\nspec = 'a.yaml'\nflavour = 'pydantic'\noutput = 'm.py'\nreading = 'loose'\n", "unknown reading 'loose'"),
    ],
)
def test_every_mistake_in_the_pyproject_names_the_file(here: Path, text: str, message: str) -> None:
    path = pyproject(here, text)
    with pytest.raises(UsageError) as caught:
        read_pyproject(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert re.search(message, str(caught.value)), str(caught.value)


def test_a_missing_pyproject(here: Path) -> None:
    with usage_error("pyproject.toml: not found; give a SPEC"):
        read_pyproject(here / "pyproject.toml")


# -- finding the pyproject --------------------------------------------------------------------


def test_find_config_here_and_above(here: Path) -> None:
    pyproject(here, JOBS)
    (here / "src" / "app").mkdir(parents=True)
    assert find_config(here) == Path("pyproject.toml")
    assert find_config(here / "src" / "app") == Path("../../pyproject.toml")


def test_find_config_passes_over_a_pyproject_without_the_table(here: Path) -> None:
    pyproject(here, JOBS)
    (here / "sub").mkdir()
    pyproject(here / "sub", '[project]\nname = "x"\ndependencies = ["modelgen"]\n')
    assert find_config(here / "sub") == Path("../pyproject.toml")


def test_find_config_stops_at_a_broken_pyproject_that_names_modelgen(here: Path) -> None:
    (here / "sub").mkdir()
    pyproject(here / "sub", "[tool.modelgen\n")
    with usage_error("sub/pyproject.toml: invalid TOML"):
        find_config(here / "sub")


def test_find_config_without_any(here: Path) -> None:
    (here / "deep").mkdir()
    with usage_error("no pyproject.toml with \\[tool.modelgen\\] in .*deep or a folder above it"):
        find_config(here / "deep")


# -- the cache's folder -----------------------------------------------------------------------


def test_the_default_cache_dir(monkeypatch: pytest.MonkeyPatch, here: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "/var/cache/me")
    assert default_cache_dir() == Path("/var/cache/me/modelgen")
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    monkeypatch.setenv("HOME", str(here))
    assert default_cache_dir() == here / ".cache" / "modelgen"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_dir() == Path(os.environ["HOME"]) / ".cache" / "modelgen"

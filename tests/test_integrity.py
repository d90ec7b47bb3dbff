"""Integrity under faults: what modelgen writes is what the files it read say, whatever happens
to the files, the parse cache or the process while it runs.

- A file saved while a run reads it: the models and the hashes in the header come from the same
  bytes, and the parse cache keeps nothing of the other version.
- The parse cache damaged in any way (a byte flipped anywhere, an entry cut short, files planted
  in it: a pickle that would run code, another spec's entry, an entry of another generator, a
  forged entry whose hash matches, a link to a device): the run rebuilds silently and writes
  byte for byte what a run without a cache writes; nothing planted ever runs.
- A run killed at any moment while it writes several outputs: the next ``--check`` says so, the
  next run finishes the write; the outputs end as a whole run writes them, nothing left over.
- A write that fails (a read-only folder, a full disk): one clear error naming the file and the
  reason, exit status 2, every output as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from modelgen.app.state import read_state
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
        name: {type: string, description: The name.}
        owner: {$ref: 'common.yaml#/Owner'}
"""
COMMON = "Owner:\n  type: object\n  properties:\n    {field}: {{type: string}}\n"
OVERLAY = """overlay: 1.0.0
info: {{title: fix, version: '1'}}
actions:
- target: $.components.schemas.Pet.properties.name
  update: {{description: {text}}}
"""
PYPROJECT = """[tool.modelgen]
spec = "api.yaml"
overlays = ["fix.yaml"]

[[tool.modelgen.jobs]]
flavour = "pydantic"
output = "models.py"
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "api.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "common.yaml").write_text(COMMON.format(field="first"), encoding="utf-8")
    (tmp_path / "fix.yaml").write_text(OVERLAY.format(text="One."), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path


def saved_during_the_run(monkeypatch: pytest.MonkeyPatch, path: Path, text: str) -> None:
    """``path`` gets ``text`` right after the run first reads it (an editor saving it then)."""
    read_bytes = Path.read_bytes

    def reading(self: Path) -> bytes:
        data = read_bytes(self)
        if self.name == path.name and path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        return data

    monkeypatch.setattr(Path, "read_bytes", reading)


def generated(project: Path, *args: str) -> str:
    assert main(["generate", "--quiet", *args]) == 0
    return (project / "models.py").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("fix.yaml", OVERLAY.format(text="One."), OVERLAY.format(text="Two.")),
        ("common.yaml", COMMON.format(field="first"), COMMON.format(field="second")),
        ("api.yaml", SPEC, SPEC.replace("type: object", "type: object\n      description: A pet.", 1)),
    ],
)
def test_a_file_saved_during_a_run_gives_one_version_whole(
    project: Path, monkeypatch: pytest.MonkeyPatch, name: str, old: str, new: str
) -> None:
    """The models and the header's hashes come from the same bytes; the cache is not poisoned:
    the next runs give each version's models for that version."""
    with monkeypatch.context() as patch:
        saved_during_the_run(patch, project / name, new)
        text = generated(project, "--force")
    state = read_state(text)
    assert state is not None
    (project / name).write_text(old, encoding="utf-8")
    old_module = generated(project, "--no-cache", "--force")
    (project / name).write_text(new, encoding="utf-8")
    new_module = generated(project, "--no-cache", "--force")
    assert text in (old_module, new_module), "one version's models under the other's hashes"
    for version, module in ((old, old_module), (new, new_module), (old, old_module)):
        (project / name).write_text(version, encoding="utf-8")
        assert generated(project) == module, "the parse cache gave another version's models"


def test_every_file_a_run_reads_is_read_once(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The spec, the file it refers to and the overlay: once each, to judge the output, find the
    spec in the cache, parse it and hash it."""
    assert main(["generate", "--quiet"]) == 0
    (project / "models.py").write_text((project / "models.py").read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    reads: dict[str, int] = {}
    read_bytes = Path.read_bytes

    def counting(self: Path) -> bytes:
        reads[self.name] = reads.get(self.name, 0) + 1
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    for cache in ("--no-cache", None):  # parsed, then found in the cache
        reads.clear()
        assert main(["generate", "--quiet", "--force", *([cache] if cache else [])]) == 0
        assert {name: reads.get(name) for name in ("api.yaml", "common.yaml", "fix.yaml")} == {
            "api.yaml": 1, "common.yaml": 1, "fix.yaml": 1
        }, cache


# -- the parse cache under damage ----------------------------------------------------------------


@pytest.fixture
def cached(project: Path) -> tuple[Path, str]:
    """A project whose run filled the cache: the cache folder, and the module a cold run writes."""
    assert main(["generate", "--quiet", "--no-cache"]) == 0
    cold = (project / "models.py").read_text(encoding="utf-8")
    (project / "models.py").unlink()
    assert main(["generate", "--quiet"]) == 0
    assert (project / "models.py").read_text(encoding="utf-8") == cold
    return project / "cache" / "modelgen", cold


def entries(folder: Path) -> list[Path]:
    """The cache's entries (by key, and by version; whatever their format)."""
    found = sorted(p for p in [*folder.glob("*"), *folder.glob("versions/*")] if p.is_file() or p.is_symlink())
    assert found, "the run stored its parse"
    return found


def regenerated(project: Path, capfd: pytest.CaptureFixture[str]) -> str:
    """The module a run writes now (from scratch), after checking that it ran cleanly."""
    (project / "models.py").unlink(missing_ok=True)
    capfd.readouterr()
    assert main(["generate", "--quiet"]) == 0
    assert capfd.readouterr().err == "", "a damaged cache is no error, and says nothing"
    return (project / "models.py").read_text(encoding="utf-8")


def rewrite(entry: Path, data: bytes) -> None:
    """New bytes for an entry (its links to other names go: each name gets its own file)."""
    entry.unlink()
    entry.write_bytes(data)


@pytest.mark.slow
def test_a_byte_flipped_anywhere_in_an_entry_is_a_rebuild(cached: tuple[Path, str], project: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """A flipped byte renamed a field (a pickle that still loaded), or crashed every later run."""
    folder, cold = cached
    entry = entries(folder)[0]
    data = entry.read_bytes()
    head = data.index(b"\n")
    places = sorted({0, 5, head - 3, head, head + 1, head + 2, len(data) // 3, len(data) // 2, len(data) - 2, len(data) - 1})
    places += [i for i in range(head, len(data), max(1, len(data) // 40))]
    for place in places:
        for other in entries(folder):
            rewrite(other, data[:place] + bytes([data[place] ^ 0x20]) + data[place + 1 :])
        assert regenerated(project, capfd) == cold, f"byte {place}"


def test_an_entry_cut_short_is_a_rebuild(cached: tuple[Path, str], project: Path, capfd: pytest.CaptureFixture[str]) -> None:
    folder, cold = cached
    data = entries(folder)[0].read_bytes()
    for length in (0, 1, data.index(b"\n"), data.index(b"\n") + 1, len(data) // 2, len(data) - 1):
        for entry in entries(folder):
            rewrite(entry, data[:length])
        assert regenerated(project, capfd) == cold, f"cut at {length}"


def test_a_planted_pickle_never_runs(cached: tuple[Path, str], project: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """Under every name the cache has (and under the names of the old pickle cache)."""
    folder, cold = cached
    marker = project / "planted-code-ran"
    payload = pickle.dumps(_Planted(str(marker)))
    names = [*entries(folder), *(e.with_suffix(".pickle") for e in entries(folder)), *(e.with_suffix(".json") for e in entries(folder))]
    for name in names:
        rewrite(name, payload) if name.exists() else name.write_bytes(payload)
    assert regenerated(project, capfd) == cold
    assert not marker.exists(), "a pickle planted in the cache ran"


def test_planted_compiled_templates_never_run(cached: tuple[Path, str], project: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """Jinja's bytecode cache (which modelgen kept in the cache folder) loads a pickle and
    marshalled code from each file: planted there, they ran."""
    import jinja2
    from modelgen.render.templates import environment, template_dir

    folder, cold = cached
    marker = project / "planted-template-ran"
    planted = folder / "templates"
    planted.mkdir(exist_ok=True)
    payload = jinja2.bccache.bc_magic + pickle.dumps(_Planted(str(marker)), 2)
    bytecode = jinja2.FileSystemBytecodeCache(str(planted))
    for template in template_dir().rglob("*.jinja"):
        name = template.relative_to(template_dir()).as_posix()
        (planted / f"__jinja2_{bytecode.get_cache_key(name, str(template))}.cache").write_bytes(payload)
    environment.cache_clear()  # as in a new process: no template compiled yet
    assert regenerated(project, capfd) == cold
    assert not marker.exists(), "a compiled template planted in the cache ran"


def test_another_specs_entry_under_this_ones_name_is_a_rebuild(
    cached: tuple[Path, str], project: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A whole, well-formed entry, stored for another spec: its key does not match."""
    folder, cold = cached
    (project / "api.yaml").write_text(SPEC.replace("The name.", "Another name."), encoding="utf-8")
    assert main(["generate", "--quiet"]) == 0
    (project / "api.yaml").write_text(SPEC, encoding="utf-8")
    newest = max(entries(folder), key=lambda p: p.stat().st_mtime_ns)
    for entry in entries(folder):
        if entry != newest:
            rewrite(entry, newest.read_bytes())
    assert regenerated(project, capfd) == cold


def test_an_entry_of_another_format_or_generator_is_a_rebuild(
    cached: tuple[Path, str], project: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    folder, cold = cached
    data = entries(folder)[0].read_bytes()
    head, _, payload = data.partition(b"\n")
    fields = head.split(b" ")
    for index, value in ((0, b"modelgen-other-cache"), (1, b"0"), (1, b"2"), (2, b"0" * 16)):
        changed = b" ".join([*fields[:index], value, *fields[index + 1 :]]) + b"\n" + payload
        for entry in entries(folder):
            rewrite(entry, changed)
        assert regenerated(project, capfd) == cold, (index, value)


@pytest.mark.parametrize(
    "payload",
    [
        b"[]", b"{}", b"null", b"[" * 100_000, b'{"name": 1}',
        # well-formed but wrong: a row that refers to a later one, a kind of row that does not exist, a string where a flag goes
        "types",
        "kinds",
        "required",
        "attributes",
    ],
)
def test_a_forged_entry_whose_hash_matches_is_a_rebuild(
    cached: tuple[Path, str], project: Path, capfd: pytest.CaptureFixture[str], payload: bytes | str
) -> None:
    """Someone who writes a matching hash still gets no crash and no other models: every value
    is checked as it is read."""
    folder, cold = cached
    data = entries(folder)[0].read_bytes()
    head, _, real = data.partition(b"\n")
    if isinstance(payload, str):
        document = json.loads(real)
        _forge(document, payload)
        payload = json.dumps(document).encode()
    fields = head.split(b" ")
    forged = b" ".join([*fields[:5], hashlib.sha256(payload).hexdigest().encode()]) + b"\n" + payload
    for entry in entries(folder):
        rewrite(entry, forged)
    assert regenerated(project, capfd) == cold


def _forge(document: dict[str, object], how: str) -> None:
    definitions = document["definitions"]
    assert isinstance(definitions, dict)
    if how == "types":
        types = document["types"]
        assert isinstance(types, list)
        types.insert(0, [2, len(types) + 5])  # a list of a row not yet read
    elif how == "kinds":
        definitions["kinds"] = "x" + definitions["kinds"][1:]
    elif how == "required":
        definitions["fields"]["required"][0] = "yes"
    elif how == "attributes":
        attributes = document["attributes"]
        assert isinstance(attributes, dict)
        attributes["count"][0] += 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_link_a_pipe_or_a_folder_under_an_entrys_name_is_a_rebuild(
    cached: tuple[Path, str], project: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Not followed: /dev/zero never ends, and a pipe would wait for a writer forever."""
    folder, cold = cached
    names = entries(folder)
    data = names[0].read_bytes()
    (project / "good.json").write_bytes(data)
    for plant in ("dev-zero", "link-to-a-good-entry", "fifo", "folder"):
        for entry in names:
            if entry.is_dir() and not entry.is_symlink():
                os.rmdir(entry)
            else:
                entry.unlink(missing_ok=True)
            if plant == "dev-zero":
                entry.symlink_to("/dev/zero")
            elif plant == "link-to-a-good-entry":
                entry.symlink_to(project / "good.json")
            elif plant == "fifo":
                os.mkfifo(entry)
            else:
                entry.mkdir()
        assert regenerated(project, capfd) == cold, plant


class _Planted:
    """A pickle that writes a file when it is loaded: what an attacker would plant."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return exec, (f"open({self.marker!r}, 'w').write('ran')",)


def test_a_damaged_entry_of_the_spec_an_output_was_made_from_only_leaves_out_what_changed(
    cached: tuple[Path, str], project: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The changelog of a regenerated module finds the old spec by the hashes in its header."""
    folder, _ = cached
    (project / "api.yaml").write_text(SPEC.replace("        owner:", "        age: {type: integer}\n        owner:"), encoding="utf-8")
    assert main(["generate", "--check"]) == 1
    assert "Pet: age: field added" in capfd.readouterr().err, "the old spec is found while the cache is whole"
    for entry in entries(folder):
        data = entry.read_bytes()
        rewrite(entry, data[:-10] + bytes([data[-10] ^ 1]) + data[-9:])
    assert main(["generate"]) == 0
    err = capfd.readouterr().err
    assert "models.py: the spec changed:" in err and "not in the cache" in err and "Traceback" not in err


# -- a run killed while it writes ---------------------------------------------------------------

THREE_JOBS = """[tool.modelgen]
spec = "api.yaml"
overlays = ["fix.yaml"]

[[tool.modelgen.jobs]]
flavour = "pydantic"
output = "models/a_pydantic.py"

[[tool.modelgen.jobs]]
flavour = "dataclasses"
output = "models/b_dataclasses.py"

[[tool.modelgen.jobs]]
flavour = "typeddict"
output = "models/c_typeddict.py"
"""
NEW_SPEC = SPEC.replace("        owner:", "        age: {type: integer}\n        owner:")


def outputs_of(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "models").glob("*.py"))}


def leftovers(project: Path) -> list[str]:
    """What a write may leave behind: temporary files and its journal."""
    return sorted(p.name for p in project.rglob("*") if p.name.endswith(".tmp") or "modelgen-journal" in p.name)


@pytest.fixture
def three(project: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """A project with three outputs (the old set), then a new spec and one job fewer; and the
    set a whole run writes for that (the new set)."""
    (project / "pyproject.toml").write_text(THREE_JOBS, encoding="utf-8")
    assert main(["generate", "--quiet", "--no-cache"]) == 0
    old = outputs_of(project)
    (project / "api.yaml").write_text(NEW_SPEC, encoding="utf-8")
    (project / "pyproject.toml").write_text(THREE_JOBS.rsplit("\n[[tool.modelgen.jobs]]", 1)[0] + "\n", encoding="utf-8")
    twin = project.parent / f"{project.name}-twin"
    shutil.copytree(project, twin, ignore=shutil.ignore_patterns("cache"))
    os.chdir(twin)
    assert main(["generate", "--quiet", "--no-cache"]) == 0
    new = outputs_of(twin)
    os.chdir(project)
    assert len(old) == 3 and len(new) == 2 and all(old[name] != new[name] for name in new)
    return old, new


def run_killed_at(step: int) -> bool:
    """``modelgen generate`` in a child process killed (``os._exit``: no handler, no cleanup runs)
    just before its ``step``-th change to the file system; whether it was killed (else it ended)."""
    pid = os.fork()
    if pid == 0:  # the child
        code = 3
        try:
            count = 0
            for name in ("open", "replace", "unlink", "rename", "link", "mkdir", "chmod"):
                real = getattr(os, name)

                def changing(*args: object, _real: Callable[..., object] = real, _name: str = name, **kwargs: object) -> object:
                    nonlocal count
                    writes = _name != "open" or (len(args) > 1 and isinstance(args[1], int) and args[1] & (os.O_WRONLY | os.O_RDWR))
                    if writes:
                        count += 1
                        if count == step:
                            os._exit(9)
                    return _real(*args, **kwargs)

                setattr(os, name, changing)
            code = main(["generate", "--quiet", "--no-cache"])
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) in (0, 9), status
    return os.WEXITSTATUS(status) == 9


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="a process to kill")
def test_a_run_killed_at_any_moment_is_detected_and_finished(
    project: Path, three: tuple[dict[str, bytes], dict[str, bytes]], capfd: pytest.CaptureFixture[str]
) -> None:
    """Before the journal, a kill between the renames left old and new modules mixed."""
    old_set, new_set = three
    pristine = {name: (project / "models" / name).read_bytes() for name in old_set}
    steps = 0
    for step in range(1, 100):
        for name, data in pristine.items():  # the old set again
            (project / "models" / name).write_bytes(data)
        killed = run_killed_at(step)
        now = outputs_of(project)
        stopped = (project / ".modelgen-journal").exists()
        assert now in (old_set, new_set) or stopped, f"step {step}: a mixed set, and nothing says so"
        capfd.readouterr()
        expected = 0 if now == new_set and not stopped else 1
        assert main(["generate", "--check", "--quiet", "--no-cache"]) == expected, f"step {step}"
        assert main(["generate", "--quiet", "--no-cache"]) == 0, f"step {step}"
        assert outputs_of(project) == new_set and leftovers(project) == [], f"step {step}"
        assert main(["generate", "--check", "--quiet", "--no-cache"]) == 0
        assert "Traceback" not in capfd.readouterr().err
        if not killed:
            steps = step - 1
            break
    assert steps > 5, "the run changes the file system in several steps"


# -- a write that fails --------------------------------------------------------------------------


def failing_writes(monkeypatch: pytest.MonkeyPatch, folder: Path, how: str) -> None:
    """New files in ``folder`` cannot be made (a read-only file system), or take no bytes (a full
    disk: what is written goes to /dev/full)."""
    real_open = os.open

    def opening(path: object, flags: int, mode: int = 0o777, *args: object, **kwargs: object) -> int:
        if Path(os.path.abspath(str(path))).parent == folder and flags & os.O_CREAT:
            if how == "read-only":
                raise OSError(30, "Read-only file system", str(path))
            os.close(real_open(path, flags, mode))  # (made, as on a full disk, but no byte fits)
            return real_open("/dev/full", os.O_WRONLY)
        return real_open(path, flags, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", opening)


@pytest.mark.slow
@pytest.mark.parametrize(("how", "reason"), [("read-only", "Read-only file system"), ("full", "No space left on device")])
def test_a_write_that_fails_is_one_clear_error_and_changes_nothing(
    project: Path,
    three: tuple[dict[str, bytes], dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    how: str,
    reason: str,
) -> None:
    """A read-only folder or a full disk gave a traceback and exit status 1."""
    if how == "full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    old_set, new_set = three
    capfd.readouterr()
    with monkeypatch.context() as patch:
        failing_writes(patch, project / "models", how)
        assert main(["generate", "--quiet", "--no-cache"]) == 2
    err = capfd.readouterr().err
    assert f"error: cannot write models/a_pydantic.py: {reason}; no output was changed" in err, err
    assert "Traceback" not in err
    assert outputs_of(project) == old_set and leftovers(project) == []
    assert main(["generate", "--quiet", "--no-cache"]) == 0 and outputs_of(project) == new_set


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="permissions bind no superuser")
def test_a_folder_without_write_permission_is_one_clear_error(
    project: Path, three: tuple[dict[str, bytes], dict[str, bytes]], capfd: pytest.CaptureFixture[str]
) -> None:
    old_set, _ = three
    (project / "models").chmod(0o555)
    try:
        capfd.readouterr()
        assert main(["generate", "--quiet", "--no-cache"]) == 2
        err = capfd.readouterr().err
        assert "error: cannot write models/a_pydantic.py: Permission denied; no output was changed" in err
        assert "Traceback" not in err and outputs_of(project) == old_set
    finally:
        (project / "models").chmod(0o755)


@pytest.mark.slow
def test_check_says_a_run_was_stopped_and_generate_finishes_or_drops_it(
    project: Path, three: tuple[dict[str, bytes], dict[str, bytes]], capfd: pytest.CaptureFixture[str]
) -> None:
    """A journal that says the write was committed is finished; one that says it was still
    staging is dropped, with its temporary files (the old outputs stand, then are regenerated)."""
    from modelgen.app import write

    old_set, new_set = three
    for phase in ("commit", "staging"):
        plan = write._Plan([(Path("models") / name, write._temporary(Path("models") / name)) for name in new_set], [])
        for path, tmp in plan.writes:
            tmp.write_bytes(new_set[path.name])
        write._record(project / ".modelgen-journal", phase, plan)
        capfd.readouterr()
        assert main(["generate", "--check", "--no-cache"]) == 1
        assert ".modelgen-journal: a run was stopped while it wrote the outputs" in capfd.readouterr().err
        assert (project / ".modelgen-journal").exists(), "--check changes nothing"
        completed = [project / "models" / name for name in new_set] if phase == "commit" else []
        assert write.recover(project / ".modelgen-journal") == completed
        assert leftovers(project) == []
        expected = {**old_set, **new_set} if phase == "commit" else old_set
        assert outputs_of(project) == expected
        for name, data in old_set.items():
            (project / "models" / name).write_bytes(data)


def test_a_journal_that_names_other_files_moves_nothing(project: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """Only temporary files named as modelgen names them, beside their outputs, are moved."""
    (project / "keep.txt").write_text("mine\\n", encoding="utf-8")
    (project / ".modelgen-journal").write_text(json.dumps({"phase": "commit", "write": [["api.yaml", "keep.txt"]], "remove": []}))
    capfd.readouterr()
    assert main(["generate", "--quiet", "--no-cache"]) == 2
    err = capfd.readouterr().err
    assert ".modelgen-journal: not a record modelgen wrote" in err and "Traceback" not in err
    assert (project / "keep.txt").read_text(encoding="utf-8") == "mine\\n" and (project / "api.yaml").read_text(encoding="utf-8") == SPEC

"""One frozen ``Config``, built once from ``[tool.modelgen]`` in pyproject.toml and the command line."""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, cast, get_args

from ..errors import UsageError
from ..render.options import Options
from ..scope import Scope
from ..sources import RefPolicy



def _toml() -> Any:
    """The TOML reader (imported when a pyproject is read: a run given its spec needs none)."""
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    import tomli  # pragma: no cover - Python 3.10

    return tomli  # pragma: no cover


# The flavours a job may name (``flavours.NAMES``, spelled out here so that a run that finds
# every output up to date loads no flavour; a test keeps the two the same).
FlavourName = Literal["dataclasses", "msgspec", "pydantic", "typeddict"]
FLAVOURS: tuple[str, ...] = get_args(FlavourName)
PROJECT_COMMAND = "modelgen generate"  # how a job of [tool.modelgen] is regenerated
READINGS: tuple[Reading, ...] = ("exact", "tolerant")
# A module named like one of these, next to code that imports it, hides the real one.
SHADOWED = frozenset(sys.stdlib_module_names) | {"pydantic", "typing_extensions", "msgspec", "annotated_types", "modelgen"}


@dataclass(frozen=True)
class Job:
    """One output module: a spec, the roots taken from it, a flavour and a file."""

    spec: Path
    flavour: FlavourName
    output: Path
    roots: tuple[str, ...]
    command: str
    overlays: tuple[Path, ...] = ()  # OpenAPI Overlays applied to the spec, in order
    reading: Reading = "exact"  # or "tolerant": what a newer version of the API could send is accepted
    options: Options = field(default_factory=lambda: Options())
    operations: tuple[str, ...] = ()  # whose request, response and parameter models are generated
    tags: tuple[str, ...] = ()  # every operation with one of these tags too
    # A job of [tool.modelgen]: which config writes the output, and where (``output_identity``)
    origin: str = ""
    # and the entry of the config that gives each key (``spec``, ``roots``), for messages
    entries: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    config_file: Path | None = field(default=None, compare=False)  # the pyproject.toml of a job of [tool.modelgen]

    @property
    def package(self) -> bool:
        """Whether the output is a package folder (a path without ``.py``), not a module."""
        return self.output.suffix != ".py" and self.output.name != "-"

    @property
    def shares_runtime(self) -> bool:
        """Whether the modules import one runtime module (``_modelgen_runtime.py``) rather than
        carry its code: the default for a package, an option for a single module."""
        return self.options.runtime == "shared" or (self.package and self.options.runtime is None)

    def entry(self, key: str) -> str | None:
        """Where the config gives ``key`` of this job ("pyproject.toml: [tool.modelgen] roots
        (for ...)"); None for a job of the command line."""
        return dict(self.entries).get(key)

    @property
    def source(self) -> Source:
        """What the job reads."""
        return Source(self.spec, self.overlays, self.reading, self.roots, self.operations, self.tags)

    @property
    def scope(self) -> Scope:
        """What the job takes from its spec."""
        return Scope(self.roots, operations=self.operations, tags=self.tags)


Command = Literal["generate", "check-payloads", "diff", "graph"]
Reading = Literal["exact", "tolerant"]


@dataclass(frozen=True)
class Source:
    """What a command reads: a spec, the overlays applied to it in order, how it is read, and
    the roots taken from it (every component schema without roots)."""

    spec: Path
    overlays: tuple[Path, ...] = ()
    reading: Reading = "exact"
    roots: tuple[str, ...] = ()
    operations: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def scope(self) -> Scope:
        """What is taken from the spec."""
        return Scope(self.roots, operations=self.operations, tags=self.tags)


@dataclass(frozen=True)
class DiffArgs:
    """``modelgen diff``: OLD NEW, or the spec at a git revision against the spec as it is."""

    since: str | None = None
    format: Literal["text", "markdown", "json"] = "text"
    fail_on: Literal["breaking", "reads", "builds", "old-payloads", "any"] | None = None


@dataclass(frozen=True)
class PayloadArgs:
    """``modelgen check-payloads``: the payload files, and where the report and overlay go."""

    files: tuple[Path, ...] = ()
    write_overlay: Path | None = None
    json: bool = False
    command: str = ""  # the command line, recorded in the overlay it writes


@dataclass(frozen=True)
class Config:
    """Everything a command needs, from the command line and ``[tool.modelgen]``, checked once."""

    jobs: tuple[Job, ...] = ()
    check: bool = False
    debug: bool = False
    quiet: bool = False
    cache_dir: Path | None = None  # None: no parse cache
    refs: RefPolicy = RefPolicy()
    # Jobs from [tool.modelgen]: the config lists every module, so one it no longer lists goes.
    project: bool = False
    pyproject: Path | None = None  # the file of [tool.modelgen], with ``project``
    command: Command = "generate"
    force: bool = False  # overwrite files modelgen did not generate
    stdout: bool = False  # the module on standard output (``--output -``): nothing written
    sources: tuple[Source, ...] = ()  # what diff, graph and check-payloads read
    diff: DiffArgs = DiffArgs()
    payloads: PayloadArgs = PayloadArgs()

    @classmethod
    def from_sources(
        cls,
        *,
        spec: str | None,
        flavour: str | None,
        output: str | None,
        roots: list[str] | None,
        check: bool,
        debug: bool,
        pyproject: Path | None,
        quiet: bool = False,
        use_cache: bool = True,
        refs: RefPolicy = RefPolicy(),
        overlays: list[str] | None = None,
        reading: str | None = None,
        options: dict[str, Any] | None = None,
        operations: list[str] | None = None,
        tags: list[str] | None = None,
    ) -> Config:
        """From the command line when it names a spec; otherwise every job of ``pyproject``."""
        cache_dir = default_cache_dir() if use_cache else None
        if spec is not None:
            if flavour is None or output is None:
                missing = [flag for flag, value in (("--flavour", flavour), ("--output", output)) if value is None]
                are = "are" if len(missing) > 1 else "is"
                raise UsageError(f"with a SPEC, {' and '.join(missing)} {are} missing (both are required)")
            job = _job(
                spec, flavour, output, roots or [], Path(), None, refs, overlays or [], reading or "exact",
                Options.parse(options or {}, Path.cwd()), operations or [], tags or [],
            )
            return cls((job,), check, debug, quiet, cache_dir, refs)
        if flavour or output or roots or operations or tags or overlays or reading or options:
            raise UsageError(
                "--flavour, --output, --root, --operation, --tag, --overlay, --reading and the options of the models"
                " go with a SPEC;"
                " without one, jobs come from pyproject.toml"
            )
        found = pyproject if pyproject is not None else find_config(Path.cwd())
        jobs, trusted = read_pyproject(found)
        return cls(jobs, check, debug, quiet, cache_dir, _trusting(refs, trusted), project=True, pyproject=found)


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/modelgen``, or ``~/.cache/modelgen``: safe to delete at any time."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "modelgen"


def read_pyproject(path: Path) -> tuple[tuple[Job, ...], RefPolicy]:
    """The jobs of ``[tool.modelgen]`` (a default ``spec`` and ``roots``, and ``[[tool.modelgen.jobs]]``),
    and which ``$ref``s it trusts (``allow-ref-outside``, ``allow-remote-refs``). Every problem
    found is reported at once, each with the file, the table or job, and the key."""
    table = _modelgen_table(path)
    problems = [f"{path}: [tool.modelgen]: {problem}" for problem in unknown_keys(table, TOP_KEYS)]
    if not isinstance(table.get("jobs"), list) or not table["jobs"]:
        problems.append(f"{path}: no [[tool.modelgen.jobs]] to run")
    trust = {key: table.get(key, False) for key in ("allow-ref-outside", "allow-remote-refs")}
    problems += [f"{path}: tool.modelgen.{key} must be true or false" for key, value in trust.items() if not isinstance(value, bool)]
    defaults, found = _defaults(table, path)  # what every job takes, checked once (and blamed on no job)
    problems += found
    jobs = []
    for i, raw in enumerate(table["jobs"] if isinstance(table.get("jobs"), list) else ()):
        job, found = _project_job(path, defaults, i, raw)
        problems += found
        jobs += [job] if job is not None else []
    if problems:
        raise UsageError(problems[0] if len(problems) == 1 else f"{path}: {len(problems)} problems:\n  " + "\n  ".join(problems))
    return tuple(jobs), RefPolicy(outside=trust["allow-ref-outside"], remote=trust["allow-remote-refs"])


def _defaults(table: dict[str, Any], path: Path) -> tuple[dict[str, Any], list[str]]:
    """The keys of ``[tool.modelgen]`` that every job takes, without those that have a problem,
    and the problems (so that they are reported once, against the table, not against each job)."""
    problems = {}
    if "spec" in table and not isinstance(table["spec"], str):
        problems["spec"] = "spec: must be the path of the spec (a string)"
    if table.get("reading", "exact") not in READINGS:
        problems["reading"] = f"reading = {table['reading']!r}: choose exact (the default) or tolerant"
    problems.update({key: f"{key!r} must be a list of {what}" for key, what in LISTS.items() if key in table and not _is_strings(table[key])})
    _, found = Options.checked({key: table[key] for key in Options.KEYS if key in table}, path.parent)
    bad = {*problems, *(Options.KEYS if found else ())}
    defaults = {key: value for key, value in table.items() if key not in bad}
    return defaults, [f"{path}: [tool.modelgen]: {problem}" for problem in [*problems.values(), *found]]


# The keys whose value is a list of strings, and what the strings are
LISTS = {"roots": "schema names", "operations": "operations", "tags": "tags", "overlays": "overlay files"}


def _is_strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _modelgen_table(path: Path) -> dict[str, Any]:
    """The table ``[tool.modelgen]`` of ``path``; without one, the near miss that was probably meant."""
    toml = _toml()
    try:
        data = toml.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: not found; give a SPEC, or run where pyproject.toml has [tool.modelgen]") from None
    except toml.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}") from None
    tool = data.get("tool", {})
    table: Any = tool.get("modelgen") if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        raise UsageError(f"{path}: no [tool.modelgen] table" + _near_table(tool))
    return table


def _near_table(tool: object) -> str:
    """``; did you mean ...`` when ``[tool]`` has a table named nearly ``modelgen``."""
    import difflib

    names = [name for name in tool if isinstance(name, str)] if isinstance(tool, dict) else []
    near = difflib.get_close_matches("modelgen", names, n=1, cutoff=0.7)
    return f" ([tool.{near[0]}] is there: did you mean [tool.modelgen]?)" if near else ""


def _project_job(path: Path, table: dict[str, Any], i: int, raw: object) -> tuple[Job | None, list[str]]:
    """Job ``i`` of ``[[tool.modelgen.jobs]]``, with the defaults of ``table``; or None and every
    problem found in it, each naming the file, the job and the key."""
    where = f"{path}: tool.modelgen.jobs[{i}]"
    if not isinstance(raw, dict):
        return None, [f"{where}: must be a table"]
    if isinstance(raw.get("output"), str):
        where += f" (output {raw['output']})"
    problems = unknown_keys(raw, JOB_KEYS)
    value: dict[str, Any] = {key: raw[key] if key in raw else table.get(key) for key in JOB_KEYS}
    for key in ("spec", "flavour", "output"):
        if not isinstance(value[key], str):
            problems.append(f"needs {key!r}" + (" (here or in [tool.modelgen])" if key == "spec" else "") + " as a string")
    for key, what in LISTS.items():
        value[key] = [] if value[key] is None else value[key]
        if not _is_strings(value[key]):
            problems.append(f"{key!r} must be a list of {what}")
    chosen = {key: value[key] for key in Options.KEYS if key in raw or key in table}
    if "base-class" in chosen and "base-class" not in raw and value["flavour"] not in _base_class_flavours():
        chosen.pop("base-class", None)  # set for every job: it means the Pydantic ones
    options, found = Options.checked(chosen, path.parent)
    problems += found
    reading = value["reading"] or "exact"
    if isinstance(value["flavour"], str) and isinstance(value["output"], str):
        problems += job_problems(value["flavour"], reading, options, value["output"])
    if problems:
        return None, [f"{where}: {problem}" for problem in problems]
    job = _job(
        value["spec"], value["flavour"], value["output"], value["roots"], path.parent, PROJECT_COMMAND,
        overlays=value["overlays"], reading=reading, options=options, operations=value["operations"], tags=value["tags"],
    )
    which = f"tool.modelgen.jobs[{i}], output {raw['output']}"  # the job, when the key is the table's
    entries = tuple(
        (key, f"{where}: {key}" if key in raw else f"{path}: [tool.modelgen] {key} (for {which})")
        for key in ("spec", "roots", "operations", "tags", "overlays")
    )
    return replace(job, origin=output_identity(path, job.output), entries=entries, config_file=path), []


TOP_KEYS = (
    "spec", "roots", "operations", "tags", "jobs", "overlays", "reading", "allow-ref-outside", "allow-remote-refs",
    *Options.KEYS,
)  # fmt: skip
JOB_KEYS = ("spec", "flavour", "output", "roots", "operations", "tags", "overlays", "reading", *Options.KEYS)


def output_identity(pyproject: Path, output: Path) -> str:
    """Which config writes ``output``, and where: a hash of the config file's name and of the
    output's path from the config's folder (no machine's paths). A module's header records it;
    only a module whose record matches its own path under this config is the project's to
    remove: a copy of a generated module under another name, or from another project, is not."""
    import hashlib

    where = os.path.relpath(os.path.abspath(output), os.path.abspath(pyproject.parent))
    return hashlib.sha256(f"{pyproject.name}\0{Path(where).as_posix()}".encode()).hexdigest()[:16]


def unknown_keys(table: Mapping[str, object], known: tuple[str, ...], what: str = "key") -> list[str]:
    """One message for each key of ``table`` modelgen does not know, with the one that was
    probably meant (or the known ones)."""
    import difflib

    problems = []
    for key in sorted(set(table) - set(known)):
        near = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        problems.append(f"unknown {what} {key!r}" + (f"; did you mean {near[0]!r}?" if near else f" (known: {', '.join(known)})"))
    return problems


def find_config(start: Path, instead: str = "give a SPEC (with --flavour and --output)") -> Path:
    """The nearest ``pyproject.toml`` with a ``[tool.modelgen]`` table, from ``start`` upwards (as
    black and ruff find theirs), as a path relative to ``start`` when it can be. Without one, the
    error says what the command takes ``instead``, and names a table spelled nearly so."""
    seen = []
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        try:
            text = candidate.read_text(encoding="utf-8")
        except OSError:
            continue
        seen.append((candidate, text))
        if "modelgen" in text:
            toml = _toml()
            try:
                table = toml.loads(text).get("tool", {}).get("modelgen")
            except toml.TOMLDecodeError as exc:
                raise UsageError(f"{candidate}: invalid TOML: {exc}") from None
            if table is not None:
                return Path(os.path.relpath(candidate, start)) if folder != start else Path("pyproject.toml")
    raise UsageError(
        f"no pyproject.toml with [tool.modelgen] in {start} or a folder above it; {instead}, or --config FILE"
        + next((f"; {path}: {near[2:-1]}" for path, near in _near_tables(seen)), "")
    )


def _near_tables(seen: list[tuple[Path, str]]) -> Iterator[tuple[Path, str]]:
    """Each file of ``seen`` with a table of ``[tool]`` named nearly ``modelgen``, and the hint."""
    toml = _toml()
    for path, text in seen:
        try:
            near = _near_table(toml.loads(text).get("tool", {}))
        except toml.TOMLDecodeError:
            continue
        if near:
            yield path, near


def _relative(path: str) -> str:
    """A path of the command line as the header's command shows it: relative to where modelgen
    runs (no absolute path of one machine in a committed file); a URL as it is."""
    if "://" in path or not os.path.isabs(path):
        return path
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path


def _job(
    spec: str,
    flavour: str,
    output: str,
    roots: list[str],
    base: Path,
    command: str | None,
    refs: RefPolicy = RefPolicy(),
    overlays: list[str] | tuple[str, ...] = (),
    reading: object = "exact",
    options: Options | None = None,
    operations: list[str] | tuple[str, ...] = (),
    tags: list[str] | tuple[str, ...] = (),
) -> Job:
    options = options or Options()
    problems = job_problems(flavour, reading, options, output)
    if problems:
        raise UsageError("; ".join(problems))
    if command is None:
        words = ["modelgen", "generate", _relative(spec), "--flavour", flavour, "--output", _relative(output)]
        for root in roots:
            words += ["--root", root]
        for operation in operations:
            words += ["--operation", operation]
        for tag in tags:
            words += ["--tag", tag]
        for overlay in overlays:
            words += ["--overlay", _relative(overlay)]
        words += ["--reading", "tolerant"] if reading == "tolerant" else []
        words += options.words(_relative)
        words += ["--allow-ref-outside"] * refs.outside + ["--allow-remote-refs"] * refs.remote
        command = shlex.join(words)
    overlay_paths = tuple(base / o for o in overlays)
    return Job(
        _tidy(base / spec), cast(FlavourName, flavour), _tidy(base / output), tuple(dict.fromkeys(roots)), command,
        overlay_paths, cast(Reading, reading), options, tuple(dict.fromkeys(operations)), tuple(dict.fromkeys(tags)),
    )


def job_problems(flavour: str, reading: object, options: Options, output: str) -> list[str]:
    """What is wrong with a job's flavour, reading, options and output name (every problem)."""
    problems = []
    if flavour not in FLAVOURS:
        import difflib

        near = difflib.get_close_matches(str(flavour), FLAVOURS, n=1, cutoff=0.6)
        hint = f"did you mean {near[0]!r}? " if near else ""
        problems.append(f"unknown flavour {flavour!r}: {hint}choose one of {', '.join(FLAVOURS)}")
    if reading not in READINGS:
        problems.append(f"unknown reading {reading!r}: choose exact (the default) or tolerant")
    if options.base_class and flavour in FLAVOURS and flavour not in _base_class_flavours():
        problems.append(f"base-class is for {', '.join(_base_class_flavours())} models; the flavour here is {flavour}")
    stem = Path(output).stem
    if output != "-" and Path(output).suffix != ".py" and options.runtime == "inline":
        problems.append(
            f"output {output!r} is a package (no .py): its modules share one runtime module; runtime = 'inline' is"
            " for a single module (name a .py file)"
        )
    if output != "-" and Path(output).suffix not in ("", ".py"):
        problems.append(f"output {output!r}: name a module (a .py file) or a package folder (a name without a suffix)")
    if stem in SHADOWED:
        problems.append(f"output {output!r} would shadow the module {stem!r} that generated code imports; choose another name")
    return problems


def _base_class_flavours() -> tuple[str, ...]:
    """The flavours whose models can derive from a class of the user's (asked only when a job
    sets base-class: the flavours are not loaded otherwise)."""
    from ..flavours import TAKE_BASE_CLASS

    return TAKE_BASE_CLASS


def _tidy(path: Path) -> Path:
    """``path`` as messages show it: ``../../src/app/models.py`` seen from ``src/app`` is
    ``models.py`` (an absolute path stays absolute)."""
    if path.is_absolute():
        return path
    try:
        return Path(os.path.relpath(os.path.abspath(path)))
    except ValueError:  # another drive (Windows)
        return path


def _trusting(given: RefPolicy, trusted: RefPolicy) -> RefPolicy:
    """What the command line trusts, and what pyproject.toml trusts."""
    return RefPolicy(outside=given.outside or trusted.outside, remote=given.remote or trusted.remote)

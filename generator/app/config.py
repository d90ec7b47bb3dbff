"""One frozen ``Config``, built once from ``[tool.modelgen]`` in pyproject.toml and the command line."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, cast, get_args

from .._version import __version__
from ..errors import UsageError
from ..render.options import Options
from ..scope import Scope
from ..sources import RefPolicy

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


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
    def from_args(cls, argv: list[str]) -> Config:
        """The configuration of one run of ``modelgen``, from its arguments (and pyproject.toml)."""
        args = parser().parse_args(argv)
        return _FROM_ARGS[args.command](args, argv)

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
                raise UsageError("with a SPEC, --flavour and --output are required")
            job = _job(
                spec, flavour, output, roots or [], Path.cwd(), None, refs, overlays or [], reading or "exact",
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
    and which ``$ref``s it trusts (``allow-ref-outside``, ``allow-remote-refs``)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: not found; give a SPEC, or run where pyproject.toml has [tool.modelgen]") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}") from None
    table: Any = data.get("tool", {}).get("modelgen")
    if not isinstance(table, dict) or not table.get("jobs"):
        raise UsageError(f"{path}: no [[tool.modelgen.jobs]] to run")
    _known_keys(table, TOP_KEYS, f"{path}: [tool.modelgen]")
    trust = {key: table.get(key, False) for key in ("allow-ref-outside", "allow-remote-refs")}
    for key, value in trust.items():
        if not isinstance(value, bool):
            raise UsageError(f"{path}: tool.modelgen.{key} must be true or false")
    try:  # the options set for every job, checked once (and blamed on no job)
        Options.parse({key: table[key] for key in Options.KEYS if key in table}, path.parent)
    except UsageError as exc:
        raise UsageError(f"{path}: [tool.modelgen]: {exc}") from None
    jobs = []
    for i, raw in enumerate(table["jobs"]):
        where = f"{path}: tool.modelgen.jobs[{i}]"
        if not isinstance(raw, dict):
            raise UsageError(f"{where}: must be a table")
        if isinstance(raw.get("output"), str):
            where += f" (output {raw['output']})"
        _known_keys(raw, JOB_KEYS, where)
        spec = raw.get("spec", table.get("spec"))
        roots = raw.get("roots", table.get("roots", []))
        if not isinstance(spec, str) or not isinstance(raw.get("output"), str) or not isinstance(raw.get("flavour"), str):
            raise UsageError(f"{where}: needs 'spec' (here or in [tool.modelgen]), 'flavour' and 'output' strings")
        if not isinstance(roots, list) or not all(isinstance(r, str) for r in roots):
            raise UsageError(f"{where}: 'roots' must be a list of schema names")
        operations, tags = (_strings(raw.get(key, table.get(key, [])), key, where) for key in ("operations", "tags"))
        overlays = raw.get("overlays", table.get("overlays", []))
        if not isinstance(overlays, list) or not all(isinstance(o, str) for o in overlays):
            raise UsageError(f"{where}: 'overlays' must be a list of overlay files")
        reading = raw.get("reading", table.get("reading", "exact"))
        chosen = {key: raw[key] if key in raw else table[key] for key in Options.KEYS if key in raw or key in table}
        if "base-class" in chosen and "base-class" not in raw and raw["flavour"] not in _base_class_flavours():
            chosen.pop("base-class", None)  # set for every job: it means the Pydantic ones
        try:
            options = Options.parse(chosen, path.parent)
            job = _job(
                spec, raw["flavour"], raw["output"], roots, path.parent, PROJECT_COMMAND,
                overlays=overlays, reading=reading, options=options, operations=operations, tags=tags,
            )
            jobs.append(replace(job, origin=output_identity(path, job.output)))
        except UsageError as exc:
            raise UsageError(f"{where}: {exc}") from None
    return tuple(jobs), RefPolicy(outside=trust["allow-ref-outside"], remote=trust["allow-remote-refs"])


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


def _strings(value: object, key: str, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{where}: {key!r} must be a list of strings")
    return value


def _known_keys(table: dict[str, Any], known: tuple[str, ...], where: str) -> None:
    """Refuse keys modelgen does not know, with the one that was probably meant."""
    import difflib

    for key in sorted(set(table) - set(known)):
        near = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        raise UsageError(f"{where}: unknown key {key!r}" + (f"; did you mean {near[0]!r}?" if near else f" (known: {', '.join(known)})"))


def find_config(start: Path) -> Path:
    """The nearest ``pyproject.toml`` with a ``[tool.modelgen]`` table, from ``start`` upwards (as
    black and ruff find theirs), as a path relative to ``start`` when it can be."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        try:
            text = candidate.read_text(encoding="utf-8")
        except OSError:
            continue
        if "modelgen" in text:
            try:
                table = tomllib.loads(text).get("tool", {}).get("modelgen")
            except tomllib.TOMLDecodeError as exc:
                raise UsageError(f"{candidate}: invalid TOML: {exc}") from None
            if table is not None:
                return Path(os.path.relpath(candidate, start)) if folder != start else Path("pyproject.toml")
    raise UsageError(
        f"no pyproject.toml with [tool.modelgen] in {start} or a folder above it; give a SPEC (with --flavour and"
        " --output), or --config FILE"
    )


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
    if flavour not in FLAVOURS:
        import difflib

        near = difflib.get_close_matches(str(flavour), FLAVOURS, n=1, cutoff=0.6)
        hint = f"did you mean {near[0]!r}? " if near else ""
        raise UsageError(f"unknown flavour {flavour!r}: {hint}choose one of {', '.join(FLAVOURS)}")
    if reading not in READINGS:
        raise UsageError(f"unknown reading {reading!r}: choose exact (the default) or tolerant")
    if options.base_class and flavour not in _base_class_flavours():
        raise UsageError(f"base-class is for {', '.join(_base_class_flavours())} models; the flavour here is {flavour}")
    stem = Path(output).stem
    if stem in SHADOWED:
        raise UsageError(
            f"output {output!r} would shadow the module {stem!r} that generated code imports; choose another name"
        )
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
        overlay_paths, reading, options, tuple(dict.fromkeys(operations)), tuple(dict.fromkeys(tags)),
    )


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


# -- the command line: one parser, each subcommand's flags turned into a Config -----------------

SPEC_HELP = "OpenAPI 3.0/3.1 file, YAML or JSON"
CONFIG_HELP = "where [tool.modelgen] is (default: the nearest pyproject.toml with it, here or above)"
OVERLAY_HELP = "OpenAPI Overlay to apply to SPEC first (repeatable, in order)"
# The options of the models, as flags: each is also a key of [tool.modelgen].
OPTION_HELP = {
    "formats": "date-time, uuid... as Python types, or as str",
    "field-names": "attribute names as the wire's, or snake_case",
    "enums": "named string enums as Literal aliases, or Enum classes",
    "unknown-keys": "keys the spec does not name: kept, dropped, refused",
}


def parser() -> argparse.ArgumentParser:
    """The parser of ``modelgen``'s command line, one subcommand a command."""
    top = argparse.ArgumentParser(prog="modelgen", description="Typed Python models from OpenAPI schemas.")
    top.add_argument("--version", action="version", version=f"modelgen {__version__}")
    commands = top.add_subparsers(dest="command", required=True)
    _generate_flags(commands)
    _payload_flags(commands)
    _diff_flags(commands)
    _graph_flags(commands)
    return top


def _common_flags(command: argparse.ArgumentParser) -> None:
    command.add_argument("--allow-ref-outside", action="store_true", help="follow file $refs that leave the spec's folder")
    command.add_argument("--allow-remote-refs", action="store_true", help="fetch $refs to http(s) documents")
    command.add_argument("--debug", action="store_true", help="show a traceback on errors")


def _generate_flags(commands: Any) -> None:
    gen = commands.add_parser(
        "generate",
        help="generate modules",
        description="Generate one module from SPEC, or, with no SPEC, every job of [tool.modelgen] in pyproject.toml.",
    )
    gen.add_argument("spec", nargs="?", metavar="SPEC", help=SPEC_HELP)
    gen.add_argument("--flavour", choices=FLAVOURS, help="kind of models to generate")
    gen.add_argument("--output", metavar="FILE", help="module to write (- for standard output)")
    gen.add_argument("--root", action="append", metavar="NAME", help="component schema to generate (repeatable; default: all)")
    gen.add_argument(
        "--operation", action="append", metavar="ID",
        help="operation whose request, response and parameter models to generate: an operationId, \"METHOD /path\","
        " or \"*\" for every one (repeatable)",
    )  # fmt: skip
    gen.add_argument("--tag", action="append", metavar="NAME", help="generate the models of every operation with this tag (repeatable)")
    gen.add_argument("--overlay", action="append", metavar="FILE", help=OVERLAY_HELP)
    gen.add_argument("--reading", choices=READINGS, help="exact (default), or tolerant of what a newer API version could send")
    models = gen.add_argument_group("how the models are written (also keys of [tool.modelgen]; the first choice is the default)")
    for key, choices in Options.CHOICES.items():
        models.add_argument(f"--{key}", choices=choices, help=OPTION_HELP[key])
    models.add_argument("--frozen", action="store_true", default=None, help="instances that cannot be changed")
    models.add_argument("--base-class", metavar="MODULE.CLASS", help="the base class of every Pydantic model")
    models.add_argument("--header", action="append", metavar="LINE", help="a line at the top of the module (repeatable)")
    models.add_argument("--templates", metavar="FOLDER", help="templates that replace ours of the same name")
    gen.add_argument("--check", action="store_true", help="write nothing; exit 1 and show a diff if any output is stale")
    gen.add_argument("--config", metavar="FILE", help=CONFIG_HELP)
    gen.add_argument("--quiet", action="store_true", help="print nothing but errors")
    gen.add_argument("--no-cache", action="store_true", help="do not use the parse cache ($XDG_CACHE_HOME/modelgen)")
    gen.add_argument("--force", action="store_true", help="overwrite output files that modelgen did not generate")
    _common_flags(gen)


def _payload_flags(commands: Any) -> None:
    check = commands.add_parser(
        "check-payloads",
        help="find where recorded payloads break the spec",
        description=(
            "Check JSON payloads (one per .json file, one per line of a .jsonl file) against a component "
            "schema as the models read it; report each deviation with the overlay actions that would "
            "accept it. Exit 1 when a payload deviates."
        ),
    )
    check.add_argument("spec", metavar="SPEC", help=SPEC_HELP)
    check.add_argument("payloads", nargs="+", metavar="FILE", help="JSON or JSON Lines files")
    check.add_argument("--root", required=True, metavar="NAME", help="the component schema the payloads are instances of")
    check.add_argument("--overlay", action="append", metavar="FILE", help=OVERLAY_HELP)
    check.add_argument(
        "--reading", choices=READINGS, default="exact", help="check as the exact (default) or the tolerant models read"
    )
    check.add_argument("--write-overlay", metavar="FILE", help="write the actions as an Overlay document to review and commit")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    _common_flags(check)


def _diff_flags(commands: Any) -> None:
    changes = commands.add_parser(
        "diff",
        help="what changed in the models between two versions of a spec",
        description=(
            "Compare the models of two versions of a spec: OLD NEW, or (with --since REV) the spec as git has it "
            "at REV with the spec as it is; without a SPEC, the specs and roots of [tool.modelgen]. Each change says "
            "whether it breaks code that reads payloads, code that builds objects, or rejects old payloads."
        ),
    )
    changes.add_argument("specs", nargs="*", metavar="SPEC", help="OLD NEW; with --since, the spec (default: those of [tool.modelgen])")
    changes.add_argument("--since", metavar="REV", help="compare with the spec at this git revision")
    changes.add_argument("--root", action="append", metavar="NAME", help="compare only this schema and what it refers to (repeatable)")
    changes.add_argument("--operation", action="append", metavar="ID", help="compare the models of this operation too (repeatable; \"*\": every one)")
    changes.add_argument("--tag", action="append", metavar="NAME", help="compare the models of the operations with this tag too (repeatable)")
    changes.add_argument("--overlay", action="append", metavar="FILE", help="OpenAPI Overlay applied to both versions (repeatable)")
    changes.add_argument("--format", choices=("text", "markdown", "json"), default="text", help="text (default), markdown or json")
    changes.add_argument(
        "--fail-on",
        choices=("breaking", "reads", "builds", "old-payloads", "any"),
        help="exit 1 if a change breaks a client of the new API: code that reads a response model or builds a request "
        "model (breaking), only the first (reads) or the second (builds); if new models reject old payloads "
        "(old-payloads); if anything changed (any)",
    )
    changes.add_argument("--config", metavar="FILE", help=CONFIG_HELP)
    _common_flags(changes)


def _graph_flags(commands: Any) -> None:
    picture = commands.add_parser(
        "graph",
        help="a Mermaid class diagram of the models",
        description="Print a Mermaid class diagram of the schemas ROOT and what they refer to: fields and references.",
    )
    picture.add_argument("spec", nargs="?", metavar="SPEC", help=f"{SPEC_HELP} (default: that of [tool.modelgen])")
    picture.add_argument("--config", metavar="FILE", help=CONFIG_HELP)
    picture.add_argument("--root", action="append", metavar="NAME", help="component schema to show (repeatable; default: all)")
    picture.add_argument("--overlay", action="append", metavar="FILE", help=OVERLAY_HELP)
    _common_flags(picture)


def _refs(args: argparse.Namespace) -> RefPolicy:
    return RefPolicy(outside=args.allow_ref_outside, remote=args.allow_remote_refs)


def _generate_config(args: argparse.Namespace, argv: list[str]) -> Config:
    config = Config.from_sources(
        spec=args.spec,
        flavour=args.flavour,
        output=args.output,
        roots=args.root,
        operations=args.operation,
        tags=args.tag,
        check=args.check,
        debug=args.debug,
        pyproject=Path(args.config) if args.config else None,
        quiet=args.quiet,
        use_cache=not args.no_cache,
        refs=_refs(args),
        overlays=args.overlay,
        reading=args.reading,
        options={key: value for key in Options.KEYS if (value := getattr(args, key.replace("-", "_"))) is not None},
    )
    if args.output == "-" and args.check:
        raise UsageError("--check compares files; with --output - there is none")
    return replace(config, force=args.force, stdout=args.output == "-")


def _payload_config(args: argparse.Namespace, argv: list[str]) -> Config:
    source = Source(Path(args.spec), tuple(Path(p) for p in args.overlay or ()), args.reading, (args.root,))
    found = PayloadArgs(
        tuple(Path(p) for p in args.payloads),
        Path(args.write_overlay) if args.write_overlay else None,
        args.json,
        "modelgen " + shlex.join(argv),
    )
    return Config(debug=args.debug, refs=_refs(args), command="check-payloads", sources=(source,), payloads=found)


def _diff_config(args: argparse.Namespace, argv: list[str]) -> Config:
    roots, overlays = tuple(args.root or ()), tuple(Path(o) for o in args.overlay or ())
    found = DiffArgs(args.since, args.format, args.fail_on)
    if args.since is None and len(args.specs) != 2:
        raise UsageError("give OLD and NEW specs, or --since REV")
    operations, tags = tuple(args.operation or ()), tuple(args.tag or ())
    if args.specs:  # OLD NEW, or each spec against itself at --since
        sources = tuple(Source(Path(p), overlays, "exact", roots, operations, tags) for p in args.specs)
        return Config(debug=args.debug, refs=_refs(args), command="diff", sources=sources, diff=found)
    jobs, trusted = read_pyproject(Path(args.config) if args.config else find_config(Path.cwd()))
    # each spec once, with what every job takes from it (every component schema if one takes all)
    wanted: dict[tuple[Path, tuple[Path, ...]], Scope | None] = {}
    for job in jobs:
        key = (job.spec, job.overlays)
        known = wanted.get(key, Scope())
        wanted[key] = None if known is None or job.scope.everything else known.joined(job.scope)
    sources = tuple(
        Source(spec, used, "exact", roots or scope.roots, operations or scope.operations, tags or scope.tags)
        for (spec, used), scope in ((key, found or Scope()) for key, found in wanted.items())
    )
    return Config(debug=args.debug, refs=_trusting(_refs(args), trusted), command="diff", sources=sources, diff=found)


def _graph_config(args: argparse.Namespace, argv: list[str]) -> Config:
    roots, overlays = tuple(args.root or ()), tuple(Path(p) for p in args.overlay or ())
    if args.spec is not None:
        return Config(debug=args.debug, refs=_refs(args), command="graph", sources=(Source(Path(args.spec), overlays, "exact", roots),))
    # the spec, roots and overlays of [tool.modelgen]: one picture of what it generates
    config = Path(args.config) if args.config else find_config(Path.cwd())
    jobs, trusted = read_pyproject(config)
    used = {(job.spec, job.overlays) for job in jobs}
    if len(used) > 1:
        names = "; ".join(sorted(str(s) + "".join(f" with {o}" for o in found) for s, found in used))
        raise UsageError(f"{config}: the jobs read more than one spec ({names}); give the SPEC to draw")
    ((spec, overlays),) = used
    roots = roots or tuple(dict.fromkeys(r for job in jobs for r in job.roots))
    if any(not job.roots for job in jobs) and not args.root:
        roots = ()  # a job takes every component schema
    source = Source(spec, overlays, "exact", roots)
    return Config(debug=args.debug, refs=_trusting(_refs(args), trusted), command="graph", sources=(source,))


def _trusting(given: RefPolicy, trusted: RefPolicy) -> RefPolicy:
    """What the command line trusts, and what pyproject.toml trusts."""
    return RefPolicy(outside=given.outside or trusted.outside, remote=given.remote or trusted.remote)


_FROM_ARGS: dict[str, Callable[[argparse.Namespace, list[str]], Config]] = {
    "generate": _generate_config,
    "check-payloads": _payload_config,
    "diff": _diff_config,
    "graph": _graph_config,
}

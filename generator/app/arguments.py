"""The command line of ``modelgen``: one parser, each subcommand's flags turned into a ``Config``."""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from .._version import __version__
from ..errors import UsageError
from ..render.options import Options
from ..scope import Scope
from ..sources import RefPolicy
from .config import FLAVOURS, READINGS, Config, DiffArgs, PayloadArgs, Source, _trusting, find_config, read_pyproject


def config_from_args(argv: list[str]) -> Config:
    """The configuration of one run of ``modelgen``, from its arguments (and pyproject.toml)."""
    args = parser().parse_args(argv)
    return FROM_ARGS[args.command](args, argv)


SPEC_HELP = "OpenAPI 3.0, 3.1 or 3.2, Swagger 2.0 or JSON Schema file, YAML or JSON"
CONFIG_HELP = "where [tool.modelgen] is (default: the nearest pyproject.toml with it, here or above)"
OVERLAY_HELP = "OpenAPI Overlay to apply to SPEC first (repeatable, in order)"
# The options of the models, as flags: each is also a key of [tool.modelgen].
OPTION_HELP = {
    "formats": "date-time, uuid... as Python types, or as str",
    "field-names": "attribute names as the wire's, or snake_case",
    "enums": "named string enums as Literal aliases, or Enum classes",
    "unknown-keys": "keys the spec does not name: kept, dropped, refused",
    "names": "inline schemas named by where they stand, or by their title",
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
    gen.add_argument(
        "--output", metavar="PATH", help="module to write (a .py file), package folder (a name without .py), or - for standard output"
    )
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
    models.add_argument(
        "--type", action="append", dest="types", metavar="NAME=TYPE",
        help="write a schema (or format:NAME) as a type of your own, module.path:Name or a builtin (repeatable)",
    )
    models.add_argument(
        "--runtime", choices=Options.RUNTIMES,
        help="the code the modules share (dataclasses' codec, pydantic's base...) in one _modelgen_runtime.py they import (the default for"
        " a package), or in the module (the default for a single module)",
    )  # fmt: skip
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
    path = Path(args.config) if args.config else find_config(Path.cwd(), "give the SPEC to compare (or OLD NEW without --since)")
    jobs, trusted = read_pyproject(path)
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
    return Config(
        debug=args.debug, refs=_trusting(_refs(args), trusted), command="diff", sources=sources, diff=found,
        pyproject=None if roots else path,  # the config named the roots: blamed for one the spec lacks
    )


def _graph_config(args: argparse.Namespace, argv: list[str]) -> Config:
    roots, overlays = tuple(args.root or ()), tuple(Path(p) for p in args.overlay or ())
    if args.spec is not None:
        return Config(debug=args.debug, refs=_refs(args), command="graph", sources=(Source(Path(args.spec), overlays, "exact", roots),))
    # the spec, roots and overlays of [tool.modelgen]: one picture of what it generates
    config = Path(args.config) if args.config else find_config(Path.cwd(), "give the SPEC to draw")
    jobs, trusted = read_pyproject(config)
    specs = sorted({job.spec for job in jobs})
    if len(specs) > 1:
        raise UsageError(f"{config}: the jobs read more than one spec ({'; '.join(map(str, specs))}); give the SPEC to draw")
    (spec,) = specs
    # the overlays every job applies (jobs may differ: a tolerant one with its fixes), or --overlay's
    overlays = overlays or tuple(o for o in jobs[0].overlays if all(o in job.overlays for job in jobs))
    roots = roots or tuple(dict.fromkeys(r for job in jobs for r in job.roots))
    if any(not job.roots for job in jobs) and not args.root:
        roots = ()  # a job takes every component schema
    source = Source(spec, overlays, "exact", roots)
    return Config(debug=args.debug, refs=_trusting(_refs(args), trusted), command="graph", sources=(source,), pyproject=config)


FROM_ARGS: dict[str, Callable[[argparse.Namespace, list[str]], Config]] = {
    "generate": _generate_config,
    "check-payloads": _payload_config,
    "diff": _diff_config,
    "graph": _graph_config,
}

"""The command line: ``modelgen generate [SPEC --flavour F --output FILE [--root NAME]...] [--check]``."""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

from generator import __version__
from generator.config import Config
from generator.errors import SpecError, UsageError
from generator.pipeline import generate
from generator.render import FLAVOURS
from generator.write import diff, stale, write_all

EXIT_OK, EXIT_STALE, EXIT_BAD_INPUT = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="modelgen", description="Typed Python models from OpenAPI schemas.")
    top.add_argument("--version", action="version", version=f"modelgen {__version__}")
    commands = top.add_subparsers(dest="command", required=True)
    gen = commands.add_parser(
        "generate",
        help="generate modules",
        description="Generate one module from SPEC, or, with no SPEC, every job of [tool.modelgen] in pyproject.toml.",
    )
    gen.add_argument("spec", nargs="?", metavar="SPEC", help="OpenAPI 3.0/3.1 file, YAML or JSON")
    gen.add_argument("--flavour", choices=FLAVOURS, help="kind of models to generate")
    gen.add_argument("--output", metavar="FILE", help="module to write")
    gen.add_argument("--root", action="append", metavar="NAME", help="component schema to generate (repeatable; default: all)")
    gen.add_argument("--check", action="store_true", help="write nothing; exit 1 and show a diff if any output is stale")
    gen.add_argument("--config", default="pyproject.toml", metavar="FILE", help="where [tool.modelgen] is (default: %(default)s)")
    gen.add_argument("--debug", action="store_true", help="show a traceback on errors")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        config = Config.from_sources(
            spec=args.spec,
            flavour=args.flavour,
            output=args.output,
            roots=args.root,
            check=args.check,
            debug=args.debug,
            pyproject=Path(args.config),
        )
        return run(config)
    except (SpecError, UsageError) as exc:
        if args.debug:
            traceback.print_exc()
        print(exc.render() if isinstance(exc, SpecError) else f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


def run(config: Config) -> int:
    started = time.perf_counter()
    outputs, models = generate(config.jobs)
    if config.check:
        changed = stale(outputs)
        for path, old in changed.items():
            print(f"{path}: stale", file=sys.stderr)
            sys.stdout.write(diff(path, old, outputs[path]))
        return EXIT_STALE if changed else EXIT_OK
    written = write_all(outputs)
    seconds = time.perf_counter() - started
    print(
        f"modelgen: {len(outputs)} module(s), {models} definitions, {len(written)} file(s) written, "
        f"{len(outputs) - len(written)} unchanged, {seconds:.2f}s",
        file=sys.stderr,
    )
    return EXIT_OK

"""The command line: ``modelgen generate [SPEC --flavour F --output FILE [--root NAME]...] [--check]``."""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

from generator import __version__
from generator.config import FLAVOURS, Config
from generator.errors import SpecError, UsageError
from generator.pipeline import generate
from generator.state import why_stale
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
    gen.add_argument("--quiet", action="store_true", help="print nothing but errors")
    gen.add_argument("--no-cache", action="store_true", help="do not use the parse cache ($XDG_CACHE_HOME/modelgen)")
    gen.add_argument("--allow-ref-outside", action="store_true", help="follow file $refs that leave the spec's folder")
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
            quiet=args.quiet,
            use_cache=not args.no_cache,
            allow_ref_outside=args.allow_ref_outside,
        )
        return run(config)
    except (SpecError, UsageError) as exc:
        if args.debug:
            traceback.print_exc()
        print(exc.render() if isinstance(exc, SpecError) else f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


def run(config: Config) -> int:
    started = time.perf_counter()
    report = Reporter(config.quiet)
    result = generate(config.jobs, config.cache_dir, report.progress, config.allow_ref_outside)
    outputs = result.outputs
    if config.check:
        changed = stale(outputs)
        for path, old in changed.items():
            print(f"{path}: stale: {why_stale(old, outputs[path])}", file=sys.stderr)
            sys.stdout.write(diff(path, old, outputs[path]))
        report.done(f"{len(outputs)} module(s) checked, {len(changed)} stale", started)
        return EXIT_STALE if changed else EXIT_OK
    written = write_all(outputs)
    report.done(
        f"{len(outputs)} module(s), {result.definitions} definitions rendered, "
        f"{len(written)} written, {len(outputs) - len(written)} unchanged",
        started,
    )
    return EXIT_OK


class Reporter:
    """Progress on stderr: one line rewritten in place on a terminal, plain lines otherwise."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.live = sys.stderr.isatty()
        self.width = 0

    def progress(self, message: str) -> None:
        if self.quiet:
            return
        if message.startswith("warning: "):
            if self.live and self.width:
                sys.stderr.write("\r" + " " * self.width + "\r")
                self.width = 0
            print(message, file=sys.stderr)
            return
        if self.live:
            text = f"modelgen: {message}"[:100]
            sys.stderr.write("\r" + text.ljust(self.width))
            self.width = len(text)
            sys.stderr.flush()
        else:
            print(f"modelgen: {message}", file=sys.stderr)

    def done(self, summary: str, started: float) -> None:
        if self.quiet:
            return
        if self.live and self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
        print(f"modelgen: {summary}, {time.perf_counter() - started:.2f}s", file=sys.stderr)

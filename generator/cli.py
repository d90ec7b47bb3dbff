"""The command line: ``modelgen generate [SPEC --flavour F --output FILE [--root NAME]...] [--check]``
and ``modelgen check-payloads SPEC --root NAME FILE...``."""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ._version import __version__
from .app.cache import remember_fresh
from .app.config import FLAVOURS, Config
from .app.pipeline import Result, generate
from .app.state import read_state, same_output, why_stale
from .app.write import diff, orphans, read_existing, write_all
from .errors import SpecError, SpecErrors, UsageError
from .render.options import Options
from .sources import RefPolicy

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
    gen.add_argument("--output", metavar="FILE", help="module to write (- for standard output)")
    gen.add_argument("--root", action="append", metavar="NAME", help="component schema to generate (repeatable; default: all)")
    gen.add_argument("--overlay", action="append", metavar="FILE", help="OpenAPI Overlay to apply to SPEC first (repeatable, in order)")
    gen.add_argument(
        "--reading", choices=("exact", "tolerant"), help="exact (default), or tolerant of what a newer API version could send"
    )
    models = gen.add_argument_group("how the models are written (also keys of [tool.modelgen]; the first choice is the default)")
    models.add_argument("--formats", choices=("python", "json"), help="date-time, uuid... as Python types, or as str")
    models.add_argument("--field-names", choices=("wire", "snake_case"), help="attribute names as the wire's, or snake_case")
    models.add_argument("--enums", choices=("literal", "enum"), help="named string enums as Literal aliases, or Enum classes")
    models.add_argument("--frozen", action="store_true", default=None, help="instances that cannot be changed")
    models.add_argument("--unknown-keys", choices=("allow", "ignore", "forbid"), help="keys the spec does not name: kept, dropped, refused")
    models.add_argument("--base-class", metavar="MODULE.CLASS", help="the base class of every Pydantic model")
    models.add_argument("--header", action="append", metavar="LINE", help="a line at the top of the module (repeatable)")
    models.add_argument("--templates", metavar="FOLDER", help="templates that replace ours of the same name")
    gen.add_argument("--check", action="store_true", help="write nothing; exit 1 and show a diff if any output is stale")
    gen.add_argument("--config", metavar="FILE", help="where [tool.modelgen] is (default: the nearest pyproject.toml with it, here or above)")
    gen.add_argument("--debug", action="store_true", help="show a traceback on errors")
    gen.add_argument("--quiet", action="store_true", help="print nothing but errors")
    gen.add_argument("--no-cache", action="store_true", help="do not use the parse cache ($XDG_CACHE_HOME/modelgen)")
    gen.add_argument("--allow-ref-outside", action="store_true", help="follow file $refs that leave the spec's folder")
    gen.add_argument("--allow-remote-refs", action="store_true", help="fetch $refs to http(s) documents")
    gen.add_argument("--force", action="store_true", help="overwrite output files that modelgen did not generate")
    check = commands.add_parser(
        "check-payloads",
        help="find where recorded payloads break the spec",
        description=(
            "Check JSON payloads (one per .json file, one per line of a .jsonl file) against a component "
            "schema as the models read it; report each deviation with the overlay actions that would "
            "accept it. Exit 1 when a payload deviates."
        ),
    )
    check.add_argument("spec", metavar="SPEC", help="OpenAPI 3.0/3.1 file, YAML or JSON")
    check.add_argument("payloads", nargs="+", metavar="FILE", help="JSON or JSON Lines files")
    check.add_argument("--root", required=True, metavar="NAME", help="the component schema the payloads are instances of")
    check.add_argument("--overlay", action="append", metavar="FILE", help="OpenAPI Overlay to apply to SPEC first (repeatable, in order)")
    check.add_argument(
        "--reading", choices=("exact", "tolerant"), default="exact", help="check as the exact (default) or the tolerant models read"
    )
    check.add_argument("--write-overlay", metavar="FILE", help="write the actions as an Overlay document to review and commit")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.add_argument("--allow-ref-outside", action="store_true", help="follow file $refs that leave the spec's folder")
    check.add_argument("--allow-remote-refs", action="store_true", help="fetch $refs to http(s) documents")
    check.add_argument("--debug", action="store_true", help="show a traceback on errors")
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
    changes.add_argument("--overlay", action="append", metavar="FILE", help="OpenAPI Overlay applied to both versions (repeatable)")
    changes.add_argument("--format", choices=("text", "markdown", "json"), default="text", help="text (default), markdown or json")
    changes.add_argument("--fail-on", choices=("breaking", "any"), help="exit 1 if a change breaks code (breaking) or if anything changed (any)")
    changes.add_argument("--config", metavar="FILE", help="where [tool.modelgen] is (default: the nearest pyproject.toml with it, here or above)")
    changes.add_argument("--allow-ref-outside", action="store_true", help="follow file $refs that leave the spec's folder")
    changes.add_argument("--allow-remote-refs", action="store_true", help="fetch $refs to http(s) documents")
    changes.add_argument("--debug", action="store_true", help="show a traceback on errors")
    picture = commands.add_parser(
        "graph",
        help="a Mermaid class diagram of the models",
        description="Print a Mermaid class diagram of the schemas ROOT and what they refer to: fields and references.",
    )
    picture.add_argument("spec", nargs="?", metavar="SPEC", help="OpenAPI 3.0/3.1 file, YAML or JSON (default: that of [tool.modelgen])")
    picture.add_argument("--config", metavar="FILE", help="where [tool.modelgen] is (default: the nearest pyproject.toml with it, here or above)")
    picture.add_argument("--root", action="append", metavar="NAME", help="component schema to show (repeatable; default: all)")
    picture.add_argument("--overlay", action="append", metavar="FILE", help="OpenAPI Overlay to apply to SPEC first (repeatable, in order)")
    picture.add_argument("--allow-ref-outside", action="store_true", help="follow file $refs that leave the spec's folder")
    picture.add_argument("--allow-remote-refs", action="store_true", help="fetch $refs to http(s) documents")
    picture.add_argument("--debug", action="store_true", help="show a traceback on errors")
    return top


def graph(args: argparse.Namespace) -> int:
    from .app.config import find_config, read_pyproject
    from .app.pipeline import prepare
    from .commands.graph import mermaid

    refs = RefPolicy(outside=args.allow_ref_outside, remote=args.allow_remote_refs)
    spec, roots, overlays = args.spec, tuple(args.root or ()), tuple(Path(p) for p in args.overlay or ())
    if spec is None:  # the spec, roots and overlays of [tool.modelgen]: one picture of what it generates
        config = Path(args.config) if args.config else find_config(Path.cwd())
        jobs, trusted = read_pyproject(config)
        used = {(job.spec, job.overlays) for job in jobs}
        if len(used) > 1:
            names = "; ".join(sorted(str(s) + "".join(f" with {o}" for o in found) for s, found in used))
            raise UsageError(f"{config}: the jobs read more than one spec ({names}); give the SPEC to draw")
        (spec_path, overlays), = used
        spec = str(spec_path)
        roots = roots or tuple(dict.fromkeys(r for job in jobs for r in job.roots))
        if any(not job.roots for job in jobs) and not args.root:
            roots = ()  # a job takes every component schema
        refs = RefPolicy(outside=refs.outside or trusted.outside, remote=refs.remote or trusted.remote)
    prepared = prepare(Path(spec), refs=refs, overlays=overlays)
    sys.stdout.write(mermaid(prepared, roots))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.argv = sys.argv[1:] if argv is None else argv
    if args.command == "check-payloads":
        return _guarded(args, lambda: check_payloads(args))
    if args.command == "diff":
        return _guarded(args, lambda: diff_specs(args))
    if args.command == "graph":
        return _guarded(args, lambda: graph(args))
    return _guarded(args, lambda: _generate(args))


def _guarded(args: argparse.Namespace, command: Callable[[], int]) -> int:
    try:
        return command()
    except (SpecError, SpecErrors, UsageError) as exc:
        if args.debug:
            import traceback

            traceback.print_exc()
        print(exc.render() if isinstance(exc, (SpecError, SpecErrors)) else f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


def check_payloads(args: argparse.Namespace) -> int:
    from .commands import payloads

    found = payloads.read_payloads([Path(p) for p in args.payloads])
    overlays = tuple(Path(p) for p in args.overlay or ())
    refs = RefPolicy(outside=args.allow_ref_outside, remote=args.allow_remote_refs)
    report = payloads.check_payloads(Path(args.spec), args.root, found, overlays, refs, args.reading)
    sys.stdout.write(payloads.report_json(report) if args.json else payloads.render_report(report))
    if args.write_overlay:
        target = Path(args.write_overlay)
        if report.actions:
            command = "modelgen " + shlex.join(args.argv)
            write_all({target: payloads.overlay_text(report, Path(args.spec).name, args.root, command)})
            print(f"modelgen: wrote {len(report.actions)} action(s) to {target}", file=sys.stderr)
        else:
            print(f"modelgen: no action to write; {target} left as it was", file=sys.stderr)
    return EXIT_STALE if report.deviating else EXIT_OK


def diff_specs(args: argparse.Namespace) -> int:
    import tempfile

    from .app.config import find_config, read_pyproject
    from .app.pipeline import prepare
    from .commands import changes

    refs = RefPolicy(outside=args.allow_ref_outside, remote=args.allow_remote_refs)
    roots = tuple(args.root or ())
    overlays = tuple(Path(o) for o in args.overlay or ())
    comparisons: list[tuple[Path, tuple[str, ...], tuple[Path, ...]]] = []  # spec, roots, overlays
    if args.since is None:
        if len(args.specs) != 2:
            raise UsageError("give OLD and NEW specs, or --since REV")
    elif args.specs:
        comparisons = [(Path(p), roots, overlays) for p in args.specs]
    else:
        jobs, trusted = read_pyproject(Path(args.config) if args.config else find_config(Path.cwd()))
        refs = RefPolicy(outside=refs.outside or trusted.outside, remote=refs.remote or trusted.remote)
        wanted: dict[tuple[Path, tuple[Path, ...]], set[str] | None] = {}
        for job in jobs:
            key = (job.spec, job.overlays)
            known = wanted.get(key, set())
            wanted[key] = None if known is None or not job.roots else known | set(job.roots)
        comparisons = [(spec, roots or tuple(sorted(found or ())), used) for (spec, used), found in wanted.items()]
    out: list[tuple[str, str, changes.Changelog]] = []
    with tempfile.TemporaryDirectory(prefix="modelgen-diff-") as folder:
        if args.since is None:
            pairs = [(Path(args.specs[0]), Path(args.specs[1]), roots, overlays)]
        else:
            pairs = [
                (changes.spec_at(args.since, spec, Path(folder) / str(i)), spec, chosen, used)
                for i, (spec, chosen, used) in enumerate(comparisons)
            ]
        for old_path, new_path, chosen, used in pairs:
            old_prepared = prepare(old_path, refs=refs, overlays=used)
            new_prepared = prepare(new_path, refs=refs, overlays=used)
            missing = changes.unknown_roots(chosen, old_prepared, new_prepared)
            if missing:
                raise UsageError(f"no component schema named {', '.join(map(repr, missing))} in either version")
            old_label = f"{new_path} at {args.since}" if args.since else str(old_path)
            log = changes.compare(changes.version_of(old_prepared, chosen), changes.version_of(new_prepared, chosen))
            out.append((old_label, str(new_path), log))
    sys.stdout.write(changes.render_all(out, args.format))
    failed = args.fail_on == "any" and any(log.changes for *_, log in out)
    failed = failed or (args.fail_on == "breaking" and any(log.breaking for *_, log in out))
    return EXIT_STALE if failed else EXIT_OK


def _generate(args: argparse.Namespace) -> int:
    config = Config.from_sources(
        spec=args.spec,
        flavour=args.flavour,
        output=args.output,
        roots=args.root,
        check=args.check,
        debug=args.debug,
        pyproject=Path(args.config) if args.config else None,
        quiet=args.quiet,
        use_cache=not args.no_cache,
        refs=RefPolicy(outside=args.allow_ref_outside, remote=args.allow_remote_refs),
        overlays=args.overlay,
        reading=args.reading,
        options={key: value for key in Options.KEYS if (value := getattr(args, key.replace("-", "_"))) is not None},
    )
    if args.output == "-":  # the module on standard output; nothing written
        if args.check:
            raise UsageError("--check compares files; with --output - there is none")
        result = generate(config.jobs, config.cache_dir, Reporter(True).progress, config.refs, reuse=False)
        sys.stdout.write(next(iter(result.outputs.values())))
        return EXIT_OK
    return run(config, force=args.force)


def run(config: Config, force: bool = False) -> int:
    started = time.perf_counter()
    report = Reporter(config.quiet)
    result = generate(config.jobs, config.cache_dir, report.progress, config.refs)
    outputs = result.outputs
    gone = orphans(outputs) if config.project else []
    redone = {path: text for path, text in outputs.items() if path not in result.fresh}
    olds = {path: read_existing(path) for path in redone}
    changed = {path: old for path, old in olds.items() if not same_output(old, redone[path])}
    for path, old in olds.items():
        if path not in changed and old is not None and old != redone[path]:
            remember_fresh(config.cache_dir, old)  # the same code: left as it is, and known to be fresh
    if config.check:
        for path, old in changed.items():
            print(f"{path}: stale: {why_stale(old, outputs[path])}", file=sys.stderr)
            for line in model_changes(path, old, result, config):
                print(line, file=sys.stderr)
            sys.stdout.write(diff(path, old, outputs[path]))
        for path in gone:
            print(f"{path}: stale: no job of [tool.modelgen] makes it any more; generate removes it", file=sys.stderr)
        report.done(f"{len(outputs)} module(s) checked, {len(changed) + len(gone)} stale", started)
        if changed or gone:
            commands = sorted({job.command for job in config.jobs if job.output in changed} | ({"modelgen generate"} if gone else set()))
            print(f"modelgen: to bring them up to date, run: {'; '.join(commands)}", file=sys.stderr)
        return EXIT_STALE if changed or gone else EXIT_OK
    for path, old in changed.items():
        lines = model_changes(path, old, result, config)
        if lines:
            print(f"{path}: the spec changed:", file=sys.stderr)
            for line in lines:
                print(line, file=sys.stderr)
    if not force:
        foreign = [path for path, old in changed.items() if old is not None and read_state(old) is None]
        if foreign:
            names = ", ".join(str(p) for p in foreign)
            raise UsageError(f"{names}: exists and was not generated by modelgen (no modelgen header); nothing written. Pass --force to overwrite")
    written = write_all(redone, remove=tuple(gone))
    removed = f", {len(gone)} removed (no longer in the config)" if gone else ""
    report.done(
        f"{len(outputs)} module(s), {result.definitions} definitions rendered, "
        f"{len(written)} written, {len(outputs) - len(written)} unchanged{removed}",
        started,
    )
    return EXIT_OK


def model_changes(path: Path, old: str | None, result: Result, config: Config) -> list[str]:
    """One line per change of the models when the spec changed under an output (the spec it was
    made from comes from the parse cache); nothing when that spec is unknown or did not change."""
    from .app.pipeline import previous_version, tolerant_of
    from .commands import changes

    old_state = read_state(old) if old is not None else None
    made = result.made_from.get(path)
    new_state = read_state(result.outputs[path])
    if old_state is None or made is None or new_state is None or old_state.closure == new_state.closure:
        return []
    job, now = made
    before = previous_version(config.cache_dir, old_state.spec, old_state.overlays)
    if before is None:
        return ["  (the spec it was made from is not in the cache: `modelgen diff --since REV` shows what changed)"]
    if job.reading == "tolerant":
        before = tolerant_of(before)
    try:
        log = changes.compare(changes.version_of(before, job.roots), changes.version_of(now, job.roots))
    except SpecErrors:
        return []
    lines = [f"  {c.definition}: {c.words().replace('`', '')} [{c.verdict()}]" for c in log.changes]
    return lines or ["  no model change"]


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

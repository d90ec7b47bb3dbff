"""``modelgen diff``: what changed in the models between two versions of a spec, and what breaks."""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from ..app.config import Config, Source
from ..app.pipeline import prepare_document, read_spec, tolerant_of
from ..errors import EXIT_OK, EXIT_STALE, UsageError
from ..resolve import Resolver
from ..scope import Scope
from ..sources import RefPolicy
from . import changes
from .directions import travel


def run(config: Config) -> int:
    """Compare each pair of versions, print the changelogs, and fail as ``--fail-on`` asks."""
    since = config.diff.since
    out: list[tuple[str, str, changes.Changelog]] = []
    with tempfile.TemporaryDirectory(prefix="modelgen-diff-") as folder:
        if since is None:
            old, new = config.sources
            pairs = [(old, new, named(old))]
        else:
            pairs = [
                (replace(source, spec=changes.spec_at(since, source.spec, Path(folder) / str(i))), source, f"{named(source)} at {since}")
                for i, source in enumerate(config.sources)
            ]
        for old, new, label in pairs:
            out.append((label, named(new), compare(old, new, config)))
    sys.stdout.write(changes.render_all(out, config.diff.format))
    failed = any(log.fails(config.diff.fail_on) for *_, log in out)
    return EXIT_STALE if failed else EXIT_OK


def named(source: Source) -> str:
    """A version as the report names it: the spec, and the overlays applied to it (a project's
    jobs may read the same spec with and without them: two comparisons, told apart)."""
    return str(source.spec) + (f" with {', '.join(map(str, source.overlays))}" if source.overlays else "")


def compare(old: Source, new: Source, config: Config) -> changes.Changelog:
    """The changelog of the models of ``new.roots`` from ``old`` to ``new``."""
    # a root may be in one version only: each version is read for the roots it has
    scope = replace(new.scope, missing_ok=True)
    (before, before_travel), (after, after_travel) = read(old, config.refs, scope), read(new, config.refs, scope)
    missing = changes.unknown_roots(new.roots, before, after)
    if missing:
        where = f"{config.pyproject}: [tool.modelgen] roots of the jobs: " if config.pyproject is not None else ""
        raise UsageError(f"{where}no component schema named {', '.join(map(repr, missing))} in either version of {new.spec}")
    return changes.compare(
        changes.version_of(before, new.roots, before_travel), changes.version_of(after, new.roots, after_travel)
    )


def read(source: Source, refs: RefPolicy, scope: Scope) -> tuple[object, changes.Travel]:
    """What ``scope`` takes from a source's spec as ``generate`` reads it, and where its
    definitions travel (from the operations of the same document: it is read once)."""
    document, warnings = read_spec(source.spec, source.overlays)
    prepared = prepare_document(document, refs, warnings, scope)
    found = travel(Resolver(document, refs), prepared.spec)
    return (tolerant_of(prepared) if source.reading == "tolerant" else prepared), found

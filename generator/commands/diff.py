"""``modelgen diff``: what changed in the models between two versions of a spec, and what breaks."""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from ..app.config import Config, Source
from ..app.pipeline import prepare_source
from ..errors import EXIT_OK, EXIT_STALE, UsageError
from ..scope import Scope
from . import changes


def run(config: Config) -> int:
    """Compare each pair of versions, print the changelogs, and fail as ``--fail-on`` asks."""
    since = config.diff.since
    out: list[tuple[str, str, changes.Changelog]] = []
    with tempfile.TemporaryDirectory(prefix="modelgen-diff-") as folder:
        if since is None:
            old, new = config.sources
            pairs = [(old, new, str(old.spec))]
        else:
            pairs = [
                (replace(source, spec=changes.spec_at(since, source.spec, Path(folder) / str(i))), source, f"{source.spec} at {since}")
                for i, source in enumerate(config.sources)
            ]
        for old, new, label in pairs:
            out.append((label, str(new.spec), compare(old, new, config)))
    sys.stdout.write(changes.render_all(out, config.diff.format))
    failed = config.diff.fail_on == "any" and any(log.changes for *_, log in out)
    failed = failed or (config.diff.fail_on == "breaking" and any(log.breaking for *_, log in out))
    return EXIT_STALE if failed else EXIT_OK


def compare(old: Source, new: Source, config: Config) -> changes.Changelog:
    """The changelog of the models of ``new.roots`` from ``old`` to ``new``."""
    # a root may be in one version only: each version is read for the roots it has
    scope = Scope(new.roots, missing_ok=True)
    before = prepare_source(old, config.refs, scope=scope)
    after = prepare_source(new, config.refs, scope=scope)
    missing = changes.unknown_roots(new.roots, before, after)
    if missing:
        raise UsageError(f"no component schema named {', '.join(map(repr, missing))} in either version")
    return changes.compare(changes.version_of(before, new.roots), changes.version_of(after, new.roots))

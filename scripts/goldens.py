"""Rewrite the expected output of every case under tests/cases (`make goldens`).

Review the diff before committing: a golden changes only when the generator's output should.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from modelgen.flavours import NAMES as FLAVOURS
from modelgen.app.write import write_all  # noqa: E402
from tests.support import PACKAGE_CASES, case_names, golden_path, package_path, render_case, render_package  # noqa: E402


HISTORY = Path(__file__).resolve().parents[1] / "tests" / "history"
FORMATS = {"text": "txt", "markdown": "md", "json": "json"}


def changelogs() -> dict[Path, str]:
    """`modelgen diff` of two versions of our own spec, in each format (tests/history)."""
    import contextlib
    import io
    import os

    from modelgen.cli import main as cli

    found = {}
    here = os.getcwd()
    os.chdir(HISTORY)
    try:
        for fmt, suffix in FORMATS.items():
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                cli(["diff", "assistants.v1.yaml", "assistants.v2.yaml", "--format", fmt])
            found[HISTORY / f"assistants.changes.{suffix}"] = out.getvalue()
    finally:
        os.chdir(here)
    return found


def main() -> None:
    outputs = {golden_path(case, flavour): render_case(case, flavour) for case in case_names() for flavour in FLAVOURS}
    outputs.update(changelogs())
    gone: list[Path] = []
    for case in PACKAGE_CASES:
        for flavour in FLAVOURS:
            files = render_package(case, flavour)
            outputs.update(files)
            gone += [p for p in sorted(package_path(case, flavour).glob("*.py")) if p not in files]
    written = write_all(outputs, remove=tuple(gone), exact=True)  # a golden is the exact text, header included
    print(f"goldens: {len(outputs)} files, {len(written)} rewritten")


if __name__ == "__main__":
    main()

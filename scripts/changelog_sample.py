"""`modelgen diff` over consecutive versions of a spec in a git history, and how much of what changed
in the generated code its reports cover (the recall oracle behind reports/changelog_sample.md).

    python scripts/changelog_sample.py CLONE [--file openapi.yaml] [--last 41] > reports/changelog_sample.md

CLONE is a local clone of a spec's repository (OpenAI's: github.com/openai/openai-openapi); each
commit's spec is compared with the one before. For each pair: the changes reported (kind, verdict,
where the model travels), then the differences between the pydantic modules generated from the
two versions (classes and fields added, removed, changed) that no report covers. Precision is a
matter for a person: each line is to be checked against the spec's own diff.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from modelgen.cli import main as cli  # noqa: E402


def blocks(source: str) -> dict[str, tuple[str | None, dict[str, str], list[str]]]:
    """A generated module's classes and aliases: docstring, fields (with their docstrings), the rest."""
    tree, found = ast.parse(source), {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            doc, fields, rest = ast.get_docstring(node, clean=False), {}, []
            for i, st in enumerate(node.body):
                if isinstance(st, ast.AnnAssign) and isinstance(st.target, ast.Name):
                    after = node.body[i + 1] if i + 1 < len(node.body) else None
                    said = ast.unparse(after) if isinstance(after, ast.Expr) else ""
                    fields[st.target.id] = ast.unparse(st) + said
                elif not isinstance(st, ast.Expr):
                    rest.append(ast.unparse(st))
            found[node.name] = (doc, fields, [ast.unparse(b) for b in node.bases] + rest)
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            found[node.targets[0].id] = (None, {}, [ast.unparse(node)])
    return found


def differences(old: str, new: str) -> list[tuple[str, str | None, str, str, str]]:
    """(class, field or None, what, old text, new text) for each class or field that differs."""
    a, b = blocks(old), blocks(new)
    found: list[tuple[str, str | None, str, str, str]] = []
    for name in sorted(set(a) | set(b)):
        if name.startswith("_") or a.get(name) == b.get(name):
            continue
        if name not in a or name not in b:
            found.append((name, None, "class added" if name in b else "class removed", "", ""))
            continue
        (doc_a, fields_a, rest_a), (doc_b, fields_b, rest_b) = a[name], b[name]
        if doc_a != doc_b or rest_a != rest_b:
            found.append((name, None, "class changed", "", ""))
        for f in sorted(set(fields_a) | set(fields_b)):
            if fields_a.get(f) != fields_b.get(f):
                found.append((name, f, "field changed", fields_a.get(f, ""), fields_b.get(f, "")))
    return found


def norm(wire: str | None) -> str:
    """A wire name as the attribute it becomes, about (``illicit/violent``: ``illicit_violent``)."""
    return re.sub(r"[^0-9a-zA-Z]+", "_", wire or "").strip("_").lower()


def covered(diff: tuple[str, str | None, str, str, str], changes: list[dict[str, Any]]) -> bool:
    """Whether a report says the difference: on the class (and field), through a rename, or as part
    of a change that names the class (an inline class of a field added, a model added...)."""
    name, field, _, old, new = diff
    if any(c["definition"] == name and (field is None or norm(c["field"]) == norm(field)) for c in changes):
        return True
    for c in changes:
        if c["kind"] in ("renamed", "class renamed") and c["old"]:
            old = old.replace(c["old"], c["new"])
    if field is not None and old == new:
        return True
    text = json.dumps(changes)
    owners = [c["definition"] for c in changes if c["field"] is not None or c["kind"] in ("added", "removed")]
    return re.search(rf"\b{name}\b", text) is not None or any(name.startswith(o) for o in owners)


def spec_at(clone: Path, rev: str, file: str, folder: Path) -> Path:
    path = folder / f"{rev}-{Path(file).name}"
    path.write_bytes(subprocess.run(["git", "show", f"{rev}:{file}"], cwd=clone, capture_output=True, check=True).stdout)
    return path


def run(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        cli(list(args))
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("clone", type=Path)
    parser.add_argument("--file", default="openapi.yaml")
    parser.add_argument("--last", type=int, default=41, help="how many commits, the newest last")
    args = parser.parse_args()
    log = subprocess.run(["git", "log", "--format=%h", f"-n{args.last + 1}", "--", args.file], cwd=args.clone, capture_output=True, text=True, check=True)
    revs = log.stdout.split()[::-1]
    total = missed = reported = 0
    print(f"# `modelgen diff` over {len(revs) - 1} consecutive versions of {args.file}\n")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for a, b in zip(revs, revs[1:]):
            old, new = spec_at(args.clone, a, args.file, folder), spec_at(args.clone, b, args.file, folder)
            comparison = json.loads(run("diff", str(old), str(new), "--format", "json"))["comparisons"][0]
            code = [run("generate", str(p), "--flavour", "pydantic", "--output", "-", "--no-cache") for p in (old, new)]
            diffs = differences(*code)
            lost = [d for d in diffs if not covered(d, comparison["changes"])]
            total, missed, reported = total + len(diffs), missed + len(lost), reported + len(comparison["changes"])
            print(f"## {a} → {b}\n\n{len(comparison['changes'])} changes reported; {len(diffs)} differences in the generated code, {len(lost)} not covered.\n")
            for c in comparison["changes"]:
                where = "no operation" if c["by_no_operation"] else " and ".join(c["used_in"]) or "neither way"
                what = f"`{c['field']}`: {c['kind']}" if c["field"] else c["kind"]
                print(f"- `{c['definition']}` {what} — impact {', '.join(c['impact']) or 'none'}; in {where}; breaks {', '.join(c['breaks']) or 'nothing'}")
            for d in lost:
                print(f"- NOT COVERED: `{d[0]}` {d[1] or ''} {d[2]}")
            print()
    print(f"**Total**: {reported} changes reported; {total} differences in the generated code, {total - missed} covered ({100 * (total - missed) / max(total, 1):.1f}%).")


if __name__ == "__main__":
    main()

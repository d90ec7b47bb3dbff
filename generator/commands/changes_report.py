"""The changelog of ``modelgen diff`` as text, markdown (a pull-request comment) or JSON."""

from __future__ import annotations

import json
from typing import Any

from .changelog import IMPACTS, Change, Changelog


def counts(log: Changelog) -> dict[str, int]:
    """How many changes break readers and builders (where the models travel), reject old
    payloads, and are compatible (none of these)."""
    found = {
        "reads": sum(1 for c in log.changes if "reads" in c.breaks),
        "builds": sum(1 for c in log.changes if "builds" in c.breaks),
        "old-payloads": sum(1 for c in log.changes if "old-payloads" in c.impact),
    }
    found["compatible"] = sum(1 for c in log.changes if not c.breaks and "old-payloads" not in c.impact)
    return found


def summary_line(log: Changelog) -> str:
    found = counts(log)
    parts = [f"{n} {_plural(IMPACTS[i], n)}" for i, n in found.items() if n and i in IMPACTS]
    parts += [f"{found['compatible']} compatible"] if found["compatible"] else []
    total = len(log.changes)
    return f"{total} change{'s' if total != 1 else ''}: " + ", ".join(parts) if total else "no model change"


def _plural(verb_phrase: str, n: int) -> str:
    """``breaks code that reads`` for one change, ``break code that reads`` for several."""
    verb, _, rest = verb_phrase.partition(" ")
    return verb_phrase if n == 1 else f"{verb[:-1]} {rest}"


def _by_definition(log: Changelog) -> list[list[Change]]:
    groups: list[list[Change]] = []
    for c in log.changes:
        if groups and groups[-1][0].definition == c.definition:
            groups[-1].append(c)
        else:
            groups.append([c])
    return groups


def render_text(log: Changelog) -> str:
    lines = []
    for group in _by_definition(log):
        head = group[0].where(model=True)
        lines.append(f"{group[0].definition} ({head})")
        for c in group:
            where = f" ({c.where()})" if c.where() != head else ""
            lines.append(f"  {c.words().replace('`', '')}{where} [{c.verdict()}]")
    lines.append(summary_line(log))
    return "\n".join(lines) + "\n"


def render_markdown(log: Changelog, title: str) -> str:
    lines = [f"### {title}", "", summary_line(log).capitalize() + ".", ""]
    if log.changes:
        lines += ["| model | in | change | effect |", "|---|---|---|---|"]
        for c in log.changes:
            lines.append(f"| `{c.definition}` | {c.where()} | {_cell(c.words())} | {c.verdict()} |")
        lines.append("")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def as_json(log: Changelog) -> dict[str, Any]:
    return {
        "summary": {"changes": len(log.changes), **counts(log), "breaking": log.breaking},
        "changes": [_change(c) for c in log.changes],
    }


def _change(c: Change) -> dict[str, Any]:
    return {
        "definition": c.definition, "kind": c.kind, "field": c.field, "old": c.old, "new": c.new,
        "impact": list(c.impact), "used_in": list(c.used), "by_no_operation": c.unused, "breaks": list(c.breaks),
        "note": c.note,
    }  # fmt: skip


def render_all(comparisons: list[tuple[str, str, Changelog]], fmt: str) -> str:
    """Every comparison (old label, new label, changes) in one report."""
    if fmt == "json":
        data = {
            "comparisons": [{"old": old, "new": new, **as_json(log)} for old, new, log in comparisons],
            "breaking": any(log.breaking for *_, log in comparisons),
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    parts = []
    for old, new, log in comparisons:
        if fmt == "markdown":
            parts.append(render_markdown(log, f"Model changes: {old} → {new}"))
        else:
            parts.append(f"{old} -> {new}\n" + render_text(log))
    return "\n".join(parts)

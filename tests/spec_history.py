"""A spec history made by hand, and how much of each regeneration's diff is noise.

`make history` (scripts/history.py) builds successive versions of OpenAI's spec, each with one kind of
edit a vendor makes (a field removed, a map narrowed, a field made nullable, a constant changed,
required fields added, enum values added, optional fields added, a schema renamed with the same
body, and rewrites that change no model), generates the whole spec in one flavour for each, and
prints for each step the changelog (`modelgen diff`) and the diff's noise: lines of definitions
that did not change but moved, or were renamed without a rename in the spec.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelgen.commands import changes
from modelgen.app.config import _job
from modelgen.app.pipeline import generate, prepare

Edit = Callable[[dict[str, Any]], None]


def _schemas(doc: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = doc["components"]["schemas"]
    return found


def _rename(old: str, new: str) -> Edit:
    def edit(doc: dict[str, Any]) -> None:
        schemas = _schemas(doc)
        schemas[new] = schemas.pop(old)
        target, replacement = f"#/components/schemas/{old}", f"#/components/schemas/{new}"

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                for key, value in node.items():
                    if key == "$ref" and value == target:
                        node[key] = replacement
                    elif key == "mapping" and isinstance(value, dict):
                        for tag, ref in value.items():
                            if ref == target:
                                value[tag] = replacement
                    else:
                        walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(doc)

    return edit


def _run(doc: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = _schemas(doc)["RunObject"]
    return found


# Each step: what it does, the edit, and the changes the changelog must show (definition, kind, field).
STEPS: list[tuple[str, Edit, set[tuple[str, str, str | None]]]] = [
    ("a field removed", lambda d: _run(d)["properties"].pop("top_p"), {("RunObject", "field removed", "top_p")}),
    (
        "a map narrowed",
        lambda d: _schemas(d)["FunctionParameters"].update(additionalProperties={"type": "string"}),
        {("FunctionParameters", "type changed", None)},
    ),
    (
        "a field now nullable",
        lambda d: _run(d)["properties"]["instructions"].update(type=["string", "null"]),
        {("RunObject", "now nullable", "instructions")},
    ),
    (
        "a constant changed",
        lambda d: _run(d)["properties"]["object"].update(enum=["assistant.run"]),
        {("RunObject", "constant changed", "object")},
    ),
    (
        "required fields added",
        lambda d: (
            _run(d)["properties"].update(seed={"type": "integer"}, service_tier={"type": "string"}),
            _run(d)["required"].extend(["seed", "service_tier"]),
        ),
        {("RunObject", "required field added", "seed"), ("RunObject", "required field added", "service_tier")},
    ),
    (
        "enum values added",
        lambda d: _run(d)["properties"]["status"]["enum"].append("paused"),
        {("RunObjectStatus", "values added", None)},
    ),
    (
        "an optional field added",
        lambda d: _run(d)["properties"].update(reasoning_effort={"type": "string", "enum": ["low", "high"]}),
        {("RunObject", "field added", "reasoning_effort")},
    ),
    ("a schema renamed, same body", _rename("RunCompletionUsage", "RunUsage"), {("RunUsage", "renamed", None)}),
    (
        "new schemas, referred to from old ones",
        lambda d: (
            _schemas(d).update(
                AaaToolKind={"type": "string", "enum": ["code", "search"]},
                ZzzUsageDetails={"type": "object", "properties": {"cached_tokens": {"type": "integer"}}},
            ),
            _run(d)["properties"].update(usage_details={"$ref": "#/components/schemas/ZzzUsageDetails"}),
            _schemas(d)["AssistantToolsCode"]["properties"].update(kind={"$ref": "#/components/schemas/AaaToolKind"}),
        ),
        {
            ("AaaToolKind", "added", None), ("ZzzUsageDetails", "added", None),
            ("RunObject", "field added", "usage_details"), ("AssistantToolsCode", "field added", "kind"),
        },
    ),
    (
        "nullable rewritten as anyOf",
        lambda d: _schemas(d)["Metadata"].update(anyOf=[{**_schemas(d)["Metadata"]["anyOf"][0], "type": "object"}, {"type": "null"}]),
        set(),
    ),
    (
        "a $ref wrapped in allOf",
        lambda d: _run(d)["properties"].update(metadata={"allOf": [{"$ref": "#/components/schemas/Metadata"}]}),
        set(),
    ),
    (
        "x-stainless-const written as const",
        lambda d: _run(d)["properties"].update(object={"description": _run(d)["properties"]["object"]["description"], "const": "assistant.run"}),
        set(),
    ),
]


@dataclass
class Step:
    label: str
    changelog: changes.Changelog
    expected: set[tuple[str, str, str | None]]
    changed_lines: int
    noise_lines: int  # lines of unchanged definitions that moved or were renamed


def versions(base: dict[str, Any]) -> list[tuple[str, dict[str, Any], set[tuple[str, str, str | None]]]]:
    found = [("base", copy.deepcopy(base), set())]
    doc = copy.deepcopy(base)
    for label, edit, expected in STEPS:
        edit(doc)
        found.append((label, copy.deepcopy(doc), expected))
    return found


def blocks(module: str) -> dict[str, str]:
    """A module's top-level definitions by name: the text of each, from its first line to the next."""
    found: dict[str, str] = {}
    name = None
    for line in module.splitlines(keepends=True):
        match = re.match(r"(?:class (\w+)|(\w+)(?:: TypeAlias)? = )", line)
        if match:
            name = match.group(1) or match.group(2)
            found[name] = ""
        if name is not None:
            found[name] += line
    return found


def noise(before: str, after: str) -> tuple[int, int]:
    """Changed lines of the diff, and those of definitions whose text did not change but moved
    (the order of the unchanged ones is not kept)."""
    old, new = before.splitlines(), after.splitlines()
    changed = sum(1 for line in difflib.unified_diff(old, new, lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---"))
    a, b = blocks(before), blocks(after)
    same = [n for n in a if n in b and a[n] == b[n]]
    order_before = [n for n in a if n in same]
    order_after = [n for n in b if n in same]
    matcher = difflib.SequenceMatcher(a=order_before, b=order_after, autojunk=False)
    kept = {order_before[i + k] for i, _, size in matcher.get_matching_blocks() for k in range(size)}
    moved = sum(a[n].count("\n") for n in same if n not in kept) * 2  # out of one place, into another
    return changed, moved


def run_history(spec: Path, flavour: str = "pydantic") -> list[Step]:
    from modelgen.yaml_events import load_yaml

    base = load_yaml(spec.read_text(encoding="utf-8"))
    steps: list[Step] = []
    with tempfile.TemporaryDirectory() as folder:
        texts, prepared = [], []
        for i, (label, doc, expected) in enumerate(versions(base)):
            path = Path(folder) / f"v{i}.json"
            path.write_text(json.dumps(doc), encoding="utf-8")
            job = _job(str(path), flavour, str(Path(folder) / f"v{i}.py"), [], base=Path(folder), command="history")
            texts.append(generate((job,), reuse=False).outputs[job.output].split("\n\n", 1)[1])
            prepared.append(prepare(path))
            if i:
                log = changes.compare(changes.version_of(prepared[i - 1], ()), changes.version_of(prepared[i], ()))
                changed, moved = noise(texts[i - 1], texts[i])
                steps.append(Step(label, log, expected, changed, moved))
    return steps


def shown(step: Step) -> set[tuple[str, str, str | None]]:
    """The changes a step's changelog shows, descriptions aside."""
    return {(c.definition, c.kind, c.field) for c in step.changelog.changes if "description" not in c.kind}

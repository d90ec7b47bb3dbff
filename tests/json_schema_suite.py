"""The official JSON Schema Test Suite (draft 2020-12), each test group's schema as a component.

Every group's schema becomes the component ``Subject`` of a spec of its own (its root-relative
``$ref``s made relative to the component); the spec is generated in every flavour, and each
test's instance is decoded by each flavour's adapter (tests/flavours.py). A flavour agrees with
a test when it accepts exactly the instances the suite calls valid, and writes an accepted valid
instance back as it read it. The suite's verdict is the oracle (`jsonschema` agrees with it on
every test vendored here). What the flavours deliberately do otherwise is listed, with the
reason, in tests/json_schema_suite_expected.py.

The files are vendored under tests/json_schema_test_suite/ with the suite's licence; see the
README there for the commit they come from.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from modelgen.app.config import _job
from modelgen.app.pipeline import generate
from modelgen.errors import SpecErrors
from modelgen.flavours import NAMES as FLAVOURS

from tests.flavours import ADAPTERS, ERRORS
from tests.support import import_file

SUITE = Path(__file__).resolve().parent / "json_schema_test_suite" / "draft2020-12"
COMPONENT = "#/components/schemas/Subject"

# How a flavour disagrees with a test
REJECTS_VALID = "rejects a valid instance"
ACCEPTS_INVALID = "accepts an invalid instance"
CHANGES_VALID = "writes a valid instance back changed"
REFUSED = "the schema is refused"


@dataclass(frozen=True)
class Group:
    file: str  # relative to SUITE, e.g. "type.json" or "optional/format/date.json"
    description: str
    schema: Any
    tests: tuple[dict[str, Any], ...]

    @property
    def id(self) -> str:
        return f"{self.file}: {self.description}"


def groups() -> list[Group]:
    found = []
    for path in sorted(SUITE.rglob("*.json")):
        name = path.relative_to(SUITE).as_posix()
        for group in json.loads(path.read_text(encoding="utf-8")):
            schema, tests = group["schema"], tuple(group["tests"])
            if not required_file(name):
                # a format in OpenAPI is a string's: the schema says so, and only strings are tried
                schema = {**schema, "type": "string"}
                tests = tuple(t for t in tests if isinstance(t["data"], str))
            found.append(Group(name, group["description"], schema, tests))
    return found


def required_file(name: str) -> bool:
    """Whether the suite file is of its required tests (not optional/)."""
    return not name.startswith("optional/")


def required(group: Group) -> bool:
    return required_file(group.file)


def as_component(node: Any) -> Any:
    """The group's schema moved to ``#/components/schemas/Subject``: its ``$ref``s to the
    document's root made relative to the component."""
    if isinstance(node, list):
        return [as_component(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: as_component(v) for k, v in node.items() if k != "$schema"}
    ref = out.get("$ref")
    if isinstance(ref, str) and (ref == "#" or ref.startswith("#/")):
        out["$ref"] = COMPONENT + ref[1:]
    return out


def spec_of(group: Group) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": group.id, "version": "1"},
        "paths": {},
        "components": {"schemas": {"Subject": as_component(group.schema)}},
    }


def modules(group: Group, folder: Path) -> dict[str, ModuleType] | str:
    """The group's modules by flavour, or the generator's error if it refuses the schema."""
    stem = "suite_" + hashlib.sha256(group.id.encode()).hexdigest()[:16]
    spec = folder / f"{stem}.json"
    spec.write_text(json.dumps(spec_of(group)), encoding="utf-8")
    jobs = tuple(
        _job(
            str(spec),
            f,
            str(folder / f"{stem}_{f}.py"),
            [],
            base=folder,
            command="suite",
        )
        for f in FLAVOURS
    )
    try:
        outputs = generate(jobs, reuse=False).outputs
    except SpecErrors as exc:
        return str(exc)
    found = {}
    for job in jobs:
        job.output.write_text(outputs[job.output], encoding="utf-8")
        try:
            found[job.flavour] = import_file(job.output)
        except (
            Exception
        ) as exc:  # a module that does not import is a disagreement on every test
            return f"{job.flavour} module does not import: {exc!r}"
    return found


def verdict(flavour: str, module: ModuleType, test: dict[str, Any]) -> str | None:
    """How ``flavour`` disagrees with ``test``, or None if it agrees."""
    adapter = ADAPTERS[flavour]
    try:
        accepted = adapter.accepts(module, "Subject", test["data"])
    except (
        Exception
    ):  # anything but the flavour's validation error: it cannot read the instance
        accepted = False
    if accepted != test["valid"]:
        return REJECTS_VALID if test["valid"] else ACCEPTS_INVALID
    if accepted:
        try:
            if not adapter.round_trips(module, "Subject", test["data"]):
                return CHANGES_VALID
        except (*ERRORS, TypeError, AttributeError, KeyError):
            return CHANGES_VALID
    return None


# a disagreement: (file, group description, test description, flavour) → how
Key = tuple[str, str, str, str]


def disagreements(group: Group, folder: Path) -> dict[Key, str]:
    made = modules(group, folder)
    found: dict[Key, str] = {}
    for test in group.tests:
        for flavour in FLAVOURS:
            if isinstance(made, str):
                how: str | None = REFUSED
            else:
                how = verdict(flavour, made[flavour], test)
            if how is not None:
                found[(group.file, group.description, test["description"], flavour)] = (
                    how
                )
    return found


@cache
def scratch() -> Path:
    return Path(tempfile.mkdtemp(prefix="modelgen-suite-"))


def all_disagreements(selected: Iterator[Group] | None = None) -> dict[Key, str]:
    found: dict[Key, str] = {}
    for group in selected if selected is not None else groups():
        found.update(disagreements(group, scratch()))
    return found


def agreement(
    found: dict[Key, str], selected: list[Group]
) -> dict[str, tuple[int, int]]:
    """By flavour: (tests agreed with, tests) over ``selected``."""
    total = sum(len(g.tests) for g in selected)
    files = {(g.file, g.description) for g in selected}
    out = {}
    for flavour in FLAVOURS:
        wrong = sum(1 for k in found if k[3] == flavour and (k[0], k[1]) in files)
        out[flavour] = (total - wrong, total)
    return out


EXPECTED = Path(__file__).resolve().parent / "json_schema_suite_expected.json"


def expected() -> dict[Key, tuple[str, str]]:
    """The expected disagreements: key → (how, reason)."""
    nested = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return {
        (file, group, test, flavour): (how, why)
        for file, groups_ in nested.items()
        for group, tests in groups_.items()
        for test, flavours in tests.items()
        for flavour, entry in flavours.items()
        for how, why in [entry.split(": ", 1)]
    }


def write_expected(found: dict[Key, str]) -> list[Key]:
    """Write the expected disagreements, each with the reason its rule gives; the keys no rule explains."""
    from tests.json_schema_suite_policy import reason

    nested: dict[str, Any] = {}
    unexplained = []
    for key, how in sorted(found.items()):
        why = reason(*key, how)
        if why is None:
            unexplained.append(key)
            continue
        file, group, test, flavour = key
        nested.setdefault(file, {}).setdefault(group, {}).setdefault(test, {})[
            flavour
        ] = f"{how}: {why}"
    EXPECTED.write_text(_dumped(nested), encoding="utf-8")
    return unexplained


def _dumped(nested: dict[str, Any]) -> str:
    """JSON with a line for each test (its flavours' disagreements), so that a change shows as one."""
    dump = lambda value: json.dumps(value, ensure_ascii=False)
    files = []
    for file, groups_ in nested.items():
        blocks = []
        for group, tests in groups_.items():
            lines = ",\n".join(
                f"   {dump(test)}: {dump(flavours)}" for test, flavours in tests.items()
            )
            blocks.append(f"  {dump(group)}: {{\n{lines}\n  }}")
        files.append(f" {dump(file)}: {{\n" + ",\n".join(blocks) + "\n }")
    return "{\n" + ",\n".join(files) + "\n}\n"


if (
    __name__ == "__main__"
):  # python -m tests.json_schema_suite [--update]: the agreement per flavour
    import sys

    every = groups()
    found = all_disagreements(iter(every))
    if "--update" in sys.argv:
        for key in write_expected(found):
            print("no reason for", key)
    for title, part in (
        ("required", [g for g in every if required(g)]),
        ("optional formats", [g for g in every if not required(g)]),
    ):
        for flavour, (agreed, total) in agreement(found, part).items():
            print(
                f"{title:17} {flavour:12} {agreed:5}/{total} {100 * agreed / total:5.1f}%"
            )

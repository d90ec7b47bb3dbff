"""Judging OpenAI's example payloads: the validator, every generated flavour, the verdicts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
from modelgen.app.config import _job
from modelgen.app.pipeline import generate, prepare
from modelgen.app.prepared import Prepared
from modelgen.app.write import write_all
from modelgen.flavours import NAMES as FLAVOURS

from tests import oracle
from tests.flavours import ADAPTERS, CONSTRAINT_KEYWORDS
from tests.openai_spec import Example, document, spec_path
from tests.support import import_file


@cache
def prepared() -> Prepared:
    return prepare(spec_path())


def generate_modules(folder: Path) -> dict[str, Path]:
    """The whole spec in every flavour, one module each (the spec is read once)."""
    jobs = tuple(_job(str(spec_path()), f, str(folder / f"openai_{f}.py"), [], base=Path("/"), command="test") for f in FLAVOURS)
    write_all(generate(jobs).outputs)
    return {job.flavour: job.output for job in jobs}


@cache
def converted(loose: bool | frozenset[str]) -> dict[str, Any]:
    doc = oracle.convert_document(document())
    if not loose:
        return doc
    return oracle.strip_constraints(doc, loose) if isinstance(loose, frozenset) else oracle.strip_constraints(doc)


@cache
def validator(schema: str, loose: bool | frozenset[str] = False) -> jsonschema.Draft202012Validator:
    """The validator of a component schema; ``loose`` sets aside the constraints (all, or those named)."""
    root = dict(converted(loose))
    root["$ref"] = "#/components/schemas/" + schema
    return jsonschema.Draft202012Validator(root)


def only_oneof_ambiguity(schema: str, payload: Any, loose: bool | frozenset[str] = False) -> bool:
    """Whether every error the validator finds is a `oneOf` that more than one member matches.

    Python unions (and so every generated flavour) take the first member that fits; JSON Schema's
    oneOf also demands that no other member fits. Such payloads are listed, not hidden."""
    errors = list(validator(schema, loose).iter_errors(payload))
    return bool(errors) and all(e.validator == "oneOf" and not e.context for e in errors)


@dataclass(frozen=True)
class Verdict:
    example: Example
    valid: bool  # the validator's verdict
    reason: str | None
    accepted: dict[str, bool]  # by flavour
    round_trip: dict[str, bool]  # by flavour, for valid examples
    # by flavour: the validator's verdict without the constraints the flavour does not check
    expected_by: dict[str, bool]

    def expected(self, flavour: str) -> bool:
        return self.expected_by[flavour]


def unchecked(flavour: str) -> frozenset[str]:
    return CONSTRAINT_KEYWORDS - ADAPTERS[flavour].checks


def class_name(schema: str) -> str:
    p = prepared()
    return p.names.cls(p.spec.components[schema])


def judge(example: Example, modules: dict[str, ModuleType]) -> Verdict:
    name = class_name(example.schema)
    v = validator(example.schema)
    errors = sorted(v.iter_errors(example.payload), key=lambda e: list(e.absolute_path))
    valid = not errors
    reason = None
    if errors:
        best = jsonschema.exceptions.best_match(errors)
        reason = f"at {best.json_path}: {best.message}"
        if len(reason) > 300:
            reason = reason[:297] + "..."
    accepted = {f: ADAPTERS[f].accepts(module, name, example.payload) for f, module in modules.items()}
    round_trip = {
        f: ADAPTERS[f].round_trips(module, name, example.payload) for f, module in modules.items() if valid and accepted[f]
    }
    expected = {
        f: valid if not unchecked(f) else validator(example.schema, unchecked(f)).is_valid(example.payload) for f in modules
    }
    return Verdict(example, valid, reason, accepted, round_trip, expected)


def import_modules(paths: dict[str, Path]) -> dict[str, ModuleType]:
    return {flavour: import_file(path) for flavour, path in paths.items()}


def widened_for_msgspec(module: ModuleType, schema: str, payload: Any) -> bool:
    """Whether every error the validator finds lies where the msgspec module reads plain JSON
    (``Any``, or a ``dict[str, Any]`` standing for a union msgspec cannot decode)."""
    import msgspec.inspect as mi

    def plain(info: Any) -> bool:
        return isinstance(info, mi.AnyType) or (isinstance(info, mi.DictType) and isinstance(info.value_type, mi.AnyType))

    def reaches_plain(info: Any, path: list[Any]) -> bool:
        if plain(info):
            return True
        if isinstance(info, mi.UnionType):
            return any(reaches_plain(t, path) for t in info.types)
        if not path:
            return False
        step, rest = path[0], path[1:]
        if isinstance(info, mi.StructType):
            found = [f.type for f in info.fields if f.encode_name == step]
            return bool(found) and reaches_plain(found[0], rest)
        if isinstance(info, (mi.ListType, mi.DictType)):
            return reaches_plain(info.item_type if isinstance(info, mi.ListType) else info.value_type, rest)
        if isinstance(info, mi.Metadata):
            return reaches_plain(info.type, path)
        return False

    root = mi.type_info(getattr(module, class_name(schema)))
    errors = list(validator(schema).iter_errors(payload))
    return bool(errors) and all(reaches_plain(root, list(e.absolute_path)) for e in errors)


# The Assistants run family: runs, run steps, threads, messages, assistants (objects, lists,
# deltas, deletions), as the spec's schema and operation examples show them.
RUN_FAMILY = (
    "AssistantObject", "ListAssistantsResponse", "DeleteAssistantResponse",
    "ThreadObject", "DeleteThreadResponse",
    "MessageObject", "ListMessagesResponse", "MessageDeltaObject", "DeleteMessageResponse",
    "RunObject", "ListRunsResponse", "RunStepObject", "ListRunStepsResponse", "RunStepDeltaObject",
)  # fmt: skip


def family_examples() -> list[Example]:
    from tests.openai_spec import operation_examples, schema_examples

    return [e for e in schema_examples().examples + operation_examples().examples if e.schema in RUN_FAMILY]


def family_overlays(folder: Path, reading: str = "exact") -> list[Path]:
    """What `modelgen check-payloads --reading READING` writes for the run family's examples,
    root by root (each run with the overlays written before it)."""
    from modelgen.commands.payloads import Payload, check_payloads, overlay_text

    overlays: list[Path] = []
    examples = family_examples()
    for root in RUN_FAMILY:
        payloads = [Payload(e.where, e.payload) for e in examples if e.schema == root]
        report = check_payloads(spec_path(), root, payloads, tuple(overlays), reading=reading)
        if report.actions:
            path = folder / f"openai.{root}.{reading}.fixes.yaml"
            path.write_text(overlay_text(report, spec_path().name, root), encoding="utf-8")
            overlays.append(path)
    return overlays


def generate_family(folder: Path, reading: str, overlays: list[Path]) -> dict[str, Path]:
    """The run family in every flavour, read ``reading``, with ``overlays``."""
    jobs = tuple(
        _job(
            str(spec_path()), f, str(folder / f"family_{reading}_{len(overlays)}_{f}.py"), list(RUN_FAMILY),
            base=Path("/"), command="test", overlays=[str(o) for o in overlays], reading=reading,
        )
        for f in FLAVOURS
    )  # fmt: skip
    write_all(generate(jobs).outputs)
    return {job.flavour: job.output for job in jobs}

"""Judging OpenAI's example payloads: the validator, the three generated flavours, the verdicts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
from pydantic import TypeAdapter

from generator.config import _job
from generator.pipeline import Prepared, generate, prepare
from generator.flavours import NAMES as FLAVOURS
from generator.write import write_all
from tests import oracle
from tests.openai_spec import Example, document, spec_path
from tests.support import accepts, dataclass_roundtrip, import_file


@cache
def prepared() -> Prepared:
    return prepare(spec_path())


def generate_modules(folder: Path) -> dict[str, Path]:
    """The whole spec in every flavour, one module each (the spec is read once)."""
    jobs = tuple(_job(str(spec_path()), f, str(folder / f"openai_{f}.py"), [], base=Path("/"), command="test") for f in FLAVOURS)
    write_all(generate(jobs).outputs)
    return {job.flavour: job.output for job in jobs}


@cache
def converted(loose: bool) -> dict[str, Any]:
    doc = oracle.convert_document(document())
    return oracle.strip_constraints(doc) if loose else doc


@cache
def validator(schema: str, loose: bool = False) -> jsonschema.Draft202012Validator:
    root = dict(converted(loose))
    root["$ref"] = "#/components/schemas/" + schema
    return jsonschema.Draft202012Validator(root)


def only_oneof_ambiguity(schema: str, payload: Any, loose: bool = False) -> bool:
    """Whether every error the validator finds is a `oneOf` that more than one member matches.

    Python unions (and so every generated flavour) take the first member that fits; JSON Schema's
    oneOf also demands that no other member fits. Such payloads are listed, not hidden."""
    errors = list(validator(schema, loose).iter_errors(payload))
    return bool(errors) and all(e.validator == "oneOf" and not e.context for e in errors)


@dataclass(frozen=True)
class Verdict:
    example: Example
    valid: bool
    reason: str | None
    pydantic: bool
    typeddict: bool
    typeddict_expected: bool
    dataclass_roundtrip: bool | None  # None when the validator rejects the payload


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
    pydantic_ok = accepts(lambda p: TypeAdapter(getattr(modules["pydantic"], name)).validate_python(p), example.payload)
    td_ok = accepts(lambda p: TypeAdapter(getattr(modules["typeddict"], name)).validate_python(p, strict=True), example.payload)
    roundtrip = None
    if valid:
        roundtrip = dataclass_roundtrip(modules["dataclasses"], name, example.payload) == example.payload
    return Verdict(example, valid, reason, pydantic_ok, td_ok, validator(example.schema, loose=True).is_valid(example.payload), roundtrip)


def import_modules(paths: dict[str, Path]) -> dict[str, ModuleType]:
    return {flavour: import_file(path) for flavour, path in paths.items()}

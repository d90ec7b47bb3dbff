"""Generated modules fed real payloads, judged against a JSON Schema validator.

Every case's payloads.yaml lists payloads with the verdict they must get; the validator must agree
with that verdict (so the test data is right), and then:
- the Pydantic model accepts exactly what the validator accepts, and dumps valid payloads back unchanged;
- the TypedDict, through `pydantic.TypeAdapter`, accepts exactly what the validator accepts once
  value constraints are set aside (TypedDicts document constraints, they cannot enforce them);
- the dataclass round-trips every valid payload (`from_dict(p).to_dict() == p`) and rejects the
  structurally broken ones (missing keys, unknown tags and constants).
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import TypeAdapter

from generator.naming import base_class_name
from tests import oracle
from tests.support import REPO, accepts, case_module, case_names, case_spec, dataclass_decoder, dataclass_roundtrip, golden_path

SPECS = REPO / "specs"


def payload_cases() -> list[Any]:
    params = []
    for case in case_names():
        entries = yaml.safe_load((golden_path(case, "pydantic").parent / "payloads.yaml").read_text(encoding="utf-8"))
        for i, entry in enumerate(entries):
            params.append(pytest.param(case, entry, id=f"{case}-{i}-{entry['schema']}-{'valid' if entry['valid'] else 'invalid'}"))
    return params


@cache
def typeddict_adapter(case: str, name: str) -> TypeAdapter[Any]:
    return TypeAdapter(getattr(case_module(case, "typeddict"), name))


@pytest.mark.parametrize(("case", "entry"), payload_cases())
def test_payload(case: str, entry: dict[str, Any]) -> None:
    schema, payload, valid = entry["schema"], entry["payload"], entry["valid"]
    name = base_class_name((schema,))
    spec = case_spec(case)
    assert oracle.validator(spec, schema).is_valid(payload) == valid, "the payload's expected verdict is wrong"

    model = getattr(case_module(case, "pydantic"), name)
    adapter = TypeAdapter(model)
    assert accepts(lambda p: adapter.validate_python(p), payload) == valid
    if valid:
        dumped = adapter.dump_python(adapter.validate_python(copy.deepcopy(payload)), mode="json", exclude_unset=True)
        assert dumped == payload

    td_valid = valid if not entry.get("constraint") else True
    if entry.get("typeddict_gap"):
        td_valid = True
    td = typeddict_adapter(case, name)
    assert accepts(lambda p: td.validate_python(p, strict=True), payload) == td_valid

    module = case_module(case, "dataclasses")
    if valid:
        assert dataclass_roundtrip(module, name, payload) == payload
    elif entry.get("rejected_by_dataclasses"):
        with pytest.raises(ValueError):
            dataclass_decoder(module, name)(copy.deepcopy(payload))


def test_typeddict_constraint_gap_is_real() -> None:
    """The TypedDict flavour accepts exactly what the validator accepts once constraints are removed."""
    spec = case_spec("constraints")
    loose = oracle.strip_constraints(oracle.load(spec))
    root = dict(loose, **{"$ref": "#/components/schemas/Limits"})
    adapter = typeddict_adapter("constraints", "Limits")
    entries = yaml.safe_load((spec.parent / "payloads.yaml").read_text(encoding="utf-8"))
    for entry in entries:
        expected = jsonschema.Draft202012Validator(root).is_valid(entry["payload"])
        assert accepts(lambda p: adapter.validate_python(p, strict=True), entry["payload"]) == expected

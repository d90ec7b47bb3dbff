"""Generated modules fed real payloads, judged against a JSON Schema validator.

Every case's payloads.yaml lists payloads with the verdict they must get; the validator must agree
with that verdict (so the test data is right), and then every flavour (through its adapter in
tests/flavours.py) accepts exactly what the validator accepts, with two documented exceptions:
flavours that do not check constraints (TypedDicts, dataclasses) accept payloads that only break
a constraint (`constraint: true`), and a payload may name flavours that accept it anyway
(`accepted_by`, with the reason in `why`). Valid payloads are written back unchanged.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest

from modelgen.flavours import reserved
from modelgen.naming import base_class_name
from modelgen.yaml_events import load_yaml
from tests import oracle
from tests.flavours import ADAPTERS, CONSTRAINT_KEYWORDS, type_adapter
from tests.support import case_module, case_names, case_options, case_spec, golden_path


def payload_cases() -> list[Any]:
    params = []
    for case in case_names():
        entries = load_yaml((golden_path(case, "pydantic").parent / "payloads.yaml").read_text(encoding="utf-8"))
        for i, entry in enumerate(entries):
            for flavour in ADAPTERS:
                verdict = "valid" if entry["valid"] else "invalid"
                params.append(pytest.param(case, entry, flavour, id=f"{case}-{i}-{entry['schema']}-{verdict}-{flavour}"))
    return params


@pytest.mark.parametrize(("case", "entry", "flavour"), payload_cases())
def test_payload(case: str, entry: dict[str, Any], flavour: str) -> None:
    schema, payload, valid = entry["schema"], entry["payload"], entry["valid"]
    judge = oracle.validator(case_spec(case), schema, entry.get("pointer"), entry.get("direction"))
    assert judge.is_valid(payload) == valid, "the payload's expected verdict is wrong"
    adapter = ADAPTERS[flavour]
    expected = valid
    if entry.get("constraint") and entry["constraint"] not in adapter.checks:
        assert entry["constraint"] in CONSTRAINT_KEYWORDS, "name the JSON Schema keyword the payload breaks"
        expected = True
    if flavour in entry.get("accepted_by", []):
        assert entry.get("why"), "say why the flavour accepts it"
        expected = True
    if entry.get("tolerated"):
        assert case_options(case).get("reading") == "tolerant", "only a tolerant case tolerates"
        expected = True
    module = case_module(case, flavour)
    name = entry.get("class") or base_class_name((schema,), reserved())  # (a dotted name is shortened)
    assert adapter.accepts(module, name, payload) == expected
    if valid or entry.get("tolerated"):
        assert adapter.round_trips(module, name, payload)


@pytest.mark.parametrize("flavour", list(ADAPTERS))
@pytest.mark.parametrize("case", case_names())
def test_every_component_builds_on_first_use(case: str, flavour: str) -> None:
    """What each flavour's library builds on first use (pydantic's validator, msgspec's decoder,
    the TypedDict's TypeAdapter, the dataclass codec's plan) builds for every component schema:
    a class named like a builtin and used before its definition (tests/cases/shadows) is the
    module's own class, not the builtin."""
    spec = load_yaml(case_spec(case).read_text(encoding="utf-8"))
    module = case_module(case, flavour)
    for schema in (spec.get("components") or {}).get("schemas") or {}:
        name = base_class_name((schema,), reserved())
        if hasattr(module, name):  # a job may take fewer than every component
            ADAPTERS[flavour].build(module, name)


@pytest.mark.parametrize("flavour", [f for f, a in ADAPTERS.items() if not a.checks_constraints])
def test_flavours_accept_what_the_validator_accepts_without_the_constraints_they_do_not_check(flavour: str) -> None:
    spec = case_spec("constraints")
    unchecked = CONSTRAINT_KEYWORDS - ADAPTERS[flavour].checks
    loose = oracle.strip_constraints(oracle.load(spec), unchecked)
    root = dict(loose, **{"$ref": "#/components/schemas/Limits"})
    entries = load_yaml((spec.parent / "payloads.yaml").read_text(encoding="utf-8"))
    module = case_module("constraints", flavour)
    for entry in entries:
        expected = jsonschema.Draft202012Validator(root).is_valid(entry["payload"])
        assert ADAPTERS[flavour].accepts(module, "Limits", entry["payload"]) == expected, entry


def added_keys(written: Any, read: Any, at: str = "") -> list[str]:
    """The pointers of the object keys in ``written`` that ``read`` does not have (in objects
    that both have at the same place)."""
    if isinstance(written, dict) and isinstance(read, dict):
        found = [f"{at}/{key}" for key in written if key not in read]
        return found + [p for key in written if key in read for p in added_keys(written[key], read[key], f"{at}/{key}")]
    if isinstance(written, list) and isinstance(read, list):
        return [p for i, (w, r) in enumerate(zip(written, read)) for p in added_keys(w, r, f"{at}/{i}")]
    return []


@pytest.mark.parametrize(("case", "entry", "flavour"), [p for p in payload_cases() if p.values[1]["valid"]])
def test_a_key_absent_from_a_payload_is_not_written_back(case: str, entry: dict[str, Any], flavour: str) -> None:
    """(issue 19) A default fills in an absent key when reading; writing leaves the key out again
    (msgspec wrote a default list or dict made by a factory where the key was absent)."""
    adapter = ADAPTERS[flavour]
    module = case_module(case, flavour)
    name = entry.get("class") or base_class_name((entry["schema"],), reserved())
    written = adapter.encode(module, adapter.decode(module, name, copy.deepcopy(entry["payload"])))
    assert added_keys(written, entry["payload"]) == []


@pytest.mark.parametrize(("case", "entry", "flavour"), [p for p in payload_cases() if p.values[1]["valid"]])
def test_what_is_written_from_a_valid_payload_is_valid(case: str, entry: dict[str, Any], flavour: str) -> None:
    """(issue 19) Writing back may leave out what the spec fills in when absent (msgspec leaves
    out values equal to their default), never what the spec requires: tolerant msgspec modules
    dropped a required key whose value was null, as the default of a key that may be absent."""
    if case == "hostile" and flavour == "msgspec":
        pytest.skip("policy msgspec-quoted-name: a key with a double quote is not a field, and is dropped")
    adapter = ADAPTERS[flavour]
    module = case_module(case, flavour)
    name = entry.get("class") or base_class_name((entry["schema"],), reserved())
    written = adapter.encode(module, adapter.decode(module, name, copy.deepcopy(entry["payload"])))
    if flavour == "typeddict":  # the values pydantic made (a user's own type) as JSON
        written = type_adapter(module, name).dump_python(written, mode="json")
    written = json.loads(json.dumps(written))  # as JSON (a tuple is an array)
    judge = oracle.validator(case_spec(case), entry["schema"], entry.get("pointer"), entry.get("direction"))
    assert [e.message for e in judge.iter_errors(written)] == []

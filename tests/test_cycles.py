"""Unions that are members of themselves (normalise/cycles.py) become the union of what they
hold; types that contain themselves through lists and maps stay recursive, and every flavour
declares them so that the module imports and decodes them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from modelgen import ir
from modelgen.app.pipeline import prepare
from modelgen.cli import main
from tests.support import case_module, case_spec, import_file


def test_a_union_that_contains_itself_is_what_it_holds() -> None:
    prepared = prepare(case_spec("recursion"))
    spec = prepared.spec
    for name in ("NodeA", "NodeB"):
        d = spec.definitions[spec.components[name]]
        assert isinstance(d, ir.Alias) and set(ir.union_members(d.type)) == {ir.Primitive("int"), ir.Primitive("str")}


def test_recursive_types_decode_at_any_depth() -> None:
    deep: object = "leaf"
    for _ in range(30):
        deep = {"k": [deep]}
    for flavour in ("pydantic", "dataclasses", "typeddict"):
        module = case_module("recursion", flavour)
        assert hasattr(module, "NodeA") and hasattr(module, "JsonValue")
    pydantic = case_module("recursion", "pydantic")
    assert pydantic.Document.model_validate({"body": deep, "tree": None}).model_dump(mode="json", exclude_unset=True) == {
        "body": deep,
        "tree": None,
    }
    dataclasses = case_module("recursion", "dataclasses")
    assert dataclasses.Document.from_dict({"body": deep, "tree": None}).to_dict() == {"body": deep, "tree": None}


NESTED = """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Nested:
      description: A count, or a list of nested counts.
      anyOf:
        - type: integer
        - type: array
          items: {$ref: '#/components/schemas/Nested'}
"""


def test_a_recursive_pydantic_alias_is_strict_on_its_own(tmp_path: Path) -> None:
    """A recursive alias is a string evaluated later (``TypeAliasType``); its scalars are the
    strict ones, as any alias's, so that reading it on its own (``TypeAdapter``, where pydantic
    is lax) refuses the string "7" where an integer is meant."""
    spec = tmp_path / "nested.yaml"
    spec.write_text(NESTED, encoding="utf-8")
    output = tmp_path / "nested_models.py"
    assert main(["generate", str(spec), "--flavour", "pydantic", "--output", str(output), "--no-cache", "--quiet"]) == 0
    module = import_file(output)
    adapter = TypeAdapter(module.Nested)
    assert adapter.validate_json("[1, [2, [3]]]") == [1, [2, [3]]]
    with pytest.raises(ValidationError):
        adapter.validate_json('"7"')
    with pytest.raises(ValidationError):
        adapter.validate_json("[1, [true]]")

"""Unions that are members of themselves (normalise/cycles.py) become the union of what they
hold; types that contain themselves through lists and maps stay recursive, and every flavour
declares them so that the module imports and decodes them."""

from __future__ import annotations

from modelgen import ir
from modelgen.app.pipeline import prepare
from tests.support import case_module, case_spec


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

"""Tagged unions (normalise/unions.py): tags from discriminator.mapping, then a member's own
constant, then its component name; and every flavour decodes a payload as the member its tag
selects, even when the members' tag properties are plain strings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from modelgen import ir
from modelgen.app.pipeline import prepare
from tests.support import case_module, case_spec

OWNER = {
    "pets": [{"kind": "dog", "name": "Rex"}, {"kind": "cat", "name": "Tom"}, {"kind": "puppy", "name": "Bit"}],
    "ride": {"vehicle_type": "Car", "wheels": 4},
}


def union(spec_path: Path, name: str) -> ir.UnionOf:
    prepared = prepare(spec_path)
    d = prepared.spec.definitions[prepared.spec.components[name]]
    assert isinstance(d, ir.Alias) and isinstance(d.type, ir.UnionOf)
    return d.type


def test_tags_from_the_mapping_and_from_component_names() -> None:
    pet = union(case_spec("discriminators"), "Pet")
    assert (pet.tag, dict(pet.tags)) == ("kind", {"cat": 0, "dog": 1, "puppy": 1})
    vehicle = union(case_spec("discriminators"), "Vehicle")
    assert (vehicle.tag, dict(vehicle.tags)) == ("vehicle_type", {"Bike": 0, "Car": 1})


def test_tags_from_constants_through_enum_aliases(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n"
        "    Search:\n      type: object\n      required: [type]\n      properties:\n"
        "        type: {type: string, enum: [web_search, web_search_2025]}\n"
        "    Shell:\n      type: object\n      required: [type]\n      properties:\n        type: {const: shell}\n"
        "    Tool:\n      oneOf: [{$ref: '#/components/schemas/Search'}, {$ref: '#/components/schemas/Shell'}]\n"
        "      discriminator: {propertyName: type}\n",
        encoding="utf-8",
    )
    tool = union(spec, "Tool")
    assert dict(tool.tags) == {"web_search": 0, "web_search_2025": 0, "shell": 1}


def test_a_mapping_value_the_member_forbids_is_left_out(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n"
        "    A:\n      type: object\n      required: [t]\n      properties: {t: {const: a}}\n"
        "    B:\n      type: object\n      required: [t]\n      properties: {t: {const: b}}\n"
        "    U:\n      oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]\n"
        "      discriminator: {propertyName: t, mapping: {a: A, b: B, c: A}}\n",
        encoding="utf-8",
    )
    assert dict(union(spec, "U").tags) == {"a": 0, "b": 1}


def test_pydantic_decodes_by_the_mapping() -> None:
    module = case_module("discriminators", "pydantic")
    owner = module.Owner.model_validate(OWNER)
    assert [type(p).__name__ for p in owner.pets] == ["Dog", "Cat", "Dog"]
    assert type(owner.ride).__name__ == "Car"
    assert owner.model_dump(mode="json", exclude_unset=True) == OWNER
    # the error names the tag and its values (it said "Unable to extract tag using
    # discriminator member()", the name of a function in the module)
    said = "'kind' is missing or not one of 'cat', 'dog', 'puppy' [type=union_tag"
    for pet in ({"kind": "bird", "name": "Tweety"}, {"name": "Tweety"}):
        with pytest.raises(ValueError, match=re.escape(said)):
            module.Owner.model_validate({**OWNER, "pets": [pet]})


def test_dataclasses_decode_by_the_mapping() -> None:
    module = case_module("discriminators", "dataclasses")
    owner = module.Owner.from_dict(OWNER)
    assert [type(p).__name__ for p in owner.pets] == ["Dog", "Cat", "Dog"]
    assert type(owner.ride).__name__ == "Car"
    assert owner.to_dict() == OWNER
    with pytest.raises(ValueError, match=r"Owner\.pets\[0\]\.kind: unknown kind 'bird'"):
        module.Owner.from_dict({**OWNER, "pets": [{"kind": "bird", "name": "Tweety"}]})


def test_typeddicts_accept_what_the_mapping_accepts() -> None:
    module = case_module("discriminators", "typeddict")
    TypeAdapter(module.Owner).validate_python(OWNER, strict=True)


@pytest.mark.parametrize("flavour", ["pydantic", "msgspec", "dataclasses"])
def test_a_base_with_a_discriminator_is_read_as_the_union_of_its_subtypes(flavour: str) -> None:
    """tests/cases/inheritance: `Pet` has a discriminator, and Cat and Dog extend it through
    allOf; a pet is a Cat or a Dog by its tag, from the mapping (cat) or the subtype's name
    (Dog). It was read as the base, keeping none of the subtypes' properties (issue 19)."""
    from tests.flavours import ADAPTERS
    from tests.support import case_module

    module = case_module("inheritance", flavour)
    for payload, subtype in (({"petType": "cat", "lives": 9}, "Cat"), ({"petType": "Dog", "bark": True}, "Dog")):
        decoded = ADAPTERS[flavour].decode(module, "Owner", {"pet": payload})
        owner = decoded[1] if flavour == "pydantic" else decoded
        # (msgspec's union holds the subtype's tagged form: see the test below)
        assert type(owner.pet).__name__ == subtype + "Tagged" * (flavour == "msgspec")
        assert ADAPTERS[flavour].round_trips(module, "Owner", {"pet": payload})
    assert not ADAPTERS[flavour].accepts(module, "Owner", {"pet": {"petType": "cat", "lives": "many"}})


HOUSEHOLD = {
    "pet": {"kind": "puppy"},
    "animals": [{"kind": "feline", "name": "Tom"}, {"kind": "canine"}],
    "favourite": {"kind": "lion", "name": "Leo"},
}


@pytest.mark.parametrize("flavour", ["pydantic", "msgspec", "dataclasses"])
def test_each_union_reads_and_writes_its_own_mapping(flavour: str) -> None:
    """tests/cases/tagged: Cat and Dog are members of Pet (`cat`, `dog` and `puppy`) and of
    Animal (`feline`, `canine`), and a cat of any kind is a field of its own. Each place takes
    the tags its own union gives and writes them back; msgspec tagged each class once, so it
    applied one union's tag everywhere, or read both unions as plain JSON (issue 19)."""
    from tests.flavours import ADAPTERS

    adapter, module = ADAPTERS[flavour], case_module("tagged", flavour)
    assert adapter.round_trips(module, "Household", HOUSEHOLD)
    for wrong in ({"pet": {"kind": "feline", "name": "Tom"}}, {"pet": {"kind": "dog"}, "animals": [{"kind": "cat", "name": "Tom"}]}):
        assert not adapter.accepts(module, "Household", wrong), wrong
    assert adapter.accepts(module, "Cat", {"kind": "anything", "name": "Tom"})
    assert not adapter.accepts(module, "Pet", {"kind": "anything", "name": "Tom"})


def test_msgspec_requires_the_tag_wherever_a_struct_is_read() -> None:
    """A tagged member decoded on its own, or as a plain field, requires its tag key as its schema
    does (OpenAI's `AssistantToolsCode` took `{}`): the union holds the tagged form
    (`CodeToolTagged`), decoded by one look-up of the tag; the schema's class has the key as a
    field."""
    import msgspec

    module = case_module("tagged", "msgspec")
    for target, payload in ((module.CodeTool, b"{}"), (module.Household, b'{"pet": {"kind": "dog"}, "code": {}}')):
        with pytest.raises(msgspec.ValidationError, match="missing required field `type`"):
            msgspec.json.decode(payload, type=target)
    tool = msgspec.json.decode(b'{"type": "code", "timeout": 5}', type=module.Tool)
    assert isinstance(tool, module.CodeToolTagged) and tool.type == "code"
    assert msgspec.json.decode(msgspec.json.encode(tool), type=module.CodeTool) == module.CodeTool(type="code", timeout=5)

"""The IR that normalise/ builds: nullability, defaults, constants and errors that point at the
value as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelgen import ir
from modelgen.app.config import _job
from modelgen.load import load_spec
from modelgen.normalise import normalise
from modelgen.app.pipeline import prepare, render_job
from modelgen.resolve import Resolver
from tests.support import REPO


def test_ir_of_run_object() -> None:
    spec = normalise(Resolver(load_spec(REPO / "specs" / "assistants.yaml")))
    run = spec.definitions[spec.components["RunObject"]]
    assert isinstance(run, ir.Model)
    fields = {f.wire_name: f for f in run.fields}
    nullable_forms = ["required_action", "expires_at", "started_at", "cancelled_at", "truncation_strategy", "response_format"]
    for name in nullable_forms:
        assert fields[name].required and isinstance(fields[name].type, ir.Nullable), name
    assert not fields["temperature"].required and isinstance(fields["temperature"].type, ir.Nullable)
    assert fields["tools"].default == ir.Default([])
    assert fields["object"].type == ir.LiteralOf(("thread.run",))
    tool = spec.definitions[spec.components["AssistantTool"]]
    assert isinstance(tool, ir.Alias) and isinstance(tool.type, ir.UnionOf)
    assert tool.type.tag == "type" and tool.type.discriminated
    assert dict(tool.type.tags) == {"code_interpreter": 0, "file_search": 1, "function": 2}


def test_json_and_yaml_give_the_same_models(tmp_path: Path) -> None:
    import json

    import yaml

    data = yaml.safe_load((REPO / "specs" / "assistants.yaml").read_text(encoding="utf-8"))
    as_json = tmp_path / "assistants.json"
    as_json.write_text(json.dumps(data), encoding="utf-8")
    from_yaml = prepare(REPO / "specs" / "assistants.yaml")
    from_json = prepare(as_json)
    job = _job("x", "dataclasses", "x.py", [], base=REPO, command="c")
    text_yaml, _ = render_job(job, from_yaml)
    text_json, _ = render_job(job, from_json)
    assert text_yaml.split("\n\n", 1)[1] == text_json.split("\n\n", 1)[1]


def test_a_nullable_alias_includes_null(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n"
        "    Label: {type: string, nullable: true}\n    Box: {type: object, properties: {label: {$ref: '#/components/schemas/Label'}}}\n",
        encoding="utf-8",
    )
    prepared = prepare(spec)
    label = prepared.spec.definitions[prepared.spec.components["Label"]]
    assert isinstance(label, ir.Alias) and label.type == ir.Nullable(ir.Primitive("str"))
    box = prepared.spec.definitions[prepared.spec.components["Box"]]
    assert isinstance(box, ir.Model) and box.fields[0].type == ir.Ref(label.key)


@pytest.mark.parametrize(
    "schema, message, pointer, values",
    [
        ("{type: integer, const: 'x'}", 'const value "x" is a string, but the schema\'s type is "integer"', "/const", ("x",)),
        ("{type: [string, 'null'], enum: [a, null, true]}", "enum value true is a boolean", "/enum/2", ("a", True)),
        ("{type: number, enum: [1, 2, '3']}", 'enum value "3" is a string', "/enum/2", (1, 2, "3")),
    ],
)
def test_values_that_contradict_their_type_are_kept_as_written_with_a_warning(
    tmp_path: Path, schema: str, message: str, pointer: str, values: tuple[object, ...]
) -> None:
    """vimeo's and visualstudio's specs have such values: the API sends them, so the models take
    them, and the warning points at the value that looks like a typo (issue 19)."""
    spec = tmp_path / "s.yaml"
    spec.write_text(f"openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\ncomponents:\n  schemas:\n    V: {schema}\n", encoding="utf-8")
    prepared = prepare(spec)
    (warning,) = prepared.spec.diagnostics
    assert not warning.error
    assert message in warning.render() and "kept as written" in warning.render()
    assert f"/components/schemas/V{pointer}:" in warning.render()
    found = prepared.spec.definitions[prepared.spec.components["V"]]
    assert isinstance(found, ir.Alias)
    literal = found.type.inner if isinstance(found.type, ir.Nullable) else found.type
    assert literal == ir.LiteralOf(values)


def test_an_array_against_a_scalar_type_is_still_an_error(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    V: {type: string, enum: [a, [b]]}\n", encoding="utf-8")
    (error,) = [d for d in prepare(spec).spec.diagnostics if d.error]
    assert "enum value is an array, but the schema's type is \"string\"" in error.render()


def test_values_of_several_types_without_a_type_are_valid(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    V: {enum: [red, amber, null, 42, true]}\n",
        encoding="utf-8",
    )
    prepared = prepare(spec)
    assert not prepared.spec.diagnostics
    v = prepared.spec.definitions[prepared.spec.components["V"]]
    assert isinstance(v, ir.Alias) and v.type == ir.Nullable(ir.LiteralOf(("red", "amber", 42, True)))


def definition(tmp_path: Path, schemas: str, name: str, version: str = "3.1.0") -> tuple[ir.Definition, list[str]]:
    """The definition ``name`` of a spec with ``schemas`` (YAML under components/schemas), and its warnings."""
    spec = tmp_path / "s.yaml"
    spec.write_text(f"openapi: {version}\ninfo: {{title: t, version: '1'}}\ncomponents:\n  schemas:\n{schemas}", encoding="utf-8")
    prepared = prepare(spec)
    assert not [d for d in prepared.spec.diagnostics if d.error], prepared.spec.diagnostics
    return prepared.spec.definitions[prepared.spec.components[name]], [d.render() for d in prepared.spec.diagnostics]


@pytest.mark.parametrize(
    "schema, constraints, warning",
    [
        ("{type: number, maximum: .inf, minimum: 0}", ir.Constraints(minimum=0), "/V/maximum: maximum Infinity is not a finite number"),
        ("{type: number, multipleOf: 0}", None, "/V/multipleOf: multipleOf 0 is not greater than 0"),
        ("{type: string, minLength: 1.0, maxLength: -1}", ir.Constraints(min_length=1), "/V/maxLength: maxLength -1 is not a non-negative integer"),
        ("{type: integer, minimum: 1.5, exclusiveMaximum: 10.5}", ir.Constraints(minimum=2, maximum=10), None),
        ("{type: integer, exclusiveMinimum: 1.0, multipleOf: 0.5}", ir.Constraints(exclusive_minimum=1), None),
        ("{type: integer, multipleOf: 2.5}", ir.Constraints(multiple_of=5), None),
    ],
)
def test_constraint_values_validators_cannot_take_are_made_usable(
    tmp_path: Path, schema: str, constraints: ir.Constraints | None, warning: str | None
) -> None:
    v, warnings = definition(tmp_path, f"    V: {schema}\n", "V")
    assert isinstance(v, ir.Alias)
    assert ir.split_constraints(v.type)[1] == constraints
    assert [w for w in warnings if warning and warning in w] if warning else not warnings, warnings


def test_boolean_schemas_in_allof(tmp_path: Path) -> None:
    schemas = "    Never: false\n    N: {allOf: [{$ref: '#/components/schemas/Never'}, {minLength: 2}]}\n    A: {allOf: [true, true]}\n"
    never, anything = definition(tmp_path, schemas, "N")[0], definition(tmp_path, schemas, "A")[0]
    assert isinstance(never, ir.Alias) and never.type == ir.NeverType()
    assert isinstance(anything, ir.Alias) and anything.type == ir.AnyType()


def test_enum_and_const_of_objects_and_arrays_are_checked_by_json_type(tmp_path: Path) -> None:
    v, warnings = definition(tmp_path, "    V: {enum: [1, a, {k: 1}, [1]]}\n", "V")
    assert isinstance(v, ir.Alias)
    assert v.type == ir.UnionOf((ir.LiteralOf((1, "a")), ir.MapOf(ir.AnyType()), ir.ListOf(ir.AnyType())))
    assert any("cannot be Literals; only their JSON type is checked" in w for w in warnings)


def test_a_fragment_ref_is_relative_to_the_schema_with_an_id(tmp_path: Path) -> None:
    schemas = (
        "    R:\n      $id: https://example.test/r\n      $defs: {Count: {type: integer}}\n"
        "      type: object\n      properties:\n        count: {$ref: '#/$defs/Count'}\n"
        "        other: {$ref: '#/components/schemas/S'}\n    S: {type: string}\n"
    )
    r, _ = definition(tmp_path, schemas, "R")
    assert isinstance(r, ir.Model)
    assert [f.type for f in r.fields] == [ir.Ref("s.yaml#/components/schemas/R/$defs/Count"), ir.Ref("s.yaml#/components/schemas/S")]


def test_openapi_32_self_names_the_document(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "openapi: 3.2.0\n$self: https://example.test/api\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n"
        "    A: {type: string}\n    B: {type: object, properties: {a: {$ref: 'https://example.test/api#/components/schemas/A'}}}\n",
        encoding="utf-8",
    )
    prepared = prepare(spec)
    assert not prepared.spec.diagnostics
    b = prepared.spec.definitions[prepared.spec.components["B"]]
    assert isinstance(b, ir.Model) and b.fields[0].type == ir.Ref("s.yaml#/components/schemas/A")


def test_a_chain_of_refs_longer_than_the_nesting_bound_is_not_nesting(tmp_path: Path) -> None:
    schemas = "".join(f"    S{i}: {{type: object, properties: {{v: {{$ref: '#/components/schemas/S{i + 1}'}}}}}}\n" for i in range(1500))
    v, warnings = definition(tmp_path, schemas + "    S1500: {type: string}\n", "S0")
    assert isinstance(v, ir.Model) and not warnings


def test_an_empty_one_of_is_read_as_if_absent_with_a_warning(tmp_path: Path) -> None:
    # as in Cohere's spec: the members lost, the discriminator's mapping naming schemas that do not exist
    schema = (
        "    T:\n      description: A strategy.\n      oneOf: []\n"
        "      discriminator: {propertyName: type, mapping: {auto: '#/components/schemas/Gone'}}\n"
        "    O: {type: object, anyOf: [], properties: {a: {type: string}}}\n"
    )
    t, warnings = definition(tmp_path, schema, "T")
    assert isinstance(t, ir.Alias) and t.type == ir.AnyType() and t.description == "A strategy."
    assert any("/components/schemas/T/oneOf: oneOf is empty (JSON Schema requires at least one schema)" in w for w in warnings)
    o, _ = definition(tmp_path, schema, "O")
    assert isinstance(o, ir.Model) and [f.wire_name for f in o.fields] == ["a"]


# -- the type of each kind of schema: one case (or more) for each handler of build.Builder -----

S = "s.yaml#/components/schemas/"
STR, INT = ir.Primitive("str"), ir.Primitive("int")


@pytest.mark.parametrize(
    "schema, expected, warning",
    [
        # not
        ("{not: {}}", ir.NeverType(), None),
        ("{not: true}", ir.NeverType(), None),
        ("{type: string, not: false}", STR, None),
        ("{type: string, not: {type: integer}}", STR, "'not' cannot be expressed as a Python type"),
        # $ref (before everything but not; what is beside it is warned about)
        ("{$ref: '#/components/schemas/B'}", ir.Ref(S + "B"), None),
        ("{$ref: '#/components/schemas/B', enum: [a]}", ir.Ref(S + "B"), "enum beside $ref not enforced"),
        # allOf
        ("{allOf: [{type: integer}]}", INT, None),
        ("{allOf: [true, {}], type: string}", STR, None),
        ("{allOf: [true]}", ir.AnyType(), None),
        ("{allOf: [{type: string}, false]}", ir.NeverType(), None),
        ("{allOf: [{type: string}, {maxLength: 3}]}", ir.Constrained(STR, ir.Constraints(max_length=3)), None),
        # oneOf and anyOf
        ("{oneOf: [{type: string}, {type: integer}]}", ir.UnionOf((STR, INT)), None),
        ("{anyOf: [{type: string}, {type: string}]}", STR, None),
        ("{anyOf: [], type: integer}", INT, "anyOf is empty"),
        ("{oneOf: [{type: string}], anyOf: [{type: integer}]}", STR, None),
        # const, then enum
        ("{const: a}", ir.LiteralOf(("a",)), None),
        ("{const: a, enum: [b]}", ir.LiteralOf(("a",)), None),
        ("{type: string, enum: [a, b]}", ir.LiteralOf(("a", "b")), None),
        # by type: none, implied, a list
        ("{description: only words}", ir.AnyType(), None),
        ("{items: {type: string}}", ir.ListOf(STR), None),
        ("{additionalProperties: {type: integer}}", ir.MapOf(INT), None),
        ("{type: [string, integer]}", ir.UnionOf((STR, INT)), None),
        ("{type: [integer]}", INT, None),
        ("{type: ['null']}", ir.Primitive("None"), None),
        # object
        ("{type: object}", ir.MapOf(ir.AnyType()), None),
        ("{type: object, additionalProperties: {}}", ir.MapOf(ir.AnyType()), None),
        (
            "{type: object, additionalProperties: false, patternProperties: {'^x': {type: integer}, '^y': {type: string}}}",
            ir.MapOf(ir.UnionOf((INT, STR))),
            "keys are not checked against the patterns, so additionalProperties: false is not enforced: any key is taken",
        ),
        ("{type: object, patternProperties: {'^x': {type: integer}}}", ir.MapOf(ir.AnyType()), "keys are not checked"),
        # array
        ("{type: array}", ir.ListOf(ir.AnyType()), None),
        ("{type: array, prefixItems: [{type: string}, {type: integer}], items: false, minItems: 2}", ir.TupleOf((STR, INT)), None),
        ("{type: array, items: [{type: string}], additionalItems: false, minItems: 1}", ir.TupleOf((STR,)), None),
        ("{type: array, prefixItems: [{type: string}], items: {type: integer}}", ir.ListOf(ir.UnionOf((STR, INT))), "the type of each position is not checked"),
        ("{type: array, prefixItems: [{type: string}], items: false}", ir.ListOf(STR), "the type of each position is not checked"),
        # primitives
        ("{type: string, format: date-time}", ir.Primitive("str", "date-time"), None),
        ("{type: string, format: email}", ir.Primitive("str", "email"), None),
        ("{type: integer, format: int64}", INT, None),
        ("{type: 'null', format: date-time}", ir.Primitive("None"), None),
        ("{type: number, format: double}", ir.Primitive("float"), None),
        ("{type: boolean}", ir.Primitive("bool"), None),
        ("{type: integer, minimum: 1}", ir.Constrained(INT, ir.Constraints(minimum=1)), None),
    ],
)
def test_the_type_of_each_kind_of_schema(tmp_path: Path, schema: str, expected: ir.TypeExpr, warning: str | None) -> None:
    v, warnings = definition(tmp_path, f"    V: {schema}\n    B: {{type: string}}\n", "V")
    assert isinstance(v, ir.Alias) and v.type == expected
    assert [w for w in warnings if warning in w] if warning else not warnings, warnings


def test_an_enum_inside_a_type_is_hoisted_and_one_in_a_union_is_not(tmp_path: Path) -> None:
    schemas = (
        "    V: {type: array, items: {type: string, enum: [a, b]}}\n"
        "    U: {type: array, items: {anyOf: [{type: string, enum: [a, b]}, {type: integer}]}}\n"
        "    One: {type: array, items: {type: string, enum: [a]}}\n"
    )
    v, _ = definition(tmp_path, schemas, "V")
    assert isinstance(v, ir.Alias) and v.type == ir.ListOf(ir.Ref(S + "V/items"))
    u, _ = definition(tmp_path, schemas, "U")
    assert isinstance(u, ir.Alias) and u.type == ir.ListOf(ir.UnionOf((ir.LiteralOf(("a", "b")), INT)))
    one, _ = definition(tmp_path, schemas, "One")
    assert isinstance(one, ir.Alias) and one.type == ir.ListOf(ir.LiteralOf(("a",)))


def test_oneof_beside_properties_is_left_to_the_object(tmp_path: Path) -> None:
    v, warnings = definition(tmp_path, "    V: {oneOf: [{type: string}], properties: {a: {type: integer}}}\n", "V")
    assert isinstance(v, ir.Model) and [f.wire_name for f in v.fields] == ["a"]
    assert any("oneOf beside properties is not enforced" in w for w in warnings)


def test_properties_beside_a_discriminated_oneof_keep_both(tmp_path: Path) -> None:
    """A schema with properties of its own and a discriminated oneOf is the union of its members,
    each merged with the properties, tagged as the members are (mapping, constant, name); it kept
    the properties alone, with a warning that the union was not enforced (issue 19)."""
    schemas = (
        "    V:\n      type: object\n      required: [id, kind]\n"
        "      properties: {id: {type: string}, kind: {type: string}}\n"
        "      oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}, {$ref: '#/components/schemas/C'}]\n"
        "      discriminator: {propertyName: kind, mapping: {a: A}}\n"
        "    A: {type: object, properties: {x: {type: integer}}}\n"
        "    B: {type: object, required: [kind], properties: {kind: {const: b}}}\n"
        "    C: {type: object, properties: {y: {type: boolean}}}\n"
    )
    v, warnings = definition(tmp_path, schemas, "V")
    assert not warnings
    assert isinstance(v, ir.Alias) and isinstance(v.type, ir.UnionOf)
    assert v.type.members == tuple(ir.Ref(S + f"V/oneOf/{i}") for i in range(3))
    assert (v.type.tag, dict(v.type.tags)) == ("kind", {"a": 0, "b": 1, "C": 2})
    prepared = prepare(tmp_path / "s.yaml")
    members = [prepared.spec.definitions[S + f"V/oneOf/{i}"] for i in range(3)]
    assert [[f.wire_name for f in m.fields] for m in members if isinstance(m, ir.Model)] == [
        ["id", "kind", "x"], ["id", "kind"], ["id", "kind", "y"]
    ]
    assert [prepared.names.cls(m.key) for m in members] == ["VA", "VB", "VC"]


@pytest.mark.parametrize(
    "schema, message",
    [
        ("{type: 5}", "/V/type: type must be a string or a list of strings"),
        ("{type: [string, 5]}", "/V/type: type must be a string or a list of strings"),
        ("{type: strnig}", '/V/type: unknown type "strnig"'),
        ("{oneOf: {type: string}}", "/V/oneOf: oneOf must be a non-empty list"),
    ],
)
def test_types_that_cannot_be_read_are_errors_at_the_keyword(tmp_path: Path, schema: str, message: str) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(f"openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\ncomponents:\n  schemas:\n    V: {schema}\n", encoding="utf-8")
    (error,) = [d for d in prepare(spec).spec.diagnostics if d.error]
    assert message in error.render(), error.render()
    if "unknown type" in message:
        assert "use one of: array, boolean, integer, null, number, object, string" in error.render()


@pytest.mark.parametrize(
    ("schema", "named"),
    [("{maximum: 3}", "maximum"), ("{minLength: 2, pattern: '^a'}", "minLength, pattern"), ("{required: [a]}", "required"),
     ("{allOf: [{maximum: 30}, {minimum: 20}]}", "minimum, maximum")],
)
def test_a_constraint_without_a_type_is_named_in_a_warning(tmp_path: Path, schema: str, named: str) -> None:
    """JSON Schema applies `maximum` to numbers only, and lets anything else pass: without a
    type, the model takes any value, and the warning says what is not enforced (issue 19)."""
    found, warnings = definition(tmp_path, f"    V: {schema}\n", "V")
    assert isinstance(found, ir.Alias) and found.type == ir.AnyType()
    assert [w for w in warnings if f"{named} without a type" in w and "not enforced" in w], warnings


def test_a_typed_constraint_has_no_such_warning(tmp_path: Path) -> None:
    _, warnings = definition(tmp_path, "    V: {type: number, maximum: 3}\n    W: {properties: {a: {}}, required: [a]}\n", "V")
    assert not warnings


@pytest.mark.parametrize(
    ("schema", "said"),
    [("{type: integer, minimum: 5, maximum: 3}", "minimum 5 and maximum 3"),
     ("{type: number, exclusiveMinimum: 1, exclusiveMaximum: 1}", "exclusiveMinimum 1 and exclusiveMaximum 1"),
     ("{type: number, minimum: 2, exclusiveMaximum: 2}", "minimum 2 and exclusiveMaximum 2"),
     ("{type: string, minLength: 4, maxLength: 2}", "minLength 4 and maxLength 2"),
     ("{type: array, items: {type: string}, minItems: 3, maxItems: 1}", "minItems 3 and maxItems 1"),
     ("{type: number, minimum: 1, maximum: 1}", None), ("{type: string, minLength: 2, maxLength: 2}", None)],
)  # fmt: skip
def test_bounds_that_leave_no_value_are_named_in_a_warning(tmp_path: Path, schema: str, said: str | None) -> None:
    """The models enforce what the schema says, so a value of such a property is always
    refused: said once at generation time, not discovered at run time."""
    _, warnings = definition(tmp_path, f"    V: {schema}\n", "V")
    empty = [w.split(": ", 2)[2] for w in warnings if "leave no value" in w]  # (after the level and the place)
    assert empty == ([f"{said} leave no value: every value is refused"] if said else []), warnings


def test_what_an_allof_member_says_beside_its_properties_is_named_in_a_warning(tmp_path: Path) -> None:
    """An anyOf inside an allOf member of an object was dropped silently (issue 19)."""
    schemas = (
        "    V:\n      allOf:\n        - {type: object, properties: {a: {type: string}}}\n"
        "        - anyOf: [{required: [a]}, {properties: {b: {type: integer}}}]\n"
    )
    v, warnings = definition(tmp_path, schemas, "V")
    assert isinstance(v, ir.Model)
    assert [w for w in warnings if "/components/schemas/V/allOf/1/anyOf:" in w and "not enforced" in w], warnings


def test_the_length_of_a_map_is_a_constraint_and_a_component_says_what_it_cannot(tmp_path: Path) -> None:
    """min/maxProperties on a top-level map were ignored silently (issue 19); beside properties
    they still cannot be said, and a component is warned about like any schema."""
    schemas = (
        "    M: {type: object, additionalProperties: {type: string}, minProperties: 1, maxProperties: 2}\n"
        "    P: {type: object, properties: {a: {type: string}}, maxProperties: 1}\n"
        "    N: {type: array, items: {type: integer}, contains: {const: 1}}\n"
    )
    m, warnings = definition(tmp_path, schemas, "M")
    assert isinstance(m, ir.Alias)
    assert m.type == ir.Constrained(ir.MapOf(ir.Primitive("str")), ir.Constraints(min_length=1, max_length=2))
    assert not [w for w in warnings if "/schemas/M" in w]
    assert [w for w in warnings if "/schemas/P/maxProperties:" in w and "not enforced" in w]
    assert [w for w in warnings if "/schemas/N/contains:" in w and "not enforced" in w]

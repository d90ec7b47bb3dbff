"""``reading.tolerant``: the IR pass behind ``reading = "tolerant"``. Enums open to values they do
not list, tagged unions get a member for tags they do not list, a required property that may be
null may be absent; everything else is left exactly as it was."""

from __future__ import annotations

from modelgen import ir
from modelgen.errors import Diagnostic, Location
from modelgen.naming import assign_names
from modelgen.reading import UNKNOWN_DESCRIPTION, tolerant

STR, INT = ir.Primitive("str"), ir.Primitive("int")
ENUM = ir.LiteralOf(("queued", "done"))
OPEN_ENUM = ir.UnionOf((ENUM, STR))


def field(name: str, t: ir.TypeExpr, required: bool = True, default: ir.Default | None = None) -> ir.Field:
    return ir.Field(name, t, required, default, None, False, f"#/M/properties/{name}")


def model(key: str, *fields: ir.Field, extra: ir.TypeExpr | None = None) -> ir.Model:
    return ir.Model(key, (key.strip("#/"),), fields, None, extra, key)


def alias(key: str, t: ir.TypeExpr) -> ir.Alias:
    return ir.Alias(key, (key.strip("#/"),), t, None, key)


def read(*definitions: ir.Definition) -> tuple[ir.SpecIR, ir.SpecIR]:
    """The spec of ``definitions`` and the spec read tolerantly."""
    spec = ir.SpecIR({d.key: d for d in definitions}, {d.key.strip("#/"): d.key for d in definitions}, (), tuple(d.key for d in definitions))
    return spec, tolerant(spec, assign_names(spec.definitions, spec.components))[0]


def field_type(spec: ir.SpecIR, key: str, name: str) -> ir.TypeExpr:
    d = spec.definitions[key]
    assert isinstance(d, ir.Model)
    found = d.field(name)
    assert found is not None
    return found.type


def alias_type(spec: ir.SpecIR, key: str) -> ir.TypeExpr:
    d = spec.definitions[key]
    assert isinstance(d, ir.Alias)
    return d.type


# -- enums ---------------------------------------------------------------------------------------


def test_an_enum_of_strings_also_takes_any_string() -> None:
    _, read_ = read(model("#/M", field("status", ENUM)))
    assert field_type(read_, "#/M", "status") == OPEN_ENUM


def test_an_enum_of_several_kinds_takes_each_kind_once() -> None:
    values = ir.LiteralOf(("a", 1, "b", 2, True))
    _, read_ = read(alias("#/E", values))
    assert alias_type(read_, "#/E") == ir.UnionOf((values, STR, INT, ir.Primitive("bool")))


def test_null_among_the_values_adds_no_kind() -> None:
    values = ir.LiteralOf(("a", None))
    _, read_ = read(alias("#/E", values))
    assert alias_type(read_, "#/E") == ir.UnionOf((values, STR))


def test_a_single_value_stays_exact() -> None:
    """A ``const`` is a tag or a fixed value: another value is another thing, not a new version."""
    const = ir.LiteralOf(("thread.run",))
    _, read_ = read(model("#/M", field("object", const)), alias("#/C", const))
    assert field_type(read_, "#/M", "object") == const and alias_type(read_, "#/C") == const


def test_enums_inside_other_types_are_opened() -> None:
    limits = ir.Constraints(max_length=3)
    inside = {
        "list": (ir.ListOf(ENUM), ir.ListOf(OPEN_ENUM)),
        "map": (ir.MapOf(ENUM), ir.MapOf(OPEN_ENUM)),
        "tuple": (ir.TupleOf((ENUM, INT)), ir.TupleOf((OPEN_ENUM, INT))),
        "union": (ir.UnionOf((ENUM, INT)), ir.UnionOf((OPEN_ENUM, INT))),
        "constrained": (ir.Constrained(ir.ListOf(ENUM), limits), ir.Constrained(ir.ListOf(OPEN_ENUM), limits)),
        "nested": (ir.ListOf(ir.MapOf(ir.ListOf(ENUM))), ir.ListOf(ir.MapOf(ir.ListOf(OPEN_ENUM)))),
    }
    _, read_ = read(model("#/M", *(field(name, before, required=False) for name, (before, _) in inside.items())))
    for name, (_, after) in inside.items():
        assert field_type(read_, "#/M", name) == after, name


def test_a_union_keeps_its_tag() -> None:
    union = ir.UnionOf((ir.Ref("#/A"), ENUM), "kind", (("a", 0),), None)
    _, read_ = read(model("#/A"), model("#/M", field("u", union)))
    assert field_type(read_, "#/M", "u") == ir.UnionOf((ir.Ref("#/A"), OPEN_ENUM), "kind", (("a", 0),), None)


def test_the_type_of_other_keys_is_opened_and_closed_stays_closed() -> None:
    _, read_ = read(model("#/Open", extra=ir.MapOf(ENUM)), model("#/Closed", extra=None))
    opened, closed = read_.definitions["#/Open"], read_.definitions["#/Closed"]
    assert isinstance(opened, ir.Model) and opened.extra == ir.MapOf(OPEN_ENUM)
    assert isinstance(closed, ir.Model) and closed.extra is None


def test_other_types_stay_exact() -> None:
    types = [STR, ir.Primitive("str", "date-time"), ir.Ref("#/A"), ir.AnyType(), ir.NeverType(), ir.ListOf(INT)]
    # (any value may be null: a required one would become optional, as the next tests show)
    fields = (field(f"f{i}", t, required=not isinstance(t, ir.AnyType)) for i, t in enumerate(types))
    definitions = [model("#/A"), model("#/M", *fields)]
    spec, read_ = read(*definitions)
    assert read_.definitions == spec.definitions


# -- a required property that may be null --------------------------------------------------------


def test_required_and_nullable_may_be_absent_and_then_reads_as_null() -> None:
    _, read_ = read(model("#/M", field("ended_at", ir.Nullable(INT))))
    d = read_.definitions["#/M"]
    assert isinstance(d, ir.Model)
    assert d.fields[0] == field("ended_at", ir.Nullable(INT), required=False, default=ir.Default(None))


def test_nullable_through_an_alias_counts() -> None:
    _, read_ = read(alias("#/Maybe", ir.Nullable(STR)), model("#/M", field("x", ir.Ref("#/Maybe"))))
    d = read_.definitions["#/M"]
    assert isinstance(d, ir.Model) and not d.fields[0].required and d.fields[0].default == ir.Default(None)


def test_a_nullable_enum_is_opened_and_may_be_absent() -> None:
    _, read_ = read(model("#/M", field("s", ir.Nullable(ENUM))))
    d = read_.definitions["#/M"]
    assert isinstance(d, ir.Model)
    assert d.fields[0] == field("s", ir.Nullable(OPEN_ENUM), required=False, default=ir.Default(None))


def test_a_default_and_a_value_that_cannot_be_null_stay_required() -> None:
    kept = [
        field("with_default", ir.Nullable(INT), default=ir.Default(3)),
        field("not_null", INT),
        field("optional", ir.Nullable(INT), required=False),
    ]
    spec, read_ = read(model("#/M", *kept))
    assert read_.definitions == spec.definitions


# -- tagged unions -------------------------------------------------------------------------------


def tagged(tags: tuple[tuple[str, int], ...] = (("cat", 0), ("dog", 1))) -> ir.UnionOf:
    return ir.UnionOf((ir.Ref("#/Cat"), ir.Ref("#/Dog")), "kind", tags)


def test_a_tagged_union_gets_a_member_for_tags_it_does_not_list() -> None:
    spec = ir.SpecIR(
        {"#/Cat": model("#/Cat"), "#/Dog": model("#/Dog"), "#/Pet": alias("#/Pet", tagged())},
        {"Pet": "#/Pet"},
        (),
        ("#/Pet",),
    )
    names = assign_names(spec.definitions, spec.components)
    read_, new_names = tolerant(spec, names)
    key = "#/Pet/x-modelgen-unknown"
    assert alias_type(read_, "#/Pet") == ir.UnionOf(
        (ir.Ref("#/Cat"), ir.Ref("#/Dog"), ir.Ref(key)), "kind", (("cat", 0), ("dog", 1)), fallback=2
    )
    unknown = read_.definitions[key]
    assert isinstance(unknown, ir.Model)
    assert unknown.description == UNKNOWN_DESCRIPTION and unknown.extra == ir.AnyType() and unknown.hint == ("Pet", "Unknown")
    assert [(f.wire_name, f.type, f.required) for f in unknown.fields] == [("kind", STR, True)]
    assert new_names.cls(key) == "PetUnknown"
    assert new_names.attr(unknown, unknown.fields[0]) == "kind"
    assert all(new_names.cls(k) == names.cls(k) for k in spec.definitions), "the names given stay"
    assert read_.components == spec.components, "the new member is no component to ask for"


def test_a_nullable_tagged_union_stays_nullable() -> None:
    _, read_ = read(model("#/Cat"), model("#/Dog"), alias("#/Pet", ir.Nullable(tagged())))
    opened = alias_type(read_, "#/Pet")
    assert isinstance(opened, ir.Nullable) and isinstance(opened.inner, ir.UnionOf)
    assert opened.inner.fallback == 2 and opened.inner.discriminated


def test_the_new_name_does_not_take_a_name_already_given() -> None:
    definitions = [model("#/Cat"), model("#/Dog"), alias("#/Pet", tagged()), model("#/PetUnknown")]
    spec = ir.SpecIR({d.key: d for d in definitions}, {}, (), ())
    names = tolerant(spec, assign_names(spec.definitions, spec.components))[1]
    assert names.cls("#/PetUnknown") == "PetUnknown"
    assert names.cls("#/Pet/x-modelgen-unknown") == "PetUnknownInline"


def test_an_untagged_or_partly_tagged_union_gets_no_member() -> None:
    untagged = ir.UnionOf((ir.Ref("#/Cat"), ir.Ref("#/Dog")))
    partly = tagged((("cat", 0),))
    spec, read_ = read(model("#/Cat"), model("#/Dog"), alias("#/U", untagged), alias("#/P", partly))
    assert read_.definitions == spec.definitions


def test_a_tagged_union_in_a_field_gets_no_member() -> None:
    """Only a named union gets one: an inline union has no name to give the member."""
    spec, read_ = read(model("#/Cat"), model("#/Dog"), model("#/M", field("pet", tagged(), required=False)))
    assert read_.definitions == spec.definitions


def test_the_diagnostics_and_the_input_are_kept() -> None:
    warning = Diagnostic(False, "careful", Location("api.yaml", "/x"))
    spec = ir.SpecIR({"#/M": model("#/M", field("s", ENUM))}, {"M": "#/M"}, (warning,), ("#/M",))
    before = dict(spec.definitions)
    read_, _ = tolerant(spec, assign_names(spec.definitions, spec.components))
    assert read_.diagnostics == (warning,) and spec.definitions == before

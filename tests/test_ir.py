"""Queries on the IR (ir.py): children, the one structural rewrite (map_type), nullability through
aliases, literal tags."""

from __future__ import annotations

from typing import get_args

from modelgen import ir

S, I = ir.Primitive("str"), ir.Primitive("int")
DEFS: dict[str, ir.Definition] = {
    "Mode": ir.Alias("Mode", ("Mode",), ir.LiteralOf(("a", "b")), None, "Mode"),
    "MaybeMode": ir.Alias("MaybeMode", ("MaybeMode",), ir.Nullable(ir.Ref("Mode")), None, "MaybeMode"),
    "Loop": ir.Alias("Loop", ("Loop",), ir.Ref("Loop"), None, "Loop"),
    "Cat": ir.Model(
        "Cat", ("Cat",), (ir.Field("kind", ir.Ref("Mode"), True, None, None, False, "k"),), None, None, "Cat"
    ),
}


def test_walk_visits_every_expression_depth_first() -> None:
    t = ir.UnionOf((ir.ListOf(S), ir.Nullable(ir.MapOf(ir.Ref("Cat")))))
    assert list(ir.walk(t)) == [t, ir.ListOf(S), S, ir.Nullable(ir.MapOf(ir.Ref("Cat"))), ir.MapOf(ir.Ref("Cat")), ir.Ref("Cat")]
    assert ir.refs_in(t) == ["Cat"]


def test_map_type_rebuilds_each_kind_and_keeps_every_other_field() -> None:
    tagged = ir.UnionOf((ir.Ref("Cat"), ir.Ref("Loop")), "kind", (("cat", 0),), fallback=1)
    constrained = ir.Constrained(S, ir.Constraints(min_length=1))
    every = [S, ir.LiteralOf(("a",)), ir.ListOf(S), ir.MapOf(S), ir.TupleOf((S, I)), tagged, ir.Ref("Cat"),
             ir.Nullable(S), ir.AnyType(), ir.NeverType(), constrained]  # fmt: skip
    assert {type(t) for t in every} == set(get_args(ir.TypeExpr))
    assert [ir.map_type(t, lambda child: child) for t in every] == every
    assert ir.map_type(tagged, lambda child: ir.Ref("Mode")) == ir.UnionOf(
        (ir.Ref("Mode"), ir.Ref("Mode")), "kind", (("cat", 0),), fallback=1
    )
    assert ir.map_type(constrained, ir.ListOf) == ir.Constrained(ir.ListOf(S), ir.Constraints(min_length=1))
    assert ir.map_type(ir.TupleOf((S, I)), ir.Nullable) == ir.TupleOf((ir.Nullable(S), ir.Nullable(I)))


def test_nullability_looks_through_aliases_and_stops_at_cycles() -> None:
    assert ir.is_nullable(ir.Ref("MaybeMode"), DEFS)
    assert not ir.is_nullable(ir.Ref("Mode"), DEFS)
    assert not ir.is_nullable(ir.Ref("Loop"), DEFS)
    assert ir.is_nullable(ir.AnyType(), DEFS) and ir.is_nullable(ir.LiteralOf(("a", None)), DEFS)


def test_literal_values_through_aliases_and_tags() -> None:
    assert ir.literal_values(ir.Ref("Mode"), DEFS) == ("a", "b")
    assert ir.literal_values(ir.Ref("MaybeMode"), DEFS) is None
    tagged = ir.UnionOf((ir.Ref("Cat"),), "kind", (("a", 0), ("b", 0)))
    assert tagged.discriminated and tagged.tag_values(0) == ["a", "b"]
    assert ir.literal_tags(tagged, DEFS)
    assert not ir.literal_tags(ir.UnionOf((ir.Ref("Cat"),), "kind", (("a", 0),)), DEFS)


def test_split_constraints_keeps_null_outside() -> None:
    c = ir.Constraints(minimum=0)
    assert ir.split_constraints(ir.Nullable(ir.Constrained(I, c))) == (ir.Nullable(I), c)
    assert ir.split_constraints(I) == (I, None)

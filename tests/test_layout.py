"""Line layout (format/layout.py): statements written as black writes them, checked against black."""

from __future__ import annotations

import black
import pytest

from modelgen import ir
from modelgen.render.fallback import BLACK_KEEPS
from modelgen.render.layout import INDENT, Call, Expr, Union_, annotated, flat
from modelgen.render.imports import Imports
from modelgen.render.types import TypeWriter


def test_one_element_dict_has_no_tuple_comma() -> None:

    assert flat(Call("", ('"a": int',), "{}")) == '{"a": int}'
    assert flat(Call("", ('"a"',))) == '("a",)'


class PlainHooks:
    def scalar(self, t: ir.Primitive) -> Expr:
        return t.kind

    def constrained(self, t: ir.Constrained, inner: Expr) -> Expr:
        return inner

    def never(self) -> Expr:
        return "NoReturn"

    def tuple_of(self, items: list[Expr]) -> Expr:
        return Call("tuple", tuple(items), "[]")


def test_a_nullable_member_of_a_long_union_splits_like_black() -> None:
    writer = TypeWriter(str, Imports(), PlainHooks())  # type: ignore[arg-type]
    union = ir.UnionOf((ir.ListOf(ir.Primitive("str")), ir.Nullable(ir.MapOf(ir.Primitive("str")))))
    expression = writer.expression(union)
    assert isinstance(expression, Union_) and [flat(p) for p in expression.parts] == ["list[str]", "dict[str, str]", "None"]
    long_union = ir.UnionOf(
        (ir.ListOf(ir.Primitive("str")), ir.Primitive("str"),
         ir.Constrained(ir.Primitive("str"), ir.Constraints(pattern='(?:"""""")*')),
         ir.Nullable(ir.MapOf(ir.Primitive("str"))))
    )  # fmt: skip
    statement = annotated("Schema", "TypeAlias", writer.expression(long_union), "")
    assert black.format_str(statement + "\n", mode=black.Mode()) == statement + "\n"


LONG = "CreateModerationResponseResultsItemCategoryAppliedInputTypesViolenceGraphicItem"


LITERAL = Call("Literal", tuple(f'"gpt-image-{i}-with-a-long-model-name"' for i in range(4)), "[]")


@pytest.mark.parametrize(
    "annotation, default",
    [
        (Union_(("str", LITERAL, "None")), '"gpt-image-1"'),
        (Union_(("str", LITERAL)), None),
        (Call("list", (LONG,), "[]"), Call("Field", ('alias="violence/graphic"',))),
        (Call("list", (LONG,), "[]"), None),
        (Union_((Call("list", (LONG[:60],), "[]"), "None")), Call("Field", ("default=None", "max_length=1"))),
        (Union_((LONG, "None")), "None"),
        (LONG[:70], None),
        ("TypeAlias", Union_((LONG + "Auto", LONG + "Static"))),
        ("TypeAlias", Call("Annotated", (Union_((LONG + "Auto", LONG + "Static")), 'Field(discriminator="type")'), "[]")),
    ],
)
def test_long_annotations_are_laid_out_as_black_would(annotation: Expr, default: Expr | None) -> None:
    if annotation == "TypeAlias":
        block = annotated(LONG[:60], annotation, default, "") + "\n"
    else:
        block = "class A:\n" + INDENT + annotated("field_name", annotation, default, INDENT) + "\n"
    assert black.format_str(block, mode=black.Mode()) == block
    assert all(len(line) <= 88 or BLACK_KEEPS.fullmatch(line.strip()) for line in block.splitlines()), block


@pytest.mark.parametrize(
    "bases",
    [
        "_Base",
        "_Base, kw_only=True",
        '_Base, kw_only=True, tag_field="type", tag="response.image_generation_call.partial_image"',
    ],
)
def test_long_class_lines_split_as_black_splits_them(bases: str) -> None:
    from modelgen.render.layout import class_line

    block = class_line("ResponseImageGenerationCallPartialImageEvent", bases) + "\n    pass\n"
    assert black.format_str(block, mode=black.Mode()) == block


def test_a_long_annotation_with_a_long_default_splits_both() -> None:
    field = Call("Field", ('alias="violence/graphic"', 'description="The applied input type(s) for the category."'))
    block = "class A:\n" + INDENT + annotated("violence_graphic", Call("list", (LONG,), "[]"), field, INDENT) + "\n"
    assert black.format_str(block, mode=black.Mode()) == block
    assert all(len(line) <= 88 for line in block.splitlines())


def test_a_dict_value_too_long_after_its_key_goes_in_parentheses() -> None:
    from modelgen.render.layout import Call, Pair, lay_out

    entries = (Pair('"response.function_call_arguments.delta": ', '"RealtimeServerEventResponseFunctionCallArgumentsDelta"'), Pair('"b": ', '"B"'))
    lines = lay_out(Call("", entries, "{}"), " " * 12, "", ",")
    assert lines == [
        "            {",
        '                "response.function_call_arguments.delta": (',
        '                    "RealtimeServerEventResponseFunctionCallArgumentsDelta"',
        "                ),",
        '                "b": "B",',
        "            },",
    ]
    source = "x = _tagged_by(\n    \"type\",\n" + "\n".join("    " + line[12:] for line in lines) + "\n)\n"
    assert black.format_str(source, mode=black.Mode()) == source

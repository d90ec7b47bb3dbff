"""Line layout (render/layout.py): statements written as black writes them, checked against black."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import black
import pytest

from modelgen import ir
from modelgen.render.fallback import BLACK_KEEPS
from modelgen.render import layout
from modelgen.render.layout import INDENT, Call, Cond, Expr, Pair, Text, TooLong, Union_, annotated, flat, lay_out
from modelgen.render.imports import Imports
from modelgen.render.types import TypeWriter
from tests.support import ruff


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


# -- the split strategies of lay_out, each on its own -------------------------------------------

NAME = "a_name_long_enough_that_two_of_them_do_not_fit_on_one_line_of_black"  # 66 columns


def black_keeps(lines: list[str]) -> bool:
    source = "\n".join(lines) + "\n"
    return black.format_str(source, mode=black.Mode()) == source


def test_the_strategies_are_tried_in_black_order() -> None:
    assert [s.__name__ for s in layout.STRATEGIES] == [
        "_on_one_line",
        "_subscript_element_alone",
        "_one_argument_a_line",
        "_conditional_in_parentheses",
        "_union_member_a_line",
        "_union_in_parentheses",
        "_text_in_pieces",
        "_dict_value_in_parentheses",
        "_left_long",
        "_value_in_parentheses",
    ]


def test_on_one_line() -> None:
    assert layout._on_one_line(Call("f", ("a", "b")), INDENT, "x = ", "") == [INDENT + "x = f(a, b)"]
    assert layout._on_one_line(Call("f", (NAME, NAME)), "", "x = ", "") is None


def test_subscript_element_alone() -> None:
    lines = layout._subscript_element_alone(Call("list", (NAME + NAME[:20],), "[]"), "", "x: ", "")
    assert lines == ["x: list[", INDENT + NAME + NAME[:20], "]"]
    assert layout._subscript_element_alone(Call("f", (NAME, NAME)), "", "", "") is None
    with pytest.raises(TooLong):
        layout._subscript_element_alone(Call("list" + NAME + NAME, ("int",), "[]"), "", "x: ", "")


def test_one_argument_a_line() -> None:
    lines = layout._one_argument_a_line(Call("f", (NAME, Pair("key=", NAME))), "", "x = ", "")
    assert lines == ["x = f(", INDENT + NAME + ",", INDENT + "key=" + NAME + ",", ")"]
    assert black_keeps(lines or [])
    assert layout._one_argument_a_line(Call("f", ()), "", "", "") is None
    assert layout._one_argument_a_line(NAME, "", "", "") is None


def test_one_argument_a_line_with_a_head_too_long_for_its_line() -> None:
    func = "f" + NAME + NAME[:14]  # too long after `return `, not on a line of its own
    lines = layout._one_argument_a_line(Call(func, ("a", "b")), "", "return ", "")
    assert lines == ["return (", INDENT + func + "(", INDENT * 2 + "a, b", INDENT + ")", ")"]
    assert black_keeps(lines or [])


def test_conditional_in_parentheses() -> None:
    short = Cond("a", "b is None", "c")
    long = Cond(NAME, "b is None", NAME)
    lines = layout._conditional_in_parentheses(Cond(NAME[:30], "b is None", NAME[:30]), "", "x = ", "")
    assert lines == ["x = (", INDENT + NAME[:30] + " if b is None else " + NAME[:30], ")"]
    lines = layout._conditional_in_parentheses(long, "", "x = ", "")
    assert lines == ["x = (", INDENT + NAME, INDENT + "if b is None", INDENT + "else " + NAME, ")"]
    assert black_keeps(lines or [])
    assert layout._conditional_in_parentheses(short, "", "f(", "") is None
    with pytest.raises(TooLong):
        layout._conditional_in_parentheses(Cond("a", NAME + NAME, "c"), "", "x = ", "")


def test_union_member_a_line() -> None:
    lines = layout._union_member_a_line(Union_((NAME, NAME, "None")), INDENT, "", ",")
    assert lines == [INDENT + NAME, INDENT + "| " + NAME, INDENT + "| None,"]
    assert layout._union_member_a_line(Union_((NAME, NAME)), "", "x = ", "") is None


def test_union_in_parentheses() -> None:
    lines = layout._union_in_parentheses(Union_((NAME[:30], NAME[:30])), "", NAME[:40] + " = ", "")
    assert lines == [NAME[:40] + " = (", INDENT + NAME[:30] + " | " + NAME[:30], ")"]
    lines = layout._union_in_parentheses(Union_((NAME, NAME)), "", "x = ", "")
    assert lines == ["x = (", INDENT + NAME, INDENT + "| " + NAME, ")"]
    assert black_keeps(lines or [])
    assert layout._union_in_parentheses(Union_((NAME, NAME)), "", "x = ", ",") is None


def test_text_in_pieces() -> None:
    words = " ".join([NAME[:30]] * 5)
    lines = layout._text_in_pieces(Text(words), "", "x = ", "")
    assert lines is not None and lines[0] == "x = (" and lines[-1] == ")" and len(lines) == 5
    assert all(len(line) <= 88 for line in lines) and black_keeps(lines)
    url = "https://example.test/" + "x" * 90
    assert layout._text_in_pieces(Text(url), "", "x = ", "") == ["x = (", f'{INDENT}"{url}"', ")"]
    long_name = NAME + NAME
    assert layout._text_in_pieces(Text(words), "", long_name + " = ", "") == [f'{long_name} = "{words}"']  # left long
    assert layout._text_in_pieces(Text(words), "", "f(", ")") is None


def test_dict_value_in_parentheses() -> None:
    key = '"' + NAME[:40] + '": '
    assert layout._dict_value_in_parentheses(NAME, INDENT, key, ",") == [INDENT + key + "(", INDENT * 2 + NAME, INDENT + "),"]
    assert layout._dict_value_in_parentheses(NAME, INDENT, '"' + NAME + NAME + '": ', ",") is None
    assert layout._dict_value_in_parentheses("f(" + NAME + ")", INDENT, key, ",") is None


def test_left_long() -> None:
    assert layout._left_long(NAME + NAME, INDENT, "| ", ",") == [INDENT + "| " + NAME + NAME + ","]
    string = 'alias="' + NAME + NAME + '"'
    assert layout._left_long(string, INDENT, "", ",") == [INDENT + string + ","]
    assert layout._left_long(NAME + NAME, INDENT, "x = ", "") is None
    assert layout._left_long(NAME + NAME, INDENT, "", ")") is None


def test_value_in_parentheses() -> None:
    value = NAME + "_" + NAME[:10]
    assert layout._value_in_parentheses(value, "", "x = ", "") == ["x = (", INDENT + value, ")"]
    assert layout._value_in_parentheses(NAME * 2, "", "x = ", "") is None  # too long even there
    assert layout._value_in_parentheses(value, "", "x = ", ",") is None


def test_what_no_strategy_takes_is_too_long() -> None:
    with pytest.raises(TooLong):
        lay_out(Cond(NAME, "b", NAME), "", "f(", ")")
    with pytest.raises(TooLong):
        lay_out(NAME * 2, "", "x = ", "")


# Type aliases as the flavours write them (layout.type_alias), for names around the lengths
# where black's and ruff's layouts change: `name: TypeAlias = (` no longer fits at 74 columns of
# name, `name = Literal[` at 78, `name = (` at 85. Values: a one-value literal (types.py writes it
# as text), literals that fit on a line or not, a list of a short or a long name, a union, and
# an Annotated union.
WORDS = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu")
ALIAS_NAME_LENGTHS = (40, 66, 70, 73, 74, 76, 77, 78, 80, 81, 84, 85, 86, 95, 120)


def alias_values(n: int) -> dict[str, Expr]:
    ref = "R" * max(n - 4, 1)
    return {
        "one_literal": 'Literal["alpha"]',
        "literal": Call("Literal", tuple(f'"{w}"' for w in WORDS[:7]), "[]"),
        "long_literal": Call("Literal", tuple(f'"{w}_more"' for w in WORDS), "[]"),
        "list": Call("list", (ref,), "[]"),
        "list_of_long_name": Call("list", ("L" * (n + 2),), "[]"),
        "union": Union_((ref, "str", "int")),
        "annotated": Call("Annotated", (Union_((ref, "Other")), Call("Field", ('discriminator="type"',))), "[]"),
    }


def long_aliases() -> list[str]:
    statements = []
    for n in ALIAS_NAME_LENGTHS:
        for value in alias_values(n).values():
            statements.append(layout.type_alias("N" * n, value)[0])
    return statements


@pytest.mark.parametrize("n", ALIAS_NAME_LENGTHS)
def test_long_type_aliases_are_written_as_black_writes_them(n: int) -> None:
    for kind, value in alias_values(n).items():
        statement, typed = layout.type_alias("N" * n, value)
        assert typed == (n <= 73), kind
        block = f"{statement}\n"
        assert black.format_str(block, mode=black.Mode()) == block, (n, kind)


def test_a_long_alias_keeps_its_annotation_as_long_as_black_and_ruff_agree_on_it() -> None:
    statement, typed = layout.type_alias("N" * 60, alias_values(60)["literal"])
    assert typed and statement.startswith("N" * 60 + ": TypeAlias = Literal[\n")
    statement, typed = layout.type_alias("N" * 76, alias_values(76)["literal"])
    assert not typed and statement.startswith("N" * 76 + " = Literal[\n")
    statement, typed = layout.type_alias("N" * 90, alias_values(90)["list_of_long_name"])
    # (a head too long for its line says it is meant; ruff does not count a line of one word)
    assert not typed and statement == f"{'N' * 90} = list[  # noqa: E501\n    {'L' * 92}\n]"


@pytest.mark.external
def test_long_aliases_and_fields_are_written_as_ruff_formats_them(tmp_path: Path) -> None:
    module = tmp_path / "aliases.py"
    fields = [INDENT + annotated("field_name", "T" * n, '"alpha"', INDENT) for n in (60, 70, 76, 78, 84)]
    module.write_text("\n\n".join(long_aliases()) + "\n\n\nclass A:\n" + "\n".join(fields) + "\n", encoding="utf-8")
    formatted = ruff([module], format_check=True)
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr


@pytest.mark.parametrize("n", (60, 70, 76, 78, 84))
def test_a_long_name_annotated_with_a_default_is_a_line_black_and_ruff_skip(n: int) -> None:
    """Where ``name: Type = (`` does not fit, black puts the annotation (or the default) in
    parentheses and ruff keeps the line long: the line says both should keep it."""
    line = annotated("field_name", "T" * n, '"alpha"', INDENT)
    block = "class A:\n" + INDENT + line + "\n"
    assert black.format_str(block, mode=black.Mode()) == block
    assert line.endswith(layout.SKIPPED) == (len(f"{INDENT}field_name: {'T' * n} = (") > 88)


@pytest.mark.external
def test_a_name_too_long_for_its_line_is_marked_meant(tmp_path: Path) -> None:
    """Twilio's and Stripe's component names run to 107 and 112 letters: a class line, an alias
    line or a field line that holds one cannot be shortened, and says so (``# noqa: E501``),
    the way black and ruff format both keep."""
    names = ["N" * n for n in (82, 84, 95, 120)]
    classes = [f"{layout.class_line(name, 'Base')}\n{INDENT}x: int" for name in names]
    classes += [f"{layout.class_line(names[-1], 'Base, frozen=True, kw_only=True, forbid_unknown_fields=True')}\n{INDENT}x: int"]
    fields = [INDENT + annotated("field_name", name, None, INDENT) for name in names]
    module = tmp_path / "names.py"
    module.write_text(
        "\n\n".join(long_aliases()) + "\n\n\n" + "\n\n\n".join(classes) + "\n\n\nclass A:\n" + "\n".join(fields) + "\n",
        encoding="utf-8",
    )
    checked = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", "E501", "--line-length", "88", "--no-cache", str(module)],
        capture_output=True, text=True, check=False,
    )
    assert checked.returncode == 0, checked.stdout
    source = module.read_text(encoding="utf-8")
    assert black.format_str(source, mode=black.Mode()) == source
    formatted = ruff([module], format_check=True)
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr

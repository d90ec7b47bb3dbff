"""The stages on their own: text escaping, naming rules, selection and order."""

from __future__ import annotations

import random
from pathlib import Path

import black
import pytest
from pydantic import BaseModel

from generator import ir
from generator.config import _job
from generator.load import load_spec
from generator.flavours.pydantic import BASEMODEL_ATTRIBUTES
from generator.naming import attribute_name, base_class_name, pascal
from generator.normalise import normalise
from generator.pipeline import prepare, render_job
from generator.format.layout import INDENT, Call, Expr, Union_, annotated, flat
from generator.format.text import clean_text, comment, docstring, docstring_text, string
from generator.render.imports import Imports
from generator.resolve import Resolver
from tests.support import REPO

HOSTILE = [
    '"""', "'''", '"', "\\", "\\N{BULLET}", "\x00", "\u2028", "\r\n", "\t", "# not a comment",
    "__import__('os').system('false')", "ends with quote\"", '"starts', "a\\\"", "é漢🎉", "\x0c", "{x}",
]


def hostile_texts(n: int = 400) -> list[str]:
    rng = random.Random(7)
    alphabet = HOSTILE + ["a", " ", "\n", "word", "  indented"]
    return HOSTILE + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(n)]


def test_text_survives_docstrings_strings_and_comments_exactly() -> None:
    chunks = []
    texts = [t for t in hostile_texts() if clean_text(t)]
    for i, text in enumerate(texts):
        doc = docstring(text, "    ")
        lines = "\n".join(comment(text, "    "))
        chunks.append(f"class C{i}:\n    {doc}\n\n    value: str = {string(text)}\n{lines}\n    attr: int\n    {doc}\n")
    source = "\n\n".join(chunks)
    assert black.format_str(source, mode=black.Mode(line_length=10_000)) == source
    namespace: dict[str, object] = {}
    exec(compile(source, "<generated>", "exec"), namespace)
    for i, text in enumerate(texts):
        cls = namespace[f"C{i}"]
        assert docstring_text(cls.__doc__) == clean_text(text)  # type: ignore[attr-defined]
        assert cls.value == text  # type: ignore[attr-defined]
    assert set(namespace) - {f"C{i}" for i in range(len(texts))} == {"__builtins__"}, "nothing else ran"


@pytest.mark.parametrize(
    ("wire", "attribute"),
    [
        ("id", "id"), ("type", "type"), ("object", "object"), ("from", "from_"), ("class", "class_"),
        ("content-type", "content_type"), ("@id", "id"), ("2fa", "field_2fa"), ("schema", "schema_"),
        ("str", "str_"), ("model_config", "model_config_"), ("model_x", "model_x"), ("_private", "private"),
        ("__dunder__", "dunder"), ("Field", "Field_"), ("to_dict", "to_dict_"), ("é", "unnamed"), ("", "unnamed"),
    ],
)
def test_attribute_names(wire: str, attribute: str) -> None:
    assert attribute_name(wire) == attribute
    assert attribute.isidentifier()


@pytest.mark.parametrize(
    ("hint", "name"),
    [
        (("RunObject",), "RunObject"), (("RunObject", "required_action"), "RunObjectRequiredAction"),
        (("list-item",), "ListItem"), (("thread.run",), "ThreadRun"), (("fileIds",), "FileIds"),
        (("2fa",), "Schema2fa"), (("Field",), "Field_"), (("None",), "None_"), (("ValueError",), "ValueError_"),
        (("",), "Schema"),
    ],
)
def test_class_names(hint: tuple[str, ...], name: str) -> None:
    assert base_class_name(hint) == name
    assert pascal("snake_case.dotted-dash") == "SnakeCaseDottedDash"


def test_basemodel_attributes_are_reserved() -> None:
    public = {n for n in dir(BaseModel) if not n.startswith("_")}
    assert public <= BASEMODEL_ATTRIBUTES | {"model_fields", "model_computed_fields"}


def test_names_do_not_depend_on_the_roots() -> None:
    prepared = prepare(REPO / "specs" / "assistants.yaml")
    alone, _ = render_job(_job("specs/assistants.yaml", "pydantic", "x.py", ["TruncationObject"], base=REPO, command="c"), prepared)
    whole, _ = render_job(_job("specs/assistants.yaml", "pydantic", "x.py", [], base=REPO, command="c"), prepared)
    blocks = [b for b in alone.split("\n\n\n") if b.startswith("class Truncation")]
    assert blocks and all(b in whole for b in blocks)


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


# Failures the fuzzer found, kept as regular cases.


def test_one_element_dict_has_no_tuple_comma() -> None:
    from generator.format.layout import Call, flat

    assert flat(Call("", ('"a": int',), "{}")) == '{"a": int}'
    assert flat(Call("", ('"a"',))) == '("a",)'


def test_attribute_never_takes_a_class_name(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n"
        "    '\"\"\"':\n      type: object\n      properties:\n        None: {type: string, enum: [a, b]}\n",
        encoding="utf-8",
    )
    prepared = prepare(spec)
    model = prepared.spec.definitions[prepared.spec.components['"""']]
    assert isinstance(model, ir.Model)
    attribute = prepared.names.attr(model, model.fields[0])
    assert attribute not in set(prepared.names.classes.values())


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


def test_three_quotes_in_a_string_do_not_hide_a_long_line() -> None:
    from generator.format.fallback import fit_to_black

    block = "x = f('\"\"\"')\ny = g(" + ", ".join(f"argument_{i}" for i in range(12)) + ")"
    formatted = fit_to_black(block)
    assert formatted != block and all(len(line) <= 88 for line in formatted.split("\n"))


def test_a_nullable_member_of_a_long_union_splits_like_black() -> None:
    from generator.format.layout import Union_
    from generator.render.types import TypeWriter

    writer = TypeWriter(None, Imports())  # type: ignore[arg-type]
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
    from generator.format.fallback import BLACK_KEEPS

    if annotation == "TypeAlias":
        block = annotated(LONG[:60], annotation, default, "") + "\n"
    else:
        block = "class A:\n" + INDENT + annotated("field_name", annotation, default, INDENT) + "\n"
    assert black.format_str(block, mode=black.Mode()) == block
    assert all(len(line) <= 88 or BLACK_KEEPS.fullmatch(line.strip()) for line in block.splitlines()), block


@pytest.mark.parametrize(
    "schema, message, pointer",
    [
        ("{type: integer, const: 'x'}", "const value 'x' is a string, but the schema's type is 'integer'", "/const"),
        ("{type: [string, 'null'], enum: [a, null, true]}", "enum value True is a boolean", "/enum/2"),
        ("{enum: [1, 'one']}", "enum mixes value types: 1 (integer), 'one' (string)", "/enum"),
    ],
)
def test_values_must_agree_with_their_type(tmp_path: Path, schema: str, message: str, pointer: str) -> None:
    from generator.errors import SpecError

    spec = tmp_path / "s.yaml"
    spec.write_text(f"openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\ncomponents:\n  schemas:\n    V: {schema}\n", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        prepare(spec)
    assert message in caught.value.render() and f"/components/schemas/V{pointer}:" in caught.value.render()

"""The IR that normalise/ builds: nullability, defaults, constants and errors that point at the
value as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import ir
from generator.config import _job
from generator.load import load_spec
from generator.normalise import normalise
from generator.pipeline import prepare, render_job
from generator.resolve import Resolver
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
    "schema, message, pointer",
    [
        ("{type: integer, const: 'x'}", 'const value "x" is a string, but the schema\'s type is "integer"', "/const"),
        ("{type: [string, 'null'], enum: [a, null, true]}", "enum value true is a boolean", "/enum/2"),
        ("{type: number, enum: [1, 2.5, '3']}", 'enum value "3" is a string', "/enum/2"),
    ],
)
def test_values_must_agree_with_their_type(tmp_path: Path, schema: str, message: str, pointer: str) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(f"openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\ncomponents:\n  schemas:\n    V: {schema}\n", encoding="utf-8")
    (error,) = [d for d in prepare(spec).spec.diagnostics if d.error]
    assert message in error.render() and f"/components/schemas/V{pointer}:" in error.render()


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

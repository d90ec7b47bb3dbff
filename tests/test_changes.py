"""modelgen diff (changes.py): every kind of change between two spec versions, what it does to
the user's code, spec rewrites that change no model, and the three report formats."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from modelgen import ir
from modelgen.app.config import Source
from modelgen.commands import changes
from modelgen.commands import diff as diff_command
from modelgen.scope import Scope
from modelgen.sources import RefPolicy
from modelgen.cli import main
from modelgen.app.pipeline import prepare

BASE: dict[str, Any] = yaml.safe_load(
    """
openapi: 3.1.0
info: {title: history, version: "1"}
components:
  schemas:
    Run:
      type: object
      description: A run.
      required: [id, object, status, tools]
      properties:
        id: {type: string}
        object: {type: string, enum: [thread.run], x-stainless-const: true}
        status: {$ref: "#/components/schemas/Status"}
        model: {type: string}
        expires_at: {type: integer, nullable: true}
        metadata: {type: object, additionalProperties: true}
        tools: {type: array, items: {$ref: "#/components/schemas/Tool"}}
        file_ids: {type: array, items: {type: string}, default: []}
        usage: {$ref: "#/components/schemas/Usage"}
    Status: {type: string, enum: [queued, running, done]}
    Usage:
      type: object
      properties:
        tokens: {type: integer}
    Tool:
      oneOf:
        - $ref: "#/components/schemas/Code"
        - $ref: "#/components/schemas/Search"
    Code:
      type: object
      required: [type]
      properties: {type: {const: code}}
    Search:
      type: object
      required: [type]
      properties: {type: {const: search}}
"""
)


def changelog(tmp_path: Path, edit: Callable[[dict[str, Any]], None], roots: tuple[str, ...] = ()) -> changes.Changelog:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    edited = copy.deepcopy(BASE)
    edit(edited)
    old.write_text(yaml.safe_dump(BASE, sort_keys=False), encoding="utf-8")
    new.write_text(yaml.safe_dump(edited, sort_keys=False), encoding="utf-8")
    return changes.compare(changes.version_of(prepare(old), roots), changes.version_of(prepare(new), roots))


def run(spec: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = spec["components"]["schemas"]["Run"]
    return schema


def schemas(spec: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["schemas"]
    return found


READS, BUILDS, ALL = ("reads",), ("builds", "old-payloads"), ("reads", "builds", "old-payloads")
CASES: list[tuple[str, Callable[[dict[str, Any]], None], list[tuple[str, str, str | None, tuple[str, ...]]]]] = [
    ("field removed", lambda s: run(s)["properties"].pop("file_ids"), [("Run", "field removed", "file_ids", ("reads", "builds"))]),
    ("optional field added", lambda s: run(s)["properties"].update(note={"type": "string"}), [("Run", "field added", "note", ())]),
    (
        "required field added",
        lambda s: (run(s)["properties"].update(seed={"type": "integer"}), run(s)["required"].append("seed")),
        [("Run", "required field added", "seed", BUILDS)],
    ),
    (
        "map values narrowed",
        lambda s: run(s)["properties"]["metadata"].update(additionalProperties={"type": "string"}),
        [("Run", "type changed", "metadata", BUILDS)],
    ),
    ("now nullable", lambda s: run(s)["properties"]["model"].update(type=["string", "null"]), [("Run", "now nullable", "model", READS)]),
    ("no longer nullable", lambda s: run(s)["properties"]["expires_at"].pop("nullable"), [("Run", "no longer nullable", "expires_at", BUILDS)]),
    ("constant changed", lambda s: run(s)["properties"]["object"].update(enum=["assistant.run"]), [("Run", "constant changed", "object", ALL)]),
    ("enum values added", lambda s: schemas(s)["Status"]["enum"].append("paused"), [("Status", "values added", None, READS)]),
    ("enum values removed", lambda s: schemas(s)["Status"]["enum"].remove("running"), [("Status", "values removed", None, BUILDS)]),
    ("now required", lambda s: run(s)["required"].append("model"), [("Run", "field now required", "model", BUILDS)]),
    ("now optional", lambda s: run(s)["required"].remove("tools"), [("Run", "field now optional", "tools", READS)]),
    ("default changed", lambda s: run(s)["properties"]["file_ids"].update(default=["f"]), [("Run", "default changed", "file_ids", READS)]),
    ("type changed", lambda s: run(s)["properties"].update(id={"type": "integer"}), [("Run", "type changed", "id", ALL)]),
    ("type widened", lambda s: run(s)["properties"]["expires_at"].update(type="number"), [("Run", "type changed", "expires_at", READS)]),
    (
        "union member added",
        lambda s: (
            schemas(s).update(Browse={"type": "object", "required": ["type"], "properties": {"type": {"const": "browse"}}}),
            schemas(s)["Tool"]["oneOf"].append({"$ref": "#/components/schemas/Browse"}),
        ),
        [("Browse", "added", None, ()), ("Tool", "union members added", None, READS)],
    ),
    ("union member removed", lambda s: schemas(s)["Tool"]["oneOf"].pop(), [("Tool", "union members removed", None, BUILDS)]),
    ("component removed", lambda s: (schemas(s).pop("Usage"), run(s)["properties"].pop("usage")), [
        ("Run", "field removed", "usage", ("reads", "builds")), ("Usage", "removed", None, ("reads", "builds"))
    ]),
    # (the models refuse other keys now: code that builds one with them breaks, as old payloads with them do)
    ("closed", lambda s: schemas(s)["Usage"].update(additionalProperties=False), [("Usage", "closed to other keys", None, BUILDS)]),
    ("description changed", lambda s: run(s).update(description="One run."), [("Run", "description changed", None, ())]),
]


@pytest.mark.parametrize(("name", "edit", "expected"), [c for c in CASES if c[2]], ids=[c[0] for c in CASES if c[2]])
def test_each_kind_of_change(
    tmp_path: Path, name: str, edit: Callable[[dict[str, Any]], None], expected: list[tuple[str, str, str | None, tuple[str, ...]]]
) -> None:
    log = changelog(tmp_path, edit)
    assert [(c.definition, c.kind, c.field, c.impact) for c in log.changes] == expected


def test_a_renamed_schema_with_the_same_body_is_a_rename_with_an_alias_to_keep(tmp_path: Path) -> None:
    def rename(s: dict[str, Any]) -> None:
        schemas(s)["Consumption"] = schemas(s).pop("Usage")
        run(s)["properties"]["usage"] = {"$ref": "#/components/schemas/Consumption"}

    log = changelog(tmp_path, rename)
    (change,) = log.changes
    assert (change.definition, change.kind, change.old, change.new) == ("Consumption", "renamed", "Usage", "Consumption")
    assert "`Usage = Consumption` keeps old imports working" in (change.note or "")


@pytest.mark.parametrize(
    "rewrite",
    [
        lambda s: run(s)["properties"].update(expires_at={"anyOf": [{"type": "integer"}, {"type": "null"}]}),
        lambda s: run(s)["properties"].update(usage={"allOf": [{"$ref": "#/components/schemas/Usage"}]}),
        lambda s: run(s)["properties"].update(object={"const": "thread.run"}),
        lambda s: schemas(s).update(Status={"enum": ["queued", "running", "done"]}),
    ],
    ids=["nullable as anyOf", "allOf wrapper", "const for x-stainless-const", "enum without type"],
)
def test_spec_rewrites_that_change_no_model(tmp_path: Path, rewrite: Callable[[dict[str, Any]], None]) -> None:
    log = changelog(tmp_path, rewrite)
    assert log.changes == [] and changes.summary_line(log) == "no model change"


def test_roots_limit_the_comparison(tmp_path: Path) -> None:
    def edit(s: dict[str, Any]) -> None:
        schemas(s)["Status"]["enum"].append("paused")
        schemas(s)["Other"] = {"type": "string"}

    assert [c.definition for c in changelog(tmp_path, edit, ("Usage",)).changes] == []
    assert [c.kind for c in changelog(tmp_path, edit, ("Run",)).changes] == ["values added"]


HISTORY = Path(__file__).parent / "history"


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_report_formats_match_their_goldens(fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The changelog of two versions of our own spec, in each format (`make goldens` rewrites them)."""
    monkeypatch.chdir(HISTORY)
    assert main(["diff", "assistants.v1.yaml", "assistants.v2.yaml", "--format", fmt]) == 0
    expected = (HISTORY / f"assistants.changes.{ {'text': 'txt', 'markdown': 'md', 'json': 'json'}[fmt] }").read_text(encoding="utf-8")
    assert capsys.readouterr().out == expected


def test_json_is_stable_and_fail_on_breaking(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HISTORY)
    assert main(["diff", "assistants.v1.yaml", "assistants.v2.yaml", "--format", "json", "--fail-on", "breaking"]) == 1
    data = json.loads(capsys.readouterr().out)
    (comparison,) = data["comparisons"]
    assert set(comparison) == {"old", "new", "summary", "changes"} and data["breaking"] is True
    assert set(comparison["summary"]) == {"changes", "reads", "builds", "old-payloads", "compatible", "breaking"}
    for change in comparison["changes"]:
        assert set(change) == {"definition", "kind", "field", "old", "new", "impact", "used_in", "by_no_operation", "breaks", "note"}
    assert main(["diff", "assistants.v1.yaml", "assistants.v1.yaml", "--fail-on", "any"]) == 0
    assert "no model change" in capsys.readouterr().out


def test_a_format_that_names_a_python_type_is_a_type_change_and_others_are_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = {
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"E": {"type": "object", "properties": {"at": {"type": "string"}, "url": {"type": "string"}}}}},
    }  # fmt: skip
    new = copy.deepcopy(base)
    properties = new["components"]["schemas"]["E"]["properties"]
    properties["at"]["format"] = "date-time"  # a datetime now
    properties["url"]["format"] = "uri"  # still a str: the docstring says more, the type does not change
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(base))
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(new))
    assert main(["diff", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")]) == 0
    out = capsys.readouterr().out
    assert "  at: type changed: str → str (date-time) [breaks code that reads, breaks code that builds" in out
    assert "url" not in out and "1 change:" in out


def test_a_required_field_with_a_default_added_still_breaks_builds_and_old_payloads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = {
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"Usage": {"type": "object", "properties": {"n": {"type": "integer"}}}}},
    }  # fmt: skip
    new = copy.deepcopy(base)
    usage = new["components"]["schemas"]["Usage"]
    usage["properties"]["details"] = {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None}
    usage["required"] = ["details"]  # required, and nullable with a default of null (as Anthropic's spec has it)
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(base))
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(new))
    assert main(["diff", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")]) == 0
    assert "details: required field added: str | None [breaks code that builds, rejects old payloads]" in capsys.readouterr().out


# -- coverage: whether every value of one type is a value of another, one case per handler --------

COVERAGE_SPEC = {
    "openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
    "components": {"schemas": {
        "Count": {"type": "integer"},
        "M": {"type": "object", "properties": {"a": {"type": "string"}}},
        "N": {"type": "object", "properties": {"b": {"type": "string"}}},
        "X": {"type": "array", "items": {"$ref": "#/components/schemas/X"}},
        "Y": {"type": "array", "items": {"$ref": "#/components/schemas/Y"}},
    }},
}  # fmt: skip
STR, INT, FLOAT = ir.Primitive("str"), ir.Primitive("int"), ir.Primitive("float")


def ref(name: str) -> ir.Ref:
    return ir.Ref(f"s.yaml#/components/schemas/{name}")


@pytest.mark.parametrize(
    "a, b, covers",
    [
        (ir.AnyType(), ir.ListOf(STR), True),
        (STR, ir.NeverType(), True),
        # constraints, as the models check them: looser covers tighter
        (ir.Constrained(INT, ir.Constraints(minimum=1)), INT, False),
        (INT, ir.Constrained(INT, ir.Constraints(minimum=1)), True),
        (ir.Constrained(STR, ir.Constraints(max_length=10)), ir.Constrained(STR, ir.Constraints(max_length=5)), True),
        (ir.Constrained(STR, ir.Constraints(max_length=5)), ir.Constrained(STR, ir.Constraints(max_length=10)), False),
        (ir.Constrained(INT, ir.Constraints(minimum=0)), ir.Constrained(INT, ir.Constraints(exclusive_minimum=0)), True),
        (ir.Constrained(INT, ir.Constraints(exclusive_minimum=0)), ir.Constrained(INT, ir.Constraints(minimum=0)), False),
        (ir.Constrained(INT, ir.Constraints(multiple_of=2)), ir.Constrained(INT, ir.Constraints(multiple_of=4)), True),
        (ir.Constrained(INT, ir.Constraints(multiple_of=4)), ir.Constrained(INT, ir.Constraints(multiple_of=2)), False),
        (ir.Constrained(STR, ir.Constraints(pattern="^a")), ir.Constrained(STR, ir.Constraints(pattern="^b")), False),
        (ir.Constrained(STR, ir.Constraints(max_length=2)), ir.LiteralOf(("ab",)), True),
        (ir.Constrained(STR, ir.Constraints(max_length=2)), ir.LiteralOf(("abc",)), False),
        (ir.Nullable(ir.Constrained(STR, ir.Constraints(max_length=9))), ir.Nullable(ir.Constrained(STR, ir.Constraints(max_length=3))), True),
        (ir.UnionOf((INT, ir.Constrained(STR, ir.Constraints(max_length=9)))), ir.Constrained(STR, ir.Constraints(max_length=3)), True),
        # primitives: the kind and the format that makes a Python type; an int where a float was
        (FLOAT, INT, True),
        (INT, FLOAT, False),
        (STR, ir.Primitive("str", "email"), True),
        (STR, ir.Primitive("str", "date-time"), False),
        (STR, ir.LiteralOf(("a", "b")), True),
        (INT, ir.LiteralOf(("a",)), False),
        (INT, ir.LiteralOf((True,)), False),
        # constants
        (ir.LiteralOf(("a", "b")), ir.LiteralOf(("a",)), True),
        (ir.LiteralOf(("a",)), ir.LiteralOf(("a", "b")), False),
        (ir.LiteralOf((1,)), ir.LiteralOf((True,)), False),
        (ir.LiteralOf(("a",)), STR, False),
        # containers
        (ir.ListOf(FLOAT), ir.ListOf(INT), True),
        (ir.ListOf(INT), ir.MapOf(INT), False),
        (ir.MapOf(FLOAT), ir.MapOf(INT), True),
        (ir.MapOf(INT), ir.MapOf(STR), False),
        (ir.TupleOf((STR, FLOAT)), ir.TupleOf((STR, INT)), True),
        (ir.TupleOf((STR,)), ir.TupleOf((STR, STR)), False),
        (ir.TupleOf((STR,)), ir.ListOf(STR), False),
        # unions and null: the covered side is taken apart first
        (ir.UnionOf((STR, INT)), STR, True),
        (STR, ir.UnionOf((STR, INT)), False),
        (ir.UnionOf((STR, INT, FLOAT)), ir.UnionOf((INT, STR)), True),
        (ir.Nullable(STR), STR, True),
        (STR, ir.Nullable(STR), False),
        (ir.Nullable(ir.UnionOf((STR, INT))), ir.Nullable(INT), True),
        # references: to the same definition, through an alias, to another model
        (ref("M"), ref("M"), True),
        (ref("M"), ref("N"), False),
        (FLOAT, ref("Count"), True),
        (ref("Count"), INT, True),
        (ref("Count"), FLOAT, False),
        (ir.UnionOf((ref("M"), ref("N"))), ref("N"), True),
        (ref("X"), ref("Y"), False),  # recursive aliases: the depth bound says no
    ],
)
def test_coverage_of_each_kind_of_type(tmp_path: Path, a: ir.TypeExpr, b: ir.TypeExpr, covers: bool) -> None:
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(COVERAGE_SPEC), encoding="utf-8")
    v = changes.version_of(prepare(tmp_path / "s.yaml"), ())
    differ = changes._Differ(v, v, {})
    assert changes._Coverage(v, v, differ._same).covers(a, b) is covers


def test_coverage_across_versions_follows_a_rename(tmp_path: Path) -> None:
    renamed = copy.deepcopy(COVERAGE_SPEC)
    schemas(renamed)["Model"] = schemas(renamed).pop("M")
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(COVERAGE_SPEC), encoding="utf-8")
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(renamed), encoding="utf-8")
    old, new = changes.version_of(prepare(tmp_path / "old.yaml"), ()), changes.version_of(prepare(tmp_path / "new.yaml"), ())
    differ = changes._Differ(old, new, {"old.yaml#/components/schemas/M": "new.yaml#/components/schemas/Model"})
    old_m, new_m = ir.Ref("old.yaml#/components/schemas/M"), ir.Ref("new.yaml#/components/schemas/Model")
    assert changes._Coverage(new, old, differ._same).covers(new_m, old_m)
    assert changes._Coverage(old, new, differ._same).covers(old_m, new_m)
    assert not changes._Coverage(old, new, differ._same).covers(ir.Ref("old.yaml#/components/schemas/N"), new_m)


def test_values_and_members_added_and_removed_at_once(tmp_path: Path) -> None:
    def edit(s: dict[str, Any]) -> None:
        schemas(s)["Status"]["enum"] = ["queued", "done", "paused"]
        schemas(s)["Browse"] = {"type": "object", "required": ["type"], "properties": {"type": {"const": "browse"}}}
        schemas(s)["Tool"]["oneOf"][1] = {"$ref": "#/components/schemas/Browse"}

    log = changelog(tmp_path, edit)
    assert [(c.definition, c.kind, c.old, c.new, c.impact) for c in log.changes] == [
        ("Browse", "added", None, "model", ()),
        ("Status", "values added", None, '"paused"', READS),
        ("Status", "values removed", '"running"', None, BUILDS),
        ("Tool", "union members added", None, "Browse", READS),
        ("Tool", "union members removed", "Search", None, BUILDS),
    ]


def test_several_renames_onto_one_name_are_listed_by_old_name(tmp_path: Path) -> None:
    # (the order once followed a frozenset's, so it changed with the hash seed)
    old = {name: {"type": "object", "properties": {"n": {"type": "integer"}}} for name in ("Fa", "Fb", "Fc", "Fd", "Fe", "Ff")}
    new = {"Counter": {"type": "object", "properties": {"n": {"type": "integer"}}}}
    for name, found in (("old", old), ("new", new)):
        spec = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": found}}
        (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    log = changes.compare(
        changes.version_of(prepare(tmp_path / "old.yaml"), ()), changes.version_of(prepare(tmp_path / "new.yaml"), ())
    )
    assert [(c.kind, c.old) for c in log.changes] == [("renamed", name) for name in ("Fa", "Fb", "Fc", "Fd", "Fe", "Ff")]


# -- what real updates do, said right (each once, with its real impact) ---------------------------


def versions(tmp_path: Path, old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> changes.Changelog:
    """The changelog between two specs of ``components/schemas`` as ``modelgen diff`` reads them
    (no operations: every model counts both ways)."""
    read = []
    for name, found in (("old", old), ("new", new)):
        spec = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": found}}
        (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
        prepared, travel = diff_command.read(Source(tmp_path / f"{name}.yaml"), RefPolicy(), Scope())
        read.append(changes.version_of(prepared, (), travel))
    return changes.compare(*read)


def summary(log: changes.Changelog) -> list[tuple[str, str, str | None, tuple[str, ...]]]:
    return [(c.definition, c.kind, c.field, c.impact) for c in log.changes]


DETAILS = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}}


def test_an_inline_object_moved_to_a_component_with_the_same_fields_is_a_rename(tmp_path: Path) -> None:
    old = {"Run": {"type": "object", "properties": {"details": DETAILS}}}
    new = {
        "Run": {"type": "object", "properties": {"details": {"$ref": "#/components/schemas/Details"}}},
        "Details": DETAILS,
    }
    log = versions(tmp_path, old, new)
    assert summary(log) == [("Details", "renamed", None, ("reads", "builds"))]
    assert (log.changes[0].old, log.changes[0].new) == ("RunDetails", "Details")


def test_two_renames_with_one_body_are_told_apart_by_where_they_are_used(tmp_path: Path) -> None:
    body = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
    old = {
        "Response": {"type": "object", "properties": {"conversation": {"$ref": "#/components/schemas/Conversation-2"}}},
        "BetaResponse": {"type": "object", "properties": {"conversation": {"$ref": "#/components/schemas/BetaConversation-2"}}},
        "Conversation-2": body, "BetaConversation-2": body,
    }  # fmt: skip
    new = {
        "Response": {"type": "object", "properties": {"conversation": {"$ref": "#/components/schemas/ResponseConversation"}}},
        "BetaResponse": {"type": "object", "properties": {"conversation": {"$ref": "#/components/schemas/BetaResponseConversation"}}},
        "ResponseConversation": body, "BetaResponseConversation": body,
    }  # fmt: skip
    log = versions(tmp_path, old, new)
    assert [(c.kind, c.old, c.new) for c in log.changes] == [
        ("renamed", "BetaConversation2", "BetaResponseConversation"),
        ("renamed", "Conversation2", "ResponseConversation"),
    ]


def test_an_inline_objects_nullable_spelled_any_of_null_is_no_change(tmp_path: Path) -> None:
    old = {"Run": {"type": "object", "properties": {"details": {**DETAILS, "nullable": True, "description": "Details."}}}}
    new = {"Run": {"type": "object", "properties": {"details": {"anyOf": [{**DETAILS, "description": "Details."}, {"type": "null"}]}}}}
    assert summary(versions(tmp_path, old, new)) == []


def test_inline_union_members_are_matched_by_name_not_by_index(tmp_path: Path) -> None:
    def member(tag: str, extra: str) -> dict[str, Any]:
        return {"type": "object", "required": ["type"], "properties": {"type": {"const": tag}, extra: {"type": "string"}}}

    old = {"Event": {"oneOf": [member("created", "id"), member("deleted", "reason")]}}
    new = {"Event": {"oneOf": [member("updated", "changes"), member("created", "id"), member("deleted", "why")]}}
    assert summary(versions(tmp_path, old, new)) == [
        ("Event", "union members added", None, READS),
        ("EventDeleted", "field added", "why", ()),
        ("EventDeleted", "field removed", "reason", ("reads", "builds")),
    ]


@pytest.mark.parametrize(
    ("other", "impact"),
    [({"type": "string"}, ()), ({"type": "integer"}, READS)],
    ids=["beside a str: taken already", "beside an int: new values"],
)
def test_values_added_to_an_enum_inside_a_union_are_values_added(tmp_path: Path, other: dict[str, Any], impact: tuple[str, ...]) -> None:
    def spec(values: list[str]) -> dict[str, dict[str, Any]]:
        model = {"anyOf": [other, {"type": "string", "enum": values}]}
        return {"Image": {"type": "object", "properties": {"model": model}}}

    assert summary(versions(tmp_path, spec(["a", "b"]), spec(["a", "b", "c"]))) == [("Image", "values added", "model", impact)]
    log = versions(tmp_path, spec(["a", "b"]), spec(["b"]))
    assert summary(log) == [("Image", "values removed", "model", () if other["type"] == "string" else BUILDS)]


@pytest.mark.parametrize(
    ("before", "after", "impact"),
    [
        ({"maxLength": 64}, {"maxLength": 32}, BUILDS),  # tighter: what was built may be refused
        ({"maxLength": 32}, {"maxLength": 64}, READS),  # looser: what is read may be longer
        ({}, {"pattern": "^[a-z]+$"}, BUILDS),
        ({"pattern": "^[a-z]+$"}, {"pattern": "^[0-9]+$"}, ALL),
        ({"minLength": 1}, {}, READS),
    ],
)
def test_constraints_the_models_check_are_reported_with_their_impact(
    tmp_path: Path, before: dict[str, Any], after: dict[str, Any], impact: tuple[str, ...]
) -> None:
    def spec(constraints: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {"Tool": {"type": "object", "properties": {"name": {"type": "string", **constraints}}}}

    assert summary(versions(tmp_path, spec(before), spec(after))) == [("Tool", "constraints changed", "name", impact)]


def test_a_constraint_and_null_changed_at_once_are_both_said(tmp_path: Path) -> None:
    old = {"Tool": {"type": "object", "properties": {"name": {"type": "string", "maxLength": 64}}}}
    new = {"Tool": {"type": "object", "properties": {"name": {"type": ["string", "null"], "maxLength": 32}}}}
    assert summary(versions(tmp_path, old, new)) == [
        ("Tool", "constraints changed", "name", BUILDS), ("Tool", "now nullable", "name", READS)
    ]


def test_a_description_of_an_inline_enum_or_object_is_reported_once(tmp_path: Path) -> None:
    def spec(text: str) -> dict[str, dict[str, Any]]:
        background = {"type": "string", "enum": ["auto", "opaque"], "description": text}
        return {"Image": {"type": "object", "properties": {"background": background, "details": {**DETAILS, "description": text}}}}

    assert summary(versions(tmp_path, spec("Old."), spec("New."))) == [
        ("Image", "field description changed", "background", ()),
        ("Image", "field description changed", "details", ()),
    ]


def test_a_deprecated_schema_is_reported(tmp_path: Path) -> None:
    old = {"Tier": {"type": "string", "enum": ["a", "b"]}, "Run": DETAILS}
    new = {"Tier": {"type": "string", "enum": ["a", "b"], "deprecated": True}, "Run": {**DETAILS, "deprecated": True}}
    assert summary(versions(tmp_path, old, new)) == [("Run", "deprecated", None, ()), ("Tier", "deprecated", None, ())]
    assert summary(versions(tmp_path, new, old)) == [("Run", "no longer deprecated", None, ()), ("Tier", "no longer deprecated", None, ())]


def test_an_inline_enum_deprecated_is_reported_once_at_its_field(tmp_path: Path) -> None:
    def spec(deprecated: bool) -> dict[str, dict[str, Any]]:
        tier = {"type": "string", "enum": ["a", "b"], "deprecated": deprecated}
        return {"Run": {"type": "object", "properties": {"tier": tier}}}

    assert summary(versions(tmp_path, spec(False), spec(True))) == [("Run", "field deprecated", "tier", ())]


# User is used by no operation: it has both views once a required field is read-only or
# write-only (User, what responses carry, and UserRequest, what requests carry)
@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        # a write view comes: it does not require the field; the read view still does
        ({}, {"readOnly": True}, [("User", "now read-only", "id", ()), ("UserRequest", "added", None, ())]),
        # the write view goes: code that imports it breaks
        ({"readOnly": True}, {}, [("User", "no longer read-only", "id", ()), ("UserRequest", "removed", None, ("reads", "builds"))]),
        # the read view stops requiring the field: code that reads it must expect None
        ({}, {"writeOnly": True}, [
            ("User", "field now optional", "id", READS), ("User", "now write-only", "id", ()), ("UserRequest", "added", None, ()),
        ]),
        ({"writeOnly": True}, {}, [
            ("User", "field now required", "id", BUILDS), ("User", "no longer write-only", "id", ()),
            ("UserRequest", "removed", None, ("reads", "builds")),
        ]),
    ],
)  # fmt: skip
def test_read_only_and_write_only_set_or_unset_on_a_required_field(
    tmp_path: Path, before: dict[str, Any], after: dict[str, Any], expected: list[tuple[str, str, str | None, tuple[str, ...]]]
) -> None:
    def spec(flags: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {"User": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string", **flags}}}}

    assert summary(versions(tmp_path, spec(before), spec(after))) == expected


def test_an_inline_object_moved_to_a_component_and_edited_is_one_model_whose_changes_are_listed(tmp_path: Path) -> None:
    ranking = {"type": "object", "additionalProperties": False, "properties": {
        "ranker": {"type": "string", "enum": ["auto", "v1"]}, "score": {"type": "number", "minimum": 0, "maximum": 1},
    }}  # fmt: skip
    old = {"Search": {"type": "object", "properties": {"ranking": ranking}}}
    edited = {"type": "object", "properties": {"ranker": ranking["properties"]["ranker"], "score": {"type": "number"}}}
    new = {"Search": {"type": "object", "properties": {"ranking": {"$ref": "#/components/schemas/Ranking"}}}, "Ranking": edited}
    assert summary(versions(tmp_path, old, new)) == [
        ("Ranking", "class renamed", None, ("reads", "builds")),  # (not "type changed", "rejects old payloads")
        ("Ranking", "constraints changed", "score", READS),
        ("Ranking", "open to other keys", None, READS),
        ("RankingRanker", "class renamed", None, ("reads", "builds")),
    ]


def test_values_in_another_order_are_said_so(tmp_path: Path) -> None:
    def spec(values: list[str]) -> dict[str, dict[str, Any]]:
        return {"Detail": {"type": "string", "enum": values}}

    assert summary(versions(tmp_path, spec(["high", "low"]), spec(["low", "high"]))) == [("Detail", "values reordered", None, ())]


@pytest.mark.parametrize(
    ("before", "after", "required", "impact"),
    [
        ("auto", "low", False, READS),  # an absent key reads as another value
        ("auto", None, False, READS),  # as nothing where it read as a value
        (None, "auto", False, ()),  # as a value where it read as nothing: narrower
        ("auto", "low", True, ()),  # a required key is never absent
    ],
)
def test_a_default_changed_breaks_readers_only_where_an_absent_key_reads_otherwise(
    tmp_path: Path, before: str | None, after: str | None, required: bool, impact: tuple[str, ...]
) -> None:
    def spec(default: str | None) -> dict[str, dict[str, Any]]:
        mode = {"type": "string", **({"default": default} if default is not None else {})}
        return {"Run": {"type": "object", "required": ["mode"] if required else [], "properties": {"mode": mode}}}

    assert summary(versions(tmp_path, spec(before), spec(after))) == [("Run", "default changed", "mode", impact)]

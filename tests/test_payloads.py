"""check-payloads (payloads.py): the check agrees with the exact models, each deviation names its
place, schema and fix, and the overlay it writes makes the models accept what deviated."""

from __future__ import annotations

import copy
import json
import shlex
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any, get_args

import pytest

from modelgen import ir
from modelgen.app.config import _job
from modelgen.app.pipeline import generate, prepare, prepare_document, read_spec
from modelgen.app.write import write_all
from modelgen.cli import main
from modelgen.commands.payload_check import Checker, Deviation, broken_constraints, child, json_kind
from modelgen.commands.payload_fixes import Fix, Fixes, RootDocument, key_path, quote
from modelgen.commands.payload_report import Report, render_report, report_json
from modelgen.commands.payloads import Payload, _one_round, check_payloads, checker_of, jsonpath, overlay_text
from modelgen.errors import SpecErrors
from modelgen.load import Document
from modelgen.flavours import reserved
from modelgen.naming import base_class_name
from modelgen.overlay import Action
from modelgen.sources import RefPolicy
from modelgen.yaml_events import load_yaml
from tests.flavours import ADAPTERS
from tests.support import REPO, case_module, case_names, case_options, case_spec, import_file

EXACT_CASES = [c for c in case_names() if case_options(c).get("reading", "exact") == "exact"]
# what no overlay action can change: a schema that allows no value, and a tuple's length
UNFIXABLE = ("the schema allows no value", "a tuple's length is its type")


def grouped(case: str) -> dict[str, list[Payload]]:
    entries = load_yaml((case_spec(case).parent / "payloads.yaml").read_text(encoding="utf-8"))
    groups: dict[str, list[Payload]] = defaultdict(list)
    for i, entry in enumerate(entries):
        if "pointer" in entry or entry.get("direction") == "write":
            continue  # check-payloads takes a component schema, as responses carry it
        groups[entry["schema"]].append(Payload(f"{case}[{i}]", entry["payload"]))
    return groups


def class_of(case: str, schema: str) -> str:
    """The class of a component schema: named by its payload entries (a dotted name is shortened),
    else as the component's name makes it."""
    entries = load_yaml((case_spec(case).parent / "payloads.yaml").read_text(encoding="utf-8"))
    named = {e["schema"]: e["class"] for e in entries if "class" in e}
    return named.get(schema) or base_class_name((schema,), reserved())


def root_class(spec: Path, schema: str, overlays: tuple[Path, ...]) -> str:
    """The class of ``schema`` in a module of it alone (a dotted name is as short as that module
    lets it be)."""
    from modelgen.app.pipeline import prepare
    from modelgen.scope import Scope

    prepared = prepare(spec, overlays=overlays, scope=Scope((schema,)))
    return prepared.names.cls(prepared.spec.components[schema])


def pydantic_module(spec: Path, roots: list[str], folder: Path, overlays: tuple[Path, ...] = (), reading: str = "exact") -> Any:
    # a name of its own: Python's bytecode cache would take a rewrite of the same size for the same file
    out = folder / f"checked_{'_'.join(roots).lower()}_{len(overlays)}_{reading}.py"
    job = _job(str(spec), "pydantic", str(out), roots, base=Path("/"), command="test", overlays=[str(o) for o in overlays], reading=reading)
    write_all(generate((job,)).outputs)
    return import_file(out)


@pytest.mark.parametrize("case", EXACT_CASES)
def test_the_check_agrees_with_the_exact_models(case: str) -> None:
    module = case_module(case, "pydantic")
    for schema, payloads in grouped(case).items():
        report = check_payloads(case_spec(case), schema, payloads)
        for payload, deviations in report.payloads:
            accepted = ADAPTERS["pydantic"].accepts(module, class_of(case, schema), payload.value)
            assert accepted == (not deviations), (payload.name, [(d.path, d.found, d.says) for d in deviations])


@pytest.mark.parametrize("case", EXACT_CASES)
def test_the_overlay_it_writes_makes_the_models_accept_what_deviated(case: str, tmp_path: Path) -> None:
    for schema, payloads in grouped(case).items():
        report = check_payloads(case_spec(case), schema, payloads)
        assert all(d.no_fix in UNFIXABLE for _, d in report.unfixed), report.unfixed
        if not report.actions:
            assert not report.deviating
            continue
        overlay = tmp_path / f"{schema}.fixes.yaml"
        overlay.write_text(overlay_text(report, case_spec(case).name, schema), encoding="utf-8")
        again = check_payloads(case_spec(case), schema, payloads, (overlay,))
        assert again.deviating == len({p.name for p, _ in report.unfixed})
        module = pydantic_module(case_spec(case), [schema], tmp_path, (overlay,))
        unfixed = {p.name for p, _ in report.unfixed}
        for payload in payloads:
            accepted = ADAPTERS["pydantic"].accepts(module, root_class(case_spec(case), schema, (overlay,)), payload.value)
            assert accepted == (payload.name not in unfixed), payload.name


SPEC_31 = """openapi: 3.1.0
info: {title: t, version: '1'}
components:
  schemas:
    Tool:
      oneOf:
        - $ref: '#/components/schemas/Code'
        - $ref: '#/components/schemas/Search'
      discriminator:
        propertyName: type
        mapping: {code: '#/components/schemas/Code', search: '#/components/schemas/Search'}
    Code:
      type: object
      additionalProperties: false
      required: [type]
      properties:
        type: {const: code}
    Search:
      type: object
      required: [type, query]
      properties:
        type: {type: string, enum: [search]}
        query: {type: string, maxLength: 5}
    Run:
      type: object
      required: [id, tool, status]
      properties:
        id: {type: string}
        tool: {$ref: '#/components/schemas/Tool'}
        status: {type: string, enum: [queued, done]}
        kind: {const: run}
        steps: {type: integer, minimum: 1}
        owner: {$ref: '#/components/schemas/Code'}
"""


def fixed(tmp_path: Path, spec_text: str, payloads: list[Any]) -> tuple[str, dict[str, Any]]:
    """The report of ``payloads`` against Run, and the actions the overlay it writes holds."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(spec_text, encoding="utf-8")
    for i, payload in enumerate(payloads):
        (tmp_path / f"p{i}.json").write_text(json.dumps(payload), encoding="utf-8")
    files = [str(tmp_path / f"p{i}.json") for i in range(len(payloads))]
    overlay = tmp_path / "fixes.yaml"
    assert main(["check-payloads", str(spec), "--root", "Run", *files, "--write-overlay", str(overlay)]) == 1
    assert main(["check-payloads", str(spec), "--root", "Run", *files, "--overlay", str(overlay)]) == 0
    actions = load_yaml(overlay.read_text(encoding="utf-8"))["actions"]
    return spec.read_text(encoding="utf-8"), {a["target"]: a.get("update", "remove") for a in actions}


def test_each_kind_of_deviation_gets_its_action(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = {"id": "r", "tool": {"type": "code"}, "status": "queued"}
    _, actions = fixed(
        tmp_path,
        SPEC_31,
        [
            {"tool": {"type": "code"}, "status": "queued"},  # a required key left out
            {**base, "id": None},  # null for a string
            {**base, "status": "expired"},  # a value the enum does not list
            {**base, "kind": "batch"},  # not the constant
            {**base, "steps": 0},  # below the minimum
            {**base, "tool": {"type": "code", "extra": 1}},  # a key a closed object does not name
            {**base, "tool": {"type": "browse", "url": "u"}},  # a tag the union does not list
            {**base, "owner": None},  # null for a $ref
            {**base, "id": 7},  # an integer for a string
            {**base, "tool": {"type": "search", "query": "too long"}},  # longer than maxLength
        ],
    )
    out = capsys.readouterr().out
    assert "p0.json: 1 deviation\n  $.id: absent; the spec says it is required\n    schema: spec.yaml#/components/schemas/Run/required" in out
    assert '$.status: "expired"; the spec says one of "queued", "done"' in out
    assert "$.tool.extra: the key \"extra\"; the spec says Code has no other keys" in out
    assert actions["$.components.schemas.Run.required[?@ == 'id']"] == "remove"
    assert actions["$.components.schemas.Run.properties.id"] == {"type": ["string", "null"]}
    assert actions["$.components.schemas.Run.properties.status.enum"] == "expired"
    assert actions["$.components.schemas.Run.properties.kind.const"] == "remove"
    assert actions["$.components.schemas.Run.properties.kind"] == {"enum": ["run", "batch"]}
    assert actions["$.components.schemas.Run.properties.steps.minimum"] == "remove"
    assert actions["$.components.schemas.Code.additionalProperties"] == "remove"
    assert actions["$.components.schemas.Tool.oneOf"] == {"$ref": "#/components/schemas/Browse"}
    assert actions["$.components.schemas.Tool.discriminator.mapping"] == {"browse": "#/components/schemas/Browse"}
    assert actions["$.components.schemas"]["Browse"]["properties"] == {"type": {"type": "string", "enum": ["browse"]}}
    assert actions["$.components.schemas.Run.properties.owner['$ref']"] == "remove"
    assert actions["$.components.schemas.Run.properties.owner"] == {
        "anyOf": [{"$ref": "#/components/schemas/Code"}, {"type": "null"}]
    }
    assert actions["$.components.schemas.Search.properties.query.maxLength"] == "remove"


def test_a_second_fix_of_the_same_schema_waits_for_the_first(tmp_path: Path) -> None:
    """null and an integer for the same string: the type becomes a list, then grows."""
    base = {"id": "r", "tool": {"type": "code"}, "status": "queued"}
    _, actions = fixed(tmp_path, SPEC_31, [{**base, "id": None}, {**base, "id": 7}])
    assert actions["$.components.schemas.Run.properties.id"] == {"type": ["string", "null"]}
    assert actions["$.components.schemas.Run.properties.id.type"] == "integer"


SPEC_30 = """openapi: 3.0.3
info: {title: t, version: '1'}
components:
  schemas:
    Owner:
      type: object
      properties:
        name: {type: string}
    Run:
      type: object
      required: [id]
      properties:
        id: {type: string}
        owner: {$ref: '#/components/schemas/Owner'}
        count: {type: integer}
"""


def test_openapi_30_gets_nullable_and_anyof(tmp_path: Path) -> None:
    _, actions = fixed(
        tmp_path, SPEC_30, [{"id": None}, {"id": "r", "owner": None}, {"id": "r", "count": 1.5}]
    )
    assert actions["$.components.schemas.Run.properties.id"] == {"nullable": True}
    assert actions["$.components.schemas.Run.properties.owner"] == {"nullable": True}
    assert actions["$.components.schemas.Run.properties.count.type"] == "remove"
    assert actions["$.components.schemas.Run.properties.count"] == {"anyOf": [{"type": "integer"}, {"type": "number"}]}


def test_json_lines_report_and_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC_30, encoding="utf-8")
    lines = tmp_path / "recorded.jsonl"
    lines.write_text('{"id": "a"}\n\n{"id": 3}\n', encoding="utf-8")
    assert main(["check-payloads", str(spec), "--root", "Run", str(lines), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    names = [p["name"] for p in report["payloads"]]
    assert names == [f"{lines}:1", f"{lines}:3"]
    assert report["payloads"][0]["deviations"] == []
    (deviation,) = report["payloads"][1]["deviations"]
    assert deviation["path"] == "$.id" and deviation["found"] == "integer 3" and deviation["says"] == "a string"
    assert deviation["schema"] == "spec.yaml#/components/schemas/Run/properties/id"


def test_conforming_payloads_exit_0_and_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC_30, encoding="utf-8")
    (tmp_path / "ok.json").write_text('{"id": "a", "owner": {"name": "n"}}', encoding="utf-8")
    overlay = tmp_path / "fixes.yaml"
    code = main(["check-payloads", str(spec), "--root", "Run", str(tmp_path / "ok.json"), "--write-overlay", str(overlay)])
    assert code == 0 and not overlay.exists()
    captured = capsys.readouterr()
    assert "ok.json: conforms" in captured.out and "no action to write" in captured.err


@pytest.mark.parametrize(
    ("payload", "root", "message"),
    [
        ('{"id": ', "Run", "recorded.json:1:8: invalid JSON"),
        ('{"id": "a"}', "Runn", "no component schema named 'Runn'"),
    ],
)
def test_bad_input_exits_2_with_where(tmp_path: Path, capsys: pytest.CaptureFixture[str], payload: str, root: str, message: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC_30, encoding="utf-8")
    (tmp_path / "recorded.json").write_text(payload, encoding="utf-8")
    assert main(["check-payloads", str(spec), "--root", root, str(tmp_path / "recorded.json")]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_jsonpath_indexes_only_arrays() -> None:
    data = {"paths": {"/runs": {"get": {}}}, "c": {"200": {}, "list": [{}, {}]}}
    assert jsonpath(data, "/paths/~1runs/get") == "$.paths['/runs'].get"
    assert jsonpath(data, "/c/200") == "$.c['200']"
    assert jsonpath(data, "/c/list/1") == "$.c.list[1]"


def test_checked_as_tolerant_models_read_it_agrees_with_them() -> None:
    module = case_module("tolerant", "pydantic")
    for schema, payloads in grouped("tolerant").items():
        report = check_payloads(case_spec("tolerant"), schema, payloads, reading="tolerant")
        for payload, deviations in report.payloads:
            accepted = ADAPTERS["pydantic"].accepts(module, class_of("tolerant", schema), payload.value)
            assert accepted == (not deviations), (payload.name, [(d.path, d.found, d.says) for d in deviations])
        assert report.deviating == 4  # a wrong type, a known tag without its key, a missing id, a string tool


def test_the_shipped_overlay_is_what_its_command_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = REPO / "specs" / "assistants.fixes.yaml"
    lines = shipped.read_text(encoding="utf-8").splitlines(keepends=True)
    argv = shlex.split(lines[1].removeprefix("# modelgen "))
    written = tmp_path / "fixes.yaml"
    argv[argv.index("--write-overlay") + 1] = str(written)
    monkeypatch.chdir(REPO)
    assert main(argv) == 1
    again = written.read_text(encoding="utf-8").splitlines(keepends=True)
    assert again[:1] + again[2:] == lines[:1] + lines[2:]


def test_recorded_runs_break_the_exact_models_and_not_the_tolerant_ones() -> None:
    runs = [json.loads(line) for line in (REPO / "specs" / "payloads" / "runs.jsonl").read_text(encoding="utf-8").splitlines()]
    for flavour in ADAPTERS:
        exact = import_file(REPO / "generated" / f"assistants_{flavour}.py")
        tolerant = import_file(REPO / "generated" / f"run_tolerant_{flavour}.py")
        for run in runs:
            assert not ADAPTERS[flavour].accepts(exact, "RunObject", run), flavour
            assert ADAPTERS[flavour].accepts(tolerant, "RunObject", run), flavour
            assert ADAPTERS[flavour].round_trips(tolerant, "RunObject", run), flavour


# -- the pieces, one by one ------------------------------------------------------------------------


def in_memory(tmp_path: Path, spec_text: str = SPEC_31, overlays: tuple[Path, ...] = ()) -> Document:
    """The spec as ``read_spec`` reads it: the document the checker rewrites in memory."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(spec_text, encoding="utf-8")
    return read_spec(spec, overlays)[0]


def test_a_document_in_memory_is_prepared_as_the_generator_prepares_its_file(tmp_path: Path) -> None:
    document = in_memory(tmp_path)
    from_memory = prepare_document(document, RefPolicy())
    from_file = prepare(tmp_path / "spec.yaml")
    assert from_memory == from_file  # the same spec, names, hash and sources: one route


def test_the_checker_reads_the_data_it_is_given_not_the_file(tmp_path: Path) -> None:
    document = in_memory(tmp_path)
    checker, key = checker_of(document, "Run", RefPolicy())
    run = {"id": None, "tool": {"type": "code"}, "status": "queued"}
    assert [d.path for d in checker.check(run, key)] == ["$.id"]
    data = copy.deepcopy(document.data)
    data["components"]["schemas"]["Run"]["properties"]["id"]["type"] = ["string", "null"]
    checker, key = checker_of(replace(document, data=data), "Run", RefPolicy())
    assert checker.check(run, key) == []


def test_the_checker_reads_as_the_tolerant_models_read(tmp_path: Path) -> None:
    document = in_memory(tmp_path)
    run = {"id": "r", "tool": {"type": "browse"}, "status": "queued"}
    exact, key = checker_of(document, "Run", RefPolicy())
    tolerant, tolerant_key = checker_of(document, "Run", RefPolicy(), "tolerant")
    assert [d.path for d in exact.check(run, key)] == ["$.tool.type"]
    assert tolerant.check(run, tolerant_key) == []  # an unknown tag: kept whole


def test_the_errors_of_the_selected_schemas_are_raised(tmp_path: Path) -> None:
    broken = SPEC_30 + "    Bad:\n      $ref: '#/components/schemas/Missing'\n"
    document = in_memory(tmp_path, broken)
    checker_of(document, "Run", RefPolicy())  # Bad is not in Run's closure
    with pytest.raises(SpecErrors, match="Missing"):
        checker_of(document, "Bad", RefPolicy())


def test_every_kind_of_type_has_its_handler(tmp_path: Path) -> None:
    checker, _ = checker_of(in_memory(tmp_path), "Run", RefPolicy())
    assert set(checker.handlers) == set(get_args(ir.TypeExpr))


HANDLED = [
    (ir.AnyType(), {"x": [1]}, []),
    (ir.NeverType(), 1, ["no value may be here"]),
    (ir.Primitive("float"), 1, []),
    (ir.Primitive("int"), 1.5, ["an integer"]),
    (ir.Primitive("str"), None, ["a string, not null"]),
    (ir.LiteralOf(("a", "b")), "c", ['one of "a", "b"']),
    (ir.LiteralOf((1,)), True, ["the constant 1"]),
    (ir.ListOf(ir.Primitive("int")), [1, "x", 2, None], ["an integer", "an integer, not null"]),
    (ir.TupleOf((ir.Primitive("int"), ir.Primitive("str"))), [1], ["an array of exactly 2 items"]),
    (ir.TupleOf((ir.Primitive("int"), ir.Primitive("str"))), [1, 2], ["a string"]),
    (ir.MapOf(ir.Primitive("bool")), {"a": True, "b": 0}, ["a boolean"]),
    (ir.MapOf(ir.Primitive("bool")), [], ["an object"]),
    (ir.Nullable(ir.Primitive("str")), None, []),
    (ir.Nullable(ir.Primitive("str")), 3, ["a string"]),  # the inner type says what is wrong
    (ir.Constrained(ir.Primitive("str"), ir.Constraints(max_length=2)), "abc", ["maxLength 2"]),
    (ir.Constrained(ir.ListOf(ir.AnyType()), ir.Constraints(min_length=1, unique_items=True)), [], ["minItems 1"]),
    (ir.Constrained(ir.Primitive("int"), ir.Constraints(minimum=5)), "x", ["an integer"]),  # the type first
    (ir.UnionOf((ir.Primitive("int"), ir.ListOf(ir.Primitive("int")))), [1, "x"], ["an integer"]),
    (ir.UnionOf((ir.Primitive("int"), ir.Primitive("bool"))), "x", ["one of: an integer; a boolean"]),
]


@pytest.mark.parametrize(("t", "value", "says"), HANDLED)
def test_each_handler_reads_its_kind_of_type(t: ir.TypeExpr, value: Any, says: list[str]) -> None:
    checker = Checker({}, "spec.yaml", ir.SpecIR({}, {}, (), ()))
    assert [d.says for d in checker._check(value, t, "$", "spec.yaml#/x")] == says


@pytest.mark.parametrize(
    ("value", "constraints", "broken"),
    [
        (3, ir.Constraints(minimum=4, maximum=2), ["minimum", "maximum"]),
        (3, ir.Constraints(exclusive_minimum=3, exclusive_maximum=3), ["exclusive_minimum", "exclusive_maximum"]),
        (0.3, ir.Constraints(multiple_of=0.1), []),
        (0.35, ir.Constraints(multiple_of=0.1, one_of=(0.1, 0.2)), ["multiple_of", "one_of"]),
        (True, ir.Constraints(minimum=4), []),  # a boolean is no number
        ("ab", ir.Constraints(min_length=3, pattern="^b"), ["min_length", "pattern"]),
        ("ab", ir.Constraints(pattern="(unclosed"), []),  # a pattern Python cannot read is not checked
        ([1, 1], ir.Constraints(max_length=1, unique_items=True), ["max_length", "unique_items"]),
        ([{"a": 1, "b": 2}, {"b": 2, "a": 1}], ir.Constraints(unique_items=True), ["unique_items"]),
    ],
)
def test_broken_constraints(value: Any, constraints: ir.Constraints, broken: list[str]) -> None:
    assert broken_constraints(value, constraints) == broken


def test_json_kind_and_child_paths() -> None:
    assert [json_kind(v) for v in (None, True, 1, 1.0, "", [], {})] == [
        "null", "boolean", "integer", "number", "string", "array", "object"
    ]  # fmt: skip
    assert child("$", 0) == "$[0]" and child("$", "id") == "$.id"
    assert child("$.a", "content-type") == '$.a["content-type"]' and child("$", "é") == '$["é"]'


DOCUMENT = {
    "openapi": "3.1.0",
    "paths": {"/runs": {"get": {"responses": {200: {"description": "YAML read the code as a number"}}}}},
    "components": {
        "schemas": {
            "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
            "Run": {
                "allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {"type": "object", "required": ["id"], "additionalProperties": False,
                     "properties": {"id": {"minLength": 1}, "tags": {"type": "array", "items": {"type": "string"}}}},
                ]
            },
            "Pet": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Base"}, {"type": "string"}]},
            "Size": {"const": "s"},
            "Count": {"type": "integer", "minimum": 1, "exclusiveMinimum": 0},
        }
    },
}  # fmt: skip


def test_the_root_document_finds_schemas_by_pointer() -> None:
    doc = RootDocument(DOCUMENT, "spec.yaml")
    run = "/components/schemas/Run"
    assert doc.pointer("spec.yaml#/a") == "/a" and doc.pointer("other.yaml#/a") is None
    assert doc.node("/paths/~1runs/get/responses/200") == {"description": "YAML read the code as a number"}
    assert doc.node(f"{run}/allOf/5") is None
    assert [p for p, _ in doc.within(run)] == [run, f"{run}/allOf/1"]  # inline only: not through $ref
    assert [p for p, _ in doc.composed(run)] == [run, f"{run}/allOf/0", f"{run}/allOf/1", "/components/schemas/Base"]
    assert doc.below(f"spec.yaml#{run}/allOf/1/properties/tags", "items") == f"spec.yaml#{run}/allOf/1/properties/tags/items"
    assert doc.below("spec.yaml#/components/schemas/Size", "items") == "spec.yaml#/components/schemas/Size"
    # union members are counted without the null member the IR reads as nullability
    assert doc.member("spec.yaml#/components/schemas/Pet", 1, 2) == "spec.yaml#/components/schemas/Pet/oneOf/2"
    assert doc.member("other.yaml#/Pet", 1, 2) == "other.yaml#/Pet"


def fixes_of(data: Any = DOCUMENT) -> Fixes:
    return Fixes(RootDocument(data, "spec.yaml"))


def actions_of(outcome: tuple[Fix | None, str | None]) -> list[str]:
    fix, no_fix = outcome
    return [str(a) for a in fix.actions] if fix is not None else [f"none: {no_fix}"]


def test_fixes_widen_the_type_or_wrap_the_schema() -> None:
    at = "spec.yaml#/components/schemas/Count"
    assert actions_of(fixes_of().kind(at, "null")) == [
        'update $.components.schemas.Count with {"type": ["integer", "null"]}'
    ]
    assert actions_of(fixes_of().kind("spec.yaml#/components/schemas/Pet", "array")) == [
        'update $.components.schemas.Pet.oneOf with {"type": "array"}'
    ]
    assert actions_of(fixes_of().kind("spec.yaml#/components/schemas/Size", "integer")) == [
        "remove $.components.schemas.Size.const",
        'update $.components.schemas.Size with {"anyOf": [{"const": "s"}, {"type": "integer"}]}',
    ]
    openapi_30 = {**DOCUMENT, "openapi": "3.0.3"}
    assert actions_of(fixes_of(openapi_30).kind(at, "null")) == ['update $.components.schemas.Count with {"nullable": true}']
    assert actions_of(fixes_of().kind("other.yaml#/Count", "null")) == [
        "none: the schema is in other.yaml; an overlay changes the spec's own document"
    ]
    assert actions_of(fixes_of().kind("spec.yaml#/components/schemas/Gone", "null")) == [
        "none: modelgen adds this schema; the spec has none"
    ]


def test_fixes_of_values_constraints_and_keys() -> None:
    fixes = fixes_of()
    size = "spec.yaml#/components/schemas/Size"
    assert actions_of(fixes.enum(size, ("s",), "m")) == [
        "remove $.components.schemas.Size.const", 'update $.components.schemas.Size with {"enum": ["s", "m"]}'
    ]
    assert actions_of(fixes.keyword("spec.yaml#/components/schemas/Count", "minimum")) == [
        "remove $.components.schemas.Count.minimum", "remove $.components.schemas.Count.exclusiveMinimum"
    ]
    assert actions_of(fixes.keyword(size, "maxLength")) == ["none: no 'maxLength' found in the schema"]
    run = ir.Model("#/components/schemas/Run", (), (), None, None, "spec.yaml#/components/schemas/Run")
    where, fix, _ = fixes.required(run, "id")
    assert where == "spec.yaml#/components/schemas/Run/allOf/1/required"  # the first that lists it
    assert fix is not None and [str(a) for a in fix.actions] == [
        "remove $.components.schemas.Run.allOf[1].required[?@ == 'id']",
        "remove $.components.schemas.Base.required[?@ == 'id']",
    ]
    where, fix, _ = fixes.closed(run)
    assert where == "spec.yaml#/components/schemas/Run/allOf/1/additionalProperties"
    assert fix is not None and fix.rewrites and fix.node == "/components/schemas/Run/allOf/1"


def test_a_new_union_member_is_named_by_its_tag_value() -> None:
    fix, _ = fixes_of().member("spec.yaml#/components/schemas/Pet", "kind", "base")
    assert fix is not None
    added, member = fix.actions
    assert list(added.update) == ["PetBase"]  # Base is taken: prefixed by the union's name
    assert str(member) == 'update $.components.schemas.Pet.oneOf with {"$ref": "#/components/schemas/PetBase"}'
    assert actions_of(fixes_of().member("spec.yaml#/components/schemas/Size", "kind", "x")) == [
        "none: the union's members are not listed as a oneOf or anyOf"
    ]


def test_jsonpath_quotes_what_is_not_a_name() -> None:
    assert quote("it's") == "\"it's\"" and quote("a b") == "'a b'"
    assert key_path("$", "$ref") == "$['$ref']" and key_path("$", "id") == "$.id"


def deviation(fix: Fix | None, path: str = "$.id") -> Deviation:
    return Deviation(path, "spec.yaml#/x", "a string", "null", fix, None if fix else "no way")


def test_one_round_rewrites_each_schema_once_and_appends_freely() -> None:
    widen = Fix("/a", (Action("$.a", {"type": ["string", "null"]}),), True)
    widen_again = Fix("/a", (Action("$.a", {"type": ["string", "integer"]}),), True)
    append = Fix("/b", (Action("$.b.enum", "x"),), False)
    append_more = Fix("/b", (Action("$.b.enum", "y"),), False)
    found = [(Payload("p", {}), [deviation(widen), deviation(widen_again), deviation(append), deviation(append_more), deviation(None)])]
    applied: dict[str, Action] = {}
    chosen = _one_round(found, applied)
    assert [a.target for a in chosen] == ["$.a", "$.b.enum", "$.b.enum"]
    assert chosen[0].description == "p $.id: null; the spec says a string (spec.yaml#/x)"
    again = _one_round(found, applied)  # the second rewrite of /a waits for the first
    assert [(a.target, a.update) for a in again] == [("$.a", {"type": ["string", "integer"]})]
    assert _one_round(found, applied) == []


def test_the_report_in_text_json_and_as_an_overlay() -> None:
    fix = Fix("/a", (Action("$.a", remove=True),), True)
    action = Action("$.a", remove=True, description="p $.id: why")
    report = Report([(Payload("ok", 1), []), (Payload("p", 2), [deviation(fix), deviation(None, "$.n")])], [action], 1)
    report.unfixed = [(Payload("p", 2), deviation(None, "$.n"))]
    text = render_report(report)
    assert text.splitlines()[0] == "ok: conforms" and "    overlay: remove $.a" in text
    assert "    overlay: none (no way)" in text
    assert text.endswith(
        "2 payload(s): 1 conform, 1 deviate (2 deviation(s))\n"
        "an overlay of 1 action(s) accepts all but 1 deviation(s), 1 of them found after applying the first\n"
    )
    data = json.loads(report_json(report))
    assert data["payloads"][1]["deviations"][0]["actions"] == [{"target": "$.a", "remove": True}]
    assert data["overlay_actions"] == 1 and data["unfixed"][0]["name"] == "p"
    written = overlay_text(report, "spec.yaml", "Run", "modelgen check-payloads ...")
    assert written.splitlines()[1] == "# modelgen check-payloads ..."
    assert load_yaml(written)["actions"] == [{"target": "$.a", "description": "p $.id: why", "remove": True}]

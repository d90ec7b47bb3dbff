"""check-payloads (payloads.py): the check agrees with the exact models, each deviation names its
place, schema and fix, and the overlay it writes makes the models accept what deviated."""

from __future__ import annotations

import json
import shlex
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from modelgen.cli import main
from modelgen.app.config import _job
from modelgen.flavours import reserved
from modelgen.naming import base_class_name
from modelgen.commands.payloads import Payload, check_payloads, jsonpath, overlay_text
from modelgen.app.pipeline import generate
from modelgen.app.write import write_all
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
        groups[entry["schema"]].append(Payload(f"{case}[{i}]", entry["payload"]))
    return groups


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
            accepted = ADAPTERS["pydantic"].accepts(module, base_class_name((schema,), reserved()), payload.value)
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
            accepted = ADAPTERS["pydantic"].accepts(module, base_class_name((schema,), reserved()), payload.value)
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
            accepted = ADAPTERS["pydantic"].accepts(module, base_class_name((schema,), reserved()), payload.value)
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

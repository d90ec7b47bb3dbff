"""``nesting``: how deep models nest, and a module whose decoder cannot be built is refused at
generation (pydantic, msgspec) or warned about (TypedDicts), never written to fail at its first
decode with a RecursionError."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from modelgen.app.pipeline import prepare, select
from modelgen.cli import main
from modelgen.nesting import deepest, descent
from modelgen.select import reachable

from tests.support import import_file

SCHEMAS = "#/components/schemas/"


def chain(n: int, via: str = "ref") -> dict[str, Any]:
    """A spec whose S0 holds S1, which holds S2... up to S(n-1): ``n`` models in a row."""
    schemas: dict[str, Any] = {}
    for i in range(n - 1):
        ref = {"$ref": f"{SCHEMAS}S{i + 1}"}
        nxt = {"ref": ref, "list": {"type": "array", "items": ref}, "alias": {"$ref": f"{SCHEMAS}A{i}"}}[via]
        if via == "alias":
            schemas[f"A{i}"] = {"anyOf": [ref, {"type": "null"}]}
        schemas[f"S{i}"] = {"type": "object", "properties": {"next": nxt, "v": {"type": "integer"}}}
    schemas[f"S{n - 1}"] = {"type": "object", "properties": {"a": {"type": "string"}}}
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": schemas}}


def written(tmp_path: Path, spec: dict[str, Any], name: str = "chain.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


@pytest.mark.parametrize("via", ["ref", "list", "alias"])
def test_the_deepest_chain_counts_models_through_lists_unions_and_aliases(tmp_path: Path, via: str) -> None:
    prepared = prepare(written(tmp_path, chain(40, via)))
    edges = reachable(prepared.spec, list(prepared.spec.entries))
    depth, start = deepest(prepared.spec, edges)
    assert (depth, start) == (40, f"chain.json{SCHEMAS}S0")
    found = descent(prepared.spec, f"chain.json{SCHEMAS}S0", 30)
    assert [k.rsplit("/", 1)[1] for k in found] == [f"S{i}" for i in range(31)]
    assert descent(prepared.spec, f"chain.json{SCHEMAS}S0", 40) == [], "40 models: not longer than 40"


def test_a_cycle_is_walked_once(tmp_path: Path) -> None:
    spec = chain(5)
    spec["components"]["schemas"]["S4"]["properties"]["back"] = {"$ref": f"{SCHEMAS}S0"}
    prepared = prepare(written(tmp_path, spec))
    edges = reachable(prepared.spec, list(prepared.spec.entries))
    assert deepest(prepared.spec, edges)[0] == 5
    assert descent(prepared.spec, f"chain.json{SCHEMAS}S2", 5) == [], "each model entered once: S2 S3 S4 S0 S1"
    assert len(descent(prepared.spec, f"chain.json{SCHEMAS}S2", 4)) == 5


def test_a_decoder_enters_the_fields_in_order(tmp_path: Path) -> None:
    """A model reached first by a short way is not entered again by the long one."""
    spec = chain(30)
    spec["components"]["schemas"]["Top"] = {
        "type": "object", "properties": {f"f{i}": {"$ref": f"{SCHEMAS}S{i}"} for i in reversed(range(30))}
    }
    prepared = prepare(written(tmp_path, spec))
    assert descent(prepared.spec, f"chain.json{SCHEMAS}Top", 2) == [], "Top, then S29, S28...: each two deep"
    assert len(descent(prepared.spec, f"chain.json{SCHEMAS}S0", 29)) == 30


@pytest.mark.slow  # (5 s: four runs on 5,000 schemas)
def test_5000_chained_models_are_refused_or_warned_about_never_written_to_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """5,000 chained object schemas raised RecursionError at the first decode, in pydantic, msgspec
    and TypeAdapter; dataclasses decode them."""
    spec = written(tmp_path, chain(5000))
    for flavour, limit in (("pydantic", 57), ("msgspec", 991)):
        output = tmp_path / f"chain_{flavour}.py"
        assert main(["generate", str(spec), "--flavour", flavour, "--output", str(output)]) == 2
        err = capsys.readouterr().err
        assert f"error: {spec}:1:" in err and f"at /components/schemas/S0: models nest more than {limit} deep" in err  # named as given
        assert "(S0 → S1 → S2 → … → S" in err and "up to 5,000" in err and "Traceback" not in err
        assert not output.exists()
    output = tmp_path / "chain_typeddict.py"
    assert main(["generate", str(spec), "--flavour", "typeddict", "--output", str(output)]) == 0
    assert "warning: chain.json at /components/schemas/S0: models nest more than 140 deep" in capsys.readouterr().err
    assert output.exists()
    output = tmp_path / "chain5000_dataclasses.py"
    assert main(["generate", str(spec), "--flavour", "dataclasses", "--output", str(output), "--quiet"]) == 0
    module = import_file(output)
    payload: dict[str, Any] = {"a": "x"}
    for i in reversed(range(40)):
        payload = {"next": payload, "v": i}
    assert module.S0.from_dict(payload).to_dict() == payload


def test_every_usual_spec_passes_the_check(tmp_path: Path) -> None:
    """The estimate alone clears the specs the tests know: their chains are a few models long."""
    from tests.support import CASES, case_spec

    for case in sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_")):
        assert select(prepare(case_spec(case)), ()).deepest[0] < 20, case


def cycle(n: int) -> dict[str, Any]:
    """``chain(n)`` whose last model holds the first again: ``n`` models in a cycle."""
    spec = chain(n)
    spec["components"]["schemas"][f"S{n - 1}"]["properties"]["first"] = {"$ref": f"{SCHEMAS}S0"}
    return spec


@pytest.mark.slow
@pytest.mark.parametrize(("models", "fails"), [(57, False), (58, True)])
def test_pydantics_limit_is_where_its_decoder_fails(tmp_path: Path, models: int, fails: bool) -> None:
    """At the limit a fresh interpreter decodes; one model more fails there, and generation
    refuses it (the limit is pydantic's, measured: if a new pydantic moves it, this says so).
    The models of a cycle: pydantic builds the first of them with all the others inside,
    by recursion (a chain without a cycle is built one model at a time, below)."""
    from modelgen.app.config import _job
    from modelgen.app.pipeline import render_job

    spec = written(tmp_path, cycle(models))
    output = tmp_path / f"deep{models}_pydantic.py"
    args = ["generate", str(spec), "--flavour", "pydantic", "--output", str(output), "--no-cache", "--quiet"]
    assert main(args) == (2 if fails else 0)
    job = _job(str(spec), "pydantic", str(output), [], base=Path("/"), command="c")
    output.write_text(render_job(job, prepare(spec))[0], encoding="utf-8")  # (past the check)
    script = f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import {output.stem} as m; print(m.S0.model_validate({{'v': 1}}).v)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    if fails:
        assert "RecursionError" in result.stderr, result.stderr[-2000:]
    else:
        assert result.stdout.strip() == "1", result.stderr[-2000:]


@pytest.mark.slow
def test_a_chain_without_a_cycle_is_built_from_its_end(tmp_path: Path) -> None:
    """A model's first use builds the models it refers to first, each after the ones it refers
    to, in a loop: a chain far longer than the limit decodes (past the check, which cannot tell
    a chain from a cycle)."""
    from modelgen.app.config import _job
    from modelgen.app.pipeline import render_job

    spec = written(tmp_path, chain(300))
    output = tmp_path / "long_pydantic.py"
    job = _job(str(spec), "pydantic", str(output), [], base=Path("/"), command="c")
    output.write_text(render_job(job, prepare(spec))[0], encoding="utf-8")
    script = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import {output.stem} as m; "
        "print(m.S0.model_validate({'v': 1, 'next': {'v': 2}}).next.v, m.S299.__pydantic_complete__)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.stdout.split() == ["2", "True"], result.stderr[-2000:]

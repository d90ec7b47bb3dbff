"""Generated payloads for the RunObject closure of OpenAI's spec, judged by every flavour.

Valid payloads (the validator's word) are accepted by every flavour and written back; mutated
ones (a required key dropped, a wrong type, an unknown tag, a number out of range) are rejected
by the validator and every flavour (a number out of range only by those that check constraints). The official `openai` SDK's
`Run` is a second oracle: whatever valid payload it accepts, our model accepts with equal values.

The budget is small in `make test` (HYPOTHESIS_PROFILE=ci, the default); `make fuzz` runs more.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from generator.config import _job
from generator.flavours import NAMES as FLAVOURS
from generator.pipeline import generate
from generator.write import write_all
from tests.flavours import ADAPTERS
from tests.openai_check import converted
from tests.openai_spec import spec_path
from tests.schema_strategies import closure, from_schema
from tests.support import import_file

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = closure(converted(False)["components"]["schemas"], "RunObject")
VALIDATOR = jsonschema.Draft202012Validator({**ROOT, "$ref": "#/components/schemas/RunObject"})
RUN_SCHEMA = ROOT["components"]["schemas"]["RunObject"]
REQUIRED = sorted(RUN_SCHEMA["required"])
RUNS = from_schema({"$ref": "#/components/schemas/RunObject"}, ROOT)


@pytest.fixture(scope="module")
def flavours(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModuleType]:
    folder = tmp_path_factory.mktemp("runobject")
    jobs = tuple(
        _job(str(spec_path()), f, str(folder / f"run_{f}.py"), ["RunObject"], base=Path("/"), command="test")
        for f in FLAVOURS
    )
    write_all(generate(jobs).outputs)
    return {job.flavour: import_file(job.output) for job in jobs}


def valid_run(payload: Any) -> Any:
    assume(VALIDATOR.is_valid(payload))
    return payload


@given(payload=RUNS)
def test_valid_runs_are_accepted_and_round_trip(flavours: dict[str, ModuleType], payload: Any) -> None:
    payload = valid_run(payload)
    for flavour, module in flavours.items():
        assert ADAPTERS[flavour].accepts(module, "RunObject", payload), flavour
        assert ADAPTERS[flavour].round_trips(module, "RunObject", payload), flavour


def mutate(payload: dict[str, Any], how: str, key: str, data: st.DataObject) -> dict[str, Any]:
    broken = copy.deepcopy(payload)
    if how == "drop":
        del broken[key]
    elif how == "wrong_type":
        broken[key] = [[{}]]
    elif how == "unknown_tag":
        assume(broken["tools"])
        broken["tools"][data.draw(st.integers(0, len(broken["tools"]) - 1))]["type"] = "teleporter"
    elif how == "out_of_range":
        field = data.draw(st.sampled_from(["max_prompt_tokens", "max_completion_tokens", "tools"]))
        broken[field] = 255 if field != "tools" else [{"type": "code_interpreter"}] * 21
    return broken


@given(payload=RUNS, how=st.sampled_from(["drop", "wrong_type", "unknown_tag", "out_of_range"]), key=st.sampled_from(REQUIRED), data=st.data())
def test_mutated_runs_are_rejected(flavours: dict[str, ModuleType], payload: Any, how: str, key: str, data: st.DataObject) -> None:
    broken = mutate(valid_run(payload), how, key, data)
    assert not VALIDATOR.is_valid(broken)
    for flavour, module in flavours.items():
        if how == "out_of_range" and not ADAPTERS[flavour].checks_constraints:
            continue
        assert not ADAPTERS[flavour].accepts(module, "RunObject", broken), flavour


@given(payload=RUNS)
def test_the_official_sdk_agrees_on_valid_runs(flavours: dict[str, ModuleType], payload: Any) -> None:
    from openai.types.beta.threads import Run

    payload = valid_run(payload)
    try:
        theirs = Run.model_validate(copy.deepcopy(payload))
    except ValidationError:
        return  # stricter than the spec here; the report lists where
    ours = flavours["pydantic"].RunObject.model_validate(copy.deepcopy(payload))
    # values as the payload gave them: where a key is absent the two apply different defaults
    # (ours the spec's `default`, the SDK's None); the report lists those
    their_json = theirs.model_dump(mode="json", by_alias=True, exclude_unset=True)
    our_json = ours.model_dump(mode="json", exclude_unset=True)
    assert their_json.keys() == our_json.keys()
    for name in their_json:
        assert our_json[name] == their_json[name], name

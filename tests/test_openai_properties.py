"""Generated payloads for the RunObject closure of OpenAI's spec, judged by every flavour.

Valid payloads (the validator's word) are accepted by every flavour, exact and tolerant, and
written back; a scalar of a wrong JSON type anywhere is rejected by tolerant reading too; mutated
ones (a required key dropped, a wrong type, an unknown tag, a number out of range) are rejected
by the validator and every flavour (a number out of range only by those that check constraints). The official `openai` SDK's
`Run` is a second oracle: whatever valid payload it accepts, our model accepts with equal values.

The budget is small in `make test` (HYPOTHESIS_PROFILE=ci, the default); `make fuzz` runs more.
"""

from __future__ import annotations

import copy
import os
import types
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from modelgen.app.config import _job
from modelgen.flavours import NAMES as FLAVOURS
from modelgen.app.pipeline import generate
from modelgen.app.write import write_all
from tests.flavours import ADAPTERS
from tests.openai_check import converted
from tests.openai_spec import spec_path
from tests.schema_strategies import closure, from_schema
from tests.support import import_file

# Hypothesis runs on the RunObject closure of the whole OpenAI spec: seconds each.
pytestmark = pytest.mark.slow

# The budget of this module (`make fuzz` sets HYPOTHESIS_PROFILE=fuzz), set on each test: a global
# profile would be shared with, and overwritten by, the other property-based modules.
BUDGET = settings(
    max_examples={"ci": 60, "fuzz": 2000}[os.environ.get("HYPOTHESIS_PROFILE", "ci")],
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

ROOT = closure(converted(False)["components"]["schemas"], "RunObject")
VALIDATOR = jsonschema.Draft202012Validator({**ROOT, "$ref": "#/components/schemas/RunObject"})
RUN_SCHEMA = ROOT["components"]["schemas"]["RunObject"]
REQUIRED = sorted(RUN_SCHEMA["required"])
RUNS = from_schema({"$ref": "#/components/schemas/RunObject"}, ROOT)


def run_modules(folder: Path, reading: str) -> dict[str, ModuleType]:
    jobs = tuple(
        _job(str(spec_path()), f, str(folder / f"run_{reading}_{f}.py"), ["RunObject"], base=Path("/"), command="test", reading=reading)
        for f in FLAVOURS
    )
    write_all(generate(jobs).outputs)
    return {job.flavour: import_file(job.output) for job in jobs}


@pytest.fixture(scope="module")
def flavours(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModuleType]:
    return run_modules(tmp_path_factory.mktemp("runobject"), "exact")


@pytest.fixture(scope="module")
def tolerant(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModuleType]:
    return run_modules(tmp_path_factory.mktemp("runobject_tolerant"), "tolerant")


def valid_run(payload: Any) -> Any:
    assume(VALIDATOR.is_valid(payload))
    return payload


@BUDGET
@given(payload=RUNS)
def test_valid_runs_are_accepted_and_round_trip(flavours: dict[str, ModuleType], tolerant: dict[str, ModuleType], payload: Any) -> None:
    payload = valid_run(payload)
    for (flavour, module), reading in [(f, "exact") for f in flavours.items()] + [(f, "tolerant") for f in tolerant.items()]:
        assert ADAPTERS[flavour].accepts(module, "RunObject", payload), (flavour, reading)
        assert ADAPTERS[flavour].round_trips(module, "RunObject", payload), (flavour, reading)


def leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The paths of the scalars (null included) in a JSON value."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in leaves(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in leaves(v, (*path, i))]
    return [path]


OTHER_KIND: dict[type, Any] = {str: 12345, int: "12345", float: "1.5", bool: "true", type(None): [[{}]]}


@BUDGET
@given(payload=RUNS, data=st.data())
def test_tolerant_reading_still_rejects_a_wrong_json_type(tolerant: dict[str, ModuleType], payload: Any, data: st.DataObject) -> None:
    """Anywhere in a run, a scalar of another JSON type than the spec allows is an error in
    every tolerant flavour (where msgspec reads a union as plain JSON, it cannot tell)."""
    from tests.openai_check import widened_for_msgspec

    broken = copy.deepcopy(valid_run(payload))
    path = data.draw(st.sampled_from(leaves(broken)))
    assume(path)
    parent = broken
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = OTHER_KIND[type(parent[path[-1]])]
    assume(not VALIDATOR.is_valid(broken))
    for flavour, module in tolerant.items():
        if flavour == "msgspec" and widened_for_msgspec(module, "RunObject", broken):
            continue
        if flavour == "typeddict" and through_open_member(module.RunObject, path):
            continue  # a TypedDict union cannot say "any tag but the listed ones": the open member matches
        assert not ADAPTERS[flavour].accepts(module, "RunObject", broken), (flavour, path)


def through_open_member(annotation: Any, path: tuple[Any, ...]) -> bool:
    """Whether ``path`` passes a union that has tolerant reading's open member (``...Unknown``)."""
    import typing

    from modelgen.reading import UNKNOWN_DESCRIPTION

    for step in (*path, None):
        while True:
            origin, args = typing.get_origin(annotation), typing.get_args(annotation)
            if origin in (typing.Union, types.UnionType):
                if any(getattr(a, "__doc__", None) == UNKNOWN_DESCRIPTION for a in args):
                    return True
                members = [a for a in args if a is not type(None)]
                annotation = next((m for m in members if _fits(m, step)), members[0])
            elif origin is not None and args and origin not in (list, dict):
                annotation = args[0]  # Required[...], NotRequired[...], Annotated[...]
            elif isinstance(annotation, typing.TypeAliasType if hasattr(typing, "TypeAliasType") else ()):
                annotation = annotation.__value__
            else:
                break
        if step is None:
            return False
        if typing.get_origin(annotation) is list:
            annotation = typing.get_args(annotation)[0]
        elif typing.get_origin(annotation) is dict:
            annotation = typing.get_args(annotation)[1]
        elif isinstance(annotation, type):
            annotation = typing.get_type_hints(annotation, include_extras=True).get(step, Any)
        else:
            return False
    return False


def _fits(annotation: Any, step: Any) -> bool:
    import typing

    if isinstance(step, int):
        return typing.get_origin(annotation) is list
    return isinstance(annotation, type) or typing.get_origin(annotation) is dict


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


@BUDGET
@given(payload=RUNS, how=st.sampled_from(["drop", "wrong_type", "unknown_tag", "out_of_range"]), key=st.sampled_from(REQUIRED), data=st.data())
def test_mutated_runs_are_rejected(
    flavours: dict[str, ModuleType], tolerant: dict[str, ModuleType], payload: Any, how: str, key: str, data: st.DataObject
) -> None:
    broken = mutate(valid_run(payload), how, key, data)
    assert not VALIDATOR.is_valid(broken)
    for flavour, module in flavours.items():
        if how == "out_of_range" and not ADAPTERS[flavour].checks_constraints:
            continue
        assert not ADAPTERS[flavour].accepts(module, "RunObject", broken), flavour
    if how == "wrong_type":  # tolerant reading widens values, never JSON types
        for flavour, module in tolerant.items():
            assert not ADAPTERS[flavour].accepts(module, "RunObject", broken), (flavour, "tolerant")


@BUDGET
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

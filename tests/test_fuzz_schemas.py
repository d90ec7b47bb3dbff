"""Random schemas with hostile text in every place a spec can put text.

For each generated spec, every flavour must render, pass black unchanged, import without
running anything of the spec's, and accept (and round-trip) a payload valid under the schema.
`make test` runs a small budget; `make fuzz` (HYPOTHESIS_PROFILE=fuzz) a large one. Failures the
fuzzer finds become unit tests in the test module of the generator module at fault.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path
from typing import Any

import black
import jsonschema
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from modelgen import ir
from modelgen.app.config import _job
from modelgen.flavours import NAMES as FLAVOURS
from modelgen.app.pipeline import generate
from tests import oracle
from tests.flavours import ADAPTERS
from tests.schema_strategies import FORMATTED, from_schema

# Each example renders every flavour and runs black on it: seconds for the budget of `make test`.
pytestmark = [pytest.mark.slow, pytest.mark.external]

# The budget of this module (`make fuzz` sets HYPOTHESIS_PROFILE=fuzz), set on its test: a global
# profile would be shared with, and overwritten by, the other property-based modules.
BUDGET = settings(
    max_examples={"ci": 15, "fuzz": 400}[os.environ.get("HYPOTHESIS_PROFILE", "ci")],
    deadline=None,
    suppress_health_check=list(HealthCheck),
)

HOSTILE = [
    '"""', "'''", '"', "'", "\\", "\\N{BULLET}", "\x00", "\u2028", "\n", "\r", "\t", "# x", "é", "漢",
    "__import__('os').system('false')", "class", "match", "type", "_", "__init__", "None", "Any", "BaseModel",
    "Field", "dataclass", "TypedDict", "str", "list", "x",
]
text = st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=4).map("".join)
names = st.one_of(st.sampled_from(HOSTILE), text, st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True))
scalars = st.sampled_from([{"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "boolean"}])
# Strings whose pattern, default and example are hostile text too. The pattern stays a regular
# expression that any payload matches (JSON Schema patterns search), so payloads stay valid.
strings = st.fixed_dictionaries(
    {"type": st.just("string")},
    optional={"pattern": text.map(lambda t: f"(?:{re.escape(t)})*"), "default": text, "example": text},
)
annotations = st.fixed_dictionaries({"description": text}, optional={"title": text, "example": text})


def schemas(refs: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    leaf = st.one_of(
        scalars,
        strings,
        st.sampled_from(sorted(FORMATTED)).map(lambda fmt: {"type": "string", "format": fmt}),
        st.lists(text, min_size=1, max_size=4, unique=True).map(lambda values: {"type": "string", "enum": values}),
        *([st.sampled_from(refs).map(lambda r: {"$ref": f"#/components/schemas/{r}"})] if refs else []),
    )

    def extend(inner: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
        return st.one_of(
            inner.map(lambda s: {"type": "array", "items": s}),
            inner.map(lambda s: {"type": "object", "additionalProperties": s}),
            inner.map(lambda s: {**s, "nullable": True} if "$ref" not in s else {"allOf": [s, {"nullable": True}]}),
            st.lists(inner, min_size=2, max_size=3).map(lambda ms: {"anyOf": ms}),
            st.dictionaries(names, inner, min_size=1, max_size=4).flatmap(
                lambda props: st.lists(st.sampled_from(sorted(props)), unique=True).map(
                    lambda required: {"type": "object", "properties": props, **({"required": required} if required else {})}
                )
            ),
        )

    described = st.recursive(leaf, extend, max_leaves=6)
    return st.tuples(described, annotations).map(lambda pair: {**pair[0], **pair[1]} if "$ref" not in pair[0] else pair[0])


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    component_names = draw(st.lists(names, min_size=1, max_size=3, unique=True))
    components: dict[str, Any] = {}
    for i, name in enumerate(component_names):
        components[name] = draw(schemas(component_names[:i]))
    return {"openapi": "3.1.0", "info": {"title": draw(text), "version": "1"}, "paths": {}, "components": {"schemas": components}}


def load(path: Path, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # pydantic resolves annotations through the module
    spec.loader.exec_module(module)
    return module


@BUDGET
@given(spec=specs(), data=st.data())
def test_random_hostile_specs(tmp_path_factory: Any, spec: dict[str, Any], data: st.DataObject) -> None:
    import json

    folder = tmp_path_factory.mktemp("fuzz")
    spec_file = folder / "spec.json"
    spec_file.write_text(json.dumps(spec), encoding="utf-8")
    jobs = tuple(_job(str(spec_file), f, str(folder / f"fuzz_{f}.py"), [], base=Path("/"), command="c") for f in FLAVOURS)
    outputs = generate(jobs).outputs
    converted = oracle.convert_document(spec)
    root_name = next(iter(spec["components"]["schemas"]))
    validator = jsonschema.Draft202012Validator({**converted, "$ref": "#/components/schemas/" + root_name.replace("~", "~0").replace("/", "~1")})
    payload = data.draw(from_schema({"$ref": "#/components/schemas/" + root_name.replace("~", "~0").replace("/", "~1")}, converted))
    assume(validator.is_valid(payload))
    modules = {}
    for job in jobs:
        text_ = outputs[job.output]
        assert black.format_str(text_, mode=black.Mode()) == text_
        job.output.write_text(text_, encoding="utf-8")
        modules[job.flavour] = load(job.output, f"fuzz_{job.flavour}_{abs(hash(text_))}")
    from modelgen.app.pipeline import prepare

    prepared = prepare(spec_file)
    key = prepared.spec.components[root_name]
    cls = prepared.names.cls(key)
    # a nullable object schema is a class, and null is allowed where it is used (`X | None`)
    assume(not (payload is None and isinstance(prepared.spec.definitions[key], ir.Model)))
    for flavour, module in modules.items():
        assert ADAPTERS[flavour].accepts(module, cls, payload), flavour
        assert ADAPTERS[flavour].round_trips(module, cls, payload), flavour

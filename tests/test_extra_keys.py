"""Keys an object does not name, typed beside its properties (``additionalProperties: {schema}``
next to ``properties``), in every flavour (issue 19): Pydantic and the dataclasses check and keep
them; the TypedDicts declare them (``extra_items``, PEP 728), which ``TypeAdapter`` checks and
keeps; msgspec can do neither (a Struct drops what it does not declare), and says so at
generation time and in the class's docstring."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import msgspec
import pytest

from modelgen.app.config import _job
from modelgen.app.pipeline import generate
from tests.flavours import ADAPTERS
from tests.support import import_file

SPEC = """openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Flags:
      type: object
      properties: {size: {type: integer}}
      additionalProperties: {type: boolean}
    Dashed:
      type: object
      properties: {a-b: {type: integer}}
      additionalProperties: {$ref: '#/components/schemas/Leaf'}
    Leaf:
      type: object
      required: [name]
      properties: {name: {type: string}}
    Early:
      type: object
      properties: {x: {type: integer}}
      additionalProperties: {$ref: '#/components/schemas/Later'}
    Later:
      type: object
      properties: {next: {$ref: '#/components/schemas/Early'}}
    Tree:
      type: object
      properties: {x: {type: integer}}
      additionalProperties: {$ref: '#/components/schemas/Tree'}
"""


def build(folder: Path, flavour: str) -> tuple[ModuleType, str, list[str]]:
    return build_from(folder, flavour, SPEC)


def build_from(folder: Path, flavour: str, text: str) -> tuple[ModuleType, str, list[str]]:
    """The module of the spec ``text`` in ``flavour``, its text and the warnings of the run."""
    folder.mkdir(exist_ok=True)
    spec = folder / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    job = _job(str(spec), flavour, str(folder / f"extra_{flavour}.py"), [], base=Path("/"), command="c")
    said: list[str] = []
    text = generate((job,), progress=said.append).outputs[job.output]
    job.output.write_text(text, encoding="utf-8")
    return import_file(job.output), text, [s for s in said if s.startswith("warning:")]


@pytest.fixture(scope="module", params=list(ADAPTERS))
def flavour(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, ModuleType, str, list[str]]:
    name: str = request.param
    return (name, *build(tmp_path_factory.mktemp(name), name))


@pytest.mark.parametrize(
    ("name", "payload", "valid"),
    [
        ("Flags", {"size": 1, "dark": True}, True),
        ("Flags", {"size": 1, "dark": 1}, False),
        ("Dashed", {"a-b": 1, "leaf": {"name": "n"}}, True),
        ("Dashed", {"a-b": 1, "leaf": {}}, False),
    ],
)
def test_keys_beside_the_properties_are_checked_and_kept(
    flavour: tuple[str, ModuleType, str, list[str]], name: str, payload: dict[str, object], valid: bool
) -> None:
    flavour_name, module, _, _ = flavour
    adapter = ADAPTERS[flavour_name]
    if flavour_name == "msgspec":  # dropped unchecked: said (below)
        assert adapter.accepts(module, name, payload)
        assert msgspec.to_builtins(adapter.decode(module, name, payload)).keys() == payload.keys() - {"dark", "leaf"}
        return
    assert adapter.accepts(module, name, payload) == valid
    if valid:
        written = adapter.encode(module, adapter.decode(module, name, payload))
        if flavour_name == "typeddict":
            written = dict(written)
        assert written == payload


def test_typeddicts_declare_them_as_extra_items(flavour: tuple[str, ModuleType, str, list[str]]) -> None:
    flavour_name, _, text, warnings = flavour
    if flavour_name != "typeddict":
        pytest.skip("TypedDicts only")
    # mypy does not know PEP 728 yet; pyright and pydantic do
    assert "class Flags(TypedDict, extra_items=bool):  # type: ignore[call-arg]" in text
    assert 'Dashed = TypedDict(  # type: ignore[misc]\n    "Dashed",\n    {"a-b": NotRequired[int]},\n    extra_items=Leaf,\n)' in text
    # a class keyword is evaluated at once: a model waits for the type of its other keys...
    assert text.index("class Later(") < text.index("class Early(TypedDict, extra_items=Later):")
    # ...but not for itself, and pydantic does not resolve a name in quotes there
    assert '"""Other keys: `Tree`, declared further down, so not checked."""' in text
    assert [w.split(": the keys")[0] for w in warnings] == ["warning: spec.yaml at /components/schemas/Tree/additionalProperties"]
    assert "are not checked: their type is declared after this TypedDict (a cycle)" in warnings[0]


def test_msgspec_says_it_drops_them(flavour: tuple[str, ModuleType, str, list[str]]) -> None:
    flavour_name, _, text, warnings = flavour
    if flavour_name != "msgspec":
        assert [w for w in warnings if "/Tree/" not in w or flavour_name != "typeddict"] == []
        return
    assert "Other keys must be `bool`: msgspec neither checks nor keeps them" in text
    assert [w.split(": msgspec")[0] for w in warnings] == [
        f"warning: spec.yaml at /components/schemas/{name}/additionalProperties" for name in ("Dashed", "Early", "Flags", "Tree")
    ]
    assert all("msgspec neither checks nor keeps the keys beside the properties" in w for w in warnings)


PATTERNS = """openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Extensible:
      type: object
      properties: {name: {type: string}}
      patternProperties: {'^x-': {type: string}, 'v[0-9]': {type: integer}}
      additionalProperties: false
    Odd:
      type: object
      properties: {name: {type: string}}
      patternProperties: {'(?<![a-z]+)k': {}}
      additionalProperties: false
"""


CHECKING = ("pydantic", "dataclasses")


def test_keys_beside_the_properties_must_match_a_pattern_where_additional_properties_is_false(tmp_path: Path) -> None:
    """(issue 19) ``additionalProperties: false`` beside ``patternProperties`` allows only the keys
    of the patterns (searched, as JSON Schema does): the IR says which (``Model.extra_keys``),
    Pydantic checks it on ``__pydantic_extra__``'s keys, the dataclasses codec on the keys it
    keeps (``other_keys=``), and the other flavours say, at generation time, that they do not; a
    pattern Python cannot compile leaves the keys unchecked, as the warning about the patterns
    says."""
    from modelgen import ir
    from modelgen.app.codec import decode, encode
    from modelgen.app.pipeline import prepare

    spec = tmp_path / "spec.yaml"
    spec.write_text(PATTERNS, encoding="utf-8")
    prepared = prepare(spec)
    models = {prepared.names.cls(d.key): d for d in prepared.spec.definitions.values() if isinstance(d, ir.Model)}
    assert models["Extensible"].extra_keys == "(?:^x-)|(?:v[0-9])"
    assert models["Odd"].extra_keys is None  # (a lookbehind of variable width)
    assert decode(encode(prepared)).spec == prepared.spec  # the parse cache keeps it
    warnings = {}
    for name in ADAPTERS:
        module, _, said = build_from(tmp_path / name, name, PATTERNS)
        warnings[name] = [w for w in said if "/Extensible/additionalProperties" in w and "match patternProperties" in w]
        adapter = ADAPTERS[name]
        assert adapter.accepts(module, "Extensible", {"name": "n", "x-a": "s", "av1": 2}), name
        assert adapter.accepts(module, "Extensible", {"name": "n", "other": "s"}) == (name not in CHECKING), name
    assert warnings["pydantic"] == warnings["dataclasses"] == []
    for name in ("msgspec", "typeddict"):
        assert [w.split("additionalProperties: ", 1)[1] for w in warnings[name]] == [
            f"{name} does not check that other keys match patternProperties: additionalProperties: false is not enforced"
        ]


def test_the_dataclasses_refuse_a_key_of_no_pattern_with_its_place_and_keep_the_others(tmp_path: Path) -> None:
    """(issue 19) The dataclasses codec is told the pattern by a class keyword; a key that neither
    a property names nor the pattern finds is refused, where it stands; the keys it finds are kept
    in their order, of the patterns' type, and written back."""
    spec = PATTERNS + """    Holder:
      type: object
      properties: {inner: {$ref: '#/components/schemas/Extensible'}}
    Spaced:
      type: object
      patternProperties: {'^(a, b)$': {type: string}}
      properties: {name: {type: string}}
      additionalProperties: false
"""
    module, text, _ = build_from(tmp_path, "dataclasses", spec)
    assert 'class Extensible(_Model, other_keys="(?:^x-)|(?:v[0-9])"):' in text
    assert 'class Spaced(_Model, other_keys="(?:^(a,\\x20b)$)"):' in text  # one keyword to the layout
    payload = {"name": "n", "v2": 1, "x-b": "s", "x-a": "t"}
    decoded = module.Extensible.from_dict(payload)
    assert list(decoded.additional_properties) == ["v2", "x-b", "x-a"]
    assert decoded.to_dict() == payload
    with pytest.raises(ValueError) as refused:
        module.Holder.from_dict({"inner": {"name": "n", "x-a": "s", "other": 1, "zz": 2}})
    assert str(refused.value) == (
        "Holder.inner: unknown key 'other' (the object allows only other keys that match '(?:^x-)|(?:v[0-9])')"
    )
    with pytest.raises(ValueError, match=r"^Holder\.inner\.v1: no member of the union matches True$"):
        module.Holder.from_dict({"inner": {"v1": True}})
    assert module.Spaced.from_dict({"a, b": "s"}).additional_properties == {"a, b": "s"}
    with pytest.raises(ValueError, match="unknown key 'a,b'"):
        module.Spaced.from_dict({"a,b": "s"})

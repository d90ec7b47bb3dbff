"""Inputs other than OpenAPI 3 (issue 21): JSON Schema documents and Swagger 2.0, read by the front
stage in ``generator/inputs``; dotted schema names. The golden cases ``schemafile``, ``draft4``
and ``swagger`` check the models; these check the edges: errors at the file's own places, the
names, and real schemas shipped in packages."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from modelgen import ir
from modelgen.cli import main
from modelgen.dotted import shortened
from modelgen.flavours import NAMES as FLAVOURS
from modelgen.naming import pascal
from tests.support import REPO, import_file

CASES = REPO / "tests" / "cases"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().err


def generate(spec: Path, out: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    return run(["generate", str(spec), "--flavour", "pydantic", "--output", str(out), "--no-cache", *extra], capsys)


# -- which kind of input --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: settings\nvalues: [1]\n", "nor 'swagger', and no JSON Schema keyword"),
        ("swagger: '1.2'\n", "Swagger 1.2 is not supported, only 2.0"),
        ("openapi: 2.5.0\n", "OpenAPI 2.5.0 is not supported"),
        ("- a\n- list\n", "expected an OpenAPI document (a mapping), found list"),
    ],
)
def test_a_file_of_no_kind_is_refused_clearly(text: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    code, err = generate(spec, tmp_path / "m.py", capsys)
    assert code == 2 and expected in err and "Traceback" not in err


def test_a_json_schema_is_named_by_its_title_else_by_its_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "shipping-label.schema.json"
    spec.write_text('{"type": "object", "properties": {"to": {"type": "string"}}}', encoding="utf-8")
    assert generate(spec, tmp_path / "a.py", capsys)[0] == 0
    assert "class ShippingLabel(_Base):" in (tmp_path / "a.py").read_text(encoding="utf-8")
    spec.write_text('{"title": "Label", "type": "object", "properties": {"to": {"type": "string"}}}', encoding="utf-8")
    assert generate(spec, tmp_path / "b.py", capsys)[0] == 0
    assert "class Label(_Base):" in (tmp_path / "b.py").read_text(encoding="utf-8")
    # a title that is a sentence, not a name: the file names it
    spec.write_text('{"title": "JSON schema for shipping labels (v2)", "type": "object", "properties": {"to": {"type": "string"}}}', encoding="utf-8")
    assert generate(spec, tmp_path / "c.py", capsys)[0] == 0
    assert "class ShippingLabel(_Base):" in (tmp_path / "c.py").read_text(encoding="utf-8")


def test_root_names_a_definition_of_a_json_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "m.py"
    code, _ = generate(CASES / "schemafile" / "spec.json", out, capsys, "--root", "Line")
    text = out.read_text(encoding="utf-8")
    assert code == 0 and "class Line(_Base):" in text and "class Order" not in text
    code, err = generate(CASES / "schemafile" / "spec.json", out, capsys, "--root", "Lines")
    assert code == 2 and "no component schema named 'Lines'" in err and "did you mean Line" in err


def test_a_json_schema_in_the_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "reading.json").write_text((CASES / "draft4" / "spec.json").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.modelgen]\nspec = "reading.json"\n[[tool.modelgen.jobs]]\nflavour = "msgspec"\noutput = "models.py"\n', encoding="utf-8"
    )
    code, _ = run(["generate", "--config", str(tmp_path / "pyproject.toml"), "--no-cache"], capsys)
    assert code == 0
    module = import_file(tmp_path / "models.py")
    import msgspec

    reading = msgspec.convert({"sensor": {"serial": "s"}, "value": 1.5}, module.Reading)
    assert reading.sensor.serial == "s"


# -- errors at the file's own places --------------------------------------------------------


SWAGGER_BODY = """\
swagger: "2.0"
info: {title: t, version: "1"}
paths:
  /orders:
    post:
      operationId: createOrder
      parameters:
        - {name: limit, in: query, type: integer}
        - name: order
          in: body
          schema:
            type: object
            properties:
              total: {type: decimal}
      responses:
        "200": {description: ok, schema: {$ref: "#/definitions/Receit"}}
definitions:
  Receipt: {type: object, properties: {id: {type: string}}}
"""


def test_errors_in_a_swagger_operation_point_into_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(SWAGGER_BODY.replace("Receit", "Receipt"), encoding="utf-8")
    code, err = generate(spec, tmp_path / "m.py", capsys, "--operation", "createOrder")
    assert code == 2
    # the body is read as a requestBody, but the error names the body parameter where it is written
    assert "api.yaml:14:29 at /paths/~1orders/post/parameters/1/schema/properties/total/type" in err
    spec.write_text(SWAGGER_BODY.replace("decimal", "number"), encoding="utf-8")
    code, err = generate(spec, tmp_path / "m.py", capsys, "--operation", "createOrder")
    assert code == 2
    assert "at /paths/~1orders/post/responses/200/schema/$ref: $ref '#/definitions/Receit' does not resolve" in err
    assert "no 'Receit' under /definitions" in err and "did you mean 'Receipt'" in err


PETS_FILE = """\
swagger: "2.0"
info: {title: pets, version: "1"}
paths: {}
definitions:
  Pet:
    type: object
    required: [name, nickname]
    properties:
      name: {type: string}
      nickname: {type: string, x-nullable: true}
      photo: {type: file}
      owner: {$ref: "#/definitions/Owner"}
      vet: {$ref: "people.yaml#/Vet"}
  Owner: {type: object, discriminator: kind, required: [kind], properties: {kind: {type: string}}}
"""


def test_a_swagger_file_that_a_swagger_document_refers_to_is_read_as_swagger(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(
        'swagger: "2.0"\ninfo: {title: t, version: "1"}\npaths: {}\ndefinitions:\n'
        '  Visit: {type: object, required: [pet], properties: {pet: {$ref: "pets.yaml#/definitions/Pet"}}}\n',
        encoding="utf-8",
    )
    (tmp_path / "pets.yaml").write_text(PETS_FILE, encoding="utf-8")
    # a file of schemas alone (no 'swagger' key), reached from the other file
    (tmp_path / "people.yaml").write_text("Vet: {type: object, properties: {phone: {type: string, x-nullable: true}}}\n", encoding="utf-8")
    out = tmp_path / "m.py"
    assert generate(spec, out, capsys)[0] == 0
    text = out.read_text(encoding="utf-8")
    assert "    nickname: str | None\n" in text  # x-nullable: required, and may be null
    assert "    photo: Annotated[str | None, _NOT_NULL] = None\n" in text and "Format: `binary`" in text  # type: file
    assert "    owner: Annotated[Owner | None, _NOT_NULL] = None\n" in text  # optional, not nullable
    assert "    vet: Annotated[Vet | None, _NOT_NULL] = None\n" in text
    assert "    phone: str | None = None\n" in text and "class Vet(_Base):" in text
    # an error in that file names its own place
    (tmp_path / "pets.yaml").write_text(PETS_FILE.replace("{type: file}", "{type: file}\n      weight: {type: numbr}"), encoding="utf-8")
    code, err = generate(spec, out, capsys)
    assert code == 2 and 'pets.yaml:12:22 at /definitions/Pet/properties/weight/type: unknown type "numbr"' in err


FORM_ARRAYS = """\
swagger: "2.0"
info: {title: t, version: "1"}
paths:
  /tags:
    post:
      operationId: tagPhotos
      consumes: [application/x-www-form-urlencoded]
      parameters:
        - {name: ids, in: formData, type: array, items: {type: integer}, collectionFormat: multi}
        - {name: tags, in: formData, type: array, items: {type: string}, collectionFormat: pipes}
        - {name: notes, in: formData, type: array, items: {type: string}, collectionFormat: tsv}
        - {name: fields, in: query, type: array, items: {type: string}, collectionFormat: tsv}
      responses: {"204": {description: done}}
"""


def test_a_form_arrays_collection_format_is_its_encoding_or_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from modelgen.app.pipeline import read_spec

    monkeypatch.chdir(tmp_path)  # the spec named as the docs page shows it
    spec = Path("api.yaml")
    spec.write_text(FORM_ARRAYS, encoding="utf-8")
    document, warnings = read_spec(spec)
    form = document.data["paths"]["/tags"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
    assert form["encoding"] == {
        "ids": {"style": "form", "explode": True},
        "tags": {"style": "pipeDelimited", "explode": False},
        "notes": {"x-collectionFormat": "tsv"},
    }
    # tab-separated values have no style in OpenAPI 3: said, at the parameter, never dropped silently
    assert [(w.error, w.location.pointer if w.location else None) for w in warnings] == [
        (False, "/paths/~1tags/post/parameters/3/collectionFormat"),
        (False, "/paths/~1tags/post/parameters/2/collectionFormat"),
    ]
    code, err = generate(spec, tmp_path / "m.py", capsys, "--operation", "*")
    assert code == 0
    assert "warning: api.yaml at /paths/~1tags/post/parameters/2/collectionFormat: collectionFormat 'tsv' has no OpenAPI 3 style" in err
    assert shown_on_the_docs_page("warning: api.yaml at /paths/~1tags/") in err
    assert "notes: Annotated[list[str] | None, _NOT_NULL] = None" in (tmp_path / "m.py").read_text(encoding="utf-8")


def test_a_swagger_body_and_form_are_request_bodies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "m.py"
    code, _ = generate(CASES / "swagger" / "spec.yaml", out, capsys, "--operation", "*")
    text = out.read_text(encoding="utf-8")
    assert code == 0
    assert "class CreatePetRequest(_Base):" in text and '"""The pet to add."""' in text
    assert "class UploadPhotoRequest(_Base):" in text and "photo: bytes" in text  # a file in a multipart form
    assert "class ListPetsParameters(_Base):" in text and "kinds: Annotated[list[str] | None, _NOT_NULL] = None" in text
    assert 'X_Trace: Annotated[str | None, _NOT_NULL] = Field(\n        default=None,\n        validation_alias="X-Trace",' in text  # of #/parameters
    assert "GetPhotoResponse" not in text  # a file response: no model


# -- dotted names ---------------------------------------------------------------------------


def test_dotted_names_keep_as_few_last_segments_as_tell_them_apart() -> None:
    names = [
        "io.k8s.api.core.v1.Pod", "io.k8s.api.core.v1.Status", "io.k8s.apimachinery.pkg.apis.meta.v1.Status",
        "io.k8s.api.apps.v1.Deployment", "io.k8s.api.extensions.v1beta1.Deployment", "Event", "io.k8s.api.core.v1.Event",
    ]  # fmt: skip
    short = shortened(names, pascal)
    assert short == {
        "io.k8s.api.core.v1.Pod": "Pod",
        "io.k8s.api.core.v1.Status": "core.v1.Status",
        "io.k8s.apimachinery.pkg.apis.meta.v1.Status": "meta.v1.Status",
        "io.k8s.api.apps.v1.Deployment": "v1.Deployment",
        "io.k8s.api.extensions.v1beta1.Deployment": "v1beta1.Deployment",
        "io.k8s.api.core.v1.Event": "v1.Event",  # a plain name Event is taken
    }
    assert shortened(list(reversed(names)), pascal) == short  # the order does not matter
    assert shortened(["v1.2", "file.json", "1.a"], pascal) == {"file.json": "json"}  # a segment starting with a digit: not dotted


def test_dotted_names_that_no_tail_tells_apart_are_not_numbered() -> None:
    short = shortened(["a.b.Pod", "a.B.Pod", "c_d.Pod"], pascal)  # the first two are spelled alike in full
    assert short == {"a.b.Pod": "a.b.Pod", "a.B.Pod": "a.B.Pod", "c_d.Pod": "c_d.Pod"}


# -- real documents shipped in packages -------------------------------------------------------


def vendored() -> list[Path]:
    """SchemaStore's and other projects' JSON Schemas as check-jsonschema ships them (pinned)."""
    spec = importlib.util.find_spec("check_jsonschema")
    assert spec is not None and spec.origin is not None
    return sorted((Path(spec.origin).parent / "builtin_schemas" / "vendor").glob("*.json"))


# drone-ci.json refers to a file check-jsonschema does not ship: a clear error, not models
MISSING_FILE = "drone-ci.json"
# models nested deeper than pydantic's validator can be built for (an error for that flavour)
TOO_DEEP_FOR_PYDANTIC = {"renovate.json"}


@pytest.mark.slow
@pytest.mark.parametrize("flavour", FLAVOURS)
def test_real_json_schemas_generate_and_import_in_every_flavour(flavour: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schemas = vendored()
    assert len(schemas) >= 20
    for schema in schemas:
        out = tmp_path / f"{schema.stem.replace('-', '_')}_{flavour}.py"
        code = main(["generate", str(schema), "--flavour", flavour, "--output", str(out), "--no-cache", "--quiet"])
        err = capsys.readouterr().err
        if schema.name == MISSING_FILE:
            assert code == 2 and "$ref to a missing file 'kubernetes-definitions.json'" in err
            continue
        if flavour == "pydantic" and schema.name in TOO_DEEP_FOR_PYDANTIC:
            assert code == 2 and "models nest more than" in err
            continue
        assert code == 0, (schema.name, err)
        import_file(out)


TYPE_CHECKED = ("github-workflows.json", "dependabot.json", "readthedocs.json", "citation-file-format.json")


@pytest.mark.slow
@pytest.mark.external
def test_real_json_schemas_type_check_in_every_flavour(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = []
    by_name = {p.name: p for p in vendored()}
    for name in TYPE_CHECKED:
        for flavour in FLAVOURS:
            out = tmp_path / f"{name.removesuffix('.json').replace('-', '_')}_{flavour}.py"
            assert main(["generate", str(by_name[name]), "--flavour", flavour, "--output", str(out), "--no-cache", "--quiet"]) == 0
            paths.append(out)
    capsys.readouterr()
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--no-incremental", *map(str, paths)],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]


# -- a folder of JSON Schemas -----------------------------------------------------------------


PERSON = """{"$id": "https://example.com/person.json", "title": "Person", "type": "object", "required": ["name"],
 "properties": {"name": {"type": "string"}, "home": {"$ref": "address.json"},
                "work": {"$ref": "https://example.com/address.json#/$defs/Street"}}}"""
ADDRESS = """{"$id": "https://example.com/address.json", "title": "Postal address", "type": "object",
 "properties": {"street": {"$ref": "#/$defs/Street"}, "city": {"type": "strin"}},
 "$defs": {"Street": {"type": "object", "properties": {"name": {"type": "string"}}}}}"""


def test_a_folder_of_json_schemas_is_one_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "schemas"
    folder.mkdir()
    (folder / "person.json").write_text(PERSON, encoding="utf-8")
    (folder / "address.json").write_text(ADDRESS.replace('"strin"', '"string"'), encoding="utf-8")
    out = tmp_path / "models.py"
    assert generate(folder, out, capsys)[0] == 0
    text = out.read_text(encoding="utf-8")
    # each file by its title, its $defs too; a reference by path and one by $id reach the same models
    assert "class Person(_Base):" in text and "class PostalAddress(_Base):" in text and "class Street(_Base):" in text
    assert "home: Annotated[PostalAddress | None, _NOT_NULL] = None" in text
    assert "work: Annotated[Street | None, _NOT_NULL] = None" in text
    assert "Inline" not in text and "sources=address.json,person.json" in text
    # --root names a file, or a definition
    assert generate(folder, tmp_path / "a.py", capsys, "--root", "address.json")[0] == 0
    assert "class Person" not in (tmp_path / "a.py").read_text(encoding="utf-8")
    # an error is reported in the file that has it
    (folder / "address.json").write_text(ADDRESS, encoding="utf-8")
    code, err = generate(folder, out, capsys)
    assert code == 2 and "address.json:2:72 at /properties/city/type: unknown type \"strin\"" in err
    assert out.read_text(encoding="utf-8") == text


def test_a_folder_is_stale_when_a_file_is_added(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "schemas"
    folder.mkdir()
    (folder / "address.json").write_text(ADDRESS.replace('"strin"', '"string"'), encoding="utf-8")
    out = tmp_path / "models.py"
    assert generate(folder, out, capsys)[0] == 0
    assert run(["generate", str(folder), "--flavour", "pydantic", "--output", str(out), "--check"], capsys)[0] == 0
    (folder / "person.json").write_text(PERSON, encoding="utf-8")
    assert run(["generate", str(folder), "--flavour", "pydantic", "--output", str(out), "--check"], capsys)[0] == 1


def test_root_names_a_json_schema_by_its_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "m.py"
    assert generate(CASES / "draft4" / "spec.json", out, capsys, "--root", "spec.json")[0] == 0
    text = out.read_text(encoding="utf-8")
    assert "class Reading(_Base):" in text and "class Sensor(_Base):" in text and "SpecJson" not in text


# -- the docs page ------------------------------------------------------------------------------


def shown_on_the_docs_page(start: str) -> str:
    """The text block of ``docs/inputs.md`` that starts with ``start``."""
    page = (REPO / "docs" / "inputs.md").read_text(encoding="utf-8")
    (shown,) = [b for b in re.findall(r"```text\n(.*?)```", page, flags=re.S) if b.startswith(start)]
    return shown


def test_the_docs_pages_error_is_the_real_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = (REPO / "docs" / "inputs.md").read_text(encoding="utf-8")
    (shown,) = [b for b in re.findall(r"```text\n(.*?)```", page, flags=re.S) if b.startswith("error: settings.yaml")]
    monkeypatch.chdir(tmp_path)  # the spec named as the page's command names it
    Path("settings.yaml").write_text("title: settings\nvalues: [1]\n", encoding="utf-8")
    code, err = generate(Path("settings.yaml"), Path("m.py"), capsys)
    assert code == 2 and shown in err


# -- names a spec gives enum members ----------------------------------------------------------


def test_enum_member_names_the_spec_gives_survive_the_parse_cache() -> None:
    from modelgen.app.codec import decode, encode
    from modelgen.app.pipeline import prepare

    prepared = prepare(CASES / "options" / "spec.yaml")
    (status,) = [d for d in prepared.spec.definitions.values() if prepared.names.cls(d.key) == "JobStatus"]
    assert isinstance(status, ir.Alias) and isinstance(status.type, ir.LiteralOf)
    assert status.type.names == ("Waiting", "Running", "Finished", "NeedsTwoFactor")
    assert decode(encode(prepared)).spec == prepared.spec


def test_unusable_enum_member_names_are_warned_about(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n"
        "    Mode:\n      type: string\n      enum: [a, b]\n      x-enumNames: [OnlyOne]\n",
        encoding="utf-8",
    )
    code, err = run(["generate", str(spec), "--flavour", "pydantic", "--output", str(tmp_path / "m.py"), "--no-cache", "--enums", "enum"], capsys)
    assert code == 0 and "x-enumNames is not a list of one name per enum value" in err
    assert '    A = "a"' in (tmp_path / "m.py").read_text(encoding="utf-8")


# -- types of one's own (the option types) ------------------------------------------------------


def test_types_name_a_component_or_a_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = CASES / "owntypes" / "spec.yaml"
    out = tmp_path / "m.py"
    code, err = generate(spec, out, capsys, "--type", "Mony=tests.own_types:Money")
    assert code == 2 and "types: no component schema named 'Mony'" in err and "did you mean Money" in err
    code, err = generate(spec, out, capsys, "--type", "Money=a type")
    assert code == 2 and "give the type as 'module.path:Name'" in err
    code, err = generate(spec, out, capsys, "--type", "Money")
    assert code == 2 and "or --type NAME=TYPE" in err
    # a format as an imported type keeps no length (its type checks it); a builtin keeps it
    assert generate(spec, out, capsys, "--type", "format:uuid=uuid:UUID")[0] == 0
    text = out.read_text(encoding="utf-8")
    assert "from uuid import UUID" in text and "    id: UUID\n" in text and "class Money(_Base):" in text
    # a schema of one's own is imported, and what only it names is left out
    types = ["--type", "format:uuid=str", "--type", "Money=tests.own_types:Money"]
    assert generate(spec, out, capsys, *types, "--root", "Invoice")[0] == 0
    text = out.read_text(encoding="utf-8")
    assert "id: str = Field(max_length=36)" in text and "from tests.own_types import Money" in text
    assert "class Money" not in text and "Currency" not in text


PETS_UNION = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Cat: {type: object, required: [petType], properties: {petType: {const: cat}, lives: {type: integer}}}
    Dog: {type: object, required: [petType], properties: {petType: {const: dog}}}
    Pet:
      oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
      discriminator: {propertyName: petType}
"""


def test_a_type_of_ones_own_in_a_tagged_union_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the spec named as the docs page shows it
    spec = Path("pets.yaml")
    spec.write_text(PETS_UNION, encoding="utf-8")
    out = Path("m.py")
    code, err = generate(spec, out, capsys, "--type", "Cat=tests.own_types:Money")
    assert code == 2 and not out.exists() and "Traceback" not in err
    assert "pets.yaml:9:7 at /components/schemas/Pet: types: 'Cat' is a member of a union tagged by 'petType'" in err
    assert "hint: leave 'Cat' out of types, or give the union itself a type of your own" in err
    assert shown_on_the_docs_page("error: pets.yaml:9:7") in err
    # the union itself can be one: nothing reads the tag then
    assert generate(spec, out, capsys, "--type", "Pet=tests.own_types:Money")[0] == 0
    assert "Pet" not in out.read_text(encoding="utf-8").split("class Dog")[-1]


def test_types_in_the_config_are_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.modelgen]\nspec = "{CASES / "owntypes" / "spec.yaml"}"\ntypes = ["Money"]\n'
        '[[tool.modelgen.jobs]]\nflavour = "pydantic"\noutput = "m.py"\n',
        encoding="utf-8",
    )
    code, err = run(["generate", "--config", str(tmp_path / "pyproject.toml")], capsys)
    assert code == 2 and "types must be a table" in err


# -- inline schemas named by their titles (names = "title") -----------------------------------


TITLED = """\
openapi: 3.1.0
info: {title: t, version: "1"}
components:
  schemas:
    Account: {type: object, properties: {id: {type: string}}}
    Job:
      type: object
      properties:
        owner: {title: Account, type: object, properties: {login: {type: string}}}
        runner: {title: Machine, type: object, properties: {host: {type: string}, secret: {type: string, writeOnly: true}}}
"""


def test_titles_name_inline_schemas_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(TITLED, encoding="utf-8")
    out = tmp_path / "m.py"
    assert generate(spec, out, capsys)[0] == 0
    assert "class JobOwner(_Base):" in out.read_text(encoding="utf-8")  # by default: where it stands
    assert generate(spec, out, capsys, "--names", "title")[0] == 0
    text = out.read_text(encoding="utf-8")
    assert "class Account(_Base):" in text and "class AccountInline(_Base):" in text  # the component keeps its name
    assert "owner: Annotated[AccountInline | None, _NOT_NULL]" in text
    assert "class Machine(_Base):" in text and "runner: Annotated[Machine | None, _NOT_NULL]" in text


TITLED_VIEWS = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /jobs:
    post:
      operationId: createJob
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Job"}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Job"}}}}
components:
  schemas:
    Job:
      type: object
      required: [runner]
      properties:
        runner:
          title: Machine
          type: object
          required: [host, secret, started]
          properties: {host: {type: string}, secret: {type: string, writeOnly: true}, started: {type: string, readOnly: true}}
        spare: {title: Machine Request, type: object, properties: {n: {type: integer}}}
"""


def test_a_titled_inline_schemas_write_view_adds_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(TITLED_VIEWS, encoding="utf-8")
    out = tmp_path / "m.py"
    assert generate(spec, out, capsys, "--operation", "*")[0] == 0
    assert "class JobRunnerRequest(_Base):" in out.read_text(encoding="utf-8")  # by default: where it stands
    assert generate(spec, out, capsys, "--operation", "*", "--names", "title")[0] == 0
    text = out.read_text(encoding="utf-8")
    # the read view has the title; the write view (secret required, started not) the title and Request
    assert 'class Machine(_Base):\n    """Machine"""\n\n    host: str\n    secret: Annotated[str | None, _NOT_NULL] = None\n    started: str\n' in text
    assert 'class MachineRequest(_Base):\n    """Machine"""\n\n    host: str\n    secret: str\n    started: Annotated[str | None, _NOT_NULL] = None\n' in text
    assert "runner: Machine\n" in text.split("class JobRequest")[0] and "runner: MachineRequest\n" in text.split("class JobRequest")[1]
    # a title that the write view's name took: the suffix Inline, in both views of Job
    assert "class MachineRequestInline(_Base):" in text and text.count("spare: Annotated[MachineRequestInline | None, _NOT_NULL]") == 2
    assert "JobRunner" not in text and "JobSpare" not in text


def test_a_definition_that_is_only_a_ref_stays_an_alias(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Only the names reading adds (a file's) stand for a schema elsewhere: a $defs entry that is a
    $ref is an alias of its target, as a component of OpenAPI is, and names nothing else."""
    spec = tmp_path / "thing.json"
    spec.write_text(
        '{"title": "Thing", "type": "object", "properties": {"id": {"$ref": "#/$defs/Id"}},'
        ' "$defs": {"Id": {"$ref": "#/$defs/Uuid"}, "Uuid": {"type": "string", "format": "uuid"}}}',
        encoding="utf-8",
    )
    assert generate(spec, tmp_path / "m.py", capsys)[0] == 0
    text = (tmp_path / "m.py").read_text(encoding="utf-8")
    assert "Id: TypeAlias = Uuid" in text and "Uuid: TypeAlias = _UUID" in text

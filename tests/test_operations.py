"""Models of operations (normalise/operations.py) and read and write views (normalise/views.py):
their names, what each holds, how operations are chosen, and the errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from modelgen import ir
from modelgen.app.arguments import config_from_args
from modelgen.app.pipeline import prepare, select
from modelgen.cli import main
from modelgen.errors import Location, SpecError
from modelgen.normalise.operations import Operation
from modelgen.scope import Scope

from tests.support import import_file

SHOP = Path(__file__).parent / "cases" / "operations" / "spec.yaml"


def models(scope: Scope, spec: Path = SHOP) -> dict[str, ir.Definition]:
    """What the scope selects, by class name."""
    prepared = prepare(spec, scope=scope)
    return {prepared.names.cls(k): prepared.spec.definitions[k] for k in select(prepared, ()).order}


def fields(d: ir.Definition) -> dict[str, tuple[bool, ir.Field]]:
    assert isinstance(d, ir.Model), d
    return {f.wire_name: (f.required, f) for f in d.fields}


def required(d: ir.Definition) -> set[str]:
    return {name for name, (req, _) in fields(d).items() if req}


def write(tmp_path: Path, text: str) -> Path:
    spec = tmp_path / "api.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n" + text, encoding="utf-8")
    return spec


@pytest.mark.parametrize(
    ("method", "path", "op_id", "base"),
    [
        ("post", "/orders", "createOrder", "CreateOrder"),
        ("post", "/orders", None, "PostOrders"),
        ("get", "/users/{user_id}", None, "GetUsersUserId"),
        ("get", "/v1/files/{file-id}/content", None, "GetV1FilesFileIdContent"),
        ("put", "/x", "repos/create-fork", "ReposCreateFork"),
    ],
)
def test_the_base_name_of_an_operation(method: str, path: str, op_id: str | None, base: str) -> None:
    assert Operation(method, path, op_id, (), Location("a.yaml")).base_name == base


def test_every_operation_gives_its_models_with_the_fixed_names() -> None:
    found = models(Scope(operations=("*",)))
    assert {
        "CreateOrderRequest", "CreateOrderParameters", "GetOrdersParameters", "GetOrdersResponse200",
        "GetOrdersResponse4XX", "GetOrderParameters", "LogInRequest", "LogInResponse", "UploadAvatarRequest",
        "UploadAvatarResponse", "GetUsersUserIdParameters", "UpdateUserParameters",
    } <= set(found)  # fmt: skip
    # bodies and responses given by $ref: named after their key in components, or the schema's own model
    assert {"UserUpdate", "Invalid", "Order", "Pet", "User"} <= set(found)
    assert "Unused" not in found
    assert not any(name.startswith(("CreateOrderResponse", "AddPetRequest", "AddPetResponse")) for name in found)


def test_one_inline_response_is_the_response_and_several_are_named_by_status() -> None:
    found = models(Scope(operations=("logIn", "get /orders")))
    assert "LogInResponse" in found and "LogInResponse200" not in found
    assert {"GetOrdersResponse200", "GetOrdersResponse4XX"} <= set(found)


def test_parameters_merge_the_path_items_and_keep_wire_names() -> None:
    found = models(Scope(operations=("getOrder", "createOrder", "GET /orders")))
    order = fields(found["GetOrderParameters"])
    assert order["order_id"][0], "a path parameter is required"
    assert isinstance(order["verbose"][1].type, ir.Ref), "the operation's parameter wins over the path item's"
    create = fields(found["CreateOrderParameters"])
    assert create["X-Request-ID"][1].description == "Idempotency key."
    assert create["dry_run"][1].default == ir.Default(False)
    listing = fields(found["GetOrdersParameters"])
    assert isinstance(listing["filter"][1].type, ir.Ref), "a parameter given by content has that content's schema"
    assert found["GetOrderParameters"].description == "The parameters of `GET /orders/{order_id}`."


def test_a_parameter_name_in_two_places_is_told_apart(tmp_path: Path) -> None:
    spec = write(tmp_path, """paths:
  /a/{id}:
    get:
      operationId: getA
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: id, in: query, schema: {type: integer}}
      responses: {'204': {description: none}}
""")
    prepared = prepare(spec, scope=Scope(operations=("getA",)))
    (params,) = [d for d in prepared.spec.definitions.values() if isinstance(d, ir.Model)]
    assert [f.wire_name for f in params.fields] == ["id", "query_id"]
    assert any("'id' is in several places" in d.message for d in prepared.spec.diagnostics)


def test_a_multipart_file_part_is_bytes_and_a_json_binary_string_is_not(tmp_path: Path) -> None:
    upload = fields(models(Scope(operations=("uploadAvatar",)))["UploadAvatarRequest"])
    assert upload["file"][1].type == ir.Primitive("bytes")
    assert upload["caption"][1].type == ir.Primitive("str")
    spec = write(tmp_path, """paths:
  /f:
    post:
      operationId: putFile
      requestBody: {content: {application/json: {schema: {type: object, properties: {data: {type: string, format: binary}}}}}}
      responses: {'204': {description: none}}
""")
    (body,) = models(Scope(operations=("putFile",)), spec).values()
    assert fields(body)["data"][1].type == ir.Primitive("str", "binary")


def test_tags_choose_operations_and_combine_with_roots() -> None:
    found = models(Scope(roots=("Unused",), tags=("users",)))
    assert {"Unused", "User", "UserUpdate", "GetUsersUserIdParameters", "UpdateUserParameters"} <= set(found)
    assert not any(name.startswith(("CreateOrder", "GetOrders", "LogIn")) for name in found)


@pytest.mark.parametrize(
    ("scope", "message", "hint"),
    [
        (Scope(operations=("createOrdr",)), "no operation named 'createOrdr'", "did you mean createOrder, getOrder?"),
        (Scope(operations=("delete /orders",)), "no operation named 'delete /orders'", None),
        (Scope(tags=("user",)), "no tag named 'user'", "did you mean users?"),
    ],
)
def test_an_unknown_operation_or_tag_is_an_error_with_the_nearest(scope: Scope, message: str, hint: str | None) -> None:
    with pytest.raises(SpecError) as caught:
        prepare(SHOP, scope=scope)
    assert caught.value.message == message
    assert caught.value.location is not None and caught.value.location.pointer == "/paths"
    if hint:
        assert caught.value.hint == hint


def test_an_operation_id_that_several_operations_have_is_named_as_the_error_or_warning_says(tmp_path: Path) -> None:
    # OpenAPI wants operationIds unique; a spec that repeats one was read without a word, and
    # --operation took one of them silently
    spec = write(tmp_path, """paths:
  /a:
    post:
      operationId: same
      responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {x: {type: string}}}}}}}
  /b:
    get:
      operationId: same
      responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {y: {type: string}}}}}}}
""")
    with pytest.raises(SpecError) as caught:
        prepare(spec, scope=Scope(operations=("same",)))
    assert caught.value.message == "operationId 'same' is that of post /a and get /b"
    assert caught.value.hint == 'name one as "METHOD /path"'
    warned = [d.message for d in prepare(spec, scope=Scope(operations=("get /b",))).spec.diagnostics]
    assert warned == ["operationId 'same' is also that of post /a (OpenAPI wants it unique): their models are named apart"]
    assert len(models(Scope(operations=("*",)), spec)) == 2


def test_the_method_of_an_operation_may_be_written_in_capitals() -> None:
    assert "UpdateUserParameters" in models(Scope(operations=("PUT /users/{user_id}",)))


# -- read and write views ------------------------------------------------------------------


def test_a_schema_used_both_ways_gets_both_views_and_nested_ones_follow() -> None:
    found = models(Scope(operations=("addPet",)))
    assert required(found["Pet"]) == {"id", "name", "owner"}, "write-only: never required in the read view"
    assert required(found["PetRequest"]) == {"name", "owner", "microchip"}, "read-only: never required in the write view"
    assert fields(found["PetRequest"])["owner"][1].type == ir.Ref(f"{SHOP.name}#/components/schemas/Owner/x-modelgen-request")
    assert required(found["OwnerRequest"]) == {"name"}
    assert required(found["Owner"]) == {"id", "name"}


def test_a_schema_used_one_way_gets_that_view_under_its_own_name() -> None:
    found = models(Scope(operations=("get /users/{user_id}",)))
    assert required(found["User"]) == {"id", "name"}
    assert "UserRequest" not in found
    everything = models(Scope())  # every component: as the paths use it
    assert required(everything["User"]) == {"id", "name"} and "UserRequest" not in everything
    assert required(everything["Order"]) == {"id", "items"} and "OrderRequest" not in everything


def test_a_view_has_one_name_whichever_operations_a_job_selects(tmp_path: Path) -> None:
    # Customer is sent by createOrder and received by getCustomer: its write view is
    # CustomerRequest in every selection, also one that takes only createOrder (it was named
    # Customer there, and the read view's name changed its meaning from job to job)
    spec = write(tmp_path, """paths:
  /orders:
    post:
      operationId: createOrder
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Customer'}}}}
      responses: {'204': {description: ok}}
  /customers:
    get:
      operationId: getCustomer
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Customer'}}}}}
components:
  schemas:
    Customer:
      type: object
      required: [id, password, address]
      properties:
        id: {type: string, readOnly: true}
        password: {type: string, writeOnly: true}
        address: {$ref: '#/components/schemas/Address'}
    Address:
      type: object
      required: [zip, checked]
      properties:
        zip: {type: string}
        checked: {type: boolean, readOnly: true}
""")
    write_view = {"CustomerRequest": {"password", "address"}, "AddressRequest": {"zip"}}
    read_view = {"Customer": {"id", "address"}, "Address": {"zip", "checked"}}
    for operations, expected in [
        (("createOrder",), write_view),
        (("getCustomer",), read_view),
        (("createOrder", "getCustomer"), {**write_view, **read_view}),
        (("*",), {**write_view, **read_view}),
    ]:
        found = models(Scope(operations=operations), spec)
        assert {name: required(d) for name, d in found.items() if name.startswith(("Customer", "Address"))} == expected, operations


def test_a_root_gets_both_views(tmp_path: Path) -> None:
    found = models(Scope(roots=("User",)))
    assert required(found["User"]) == {"id", "name"}
    assert required(found["UserRequest"]) == {"name", "password"}


def test_a_webhook_request_is_what_the_client_receives(tmp_path: Path) -> None:
    spec = write(tmp_path, """webhooks:
  paid:
    post:
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Payment'}}}}
      responses: {'200': {description: ok}}
components:
  schemas:
    Payment:
      type: object
      required: [id, card]
      properties:
        id: {type: string, readOnly: true}
        card: {type: string, writeOnly: true}
""")
    found = models(Scope(), spec)
    assert set(found) == {"Payment"} and required(found["Payment"]) == {"id"}


def test_without_read_only_or_write_only_nothing_changes(tmp_path: Path) -> None:
    spec = write(tmp_path, """paths:
  /a:
    post:
      operationId: a
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}}
components:
  schemas:
    A: {type: object, required: [x], properties: {x: {type: string, readOnly: false}, y: {type: string, readOnly: true}}}
""")
    assert set(models(Scope(roots=("A",)), spec)) == {"A"}, "an optional read-only property makes no view"
    assert set(models(Scope(operations=("a",)), spec)) == {"A"}


# -- configuration -----------------------------------------------------------------------------


def test_operations_and_tags_come_from_the_command_line_and_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = config_from_args(["generate", str(SHOP), "--flavour", "msgspec", "--output", "m.py", "--operation", "addPet", "--tag", "users"])
    (job,) = config.jobs
    assert job.scope == Scope(operations=("addPet",), tags=("users",))
    assert "--operation addPet --tag users" in job.command
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.modelgen]\nspec = "{SHOP.as_posix()}"\noperations = ["logIn"]\n'
        '[[tool.modelgen.jobs]]\nflavour = "pydantic"\noutput = "a.py"\n'
        '[[tool.modelgen.jobs]]\nflavour = "msgspec"\noutput = "b.py"\ntags = ["pets"]\noperations = []\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    first, second = config_from_args(["generate"]).jobs
    assert first.scope == Scope(operations=("logIn",)) and second.scope == Scope(tags=("pets",))


def test_a_generated_module_of_operations_imports_and_says_what_it_holds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "shop_models.py"
    assert main(["generate", str(SHOP), "--flavour", "pydantic", "--output", str(out), "--tag", "pets", "--no-cache", "--quiet"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "# Roots: tag pets." in text
    pet = import_file(out).PetRequest.model_validate({"name": "Rex", "microchip": "1", "owner": {"name": "Ann"}})
    assert pet.id is None
    assert main(["generate", str(SHOP), "--flavour", "pydantic", "--output", str(out), "--tag", "pet", "--no-cache"]) == 2
    assert "no tag named 'pet'" in capsys.readouterr().err


def test_operations_and_tags_changed_in_pyproject_make_the_output_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "shop.yaml"
    spec.write_text(SHOP.read_text(encoding="utf-8"), encoding="utf-8")
    config = '[tool.modelgen]\nspec = "shop.yaml"\n{}\n[[tool.modelgen.jobs]]\nflavour = "msgspec"\noutput = "m.py"\n'
    (tmp_path / "pyproject.toml").write_text(config.format('operations = ["logIn"]'), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--quiet", "--no-cache"]) == 0
    assert main(["generate", "--check", "--quiet", "--no-cache"]) == 0
    (tmp_path / "pyproject.toml").write_text(config.format('operations = ["logIn"]\ntags = ["pets"]'), encoding="utf-8")
    assert main(["generate", "--check", "--quiet", "--no-cache"]) == 1
    assert main(["generate", "--quiet", "--no-cache"]) == 0
    assert "class PetRequest" in (tmp_path / "m.py").read_text(encoding="utf-8")


def test_a_path_item_given_by_ref_has_its_operations(tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text(
        "Y:\n  post:\n    operationId: postY\n    requestBody: {content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}}\n"
        "    responses: {'204': {description: none}}\n",
        encoding="utf-8",
    )
    spec = write(tmp_path, """paths:
  /x: {$ref: '#/components/pathItems/X'}
  /y: {$ref: 'other.yaml#/Y'}
components:
  pathItems:
    X:
      parameters: [{name: q, in: query, schema: {type: string}}]
      get:
        operationId: getX
        responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {b: {type: integer}}}}}}}
""")
    assert set(models(Scope(operations=("*",)), spec)) == {"GetXParameters", "GetXResponse", "PostYRequest"}


def test_a_sibling_response_by_ref_does_not_rename_the_inline_one(tmp_path: Path) -> None:
    spec = write(tmp_path, """paths:
  /e:
    delete:
      operationId: deleteEval
      responses:
        '200': {description: deleted, content: {application/json: {schema: {type: object, properties: {ok: {type: boolean}}}}}}
        '404': {description: missing, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
components:
  schemas:
    Error: {type: object, properties: {message: {type: string}}}
""")
    found = models(Scope(operations=("deleteEval",)), spec)
    assert {"DeleteEvalResponse", "Error"} == set(found)
    assert found["DeleteEvalResponse"].description == "The body of a `DELETE /e` response (200): deleted"


def test_a_long_operation_name_keeps_what_its_model_is(tmp_path: Path) -> None:
    op_id = "codeSecurityCreateConfigurationForEnterpriseWithExtraWords"
    spec = write(tmp_path, f"""paths:
  /c:
    post:
      operationId: {op_id}
      requestBody: {{content: {{application/json: {{schema: {{type: object, properties: {{mode: {{type: object, properties: {{a: {{type: string}}}}}}}}}}}}}}}}
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{type: object, properties: {{mode: {{type: object, properties: {{b: {{type: string}}}}}}}}}}}}}}}}
        '400': {{description: bad, content: {{application/json: {{schema: {{type: object, properties: {{c: {{type: string}}}}}}}}}}}}
""")
    names = set(models(Scope(operations=("*",)), spec))
    base = "CodeSecurityCreateConfigurationForEnterpriseWithExtraWords"
    assert {f"{base}Request", f"{base}RequestMode", f"{base}Response200", f"{base}Response200Mode", f"{base}Response400"} == names


def test_headers_openapi_ignores_are_no_fields_and_a_shared_parameter_is_named_by_its_key(tmp_path: Path) -> None:
    spec = write(tmp_path, """paths:
  /a:
    get:
      operationId: listA
      parameters:
        - {name: Authorization, in: header, schema: {type: string}}
        - {name: Accept, in: header, schema: {type: string}}
        - {$ref: '#/components/parameters/direction'}
      responses: {'204': {description: none}}
  /b:
    get:
      operationId: listB
      parameters: [{$ref: '#/components/parameters/direction'}]
      responses: {'204': {description: none}}
components:
  parameters:
    direction: {name: direction, in: query, schema: {type: string, enum: [asc, desc]}}
""")
    found = models(Scope(operations=("*",)), spec)
    assert set(fields(found["ListAParameters"])) == {"direction"}
    assert set(found) == {"ListAParameters", "ListBParameters", "Direction"}, "one enum, named after its key"


def test_an_operation_with_nothing_to_model_says_so(tmp_path: Path) -> None:
    spec = write(tmp_path, """paths:
  /raw:
    post:
      operationId: postRaw
      requestBody: {content: {text/plain: {schema: {type: string}}}}
      responses: {'204': {description: none}}
""")
    prepared = prepare(spec, scope=Scope(operations=("postRaw",)))
    assert not prepared.spec.definitions
    assert any("`POST /raw` has no parameter, body or response" in d.message for d in prepared.spec.diagnostics)


def test_a_multipart_body_schema_is_read_the_same_whatever_the_job_takes(tmp_path: Path) -> None:
    spec = write(tmp_path, """paths:
  /u:
    get:
      operationId: getUpload
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Upload'}}}}}
    post:
      operationId: postUpload
      requestBody: {content: {multipart/form-data: {schema: {$ref: '#/components/schemas/Upload'}}}}
      responses: {'204': {description: none}}
components:
  schemas:
    Upload: {type: object, required: [file], properties: {file: {type: string, format: binary}}}
""")
    for scope in (Scope(operations=("postUpload",)), Scope(operations=("getUpload", "postUpload")), Scope(roots=("Upload",)), Scope()):
        assert fields(models(scope, spec)["Upload"])["file"][1].type == ir.Primitive("bytes"), scope


def test_an_operation_may_be_named_as_its_models_are(capsys: pytest.CaptureFixture[str]) -> None:
    assert "CreateOrderRequest" in models(Scope(operations=("CreateOrder",)))
    with pytest.raises(SpecError) as caught:
        prepare(SHOP, scope=Scope(operations=("post /order",)))
    assert caught.value.hint is not None and "post /orders" in caught.value.hint


def test_diff_compares_the_models_of_operations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = SHOP.read_text(encoding="utf-8")
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(old.replace("required: [items]", "required: [items, note]"), encoding="utf-8")
    args = ["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--fail-on", "breaking"]
    assert main(args) == 0, "components alone: the inline body is not compared"
    capsys.readouterr()
    assert main([*args, "--operation", "createOrder"]) == 1
    out = capsys.readouterr().out
    assert "CreateOrderRequest (requests)" in out and "note: field now required" in out


def test_diff_of_the_project_takes_what_its_jobs_take(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = '[[tool.modelgen.jobs]]\nflavour = "msgspec"\noutput = "a.py"\noperations = ["logIn"]\n' \
           '[[tool.modelgen.jobs]]\nflavour = "pydantic"\noutput = "b.py"\nroots = ["Pet"]\ntags = ["users"]\n'
    (tmp_path / "pyproject.toml").write_text(f'[tool.modelgen]\nspec = "{SHOP.as_posix()}"\n{jobs}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (source,) = config_from_args(["diff", "--since", "HEAD"]).sources
    assert source.scope == Scope(("Pet",), operations=("logIn",), tags=("users",))
    everything = '[[tool.modelgen.jobs]]\nflavour = "typeddict"\noutput = "c.py"\n'
    (tmp_path / "pyproject.toml").write_text(f'[tool.modelgen]\nspec = "{SHOP.as_posix()}"\n{jobs}{everything}', encoding="utf-8")
    (source,) = config_from_args(["diff", "--since", "HEAD"]).sources
    assert source.scope.everything, "a job takes every component schema"


def test_generate_says_a_change_with_the_way_its_model_travels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    spec = write(tmp_path, """paths:
  /things:
    post:
      operationId: addThing
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
      responses: {'204': {description: none}}
components:
  schemas:
    Thing: {type: object, properties: {status: {type: string, enum: [a, b]}}}
""")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.modelgen]\nspec = "api.yaml"\n[[tool.modelgen.jobs]]\nflavour = "msgspec"\noutput = "m.py"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert main(["generate", "--quiet"]) == 0
    spec.write_text(spec.read_text(encoding="utf-8").replace("[a, b]", "[a, b, c]"), encoding="utf-8")
    capsys.readouterr()
    assert main(["generate"]) == 0
    # a value added to what only requests carry breaks no code that builds them, and none reads it
    assert '  ThingStatus: values added: "c" [compatible]' in capsys.readouterr().err

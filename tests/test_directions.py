"""modelgen diff knows which way each model travels (directions.py): read in responses, built in
requests, both, or by no operation; and ``--fail-on`` fails only where a change breaks a client of
the new API. Pairs of small specs with operations, one per rule."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from modelgen.app.pipeline import prepare_document, read_spec
from modelgen.cli import main
from modelgen.commands.directions import travel
from modelgen.normalise.operations import REQUESTS, RESPONSES
from modelgen.resolve import Resolver
from modelgen.sources import RefPolicy

SPEC: dict[str, Any] = yaml.safe_load(
    """
openapi: 3.1.0
info: {title: shop, version: "1"}
paths:
  /orders:
    post:
      operationId: createOrder
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/OrderInput"}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Order"}
    get:
      parameters:
        - $ref: "#/components/parameters/Filter"
      responses:
        "200": {$ref: "#/components/responses/OrderList"}
  /orders/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {$ref: "#/components/schemas/OrderId"}}
    put:
      requestBody: {$ref: "#/components/requestBodies/ProfileUpdate"}
      responses:
        "200":
          description: ok
          headers:
            X-Rate: {schema: {$ref: "#/components/schemas/Rate"}}
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Profile"}
      callbacks:
        shipped:
          "{$request.body#/callback}":
            post:
              requestBody:
                content: {application/json: {schema: {$ref: "#/components/schemas/ShippedEvent"}}}
              responses:
                "200":
                  description: ok
                  content: {application/json: {schema: {$ref: "#/components/schemas/Ack"}}}
webhooks:
  orderPaid:
    post:
      requestBody:
        content: {application/json: {schema: {$ref: "#/components/schemas/PaidEvent"}}}
      responses: {"200": {description: ok}}
x-webhooks:  # (as OpenAPI 3.0 specs, GitHub's among them, spell webhooks)
  orderDelivered:
    post:
      requestBody:
        content: {application/json: {schema: {$ref: "#/components/schemas/DeliveredEvent"}}}
      responses: {"200": {description: ok}}
components:
  parameters:
    Filter: {name: filter, in: query, schema: {$ref: "#/components/schemas/Filter"}}
  requestBodies:
    ProfileUpdate:
      content: {application/json: {schema: {$ref: "#/components/schemas/Profile"}}}
  responses:
    OrderList:
      description: a page of orders
      content:
        application/json:
          schema:
            type: object
            properties:
              data: {type: array, items: {$ref: "#/components/schemas/OrderSummary"}}
  schemas:
    OrderBase:
      type: object
      properties: {channel: {type: string}}
    OrderInput:
      allOf:
        - $ref: "#/components/schemas/OrderBase"
        - type: object
          required: [item]
          properties:
            item: {type: string, maxLength: 20}
            priority: {$ref: "#/components/schemas/Priority"}
            lines: {type: array, items: {$ref: "#/components/schemas/Line"}}
    Order:
      type: object
      required: [id, status]
      properties:
        id: {type: string}
        note: {type: string, maxLength: 20}
        status: {$ref: "#/components/schemas/Status"}
        lines: {type: array, items: {$ref: "#/components/schemas/Line"}}
    Line:
      type: object
      required: [sku]
      properties: {sku: {type: string}, quantity: {type: integer}}
    Status: {type: string, enum: [open, paid]}
    Priority: {type: string, enum: [low, high]}
    Filter: {type: string, enum: [open, all]}
    OrderId: {type: string}
    OrderSummary:
      type: object
      properties: {id: {type: string}, total: {type: number}}
    Rate: {type: integer}
    Profile:
      type: object
      required: [name]
      properties:
        name: {type: string}
        created: {$ref: "#/components/schemas/Stamp"}
        password: {$ref: "#/components/schemas/Secret"}
    Stamp:
      type: object
      readOnly: true
      properties: {at: {type: string}}
    Secret:
      type: object
      writeOnly: true
      properties: {value: {type: string}}
    ShippedEvent:
      type: object
      properties: {order: {type: string}, at: {type: string}}
    Ack:
      type: object
      properties: {ok: {type: boolean}}
    DeliveredEvent:
      type: object
      properties: {order: {type: string}}
    PaidEvent:
      type: object
      required: [order]
      properties: {order: {type: string}}
    Orphan:
      type: object
      properties: {x: {type: string}, y: {type: string}}
"""
)
# (the read-only and write-only marks are on the properties, where OpenAPI puts them)
SPEC["components"]["schemas"]["Profile"]["properties"]["created"] = {"$ref": "#/components/schemas/Stamp", "readOnly": True}
SPEC["components"]["schemas"]["Profile"]["properties"]["password"] = {"$ref": "#/components/schemas/Secret", "writeOnly": True}

EXPECTED = {
    "OrderInput": {REQUESTS},  # a request body
    "OrderBase": {REQUESTS},  # merged into OrderInput by allOf: it travels where OrderInput does
    "Priority": {REQUESTS},  # through a property of a request body
    "Order": {RESPONSES},  # a response body
    "Status": {RESPONSES},
    "Line": {REQUESTS, RESPONSES},  # in the request and in the response
    "Filter": {REQUESTS},  # a parameter kept in components/parameters
    "OrderId": {REQUESTS},  # a parameter of the path item
    "OrderSummary": {RESPONSES},  # array items of an inline schema of components/responses
    "Rate": {RESPONSES},  # a response header
    "Profile": {REQUESTS, RESPONSES},  # components/requestBodies, and a response
    "Stamp": {RESPONSES},  # only under a read-only property
    "Secret": {REQUESTS},  # only under a write-only property
    "ShippedEvent": {RESPONSES},  # a callback's request: the client receives it
    "Ack": {REQUESTS},  # a callback's response: the client sends it
    "PaidEvent": {RESPONSES},  # a webhook's request: the client receives it
    "DeliveredEvent": {RESPONSES},  # the same under x-webhooks
}


def write(path: Path, spec: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


def test_each_definition_travels_where_the_operations_take_it(tmp_path: Path) -> None:
    document, warnings = read_spec(write(tmp_path / "shop.yaml", SPEC))
    prepared = prepare_document(document, RefPolicy(), warnings)
    found = travel(Resolver(document), prepared.spec)
    components = prepared.spec.components
    assert {name: set(found.of(components[name]) or ()) for name in EXPECTED} == EXPECTED
    assert found.of(components["Orphan"]) is None  # by no operation


def schemas(spec: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["schemas"]
    return found


def props(spec: dict[str, Any], name: str) -> dict[str, Any]:
    schema = schemas(spec)[name]
    found: dict[str, Any] = (schema["allOf"][-1] if "allOf" in schema else schema)["properties"]
    return found


def required(spec: dict[str, Any], name: str) -> list[str]:
    schema = schemas(spec)[name]
    found: list[str] = (schema["allOf"][-1] if "allOf" in schema else schema).setdefault("required", [])
    return found


def remove(name: str, wire: str) -> Callable[[dict[str, Any]], None]:
    """A property taken out, and out of ``required`` (a required key stays required without it)."""

    def edit(s: dict[str, Any]) -> None:
        props(s, name).pop(wire)
        required(s, name).remove(wire)

    return edit


def add_required(name: str, wire: str, schema: dict[str, Any] | None = None) -> Callable[[dict[str, Any]], None]:
    def edit(s: dict[str, Any]) -> None:
        props(s, name)[wire] = schema or {"type": "string"}
        required(s, name).append(wire)

    return edit


def changes_of(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: Callable[[dict[str, Any]], None], *args: str
) -> tuple[int, list[dict[str, Any]]]:
    new = copy.deepcopy(SPEC)
    edit(new)
    old_path, new_path = write(tmp_path / "old.yaml", SPEC), write(tmp_path / "new.yaml", new)
    code = main(["diff", str(old_path), str(new_path), "--format", "json", *args])
    found: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["comparisons"][0]["changes"]
    return code, found


B, R = "builds", "reads"
# (what is edited, the change expected: definition, kind, field, what it breaks where the model travels)
Expected = tuple[str, str, "str | None", list[str]]
CASES: list[tuple[str, Callable[[dict[str, Any]], None], Expected | list[Expected]]] = [
    # a response model: what breaks readers counts, what breaks builders does not
    ("value added to a response enum", lambda s: schemas(s)["Status"]["enum"].append("refunded"), ("Status", "values added", None, [R])),
    ("required field added to a response", add_required("Order", "total"), ("Order", "required field added", "total", [])),
    ("response field now optional", lambda s: required(s, "Order").remove("status"), ("Order", "field now optional", "status", [R])),
    ("response field now required", lambda s: required(s, "Order").append("note"), ("Order", "field now required", "note", [])),
    ("response field now nullable", lambda s: props(s, "Order")["note"].update(type=["string", "null"]), ("Order", "now nullable", "note", [R])),
    ("response field removed", lambda s: props(s, "Order").pop("note"), ("Order", "field removed", "note", [R])),
    ("response maxLength tightened", lambda s: props(s, "Order")["note"].update(maxLength=10), ("Order", "constraints changed", "note", [])),
    ("response maxLength loosened", lambda s: props(s, "Order")["note"].update(maxLength=40), ("Order", "constraints changed", "note", [R])),
    # a request model: what breaks builders counts, what breaks readers does not
    ("value added to a request enum", lambda s: schemas(s)["Priority"]["enum"].append("urgent"), ("Priority", "values added", None, [])),
    ("value removed from a request enum", lambda s: schemas(s)["Priority"]["enum"].remove("low"), ("Priority", "values removed", None, [B])),
    ("required field added to a request", add_required("OrderInput", "email"), ("OrderInput", "required field added", "email", [B])),
    ("request field now optional", lambda s: required(s, "OrderInput").remove("item"), ("OrderInput", "field now optional", "item", [])),
    ("request field removed", remove("OrderInput", "item"), ("OrderInput", "field removed", "item", [B])),
    ("request maxLength tightened", lambda s: props(s, "OrderInput")["item"].update(maxLength=10), ("OrderInput", "constraints changed", "item", [B])),
    ("request maxLength loosened", lambda s: props(s, "OrderInput")["item"].update(maxLength=40), ("OrderInput", "constraints changed", "item", [])),
    ("request pattern set", lambda s: props(s, "OrderInput")["item"].update(pattern="^[a-z]+$"), ("OrderInput", "constraints changed", "item", [B])),
    # both ways: both count
    ("field now optional in a model read and built", lambda s: required(s, "Line").remove("sku"), ("Line", "field now optional", "sku", [R])),
    ("required field added to a model read and built", add_required("Line", "unit"), ("Line", "required field added", "unit", [B])),
    ("field removed from a model read and built", lambda s: props(s, "Line").pop("quantity"), ("Line", "field removed", "quantity", [R, B])),
    # by no operation: both count
    ("field removed from a model no operation uses", lambda s: props(s, "Orphan").pop("x"), ("Orphan", "field removed", "x", [R, B])),
    # parameters, response headers, components/responses, callbacks and webhooks
    ("value removed from a parameter's enum", lambda s: schemas(s)["Filter"]["enum"].remove("all"), ("Filter", "values removed", None, [B])),
    ("path parameter's type changed", lambda s: schemas(s)["OrderId"].update(type="integer"), ("OrderId", "type changed", None, [B])),
    ("response header's type widened", lambda s: schemas(s)["Rate"].update(type="number"), ("Rate", "type changed", None, [R])),
    ("field removed from a model of components/responses", lambda s: props(s, "OrderSummary").pop("total"), ("OrderSummary", "field removed", "total", [R])),
    ("field now optional in a webhook's request", lambda s: required(s, "PaidEvent").remove("order"), ("PaidEvent", "field now optional", "order", [R])),
    ("required field added to a webhook's request", add_required("PaidEvent", "at"), ("PaidEvent", "required field added", "at", [])),
    ("required field added to a callback's response", add_required("Ack", "id"), ("Ack", "required field added", "id", [B])),
    ("field removed from a callback's request", lambda s: props(s, "ShippedEvent").pop("order"), ("ShippedEvent", "field removed", "order", [R])),
    # allOf: the base travels where the model that merges it does
    ("required field added to an allOf base of a request", add_required("OrderBase", "shop"), [
        ("OrderBase", "required field added", "shop", [B]), ("OrderInput", "required field added", "shop", [B])
    ]),
    # read-only and write-only properties travel one way, and what is under them too
    ("required read-only field added to a model read and built", add_required("Profile", "id", {"type": "string", "readOnly": True}), ("Profile", "required field added", "id", [])),
    ("write-only field removed from a model read and built", lambda s: props(s, "Profile").pop("password"), ("Profile", "field removed", "password", [B])),
    ("read-only field removed from a model read and built", lambda s: props(s, "Profile").pop("created"), ("Profile", "field removed", "created", [R])),
    ("required field added under a read-only property", add_required("Stamp", "by"), ("Stamp", "required field added", "by", [])),
    ("field now nullable under a write-only property", lambda s: props(s, "Secret")["value"].update(type=["string", "null"]), ("Secret", "now nullable", "value", [])),
    ("required field made read-only", lambda s: props(s, "Profile")["name"].update(readOnly=True), ("Profile", "now read-only", "name", [])),
]  # fmt: skip


@pytest.mark.parametrize(("name", "edit", "expected"), CASES, ids=[c[0] for c in CASES])
def test_what_breaks_depends_on_where_the_model_travels(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, edit: Callable[[dict[str, Any]], None],
    expected: Expected | list[Expected],
) -> None:  # fmt: skip
    code, found = changes_of(tmp_path, capsys, edit, "--fail-on", "breaking")
    wanted = expected if isinstance(expected, list) else [expected]
    assert [(c["definition"], c["kind"], c["field"], c["breaks"]) for c in found if c["kind"] != "added"] == wanted
    assert code == (1 if any(w[3] for w in wanted) else 0)


def test_a_removed_model_counts_where_it_travelled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def edit(s: dict[str, Any]) -> None:
        schemas(s).pop("Rate")
        del s["paths"]["/orders/{id}"]["put"]["responses"]["200"]["headers"]

    _, found = changes_of(tmp_path, capsys, edit)
    assert [(c["definition"], c["kind"], c["used_in"], c["breaks"]) for c in found] == [("Rate", "removed", [RESPONSES], [R])]


def test_a_model_no_operation_uses_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, found = changes_of(tmp_path, capsys, lambda s: props(s, "Orphan").update(z={"type": "string"}))
    assert [(c["used_in"], c["by_no_operation"]) for c in found] == [([REQUESTS, RESPONSES], True)]
    _, found = changes_of(tmp_path, capsys, lambda s: props(s, "Order").update(y={"type": "string"}))
    assert [(c["used_in"], c["by_no_operation"]) for c in found] == [([RESPONSES], False)]


def test_roots_do_not_change_where_a_model_travels(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, found = changes_of(tmp_path, capsys, add_required("Line", "unit"), "--root", "Order", "--fail-on", "breaking")
    assert [(c["definition"], c["used_in"], c["breaks"]) for c in found] == [("Line", [REQUESTS, RESPONSES], [B])]
    assert code == 1  # built in requests, although the root is only read


@pytest.mark.parametrize(
    ("fail_on", "edit", "code"),
    [
        ("reads", add_required("OrderInput", "email"), 0),  # breaks builders only
        ("builds", add_required("OrderInput", "email"), 1),
        ("reads", lambda s: schemas(s)["Status"]["enum"].append("refunded"), 1),
        ("builds", lambda s: schemas(s)["Status"]["enum"].append("refunded"), 0),
        ("breaking", add_required("Order", "total"), 0),  # a response model: only old payloads are rejected
        ("old-payloads", add_required("Order", "total"), 1),
        ("old-payloads", lambda s: schemas(s)["Status"]["enum"].append("refunded"), 0),
        ("breaking", lambda s: props(s, "Order")["note"].update(description="A note."), 0),
        ("any", lambda s: props(s, "Order")["note"].update(description="A note."), 1),
        ("any", lambda s: None, 0),
    ],
)
def test_fail_on_each_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fail_on: str, edit: Callable[[dict[str, Any]], None], code: int
) -> None:
    assert changes_of(tmp_path, capsys, edit, "--fail-on", fail_on)[0] == code


def test_the_text_report_says_where_each_model_travels(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = copy.deepcopy(SPEC)
    add_required("Profile", "id", {"type": "string", "readOnly": True})(new)
    schemas(new)["Status"]["enum"].append("refunded")
    props(new, "Orphan").pop("x")
    assert main(["diff", str(write(tmp_path / "old.yaml", SPEC)), str(write(tmp_path / "new.yaml", new))]) == 0
    out = capsys.readouterr().out
    assert "\nOrphan (used by no operation)\n  x: field removed (was str) [breaks code that reads, breaks code that builds]\n" in out
    assert "\nProfile (requests and responses)\n  id: required field added: str (responses) [rejects old payloads]\n" in out
    assert "\nStatus (responses)\n  values added: \"refunded\" [breaks code that reads]\n" in out


def test_a_broken_reference_in_an_operation_leaves_the_rest_of_the_directions(tmp_path: Path) -> None:
    spec = copy.deepcopy(SPEC)
    spec["paths"]["/orders"]["post"]["requestBody"] = {"$ref": "#/components/requestBodies/Missing"}
    spec["paths"]["/broken"] = {"$ref": "other.yaml#/paths/~1nowhere"}
    document, warnings = read_spec(write(tmp_path / "shop.yaml", spec))
    prepared = prepare_document(document, RefPolicy(), warnings)
    found = travel(Resolver(document), prepared.spec)
    assert found.of(prepared.spec.components["OrderInput"]) is None  # its only way in is broken
    assert found.of(prepared.spec.components["Order"]) == {RESPONSES}

"""Which way each model travels (directions.py): read in responses, built in requests, both, or by
no operation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from modelgen.app.pipeline import prepare_document, read_spec
from modelgen.commands.directions import REQUESTS, RESPONSES, travel
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

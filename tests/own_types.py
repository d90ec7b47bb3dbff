"""A type an application already has, which the case ``owntypes`` maps a schema to (the option
``types``): one class each flavour can validate, as docs/inputs.md says how.

A ``msgspec.Struct`` (msgspec decodes it as it is), with ``__get_pydantic_core_schema__``
(pydantic, and TypedDicts through ``TypeAdapter``) and ``from_json`` / ``to_json`` (the
dataclasses' runtime)."""

from __future__ import annotations

from typing import Any

import msgspec
from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema


class Money(msgspec.Struct, frozen=True):
    """An amount of a currency, as the application keeps it."""

    amount: str
    currency: str

    @classmethod
    def from_json(cls, value: Any) -> Money:
        return msgspec.convert(value, cls)

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = msgspec.to_builtins(self)
        return found

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.from_json, serialization=core_schema.plain_serializer_function_ser_schema(lambda m: m.to_json())
        )

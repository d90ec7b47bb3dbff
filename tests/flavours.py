"""One test adapter per flavour: how the tests decode a payload with a generated module, and
write it back. Adding a flavour to the generator means adding its adapter here."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

from modelgen import ir
from modelgen.flavours import NAMES, flavour_class
from pydantic import TypeAdapter, ValidationError


@dataclass(frozen=True)
class Adapter:
    name: str
    # the value decoded from a JSON payload; raises one of ``errors`` if it is rejected
    decode: Callable[[ModuleType, str, Any], Any]
    # the JSON form of a decoded value
    encode: Callable[[ModuleType, Any], Any]
    # the JSON Schema keywords of the constraints it checks (from the flavour's own declaration)
    checks: frozenset[str]
    # builds what the flavour's library builds on first use of a definition (its validator,
    # decoder or plan), without a payload; raises if the definition cannot be used
    build: Callable[[ModuleType, str], Any]
    # whether encode(decode(p)) == p; otherwise decoding the encoded value gives the same value
    # (msgspec leaves out values equal to their default, and keys a Struct does not declare)
    exact_round_trip: bool = True

    @property
    def checks_constraints(self) -> bool:
        return self.checks == CONSTRAINT_KEYWORDS

    def accepts(self, module: ModuleType, name: str, payload: Any) -> bool:
        try:
            self.decode(module, name, copy.deepcopy(payload))
        except ERRORS:
            return False
        return True

    def round_trips(self, module: ModuleType, name: str, payload: Any) -> bool:
        value = self.decode(module, name, copy.deepcopy(payload))
        encoded = self.encode(module, value)
        if self.exact_round_trip:
            return bool(encoded == payload)
        return bool(self.decode(module, name, encoded) == value)


def _msgspec_error() -> type[Exception]:
    import msgspec

    return msgspec.ValidationError


ERRORS: tuple[type[Exception], ...] = (ValidationError, ValueError, _msgspec_error())


@cache
def type_adapter(module: ModuleType, name: str) -> TypeAdapter[Any]:
    return TypeAdapter(getattr(module, name))


def _pydantic_decode(module: ModuleType, name: str, payload: Any) -> Any:
    return (type_adapter(module, name), type_adapter(module, name).validate_python(payload))


def _pydantic_encode(module: ModuleType, value: Any) -> Any:
    adapter, decoded = value
    return adapter.dump_python(decoded, mode="json", exclude_unset=True)


def _typeddict_decode(module: ModuleType, name: str, payload: Any) -> Any:
    return type_adapter(module, name).validate_python(payload, strict=True)


def _dataclasses_decode(module: ModuleType, name: str, payload: Any) -> Any:
    target = getattr(module, name)
    return target.from_dict(payload) if hasattr(target, "from_dict") else module.decode(target, payload)


def _msgspec_decode(module: ModuleType, name: str, payload: Any) -> Any:
    import msgspec

    return msgspec.convert(payload, type=getattr(module, name))


def _msgspec_encode(module: ModuleType, value: Any) -> Any:
    import msgspec

    return msgspec.to_builtins(value)


def _dataclasses_build(module: ModuleType, name: str) -> None:
    """The codec reads a definition's annotations on its first use: decoding anything does that
    (a payload the definition rejects is a ValueError; an annotation it cannot read is not)."""
    try:
        _dataclasses_decode(module, name, {})
    except ValueError:
        pass


def _msgspec_build(module: ModuleType, name: str) -> Any:
    import msgspec

    return msgspec.json.Decoder(getattr(module, name))


# The JSON Schema keywords behind each constraint of the IR (``min_length`` is ``minLength`` or ``minItems``).
KEYWORDS_OF = ir.CONSTRAINT_KEYWORDS
assert set(KEYWORDS_OF) == set(ir.Constraints.__slots__), "every constraint of the IR has its keywords here"


def checks(flavour: str) -> frozenset[str]:
    fields = flavour_class(flavour).enforced
    return frozenset(k for field, keywords in KEYWORDS_OF.items() if field in fields for k in keywords)


CONSTRAINT_KEYWORDS = frozenset(k for keywords in KEYWORDS_OF.values() for k in keywords)
ADAPTERS = {
    "pydantic": Adapter("pydantic", _pydantic_decode, _pydantic_encode, checks("pydantic"), type_adapter),
    # pydantic's TypeAdapter drops the keys a TypedDict does not declare
    "typeddict": Adapter(
        "typeddict", _typeddict_decode, lambda module, value: value, checks("typeddict"), type_adapter,
        exact_round_trip=False,
    ),
    "dataclasses": Adapter(
        "dataclasses", _dataclasses_decode, lambda module, value: module.encode(value), checks("dataclasses"),
        _dataclasses_build,
    ),
    "msgspec": Adapter(
        "msgspec", _msgspec_decode, _msgspec_encode, checks("msgspec"), _msgspec_build, exact_round_trip=False
    ),
}
assert set(ADAPTERS) == set(NAMES), "every flavour has a test adapter"

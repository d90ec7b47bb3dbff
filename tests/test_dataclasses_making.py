"""(issue 20) A compiled decoder makes the instance of a generated class itself: the
``__init__`` that ``dataclass`` writes only stores each argument, and calling it with every
field as a keyword costs five times those stores. It does so only where that is all that
would run; anywhere else (a ``__post_init__``, an ``__init__``, ``__new__`` or
``__setattr__`` of the class's own, slots, a class the standard decorator built) it calls
the class as before. Either way the instance is the same, attribute for attribute and in
the same order."""

from __future__ import annotations

import collections
import dataclasses
from dataclasses import field
from typing import Any, Literal

import pytest

from modelgen.flavours.dataclasses import compiler
from modelgen.flavours.dataclasses.deferred import _deferred
from modelgen.flavours.dataclasses.runtime import _json, _Model

dataclass = _deferred  # as in a generated module


@dataclass(kw_only=True)
class Plain(_Model):
    id: str
    kind: Literal["a", "b"]
    size: int | None = None
    ratio: float | None = field(default=None, metadata=_json(nullable=True))
    tags: list[str] = field(default_factory=lambda: [])
    additional_properties: dict[str, Any] = field(default_factory=lambda: {})


@dataclass(kw_only=True, frozen=True)
class Frozen(_Model):
    id: str
    size: int | None = None
    inner: Plain | None = None


@dataclass(kw_only=True)
class Checked(_Model):
    """A ``__post_init__``: it must run."""

    id: str

    def __post_init__(self) -> None:
        self.id = self.id.upper()


@dataclass(kw_only=True)
class Own(_Model):
    """An ``__init__`` of its own: the class is called."""

    id: str

    def __init__(self, *, id: str) -> None:  # noqa: A002
        self.id = "own:" + id


@dataclass(kw_only=True)
class Watched(_Model):
    id: str

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, ("seen", value))


@dataclasses.dataclass(kw_only=True)
class Standard(_Model):
    """Built by the standard decorator: its ``__init__`` is not known to be dataclass's."""

    id: str


PAYLOAD = {"id": "x", "kind": "a", "ratio": None, "tags": ["t"], "other": 1}


def called(cls: type[Any], data: dict[str, Any], **values: Any) -> Any:
    """What calling the class, as the codec did before, makes of ``values``."""
    made = cls(**values)
    object.__setattr__(made, "_fields_set", frozenset(data))
    return made


def test_a_generated_class_is_made_without_its_init_and_is_the_same_instance() -> None:
    decoded = Plain.from_dict(PAYLOAD)
    assert compiler._making(Plain) == "store"
    expected = called(Plain, PAYLOAD, id="x", kind="a", ratio=None, tags=["t"], additional_properties={"other": 1})
    assert list(vars(decoded).items()) == list(vars(expected).items())
    assert decoded == expected and decoded.to_dict() == PAYLOAD


def test_a_frozen_class_is_made_through_its_dict_and_stays_frozen() -> None:
    data = {"id": "y", "size": 3}
    decoded = Frozen.from_dict(data)
    assert compiler._making(Frozen) == "dict"
    expected = called(Frozen, data, id="y", size=3)
    assert list(vars(decoded).items()) == list(vars(expected).items())
    assert hash(decoded) == hash(expected)
    assert Frozen.from_dict({"id": "y", "inner": PAYLOAD}).inner == Plain.from_dict(PAYLOAD)
    with pytest.raises(dataclasses.FrozenInstanceError):
        decoded.id = "z"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("cls", "expected"),
    [(Checked, "X"), (Own, "own:x"), (Watched, ("seen", "x")), (Standard, "x")],
)
def test_a_class_that_runs_code_of_its_own_is_called(cls: type[Any], expected: Any) -> None:
    assert cls.from_dict({"id": "x"}).id == expected
    assert compiler._making(cls) == "call"


def test_a_dict_of_another_class_is_read_as_its_items() -> None:
    """A required key is looked up once, where it must be; a ``defaultdict`` does not make
    it up."""
    data = collections.defaultdict(lambda: "made up", {"id": "x", "kind": "b"})
    assert Plain.from_dict(data).kind == "b"
    with pytest.raises(ValueError, match=r"^Plain: missing required key 'kind'$"):
        Plain.from_dict(collections.defaultdict(lambda: "a", {"id": "x"}))
    assert "kind" not in data or data["kind"] == "b"

"""The ``dataclass`` decorator of the generated dataclasses modules applies the standard one when
a class is first used (flavours/dataclasses/deferred.py): importing a module of a thousand
classes no longer writes three methods for each. The classes are still real dataclasses, the
same as the standard decorator makes, whatever is asked of them first."""

from __future__ import annotations

import copy
import dataclasses
import importlib.util
import inspect
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from modelgen.flavours.dataclasses import deferred
from modelgen.flavours.dataclasses.runtime import _Model

ROOT = Path(__file__).resolve().parents[1]


def twins(frozen: bool = False) -> tuple[type[Any], type[Any]]:
    """The same class, made by the deferred decorator and by the standard one."""
    made = []
    for decorate in (deferred.dataclass, dataclasses.dataclass):

        @decorate(kw_only=True, frozen=frozen)
        class Pet(_Model):
            """A pet."""

            name: str
            age: int | None = None
            tags: list[str] = dataclasses.field(default_factory=list)

        made.append(Pet)
    return made[0], made[1]


USES = {
    "an instance": lambda cls: cls(name="rex"),
    "fields": dataclasses.fields,
    "is_dataclass": dataclasses.is_dataclass,
    "the signature": inspect.signature,
    "__match_args__": lambda cls: cls.__match_args__,
    "the codec": lambda cls: cls.from_dict({"name": "rex"}),
}


@pytest.mark.parametrize("first", list(USES))
def test_whatever_is_asked_first_the_class_is_the_standard_dataclass(first: str) -> None:
    lazy, standard = twins()
    assert lazy in deferred._WAITING and "__init__" not in vars(lazy)
    USES[first](lazy)
    assert lazy not in deferred._WAITING
    assert [(f.name, f.default, f.default_factory) for f in dataclasses.fields(lazy)] == [
        (f.name, f.default, f.default_factory) for f in dataclasses.fields(standard)
    ]
    assert str(inspect.signature(lazy)) == str(inspect.signature(standard))
    assert lazy.__match_args__ == standard.__match_args__ and lazy.__hash__ is None
    pet, twin = lazy(name="rex", tags=["a"]), standard(name="rex", tags=["a"])
    assert repr(pet) == repr(twin) and dataclasses.asdict(pet) == dataclasses.asdict(twin)
    assert pet == lazy(name="rex", tags=["a"]) and pet != lazy(name="rex")
    assert dataclasses.replace(pet, age=3) == lazy(name="rex", age=3, tags=["a"])
    assert copy.deepcopy(pet) == pet and lazy.__doc__ == "A pet."


def test_a_frozen_class_is_frozen_and_hashable_as_the_standard_makes_it() -> None:
    lazy, standard = twins(frozen=True)
    pet = lazy(name="rex")
    with pytest.raises(dataclasses.FrozenInstanceError):
        pet.name = "max"  # type: ignore[misc]
    assert hash(lazy(name="rex", tags=())) == hash(standard(name="rex", tags=()))
    assert pet.to_dict() == {"name": "rex"}


def test_a_subclass_of_a_waiting_class_has_its_fields() -> None:
    lazy, _ = twins()

    @dataclasses.dataclass(kw_only=True)
    class Mine(lazy):  # type: ignore[misc, valid-type]
        owner: str = "me"

    assert [f.name for f in dataclasses.fields(Mine)] == ["name", "age", "tags", "owner"]
    assert Mine(name="rex", owner="you").to_dict() == {"name": "rex", "owner": "you"}


def test_a_class_is_built_once_when_threads_ask_for_it_together() -> None:
    lazy, _ = twins()
    barrier, found = threading.Barrier(8), []

    def ask() -> None:
        barrier.wait()
        found.append(tuple((f.name, f.default_factory) for f in dataclasses.fields(lazy)))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(found)) == 1 and found[0][2] == ("tags", list)


def test_a_class_that_is_not_one_of_them_is_left_alone() -> None:
    class Plain(_Model):
        pass

    assert not dataclasses.is_dataclass(Plain) and repr(Plain()).startswith("<")
    assert Plain() != Plain() and hash(Plain()) != 0


def test_importing_a_generated_module_builds_no_class_until_it_is_used(tmp_path: Path) -> None:
    source = ROOT / "generated" / "assistants_dataclasses.py"
    spec = importlib.util.spec_from_file_location("assistants_deferred_probe", source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        classes = [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, module._Model)]
        assert len(classes) > 50 and all(cls in module._WAITING for cls in classes if cls is not module._Model)
        assert dataclasses.is_dataclass(module.RunObject) and module.RunObject not in module._WAITING
        assert module.ThreadObject in module._WAITING  # the others still wait
    finally:
        del sys.modules[spec.name]

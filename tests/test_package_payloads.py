"""The golden cases rendered as packages (their helpers imported from the package's runtime
module, their options applied to its base class) read each case's payloads exactly as the
single module does: the same verdicts, the same values written back."""

from __future__ import annotations

import copy
import importlib
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from modelgen.flavours import NAMES as FLAVOURS
from modelgen.flavours import reserved
from modelgen.naming import base_class_name
from modelgen.yaml_events import load_yaml

from tests.flavours import ADAPTERS, ERRORS
from tests.support import case_module, golden_path, render_package

# Cases whose modules use the helpers of every flavour (checks of literals, unique items, formats,
# tags, nulls) and the options that change a base class (frozen, unknown keys, base-class).
CASES = ("constraints", "formats", "options", "nullability", "unions", "tagged", "defaults", "descriptions")


@cache
def package_of(case: str, flavour: str, root: Path) -> ModuleType:
    """The case as a package, written under ``root`` and imported under a name of its own."""
    name = f"case_package_{case}_{flavour}"
    folder = root / name
    folder.mkdir(parents=True)
    for path, text in render_package(case, flavour).items():
        (folder / path.name).write_text(text, encoding="utf-8")
    sys.path.insert(0, str(root))
    try:
        package = importlib.import_module(name)
        if flavour == "dataclasses":  # (the adapter decodes and encodes through the module's functions)
            runtime = importlib.import_module(f"{name}._modelgen_runtime")
            package.decode, package.encode = runtime.decode, runtime.encode
    finally:
        sys.path.remove(str(root))
    return package


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("case_packages")


def verdict(flavour: str, module: ModuleType, name: str, payload: Any) -> tuple[bool, Any]:
    """Whether the flavour's model ``name`` accepts ``payload``, and what it writes back then."""
    adapter = ADAPTERS[flavour]
    try:
        value = adapter.decode(module, name, copy.deepcopy(payload))
    except ERRORS:
        return False, None
    return True, adapter.encode(module, value)


@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize("case", CASES)
def test_a_package_reads_the_payloads_as_the_single_module(case: str, flavour: str, root: Path) -> None:
    entries = load_yaml((golden_path(case, flavour).parent / "payloads.yaml").read_text(encoding="utf-8"))
    package, single = package_of(case, flavour, root), case_module(case, flavour)
    assert (Path(package.__file__ or "").parent / "_modelgen_runtime.py").is_file()
    for entry in entries:
        name = entry.get("class") or base_class_name((entry["schema"],), reserved())
        expected = verdict(flavour, single, name, entry["payload"])
        assert verdict(flavour, package, name, entry["payload"]) == expected, (name, entry["payload"])


@pytest.mark.parametrize("case", CASES)
def test_a_pydantic_package_gives_the_json_schemas_of_the_single_module(case: str, root: Path) -> None:
    """The descriptions read from the docstrings of each model's own module, by the runtime."""
    from pydantic import TypeAdapter

    package, single = package_of(case, "pydantic", root), case_module(case, "pydantic")
    for name in package.__all__:
        assert TypeAdapter(getattr(package, name)).json_schema() == TypeAdapter(getattr(single, name)).json_schema(), name

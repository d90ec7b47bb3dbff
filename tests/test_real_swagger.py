"""Real Swagger 2.0 documents (issue 21): Kubernetes' API, whose definitions have dotted names,
and Docker Engine's, with its operations, vendored in ``tests/real`` (see its README). Each
generates in every flavour with every operation, imports, and builds every model; the pydantic
modules pass ``mypy --strict``; no class is numbered."""

from __future__ import annotations

import ast
import gzip
import re
import subprocess
import sys
import typing
from pathlib import Path
from types import ModuleType

import msgspec
import pydantic
import pytest

from modelgen.cli import main
from modelgen.flavours import NAMES as FLAVOURS
from tests.support import REPO, import_file

REAL = REPO / "tests" / "real"
DOCUMENTS = {"kubernetes": "kubernetes-swagger.json.gz", "moby": "moby-swagger.yaml.gz"}
# at least this many classes with every operation (the definitions, their inline schemas, the
# operations' parameters, bodies and responses)
AT_LEAST = {"kubernetes": 1800, "moby": 330}


def unpacked(name: str, folder: Path) -> Path:
    """The vendored document ``name``, decompressed into ``folder``."""
    packed = REAL / DOCUMENTS[name]
    spec = folder / packed.name.removesuffix(".gz")
    spec.write_bytes(gzip.decompress(packed.read_bytes()))
    return spec


def generated(name: str, flavour: str, folder: Path) -> Path:
    out = folder / f"{name}_{flavour}.py"
    args = ["generate", str(unpacked(name, folder)), "--flavour", flavour, "--output", str(out), "--no-cache", "--quiet"]
    assert main([*args, "--operation", "*"]) == 0
    return out


def class_names(path: Path) -> list[str]:
    """The classes of a module, with the TypedDicts written as calls (``X = TypedDict("X", ...)``)."""
    names = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and ast.unparse(node.value.func) == "TypedDict":
            names.append(ast.unparse(node.targets[0]))
    return names


def build_all(module: ModuleType) -> int:
    """Build every model of ``module`` as its library would on first use; how many there are."""
    count = 0
    for value in list(vars(module).values()):
        if not isinstance(value, type) or value.__module__ != module.__name__:
            continue
        if issubclass(value, pydantic.BaseModel):
            value.model_rebuild(raise_errors=True)
            assert value.__pydantic_complete__, value
        elif issubclass(value, msgspec.Struct):
            msgspec.json.Decoder(value)
        else:  # a dataclass or a TypedDict: every annotation resolves
            typing.get_type_hints(value, include_extras=True)
        count += 1
    return count


@pytest.mark.slow
@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_real_swagger_generates_imports_and_builds(name: str, flavour: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = generated(name, flavour, tmp_path)
    capsys.readouterr()
    names = class_names(out)
    assert len(names) >= AT_LEAST[name]
    numbered = [n for n in names if re.search(r"\d$", n) or re.fullmatch(r"(Model|Object|Type|Schema)\d*", n)]
    assert numbered == []
    assert build_all(import_file(out)) >= AT_LEAST[name]


@pytest.mark.slow
def test_kubernetes_dotted_names_are_their_shortest_distinct_tails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "k8s.py"
    spec = unpacked("kubernetes", tmp_path)
    assert main(["generate", str(spec), "--flavour", "pydantic", "--output", str(out), "--no-cache", "--quiet"]) == 0
    capsys.readouterr()
    names = set(class_names(out))
    # a unique last segment is the name; a shared one takes as many segments as tell them apart
    assert {"Pod", "Status", "ObjectMeta", "Deployment"} <= names
    assert {"V1ResourceClaimStatus", "V1beta1ResourceClaimStatus", "V1HorizontalPodAutoscalerStatus"} <= names
    assert "ResourceClaimStatus" not in names
    assert not any(n.startswith(("Io", "IoK8s")) for n in names)
    text = out.read_text(encoding="utf-8")
    assert "class Pod(_Base):\n" in text and "    metadata: Annotated[ObjectMeta | None, _NOT_NULL] = None\n" in text


@pytest.mark.slow
@pytest.mark.external
def test_real_swagger_pydantic_modules_pass_mypy_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = [generated(name, "pydantic", tmp_path) for name in sorted(DOCUMENTS)]
    capsys.readouterr()
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--no-incremental", *map(str, paths)],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]

"""Package output (an ``output`` without ``.py``): one module per group of models, an
``__init__.py`` that imports a model's module on first use, the runtime module written once, and
everything a single module has (``--check``, staleness, orphans, all-or-none writes)."""

from __future__ import annotations

import ast
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from modelgen.cli import main
from modelgen.flavours import NAMES as FLAVOURS
from tests.support import PACKAGE_CASES, PACKAGES, REPO, pyright_strict, render_package, ruff

SPEC = PACKAGES / "spec.yaml"

# A payload of every model and alias of tests/packages/spec.yaml: each is built and validated.
PAYLOADS: dict[str, Any] = {
    "TreeNode": {"children": [{"forest": {"root": {"children": []}}}], "forest": {"root": {}, "size": 2}},
    "ForestPart": {"root": {"forest": {"root": {}}}},
    "ChainLink": {"value": 1, "next": [{"value": 2, "next": []}]},
    "LinkList": [{"value": 1}, {"value": 2, "next": [{"value": 3}]}],
    "Animal": {"type": "dog", "good": True},
    "CatAnimal": {"type": "cat", "lives": 9},
    "DogAnimal": {"type": "dog"},
    "NoteBook": {"data": {"a": [1, "x", None, {"b": True}]}},
    "JsonValue": [1, {"x": None, "y": ["z"]}],
    "Owner": {"name": "Ann", "pets": [{"name": "Rex", "kind": "dog"}]},
    "PetPage": {"items": [{"name": "Rex"}, {"name": "Tom", "kind": "cat"}]},
    "Pet": {"name": "Rex"},
    "Kind": "cat",
}
# ... and what each must refuse: the error is deep in another module's model.
INVALID: dict[str, Any] = {
    "TreeNode": {"children": [{"forest": {"root": {"children": [{"forest": {"root": 5}}]}}}]},
    "ChainLink": {"value": 1, "next": [{"value": "two"}]},
    "Animal": {"type": "dog", "good": {"very": True}},
    "Owner": {"name": "Ann", "pets": [{"name": "Rex", "kind": "cow"}]},
}


def generate_package(folder: Path, flavour: str, *extra: str, spec: Path = SPEC) -> Path:
    assert main(["generate", str(spec), "--flavour", flavour, "--output", str(folder), "--no-cache", "--quiet", *extra]) == 0
    return folder


@pytest.fixture
def packages(tmp_path: Path) -> Iterator[dict[str, ModuleType]]:
    """The package of tests/packages/spec.yaml in every flavour, imported (under names of this test)."""
    found = {}
    sys.path.insert(0, str(tmp_path))
    try:
        for flavour in FLAVOURS:
            name = f"pets_{flavour}_{tmp_path.name.replace('-', '_')}"
            generate_package(tmp_path / name, flavour)
            found[flavour] = importlib.import_module(name)
        yield found
    finally:
        sys.path.remove(str(tmp_path))


def validate(flavour: str, package: ModuleType, name: str, payload: Any, runtime_name: str | None = None) -> Any:
    """``payload`` read as the model or alias ``name`` of ``package`` (or of a single module, whose
    runtime module is ``runtime_name``), as the flavour reads JSON."""
    target = getattr(package, name)
    text = json.dumps(payload)
    if flavour == "dataclasses":
        runtime = importlib.import_module(runtime_name or f"{package.__name__}._modelgen_runtime")
        return target.from_dict(json.loads(text)) if isinstance(target, type) else runtime.decode(target, json.loads(text))
    if flavour == "msgspec":
        import msgspec

        return msgspec.json.decode(text, type=target)
    from pydantic import TypeAdapter

    return TypeAdapter(target).validate_json(text)


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_every_model_builds_and_validates_across_modules(packages: dict[str, ModuleType], flavour: str) -> None:
    package = packages[flavour]
    # (and msgspec's tagged forms of the union's members, which the union holds: see test_unions)
    tagged = ["CatAnimalTagged", "DogAnimalTagged"] if flavour == "msgspec" else []
    assert sorted(package.__all__) == sorted([*PAYLOADS, *tagged]), "a payload for every model"
    for name, payload in PAYLOADS.items():
        validate(flavour, package, name, payload)
    for name, payload in INVALID.items():
        with pytest.raises(ValueError):
            validate(flavour, package, name, payload)


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_recursion_across_modules_reads_whole(packages: dict[str, ModuleType], flavour: str) -> None:
    """A TreeNode (module tree) holds a ForestPart (module forest) that holds a TreeNode."""
    package = packages[flavour]
    tree = validate(flavour, package, "TreeNode", PAYLOADS["TreeNode"])
    animal = validate(flavour, package, "Animal", PAYLOADS["Animal"])
    if flavour == "typeddict":
        assert tree == PAYLOADS["TreeNode"] and animal == PAYLOADS["Animal"]
        return
    assert type(tree.children[0].forest.root) is package.TreeNode
    assert type(tree.forest) is package.ForestPart and tree.forest.size == 2
    assert type(animal) is (package.DogAnimalTagged if flavour == "msgspec" else package.DogAnimal)
    if flavour == "dataclasses":
        assert tree.to_dict() == PAYLOADS["TreeNode"]


def top_level_names(text: str) -> set[str]:
    """The classes, functions and variables a module's text defines at its top level."""
    found = set()
    for node in ast.parse(text).body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            found.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found.update(t.id for t in targets if isinstance(t, ast.Name))
    return found


# What each flavour's runtime module defines, at least (the rest: tests/packages/*/_modelgen_runtime.py)
RUNTIME_HOLDS = {
    "dataclasses": {"_Model", "_decoder", "_Tag"},
    "pydantic": {"_Base", "_NotNull", "_NOT_NULL", "_describe", "_unbuilt", "_uuid_text", "_datetime_text", "_DateTime", "_tagged_by", "_unique"},
    "msgspec": {"_Base", "_finite"},
    "typeddict": {"_Before", "_not_bool", "_never", "_unique"},
}


def test_the_runtime_module_holds_every_helper_a_module_may_use() -> None:
    """Each helper of templates/helpers/ that a flavour's modules may use is in its runtime module
    (a module of a package that used another would import a name the runtime lacks)."""
    from modelgen.flavours import flavour_class
    from modelgen.render.module import render_runtime
    from modelgen.render.templates import template_dir

    written = {p.stem for p in (template_dir() / "helpers").glob("*.jinja")}
    used = set()
    for flavour in FLAVOURS:
        helpers = flavour_class(flavour).runtime_helpers
        used.update(helpers)
        defined = top_level_names(render_runtime(flavour_class(flavour)) or "")
        assert {"_Before" if h == "before" else f"_{h}" for h in helpers} <= defined, flavour
    assert used == written, "a helper that no flavour's runtime module holds"


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_the_modules_of_a_package_share_one_runtime_module(packages: dict[str, ModuleType], flavour: str) -> None:
    """The runtime module holds every helper the flavour's modules may use, and no module of
    the package defines one of them (they import them)."""
    package = packages[flavour]
    folder = Path(package.__file__ or "").parent
    runtime = top_level_names((folder / "_modelgen_runtime.py").read_text(encoding="utf-8"))
    assert RUNTIME_HOLDS[flavour] <= runtime
    helpers = {name for name in runtime if name.startswith("_") and not name.startswith("__")}
    for path in folder.glob("*.py"):
        if path.name not in ("__init__.py", "_modelgen_runtime.py"):
            text = path.read_text(encoding="utf-8")
            assert not top_level_names(text) & helpers, path.name
            assert not [n for n in ast.parse(text).body if isinstance(n, ast.FunctionDef)], path.name
    if flavour != "typeddict":
        bases = {package.TreeNode.__mro__[1], package.ForestPart.__mro__[1], package.Owner.__mro__[1]}
        assert len(bases) == 1 and bases.pop().__module__.endswith("._modelgen_runtime"), "one base class for every model"
    assert not any("_modelgen_runtime" in p.name for p in folder.parent.glob("*.py")), "not beside the package"


@pytest.mark.parametrize("flavour", ["pydantic", "msgspec"])
def test_two_packages_in_one_process_keep_their_own_configuration(tmp_path: Path, flavour: str) -> None:
    """A package frozen and closed to unknown keys beside one with the defaults: each has its own
    runtime module (a base class of its own), and the options of one do not reach the other's models."""
    sys.path.insert(0, str(tmp_path))
    try:
        loose = generate_package(tmp_path / f"loose_{flavour}", flavour)
        strict = generate_package(tmp_path / f"strict_{flavour}", flavour, "--frozen", "--unknown-keys", "forbid")
        packages = [importlib.import_module(folder.name) for folder in (loose, strict)]
        runtimes = [importlib.import_module(f"{folder.name}._modelgen_runtime") for folder in (loose, strict)]
    finally:
        sys.path.remove(str(tmp_path))
    assert runtimes[0].Base is not runtimes[1].Base
    payload = {**PAYLOADS["Owner"], "nickname": "A"}
    owners = [validate(flavour, package, "Owner", payload) for package in packages[:1]]
    with pytest.raises(ValueError):
        validate(flavour, packages[1], "Owner", payload)
    owners.append(validate(flavour, packages[1], "Owner", PAYLOADS["Owner"]))
    owners[0].name = "Bo"
    owners[0].pets[0].name = "Max"
    with pytest.raises((ValueError, AttributeError)):
        owners[1].name = "Bo"
    with pytest.raises((ValueError, AttributeError)):
        owners[1].pets[0].name = "Max"
    for package, runtime in zip(packages, runtimes):  # each model's bases are of its own package
        assert {c.__module__ for c in package.Owner.__mro__} & {r.__name__ for r in runtimes} == {runtime.__name__}


PATTERNS = """\
openapi: 3.1.0
info: {title: patterns, version: '1'}
paths: {}
components:
  schemas:
    SlugText: {type: string, pattern: '^(?!-)[a-z-]+$'}
    PageRecord:
      type: object
      properties: {slug: {$ref: '#/components/schemas/SlugText'}, size: {type: integer}}
    BookShelf:
      type: object
      properties: {page: {$ref: '#/components/schemas/PageRecord'}}
"""


def test_a_model_that_compiles_a_pattern_of_another_module_reads_it_with_python_re(tmp_path: Path) -> None:
    """A lookahead (which pydantic's default engine lacks) in an alias of one module, used by a
    model of another: that model, and only it, says which engine its patterns need."""
    spec = tmp_path / "patterns.yaml"
    spec.write_text(PATTERNS, encoding="utf-8")
    folder = generate_package(tmp_path / "patterns", "pydantic", spec=spec)
    configured = {p.stem for p in folder.glob("*.py") if 'regex_engine="python-re"' in p.read_text(encoding="utf-8")}
    assert configured == {"page"}
    sys.path.insert(0, str(tmp_path))
    try:
        package = importlib.import_module("patterns")
    finally:
        sys.path.remove(str(tmp_path))
    assert validate("pydantic", package, "BookShelf", {"page": {"slug": "a-b"}}).page.slug == "a-b"
    with pytest.raises(ValueError, match="should match pattern"):
        validate("pydantic", package, "BookShelf", {"page": {"slug": "-ab"}})


def modules_loaded(folder: Path, statement: str) -> set[str]:
    """The modules of the package in ``folder`` that a fresh interpreter has loaded after ``statement``."""
    name = folder.name
    code = (
        f"import sys; sys.path.insert(0, {str(folder.parent)!r}); {statement}; "
        f"print(sorted(m for m in sys.modules if m == {name!r} or m.startswith({name + '.'!r})))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {m.removeprefix(name).lstrip(".") for m in json.loads(done.stdout.replace("'", '"'))}


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_model_loads_its_module_and_what_it_needs_only(tmp_path: Path, flavour: str) -> None:
    folder = generate_package(tmp_path / "pets", flavour)
    # (the modules of TypedDicts here use no helper: they import nothing of the runtime module)
    runtime = {"_modelgen_runtime"} if flavour != "typeddict" else set()
    assert modules_loaded(folder, "import pets") == {""}, "the package alone imports no module of models"
    assert modules_loaded(folder, "from pets import TreeNode") == {"", "tree", "forest"} | runtime
    assert modules_loaded(folder, "from pets import PetPage") == {"", "pets", "shared"} | runtime
    assert modules_loaded(folder, "from pets import Animal") == {"", "animal", "cat", "dog"} | runtime
    assert modules_loaded(folder, "import pets; assert len(dir(pets)) > 13") == {""}


def test_the_package_exposes_every_model_by_name(packages: dict[str, ModuleType]) -> None:
    package = packages["pydantic"]
    assert set(package.__all__) <= set(dir(package))
    from_module = importlib.import_module(f"{package.__name__}.owners").Owner
    assert package.Owner is from_module
    with pytest.raises(AttributeError, match="has no attribute 'Nothing'"):
        package.Nothing  # noqa: B018


def test_group_rule(tmp_path: Path) -> None:
    """Tags decide (one tag: its module; several: shared); else the first word of the name; a
    cycle through an alias stays in one module; a module named like the standard library's gets
    an underscore."""
    folder = generate_package(tmp_path / "pets", "pydantic")
    modules = {p.stem for p in folder.glob("*.py")}
    assert modules - {"_modelgen_runtime"} == {"__init__", "pets", "owners", "shared", "tree", "forest", "chain", "animal", "cat", "dog", "note", "json_"}
    init = (folder / "__init__.py").read_text(encoding="utf-8")
    for name, module in [("PetPage", "pets"), ("Owner", "owners"), ("Pet", "shared"), ("Kind", "shared"), ("LinkList", "chain")]:
        assert name in init.partition(f'    "{module}": [\n')[2].partition("]")[0], name


WEBHOOKS = """\
openapi: 3.1.0
info: {title: hooks, version: '1'}
webhooks:
  order-created:
    post:
      operationId: order/created
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/OrderCreated'}}}}
      responses: {'200': {description: ok}}
  order-cancelled:
    post:
      operationId: order/cancelled
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {order: {$ref: '#/components/schemas/OrderLine'}, reason: {type: string}}}
      responses: {'200': {description: ok}}
  ping:
    post:
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/PingEvent'}}}}
      responses: {'200': {description: ok}}
  billing-charged:
    post:
      tags: [Billing]
      operationId: billing/charged
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/WebhookCharge'}}}}
      responses: {'200': {description: ok}}
components:
  schemas:
    OrderCreated:
      type: object
      properties: {order: {$ref: '#/components/schemas/OrderLine'}, sender: {$ref: '#/components/schemas/WebhookSender'}}
    OrderLine: {type: object, properties: {sku: {type: string}}}
    PingEvent:
      type: object
      properties: {sender: {$ref: '#/components/schemas/WebhookSender'}}
    WebhookSender: {type: object, properties: {login: {type: string}}}
    WebhookCharge: {type: object, properties: {cents: {type: integer}}}
"""


def test_webhooks_are_grouped_by_their_event(tmp_path: Path) -> None:
    """A webhook without tags is grouped by its event (its operationId up to `/`, else its name),
    as a tag is, so a spec of many webhooks whose schemas share a first word (GitHub's
    `Webhook...`) does not become one module; a tagged webhook keeps its tag."""
    spec = tmp_path / "hooks.yaml"
    spec.write_text(WEBHOOKS, encoding="utf-8")
    folder = generate_package(tmp_path / "hooks", "pydantic", spec=spec)
    init = (folder / "__init__.py").read_text(encoding="utf-8")
    homes = {}
    for module in {p.stem for p in folder.glob("*.py")} - {"__init__"}:
        for name in init.partition(f'    "{module}": [\n')[2].partition("]")[0].split():
            homes[name.strip('",')] = module
    assert homes["OrderCreated"] == homes["OrderLine"] == "order"
    assert homes["PingEvent"] == "ping"
    assert homes["WebhookSender"] == "shared"  # (the events order and ping)
    assert homes["WebhookCharge"] == "billing"


def test_a_read_and_a_write_view_go_where_the_operations_that_use_each_go(tmp_path: Path) -> None:
    """Customer travels both ways: its read view goes with the operation that returns it, its
    write view (CustomerRequest) with the one that sends it; the write view was placed by its
    first word, as if no operation used it, and the read view counted both tags."""
    spec = tmp_path / "shop.yaml"
    body = "{content: {application/json: {schema: {$ref: '#/components/schemas/Customer'}}}}"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /orders:\n    post:\n      operationId: createOrder\n"
        f"      tags: [orders]\n      requestBody: {body}\n      responses: {{'204': {{description: ok}}}}\n"
        "  /customers:\n    get:\n      operationId: getCustomer\n      tags: [customers]\n"
        f"      responses: {{'200': {{description: ok, {body[1:-1]}}}}}\n"
        "components:\n  schemas:\n    Customer:\n      type: object\n      required: [id, password, address]\n"
        "      properties:\n        id: {type: string, readOnly: true}\n        password: {type: string, writeOnly: true}\n"
        "        address: {type: object, properties: {zip: {type: string}}}\n",
        encoding="utf-8",
    )
    folder = generate_package(tmp_path / "shop", "pydantic", spec=spec)
    classes = {p.stem: re.findall(r"^class ([A-Z]\w*)\(", p.read_text(encoding="utf-8"), re.M) for p in folder.glob("*.py")}
    assert {module: found for module, found in classes.items() if found} == {
        "customers": ["Customer"], "orders": ["CustomerRequest"], "shared": ["CustomerAddress"],
    }  # fmt: skip


def test_a_package_of_no_model_imports(tmp_path: Path) -> None:
    """A selection with no model (every operation of a spec that has only webhooks) is still a
    package that imports and exports nothing."""
    spec = tmp_path / "hooks.yaml"
    spec.write_text(WEBHOOKS, encoding="utf-8")
    generate_package(tmp_path / "nothing", "pydantic", "--operation", "*", spec=spec)
    found = subprocess.run([sys.executable, "-c", "import nothing; print(nothing.__all__)"], cwd=tmp_path, capture_output=True, text=True)
    assert found.returncode == 0 and found.stdout.strip() == "[]", found.stderr


def test_a_package_is_stable_when_an_unrelated_schema_is_added(tmp_path: Path) -> None:
    before = generate_package(tmp_path / "before", "pydantic")
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.read_text(encoding="utf-8") + "    Zebra:\n      type: object\n", encoding="utf-8")
    after = generate_package(tmp_path / "after", "pydantic", spec=spec)
    new = {p.name for p in after.glob("*.py")} - {p.name for p in before.glob("*.py")}
    assert new == {"zebra.py"}
    for path in before.glob("*.py"):
        if path.name != "__init__.py":
            body = path.read_text(encoding="utf-8").partition("\n\n")[2]
            assert (after / path.name).read_text(encoding="utf-8").partition("\n\n")[2] == body, path.name


# -- everything else holds for packages --------------------------------------------------------


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_check_stale_orphans_and_the_fast_path(tmp_path: Path, capsys: pytest.CaptureFixture[str], flavour: str) -> None:
    folder = generate_package(tmp_path / "pets", flavour)
    capsys.readouterr()
    assert main(["generate", str(SPEC), "--flavour", flavour, "--output", str(folder), "--check", "--no-cache"]) == 0
    assert "0 stale" in capsys.readouterr().err
    assert main(["generate", str(SPEC), "--flavour", flavour, "--output", str(folder), "--no-cache"]) == 0
    assert "0 written" in capsys.readouterr().err
    (folder / "helpers.py").write_text("VALUE = 1\n", encoding="utf-8")  # the user's: never removed
    shutil.copy(folder / "owners.py", folder / "copy_of_owners.py")  # a copy: not what the package wrote there
    spec = tmp_path / "spec.yaml"  # the Owners operation gone: Owner is grouped by name, Pet is the Pets' alone
    spec.write_text(SPEC.read_text(encoding="utf-8").replace("      tags: [Owners]\n", ""), encoding="utf-8")
    args = ["generate", str(spec), "--flavour", flavour, "--output", str(folder), "--no-cache"]
    assert main([*args, "--check"]) == 1
    captured = capsys.readouterr()
    assert f"{folder / 'owners.py'}: stale: its package no longer has this module; generate removes it" in captured.err
    assert f"{folder / 'shared.py'}: stale" in captured.err and "+++ " in captured.out
    assert main(args) == 0
    kept = {p.name for p in folder.glob("*.py")}
    assert "owners.py" not in kept and "shared.py" not in kept and {"owner.py", "helpers.py", "copy_of_owners.py"} <= kept
    assert "_modelgen_runtime.py" in kept
    assert main([*args, "--check"]) == 0
    runtime = folder / "_modelgen_runtime.py"  # edited by hand: stale, and written again
    runtime.write_text(runtime.read_text(encoding="utf-8") + "HAND_EDITED = 1\n", encoding="utf-8")
    assert main([*args, "--check"]) == 1
    err = capsys.readouterr().err
    assert f"{runtime}: stale: the file was edited by hand" in err and "to bring them up to date, run: modelgen generate " in err
    assert main(args) == 0 and "HAND_EDITED" not in runtime.read_text(encoding="utf-8")


def test_a_module_edited_by_hand_is_stale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = generate_package(tmp_path / "pets", "msgspec")
    path = folder / "tree.py"
    path.write_text(path.read_text(encoding="utf-8") + "EXTRA = 1\n", encoding="utf-8")
    assert main(["generate", str(SPEC), "--flavour", "msgspec", "--output", str(folder), "--check", "--no-cache"]) == 1
    assert f"{path}: stale: the file was edited by hand" in capsys.readouterr().err
    generate_package(folder, "msgspec")
    assert "EXTRA" not in path.read_text(encoding="utf-8")


def test_a_missing_module_is_written_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = generate_package(tmp_path / "pets", "typeddict")
    (folder / "forest.py").unlink()
    assert main(["generate", str(SPEC), "--flavour", "typeddict", "--output", str(folder), "--check", "--no-cache"]) == 1
    generate_package(folder, "typeddict")
    assert (folder / "forest.py").is_file()


def test_inline_runtime_is_refused_for_a_package(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["generate", str(SPEC), "--flavour", "dataclasses", "--output", str(tmp_path / "pets"), "--runtime", "inline"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "is a package (no .py)" in err and "Traceback" not in err


def test_a_written_module_of_another_kind_is_refused_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "pets"
    folder.mkdir()
    (folder / "tree.py").write_text("# mine\n", encoding="utf-8")
    assert main(["generate", str(SPEC), "--flavour", "pydantic", "--output", str(folder), "--no-cache"]) == 2
    assert "was not generated by modelgen" in capsys.readouterr().err
    assert (folder / "tree.py").read_text(encoding="utf-8") == "# mine\n" and not (folder / "__init__.py").exists()


# -- the runtime module of a folder of single modules ----------------------------------------------


def make_project(tmp_path: Path, runtime: str) -> Path:
    """Two dataclasses modules in one folder, two pydantic modules in another (one of them with
    options that change the configuration of its models)."""
    shutil.copy(SPEC, tmp_path / "spec.yaml")
    for folder in ("models", "models/api"):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.modelgen]\nspec = "spec.yaml"\nruntime = "{runtime}"\n'
        '[[tool.modelgen.jobs]]\nflavour = "dataclasses"\noutput = "models/trees.py"\nroots = ["TreeNode"]\n'
        '[[tool.modelgen.jobs]]\nflavour = "dataclasses"\noutput = "models/owners.py"\nroots = ["Owner", "JsonValue"]\n'
        '[[tool.modelgen.jobs]]\nflavour = "pydantic"\noutput = "models/api/owners.py"\nroots = ["Owner"]\n'
        '[[tool.modelgen.jobs]]\nflavour = "pydantic"\noutput = "models/api/strict.py"\nroots = ["Owner"]\n'
        'frozen = true\nunknown-keys = "forbid"\n',
        encoding="utf-8",
    )
    return tmp_path


def fresh_models(monkeypatch: pytest.MonkeyPatch, project: Path) -> None:
    """The package ``models`` of ``project`` importable, not another test's of the same name."""
    for name in [m for m in sys.modules if m == "models" or m.startswith("models.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.syspath_prepend(str(project))


def test_single_modules_share_the_runtime_module_of_their_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, "shared")
    monkeypatch.chdir(project)
    assert main(["generate", "--no-cache"]) == 0
    runtimes = sorted(p.relative_to(project).as_posix() for p in project.rglob("_modelgen_runtime.py"))
    assert runtimes == ["models/_modelgen_runtime.py", "models/api/_modelgen_runtime.py"], "once per folder"
    header = (project / runtimes[0]).read_text(encoding="utf-8").split("\n")[:2]
    assert header[0].startswith("# Generated by modelgen") and "Runtime version 0.1.0+" in header[1]
    for name in ("trees", "owners"):
        text = (project / "models" / f"{name}.py").read_text(encoding="utf-8")
        assert "from ._modelgen_runtime import Model as _Model" in text and "def _decoder" not in text
    fresh_models(monkeypatch, project)
    trees = importlib.import_module("models.trees")
    owners = importlib.import_module("models.owners")
    assert trees.TreeNode.from_dict(PAYLOADS["TreeNode"]).to_dict() == PAYLOADS["TreeNode"]
    assert owners.Owner.from_dict(PAYLOADS["Owner"]).pets[0].name == "Rex"
    runtime = importlib.import_module("models._modelgen_runtime")
    assert runtime.decode(owners.JsonValue, PAYLOADS["JsonValue"]) == PAYLOADS["JsonValue"]
    assert trees.TreeNode.__mro__[1] is owners.Owner.__mro__[1]
    capsys.readouterr()
    assert main(["generate", "--no-cache"]) == 0 and "0 written" in capsys.readouterr().err
    # back to a copy in each module: the runtime modules, which no job imports any more, go
    config = project / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('runtime = "shared"', 'runtime = "inline"'), encoding="utf-8")
    assert main(["generate", "--check", "--no-cache"]) == 1
    assert main(["generate", "--no-cache"]) == 0
    assert not any((project / runtime).exists() for runtime in runtimes)
    assert "def _decoder" in (project / "models" / "trees.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_single_module_imports_the_runtime_module_beside_it(tmp_path: Path, flavour: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``runtime = "shared"`` beside a single module, in every flavour: the module defines no
    helper of the runtime module's, and reads every payload as the package does."""
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "__init__.py").write_text("", encoding="utf-8")
    out = tmp_path / "models" / "pets.py"
    assert main(["generate", str(SPEC), "--flavour", flavour, "--output", str(out), "--runtime", "shared", "--no-cache", "--quiet"]) == 0
    runtime = top_level_names((tmp_path / "models" / "_modelgen_runtime.py").read_text(encoding="utf-8"))
    assert RUNTIME_HOLDS[flavour] <= runtime
    assert not top_level_names(out.read_text(encoding="utf-8")) & {n for n in runtime if n.startswith("_") and not n.startswith("__")}
    fresh_models(monkeypatch, tmp_path)
    module = importlib.import_module("models.pets")
    for name, payload in PAYLOADS.items():
        validate(flavour, module, name, payload, "models._modelgen_runtime")
    for name, payload in INVALID.items():
        with pytest.raises(ValueError):
            validate(flavour, module, name, payload, "models._modelgen_runtime")


def test_jobs_sharing_a_runtime_module_keep_their_own_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two pydantic modules of one folder, one frozen and closed to unknown keys: one runtime
    module, and each model has the configuration of its own job, as a single module has it."""
    project = make_project(tmp_path, "shared")
    monkeypatch.chdir(project)
    assert main(["generate", "--no-cache", "--quiet"]) == 0
    strict_text = (project / "models" / "api" / "strict.py").read_text(encoding="utf-8")
    assert "class _Base(_RuntimeBase):" in strict_text and "def " not in strict_text
    fresh_models(monkeypatch, project)
    runtime = importlib.import_module("models.api._modelgen_runtime")
    owners = importlib.import_module("models.api.owners")
    strict = importlib.import_module("models.api.strict")
    assert owners.Owner.__mro__[1] is runtime.Base and strict.Owner.__mro__[2] is runtime.Base
    payload = {**PAYLOADS["Owner"], "nickname": "A"}
    loose = owners.Owner.model_validate_json(json.dumps(payload))
    assert loose.model_extra == {"nickname": "A"}
    loose.name = "Bo"
    with pytest.raises(ValueError, match="Extra inputs are not permitted"):
        strict.Owner.model_validate_json(json.dumps(payload))
    fixed = strict.Owner.model_validate_json(json.dumps(PAYLOADS["Owner"]))
    with pytest.raises(ValueError, match="frozen"):
        fixed.name = "Bo"
    assert loose.pets[0].model_config.get("frozen") is None and fixed.pets[0].model_config["frozen"] is True


def test_jobs_of_two_flavours_cannot_share_a_runtime_module(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path, "shared")
    config = project / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("models/api/owners.py", "models/owners_pydantic.py"), encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["generate", "--no-cache", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "models/_modelgen_runtime.py: the dataclasses job of models/trees.py and the pydantic job of" in err
    assert "Traceback" not in err and not list(project.rglob("*_modelgen_runtime.py")), "nothing written"


def test_single_modules_are_self_contained_by_default(tmp_path: Path) -> None:
    out = tmp_path / "models.py"
    assert main(["generate", str(SPEC), "--flavour", "dataclasses", "--output", str(out), "--no-cache", "--quiet"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["models.py"]
    assert "def _decoder" in out.read_text(encoding="utf-8")


# -- a run killed while it writes a package ----------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="a process to kill")
def test_a_run_killed_while_writing_a_package_leaves_one_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_integrity import run_killed_at

    shutil.copy(SPEC, tmp_path / "spec.yaml")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.modelgen]\nspec = "spec.yaml"\n[[tool.modelgen.jobs]]\nflavour = "dataclasses"\noutput = "pets"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--quiet", "--no-cache"]) == 0
    folder = tmp_path / "pets"
    old = {p.name: p.read_bytes() for p in folder.iterdir()}
    (tmp_path / "spec.yaml").write_text(SPEC.read_text(encoding="utf-8").replace("      tags: [Owners]\n", ""), encoding="utf-8")
    assert main(["generate", "--quiet", "--no-cache"]) == 0
    new = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert set(old) - set(new) == {"owners.py", "shared.py"} and set(new) - set(old) == {"owner.py"}
    for step in range(1, 100):
        shutil.rmtree(folder)
        folder.mkdir()
        for name, data in old.items():
            (folder / name).write_bytes(data)
        killed = run_killed_at(step)
        now = {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.endswith(".tmp")}
        stopped = (tmp_path / ".modelgen-journal").exists()
        assert now in (old, new) or stopped, f"step {step}: a mixed package, and nothing says so"
        assert main(["generate", "--quiet", "--no-cache"]) == 0
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == new, f"step {step}"
        if not killed:
            assert step > 5, "the run changes the file system in several steps"
            break


# -- the generated code passes the checkers ----------------------------------------------------------


@pytest.mark.slow
@pytest.mark.external
def test_packages_pass_mypy_pyright_ruff_and_black(tmp_path: Path) -> None:
    folders = []
    # (and cases that use every helper: not committed)
    for case in (*PACKAGE_CASES, "formats", "constraints", "descriptions"):
        for flavour in FLAVOURS:
            for path, text in render_package(case, flavour).items():
                target = tmp_path / path.parent.name / path.name
                target.parent.mkdir(exist_ok=True)
                target.write_text(text, encoding="utf-8")
                folders.append(target.parent)
    folders = sorted(set(folders))
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--no-incremental", *map(str, folders)],
        capture_output=True, text=True, cwd=tmp_path, check=False, env={**os.environ, "MYPYPATH": str(REPO)},
    )  # fmt: skip
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    pyright = pyright_strict(folders, tmp_path)
    assert pyright.returncode == 0 and "0 errors, 0 warnings" in pyright.stdout, pyright.stdout
    for result in (ruff(folders), ruff(folders, format_check=True)):
        assert result.returncode == 0, result.stdout + result.stderr
    black = subprocess.run([sys.executable, "-m", "black", "--check", "-q", *map(str, folders)], capture_output=True, text=True, check=False)
    assert black.returncode == 0, black.stderr


def test_the_committed_packages_are_where_the_tests_look() -> None:
    assert all((PACKAGES / f"{case}_pydantic" / "__init__.py").is_file() for case in PACKAGE_CASES)
    assert REPO in PACKAGES.parents


def test_the_parse_cache_keeps_what_the_operations_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A package made from the parse cache is the package made from the spec (the cache once lost
    the tags, and every model went to the module of its first word)."""
    from modelgen.app.codec import decode, encode
    from modelgen.app.pipeline import prepare

    prepared = prepare(SPEC, seeds=True)
    assert prepared.seeds and decode(encode(prepared)) == prepared
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    made = []
    for name in ("first", "second"):  # the second from the cache
        folder = tmp_path / name
        assert main(["generate", str(SPEC), "--flavour", "pydantic", "--output", str(folder), "--quiet"]) == 0
        made.append({p.name: p.read_text(encoding="utf-8").partition("\n\n")[2] for p in folder.glob("*.py")})
    assert any((tmp_path / "cache").rglob("*")) and made[0] == made[1]


def test_a_type_that_names_itself_is_found_by_the_shared_runtime(tmp_path: Path) -> None:
    """``JsonValue = ... | list["JsonValue"]`` in a module of aliases alone (which imports nothing
    of the runtime), decoded in a fresh interpreter before any other module is loaded."""
    folder = generate_package(tmp_path / "pets", "dataclasses")
    code = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r}); from pets import JsonValue; "
        "from pets._modelgen_runtime import decode; print(decode(JsonValue, [1, {'a': [None, 'x']}]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout == "[1, {'a': [None, 'x']}]\n", done.stderr
    assert "_modelgen_runtime" not in (folder / "json_.py").read_text(encoding="utf-8")

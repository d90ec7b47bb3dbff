"""``Resolver``: a ``$ref`` followed to its schema, in the same file, in a file beside it, by
``$id``, ``$anchor`` or ``$self``, or over http(s) when trusted; every refusal and every miss a
``SpecError`` placed at the reference (file and JSON pointer)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from modelgen.errors import Location, SpecError
from modelgen.load import load_document
from modelgen.resolve import Resolver
from modelgen.sources import RefPolicy

SCHEMAS = "/components/schemas"


def write(path: Path, data: Any) -> Path:
    """``data`` as a JSON file (JSON is YAML too: the resolver reads both alike)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def spec(schemas: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": schemas}, **top}


@pytest.fixture
def make(tmp_path: Path) -> Callable[..., Resolver]:
    """A resolver over ``api.json`` in a folder of its own (``spec/``), with these schemas."""

    def build(schemas: dict[str, Any], refs: RefPolicy | None = None, **top: Any) -> Resolver:
        path = write(tmp_path / "spec" / "api.json", spec(schemas, **top))
        return Resolver(load_document(path, "api.json"), refs or RefPolicy())

    return build


def site(name: str, file: str = "api.json") -> Location:
    """Where a schema of the root spec is written."""
    return Location(file, f"{SCHEMAS}/{name}")


def error(call: Callable[[], object]) -> SpecError:
    with pytest.raises(SpecError) as caught:
        call()
    return caught.value


# -- in the same document -------------------------------------------------------------------------


def test_a_local_ref_gives_the_location_and_the_schema(make: Callable[..., Resolver]) -> None:
    r = make({"Pet": {"type": "object"}, "Owner": {"$ref": "#/components/schemas/Pet"}})
    loc, node = r.resolve("#/components/schemas/Pet", site("Owner"))
    assert loc == Location("api.json", f"{SCHEMAS}/Pet")
    assert node == {"type": "object"}


def test_a_chain_of_plain_refs_is_followed_to_the_schema(make: Callable[..., Resolver]) -> None:
    r = make({
        "A": {"$ref": "#/components/schemas/B"},
        "B": {"$ref": "#/components/schemas/C"},
        "C": {"type": "string"},
    })
    assert r.resolve("#/components/schemas/A", site("X")) == (site("C"), {"type": "string"})


def test_a_long_chain_is_followed_once_per_link(make: Callable[..., Resolver], monkeypatch: pytest.MonkeyPatch) -> None:
    """Every schema of a chain of 1,000 plain ``$ref``s is resolved (as each component is when
    it is defined): each link is followed once, not once for every schema before it (which took
    16 s at 1,000 links and 69 s at 2,000)."""
    n = 1000
    r = make({**{f"S{i}": {"$ref": f"#/components/schemas/S{i + 1}"} for i in range(n)}, f"S{n}": {"type": "string"}})
    hops = 0
    follow = Resolver._resolve_one

    def counted(self: Resolver, *args: Any) -> Any:
        nonlocal hops
        hops += 1
        return follow(self, *args)

    monkeypatch.setattr(Resolver, "_resolve_one", counted)
    for i in range(n):
        assert r.resolve(f"#/components/schemas/S{i}", site("X")) == (site(f"S{n}"), {"type": "string"})
    assert hops <= 2 * n + 1


def test_a_cycle_is_an_error_wherever_the_chain_is_entered(make: Callable[..., Resolver]) -> None:
    r = make({"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}, "C": {"$ref": "#/components/schemas/A"}})
    for name in ("C", "A", "B", "C"):
        assert "cycle" in error(lambda: r.resolve(f"#/components/schemas/{name}", site("User"))).message


def test_a_ref_with_siblings_is_a_schema_of_its_own(make: Callable[..., Resolver]) -> None:
    """Only a mapping with nothing but ``$ref`` is followed on."""
    target = {"$ref": "#/components/schemas/C", "description": "more"}
    r = make({"B": target, "C": {"type": "string"}})
    assert r.resolve("#/components/schemas/B", site("X")) == (site("B"), target)


def test_a_cycle_of_plain_refs_is_an_error_at_the_site(make: Callable[..., Resolver]) -> None:
    r = make({"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}})
    exc = error(lambda: r.resolve("#/components/schemas/A", site("User")))
    assert exc.message == (
        f"$ref cycle that never reaches a schema: api.json#{SCHEMAS}/A -> api.json#{SCHEMAS}/B -> api.json#{SCHEMAS}/A"
    )
    assert exc.location == site("User") and exc.hint is not None


def test_a_ref_to_itself_is_a_cycle(make: Callable[..., Resolver]) -> None:
    r = make({"A": {"$ref": "#/components/schemas/A"}})
    assert "cycle" in error(lambda: r.resolve("#/components/schemas/A", site("A"))).message


@pytest.mark.parametrize("ref", [None, 3, ["#/a"], {"x": 1}])
def test_a_ref_that_is_not_a_string_is_an_error_at_the_ref(make: Callable[..., Resolver], ref: object) -> None:
    exc = error(lambda: make({}).resolve(ref, site("A")))
    assert exc.message == "$ref must be a string"
    assert exc.location == Location("api.json", f"{SCHEMAS}/A/$ref")


def test_at_names_where_the_ref_is_written(make: Callable[..., Resolver]) -> None:
    """A mapping's ``discriminator`` names its schemas elsewhere than in a ``$ref``."""
    where = Location("api.json", f"{SCHEMAS}/A/discriminator/mapping/dog")
    exc = error(lambda: make({}).resolve(7, site("A"), at=where))
    assert exc.location == where


def test_a_missing_name_is_an_error_with_the_nearest_names(make: Callable[..., Resolver]) -> None:
    r = make({"Pets": {"type": "array"}, "Pet2": {"type": "object"}})
    exc = error(lambda: r.resolve("#/components/schemas/Pet", site("Owner")))
    assert exc.message == "$ref '#/components/schemas/Pet' does not resolve: no 'Pet' under /components/schemas"
    assert exc.location == Location("api.json", f"{SCHEMAS}/Owner/$ref")
    assert exc.hint is not None and "'Pets'" in exc.hint and "'Pet2'" in exc.hint


def test_a_missing_name_far_from_any_has_no_hint(make: Callable[..., Resolver]) -> None:
    exc = error(lambda: make({"Pet": {}}).resolve("#/components/schemas/Zzzzzzzz", site("A")))
    assert exc.hint is None


def test_a_pointer_through_a_scalar_is_an_error(make: Callable[..., Resolver]) -> None:
    r = make({"A": {"type": "string"}})
    exc = error(lambda: r.resolve("#/components/schemas/A/type/x", site("B")))
    assert "no 'x' under /components/schemas/A/type" in exc.message


def test_escaped_and_percent_encoded_tokens(make: Callable[..., Resolver]) -> None:
    r = make({"a/b": {"type": "integer"}, "c~d": {"type": "boolean"}, "e f": {"type": "number"}})
    assert r.resolve("#/components/schemas/a~1b", site("X"))[1] == {"type": "integer"}
    assert r.resolve("#/components/schemas/c~0d", site("X"))[1] == {"type": "boolean"}
    loc, node = r.resolve("#/components/schemas/e%20f", site("X"))
    assert node == {"type": "number"} and loc.pointer == f"{SCHEMAS}/e f"


def test_list_items_by_index_and_an_index_past_the_end(make: Callable[..., Resolver]) -> None:
    r = make({"U": {"oneOf": [{"type": "string"}, {"type": "integer"}]}})
    assert r.resolve("#/components/schemas/U/oneOf/1", site("X"))[1] == {"type": "integer"}
    assert "no '2' under /components/schemas/U/oneOf" in error(lambda: r.resolve("#/components/schemas/U/oneOf/2", site("X"))).message


def test_a_number_key_of_yaml_is_found_by_its_digits(tmp_path: Path) -> None:
    """YAML reads ``200:`` as the integer 200; a pointer names it ``/200``."""
    path = tmp_path / "api.yaml"
    path.write_text("openapi: 3.1.0\nresponses:\n  200:\n    description: ok\n", encoding="utf-8")
    r = Resolver(load_document(path, "api.yaml"))
    assert r.resolve("#/responses/200", Location("api.yaml", "/x")) == (Location("api.yaml", "/responses/200"), {"description": "ok"})


def test_the_whole_document(make: Callable[..., Resolver]) -> None:
    loc, node = make({}).resolve("#", site("A"))
    assert loc == Location("api.json", "") and node["openapi"] == "3.1.0"


def test_node_reads_a_location(make: Callable[..., Resolver]) -> None:
    r = make({"A": {"type": "string", "enum": ["x", "y"]}})
    assert r.node(Location("api.json", f"{SCHEMAS}/A/enum/1")) == "y"
    assert r.node(Location("api.json"))["components"]["schemas"]["A"]["type"] == "string"
    exc = error(lambda: r.node(Location("api.json", f"{SCHEMAS}/B")))
    assert exc.message == "pointer does not resolve: no 'B' under /components/schemas"
    assert exc.location == Location("api.json", f"{SCHEMAS}/B")


# -- other files -----------------------------------------------------------------------------------


def test_a_file_beside_the_spec(make: Callable[..., Resolver], tmp_path: Path) -> None:
    write(tmp_path / "spec" / "common" / "money.json", {"Money": {"type": "integer"}})
    r = make({"Price": {"$ref": "common/money.json#/Money"}})
    loc, node = r.resolve("common/money.json#/Money", site("Price"))
    assert loc == Location("common/money.json", "/Money") and node == {"type": "integer"}


def test_a_ref_in_another_file_is_relative_to_that_file(make: Callable[..., Resolver], tmp_path: Path) -> None:
    write(tmp_path / "spec" / "common" / "money.json", {"Money": {"$ref": "currency.json#/Code"}})
    write(tmp_path / "spec" / "common" / "currency.json", {"Code": {"type": "string", "minLength": 3}})
    r = make({})
    loc, node = r.resolve("common/money.json#/Money", site("Price"))
    assert loc == Location("common/currency.json", "/Code") and node["minLength"] == 3


def test_a_local_ref_in_another_file_stays_in_that_file(make: Callable[..., Resolver], tmp_path: Path) -> None:
    write(tmp_path / "spec" / "other.json", {"A": {"$ref": "#/B"}, "B": {"type": "null"}})
    r = make({"B": {"type": "string"}})
    assert r.resolve("other.json#/A", site("X")) == (Location("other.json", "/B"), {"type": "null"})


def test_a_whole_file_without_a_fragment(make: Callable[..., Resolver], tmp_path: Path) -> None:
    write(tmp_path / "spec" / "pet.json", {"type": "object", "title": "Pet"})
    assert make({}).resolve("pet.json", site("X")) == (Location("pet.json", ""), {"type": "object", "title": "Pet"})


def test_a_file_is_read_once(make: Callable[..., Resolver], tmp_path: Path) -> None:
    other = write(tmp_path / "spec" / "other.json", {"A": {"type": "object"}})
    r = make({})
    first = r.resolve("other.json#/A", site("X"))[1]
    other.write_text(json.dumps({"A": {"type": "string"}}), encoding="utf-8")
    assert r.resolve("./other.json#/A", site("Y"))[1] is first


def test_a_missing_file_is_an_error_that_says_where_it_looked(make: Callable[..., Resolver], tmp_path: Path) -> None:
    exc = error(lambda: make({}).resolve("nope.yaml#/A", site("Pet")))
    assert exc.message == "$ref to a missing file 'nope.yaml'"
    assert exc.location == Location("api.json", f"{SCHEMAS}/Pet/$ref")
    assert exc.hint == f"looked for {(tmp_path / 'spec' / 'nope.yaml').resolve()}"


def test_a_missing_name_in_another_file_is_an_error_at_the_ref(make: Callable[..., Resolver], tmp_path: Path) -> None:
    write(tmp_path / "spec" / "other.json", {"Money": {}})
    exc = error(lambda: make({}).resolve("other.json#/Mony", site("Pet")))
    assert "no 'Mony' under /" in exc.message and exc.hint == "did you mean 'Money'?"
    assert exc.location == Location("api.json", f"{SCHEMAS}/Pet/$ref")


def test_an_unreadable_file_is_an_error_in_that_file(make: Callable[..., Resolver], tmp_path: Path) -> None:
    (tmp_path / "spec").mkdir(exist_ok=True)
    (tmp_path / "spec" / "broken.json").write_text("{\"A\": ", encoding="utf-8")
    exc = error(lambda: make({}).resolve("broken.json#/A", site("Pet")))
    assert exc.message.startswith("invalid JSON") and exc.location == Location("broken.json")


@pytest.mark.parametrize("ref", ["../shared.json#/A", "{outside}#/A"])
def test_a_file_outside_the_folder_is_refused_unless_trusted(
    make: Callable[..., Resolver], tmp_path: Path, ref: str
) -> None:
    shared = write(tmp_path / "shared.json", {"A": {"type": "string"}})
    ref = ref.format(outside=shared.as_posix())
    exc = error(lambda: make({}).resolve(ref, site("Pet")))
    assert exc.message.startswith(f"$ref {ref.split('#')[0]!r} leads outside the spec's folder")
    assert exc.location == Location("api.json", f"{SCHEMAS}/Pet/$ref") and "--allow-ref-outside" in (exc.hint or "")
    loc, node = make({}, RefPolicy(outside=True)).resolve(ref, site("Pet"))
    assert loc == Location(shared.resolve().as_posix(), "/A") and node == {"type": "string"}


def test_a_symbolic_link_out_of_the_folder_is_outside(make: Callable[..., Resolver], tmp_path: Path) -> None:
    shared = write(tmp_path / "shared.json", {"A": {"type": "string"}})
    (tmp_path / "spec").mkdir(exist_ok=True)
    (tmp_path / "spec" / "link.json").symlink_to(shared)
    assert "leads outside the spec's folder" in error(lambda: make({}).resolve("link.json#/A", site("Pet"))).message


def test_a_loop_of_symbolic_links_is_an_error(make: Callable[..., Resolver], tmp_path: Path) -> None:
    folder = tmp_path / "spec"
    folder.mkdir(exist_ok=True)
    (folder / "a.json").symlink_to(folder / "b.json")
    (folder / "b.json").symlink_to(folder / "a.json")
    exc = error(lambda: make({}).resolve("a.json#/A", site("Pet")))
    # Python 3.13 resolves a loop without an error: the file is then missing
    assert "loop of symbolic links" in exc.message or (sys.version_info >= (3, 13) and "missing file" in exc.message)
    assert exc.location == Location("api.json", f"{SCHEMAS}/Pet/$ref")


@pytest.mark.parametrize("ref", ["http://[::1/x.yaml#/A", "bad\0name.yaml#/A"])
def test_an_address_that_cannot_be_used_is_an_error(make: Callable[..., Resolver], ref: str) -> None:
    exc = error(lambda: make({}).resolve(ref, site("Pet")))
    assert f"$ref {ref!r} is not a usable address" in exc.message
    assert exc.location == Location("api.json", f"{SCHEMAS}/Pet/$ref")


# -- $id, $anchor, $self ---------------------------------------------------------------------------


def test_an_anchor_in_the_same_document(make: Callable[..., Resolver]) -> None:
    r = make({"Pet": {"$anchor": "pet", "type": "object"}})
    assert r.resolve("#pet", site("X")) == (site("Pet"), {"$anchor": "pet", "type": "object"})


def test_a_missing_anchor_is_an_error(make: Callable[..., Resolver]) -> None:
    exc = error(lambda: make({"Pet": {"$anchor": "pet"}}).resolve("#dog", site("X")))
    assert exc.message == "$ref '#dog': no $anchor 'dog'"
    assert exc.location == Location("api.json", f"{SCHEMAS}/X/$ref") and "$anchor" in (exc.hint or "")


def test_an_id_is_found_without_fetching(make: Callable[..., Resolver]) -> None:
    """A schema's own ``$id`` names it: no remote document is read, so no trust is needed."""
    r = make({"Pet": {"$id": "https://example.com/schemas/pet", "type": "object"}})
    assert r.resolve("https://example.com/schemas/pet", site("X"))[0] == site("Pet")


def test_a_relative_ref_inside_an_id_resolves_against_it(make: Callable[..., Resolver]) -> None:
    r = make({
        "Pet": {"$id": "https://example.com/schemas/pet", "properties": {"tag": {"$ref": "tag"}}},
        "Tag": {"$id": "https://example.com/schemas/tag", "type": "string"},
    })
    at = Location("api.json", f"{SCHEMAS}/Pet/properties/tag")
    assert r.resolve("tag", at) == (site("Tag"), {"$id": "https://example.com/schemas/tag", "type": "string"})


def test_an_anchor_of_a_schema_with_an_id(make: Callable[..., Resolver]) -> None:
    r = make({
        "Pet": {"$id": "https://example.com/pet", "$defs": {"Name": {"$anchor": "name", "type": "string"}}},
    })
    loc, node = r.resolve("https://example.com/pet#name", site("X"))
    assert loc == Location("api.json", f"{SCHEMAS}/Pet/$defs/Name") and node["type"] == "string"


def test_a_fragment_inside_an_id_is_relative_to_its_schema(make: Callable[..., Resolver]) -> None:
    """As JSON Schema says; a document pointer, which specs also write there, works too."""
    r = make({
        "Pet": {
            "$id": "https://example.com/pet",
            "$defs": {"Name": {"type": "string"}},
            "properties": {"name": {"$ref": "#/$defs/Name"}, "owner": {"$ref": "#/components/schemas/Owner"}},
        },
        "Owner": {"type": "object"},
    })
    inside = Location("api.json", f"{SCHEMAS}/Pet/properties/name")
    assert r.resolve("#/$defs/Name", inside) == (Location("api.json", f"{SCHEMAS}/Pet/$defs/Name"), {"type": "string"})
    assert r.resolve("#/components/schemas/Owner", inside) == (site("Owner"), {"type": "object"})


def test_the_documents_own_self_address(make: Callable[..., Resolver]) -> None:
    """OpenAPI 3.2: ``$self`` is the document's address, so a ref to it stays in the document."""
    r = make({"Pet": {"type": "object"}}, **{"$self": "https://example.com/api.json"})
    assert r.resolve("https://example.com/api.json#/components/schemas/Pet", site("X")) == (site("Pet"), {"type": "object"})


# -- over http(s) ----------------------------------------------------------------------------------


def test_a_remote_ref_is_refused_unless_trusted(make: Callable[..., Resolver]) -> None:
    exc = error(lambda: make({}).resolve("https://example.invalid/a.yaml#/A", site("Pet")))
    assert exc.message == "remote $ref 'https://example.invalid/a.yaml#/A' is not followed"
    assert exc.location == Location("api.json", f"{SCHEMAS}/Pet/$ref") and "--allow-remote-refs" in (exc.hint or "")


def test_a_trusted_remote_document_and_its_relative_refs(
    make: Callable[..., Resolver], served: tuple[str, Path]
) -> None:
    base, root = served
    write(root / "a" / "item.json", {"Item": {"$ref": "../money.json#/Money"}})
    write(root / "money.json", {"Money": {"type": "integer"}})
    r = make({}, RefPolicy(remote=True))
    assert r.resolve(f"{base}/a/item.json#/Item", site("X")) == (Location(f"{base}/money.json", "/Money"), {"type": "integer"})


def test_a_remote_document_cannot_refer_to_a_local_file(
    make: Callable[..., Resolver], served: tuple[str, Path], tmp_path: Path
) -> None:
    base, root = served
    secret = write(tmp_path / "spec" / "secret.json", {"S": {}})
    write(root / "item.json", {"Item": {"$ref": f"file://{secret}#/S"}})
    exc = error(lambda: make({}, RefPolicy(remote=True)).resolve(f"{base}/item.json#/Item", site("X")))
    assert "not an http(s) document" in exc.message
    assert exc.location == Location(f"{base}/item.json", "/Item/$ref")


def test_a_remote_document_that_is_missing_is_an_error_at_the_ref(
    make: Callable[..., Resolver], served: tuple[str, Path]
) -> None:
    base, _ = served
    exc = error(lambda: make({}, RefPolicy(remote=True)).resolve(f"{base}/nope.json#/A", site("Pet")))
    assert exc.message.startswith(f"cannot fetch {base}/nope.json: HTTP 404")
    assert exc.location == Location("api.json", f"{SCHEMAS}/Pet/$ref")


def test_a_chain_of_2000_plain_refs_generates_in_every_flavour(tmp_path: Path) -> None:
    """Bounded too: no stage after the resolver recurses along the chain."""
    from modelgen.app.config import _job
    from modelgen.app.pipeline import generate

    n = 2000
    schemas: dict[str, Any] = {f"S{i}": {"$ref": f"#/components/schemas/S{i + 1}"} for i in range(n)}
    schemas[f"S{n}"] = {"type": "object", "properties": {"a": {"type": "string"}}}
    path = write(tmp_path / "api.json", spec(schemas))
    jobs = tuple(_job(str(path), f, str(tmp_path / f"m_{f}.py"), ["S0"], base=Path("/"), command="c") for f in ("pydantic", "msgspec", "dataclasses", "typeddict"))
    for text in generate(jobs).outputs.values():
        assert "S0: TypeAlias = S2000" in text or "S0 = S2000" in text, text[:2000]

"""The parse cache's data format: a ``Prepared`` (the frozen IR, the names, the diagnostics) as
JSON, and back. Data only: reading it builds the IR's own classes from strings, numbers and
lists, and can run no code, whatever the bytes are (pickle would run what a planted file says).

- The type expressions are one table, each row after the rows it refers to (by index); an
  expression that occurs many times (``str``, a ``$ref``) is one row. The reader is one loop, no
  recursion, and equal expressions come back as one object.
- Models, aliases, fields and attribute names are columns (one list per attribute), so that the
  reader checks and builds each with ``map`` at C speed: a warm run on GitHub's spec builds
  36,000 fields. What can be told from the rest is left out (None): a source that is the
  definition's key, a field's source that is its model's ``/properties/<name>``, an attribute
  name that is its wire name.
- Every value is checked as it is read: anything unexpected raises ``Malformed`` (the cache then
  reads the spec again). The cache checks the bytes' hash before this reads any of them.

    {"name", "spec_hash", "sources", "overlays", "types": [[tag, ...], ...],
     "definitions": {"kinds": "mam...", "keys", "models": {column: [...]}, "aliases": {...}, "fields": {...}},
     "components", "diagnostics", "entries", "classes", "attributes": {column: [...]}, "reserved",
     "seeds": [[key, [tag, ...]], ...]}
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import accumulate, chain, repeat
from typing import Any, cast

from .. import ir
from ..errors import Diagnostic, Location
from ..naming import Names, Reserved
from .prepared import Prepared

# The tag of each kind of type expression (the first item of its row): never renumber one;
# change ``cache.FORMAT`` instead.
PRIMITIVE, LITERAL, LIST, MAP, TUPLE, UNION, REF, NULLABLE, ANY, NEVER, CONSTRAINED = range(11)
MODEL, ALIAS = "m", "a"
_CONSTRAINTS = tuple(ir.Constraints.__slots__)  # in the order of their class
_STR: frozenset[type] = frozenset({str})
_OPTIONAL_STR: frozenset[type] = frozenset({str, type(None)})
_BOOL: frozenset[type] = frozenset({bool})
_INT: frozenset[type] = frozenset({int})
_OPTIONAL_INT: frozenset[type] = frozenset({int, type(None)})
_LIST: frozenset[type] = frozenset({list})
_OPTIONAL_LIST: frozenset[type] = frozenset({list, type(None)})
_ANY = None  # any JSON value
_SCALARS: frozenset[type] = frozenset({str, int, bool, type(None)})  # of a literal


class Malformed(ValueError):
    """The data is not a ``Prepared`` this format wrote (or one this generator cannot take)."""


# -- writing ------------------------------------------------------------------------------------


def encode(prepared: Prepared) -> bytes:
    """``prepared`` as JSON; ``Malformed`` if it holds a value JSON would not give back as it is."""
    spec, names = prepared.spec, prepared.names
    table = _TypeTable()
    document = {
        "name": prepared.name,
        "spec_hash": prepared.spec_hash,
        "sources": list(prepared.sources),
        "overlays": prepared.overlays,
        "definitions": _definition_columns(spec.definitions, table),
        "types": table.rows,
        "components": spec.components,
        "diagnostics": [_diagnostic_row(d) for d in spec.diagnostics],
        "entries": list(spec.entries),
        "titles": spec.titles,
        "classes": names.classes,
        "attributes": _attribute_columns(names.attributes),
        "reserved": [sorted(names.reserved.classes), sorted(names.reserved.attributes)],
        "seeds": [[key, list(tags)] for key, tags in prepared.seeds],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), check_circular=False).encode("utf-8")


class _TypeTable:
    """The rows of the type expressions written so far, each once."""

    def __init__(self) -> None:
        self.rows: list[list[Any]] = []
        self._by_id: dict[int, int] = {}  # (the expressions are kept alive by the IR meanwhile)
        self._by_row: dict[tuple[Any, ...], int] = {}

    def index(self, t: ir.TypeExpr) -> int:
        found = self._by_id.get(id(t))
        if found is not None:
            return found
        row = self._row(t)
        key = _shared(row)
        found = self._by_row.get(key) if key is not None else None
        if found is None:
            found = len(self.rows)
            self.rows.append(row)
            if key is not None:
                self._by_row[key] = found
        self._by_id[id(t)] = found
        return found

    def _row(self, t: ir.TypeExpr) -> list[Any]:
        match t:
            case ir.Primitive(kind, fmt):
                return [PRIMITIVE, kind, fmt]
            case ir.LiteralOf(values, ()):
                return [LITERAL, [_scalar(v) for v in values]]
            case ir.LiteralOf(values, names):
                return [LITERAL, [_scalar(v) for v in values], list(names)]
            case ir.ListOf(item):
                return [LIST, self.index(item)]
            case ir.MapOf(value):
                return [MAP, self.index(value)]
            case ir.TupleOf(items):
                return [TUPLE, [self.index(i) for i in items]]
            case ir.UnionOf(members, tag, tags, fallback):
                return [UNION, [self.index(m) for m in members], tag, [list(pair) for pair in tags], fallback]
            case ir.Ref(key):
                return [REF, key]
            case ir.Nullable(inner):
                return [NULLABLE, self.index(inner)]
            case ir.AnyType():
                return [ANY]
            case ir.NeverType():
                return [NEVER]
            case ir.Constrained(inner, constraints):
                limits = [getattr(constraints, name) for name in _CONSTRAINTS]
                return [CONSTRAINED, self.index(inner), [_value(list(v) if isinstance(v, tuple) else v) for v in limits]]
            case _:
                raise Malformed(f"not a type expression: {type(t).__name__}")


def _shared(row: list[Any]) -> tuple[Any, ...] | None:
    """A key equal for equal rows, for the rows made of strings, indexes and None (a literal or
    a constraint holds values that compare equal across types, ``1 == True``: not shared)."""
    if row[0] in (LITERAL, CONSTRAINED):
        return None
    if row[0] == UNION:
        return (UNION, tuple(row[1]), row[2], tuple(map(tuple, row[3])), row[4])
    return tuple(tuple(part) if type(part) is list else part for part in row)


def _definition_columns(definitions: dict[str, ir.Definition], table: _TypeTable) -> dict[str, Any]:
    models: dict[str, list[Any]] = {
        name: [] for name in ("key", "hint", "description", "extra", "source", "fields", "extra_keys")
    }
    aliases: dict[str, list[Any]] = {name: [] for name in ("key", "hint", "type", "description", "source")}
    fields: dict[str, list[Any]] = {name: [] for name in ("wire", "type", "required")}
    # (the columns most fields leave empty: [index, value] pairs, or the indexes of the true ones)
    fields.update({name: [] for name in ("default", "description", "source", "access", "deprecated")})
    kinds, keys = [], []
    for key, d in definitions.items():
        keys.append(None if key == d.key else key)
        kinds.append(MODEL if isinstance(d, ir.Model) else ALIAS)
        columns = models if isinstance(d, ir.Model) else aliases
        columns["key"].append(d.key)
        columns["hint"].append(list(d.hint))
        columns["description"].append(d.description)
        columns["source"].append(None if d.source == d.key else d.source)
        if isinstance(d, ir.Alias):
            aliases["type"].append(table.index(d.type))
            continue
        models["extra"].append(None if d.extra is None else table.index(d.extra))
        models["extra_keys"].append(d.extra_keys)
        models["fields"].append(len(d.fields))
        for f in d.fields:
            _field_row(fields, d, f, table)
    return {"kinds": "".join(kinds), "keys": keys, "models": models, "aliases": aliases, "fields": fields}


def _field_row(fields: dict[str, list[Any]], model: ir.Model, f: ir.Field, table: _TypeTable) -> None:
    index = len(fields["wire"])
    fields["wire"].append(f.wire_name)
    fields["type"].append(table.index(f.type))
    fields["required"].append(f.required)
    if f.default is not None:
        fields["default"].append([index, _value(f.default.value)])
    if f.description is not None:
        fields["description"].append([index, f.description])
    usual = not ("/" in f.wire_name or "~" in f.wire_name) and f.source == f"{model.source}/properties/{f.wire_name}"
    if not usual:
        fields["source"].append([index, f.source])
    if f.access is not None:
        fields["access"].append([index, f.access])
    if f.deprecated:
        fields["deprecated"].append(index)


def _attribute_columns(attributes: dict[tuple[str, str], str]) -> dict[str, list[Any]]:
    """The attribute names in order: for each run of one model, its key and how many; each wire
    name; and the attribute names that are not their wire names, by index."""
    columns: dict[str, list[Any]] = {"model": [], "count": [], "wire": [], "attr": []}
    for index, ((key, wire), attr) in enumerate(attributes.items()):
        if not columns["model"] or columns["model"][-1] != key:
            columns["model"].append(key)
            columns["count"].append(0)
        columns["count"][-1] += 1
        columns["wire"].append(wire)
        if attr != wire:
            columns["attr"].append([index, attr])
    return columns


def _diagnostic_row(d: Diagnostic) -> list[Any]:
    where = None if d.location is None else [d.location.file, d.location.pointer]
    return [d.error, d.message, where, d.hint, d.owner, d.line, d.column]


def _scalar(value: object) -> object:
    if value is None or type(value) in (str, int, bool):
        return value
    raise Malformed(f"a literal JSON would not give back: {type(value).__name__}")


def _value(value: object) -> object:
    """``value`` itself, if JSON gives it back exactly (Python's JSON writes and reads NaN and
    the infinities too); else ``Malformed``."""
    stack = [value]
    while stack:
        v = stack.pop()
        kind = type(v)
        if kind is list:
            stack.extend(v)  # type: ignore[arg-type]
        elif kind is dict:
            if not all(type(k) is str for k in v):  # type: ignore[attr-defined]
                raise Malformed("a mapping with keys that are not strings")
            stack.extend(v.values())  # type: ignore[attr-defined]
        elif v is not None and kind not in (str, int, bool, float):
            raise Malformed(f"a value JSON would not give back: {kind.__name__}")
    return value


# -- reading ------------------------------------------------------------------------------------


def decode(data: bytes) -> Prepared:
    """The ``Prepared`` that ``encode`` wrote as ``data``; ``Malformed`` for anything else."""
    try:
        document = json.loads(data)
        if type(document) is not dict:
            raise Malformed("not an object")
        return _prepared(document)
    except Malformed:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        raise Malformed(f"{type(exc).__name__}: {exc}") from None  # bad JSON, or parts of another shape


def _prepared(document: dict[str, Any]) -> Prepared:
    types = _types(document["types"])
    spec = ir.SpecIR(
        definitions=_definitions(document["definitions"], types),
        components=_str_map(document["components"]),
        diagnostics=tuple(_diagnostic(row) for row in _list(document["diagnostics"])),
        entries=_strs(document["entries"]),
        titles=_str_map(document["titles"]),
    )
    reserved = _list(document["reserved"])
    if len(reserved) != 2:
        raise Malformed("reserved names: two lists")
    names = Names(
        _str_map(document["classes"]), _attributes(document["attributes"]),
        Reserved(frozenset(_strs(reserved[0])), frozenset(_strs(reserved[1]))),
    )  # fmt: skip
    return Prepared(
        name=_str(document["name"]),
        spec_hash=_str(document["spec_hash"]),
        sources=_strs(document["sources"]),
        spec=spec,
        names=names,
        overlays=_str(document["overlays"]),
        seeds=tuple((_str(row[0]), _strs(row[1])) for row in map(_list, _list(document["seeds"])) if _pair(row)),
    )


def _pair(row: list[Any]) -> bool:
    if len(row) != 2:
        raise Malformed("a seed: a key and its tags")
    return True


def _definitions(found: dict[str, Any], types: list[ir.TypeExpr]) -> dict[str, ir.Definition]:
    """The definitions, in their order, from their columns."""
    kinds = _str(found["kinds"])
    models = _models(found["models"], found["fields"], types)
    aliases = _aliases(found["aliases"], types)
    if len(kinds) != len(models) + len(aliases) or kinds.count(MODEL) != len(models):
        raise Malformed("definitions: as many of each kind as the order says")
    in_order: tuple[Iterator[ir.Definition], Iterator[ir.Definition]] = (iter(models), iter(aliases))
    definitions = [next(in_order[kind != MODEL]) for kind in kinds]
    keys = _column(found, "keys", len(kinds), _OPTIONAL_STR)
    return dict(zip([d.key if key is None else key for key, d in zip(keys, definitions)], definitions))


def _models(columns: dict[str, Any], field_columns: dict[str, Any], types: list[ir.TypeExpr]) -> list[ir.Model]:
    counts = _column(columns, "fields", None, _INT)
    n = len(counts)
    keys, sources = _column(columns, "key", n, _STR), _column(columns, "source", n, _OPTIONAL_STR)
    sources = [key if source is None else source for key, source in zip(keys, sources)]
    ends = list(accumulate(counts))
    if min(counts, default=0) < 0 or (ends[-1] if ends else 0) != len(_list(field_columns["wire"])):
        raise Malformed("models: the counts of their fields")
    prefixes = list(chain.from_iterable(map(repeat, [source + "/properties/" for source in sources], counts)))
    fields = _fields(field_columns, prefixes, types)
    owned = map(tuple, map(fields.__getitem__, map(slice, [end - count for end, count in zip(ends, counts)], ends)))
    extras = [None if e is None else types[e] for e in _column(columns, "extra", n, _OPTIONAL_INT)]
    extra_keys = _column(columns, "extra_keys", n, _OPTIONAL_STR)
    return list(map(
        ir.Model, keys, _hints(columns, n), owned, _column(columns, "description", n, _OPTIONAL_STR), extras, sources,
        extra_keys,
    ))  # fmt: skip


def _fields(columns: dict[str, Any], prefixes: list[str], types: list[ir.TypeExpr]) -> list[ir.Field]:
    n = len(prefixes)
    wires = _column(columns, "wire", n, _STR)
    sources = list(map(str.__add__, prefixes, wires))
    for index, source in _sparse(columns, "source", n, _STR):
        sources[index] = source
    defaults: list[ir.Default | None] = [None] * n
    for index, value in _sparse(columns, "default", n, _ANY):
        defaults[index] = ir.Default(value)
    descriptions: list[str | None] = [None] * n
    for index, text in _sparse(columns, "description", n, _STR):
        descriptions[index] = text
    access: list[str | None] = [None] * n
    for index, way in _sparse(columns, "access", n, _STR):
        if way not in ("read", "write"):
            raise Malformed(f"fields: access {way!r}")
        access[index] = way
    deprecated = [False] * n
    for index in _column(columns, "deprecated", None, _INT):
        deprecated[index] = True  # (an index past the end: IndexError, malformed)
    return list(map(
        ir.Field, wires, list(map(types.__getitem__, _column(columns, "type", n, _INT))),
        _column(columns, "required", n, _BOOL), defaults, descriptions, deprecated, sources, access,
    ))  # fmt: skip


def _sparse(columns: dict[str, Any], name: str, n: int, kinds: frozenset[type] | None) -> list[tuple[int, Any]]:
    """The [index, value] pairs of a column most rows leave empty: indexes below ``n``, values
    of one of ``kinds`` (any JSON value if None)."""
    pairs = _column(columns, name, None, _LIST)
    if not pairs:
        return []
    if set(map(len, pairs)) != {2}:
        raise Malformed(f"the column {name!r}: [index, value] pairs")
    indexes, values = zip(*pairs)
    if not set(map(type, indexes)) <= _INT or min(indexes) < 0 or max(indexes) >= n:
        raise Malformed(f"the column {name!r}: indexes below {n}")
    if kinds is not None and not set(map(type, values)) <= kinds:
        raise Malformed(f"the column {name!r}: values of {sorted(k.__name__ for k in kinds)}")
    return list(zip(indexes, values))


def _aliases(columns: dict[str, Any], types: list[ir.TypeExpr]) -> list[ir.Alias]:
    keys = _column(columns, "key", None, _STR)
    n = len(keys)
    sources = [key if source is None else source for key, source in zip(keys, _column(columns, "source", n, _OPTIONAL_STR))]
    return list(map(
        ir.Alias, keys, _hints(columns, n), list(map(types.__getitem__, _column(columns, "type", n, _INT))),
        _column(columns, "description", n, _OPTIONAL_STR), sources,
    ))  # fmt: skip


def _hints(columns: dict[str, Any], n: int) -> list[tuple[str, ...]]:
    hints = _column(columns, "hint", n, _LIST)
    if not all(set(map(type, hint)) <= _STR for hint in hints):
        raise Malformed("hints: lists of strings")
    return list(map(tuple, hints))


def _attributes(columns: dict[str, Any]) -> dict[tuple[str, str], str]:
    counts = _column(columns, "count", None, _INT)
    models = _column(columns, "model", len(counts), _STR)
    wires = _column(columns, "wire", sum(counts), _STR)
    if min(counts, default=0) < 0:
        raise Malformed("attributes: the counts of each model's names")
    keys = list(zip(chain.from_iterable(map(repeat, models, counts)), wires))
    attributes = dict(zip(keys, wires))
    for index, name in _sparse(columns, "attr", len(wires), _STR):
        attributes[keys[index]] = name
    return attributes


def _column(columns: dict[str, Any], name: str, n: int | None, kinds: frozenset[type]) -> list[Any]:
    """The column ``name``: a list of ``n`` values (any number if None), each of one of ``kinds``."""
    found = columns[name]
    if type(found) is not list or (n is not None and len(found) != n) or not set(map(type, found)) <= kinds:
        raise Malformed(f"the column {name!r}: {n} values of {sorted(k.__name__ for k in kinds)}")
    return found


def _types(rows: object) -> list[ir.TypeExpr]:
    """Every type expression of the table, in order: each row refers only to rows before it."""
    done: list[ir.TypeExpr] = []
    append, ref, scalars = done.append, ir.Ref, _SCALARS
    for row in _list(rows):
        tag = row[0]
        if tag == REF and len(row) == 2 and type(row[1]) is str:  # the usual rows first, inline
            append(ref(row[1]))
        elif tag == LITERAL and len(row) == 2 and type(row[1]) is list and set(map(type, row[1])) <= scalars:
            append(ir.LiteralOf(tuple(row[1])))
        elif type(tag) is not int or not 0 <= tag < len(_READERS):
            raise Malformed(f"no kind of type expression is {tag!r}")
        else:
            append(_READERS[tag](row, done))
    return done


def _at(done: list[ir.TypeExpr], index: object) -> ir.TypeExpr:
    """The type expression of an earlier row."""
    if type(index) is not int or not 0 <= index < len(done):
        raise Malformed(f"no earlier row {index!r}")
    return done[index]


def _primitive(row: list[Any], done: list[ir.TypeExpr]) -> ir.TypeExpr:
    _, kind, fmt = row
    if kind not in _KINDS or (fmt is not None and type(fmt) is not str):
        raise Malformed(f"not a primitive type: {kind!r}, {fmt!r}")
    return ir.Primitive(kind, fmt)


def _literal(row: list[Any], done: list[ir.TypeExpr]) -> ir.TypeExpr:
    values, names = row[1], row[2] if len(row) == 3 else []
    if not all(v is None or type(v) in (str, int, bool) for v in _list(values)):
        raise Malformed("a literal value that is not a string, an integer, a boolean or null")
    if not all(type(n) is str for n in _list(names)) or (names and len(names) != len(values)):
        raise Malformed("the names of a literal's values are not one string per value")
    return ir.LiteralOf(tuple(values), tuple(names))


def _union(row: list[Any], done: list[ir.TypeExpr]) -> ir.TypeExpr:
    _, members, tag, tags, fallback = row
    found = tuple(_at(done, m) for m in _list(members))
    pairs = tuple((_str(value), _index(i, len(found))) for value, i in _list(tags))
    if fallback is not None:
        _index(fallback, len(found))
    return ir.UnionOf(found, _optional_str(tag), pairs, fallback)


def _constrained(row: list[Any], done: list[ir.TypeExpr]) -> ir.TypeExpr:
    _, inner, values = row
    values = _list(values)
    if len(values) != len(_CONSTRAINTS):
        raise Malformed("constraints: one value for each")
    found = dict(zip(_CONSTRAINTS, values))
    numbers = [found[name] for name in ("minimum", "maximum", "exclusive_minimum", "exclusive_maximum", "multiple_of")]
    lengths = [found["min_length"], found["max_length"]]
    if not all(v is None or type(v) in (int, float) for v in numbers) or not all(v is None or type(v) is int for v in lengths):
        raise Malformed("constraints: a bound that is not a number")
    _optional_str(found["pattern"])
    if found["one_of"] is not None:
        if not all(type(v) in (int, float) for v in _list(found["one_of"])):
            raise Malformed("constraints: an enum of numbers that holds something else")
        found["one_of"] = tuple(found["one_of"])
    if found["unique_items"] is not None and type(found["unique_items"]) is not bool:
        raise Malformed("constraints: uniqueItems that is not a boolean")
    return ir.Constrained(_at(done, inner), ir.Constraints(**found))


_READERS = (
    _primitive,
    _literal,
    lambda row, done: ir.ListOf(_at(done, row[1])) if len(row) == 2 else _wrong(row),
    lambda row, done: ir.MapOf(_at(done, row[1])) if len(row) == 2 else _wrong(row),
    lambda row, done: ir.TupleOf(tuple(_at(done, i) for i in _list(row[1]))) if len(row) == 2 else _wrong(row),
    _union,
    lambda row, done: ir.Ref(_str(row[1])) if len(row) == 2 else _wrong(row),
    lambda row, done: ir.Nullable(_at(done, row[1])) if len(row) == 2 else _wrong(row),
    lambda row, done: ir.AnyType() if len(row) == 1 else _wrong(row),
    lambda row, done: ir.NeverType() if len(row) == 1 else _wrong(row),
    _constrained,
)
assert len(_READERS) == CONSTRAINED + 1
_KINDS = frozenset({"str", "int", "float", "bool", "None", "bytes"})
_ACCESS = frozenset({None, "read", "write"})


def _diagnostic(row: object) -> Diagnostic:
    error, message, where, hint, owner, line, column = _list(row)
    if type(error) is not bool or not all(v is None or type(v) is int for v in (line, column)):
        raise Malformed("a diagnostic's flags")
    location = None
    if where is not None:
        file, pointer = _list(where)
        location = Location(_str(file), _str(pointer))
    return Diagnostic(error, _str(message), location, _optional_str(hint), _optional_str(owner), line, column)


def _list(value: object) -> list[Any]:
    if type(value) is not list:
        raise Malformed(f"expected a list, found {type(value).__name__}")
    return value


def _str(value: object) -> str:
    if type(value) is not str:
        raise Malformed(f"expected a string, found {type(value).__name__}")
    return value


def _optional_str(value: object) -> str | None:
    return None if value is None else _str(value)


def _index(value: object, size: int) -> int:
    if type(value) is not int or not 0 <= value < size:
        raise Malformed(f"expected an index below {size}, found {value!r}")
    return value


def _strs(value: object) -> tuple[str, ...]:
    found = _list(value)
    if not all(type(v) is str for v in found):
        raise Malformed("expected a list of strings")
    return tuple(found)


def _str_map(value: object) -> dict[str, str]:
    if type(value) is not dict or not set(map(type, cast("dict[str, object]", value).values())) <= _STR:
        raise Malformed("expected a mapping of strings")
    return cast("dict[str, str]", value)


def _wrong(row: list[Any]) -> ir.TypeExpr:
    raise Malformed(f"a row of another length: {len(row)} items")

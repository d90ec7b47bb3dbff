"""Class names and attribute names: a pure function of the IR of the whole spec.

Names are given over every definition of the spec, not only the selected ones, so that a schema
gets the same name whichever roots are generated.

Class names
  * A definition's name joins its hint in PascalCase: component ``RunObject`` stays ``RunObject``;
    the inline schema of its property ``required_action`` becomes ``RunObjectRequiredAction``; array
    items add ``Item``, map values ``Value``, inline union members their constant tag or title.
  * A name that would start with a digit gets the prefix ``Schema``; a name that is a Python keyword,
    a builtin or a name the generated module imports gets a trailing underscore (``Field_``).
  * Collisions: component schemas claim names before inline ones; within each group the claim goes by
    the JSON pointer of the schema (sorted), so it never depends on traversal order. A later claimant
    of a taken name gets the suffix ``Inline`` (inline schemas) or ``Schema`` (components), repeated
    if need be.

Attribute names
  * A property name that is a valid identifier and not reserved is kept as it is.
  * Otherwise: characters that cannot be in an identifier become ``_``, leading and trailing ``_``
    are dropped, a leading digit gets the prefix ``field_``, and a reserved word (a keyword, a type
    used in annotations, a pydantic ``BaseModel`` attribute, ``to_dict``...) gets a trailing ``_``.
    The wire name is kept as the alias. Within one model, names that needed no change claim first,
    then the rest in property order, adding ``_`` until unique and different from every class name.
"""

from __future__ import annotations

import builtins
import keyword
from dataclasses import dataclass

from generator import ir

# Names every flavour's module may import or define at module level.
MODULE_NAMES = frozenset(
    {
        "Annotated", "Any", "BaseModel", "Callable", "ConfigDict", "Field", "Literal", "Mapping",
        "NotRequired", "Required", "TypeAlias", "TypeVar", "TypedDict", "annotations", "dataclass",
        "field", "field_validator", "dataclasses", "typing", "typing_extensions", "pydantic",
    }
)  # fmt: skip
# Builtins that generated annotations use: a class attribute of that name would shadow them.
ANNOTATION_BUILTINS = frozenset({"str", "int", "float", "bool", "list", "dict"})
BASEMODEL_ATTRIBUTES = frozenset(
    {
        "construct", "copy", "dict", "from_orm", "json", "model_computed_fields", "model_config",
        "model_construct", "model_copy", "model_dump", "model_dump_json", "model_extra",
        "model_fields", "model_fields_set", "model_json_schema", "model_parametrized_name",
        "model_post_init", "model_rebuild", "model_validate", "model_validate_json",
        "model_validate_strings", "parse_file", "parse_obj", "parse_raw", "schema", "schema_json",
        "update_forward_refs", "validate",
    }
)  # fmt: skip
# Methods and fields that generated dataclasses add.
DATACLASS_MEMBERS = frozenset({"from_dict", "to_dict", "additional_properties"})

RESERVED_CLASS_NAMES = frozenset(keyword.kwlist) | frozenset(dir(builtins)) | MODULE_NAMES
RESERVED_FIELD_NAMES = (
    frozenset(keyword.kwlist) | ANNOTATION_BUILTINS | MODULE_NAMES | BASEMODEL_ATTRIBUTES | DATACLASS_MEMBERS
)


@dataclass(frozen=True)
class Names:
    """Class name of every definition, and attribute name of every (model key, wire name)."""

    classes: dict[str, str]
    attributes: dict[tuple[str, str], str]

    def cls(self, key: str) -> str:
        return self.classes[key]

    def attr(self, model: ir.Model, f: ir.Field) -> str:
        return self.attributes[(model.key, f.wire_name)]


def pascal(part: str) -> str:
    """``required_action`` → ``RequiredAction``; ``thread.run`` → ``ThreadRun``; keeps ``fileIds`` → ``FileIds``."""
    words = "".join(c if c.isalnum() and c.isascii() else " " for c in part).split()
    return "".join(w[0].upper() + w[1:] for w in words)


def base_class_name(hint: tuple[str, ...]) -> str:
    name = "".join(pascal(p) for p in hint) or "Schema"
    if name[0].isdigit():
        name = "Schema" + name
    if name in RESERVED_CLASS_NAMES:
        name += "_"
    return name


def attribute_name(wire: str) -> str:
    """The Python attribute for a property, before de-duplication within its model."""
    if wire.isidentifier() and wire.isascii() and not wire.startswith("_") and wire not in RESERVED_FIELD_NAMES:
        return wire
    name = "".join(c if c.isalnum() and c.isascii() else "_" for c in wire)
    name = "_".join(p for p in name.split("_") if p) or "unnamed"
    if name[0].isdigit():
        name = "field_" + name
    if name in RESERVED_FIELD_NAMES or keyword.iskeyword(name) or name.startswith("model_"):
        name += "_"
    return name


def assign_names(definitions: dict[str, ir.Definition], components: dict[str, str]) -> Names:
    """Names for every definition of a spec (see the module docstring for the rules)."""
    component_keys = set(components.values())
    order = sorted(definitions, key=lambda k: (k not in component_keys, k))
    taken: set[str] = set()
    classes: dict[str, str] = {}
    for key in order:
        name = base_class_name(definitions[key].hint)
        suffix = "Schema" if key in component_keys else "Inline"
        while name in taken:
            name += suffix
        taken.add(name)
        classes[key] = name
    attributes: dict[tuple[str, str], str] = {}
    for key, d in definitions.items():
        if isinstance(d, ir.Model):
            attributes.update(_model_attributes(d, taken))
    return Names(classes, attributes)


def _model_attributes(model: ir.Model, class_names: set[str]) -> dict[tuple[str, str], str]:
    """Attribute names of one model; none equals a class name, which annotations may use."""
    wanted = {f.wire_name: attribute_name(f.wire_name) for f in model.fields}
    used: set[str] = set()  # by this model's attributes (the class names are not copied: that
    # would make naming a spec quadratic in its size)
    result: dict[tuple[str, str], str] = {}
    exact = [f.wire_name for f in model.fields if wanted[f.wire_name] == f.wire_name]
    rest = [f.wire_name for f in model.fields if wanted[f.wire_name] != f.wire_name]
    for wire in exact + rest:
        name = wanted[wire]
        while name in used or name in class_names:
            name += "_"
        used.add(name)
        result[(model.key, wire)] = name
    return result

"""Why the flavours disagree with tests of the JSON Schema Test Suite: a reason for every entry
of the expected-disagreement list (tests/json_schema_suite_expected.json).

Each reason is either a deliberate policy of the project (docs/semantics.md says so) or a known
fault still open (``OPEN`` in its text, with the issue). ``RULES`` gives each disagreement its
reason: the first rule that matches it. ``python -m tests.json_schema_suite --update`` rewrites
the list from what the flavours do now; every entry must find a rule, and the test checks that
each entry still disagrees, so the list cannot rot.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatch

REASONS = {
    "type-implied": (
        "policy: a keyword that applies to one JSON type implies it (properties, required, additionalProperties, "
        "patternProperties: an object; items, prefixItems: an array): the model is of that type, so a value of "
        "another type is rejected, where JSON Schema lets it pass"
    ),
    "typeless-constraint": (
        "policy: a value constraint (minimum, maxLength, pattern, multipleOf, uniqueItems...) in a schema without "
        "`type` is read as any value; a generation-time warning names it (it is not enforced)"
    ),
    "not-expressible": (
        "policy: no Python type says it (not, if/then/else, contains, propertyNames, dependentRequired, "
        "dependentSchemas, unevaluated*, minProperties/maxProperties beside properties); generated without it, "
        "with a generation-time warning"
    ),
    "unchecked-constraints": (
        "policy: dataclasses do not check value constraints, an enum of numbers that are not integers among "
        "them (documented in the docstrings; they are read as written)"
    ),
    "integral-number": (
        "policy: `integer` is Python's int: a JSON number written with a fraction (1.0) is not read as an integer"
    ),
    "oneof-as-anyof": (
        "policy: a oneOf is read as the API means it, a choice: a value that matches several members is taken by "
        "the first, not rejected"
    ),
    "structured-const": (
        "policy: an enum or const of arrays or objects cannot be a Literal: read as its JSON type, with a warning"
    ),
    "prefix-items": (
        "policy: prefixItems is read as a list of the types its positions allow (a warning says the positions "
        "are not checked)"
    ),
    "pattern-properties": (
        "policy: patternProperties is read as a map whose values have the type of any pattern, beside "
        "additionalProperties' type (a warning says which pattern a key matches is not checked); that other "
        "keys match a pattern (additionalProperties: false) Pydantic and the dataclasses check, in an object with "
        "properties (msgspec and the TypedDicts warn)"
    ),
    "refs-by-uri": (
        "policy: $ref resolves within the spec's own documents; a reference by a schema's $id URI, or to the "
        "metaschema on the web, is refused with an error naming it"
    ),
    "empty-enum": "policy: an empty enum allows no value; the spec is refused with an error naming it",
    "ref-siblings": "policy: keywords beside $ref are not enforced (the referenced schema is), with a warning",
    "allof-merged": (
        "policy: the properties of allOf members are merged into the object's model (allOf read as OpenAPI's "
        "composition), so additionalProperties beside the allOf does not apply to them"
    ),
    "msgspec-union-object": (
        "policy: msgspec reads a union of objects it cannot tell apart as plain JSON (its docstring says so)"
    ),
    "msgspec-extra-keys": (
        "policy: msgspec neither checks nor keeps the keys an object types beside its properties (a Struct drops "
        "keys it does not declare); a generation-time warning and the class docstring say so"
    ),
    "msgspec-quoted-name": (
        "policy: msgspec cannot name a field with a backslash, a double quote or a control character: such a "
        "key is not a field of the Struct and is dropped when decoding (the class docstring says so)"
    ),
    "typeddict-format": (
        "policy: a TypedDict holds JSON as it is: a string with a format is a str, its spelling not checked"
    ),
    "format-canonical": (
        "policy: a format is read as a Python value and written back in one spelling, the same in every flavour "
        "(T and Z in capitals, a zero offset as Z, a second's fraction in six digits, a duration in days and "
        "seconds as msgspec writes it, a UUID in lower case with its hyphens)"
    ),
    "format-leap-second": (
        "policy: a leap second (23:59:60) is refused in every flavour: Python's datetime and time cannot hold it, "
        "and msgspec refuses it"
    ),
    "format-fixed-duration": (
        "policy: a duration is a timedelta, a fixed length: years and months (no fixed length), weeks (msgspec "
        "reads none) and more than 999,999,999 days are refused in every flavour"
    ),
    "format-msgspec-spellings": (
        "policy: the spellings msgspec reads beyond RFC 3339 (a duration's sign, fractions, hours and seconds "
        "without minutes; a UUID of 32 digits...) are read by every flavour: nothing in msgspec's module sees "
        "the text first to refuse them"
    ),
}


@dataclass(frozen=True)
class Rule:
    files: str  # a glob over the suite file's path, e.g. "optional/format/*"
    reason: str
    flavours: frozenset[str] | None = None  # None: any flavour
    how: str | None = None  # None: any way of disagreeing
    group: str | None = None  # a glob over the group's description; None: any group
    test: str | None = None  # a glob over the test's description; None: any test


def _rule(
    files: str,
    reason: str,
    flavours: str = "",
    how: str = "",
    group: str = "",
    test: str = "",
) -> Rule:
    return Rule(
        files,
        reason,
        frozenset(flavours.split()) or None,
        how or None,
        group or None,
        test or None,
    )


RULES = (
    _rule(
        "optional/format/*",
        "typeddict-format",
        flavours="typeddict",
        how="accepts an invalid instance",
    ),
    _rule("optional/format/*", "format-canonical", how="writes a valid instance back changed"),
    _rule("optional/format/*", "format-leap-second", how="rejects a valid instance", test="*leap second*"),
    _rule("optional/format/duration.json", "format-fixed-duration", how="rejects a valid instance"),
    _rule("optional/format/*", "format-msgspec-spellings", how="accepts an invalid instance"),
    _rule("*", "refs-by-uri", how="the schema is refused", group="*"),
    _rule("enum.json", "empty-enum", how="the schema is refused", group="empty enum"),
    _rule("*", "msgspec-quoted-name", flavours="msgspec", group="*escaped characters"),
    _rule("*", "msgspec-quoted-name", flavours="msgspec", group="refs with quote"),
    _rule("*", "msgspec-union-object", flavours="msgspec", group="*complex types"),
    _rule("*", "integral-number", how="rejects a valid instance", test="float*valid"),
    _rule("type.json", "integral-number", how="rejects a valid instance"),
    _rule("*", "type-implied", how="rejects a valid instance"),
    # `maximum` beside a default; an enum of one number that is not an integer (`const: -2.0`)
    _rule("default.json", "unchecked-constraints", flavours="dataclasses", how="accepts an invalid instance"),
    _rule("const.json", "unchecked-constraints", flavours="dataclasses", group="*-2.0*"),
    _rule("*", "structured-const", group="*[[]*"),
    _rule("*", "structured-const", group="*{*"),
    _rule("const.json", "structured-const", group="const with object"),
    _rule("const.json", "structured-const", group="const with array"),
    _rule("enum.json", "structured-const", group="heterogeneous enum*"),
    _rule("enum.json", "structured-const", group="enums in properties"),
    _rule("ref.json", "structured-const", group="naive replacement*"),
    _rule("ref.json", "refs-by-uri", group="order of evaluation*"),
    _rule("ref.json", "prefix-items", group="relative pointer ref to array"),
    _rule("items.json", "prefix-items", group="items with heterogeneous array"),
    _rule("items.json", "prefix-items", group="items does not look in applicators*"),
    _rule("required.json", "typeless-constraint", how="accepts an invalid instance"),
    _rule("ref.json", "ref-siblings", group="ref applies alongside sibling keywords"),
    _rule("oneOf.json", "oneof-as-anyof"),
    _rule("prefixItems.json", "prefix-items"),
    _rule("items.json", "prefix-items", group="*prefixItems*"),
    _rule("items.json", "prefix-items", group="items and subitems"),
    _rule("uniqueItems.json", "prefix-items", group="*array of items*"),
    _rule("patternProperties.json", "pattern-properties"),
    _rule("additionalProperties.json", "pattern-properties", group="*pattern*"),
    _rule("additionalProperties.json", "msgspec-extra-keys", flavours="msgspec", group="additionalProperties with schema"),
    _rule("additionalProperties.json", "allof-merged", group="additionalProperties does not look in applicators"),
    _rule("additionalProperties.json", "pattern-properties", group="additionalProperties being false*"),
    _rule("properties.json", "unchecked-constraints", flavours="dataclasses", test="property invalidates property"),
    _rule("properties.json", "pattern-properties", group="properties, patternProperties*"),
)


# the suite files of value constraints, whose schemas have no `type`
TYPELESS = frozenset({
    "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "multipleOf", "minLength", "maxLength",
    "pattern", "minItems", "maxItems", "uniqueItems", "allOf", "anyOf",
})  # fmt: skip
NOT_EXPRESSIBLE = frozenset({
    "not", "if-then-else", "contains", "minContains", "maxContains", "propertyNames", "dependentRequired",
    "dependentSchemas", "unevaluatedItems", "unevaluatedProperties", "minProperties", "maxProperties",
})  # fmt: skip


def reason(file: str, group: str, test: str, flavour: str, how: str) -> str | None:
    """The reason of the disagreement, or None if no rule explains it."""
    for rule in RULES:
        if (
            fnmatch(file, rule.files)
            and (rule.flavours is None or flavour in rule.flavours)
            and (rule.how is None or rule.how == how)
            and (rule.group is None or fnmatch(group, rule.group))
            and (rule.test is None or fnmatch(test, rule.test))
        ):
            return rule.reason
    stem = file.removesuffix(".json")
    if stem in NOT_EXPRESSIBLE:
        return "not-expressible"
    if (
        flavour == "dataclasses"
        and how == "accepts an invalid instance"
        and stem in TYPELESS | {"properties", "items"}
    ):
        return "unchecked-constraints"
    if stem in TYPELESS and how == "accepts an invalid instance":
        return "typeless-constraint"
    return None

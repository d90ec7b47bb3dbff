"""The JSON Schema Test Suite (draft 2020-12) in every flavour: each flavour accepts exactly what
the suite calls valid and writes it back, except where the expected-disagreement list says
otherwise, with its reason (tests/json_schema_suite_policy.py). Every entry of the list is
checked to still disagree, so the list shrinks as faults are fixed and cannot hide a new one.

After a change that fixes (or, knowingly, adds) disagreements: ``python -m tests.json_schema_suite
--update`` rewrites the list, and prints the agreement per flavour; review its diff.
"""

from __future__ import annotations

import json

import jsonschema
import pytest

from tests import json_schema_suite as suite
from tests.json_schema_suite_policy import REASONS, reason

FILES = sorted({g.file for g in suite.groups()})


@pytest.mark.parametrize("file", FILES)
def test_flavours_agree_with_the_suite_but_for_the_listed_policies(file: str) -> None:
    groups = [g for g in suite.groups() if g.file == file]
    found: dict[suite.Key, str] = {}
    for group in groups:
        found.update(suite.disagreements(group, suite.scratch()))
    listed = {k: how for k, (how, _) in suite.expected().items() if k[0] == file}
    new = {k: v for k, v in found.items() if listed.get(k) != v}
    gone = {k: v for k, v in listed.items() if found.get(k) != v}
    assert (
        not new
    ), f"disagreements not in the list (fix them, or list them with a reason): {new}"
    assert (
        not gone
    ), f"listed disagreements that no longer happen (run --update): {gone}"


def test_every_listed_disagreement_has_the_reason_its_rule_gives() -> None:
    for (file, group, test, flavour), (how, why) in suite.expected().items():
        assert why in REASONS, (file, group, test, flavour)
        assert reason(file, group, test, flavour, how) == why, (
            file,
            group,
            test,
            flavour,
        )


def test_the_oracle_agrees_with_the_suite() -> None:
    """The suite's verdicts are what `jsonschema` (the oracle of the other behaviour tests) says,
    for the component form of each schema the harness builds (formats asserted)."""
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    for group in suite.groups():
        if "$id" in json.dumps(group.schema) or "https://" in json.dumps(group.schema):
            continue  # resolved by URI: the oracle would need the suite's remotes
        root = {**suite.spec_of(group), "$ref": suite.COMPONENT}
        validator = jsonschema.Draft202012Validator(
            root, format_checker=None if suite.required(group) else checker
        )
        for test in group.tests:
            if suite.required(group) or test["valid"]:
                assert validator.is_valid(test["data"]) == test["valid"], (
                    group.id,
                    test["description"],
                )

"""Class and attribute names (naming.py): the rules, the reserved lists, and names that do not
depend on the roots, the flavour or the Python version."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from modelgen import ir
from modelgen.app.config import _job
from modelgen.flavours.pydantic import BASEMODEL_ATTRIBUTES
from modelgen.flavours import reserved
from modelgen.naming import assign_names, attribute_name, base_class_name, class_names, pascal
from modelgen.normalise.hints import LABEL_WORDS, member_labels
from modelgen.app.pipeline import prepare, render_job
from tests.support import REPO


@pytest.mark.parametrize(
    ("wire", "attribute"),
    [
        ("id", "id"), ("type", "type"), ("object", "object"), ("from", "from_"), ("class", "class_"),
        ("content-type", "content_type"), ("@id", "id"), ("2fa", "field_2fa"), ("schema", "schema_"),
        ("str", "str_"), ("model_config", "model_config_"), ("model_x", "model_x"), ("_private", "private"),
        ("__dunder__", "dunder"), ("Field", "Field_"), ("to_dict", "to_dict_"), ("é", "unnamed"), ("", "unnamed"),
    ],
)
def test_attribute_names(wire: str, attribute: str) -> None:
    assert attribute_name(wire, reserved()) == attribute
    assert attribute.isidentifier()


@pytest.mark.parametrize(
    ("hint", "name"),
    [
        (("RunObject",), "RunObject"), (("RunObject", "required_action"), "RunObjectRequiredAction"),
        (("list-item",), "ListItem"), (("thread.run",), "ThreadRun"), (("fileIds",), "FileIds"),
        (("2fa",), "Schema2fa"), (("Field",), "Field_"), (("None",), "None_"), (("ValueError",), "ValueError_"),
        (("",), "Schema"), (("ExceptionGroup",), "ExceptionGroup_"), (("Warning",), "Warning_"), (("List",), "List"), (("Struct",), "Struct_"), (("UnsetType",), "UnsetType_"),
    ],
)
def test_class_names(hint: tuple[str, ...], name: str) -> None:
    assert base_class_name(hint, reserved()) == name
    assert pascal("snake_case.dotted-dash") == "SnakeCaseDottedDash"


def test_basemodel_attributes_are_reserved() -> None:
    public = {n for n in dir(BaseModel) if not n.startswith("_")}
    assert public <= BASEMODEL_ATTRIBUTES | {"model_fields", "model_computed_fields"}


def test_names_do_not_depend_on_the_roots() -> None:
    prepared = prepare(REPO / "specs" / "assistants.yaml")
    alone, _ = render_job(_job("specs/assistants.yaml", "pydantic", "x.py", ["TruncationObject"], base=REPO, command="c"), prepared)
    whole, _ = render_job(_job("specs/assistants.yaml", "pydantic", "x.py", [], base=REPO, command="c"), prepared)
    blocks = [b for b in alone.split("\n\n\n") if b.startswith("class Truncation")]
    assert blocks and all(b in whole for b in blocks)


def test_attribute_never_takes_a_class_name(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n"
        "    '\"\"\"':\n      type: object\n      properties:\n        None: {type: string, enum: [a, b]}\n",
        encoding="utf-8",
    )
    prepared = prepare(spec)
    model = prepared.spec.definitions[prepared.spec.components['"""']]
    assert isinstance(model, ir.Model)
    attribute = prepared.names.attr(model, model.fields[0])
    assert attribute not in set(prepared.names.classes.values())


def test_accented_words_keep_their_letters() -> None:
    assert pascal("créer_commande") == "CreerCommande"
    assert pascal("Straße-Übersicht") == "StrasseUbersicht"
    assert pascal("日本") == ""  # no Latin letter: the name comes from what surrounds it


def _member(*props: str, required: tuple[str, ...] = (), **extra: object) -> dict[str, object]:
    return {"type": "object", "properties": {p: {"type": "string"} for p in props}, "required": list(required), **extra}


def test_a_union_member_is_named_by_a_property_no_other_member_has() -> None:
    # GitHub's review-request webhooks: nine shared properties and one of each member's own; the
    # labels used to join all ten names (132 letters a class)
    shared = ("action", "enterprise", "installation", "number", "organization", "pull_request", "repository")
    team = _member(*shared, "requested_team", "sender", required=(*shared, "requested_team", "sender"))
    reviewer = _member(*shared, "requested_reviewer", "sender", required=(*shared, "requested_reviewer", "sender"))
    assert member_labels([team, reviewer], lambda ref: None) == ["WithRequestedTeam", "WithRequestedReviewer"]


def test_a_member_with_no_property_of_its_own_takes_its_first_few() -> None:
    small = _member("message", required=("message",))
    big = _member("message", "sha", required=("message", "sha"))
    assert member_labels([small, big], lambda ref: None) == ["WithMessage", "WithSha"]
    # required properties first, then at most LABEL_WORDS words, always at least one property
    many = _member("zeta", "is_ultra_restricted", "tz_label", "tz_offset", required=("tz_label",))
    wide = _member("zeta", "is_ultra_restricted", "tz_label", "tz_offset", "extra")
    assert member_labels([many, wide], lambda ref: None) == ["WithTzLabelZeta", "WithExtra"]
    assert LABEL_WORDS == 5
    long_one = _member("a_property_name_of_seven_long_words")
    assert member_labels([long_one, wide], lambda ref: None)[0] == "WithAPropertyNameOfSevenLongWords"


def test_a_title_gives_at_most_five_words_and_no_dangling_one() -> None:
    titled = _member("a", title="Conversation IM Channel object from conversations.* methods")
    other = _member("b", title="Conversation MPIM object")
    assert member_labels([titled, other], lambda ref: None) == ["ConversationIMChannelObject", "ConversationMPIMObject"]


def test_a_member_label_depends_on_its_union_only() -> None:
    a, b = _member("id", "name"), _member("id", "email")
    assert member_labels([a, b, {"$ref": "#/components/schemas/Other"}], lambda ref: _member("name")) == [
        "WithName", "WithEmail", ""
    ]


def _model(key: str, hint: tuple[str, ...]) -> ir.Model:
    return ir.Model(key=key, hint=hint, fields=(), description=None, extra=None, source=key)


def test_a_shortened_name_that_is_taken_gives_way_to_a_longer_one_not_a_suffix() -> None:
    # GitHub's branch-protection webhook: four `changes.<x>_enforcement_level.from` objects, each
    # 76-96 letters in full, all `WebhookBranchProtectionRuleEditedFrom` once shortened
    owner = "webhook-branch-protection-rule-edited"
    levels = ("linear_history_requirement_enforcement_level", "lock_branch_enforcement_level")
    definitions: dict[str, ir.Definition] = {
        f"#/{level}": _model(f"#/{level}", (owner, "changes", level, "from")) for level in levels
    }
    names = assign_names(definitions, {})
    assert names.cls("#/linear_history_requirement_enforcement_level") == "WebhookBranchProtectionRuleEditedFrom"
    assert names.cls("#/lock_branch_enforcement_level") == "WebhookBranchProtectionRuleEditedLockBranchEnforcementLevelFrom"
    assert class_names((owner, "changes", levels[1], "from"))[-1] == (
        "WebhookBranchProtectionRuleEditedChangesLockBranchEnforcementLevelFrom"
    )
    # a name that is not shortened and taken still gets the suffix
    same: dict[str, ir.Definition] = {"#/a": _model("#/a", ("Pet", "kind")), "#/b": _model("#/b", ("PetKind",))}
    assert sorted(assign_names(same, {}).classes.values()) == ["PetKind", "PetKindInline"]

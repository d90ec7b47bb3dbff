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
from modelgen.naming import attribute_name, base_class_name, pascal
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

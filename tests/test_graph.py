"""``modelgen graph``: a Mermaid class diagram of the selected models."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelgen.cli import main
from modelgen.commands.graph import mermaid
from modelgen.app.pipeline import prepare

SPEC = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Order:
      type: object
      required: [id, lines, customer]
      properties:
        id: {type: string}
        customer: {$ref: "#/components/schemas/Customer"}
        lines: {type: array, items: {$ref: "#/components/schemas/Line"}}
        state: {$ref: "#/components/schemas/State"}
        payment: {$ref: "#/components/schemas/Payment"}
        note: {type: string, maxLength: 5}
    Line:
      type: object
      properties:
        sku: {type: string}
    State:
      type: string
      enum: [open, "paid {in full}"]
    Payment:
      oneOf: [{$ref: "#/components/schemas/Card"}, {$ref: "#/components/schemas/Cash"}, {type: string}]
    Customer: {type: object, properties: {name: {type: string}}}
    Card: {type: object, properties: {last4: {type: string}}}
    Cash: {type: object, properties: {amount: {type: number}}}
    Unrelated: {type: object, properties: {x: {type: integer}}}
"""


@pytest.fixture()
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return path


def test_fields_references_enums_and_unions(spec: Path) -> None:
    text = mermaid(prepare(spec), ("Order",))
    lines = text.splitlines()
    assert lines[0] == "classDiagram"
    body = text[text.index("    class Order {") :]
    assert body.startswith(
        "    class Order {\n        id: str\n        customer: Customer\n        lines: list~Line~\n        state?: State\n"
        "        payment?: Payment\n        note?: str\n    }\n"
    )
    assert '    Order --> "*" Line : lines' in lines and '    Order --> "0..1" State : state' in lines
    assert '    Order --> "1" Customer : customer' in lines
    assert "    class Payment {\n        <<union>>\n        str\n    }" in text  # a member of no name of its own
    assert "    Payment ..> Card" in lines and "    Payment ..> Cash" in lines
    assert "        <<enumeration>>" in lines and "        paid (in full)" in lines  # braces would end the class
    assert "Unrelated" not in text  # outside the closure


def test_every_component_without_roots_and_errors_exit_2(spec: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", str(spec)]) == 0
    assert "class Unrelated {" in capsys.readouterr().out
    assert main(["graph", str(spec), "--root", "Nope"]) == 2
    assert "Nope" in capsys.readouterr().err


def test_without_a_spec_it_draws_what_the_config_generates(
    spec: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = spec.parent
    (folder / "pyproject.toml").write_text(
        '[tool.modelgen]\nspec = "spec.yaml"\nroots = ["Order"]\n'
        '[[tool.modelgen.jobs]]\nflavour = "pydantic"\noutput = "m.py"\n'
        '[[tool.modelgen.jobs]]\nflavour = "msgspec"\noutput = "n.py"\n'
    )
    (folder / "sub").mkdir()
    monkeypatch.chdir(folder / "sub")  # found upward, as generate finds it
    assert main(["graph"]) == 0
    out = capsys.readouterr().out
    assert "class Order {" in out and "Unrelated" not in out
    (folder / "pyproject.toml").write_text(
        (folder / "pyproject.toml").read_text() + '[[tool.modelgen.jobs]]\nspec = "other.yaml"\nflavour = "pydantic"\noutput = "o.py"\n'
    )
    assert main(["graph"]) == 2
    assert "the jobs read more than one spec" in capsys.readouterr().err


def test_jobs_of_one_spec_with_other_overlays_draw_what_they_share(
    spec: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = spec.parent
    (folder / "fix.yaml").write_text(
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n"
        "  - target: $.components.schemas.Order\n    update: {description: Fixed.}\n",
        encoding="utf-8",
    )
    (folder / "pyproject.toml").write_text(
        '[tool.modelgen]\nspec = "spec.yaml"\nroots = ["Order"]\n'
        '[[tool.modelgen.jobs]]\nflavour = "pydantic"\noutput = "m.py"\n'
        '[[tool.modelgen.jobs]]\nflavour = "msgspec"\noutput = "n.py"\noverlays = ["fix.yaml"]\nreading = "tolerant"\n'
    )
    monkeypatch.chdir(folder)
    assert main(["graph"]) == 0, capsys.readouterr().err
    assert "class Order {" in capsys.readouterr().out

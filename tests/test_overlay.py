"""OpenAPI Overlays (overlay.py): actions by RFC 9535 JSONPath, applied before $refs are
followed, warnings for actions that select nothing, errors for malformed overlays, and overlays
as inputs of the state (staleness, the fast path, the parse cache)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from modelgen.app import pipeline
from modelgen.cli import main
from modelgen.overlay import apply_overlay, load_overlay
from tests.support import REPO, import_file

SPEC = """openapi: 3.1.0
info: {title: t, version: '1'}
components:
  schemas:
    Run:
      type: object
      required: [id, status, notes]
      properties:
        id: {type: string}
        status: {type: string, enum: [queued, done]}
        notes: {type: string}
        secret: {type: string}
"""


def overlay(tmp_path: Path, actions: str, name: str = "fixes.yaml") -> Path:
    path = tmp_path / name
    path.write_text(f"overlay: 1.0.0\ninfo: {{title: fixes, version: '1'}}\nactions:\n{actions}", encoding="utf-8")
    return path


def applied(tmp_path: Path, actions: str) -> tuple[Any, list[str]]:
    from modelgen.yaml_events import load_yaml

    document = load_yaml(SPEC)
    warnings = apply_overlay(document, load_overlay(overlay(tmp_path, actions)))
    return document["components"]["schemas"]["Run"], [w.render() for w in warnings]


def test_update_merges_remove_removes_and_arrays_append(tmp_path: Path) -> None:
    run, warnings = applied(
        tmp_path,
        "  - target: $.components.schemas.Run.properties.notes\n    update: {nullable: true, description: free text}\n"
        "  - target: $.components.schemas.Run.properties.status.enum\n    update: cancelled\n"
        "  - target: $.components.schemas.Run.required[?@ == 'notes']\n    remove: true\n"
        "  - target: $.components.schemas.Run.properties.secret\n    remove: true\n"
        "  - target: $.components.schemas.Run\n    update: {properties: {id: {minLength: 1}}}\n",
    )
    assert warnings == []
    assert run["properties"]["notes"] == {"type": "string", "nullable": True, "description": "free text"}
    assert run["properties"]["status"]["enum"] == ["queued", "done", "cancelled"]
    assert run["required"] == ["id", "status"]
    assert "secret" not in run["properties"]
    assert run["properties"]["id"] == {"type": "string", "minLength": 1}, "objects merge key by key"


def test_an_action_that_selects_nothing_is_a_warning(tmp_path: Path) -> None:
    _, warnings = applied(
        tmp_path, "  - target: $.components.schemas.Gone\n    description: obsolete fix\n    update: {nullable: true}\n"
    )
    assert warnings == [
        "warning: fixes.yaml at /actions/0: action 0 '$.components.schemas.Gone' (obsolete fix) selects nothing in the spec"
        "\n  hint: after a spec update the fix may be obsolete, or the spec moved: check the target"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: []\n", "fixes.yaml:3:10 at /actions: 'actions' must be a non-empty list"),
        ("overlay: 1.0.0\nactions:\n  - {target: 'components', update: {}}\n", "fixes.yaml:3:5 at /actions/0: an action needs a 'target'"),
        ("overlay: 1.0.0\nactions:\n  - {target: '$.a[', update: {}}\n", "fixes.yaml:3:14 at /actions/0/target: invalid JSONPath '$.a['"),
        ("overlay: 1.0.0\nactions:\n  - {target: '$.a'}\n", "at /actions/0: an action needs an 'update' or 'remove: true'"),
        ("overlay: 3.0.0\nactions: []\n", 'at /overlay: Overlay "3.0.0" is not supported'),
        ("openapi: 3.1.0\n", "not an Overlay document"),
    ],
)
def test_a_malformed_overlay_is_an_error_with_its_place(
    text: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "api.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "fixes.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "m.py"
    code = main(["generate", str(tmp_path / "api.yaml"), "--flavour", "pydantic", "--output", str(out), "--overlay", str(tmp_path / "fixes.yaml"), "--no-cache"])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err, err
    assert not out.exists()


def test_openai_run_instructions_made_nullable(tmp_path: Path) -> None:
    """OpenAI's example runs send `instructions: null` and leave `required_action` out."""
    from tests.openai_spec import spec_path

    out = tmp_path / "run_models.py"
    fixes = REPO / "tests" / "overlays" / "run_fixes.yaml"
    argv = ["generate", str(spec_path()), "--flavour", "pydantic", "--output", str(out), "--root", "RunObject", "--overlay", str(fixes)]
    assert main(argv) == 0
    text = out.read_text(encoding="utf-8")
    assert "from openapi.yml with the overlay run_fixes.yaml." in text.replace("\n# ", " ")
    module = import_file(out)
    field = module.RunObject.model_fields["instructions"]
    assert not field.is_required() or "None" in str(field.annotation)
    run = {
        "id": "run_1", "object": "thread.run", "created_at": 1, "thread_id": "t", "assistant_id": "a",
        "status": "completed", "last_error": None, "expires_at": None, "started_at": 1, "cancelled_at": None,
        "failed_at": None, "completed_at": 2, "incomplete_details": None, "model": "gpt-4o", "instructions": None,
        "tools": [], "metadata": {}, "usage": None, "temperature": 1.0, "top_p": 1.0, "max_prompt_tokens": None,
        "max_completion_tokens": None, "truncation_strategy": {"type": "auto", "last_messages": None},
        "tool_choice": "auto", "parallel_tool_calls": True, "response_format": "auto",
    }  # fmt: skip
    assert module.RunObject.model_validate(run).model_dump(mode="json", exclude_unset=True) == run


PYPROJECT = """
[tool.modelgen]
spec = "api.yaml"
overlays = ["fixes.yaml"]

[[tool.modelgen.jobs]]
flavour = "pydantic"
output = "models.py"
"""


def test_overlays_are_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "api.yaml").write_text(SPEC, encoding="utf-8")
    overlay(tmp_path, "  - target: $.components.schemas.Run.properties.notes\n    update: {nullable: true}\n")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert main(["generate", "--quiet"]) == 0
    text = (tmp_path / "models.py").read_text(encoding="utf-8")
    assert "notes: str | None" in text and re.search(r" overlays=\w{16}", text)

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the spec was read")

    with monkeypatch.context() as patch:  # nothing changed: not even read
        patch.setattr(pipeline, "prepare", no_parsing)
        assert main(["generate", "--check", "--quiet"]) == 0
    overlay(tmp_path, "  - target: $.components.schemas.Run.properties.status\n    update: {nullable: true}\n")
    assert main(["generate", "--check", "--quiet"]) == 1
    assert "models.py: stale: an overlay changed" in capsys.readouterr().err
    assert main(["generate", "--quiet"]) == 0
    assert "status: RunStatus | None" in (tmp_path / "models.py").read_text(encoding="utf-8")


def test_one_action_class_reads_applies_and_writes() -> None:
    """The actions an overlay file holds and those check-payloads writes are the same class."""
    from modelgen.overlay import Action, Overlay

    add = Action("$.components.schemas.Run.properties.status.enum", "cancelled", description="why")
    drop = Action("$.components.schemas.Run.required[?@ == 'notes']", remove=True)
    assert str(add) == 'update $.components.schemas.Run.properties.status.enum with "cancelled"'
    assert str(drop) == "remove $.components.schemas.Run.required[?@ == 'notes']"
    assert add.entry() == {"target": add.target, "description": "why", "update": "cancelled"}
    assert drop.entry() == {"target": drop.target, "remove": True}
    assert add.key() == Action(add.target, "cancelled").key() != drop.key()  # what it does, not why
    assert add.label(3) == f"action 3 {add.target!r} (why)"

    from modelgen.yaml_events import load_yaml

    document = load_yaml(SPEC)
    gone = Action("$.components.schemas.Gone", {"nullable": True})
    warnings = apply_overlay(document, Overlay("(in memory)", (add, drop, gone)))
    run = document["components"]["schemas"]["Run"]
    assert run["properties"]["status"]["enum"][-1] == "cancelled" and run["required"] == ["id", "status"]
    assert [w.render().splitlines()[0] for w in warnings] == [
        "warning: (in memory) at /actions/2: action 2 '$.components.schemas.Gone' selects nothing in the spec"
    ]


def test_read_spec_applies_the_overlays_in_order(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(SPEC, encoding="utf-8")
    first = overlay(tmp_path, "  - target: $.components.schemas.Run.properties.notes\n    remove: true\n", "a.yaml")
    second = overlay(tmp_path, "  - target: $.components.schemas.Run.properties.notes\n    update: {nullable: true}\n", "b.yaml")
    document, warnings = pipeline.read_spec(tmp_path / "api.yaml", (first, second))
    assert "notes" not in document.data["components"]["schemas"]["Run"]["properties"]
    assert [w.location.file for w in warnings if w.location is not None] == ["b.yaml"]  # nothing left to update

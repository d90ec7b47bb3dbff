"""The options of the models: what each changes in the generated code, and how it behaves."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import json
import uuid
from pathlib import Path
from typing import Any

import msgspec
import pydantic
import pytest
from modelgen.app.config import read_pyproject
from modelgen.app.pipeline import generate
from modelgen.errors import UsageError
from modelgen.flavours.base import python_expression
from modelgen.formats import PYTHON_FORMATS, PYTHON_TYPES, parse
from modelgen.render.options import Options

from tests.support import case_job, case_module, render_case

EVENT = {
    "id": "6dcb09b5-b578-4c1f-9d0e-1d4b3f0c1e2a",
    "at": "2024-01-17T20:31:06Z",
    "day": "2024-01-17",
    "clock": "20:31:06+01:00",
    "lasts": "PT45S",
    "price": "19.90",
    "blob": "aGVsbG8=",
}


def test_every_python_format_has_a_type() -> None:
    assert set(PYTHON_TYPES) == PYTHON_FORMATS


@pytest.mark.parametrize(
    ("fmt", "text", "expected"),
    [
        ("date-time", "2024-01-17T20:31:06Z", datetime.datetime(2024, 1, 17, 20, 31, 6, tzinfo=datetime.timezone.utc)),
        ("date", "2024-01-17", datetime.date(2024, 1, 17)),
        ("duration", "P1DT2H", datetime.timedelta(days=1, hours=2)),
        ("duration", "P2W", None),  # weeks: msgspec reads none, so no flavour does
        ("uuid", EVENT["id"], uuid.UUID(EVENT["id"])),
        ("decimal", "19.90", decimal.Decimal("19.90")),
        ("byte", "aGk=", b"hi"),
        ("date-time", "2024-01-17", None),
        ("duration", "P1Y", None),  # a year has no fixed length
        ("uuid", "nope", None),
        ("byte", "not base64!", None),
    ],
)
def test_values_of_the_spec_are_read_as_python(fmt: str, text: str, expected: object) -> None:
    assert parse(fmt, text) == expected
    if expected is not None:
        assert eval(python_expression(fmt, text), {"datetime": datetime, "uuid": uuid, "decimal": decimal}) == expected


def test_formats_are_python_types_where_the_flavour_reads_json() -> None:
    pyd = case_module("formats", "pydantic")
    from_text = pyd.Event.model_validate_json(json.dumps(EVENT))
    from_loads = pyd.Event.model_validate(EVENT)
    assert from_text == from_loads
    assert from_loads.at == datetime.datetime(2024, 1, 17, 20, 31, 6, tzinfo=datetime.timezone.utc)
    assert isinstance(from_loads.id, uuid.UUID) and from_loads.price == decimal.Decimal("19.90")
    assert from_loads.blob == b"hello" and from_loads.lasts == datetime.timedelta(seconds=45)
    assert from_loads.model_dump(mode="json", exclude_unset=True) == EVENT
    for bad in ({"at": 1700000000}, {"at": "yesterday"}, {"id": True}):
        with pytest.raises(pydantic.ValidationError):
            pyd.Event.model_validate({**EVENT, **bad})

    dc = case_module("formats", "dataclasses")
    event = dc.Event.from_dict(EVENT)
    assert event.at == from_loads.at and event.lasts == from_loads.lasts and event.blob == b"hello"
    assert event.to_dict() == EVENT
    with pytest.raises(ValueError, match=r"Event\.at: not a valid datetime"):
        dc.Event.from_dict({**EVENT, "at": "yesterday"})

    ms = case_module("formats", "msgspec")
    converted = msgspec.convert(EVENT, type=ms.Event)
    assert converted == msgspec.json.decode(json.dumps(EVENT), type=ms.Event)
    assert converted.at == from_loads.at and msgspec.to_builtins(converted) == EVENT

    assert "    at: Required[str]\n" in render_case("formats", "typeddict")  # the JSON's type


def test_formats_json_keeps_strings_and_names_the_format() -> None:
    text = render_case("forbid", "pydantic")
    assert "issued: Annotated[str | None, _NOT_NULL] = None\n" in text and '"""Format: `date`."""' in text
    assert "import datetime" not in text


def test_unknown_keys_forbid_refuses_keys_the_spec_does_not_name() -> None:
    payload = {"number": "A-1", "discount": "5"}
    with pytest.raises(pydantic.ValidationError):
        case_module("forbid", "pydantic").Invoice.model_validate(payload)
    with pytest.raises(ValueError, match="unknown key 'discount'"):
        case_module("forbid", "dataclasses").Invoice.from_dict(payload)
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert(payload, type=case_module("forbid", "msgspec").Invoice)


def test_snake_case_enums_frozen_ignore_and_base_class() -> None:
    payload = {"jobId": "j1", "status": "2fa-required", "retryPolicy": {"maxAttempts": 5}, "HTTPCode": 200}
    pyd = case_module("options", "pydantic")
    job = pyd.Job.model_validate({**payload, "unknown": 1})
    assert job.job_id == "j1" and job.http_code == 200 and job.status is pyd.JobStatus.NEEDS_TWO_FACTOR
    assert job.retry_policy.mode is pyd.RetryMode.EXPONENTIAL  # the spec's default, as a member
    assert job.model_dump(mode="json", exclude_unset=True) == payload  # the unknown key is dropped
    assert job.describe().startswith("Job with")  # the base class's own method
    with pytest.raises(pydantic.ValidationError):
        job.job_id = "j2"

    dc = case_module("options", "dataclasses")
    built = dc.Job.from_dict({**payload, "unknown": 1})
    assert built.status is dc.JobStatus.NEEDS_TWO_FACTOR and built.to_dict() == payload
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.job_id = "j2"

    ms = case_module("options", "msgspec")
    read = msgspec.convert({**payload, "unknown": 1}, type=ms.Job)
    assert read.http_code == 200 and read.status is ms.JobStatus.NEEDS_TWO_FACTOR
    with pytest.raises(AttributeError):
        read.job_id = "j2"

    text = render_case("options", "typeddict")
    assert "Literal[" in text and "(str, Enum)" not in text  # TypedDicts describe the JSON: its strings


def test_the_templates_folder_replaces_ours_and_counts_for_staleness(tmp_path: Path) -> None:
    source = Path(case_job("options", "pydantic").spec)
    job = dataclasses.replace(case_job("options", "pydantic"), output=tmp_path / "models.py")
    text = generate((job,), reuse=False).outputs[job.output]
    assert "# 4 values, from the project's templates\nclass JobStatus(str, Enum):" in text
    assert text.startswith("# SPDX-License-Identifier: MIT\n# ruff: noqa: E501\n# Generated by modelgen")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "enum.jinja").write_text("# changed\n" + (source.parent / "templates" / "enum.jinja").read_text())
    changed = dataclasses.replace(job, options=dataclasses.replace(job.options, templates=templates))
    from modelgen.app.state import config_digest

    assert config_digest(changed) != config_digest(job)
    assert "# changed\n" in generate((changed,), reuse=False).outputs[job.output]


def test_options_are_checked_with_the_config_file_and_job_named(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(
        '[tool.modelgen]\nspec = "s.yaml"\n[[tool.modelgen.jobs]]\nflavour = "pydantic"\noutput = "m.py"\nenums = "enums"\n'
    )
    with pytest.raises(UsageError, match=r"pyproject.toml: tool.modelgen.jobs\[0\] \(output m.py\): enums = 'enums'"):
        read_pyproject(config)
    config.write_text('[tool.modelgen]\nspec = "s.yaml"\n[[tool.modelgen.jobs]]\nflavour = "msgspec"\noutput = "m.py"\nbase-class = "a.B"\n')
    with pytest.raises(UsageError, match="base-class is for pydantic models"):
        read_pyproject(config)
    config.write_text('[tool.modelgen]\nspec = "s.yaml"\nfield-name = "snake_case"\n[[tool.modelgen.jobs]]\nflavour = "msgspec"\noutput = "m.py"\n')
    with pytest.raises(UsageError, match="did you mean 'field-names'"):
        read_pyproject(config)


def test_options_parse_every_key() -> None:
    raw: dict[str, Any] = {
        "formats": "json", "field-names": "snake_case", "enums": "enum", "frozen": True, "unknown-keys": "forbid",
        "base-class": "app.models.Base", "header": ["a", "b"],
    }  # fmt: skip
    options = Options.parse(raw, Path.cwd())
    assert options == Options("json", "snake_case", "enum", True, "forbid", "app.models.Base", ("a", "b"))
    assert options.words(str) == [
        "--formats", "json", "--field-names", "snake_case", "--enums", "enum", "--unknown-keys", "forbid", "--frozen",
        "--base-class", "app.models.Base", "--header", "a", "--header", "b",
    ]  # fmt: skip


def test_enum_defaults_are_members_in_lists_and_unions_too() -> None:
    for flavour, read in (
        ("pydantic", lambda m: m.Backoff.model_validate({})),
        ("dataclasses", lambda m: m.Backoff.from_dict({})),
        ("msgspec", lambda m: msgspec.convert({}, type=m.Backoff)),
    ):
        module = case_module("options", flavour)
        backoff = read(module)
        assert backoff.mode is module.RetryMode.FIXED, flavour
        if flavour == "msgspec":  # a list default would be written back where the key was absent (issue 19)
            assert backoff.retry_on is msgspec.UNSET
            assert msgspec.to_builtins(backoff) == {}
        else:
            assert backoff.retry_on == [module.RetryMode.FIXED, module.RetryMode.EXPONENTIAL], flavour
        assert backoff.choice is module.RetryMode.EXPONENTIAL, flavour
    text = render_case("options", "pydantic")
    assert text.index("class RetryMode(") < text.index("class Backoff(")  # its defaults run at import


def test_a_changed_header_line_makes_the_module_stale(tmp_path: Path) -> None:
    from modelgen.app.state import same_output

    job = dataclasses.replace(case_job("options", "pydantic"), output=tmp_path / "models.py")
    before = generate((job,), reuse=False).outputs[job.output]
    changed = dataclasses.replace(job, options=dataclasses.replace(job.options, header=("SPDX-License-Identifier: Apache-2.0",)))
    after = generate((changed,), reuse=False).outputs[job.output]
    assert after.startswith("# SPDX-License-Identifier: Apache-2.0\n# Generated by modelgen")
    assert not same_output(before, after)  # only comments differ, and they are the user's
    assert same_output(before, before.replace("# modelgen: spec=", "# modelgen: spec=0", 1))  # ours are not compared


@pytest.mark.parametrize("line", ["a\rb", "a\r", "a\nb", "a\u2028b", "a\x85b", "a\x0bb", "a\0b", "\r"])
def test_a_header_line_must_be_a_single_line(line: str) -> None:
    """A carriage return in a header line gave a module that did not import."""
    with pytest.raises(UsageError, match="header line 2 .*must be a single line"):
        Options.parse({"header": ["SPDX-License-Identifier: MIT", line]}, Path("."))


def test_a_header_given_as_one_text_is_split_into_lines() -> None:
    assert Options.parse({"header": "a\r\nb\nc"}, Path(".")).header == ("a", "b", "c")


def test_a_header_line_with_a_line_break_is_a_usage_error_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from modelgen.cli import main

    spec = Path(__file__).resolve().parents[1] / "specs" / "assistants.yaml"
    output = tmp_path / "m.py"
    code = main(["generate", str(spec), "--flavour", "pydantic", "--output", str(output), "--root", "RunObject", "--header", "x\ry"])
    assert code == 2 and "must be a single line" in capsys.readouterr().err
    assert not output.exists()

"""``$ref``s to http(s) documents: refused unless trusted (``--allow-remote-refs`` or
``allow-remote-refs = true``); then fetched with bounds, followed relative to their own address,
and hashed so that a change on the server makes the output stale.

The server is a local one on 127.0.0.1, started by the test: no network is needed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from modelgen import sources
from modelgen.app.state import read_state
from modelgen.cli import main

ITEM = """\
Item:
  type: object
  description: An item from the remote catalogue.
  properties:
    sku: {type: string}
    price: {$ref: 'money/money.yaml#/Money'}
"""
MONEY = "Money:\n  type: object\n  properties:\n    cents: {type: integer}\n"


@pytest.fixture
def server(served: tuple[str, Path]) -> tuple[str, Path]:
    """The local HTTP server serving a catalogue and the money file it refers to."""
    root = served[1]
    (root / "money").mkdir(parents=True)
    (root / "catalogue.yaml").write_text(ITEM, encoding="utf-8")
    (root / "money" / "money.yaml").write_text(MONEY, encoding="utf-8")
    return served


def write_spec(folder: Path, ref: str) -> Path:
    spec = folder / "api.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n"
        f"    Order:\n      type: object\n      properties:\n        item: {{$ref: '{ref}'}}\n",
        encoding="utf-8",
    )
    return spec


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["generate", *args, "--no-cache"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_refused_unless_trusted(server: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base, _ = server
    spec, out = write_spec(tmp_path, f"{base}/catalogue.yaml#/Item"), tmp_path / "m.py"
    code, _, err = run([str(spec), "--flavour", "pydantic", "--output", str(out)], capsys)
    assert code == 2 and not out.exists()
    assert "api.yaml:8:22 at /components/schemas/Order/properties/item/$ref: remote $ref" in err
    assert "--allow-remote-refs" in err and "Traceback" not in err


def test_fetched_when_trusted_and_followed_relative_to_its_address(
    server: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, served = server
    spec, out = write_spec(tmp_path, f"{base}/catalogue.yaml#/Item"), tmp_path / "m.py"
    args = [str(spec), "--flavour", "pydantic", "--output", str(out), "--allow-remote-refs"]
    assert run(args, capsys)[0] == 0
    text = out.read_text(encoding="utf-8")
    assert "class Money(_Base):" in text and "class Item(_Base):" in text and "cents: Annotated[int | None, _NOT_NULL]" in text
    assert '"""An item from the remote catalogue."""' in text
    assert "--allow-remote-refs" in text.split("\n\n")[0], "the regenerate command in the header needs the flag"
    state = read_state(text)
    assert state is not None and state.sources == (f"{base}/catalogue.yaml", f"{base}/money/money.yaml")
    assert run([*args, "--check"], capsys)[0] == 0

    (served / "money" / "money.yaml").write_text(MONEY.replace("cents", "amount"), encoding="utf-8")
    code, out_text, err = run([*args, "--check"], capsys)
    assert code == 1 and "stale: the spec changed" in err and "+    amount: Annotated[int | None, _NOT_NULL]" in out_text


def test_a_remote_document_cannot_reach_local_files(
    server: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, served = server
    secret = tmp_path / "secret.yaml"
    secret.write_text("Secret: {type: string}\n", encoding="utf-8")
    (served / "catalogue.yaml").write_text(f"Item: {{$ref: 'file://{secret}#/Secret'}}\n", encoding="utf-8")
    spec, out = write_spec(tmp_path, f"{base}/catalogue.yaml#/Item"), tmp_path / "m.py"
    code, _, err = run([str(spec), "--flavour", "pydantic", "--output", str(out), "--allow-remote-refs"], capsys)
    assert code == 2 and not out.exists()
    assert f"{base}/catalogue.yaml at /Item/$ref" in err and "not an http(s) document" in err


@pytest.mark.parametrize("problem", ["missing", "too large", "no server"])
def test_fetch_failures_are_clear_errors(
    problem: str, server: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, _ = server
    url = {"missing": f"{base}/nope.yaml", "too large": f"{base}/catalogue.yaml", "no server": "http://127.0.0.1:9/x.yaml"}[problem]
    if problem == "too large":
        monkeypatch.setattr(sources, "REMOTE_MAX_BYTES", 10)
    spec, out = write_spec(tmp_path, f"{url}#/Item"), tmp_path / "m.py"
    code, _, err = run([str(spec), "--flavour", "pydantic", "--output", str(out), "--allow-remote-refs"], capsys)
    assert code == 2 and not out.exists() and "Traceback" not in err
    assert f"api.yaml:8:22 at /components/schemas/Order/properties/item/$ref: cannot fetch {url}: " in err
    expected = {"missing": "HTTP 404", "too large": "larger than 10 bytes", "no server": "refused"}[problem]
    assert expected in err


def test_trust_can_live_in_pyproject(
    server: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, _ = server
    write_spec(tmp_path, f"{base}/catalogue.yaml#/Item")
    jobs = '[[tool.modelgen.jobs]]\nflavour = "typeddict"\noutput = "m.py"\n'
    pyproject = tmp_path / "pyproject.toml"
    monkeypatch.chdir(tmp_path)
    pyproject.write_text(f'[tool.modelgen]\nspec = "api.yaml"\n{jobs}', encoding="utf-8")
    assert run([], capsys)[0] == 2
    pyproject.write_text(f'[tool.modelgen]\nspec = "api.yaml"\nallow-remote-refs = true\n{jobs}', encoding="utf-8")
    assert run([], capsys)[0] == 0 and "class Money(TypedDict" in (tmp_path / "m.py").read_text(encoding="utf-8")
    pyproject.write_text(f'[tool.modelgen]\nspec = "api.yaml"\nallow-remote-refs = "yes"\n{jobs}', encoding="utf-8")
    code, _, err = run([], capsys)
    assert code == 2 and "tool.modelgen.allow-remote-refs must be true or false" in err

"""Every test run gets a parse cache of its own: the user's ~/.cache is neither read nor filled.

The longest tests run first: `make test` hands tests to its workers one at a time in this order
(`--dist loadgroup`: each test is a unit of its own), so that no worker is left running a long
one at the end while the others are idle.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

# What runs first, in this order: a test (module::name, any parameters) or a whole module; the
# rest follows as collected. Durations are serial, measured with `--durations=0`. With two
# workers, xdist deals the first four tests in turn (1st and 3rd to one worker, 2nd and 4th to the
# other), then one more to whichever worker is down to its last.
LONGEST_FIRST = (
    "tests/test_openai.py::test_pyright_strict_on_the_whole_spec",  # ~60 s
    "tests/test_openai_differential.py",  # ~60 s, the other worker
    "tests/test_openai.py::test_how_many_examples_each_reading_accepts",  # ~12 s, the other worker
    # ~21 s, queued behind pyright on its worker (it needs no module fixture)
    "tests/test_openai.py::test_the_run_family_is_accepted_in_tolerant_mode_with_the_overlay_check_payloads_writes",
    # ~20 s of set-up for a module fixture: the other worker runs the whole module while pyright runs
    "tests/test_history.py",
    "tests/test_openai.py::test_openai_examples_agree_with_the_validator",  # ~12 s
    "tests/test_openai.py::test_mypy_strict_on_the_whole_spec",  # ~10 s
    "tests/test_openai.py::test_black_leaves_the_whole_spec_unchanged",  # 4-8 s each
    "tests/test_openai.py",
    "tests/test_real_swagger.py",  # mypy on two real APIs ~15 s; Kubernetes 2-7 s a flavour
    "tests/test_quality.py::test_pyright_strict",  # ~14 s
    "tests/test_quality.py::test_mypy_strict",
    "tests/test_quality.py::test_the_generator_itself_passes_mypy_strict",
    "tests/test_fuzz_schemas.py",
    "tests/test_openai_properties.py",
    "tests/test_precommit.py::test_commit_refused_until_models_are_regenerated",
    "tests/test_cli.py::test_non_editable_wheel_ships_templates",
)


def _rank(item: pytest.Item) -> int:
    """The place of the first entry of ``LONGEST_FIRST`` that names ``item`` (or after them all)."""
    test = item.nodeid.split("[")[0]
    module = test.partition("::")[0]
    for i, entry in enumerate(LONGEST_FIRST):
        if entry in (test, module):
            return i
    return len(LONGEST_FIRST)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest tests first; a stable sort, so the others keep the order they were collected in."""
    items.sort(key=_rank)


@pytest.fixture(autouse=True, scope="session")
def _private_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    home = tmp_path_factory.mktemp("cache-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(home))
        yield


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A local HTTP server (loopback only, no network): its base URL and the folder it serves."""
    root = tmp_path / "served"
    root.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    # a short poll: shutdown() waits for the loop to look, 0.5 s by default
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    finally:
        httpd.shutdown()
        httpd.server_close()

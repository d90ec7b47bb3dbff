"""Every test run gets a parse cache of its own: the user's ~/.cache is neither read nor filled.

The longest tests run first: `make test` hands tests to its workers one by one in this order,
so a worker that starts the 60 s pyright run early is not the one left running it at the end.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

# The modules with the longest tests, longest first (measured with `--durations=0`), and in
# each the tests to start before its others. A module's tests stay together, so that a module
# fixture (the whole OpenAI spec rendered, a spec's history) is set up about once per worker.
LONGEST_FIRST: dict[str, tuple[str, ...]] = {
    "tests/test_openai.py": (
        "test_pyright_strict_on_the_whole_spec",  # ~60 s
        "test_the_run_family_is_accepted_in_tolerant_mode_with_the_overlay_check_payloads_writes",  # ~21 s
        "test_how_many_examples_each_reading_accepts",  # ~12 s
        "test_openai_examples_agree_with_the_validator",  # ~12 s
        "test_mypy_strict_on_the_whole_spec",  # ~10 s
        "test_black_leaves_the_whole_spec_unchanged",  # 4-8 s each
    ),
    "tests/test_history.py": (),  # ~20 s to set up
    "tests/test_quality.py": (
        "test_pyright_strict",  # ~14 s
        "test_mypy_strict",
        "test_the_generator_itself_passes_mypy_strict",
    ),
    "tests/test_fuzz_schemas.py": (),
    "tests/test_openai_properties.py": (),
    "tests/test_precommit.py": ("test_commit_refused_until_models_are_regenerated",),
    "tests/test_cli.py": ("test_non_editable_wheel_ships_templates",),
}


def _rank(item: pytest.Item) -> tuple[int, int]:
    """Where ``item`` goes: its module's place in ``LONGEST_FIRST`` (others after, as collected),
    then its own place among the tests listed for that module."""
    module, _, test = item.nodeid.partition("::")
    modules = list(LONGEST_FIRST)
    if module not in LONGEST_FIRST:
        return len(modules), 0
    first = LONGEST_FIRST[module]
    name = test.split("[")[0]
    return modules.index(module), first.index(name) if name in first else len(first)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest tests first (a stable sort: the order within a rank stays as collected)."""
    items.sort(key=_rank)


@pytest.fixture(autouse=True, scope="session")
def _private_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    home = tmp_path_factory.mktemp("cache-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(home))
        yield

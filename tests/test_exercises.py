"""Checked exercises: each ``docs/exercises/NAME.py`` passes the page's published solution and
rejects the page's starter and each named mistake with its hint (in CPython here; in the
browser in ``tests/browser/test_run.py``).

A checked block is a ``python`` fence preceded by ``<!-- check: NAME -->``; the last such block
of the page is the published solution (inside its collapsed "Solution").
"""

from __future__ import annotations

import importlib.util

import pytest

from tests import site_build
from tests.runtime_hook import ROOT, blocks_of

EXERCISES = ROOT / "docs" / "exercises"


def checked_blocks() -> dict[str, list[tuple[str, str]]]:
    """``{exercise name: [(page, code), ...]}`` over every page, in page order."""
    found: dict[str, list] = {}
    for path, markdown in site_build.source_pages().items():
        for block in blocks_of(markdown):
            if block["check"]:
                found.setdefault(block["check"], []).append((path, block["code"]))
    return found


CHECKED = checked_blocks()


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"exercise_{name}", EXERCISES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_check(name: str, code: str) -> tuple[bool, str]:
    session = {"__name__": "__main__"}
    exec(compile(code, f"<{name}>", "exec"), session)
    return load(name).check(session)


def test_every_check_marker_names_an_exercise_file_and_back_versa():
    assert CHECKED, "no checked exercise on any page"
    assert sorted(CHECKED) == sorted(p.stem for p in EXERCISES.glob("*.py"))


@pytest.mark.parametrize("name", sorted(CHECKED))
def test_the_published_solution_passes(name):
    page, solution = CHECKED[name][-1]
    passed, message = run_check(name, solution)
    assert passed, f"{page}: the published solution of {name} fails its own check: {message}"


@pytest.mark.parametrize("name", sorted(CHECKED))
def test_the_starter_fails(name):
    page, starter = CHECKED[name][0]
    passed, message = run_check(name, starter)
    assert not passed, f"{page}: the starter code of {name} passes its check"


@pytest.mark.parametrize("name", sorted(CHECKED))
def test_each_named_mistake_gets_its_hint(name):
    _, solution = CHECKED[name][-1]
    mistakes = getattr(load(name), "MISTAKES", {})
    for mistake, (old, new) in mistakes.items():
        assert solution.count(old) == 1, f"{mistake}: the solution does not have the line {old!r} once"
        passed, message = run_check(name, solution.replace(old, new))
        assert not passed, f"{mistake} passes the check"
        assert mistake in message, f"{mistake}: the hint does not name it: {message}"


def test_back_prop_check_catches_a_wrong_derivative_without_naming_a_mistake():
    _, solution = CHECKED["back_prop"][-1]
    passed, message = run_check("back_prop", solution.replace("out[j] * (1 - out[j])", "out[j]"))
    assert not passed
    assert "finite differences give" in message and "hidden layer" in message, message
    assert not any(mistake in message for mistake in load("back_prop").MISTAKES), message


def test_back_prop_check_names_the_swap_from_an_index_error():
    """A swap that only fails on layers of different sizes (IndexError) still gets the hint."""
    _, solution = CHECKED["back_prop"][-1]
    code = solution.replace("for i in range(len(x)):", "for i in range(len(node_errors)):")
    assert code != solution
    passed, message = run_check("back_prop", code)
    assert not passed and "swapped i and j" in message, message

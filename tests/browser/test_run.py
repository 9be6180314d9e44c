"""Run, edit, Stop and Check in a real browser: the site's own Pyodide, offline (docs/assets/run.js).

For every page with Python blocks: no byte of the runtime is fetched on load; every block the
tests run has a Run button; Run on the last block runs the whole page in one session and every
block's output matches what the page shows; no request leaves 127.0.0.1. On one chapter: an
edited block prints the edited result, Reset restores it, an exception shows its name,
Ctrl+Enter runs, Stop ends ``while True: pass`` and a fresh session runs after it.
"""

from __future__ import annotations

import time

import pytest

from tests import site_build
from tests.browser import checks
from tests.browser.visit import Visit
from tests.runtime_hook import blocks_of, pages_with_blocks

pytestmark = pytest.mark.browser

PAGES = pages_with_blocks()
RUNTIME = "/pyodide/"
#: Generous: a whole chapter on a shared 2-core machine (the speed targets are in benchmarks/).
PAGE_TIMEOUT_MS = 600_000
#: One block, or starting Python on a busy machine.
STEP_TIMEOUT_MS = 180_000
EDIT_PAGE = "forward/"
#: What run.js writes, by the page's language (docs/assets/run.js's TEXT): the Japanese pages too.
UI = {
    "en": {"run": "Run", "notebook": "Download notebook", "ran_first": "first"},
    "ja": {"run": "実行", "notebook": "ノートブックをダウンロード", "ran_first": "先に"},
}

BARS = """() => Array.from(document.querySelectorAll('.sn-run')).map(bar => ({
  state: bar.dataset.state, match: bar.dataset.match || null, check: bar.dataset.check || null,
  buttons: Array.from(bar.querySelectorAll('button:not([hidden])')).map(b => b.textContent),
  status: bar.querySelector('.sn-run__status').textContent,
  output: bar.nextElementSibling.tagName.toLowerCase() === 'output' ? bar.nextElementSibling.innerText : null,
}))"""


def runtime_requests(visit) -> list[str]:
    return [r.url for r in visit.requests if RUNTIME in r.url]


def wait_for_state(visit, index: int, states=("done", "error", "blocked"), timeout=STEP_TIMEOUT_MS):
    visit.page.wait_for_function(
        "([i, states]) => states.includes(document.querySelectorAll('.sn-run')[i].dataset.state)",
        arg=[index, list(states)], timeout=timeout, polling=200,
    )


def bar(visit, index: int):
    return visit.page.locator(".sn-run").nth(index)


def code(visit, index: int):
    return visit.page.locator(f'code[data-sn-block="{index}"]')


def edit(visit, index: int, text: str | None = None):
    """Press the block's Edit button (the code takes the focus), and type ``text`` over the code."""
    bar(visit, index).get_by_role("button", name="Edit").click()
    assert code(visit, index).evaluate("c => c.isContentEditable && document.activeElement === c")
    if text is not None:
        code(visit, index).fill(text)


def _start(browser, server, path: str) -> Visit:
    """Load ``path``, note what it fetched, and press Run on its last block (not waiting)."""
    visit = Visit(browser, server.url(path), server.origin)
    visit.path = path
    visit.before = runtime_requests(visit)
    visit.blocks = blocks_of(site_build.source_pages()[path])
    visit.page.evaluate(checks.OPEN_ALL_DETAILS)
    visit.ui = UI[site_build.page_locale(path)]
    visit.started = time.monotonic()
    bar(visit, len(visit.blocks) - 1).get_by_role("button", name=visit.ui["run"], exact=True).click()
    return visit


#: Pages whose Run was pressed ahead of their tests (see ``ran_page``), by path.
_AHEAD: dict[str, Visit] = {}


def _run_order(session) -> list[str]:
    """The pages in the order the session's tests will use ``ran_page``."""
    order = []
    for item in session.items:
        path = getattr(item, "callspec", None) and item.callspec.params.get("ran_page")
        if path and path not in order:
            order.append(path)
    return order


@pytest.fixture(scope="module", autouse=True)
def _close_pages_run_ahead():
    yield
    while _AHEAD:
        _AHEAD.popitem()[1].close()


@pytest.fixture(scope="module", params=PAGES, ids=site_build.page_id)
def ran_page(request, browser, server):
    """The page loaded, checked for laziness, then run whole with Run on its last block.

    While one page's Python runs in its tab, the next page the session will test is loaded
    and its Run pressed in a tab of its own (at most two pages run at once): a page spends
    most of its time in its own worker, so the two share the machine's cores.
    """
    visit = _AHEAD.pop(request.param, None) or _start(browser, server, request.param)
    order = _run_order(request.session)
    following = order[order.index(request.param) + 1:] if request.param in order else []
    if following and following[0] not in _AHEAD:
        _AHEAD[following[0]] = _start(browser, server, following[0])
    wait_for_state(visit, len(visit.blocks) - 1, timeout=PAGE_TIMEOUT_MS)
    visit.seconds = time.monotonic() - visit.started
    print(f"\n{visit.path}: {len(visit.blocks)} blocks ran in {visit.seconds:.1f} s")
    yield visit
    visit.close()


def test_no_runtime_byte_before_the_first_run(ran_page):
    assert ran_page.before == [], f"the runtime was fetched on load: {ran_page.before}"
    fetched = runtime_requests(ran_page)
    for name in ("pyodide.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "scratchnet.zip"):
        assert any(url.endswith(name) for url in fetched), f"{name} was not fetched by Run: {fetched}"


def test_every_tested_block_has_a_run_button_and_an_output(ran_page):
    bars = ran_page.page.evaluate(BARS)
    assert len(bars) == len(ran_page.blocks), (
        f"{len(bars)} Run toolbars for {len(ran_page.blocks)} blocks the tests run "
        f"(page says {ran_page.page.evaluate('() => document.documentElement.dataset.snBlocks')} mapped)"
    )
    assert ran_page.page.locator("button.sn-run__run").count() == len(ran_page.blocks)
    assert ran_page.page.locator("output.sn-run__output").count() == len(ran_page.blocks)


def test_the_whole_page_runs_in_one_session_and_matches_the_page(ran_page):
    bars = ran_page.page.evaluate(BARS)
    problems = []
    for n, (shown, block) in enumerate(zip(bars, ran_page.blocks), start=1):
        if shown["state"] != "done":
            problems.append(f"block {n}: {shown['state']}: {shown['status']}\n{shown['output']}")
        elif block["expected"] is not None and shown["match"] not in ("yes", "close"):
            problems.append(f"block {n}: output differs from the page:\n{shown['output']}")
        elif block["expected"] is None and shown["match"] != "none":
            problems.append(f"block {n}: compared with an output the page does not show ({shown['match']})")
    assert not problems, f"{ran_page.path}:\n" + "\n\n".join(problems)
    close = [n for n, shown in enumerate(bars, start=1) if shown["match"] == "close"]
    if close:
        print(f"\n{ran_page.path}: blocks {close} match except in floating-point last digits")
    if len(bars) > 1:
        status = bars[-1]["status"]
        assert ran_page.ui["ran_first"] in status, f"the last block does not say it ran the earlier ones: {status!r}"


def test_the_page_links_to_its_notebook(ran_page):
    import json
    import urllib.request

    link = ran_page.page.get_by_role("link", name=ran_page.ui["notebook"])
    assert link.count() == 1, f"no {ran_page.ui['notebook']!r} link"
    url = link.evaluate("a => a.href")
    assert url.endswith(".ipynb") and link.get_attribute("download") is not None, url
    book = json.loads(urllib.request.urlopen(url, timeout=30).read())
    assert book["nbformat"] == 4
    cells = ["".join(c["source"]) for c in book["cells"] if c["cell_type"] == "code"]
    assert cells == [block["code"] for block in ran_page.blocks]


def test_running_the_page_stays_on_the_site(ran_page):
    ran_page.settle()
    assert not ran_page.outside, f"requests outside the site: {ran_page.outside}"
    assert not ran_page.problems(), "\n".join(ran_page.problems())


# --------------------------------------------------------------------------- edit, Stop, errors


@pytest.fixture(scope="module")
def editing(browser, server):
    visit = Visit(browser, server.url(EDIT_PAGE), server.origin)
    visit.blocks = blocks_of(site_build.source_pages()[EDIT_PAGE])
    yield visit
    visit.close()


def test_editing_a_block_starts_loading_the_runtime(editing):
    assert runtime_requests(editing) == []
    edit(editing, 0)
    deadline = time.monotonic() + 60
    while not runtime_requests(editing) and time.monotonic() < deadline:
        editing.page.wait_for_timeout(200)
    assert runtime_requests(editing), "focusing a code block did not start loading Python"


def test_an_edited_block_prints_the_edited_result_and_reset_restores_it(editing):
    index = next(i for i, b in enumerate(editing.blocks) if b["expected"])
    original = code(editing, index).inner_text()
    edit(editing, index, "print(6 * 7)")
    bar(editing, index).get_by_role("button", name="Run", exact=True).click()
    wait_for_state(editing, index)
    shown = editing.page.evaluate(BARS)[index]
    assert shown["state"] == "done" and shown["match"] == "no", shown
    assert shown["output"].splitlines()[0] == "42", shown["output"]
    assert "+ 42" in shown["output"], f"the difference from the page's output is not shown: {shown['output']}"
    assert "Reset" in shown["buttons"]
    bar(editing, index).get_by_role("button", name="Reset").click()
    assert code(editing, index).inner_text().rstrip("\n") == original.rstrip("\n")
    bar(editing, index).get_by_role("button", name="Run", exact=True).click()
    wait_for_state(editing, index)
    assert editing.page.evaluate(BARS)[index]["match"] == "yes"


def test_ctrl_enter_runs_and_an_exception_shows_its_name(editing):
    index = 0
    edit(editing, index, "numbers = [1, 2]\nprint(numbers[5])")
    editing.page.keyboard.press("Control+Enter")
    wait_for_state(editing, index)
    shown = editing.page.evaluate(BARS)[index]
    assert shown["state"] == "error", shown
    assert "IndexError: list index out of range" in shown["output"], shown["output"]
    assert "print(numbers[5])" in shown["output"], f"the failing line is not shown: {shown['output']}"
    assert "IndexError" in shown["status"]
    bar(editing, index).get_by_role("button", name="Reset").click()


def test_stop_ends_a_runaway_loop_and_python_starts_afresh(editing):
    index = 1
    edit(editing, index, "while True: pass")
    bar(editing, index).get_by_role("button", name="Run", exact=True).click()
    wait_for_state(editing, index, states=("running",))
    editing.page.wait_for_timeout(1000)
    bar(editing, index).get_by_role("button", name="Stop").click()
    wait_for_state(editing, index, states=("stopped",), timeout=5_000)
    assert "Stopped" in editing.page.evaluate(BARS)[index]["status"]
    # the keyboard: Ctrl+Enter runs the loop again, Escape stops it
    edit(editing, index)
    editing.page.keyboard.press("Control+Enter")
    wait_for_state(editing, index, states=("running",))
    editing.page.wait_for_timeout(500)
    editing.page.keyboard.press("Escape")
    wait_for_state(editing, index, states=("stopped",), timeout=5_000)
    editing.page.keyboard.press("Escape")   # not running: Escape ends editing, the focus goes to Edit
    assert not code(editing, index).evaluate("c => c.isContentEditable")
    assert editing.page.evaluate("() => document.activeElement.textContent") == "Edit"
    bar(editing, index).get_by_role("button", name="Reset").click()
    bar(editing, index).get_by_role("button", name="Run", exact=True).click()
    wait_for_state(editing, index)
    shown = editing.page.evaluate(BARS)
    assert shown[index]["state"] == "done", shown[index]
    assert shown[0]["state"] in ("done", "error"), "the earlier block did not run again in the fresh session"
    assert not editing.outside and not editing.problems(), editing.outside + editing.problems()


FOCUS_RING = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  return {text: el.textContent, tag: el.tagName.toLowerCase(),
          ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
}"""


def test_run_and_stop_work_from_the_keyboard_alone(editing):
    """The Run button is reached by the keys with a visible ring; Enter runs, Space on Stop stops."""
    page = editing.page
    index = next(i for i, b in enumerate(editing.blocks) if b["expected"])
    bar(editing, index).get_by_role("button", name="Edit").focus()   # the block's bar, then keys only
    page.keyboard.press("Shift+Tab")
    focused = page.evaluate(FOCUS_RING)
    assert (focused["tag"], focused["text"]) == ("button", "Run"), f"Shift+Tab from Edit went to {focused}"
    assert focused["ring"], f"the focused Run button shows no focus ring: {focused}"
    page.keyboard.press("Enter")
    wait_for_state(editing, index)
    assert page.evaluate(BARS)[index]["match"] == "yes", page.evaluate(BARS)[index]
    # a runaway loop, stopped with the keyboard: Escape ends editing (the focus is on Edit),
    # Shift+Tab goes back to Run, Space runs, one Tab reaches Stop (the toolbar reads Run, Stop,
    # Edit, Reset), Space stops
    edit(editing, index, "while True: pass")
    page.keyboard.press("Escape")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUS_RING)["text"] == "Run", page.evaluate(FOCUS_RING)
    page.keyboard.press("Space")
    wait_for_state(editing, index, states=("running",))
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUS_RING)
    assert (focused["text"], focused["ring"]) == ("Stop", True), f"one Tab after Run went to {focused}"
    page.keyboard.press("Space")
    wait_for_state(editing, index, states=("stopped",), timeout=5_000)
    bar(editing, index).get_by_role("button", name="Reset").click()


# --------------------------------------------------------------------------- checked exercises

EXERCISE_PAGE = "exercise-backprop/"


@pytest.fixture(scope="module")
def exercise(browser, server):
    visit = Visit(browser, server.url(EXERCISE_PAGE), server.origin)
    visit.blocks = blocks_of(site_build.source_pages()[EXERCISE_PAGE])
    visit.checked = [i for i, b in enumerate(visit.blocks) if b["check"]]
    visit.page.evaluate(checks.OPEN_ALL_DETAILS)
    yield visit
    visit.close()


def check_block(visit, index: int) -> dict:
    bar(visit, index).get_by_role("button", name="Check").click()
    wait_for_state(visit, index)
    return visit.page.evaluate(BARS)[index]


def test_check_rejects_the_starter_and_loading_shows_progress(exercise):
    assert len(exercise.checked) == 2, "the exercise page should have a checked starter and a checked solution"
    index = exercise.checked[0]
    bar(exercise, index).get_by_role("button", name="Check").click()
    progress = bar(exercise, index).locator(".sn-run__progress")
    progress.wait_for(state="visible", timeout=10_000)
    exercise.page.wait_for_function(
        "(el) => /Loading Python \\(.*\\): [0-9.]+ of [0-9.]+ MB|Loaded [0-9.]+ MB/.test(el.textContent)",
        arg=progress.element_handle(), timeout=60_000, polling=50)
    wait_for_state(exercise, index)
    assert progress.is_hidden(), "the progress indicator stays after Python started"
    shown = exercise.page.evaluate(BARS)[index]
    assert shown["check"] == "failed", shown
    assert "Check failed" in shown["output"]


def test_check_passes_the_reference_solution_in_the_browser(exercise):
    shown = check_block(exercise, exercise.checked[-1])
    assert shown["check"] == "passed", shown["output"]
    assert "finite differences" in shown["output"]


def test_check_names_each_mistake_in_the_browser(exercise):
    from tests.test_exercises import load

    index = exercise.checked[-1]
    solution = exercise.blocks[index]["code"]
    for mistake, (old, new) in load("back_prop").MISTAKES.items():
        edit(exercise, index, solution.replace(old, new))
        shown = check_block(exercise, index)
        assert shown["check"] == "failed", f"{mistake}: {shown}"
        assert mistake in shown["output"], f"{mistake}: the hint does not name it:\n{shown['output']}"
    bar(exercise, index).get_by_role("button", name="Reset").click()
    shown = check_block(exercise, index)
    assert shown["check"] == "passed", shown["output"]
    assert not exercise.outside and not exercise.problems(), exercise.outside + exercise.problems()


def test_only_floating_point_last_digits_count_as_close(editing):
    """A number off in its 16th digit is 'close' (another libm); off in its 4th it differs."""
    import re

    index = next(i for i, b in enumerate(editing.blocks) if b["expected"] and re.search(r"\d\.\d{4}", b["expected"]))
    shown = editing.blocks[index]["expected"].rstrip()
    number = re.search(r"-?\d+\.\d{4,}", shown)
    value = float(number.group())
    cases = [
        (shown, "yes"),
        (shown[: number.start()] + repr(value * (1 + 1e-13)) + shown[number.end():], "close"),
        (shown[: number.start()] + f"{value + 0.0003:.4f}" + shown[number.end():], "no"),
    ]
    for text, want in cases:
        edit(editing, index, f"print({text!r})")
        bar(editing, index).get_by_role("button", name="Run", exact=True).click()
        wait_for_state(editing, index)
        got = editing.page.evaluate(BARS)[index]
        assert got["match"] == want, f"printing {text!r}: {got['match']}, want {want}\n{got['output']}"
    bar(editing, index).get_by_role("button", name="Reset").click()

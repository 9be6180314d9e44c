"""The step-through player in a real browser, on the built site served on 127.0.0.1.

One page load drives most checks (module-scoped, to spare the shared machine's cores):
step through example C and compare what the page displays with what the package computes,
step back, the keyboard, the jumps, the pitfall mark, the broken scenario, the dark palette,
no console error. Screenshots go to tests/artifacts/ (git-ignored): player-forward.png,
player-sum-over-edges.png, player-update.png, player-broken-dark.png.

Fixtures (``browser``, ``server``, ``subpath_server``, ``artifacts``) come from
tests/browser/conftest.py: one build, one server and one Chromium per session.
"""

from __future__ import annotations

import json
import urllib.request

import pytest

from scratchnet import back_prop, example_c, forward_prop, update_params
from tests.browser.visit import Visit

pytestmark = pytest.mark.browser

PATH = "player/"
#: Everything the page shows, read back from the DOM (values as the exact JSON the page holds).
STATE = """(root) => {
  const rows = Array.from(root.querySelectorAll('.sn-vars tr[data-var]'));
  return {
    step: Number(root.dataset.step), phase: root.dataset.phase, section: root.dataset.section,
    playing: root.dataset.playing === 'true', scenario: root.dataset.scenario,
    say: root.querySelector('.sn-say').textContent,
    pitfall: root.querySelector('.sn-pitfall').hidden ? null : root.querySelector('.sn-pitfall').textContent,
    vars: Object.fromEntries(rows.map(r => [r.dataset.var, JSON.parse(r.dataset.value)])),
    texts: Object.fromEntries(rows.map(r => [r.dataset.var, r.querySelector('.sn-val').textContent])),
    expected: Object.fromEntries(rows.filter(r => r.querySelector('.sn-expected')).map(
      r => [r.dataset.var, JSON.parse(r.querySelector('.sn-expected').dataset.expected)])),
    focus: Array.from(root.querySelectorAll('.sn-code .sn-focus')).map(l => Number(l.dataset.line)),
    section_lines: Array.from(root.querySelectorAll('.sn-code .sn-sec')).map(l => Number(l.dataset.line)),
    pit_lines: Array.from(root.querySelectorAll('.sn-code .sn-pit')).map(l => Number(l.dataset.line)),
    changed_lines: Array.from(root.querySelectorAll('.sn-code .sn-changed')).map(l => Number(l.dataset.line)),
    code_title: root.querySelector('.sn-pane-code .sn-pane-title').textContent,
    outs: Object.fromEntries(Array.from(root.querySelectorAll('.sn-node')).map(
      g => [g.dataset.node, g.querySelector('.sn-node-val').textContent])),
    subs: Object.fromEntries(Array.from(root.querySelectorAll('.sn-node-sub')).map(
      t => [t.parentNode.dataset.node + ':' + t.dataset.kind, JSON.parse(t.dataset.value)])),
    html: root.querySelector('.sn-panes').innerHTML,
  };
}"""


def fmt(v) -> str:
    """The player's number format (player.js ``fmt``): at most 4 decimals, no trailing zeros."""
    if isinstance(v, list):
        return "[" + ", ".join(fmt(x) for x in v) + "]"
    rounded = float(f"{v:.4f}")
    return str(int(rounded)) if rounded.is_integer() else repr(rounded)


@pytest.fixture(scope="module")
def package_c():
    """Example C's step computed by the package itself, no trace involved."""
    ex = example_c()
    layers, weights, biases = ex["model"]
    y_pred, cached_outs, cached_sums = forward_prop(layers, weights, biases, ex["x"], cache_mode=True)
    grads_w, grads_b = back_prop(layers, weights, biases, ex["y_true"], cached_outs, cached_sums)
    new_weights, new_biases = update_params(layers, weights, biases, grads_w, grads_b, 0.1)
    return dict(layers=layers, y_pred=y_pred, cached_outs=cached_outs, grads_w=grads_w, grads_b=grads_b,
                new_weights=new_weights, new_biases=new_biases)


@pytest.fixture(scope="module")
def player(browser, server):
    visit = Visit(browser, server.url(PATH), server.origin)
    page = visit.page
    page.set_viewport_size({"width": 1280, "height": 2000})  # the whole player in view for screenshots
    page.wait_for_selector('.sn-player[data-ready="true"]')
    visit.root = page.locator(".sn-player")
    visit.trace = json.loads(urllib.request.urlopen(server.url("traces/example-c.json"), timeout=30).read())
    yield visit
    visit.close()


def state(visit) -> dict:
    return visit.root.evaluate(STATE)


def click(visit, action: str) -> dict:
    visit.root.locator(f'button[data-action="{action}"]').click()
    return state(visit)


def goto(visit, n: int) -> dict:
    visit.root.locator(".sn-range").evaluate(
        "(r, n) => { r.value = n; r.dispatchEvent(new Event('input', {bubbles: true})); }", n)
    return state(visit)


def test_steps_through_example_c_showing_the_packages_values(player, package_c):
    events = player.trace["events"]
    layers = package_c["layers"]
    nodes = sum(layers[1:])
    assert len(events) == 5 * nodes + len(layers) - 1
    s = click(player, "first")
    assert s["step"] == 0 and s["scenario"] == "example-c"
    seen = []
    for n, event in enumerate(events):
        if n:
            s = click(player, "next")
        assert s["step"] == n and s["phase"] == event["phase"] and s["section"] == event["section"]
        assert s["focus"] == event["code"]["focus"] and s["section_lines"] == event["code"]["lines"]
        assert s["say"].startswith(
            f"layer {event['layer']}" if event["phase"] != "update" else f"update, layer {event['layer']}")
        seen.append(s["say"])
        key = f"{event['layer']},{event['node']}"
        if event["phase"] == "forward":
            out = package_c["cached_outs"][event["layer"]][event["node"]]
            assert s["outs"][key] == fmt(out) and s["vars"]["activation(node_sum)"] == out
            assert "forward_prop" in s["code_title"]
        elif event["section"] == "step4":
            l, j = event["layer"] - 1, event["node"]
            assert s["vars"]["grad_b"] == package_c["grads_b"][l][j] == s["subs"][f"{key}:delta"]
            assert s["vars"]["node_grads_w"] == package_c["grads_w"][l][j]
            assert s["texts"]["node_grads_w"] == fmt(package_c["grads_w"][l][j])
            assert (s["pitfall"] is not None) == (event["node"] > 0)
            assert s["pit_lines"] == ([player.trace["pitfall_line"]] if event["node"] > 0 else [])
            if (event["layer"], event["node"]) == (len(layers) - 1, 0):   # the issue's own sentence
                delta = package_c["grads_b"][l][j]
                assert s["say"].startswith(f"layer {event['layer']}, node 0: delta = error {fmt(delta)} × "
                                           f"activation derivative 1 = {fmt(delta)}")
        elif event["phase"] == "update":
            l, j = event["layer"] - 1, event["node"]
            assert s["vars"]["[w - lr * grad_w …]"] == package_c["new_weights"][l][j]
            assert s["vars"]["b - lr * grad_b"] == package_c["new_biases"][l][j]
        if event["phase"] == "forward" and n == nodes - 1:
            assert s["vars"]["cached_outs"] == package_c["cached_outs"]
            assert s["outs"] == {f"{l},{j}": fmt(v) for l, outs in enumerate(package_c["cached_outs"])
                                 for j, v in enumerate(outs)}
        if n == len(events) - nodes - 1:          # the last event of the backward pass
            assert s["vars"]["grads_w"] == package_c["grads_w"]
            assert s["vars"]["grads_b"] == package_c["grads_b"]
            assert s["texts"]["grads_w"] == fmt(package_c["grads_w"])
            assert s["texts"]["grads_b"] == fmt(package_c["grads_b"])
    # the end: every new weight and bias as update_params returns them
    assert s["step"] == len(events) - 1
    assert s["vars"]["new_weights"] == package_c["new_weights"]
    assert s["vars"]["new_biases"] == package_c["new_biases"]
    assert s["texts"]["new_weights"] == fmt(package_c["new_weights"])
    assert len(set(seen)) == len(seen), "two steps with the same description"
    assert click(player, "next")["step"] == len(events) - 1, "stepping past the end"


def test_step_back_returns_to_the_earlier_state(player):
    events = player.trace["events"]
    for start in (3, 10, len(events) - 3):
        before = goto(player, start)
        click(player, "next")
        click(player, "next")
        click(player, "prev")
        after = click(player, "prev")
        assert after == before, f"state at step {start} differs after two steps forward and two back"
    assert click(player, "first")["step"] == 0
    assert click(player, "prev")["step"] == 0, "stepping before the start"


def test_keyboard_controls(player):
    page = player.page
    root = player.root
    root.locator(".sn-speed").select_option("2000")        # slow: no timer step during the checks
    goto(player, 0)
    root.focus()
    page.keyboard.press("ArrowRight")
    assert state(player)["step"] == 1
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    assert state(player)["step"] == 1
    page.keyboard.press("End")
    assert state(player)["step"] == len(player.trace["events"]) - 1
    page.keyboard.press("Home")
    assert state(player)["step"] == 0
    # Space plays and pauses, also while a button has the focus (without clicking it)
    root.locator('button[data-action="next"]').focus()
    page.keyboard.press(" ")
    s = state(player)
    assert s["playing"] and s["step"] == 0
    assert root.locator(".sn-play").get_attribute("aria-pressed") == "true"
    page.keyboard.press(" ")
    s = state(player)
    assert not s["playing"] and s["step"] == 0
    # playing advances by itself, and stops at the end
    root.locator(".sn-speed").select_option("200")
    goto(player, len(player.trace["events"]) - 4)
    root.focus()
    page.keyboard.press(" ")
    page.wait_for_function("r => r.dataset.playing === 'false'", arg=root.element_handle(), timeout=10_000)
    assert state(player)["step"] == len(player.trace["events"]) - 1
    root.locator(".sn-speed").select_option("1000")


def test_jumps_to_the_phases(player):
    events = player.trace["events"]
    phases = [e["phase"] for e in events]
    for phase in ("forward", "backward", "update"):
        first, last = phases.index(phase), len(phases) - 1 - phases[::-1].index(phase)
        assert click(player, f"start-{phase}")["step"] == first
        assert click(player, f"end-{phase}")["step"] == last
    assert click(player, "start-backward")["section"] == "step1"


def test_screenshots(player, artifacts):
    """Three moments for a person to look at: the forward pass, the sum over edges, the update."""
    events = player.trace["events"]
    moments = {
        "forward": next(n for n, e in enumerate(events) if e["phase"] == "forward" and e["layer"] == 2),
        "sum-over-edges": next(n for n, e in enumerate(events) if e.get("pitfall")),
        "update": next(n for n, e in enumerate(events) if e["phase"] == "update" and e["layer"] == 2),
    }
    for name, n in moments.items():
        goto(player, n)
        player.root.screenshot(path=artifacts / f"player-{name}.png", animations="disabled")


def test_broken_scenario_marks_the_wrong_values(player, artifacts, server):
    page, root = player.page, player.root
    broken = json.loads(urllib.request.urlopen(server.url("traces/broken-sum.json"), timeout=30).read())
    root.locator(".sn-scenario").select_option("broken-sum")
    page.wait_for_function("r => r.dataset.ready === 'true' && r.dataset.scenario === 'broken-sum'",
                           arg=root.element_handle())
    first = next(n for n, e in enumerate(broken["events"]) if "expected" in e)
    before = goto(player, first - 1)
    assert not before["expected"]
    s = goto(player, first)
    expected = broken["events"][first]["expected"]
    # the running sum is wrong, and so is grads_x, which keeps it once the layer's last node is done
    assert s["expected"]["layer_grads_x"] == expected["layer_grads_x"]
    assert set(s["expected"]) == {"layer_grads_x", "grads_x"}
    assert s["vars"]["layer_grads_x"] != expected["layer_grads_x"]
    assert s["changed_lines"] == [broken["code"]["back_prop"]["changed"]] == s["pit_lines"]
    assert "Wrong here" in s["say"] and s["pitfall"] and "overwrites" in s["pitfall"]
    last_backward = max(n for n, e in enumerate(broken["events"]) if e["phase"] == "backward")
    s = goto(player, last_backward)
    assert s["expected"]["grads_w"] == broken["expected"]["grads_w"]
    assert s["vars"]["grads_w"] == broken["grads_w"]
    # the dark palette: the page switches, the player follows and stays readable
    light_stroke = root.locator("line.sn-edge").first.evaluate("e => getComputedStyle(e).stroke")
    page.locator('form[data-md-component="palette"] label:not([hidden])').first.click()
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.wait_for_timeout(300)
    dark_stroke = root.locator("line.sn-edge").first.evaluate("e => getComputedStyle(e).stroke")
    assert dark_stroke != light_stroke
    goto(player, next(n for n, e in enumerate(broken["events"]) if e.get("pitfall") and e["layer"] == 1))
    root.screenshot(path=artifacts / "player-broken-dark.png", animations="disabled")
    page.locator('form[data-md-component="palette"] label:not([hidden])').first.click()
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'default'")
    root.locator(".sn-scenario").select_option("example-c")
    page.wait_for_function("r => r.dataset.scenario === 'example-c'", arg=root.element_handle())


def test_every_scenario_loads(player):
    page, root = player.page, player.root
    names = root.locator(".sn-scenario option").evaluate_all("os => os.map(o => o.value)")
    assert names == ["example-c", "example-a", "random-2-3-2", "broken-sum"]
    for name in names:
        root.locator(".sn-scenario").select_option(name)
        page.wait_for_function("([r, n]) => r.dataset.ready === 'true' && r.dataset.scenario === n",
                               arg=[root.element_handle(), name])
        click(player, "last")
    root.locator(".sn-scenario").select_option("example-c")
    page.wait_for_function("r => r.dataset.scenario === 'example-c'", arg=root.element_handle())


def test_no_console_errors_and_nothing_outside(player):
    """Over the load and every interaction above."""
    player.settle()
    assert not player.problems(), "\n".join(player.problems())
    assert not player.outside, f"requests outside the site: {player.outside}"


def test_player_works_under_a_sub_path(browser, subpath_server):
    """The traces and the stylesheet are found relative to the script, not the site root."""
    visit = Visit(browser, subpath_server.url(PATH), subpath_server.origin)
    try:
        page = visit.page
        page.wait_for_selector('.sn-player[data-ready="true"]')
        page.locator('.sn-player button[data-action="next"]').click()
        assert page.locator(".sn-player").get_attribute("data-step") == "1"
        prefix = subpath_server.origin + subpath_server.prefix
        assert any(r.url == prefix + "traces/example-c.json" for r in visit.requests)
        assert any(r.url == prefix + "assets/player.css" for r in visit.requests)
        assert not visit.problems(), "\n".join(visit.problems())
        assert not visit.outside, visit.outside
    finally:
        visit.close()

"""The step-through player's traces (docs/_hooks/player.py): same numbers, same code, same loops.

No browser here: these tests read the JSON the build hook produces, by calling its builder.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from scratchnet import back_prop, forward_prop, update_params
from scratchnet.variants import variant

ROOT = Path(__file__).resolve().parent.parent
HOOK = ROOT / "docs" / "_hooks" / "player.py"
PLAYER_JS = ROOT / "docs" / "assets" / "player.js"


def _load_hook():
    spec = importlib.util.spec_from_file_location("scratchnet_player_hook", HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hook = _load_hook()
NAMES = list(hook.SCENARIOS)
CORRECT = [name for name in NAMES if name != "broken-sum"]


@pytest.fixture(scope="module")
def traces() -> dict[str, dict]:
    """Every scenario's trace, through a JSON round trip, as the browser gets it."""
    return {name: json.loads(json.dumps(trace, allow_nan=False)) for name, trace in hook.build_all().items()}


def _package_step(name: str, back=back_prop):
    """Forward, backward and update by the package itself, with no trace."""
    (layers, weights, biases), x, y_true = hook.scenario_input(name)
    _, cached_outs, cached_sums = forward_prop(layers, weights, biases, x, cache_mode=True)
    grads_w, grads_b = back(layers, weights, biases, y_true, cached_outs, cached_sums)
    new_weights, new_biases = update_params(layers, weights, biases, grads_w, grads_b, 0.1)
    return grads_w, grads_b, new_weights, new_biases


def _from_events(trace: dict):
    """The gradients and new parameters as the events give them, node by node."""
    layers = trace["layers"]
    grads_w = [[None] * n for n in layers[1:]]
    grads_b = [[None] * n for n in layers[1:]]
    new_w = [[None] * n for n in layers[1:]]
    new_b = [[None] * n for n in layers[1:]]
    for event in trace["events"]:
        l, j = event["layer"] - 1, event["node"]
        if event["section"] == "step4":
            grads_w[l][j], grads_b[l][j] = event["grads_w"], event["grad_b"]
        elif event["section"] == "update_params":
            new_w[l][j], new_b[l][j] = event["new_w"], event["new_b"]
    return grads_w, grads_b, new_w, new_b


@pytest.mark.parametrize("name", NAMES)
def test_final_values_equal_the_packages(traces, name):
    back = variant(back_prop, hook.BROKEN_OLD, hook.BROKEN_NEW) if name == "broken-sum" else back_prop
    expected = _package_step(name, back)
    trace = traces[name]
    assert _from_events(trace) == expected          # exactly: the same code computed both
    assert [trace[k] for k in ("grads_w", "grads_b", "new_weights", "new_biases")] == list(expected)


@pytest.mark.parametrize("name", NAMES)
def test_event_count_is_what_the_loops_imply(traces, name):
    trace = traces[name]
    layers, events = trace["layers"], trace["events"]
    nodes = sum(layers[1:])
    phases = [e["phase"] for e in events]
    assert phases == ["forward"] * nodes + ["backward"] * (len(layers) - 1 + 3 * nodes) + ["update"] * nodes
    # forward: layer by layer, node by node
    assert [(e["layer"], e["node"]) for e in events[:nodes]] == [
        (l, j) for l in range(1, len(layers)) for j in range(layers[l])]
    # backward: output layer first; per layer step1 once, then steps 2, 3, 4 per node
    backward = [(e["layer"], e["node"], e["section"]) for e in events if e["phase"] == "backward"]
    assert backward == [
        (l, j, s) for l in range(len(layers) - 1, 0, -1)
        for j in range(layers[l]) for s in (["step1"] if j == 0 else []) + ["step2", "step3", "step4"]]
    assert len(events) == nodes + (len(layers) - 1 + 3 * nodes) + nodes


def _shown(trace, fn) -> dict[int, str]:
    return {number: text for number, text in trace["code"][fn]["lines"]}


@pytest.mark.parametrize("name", NAMES)
def test_highlighted_lines_exist_and_hold_the_right_code(traces, name):
    trace = traces[name]
    last = len(trace["layers"]) - 1
    must_contain = {
        "forward_prop": ["summation(", "activation(node_sum)"],
        "step2": ["active_der = "],
        "step3": ["sum_der_w = ", "sum_der_b = ", "sum_der_x = "],
        "step4": ["delta = back_error[node_i] * active_der", "grad_b = delta", "delta * each_dw", "delta * each_dx",
                  "layer_grads_x[x_i]"],
        "update_params": ["w - lr * grad_w", "b - lr * grad_b"],
    }
    for event in trace["events"]:
        where = event["code"]
        shown = _shown(trace, where["fn"])
        assert where["focus"] and set(where["focus"]) <= set(where["lines"]) <= set(shown), event
        focus = "\n".join(shown[n] for n in where["focus"])
        section = event["section"]
        if section == "step1":
            wanted = ["loss_der("] if event["layer"] == last else ["back_error = grads_x[-1]"]
        else:
            wanted = must_contain[section]
        for piece in wanted:
            assert piece in focus, f"{section}: {piece!r} not in the highlighted lines:\n{focus}"
        assert where["fn"] == {"forward": "forward_prop", "backward": "back_prop", "update": "update_params"}[
            event["phase"]]
    assert "layer_grads_x[x_i]" in _shown(trace, "back_prop")[trace["pitfall_line"]]


@pytest.mark.parametrize("name", NAMES)
def test_shown_code_is_the_included_source_without_markers(traces, name):
    trace = traces[name]
    for fn, module in (("forward_prop", "forward"), ("back_prop", "backward"), ("update_params", "update")):
        lines = (ROOT / "scratchnet" / f"{module}.py").read_text(encoding="utf-8").split("\n")
        shown = trace["code"][fn]["lines"]
        assert shown[0][1].startswith(f"def {fn}(")
        assert not any("--8<--" in text for _, text in shown)
        for number, text in shown:
            if name == "broken-sum" and number == trace["code"][fn].get("changed"):
                assert text.strip() == hook.BROKEN_NEW and lines[number - 1].strip().startswith(hook.BROKEN_OLD)
            else:
                assert text == lines[number - 1], f"{fn}, line {number}"
        # every line of the included section is there, markers aside
        start, end = lines.index(f"# --8<-- [start:{fn}]"), lines.index(f"# --8<-- [end:{fn}]")
        kept = [n + 1 for n in range(start + 1, end) if "--8<--" not in lines[n]]
        assert [number for number, _ in shown] == kept


@pytest.mark.parametrize("name", NAMES)
def test_pitfall_marks_each_later_node_of_step4(traces, name):
    for event in traces[name]["events"]:
        assert event.get("pitfall", False) == (event["section"] == "step4" and event["node"] > 0)


def test_broken_scenario_differs_exactly_where_expected(traces):
    good, bad = traces["example-c"], traces["broken-sum"]
    last = len(good["layers"]) - 1
    # the output layer does not depend on the sum over edges: its gradients are right
    assert bad["grads_w"][-1] == good["grads_w"][-1] and bad["grads_b"][-1] == good["grads_b"][-1]
    # every gradient of the hidden layer is wrong
    for layer in range(last - 1):
        for j, (row_bad, row_good) in enumerate(zip(bad["grads_w"][layer], good["grads_w"][layer])):
            assert bad["grads_b"][layer][j] != good["grads_b"][layer][j]
            assert all(b != g for b, g in zip(row_bad, row_good))
    # what the hidden layer got instead: only the last output node's share, delta * w
    last_share = [e for e in good["events"] if e["section"] == "step4" and e["layer"] == last][-1]["grads_x"]
    step1 = next(e for e in bad["events"] if e["section"] == "step1" and e["layer"] == last - 1)
    assert step1["back_error"] == last_share
    # the first wrong value is the running sum, at the second output node's step 4
    first = next(n for n, e in enumerate(bad["events"]) if "expected" in e)
    event = bad["events"][first]
    assert (event["section"], event["layer"], event["node"], list(event["expected"])) == (
        "step4", last, 1, ["layer_grads_x"])
    assert event["pitfall"]
    # each "expected" is the correct run's value of the same event
    for b, g in zip(bad["events"], good["events"]):
        for key, value in b.get("expected", {}).items():
            assert g[key] == value != b[key]
        assert {k for k in b if k in g and b[k] != g[k]} == set(b.get("expected", {}))
    # the code the player shows for it is the changed code
    changed = bad["code"]["back_prop"]["changed"]
    assert changed == bad["pitfall_line"]
    assert _shown(bad, "back_prop")[changed].strip() == hook.BROKEN_NEW
    assert bad["broken"] == {"old": hook.BROKEN_OLD, "new": hook.BROKEN_NEW} and good["broken"] is None


def test_example_a_hidden_nodes_stay_identical(traces):
    """The symmetry the scenario is there to show."""
    trace = traces["example-a"]
    for key in ("grads_w", "grads_b", "new_weights", "new_biases"):
        hidden = trace[key][0]
        assert all(node == hidden[0] for node in hidden), key


def test_hook_adds_generated_files_and_writes_nothing_to_docs(tmp_path):
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

    config = MkDocsConfig()     # only this hook, run by MkDocs' own plugin machinery
    config.load_dict({"site_name": "t", "docs_dir": str(ROOT / "docs"), "site_dir": str(tmp_path / "site"),
                      "hooks": [str(HOOK)]})
    errors, _ = config.validate()
    assert not errors
    before = sorted(p.relative_to(ROOT) for p in (ROOT / "docs").rglob("*"))
    files = config.plugins.on_files(Files([]), config=config)
    names = sorted(f.src_uri for f in files)
    assert names == sorted(["traces/index.json"] + [f"traces/{n}.json" for n in NAMES])
    index = json.loads(next(f for f in files if f.src_uri == "traces/index.json").content_string)
    assert [entry["name"] for entry in index] == NAMES
    for f in files:
        assert f.generated_by and json.loads(f.content_string)
    assert sorted(p.relative_to(ROOT) for p in (ROOT / "docs").rglob("*")) == before


def test_player_script_within_budget():
    size = PLAYER_JS.stat().st_size
    assert size <= 40 * 1024, f"player.js is {size} bytes, over the 40 KB budget"
    text = PLAYER_JS.read_text(encoding="utf-8")
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text), "player.js names an external URL"

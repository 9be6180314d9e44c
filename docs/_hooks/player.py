"""MkDocs hook: trace JSON for the step-through player, computed during the build.

For each scenario, one training step (forward, backward, update) is recorded from the
package's real code by ``scratchnet.tracing.record_step`` (which reads ``back_prop``'s
locals from outside, at the end of each marked step), and written as a generated site
file ``traces/NAME.json`` (plus ``traces/index.json``, the list of scenarios). Nothing
is written into ``docs/`` and nothing is committed.

Each JSON carries the model, the run's results, the events, and the code the player
shows: the source of ``forward_prop``, ``back_prop`` and ``update_params`` as the package
has it (snippet marker lines hidden), with, per event, the lines of its section and the
line(s) that compute its values. The mapping is found in the source text at build time:
the ``step1`` … ``step4`` markers of ``backward.py`` (``tracing.section_lines``) and the
syntax tree of each function, so a change to the package moves the highlights with it (or fails the build
with a clear message if a line the player needs is gone).

``build_trace(name)`` and ``build_all()`` are what the tests use. In a build each trace is
an artifact of ``buildcache`` (computed again only when a file its code refers to has
changed), computed by a fresh copy of this file (``buildcache.fresh``), so that an edit to
``scratchnet/`` or to this file shows in ``mkdocs serve`` too.
"""

from __future__ import annotations

import ast
import inspect
import json
import sys
from pathlib import Path

from scratchnet import back_prop, example_a, example_c, forward_prop, init_model, update_params
from scratchnet.model import default_activations
from scratchnet.tracing import MARKER, record_step, section_lines
from scratchnet.variants import FORGOT_THE_SUM, changed_source, variant

if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
import buildcache  # noqa: E402  (docs/_hooks/buildcache.py)

#: The one-line change of the broken scenario: the sum over edges becomes an overwrite.
BROKEN_OLD, BROKEN_NEW = FORGOT_THE_SUM

#: Scenarios in the order the chooser lists them: name -> (title, what it shows).
SCENARIOS = {
    "example-c": (
        "Example C",
        "The two-output network the backpropagation chapters work through, node by node.",
    ),
    "example-a": (
        "Example A: all zeros",
        "Every weight and bias starts at zero. Watch the hidden nodes: they compute the same sums, "
        "get the same deltas and the same updates, so they stay identical (the symmetry problem).",
    ),
    "random-2-3-2": (
        "A 2-3-2 network, seeded random weights",
        "Weights drawn by init_model with a fixed seed: every hidden node is different, and each "
        "one's error sums a share from every output node.",
    ),
    "broken-sum": (
        "Broken: the sum over edges overwritten",
        "Example C run through back_prop with one line changed: each input gradient is overwritten "
        "instead of added to. The player marks every value that differs from the correct run.",
    ),
}

#: The same in the other languages of the site: language -> name -> (title, what it shows).
#: Each trace carries them under "i18n"; the player shows the page's language (docs/assets/player.js).
SCENARIOS_I18N = {
    "ja": {
        "example-c": (
            "例 C",
            "誤差逆伝播法の章でノード1つずつ追いかける、出力が2つのネットワーク。",
        ),
        "example-a": (
            "例 A：すべて 0",
            "重みとバイアスはすべて 0 から始まります。隠れノードを見てください。同じ和を計算し、同じデルタと同じ"
            "更新を受け取るので、同じままです（対称性の問題）。",
        ),
        "random-2-3-2": (
            "2-3-2 のネットワーク、シード付きのランダムな重み",
            "固定したシードで init_model が引いた重み。どの隠れノードも互いに異なり、それぞれの誤差は、すべての"
            "出力ノードからの取り分の和です。",
        ),
        "broken-sum": (
            "壊れた版：エッジにわたる和を上書き",
            "1行だけ変えた back_prop で例 C を実行します。入力の勾配は足されずに上書きされます。正しい実行と"
            "違う値には、プレーヤーが印を付けます。",
        ),
    },
}


# ---------------------------------------------------------------------------------------------
# The code the player shows, and where each event sits in it
# ---------------------------------------------------------------------------------------------

def source_lines(func, broken: bool = False) -> tuple[list[str], int, int | None]:
    """The function as the chapters include it, the file line number of its first line, and
    (``broken``) the index of the line the broken scenario changes.

    That is the file's ``--8<-- [start:NAME]`` … ``[end:NAME]`` section named after the
    function (what ``--8<-- "scratchnet/backward.py:back_prop"`` includes), which is the whole
    function: no decorator, no helper. The broken scenario's lines come from
    ``variants.changed_source``, the same edit ``variants.variant`` compiles.
    """
    func = inspect.unwrap(func)
    if broken:
        return changed_source(func, BROKEN_OLD, BROKEN_NEW)
    lines, start = inspect.getsourcelines(func)
    return [line.rstrip("\n") for line in lines], start, None


def _tree(lines: list[str]) -> ast.Module:
    return ast.parse("\n".join(lines))


def _one(found: list, what: str):
    if len(found) != 1:
        raise ValueError(f"player hook: expected one {what}, found {len(found)}; has the package's code changed?")
    return found[0]


def _span(node: ast.AST, start: int) -> list[int]:
    """File line numbers covered by an AST node."""
    return list(range(start + node.lineno - 1, start + node.end_lineno))


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def code_map(broken: bool = False) -> tuple[dict, dict]:
    """The code to show and the line map of each event kind.

    Returns:
        ``(code, where)``: ``code[fn] = {"file", "lines": [[line_number, text], ...]}`` with the
        marker lines hidden; ``where[key] = {"fn", "lines", "focus"}`` for the keys ``forward``,
        ``forward_softmax``, ``step1_output``, ``step1_hidden``, ``step2``, ``step3``, ``step4``,
        ``update``, and ``pitfall_line``: the line that adds an input's gradient to its sum.
    """
    code, where = {}, {}

    # forward_prop: the node loop (summation), then the layer's activation.
    lines, start, _ = source_lines(forward_prop)
    tree = _tree(lines)
    node_loop = _one([n for n in ast.walk(tree) if isinstance(n, ast.For) and _names(n.target) == {"node_i"}],
                     "`for node_i` loop in forward_prop")
    summation_stmt = _one([s for s in node_loop.body if "summation" in _names(s)],
                          "summation(...) line in forward_prop's node loop")
    act_if = _one([n for n in ast.walk(tree) if isinstance(n, ast.If) and "softmax" in _names(n.test)],
                  "`if activation is softmax` in forward_prop")
    loop = _span(node_loop, start)
    where["forward"] = {"fn": "forward_prop", "lines": loop + _span(act_if.orelse[0], start),
                        "focus": _span(summation_stmt, start) + _span(act_if.orelse[0], start)}
    where["forward_softmax"] = {"fn": "forward_prop", "lines": loop + _span(act_if.body[0], start),
                                "focus": _span(summation_stmt, start) + _span(act_if.body[0], start)}
    code["forward_prop"] = _shown("scratchnet/forward.py", lines, start)

    # back_prop: the four steps, as delimited by the snippet markers.
    lines, start, changed = source_lines(back_prop, broken)
    sections = section_lines(variant(back_prop, BROKEN_OLD, BROKEN_NEW) if broken else back_prop)
    tree = _tree(lines)

    def code_only(numbers):
        return [n for n in numbers if not lines[n - start].strip().startswith("#")]

    step1_if = _one([n for n in ast.walk(tree) if isinstance(n, ast.If) and _names(n.test) == {"is_output_layer"}
                     and start + n.lineno - 1 in sections["step1"]], "`if is_output_layer` in step1")
    if_part = list(range(start + step1_if.lineno - 1, start + step1_if.body[-1].end_lineno))
    else_part = list(range(start + step1_if.body[-1].end_lineno, start + step1_if.end_lineno))
    where["step1_output"] = {"fn": "back_prop", "lines": sections["step1"], "focus": if_part}
    where["step1_hidden"] = {"fn": "back_prop", "lines": sections["step1"], "focus": else_part}
    for step in ("step2", "step3", "step4"):
        where[step] = {"fn": "back_prop", "lines": sections[step], "focus": code_only(sections[step])}
    pitfall = changed_source(back_prop, BROKEN_OLD, BROKEN_NEW)[2]
    where["pitfall_line"] = start + pitfall
    code["back_prop"] = _shown("scratchnet/backward.py", lines, start)
    code["back_prop"]["changed"] = None if changed is None else start + changed

    # update_params: the loops, and the two lines that step against the gradient.
    lines, start, _ = source_lines(update_params)
    tree = _tree(lines)
    outer = _one([n for n in tree.body[0].body if isinstance(n, ast.For)], "loop over the layers in update_params")
    steps = [s for s in ast.walk(outer) if isinstance(s, ast.Expr) and "lr" in _names(s)]
    if len(steps) != 2:
        raise ValueError(f"player hook: expected the weight and bias update lines in update_params, found {len(steps)}")
    where["update"] = {"fn": "update_params",
                       "lines": [n for n in _span(outer, start) if not MARKER.match(lines[n - start])],
                       "focus": sorted(n for s in steps for n in _span(s, start))}
    code["update_params"] = _shown("scratchnet/update.py", lines, start)
    return code, where


def _shown(path: str, lines: list[str], start: int) -> dict:
    return {"file": path, "lines": [[start + n, line] for n, line in enumerate(lines) if not MARKER.match(line)]}


def locate(event: dict, where: dict, last_layer: int) -> dict:
    """Which function, section lines and focus lines an event belongs to."""
    section = event["section"]
    if section == "forward_prop":
        spot = where["forward_softmax" if event.get("activation") == "softmax" else "forward"]
    elif section == "step1":
        spot = where["step1_output" if event["layer"] == last_layer else "step1_hidden"]
    elif section in ("step2", "step3", "step4"):
        spot = where[section]
    elif section == "update_params":
        spot = where["update"]
    else:
        raise ValueError(f"player hook: unknown event section {section!r}")
    return {"fn": spot["fn"], "lines": spot["lines"], "focus": spot["focus"]}


# ---------------------------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------------------------

def scenario_input(name: str) -> tuple[tuple, list[float], list[float]]:
    if name in ("example-c", "broken-sum"):
        ex = example_c()
        return ex["model"], ex["x"], ex["y_true"]
    if name == "example-a":
        ex = example_a()
        return ex["model"], ex["x"], ex["y_true"]
    if name == "random-2-3-2":
        return init_model([2, 3, 2], seed=7), [0.5, -0.3], [1.0, 0.0]
    raise KeyError(name)


def record_broken(model, x, y_true, lr: float) -> dict:
    """Like ``record_step``, with ``back_prop`` replaced by the one-line variant (same event schema)."""
    return record_step(model, x, y_true, lr, back_prop_fn=variant(back_prop, BROKEN_OLD, BROKEN_NEW))


def differences(event: dict, correct: dict) -> dict:
    """The fields of ``event`` whose values differ from the correct run's same event: name -> correct value."""
    return {k: correct[k] for k, v in event.items() if k in correct and v != correct[k]}


def build_trace(name: str, lr: float = 0.1) -> dict:
    """The player's JSON (as a dict) for one scenario."""
    model, x, y_true = scenario_input(name)
    broken = name == "broken-sum"
    step = record_broken(model, x, y_true, lr) if broken else record_step(model, x, y_true, lr)
    code, where = code_map(broken=broken)
    layers = step["layers"]
    title, about = SCENARIOS[name]
    correct = record_step(*scenario_input(name), lr)["events"] if broken else None
    events = []
    for n, event in enumerate(step["events"]):
        event = dict(event)
        event["code"] = locate(event, where, last_layer=len(layers) - 1)
        if event["section"] == "step4" and event["node"] > 0:
            event["pitfall"] = True
        if correct is not None:
            diff = differences(event, correct[n])
            if diff:
                event["expected"] = diff
        events.append(event)
    trace = {
        "name": name, "title": title, "about": about,
        "i18n": {lang: {"title": texts[name][0], "about": texts[name][1]} for lang, texts in SCENARIOS_I18N.items()},
        "activations": default_activations(layers), "loss": "sse",
        **{k: v for k, v in step.items() if k != "events"},
        "code": code, "pitfall_line": where["pitfall_line"],
        "broken": {"old": BROKEN_OLD, "new": BROKEN_NEW} if broken else None,
        "events": events,
    }
    if broken:
        good = record_step(*scenario_input(name), lr)
        trace["expected"] = {k: good[k] for k in ("grads_w", "grads_b", "new_weights", "new_biases")}
    return trace


def build_all() -> dict[str, dict]:
    """Every scenario's trace, by name."""
    return {name: build_trace(name) for name in SCENARIOS}


def trace_files() -> dict[str, str]:
    """``{site path: JSON text}``: ``traces/index.json`` and each scenario's trace, each from the cache."""
    traces = {name: buildcache.get(f"trace {name}", lambda name=name: build_trace(name), roots=[build_trace])
              for name in SCENARIOS}
    index = [{"name": name, "title": t["title"], "about": t["about"], "i18n": t["i18n"], "file": f"{name}.json"}
             for name, t in traces.items()]
    out = {"traces/index.json": json.dumps(index, indent=1)}
    for name, trace in traces.items():
        out[f"traces/{name}.json"] = json.dumps(trace, separators=(",", ":"), allow_nan=False)
    return out


def on_config(config):
    buildcache.begin_build(config)
    return config


def on_files(files, config):
    return buildcache.fresh("scratchnet_hook_player", __file__).add_traces(files, config)


def add_traces(files, config):
    from mkdocs.structure.files import File

    for path, text in buildcache.get("traces", trace_files).items():
        files.append(File.generated(config, path, content=text))
    return files

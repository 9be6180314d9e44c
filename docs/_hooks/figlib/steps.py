"""Diagrams of one node and of one whole step: the four steps, the sum over edges, the overview.

All three take a ``record_step`` run and print its values; nothing is recomputed here
except where a figure *shows* an arithmetic (``a × b = c``): there ``a``, ``b`` and ``c``
are each the code's own value, so the tests can check that the printed product holds.
Their words are :data:`WORDS` in the figure's ``language``; numbers, code names and
symbols are the same in every language.
"""

from __future__ import annotations

from .svg import BACK_FILL, BACKWARD, FORWARD, INK, MUTED, NODE_FILL, UPDATE, Svg, fmt, language_of, num
from .values import node_values

#: The diagrams' words, by language.
WORDS = {
    "en": {
        "example": "Example C", "list": ", ", "sends": "; ",
        "kind": {"output": "output", "hidden": "hidden"},
        "node": "{kind} node {node}", "node_in_layer": "{kind} node {node} (layer {layer})",
        "input": "input {node}", "input_row": "input {i}", "node_row": "layer {l}, node {i}",
        "steps": ("1 error in", "2 activation derivative", "3 partials of the weighted sum",
                  "4 delta, then the gradients"),
        # four_steps_figure
        "four_title": "{name}, {node}: the four steps",
        "output_error": "the output {out} minus the target {y}", "hidden_error": "the sum of what layer {l} sends back",
        "four_desc": "The backward pass at one node of {name}: {node}, with inputs {inputs}, bias {b}, weighted sum u "
                     "{u} and output o {o}. Step 1: the error flowing in, {error_in}, is {error}. Step 2: the "
                     "activation derivative ({activation}) at the weighted sum {u}, {active_der}. Step 4: delta = "
                     "error times derivative = {error} × {active_der} = {delta}. Step 3 gives the partials of the "
                     "weighted sum: by each weight, its input ({sum_der_w}); by the bias, {sum_der_b}; by each input, "
                     "its weight ({sum_der_x}). With them delta fans out to grad_b = {grad_b}, to grad_w on each "
                     "incoming edge ({grads_w}), and to grad_x on each input ({grads_x}), which flows back to the "
                     "previous layer.",
        "four_note": "The numbers are the ones back_prop computes for this node (the trace table's row).",
        "at_u": "({activation} at u)", "delta": "delta = error × f′(u)",
        "fans_out": ("delta fans out to the left:", "one gradient per weight,", "the bias, and each input"),
        "error_in": "error in", "sent_back": ("the sum of what", "layer {l} sends back"), "bias": "bias",
        "steps_key": "Steps: {steps}.", "steps_join": " · ", "four_key": "Solid blue: forward; dashed red: backward.",
        # sum_over_edges_figure
        "sum_title": "{name}: the error of {node} is a sum over its edges",
        "own_out": "output o {o}", "own_x": "value x {x}", "send": "node {j}: delta {delta} × w {w} = {share}",
        "sum_desc": "{node} of {name}, with {own}, feeds every one of the {n} nodes of layer {next}. Each sends back "
                    "delta times the weight of its edge: {sends}. back_prop adds them into one running sum, "
                    "layer_grads_x, which goes from 0 to {running} and ends at {total}: the error of {node}.",
        "sum_note": "layer_grads_x[x_i] += delta × w  — one term per edge leaving the node",
        "error_sum": "error = sum of", "its_grad_x": "(= grad_x of this node)", "w_from_here": "w from here ",
        "running": ("running sum layer_grads_x[", "]: 0", " → after node {j}: "),
        "sum_key": "Solid blue: forward along each edge; dashed red: what flows back along it.",
        # overview_figure
        "overview_title": "{name}: one training step — forward, loss, backward, update",
        "overview_desc": "The cycle of one training step on {name}, with its numbers. 1: forward_prop turns the "
                         "inputs {inputs} into the prediction {y_pred}. 2: the loss against the targets {targets} "
                         "is {loss_before}. 3: back_prop sends the errors {errors} back and returns one gradient per "
                         "weight and bias, {n_w} grad_w and {n_b} grad_b; the largest in size is {big_name} = {big}. "
                         "4: update_params moves each parameter against its gradient with learning rate {lr}: "
                         "{w_name} goes from {old} to {new}. Forward again, the loss is {loss_after}.",
        "layer_by_layer": "layer by layer, left to right ({n} layers)", "the_loss": "the loss",
        "loss_derivative": "its derivative ŷ − y starts the way back", "errors": "errors ŷ − y = ",
        "n_grads": "→ {n_w} grad_w and {n_b} grad_b, e.g.", "rule": "w ← w − lr × grad_w, for every weight and bias",
        "forward_again": ("forward again: L = ", " (was ", ")"), "gradients": "gradients",
        "repeat": "new weights: repeat",
        "overview_key": "Solid blue: forward; dashed red: backward; solid green: the update.",
    },
    "ja": {
        "example": "例 C", "list": "、", "sends": "；",
        "kind": {"output": "出力", "hidden": "隠れ"},
        "node": "{kind}ノード {node}", "node_in_layer": "{kind}ノード {node}（層 {layer}）",
        "input": "入力 {node}（層 0）", "input_row": "入力 {i}", "node_row": "層 {l} のノード {i}",
        "steps": ("1 流れてくる誤差", "2 活性化関数の導関数", "3 重み付き線形和の偏微分", "4 デルタ、そして勾配"),
        "four_title": "{name}、{node}：4つのステップ",
        "output_error": "出力 {out} から正解値 {y} を引いたもの", "hidden_error": "層 {l} が送り返すものの和",
        "four_desc": "{name} の1つのノードでの逆伝播。ノードは{node}で、入力は {inputs}、バイアスは {b}、"
                     "重み付き線形和 u は {u}、出力 o は {o}。ステップ1：流れてくる誤差、つまり{error_in}は "
                     "{error}。ステップ2：重み付き線形和 {u} での活性化関数（{activation}）の導関数は "
                     "{active_der}。ステップ4：delta = 誤差 × 導関数 = {error} × {active_der} = {delta}。"
                     "ステップ3は重み付き線形和の偏微分を与える。各重みについてはその入力（{sum_der_w}）、"
                     "バイアスについては {sum_der_b}、各入力についてはその重み（{sum_der_x}）。これらを使って"
                     "デルタは、grad_b = {grad_b}、入ってくる各エッジの grad_w（{grads_w}）、各入力の grad_x"
                     "（{grads_x}）へ広がる。grad_x は前の層へ逆向きに流れる。",
        "four_note": "数値は、back_prop がこのノードについて計算するもの（trace_table の行）",
        "at_u": "（u での {activation}）", "delta": "delta = 誤差 × f′(u)",
        "fans_out": ("delta は左へ広がる：", "重みごとに1つの勾配、", "バイアス、各入力へ"),
        "error_in": "流れてくる誤差", "sent_back": ("層 {l} が送り返す", "ものの和"), "bias": "バイアス",
        "steps_key": "ステップ：{steps}", "steps_join": " · ", "four_key": "青の実線：順伝播、赤の破線：逆伝播",
        "sum_title": "{name}：{node}の誤差は、そのエッジについての和",
        "own_out": "出力 o {o}", "own_x": "値 x {x}", "send": "ノード {j}：delta {delta} × w {w} = {share}",
        "sum_desc": "{name} の{node}は{own} で、層 {next} の {n} 個のノードすべてにつながっている。各ノードは、"
                    "デルタとそのエッジの重みの積を送り返す：{sends}。back_prop はそれらを1つの途中までの和 "
                    "layer_grads_x に足していく。和は 0 から {running} と進み、{total} で終わる。これが{node}の"
                    "誤差である。",
        "sum_note": "layer_grads_x[x_i] += delta × w：ノードから出るエッジ1本につき1項",
        "error_sum": "誤差 = 次の和", "its_grad_x": "（= このノードの grad_x）", "w_from_here": "ここからの w ",
        "running": ("途中までの和 layer_grads_x[", "]：0", " → ノード {j} の後："),
        "sum_key": "青の実線：各エッジに沿った順伝播、赤の破線：そのエッジに沿って逆向きに流れるもの",
        "overview_title": "{name}：学習の1ステップ（順伝播、損失、逆伝播、更新）",
        "overview_desc": "{name} での学習の1ステップの循環と、その数値。1：forward_prop が入力 {inputs} を予測値 "
                         "{y_pred} に変える。2：正解値 {targets} に対する損失は {loss_before}。3：back_prop が誤差 "
                         "{errors} を逆向きに送り、重みとバイアスごとに1つずつ、{n_w} 個の grad_w と {n_b} 個の "
                         "grad_b を返す。大きさが最大のものは {big_name} = {big}。4：update_params が学習率 {lr} "
                         "で各パラメーターをその勾配と逆向きに動かす。{w_name} は {old} から {new} になる。"
                         "もう一度順伝播すると、損失は {loss_after}。",
        "layer_by_layer": "層ごとに左から右へ（{n} 層）", "the_loss": "損失",
        "loss_derivative": "その導関数 ŷ − y から逆向きの流れが始まる", "errors": "誤差 ŷ − y = ",
        "n_grads": "→ {n_w} 個の grad_w と {n_b} 個の grad_b。たとえば",
        "rule": "w ← w − lr × grad_w（重みとバイアスすべてで）",
        "forward_again": ("もう一度順伝播：L = ", "（更新前は ", "）"), "gradients": "勾配",
        "repeat": "新しい重みでくり返す",
        "overview_key": "青の実線：順伝播、赤の破線：逆伝播、緑の実線：更新",
    },
}

#: The four steps' names, as the English figure's key gives them.
STEP_NAMES = WORDS["en"]["steps"]


def _node_name(layers: list[int], layer: int, node: int, words: dict = WORDS["en"]) -> str:
    kind = words["kind"]["output" if layer == len(layers) - 1 else "hidden"]
    return words["node_in_layer"].format(kind=kind, node=node, layer=layer)


def four_steps_figure(step: dict, layer: int, node: int, *, name: str | None = None, language: str = "en") -> str:
    """One node's four steps with the run's values: error × f'(u) = delta, then grad_b, grad_w, grad_x."""
    language = language_of(WORDS, language)
    words = WORDS[language]
    name = name or words["example"]
    vals = node_values(step)
    layers, v = vals["layers"], vals["nodes"][(layer, node)]
    is_output = layer == len(layers) - 1
    k = f"{layer}:{node}"
    n_in = len(v["x"])
    width, row_h, top = 820, 100, 96
    left_w, node_x, node_w = 124, 470, 186
    rows = n_in + 1                                   # every input, then the bias
    row_y = [top + 40 + r * row_h for r in range(rows)]
    height = row_y[-1] + 110
    node_name = _node_name(layers, layer, node, words)
    title = words["four_title"].format(name=name, node=node_name)
    listed = words["list"].join
    error_in = (words["output_error"].format(out=fmt(v["out"]), y=fmt(vals["y_true"][node])) if is_output
                else words["hidden_error"].format(l=layer + 1))
    desc = words["four_desc"].format(
        name=name, node=node_name, inputs=listed(fmt(x) for x in v["x"]), b=fmt(v["b"]), u=fmt(v["sum"]),
        o=fmt(v["out"]), error_in=error_in, error=fmt(v["error"]), activation=v["activation"],
        active_der=fmt(v["active_der"]), delta=fmt(v["delta"]), sum_der_w=listed(fmt(x) for x in v["sum_der_w"]),
        sum_der_b=fmt(v["sum_der_b"], 0), sum_der_x=listed(fmt(w) for w in v["sum_der_x"]), grad_b=fmt(v["grad_b"]),
        grads_w=listed(fmt(g) for g in v["grads_w"]), grads_x=listed(fmt(g) for g in v["grads_x"]))
    svg = Svg(width, height, title, desc, language)
    svg.text(18, 30, title, size=17, weight="bold")
    svg.text(18, 52, words["four_note"], size=12, fill=MUTED)

    # the node: a tall box spanning every row
    ny0, ny1 = row_y[0] - 52, row_y[-1] + 40
    svg.rect(node_x, ny0, node_w, ny1 - ny0, fill=BACK_FILL, stroke=INK, rx=8, width=1.3)
    cx = node_x + 14
    y = ny0 + 24
    svg.text(cx, y, words["node"].format(kind=words["kind"]["output" if is_output else "hidden"], node=node),
             size=14, weight="bold")
    svg.text(cx, y + 20, ["u ", num(v["sum"], f"sum:{k}"), ", o ", num(v["out"], f"out:{k}")], size=13)
    y += 52
    svg.badge(cx + 9, y - 4.5, "2", BACKWARD)
    svg.text(cx + 26, y, ["f′(u) ", num(v["active_der"], f"active_der:{k}")], size=13, fill=BACKWARD)
    svg.text(cx + 26, y + 17, words["at_u"].format(activation=v["activation"]), size=11, fill=MUTED)
    y += 48
    svg.badge(cx + 9, y - 4.5, "4", BACKWARD)
    svg.text(cx + 26, y, words["delta"], size=13, fill=BACKWARD)
    svg.text(cx + 26, y + 19, ["= ", num(v["error"], f"error:{k}"), " × ", num(v["active_der"], f"active_der:{k}")],
             size=13, fill=BACKWARD)
    svg.text(cx + 26, y + 38, ["= ", num(v["delta"], f"delta:{k}")], size=14, fill=BACKWARD, weight="bold")
    y += 70
    for line_no, line in enumerate(words["fans_out"]):
        svg.text(cx, y + 16 * line_no, line, size=12, fill=MUTED)

    # step 1: the error flowing in from the right
    mid = (ny0 + ny1) / 2
    ex = node_x + node_w
    svg.arrow_between(width - 14, mid, ex + 2, mid, kind="back", width=2)
    svg.badge(ex + 22, mid - 78, "1", BACKWARD)
    svg.text(ex + 38, mid - 73, words["error_in"], size=13, fill=BACKWARD, weight="bold")
    if is_output:
        svg.text(ex + 14, mid - 48, "ŷ − y", size=13, fill=BACKWARD)
        svg.text(ex + 14, mid - 28, ["= ", num(v["out"], f"out:{k}"), " − ", num(vals["y_true"][node], f"y:{node}")],
                 size=13, fill=BACKWARD)
    else:
        first, second = words["sent_back"]
        svg.text(ex + 14, mid - 48, first.format(l=layer + 1), size=13, fill=BACKWARD)
        svg.text(ex + 14, mid - 28, second.format(l=layer + 1), size=13, fill=BACKWARD)
    svg.text(ex + 14, mid + 24, ["= ", num(v["error"], f"error:{k}")], size=14, fill=BACKWARD, weight="bold")

    # the rows: each input, then the bias
    for r in range(rows):
        ry = row_y[r]
        bx = 18
        is_bias = r == n_in
        svg.rect(bx, ry - 24, left_w, 48, fill=NODE_FILL, stroke=INK, rx=8, width=1.2)
        if is_bias:
            svg.text(bx + 10, ry - 5, words["bias"], size=13, weight="bold")
            svg.text(bx + 10, ry + 13, ["b ", num(v["b"], f"b:{k}")], size=13)
        else:
            source = words["input_row"] if layer == 1 else words["node_row"]
            svg.text(bx + 10, ry - 5, source.format(l=layer - 1, i=r), size=13, weight="bold")
            svg.text(bx + 10, ry + 13, ["x ", num(v["x"][r], f"in:{k}:{r}")], size=13)
        svg.arrow_between(bx + left_w, ry, node_x - 2, ry, kind="fwd", width=1.4)
        fx = bx + left_w + 14
        svg.badge(fx + 9, ry - 38.5, "3", INK)
        if is_bias:
            svg.text(fx + 26, ry - 34, ["∂u/∂b = ", num(v["sum_der_b"], f"sum_der_b:{k}", 0)], size=13)
            svg.badge(fx + 9, ry - 15.5, "4", BACKWARD)
            svg.text(fx + 26, ry - 11, ["grad_b = delta × 1 = ", num(v["grad_b"], f"grad_b:{k}")], size=13,
                     fill=BACKWARD, weight="bold")
            continue
        svg.text(fx + 26, ry - 34, ["∂u/∂w = x = ", num(v["sum_der_w"][r], f"sum_der_w:{k}:{r}"),
                                    ";  ∂u/∂x = w = ", num(v["sum_der_x"][r], f"sum_der_x:{k}:{r}")], size=13)
        svg.badge(fx + 9, ry - 15.5, "4", BACKWARD)
        svg.text(fx + 26, ry - 11, ["grad_w = ", num(v["delta"], f"delta:{k}"), " × ",
                                    num(v["sum_der_w"][r], f"sum_der_w:{k}:{r}"), " = ",
                                    (num(v["grads_w"][r], f"grad_w:{k}:{r}"), BACKWARD, "bold")],
                 size=13, fill=BACKWARD)
        svg.arrow_between(node_x - 4, ry + 9, bx + left_w + 2, ry + 9, kind="back", width=1.6)
        svg.badge(fx + 9, ry + 26.5, "4", BACKWARD)
        svg.text(fx + 26, ry + 31, ["grad_x = ", num(v["delta"], f"delta:{k}"), " × ",
                                    num(v["sum_der_x"][r], f"sum_der_x:{k}:{r}"), " = ",
                                    (num(v["grads_x"][r], f"grad_x:{k}:{r}"), BACKWARD, "bold")],
                 size=13, fill=BACKWARD)

    ly = height - 28
    svg.text(18, ly, words["steps_key"].format(steps=words["steps_join"].join(words["steps"])), size=12, fill=INK)
    svg.text(18, ly + 17, words["four_key"], size=12, fill=MUTED)
    return svg.render()


def sum_over_edges_figure(step: dict, layer: int, node: int, *, name: str | None = None,
                          language: str = "en") -> str:
    """Node ``node`` of ``layer`` feeds every node of ``layer + 1``; its error is the SUM of what each sends back."""
    language = language_of(WORDS, language)
    words = WORDS[language]
    name = name or words["example"]
    vals = node_values(step)
    layers, nodes = vals["layers"], vals["nodes"]
    nxt = layer + 1
    n_next = layers[nxt]
    pitch, top = 132, 84
    width = 820
    height = top + n_next * pitch + 64
    right_x, right_w = 610, 192
    left_x, left_w = 18, 200
    centre = top + (n_next * pitch) / 2 - 20
    parts = [nodes[(nxt, j)]["grads_x"][node] for j in range(n_next)]
    total = nodes[(nxt, n_next - 1)]["running_x"][node]
    me = nodes.get((layer, node))
    src_name = (words["node_in_layer"].format(kind=words["kind"]["hidden"], node=node, layer=layer) if layer > 0
                else words["input"].format(node=node))
    title = words["sum_title"].format(name=name, node=src_name)
    own = (words["own_out"].format(o=fmt(me["out"])) if me is not None
           else words["own_x"].format(x=fmt(vals["inputs"][node])))
    sends = words["sends"].join(
        words["send"].format(j=j, delta=fmt(nodes[(nxt, j)]["delta"]), w=fmt(nodes[(nxt, j)]["w"][node]), share=fmt(p))
        for j, p in enumerate(parts))
    running = words["list"].join(fmt(nodes[(nxt, j)]["running_x"][node]) for j in range(n_next))
    desc = words["sum_desc"].format(node=src_name, name=name, own=own, n=n_next, next=nxt, sends=sends,
                                    running=running, total=fmt(total))
    svg = Svg(width, height, title, desc, language)
    svg.text(18, 30, title, size=17, weight="bold")
    svg.text(18, 52, words["sum_note"], size=13, fill=MUTED)

    # the node that receives
    bh = 150
    by = centre - bh / 2 + 20
    svg.rect(left_x, by, left_w, bh, fill=BACK_FILL, stroke=INK, rx=8, width=1.3)
    svg.text(left_x + 12, by + 24, src_name, size=14, weight="bold")
    if me is not None:
        svg.text(left_x + 12, by + 44, ["o ", num(me["out"], f"out:{layer}:{node}")], size=13)
    else:
        svg.text(left_x + 12, by + 44, ["x ", num(vals["inputs"][node], f"x:{node}")], size=13)
    svg.text(left_x + 12, by + 70, words["error_sum"], size=13, fill=BACKWARD)
    sum_parts: list = []
    for j, p in enumerate(parts):
        sum_parts += ([" + "] if j else []) + [num(p, f"grad_x:{nxt}:{j}:{node}")]
    svg.text(left_x + 12, by + 90, sum_parts, size=13, fill=BACKWARD)
    svg.text(left_x + 12, by + 116, ["= ", num(total, f"error:{layer}:{node}")], size=15, fill=BACKWARD,
             weight="bold")
    svg.text(left_x + 12, by + 136, words["its_grad_x"], size=11, fill=MUTED)

    # the nodes of the next layer, and what each sends back
    for j in range(n_next):
        v = nodes[(nxt, j)]
        cy = top + j * pitch + 40
        svg.rect(right_x, cy - 36, right_w, 72, fill=BACK_FILL, stroke=INK, rx=8, width=1.2)
        kind = words["kind"]["output" if nxt == len(layers) - 1 else "hidden"]
        svg.text(right_x + 12, cy - 14, words["node_in_layer"].format(kind=kind, node=j, layer=nxt), size=13,
                 weight="bold")
        svg.text(right_x + 12, cy + 6, [words["w_from_here"], num(v["w"][node], f"w:{nxt}:{j}:{node}")], size=13,
                 fill=FORWARD)
        svg.text(right_x + 12, cy + 25, ["delta ", num(v["delta"], f"delta:{nxt}:{j}")], size=13, fill=BACKWARD,
                 weight="bold")
        p0 = (left_x + left_w, by + bh / 2 + (j - (n_next - 1) / 2) * 14)
        p1 = (right_x, cy)
        svg.arrow_between(*p0, *p1, kind="fwd", shorten=(0, 2), width=1.4)
        svg.arrow_between(*p1, *p0, kind="back", offset=8, shorten=(4, 4), width=1.8)
        mx, my = (p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2
        below = j > (n_next - 1) / 2        # labels above the upper edges, below the lower ones
        svg.text(mx - 8, my + (26 if below else -28), [
            "delta × w = ", num(v["delta"], f"delta:{nxt}:{j}"), " × ", num(v["w"][node], f"w:{nxt}:{j}:{node}"),
            " = ", (num(parts[j], f"grad_x:{nxt}:{j}:{node}"), BACKWARD, "bold")],
            size=13, anchor="middle", fill=BACKWARD, halo=True)

    # the running sum, as back_prop keeps it
    ry = height - 40
    opening, start, after = words["running"]
    run = [opening, str(node), start]
    for j in range(n_next):
        run += [after.format(j=j), num(nodes[(nxt, j)]["running_x"][node], f"running_x:{nxt}:{j}:{node}")]
    svg.text(18, ry, run, size=13, fill=BACKWARD)
    svg.text(18, ry + 22, words["sum_key"], size=12, fill=MUTED)
    return svg.render()


def overview_figure(step: dict, loss_before: float, loss_after: float, *, name: str | None = None,
                    language: str = "en") -> str:
    """Forward → loss → backward → update, with the run's numbers, and the loss before and after."""
    language = language_of(WORDS, language)
    words = WORDS[language]
    name = name or words["example"]
    vals = node_values(step)
    layers, nodes = vals["layers"], vals["nodes"]
    last = len(layers) - 1
    lr = step["lr"]
    width, height = 820, 430
    bw, bh = 330, 128
    boxes = {"forward": (18, 70), "loss": (width - 18 - bw, 70), "back": (width - 18 - bw, 260),
             "update": (18, 260)}
    y_pred = [nodes[(last, j)]["out"] for j in range(layers[last])]
    title = words["overview_title"].format(name=name)
    errors = [nodes[(last, j)]["error"] for j in range(layers[last])]
    n_w = sum(len(row) for layer_w in step["weights"] for row in layer_w)
    n_b = sum(len(layer_b) for layer_b in step["biases"])
    big = max(((abs(g), l, j, i, g) for l, lw in enumerate(step["grads_w"]) for j, row in enumerate(lw)
               for i, g in enumerate(row)))
    _, bl, bj, bi, bg = big
    ow, nw = step["weights"][bl][bj][bi], step["new_weights"][bl][bj][bi]
    listed = words["list"].join
    desc = words["overview_desc"].format(
        name=name, inputs=listed(fmt(x) for x in vals["inputs"]), y_pred=listed(fmt(p) for p in y_pred),
        targets=listed(fmt(t) for t in vals["y_true"]), loss_before=fmt(loss_before),
        errors=listed(fmt(e) for e in errors), n_w=n_w, n_b=n_b, big_name=f"grad_w[{bl}][{bj}][{bi}]", big=fmt(bg),
        lr=f"{lr:g}", w_name=f"w[{bl}][{bj}][{bi}]", old=fmt(ow), new=fmt(nw), loss_after=fmt(loss_after))
    svg = Svg(width, height, title, desc, language)
    svg.text(18, 30, title, size=17, weight="bold")

    def card(key, badge, colour, heading, lines):
        x, y = boxes[key]
        svg.rect(x, y, bw, bh, fill=BACK_FILL if colour == BACKWARD else NODE_FILL, stroke=colour, rx=10, width=1.6)
        svg.badge(x + 20, y + 22, badge, colour)
        svg.text(x + 38, y + 27, heading, size=15, weight="bold", fill=colour)
        for i, (parts, c) in enumerate(lines):
            svg.text(x + 16, y + 54 + 20 * i, parts, size=13, fill=c)

    def listing(values, key):
        out: list = ["["]
        for i, v in enumerate(values):
            out += ([", "] if i else []) + [num(v, f"{key}:{i}")]
        return out + ["]"]

    card("forward", "1", FORWARD, "forward_prop", [
        (["x = "] + listing(vals["inputs"], "x"), INK),
        (["ŷ = "] + listing(y_pred, "y_pred"), INK),
        ([words["layer_by_layer"].format(n=len(layers) - 1)], MUTED)])
    card("loss", "2", FORWARD, words["the_loss"], [
        (["y = "] + listing(vals["y_true"], "y"), INK),
        (["L = ½ Σ (ŷ − y)² = ", (num(loss_before, "loss_before"), INK, "bold")], INK),
        ([words["loss_derivative"]], MUTED)])
    card("back", "3", BACKWARD, "back_prop", [
        ([words["errors"]] + listing(errors, "error_in"), BACKWARD),
        ([words["n_grads"].format(n_w=n_w, n_b=n_b)], BACKWARD),
        ([f"grad_w[{bl}][{bj}][{bi}] = ", num(bg, f"grad_w:{bl + 1}:{bj}:{bi}")], BACKWARD)])
    again, was, closing = words["forward_again"]
    card("update", "4", UPDATE, f"update_params (lr = {lr:g})", [
        ([words["rule"]], INK),
        ([f"w[{bl}][{bj}][{bi}]: ", num(ow, f"w:{bl + 1}:{bj}:{bi}"), " → ",
          (num(nw, f"new_w:{bl + 1}:{bj}:{bi}"), UPDATE, "bold")], INK),
        ([again, (num(loss_after, "loss_after"), UPDATE, "bold"), was, num(loss_before, "loss_before"), closing],
         INK)])

    fx, fy = boxes["forward"]
    lx, ly = boxes["loss"]
    bx, byy = boxes["back"]
    ux, uy = boxes["update"]
    svg.arrow_between(fx + bw + 4, fy + bh / 2, lx - 4, ly + bh / 2, kind="fwd", width=2.2)
    svg.text((fx + bw + lx) / 2, fy + bh / 2 - 10, "ŷ", size=14, anchor="middle", fill=FORWARD, weight="bold")
    svg.arrow_between(lx + bw / 2, ly + bh + 4, bx + bw / 2, byy - 4, kind="back", width=2.2)
    svg.text(lx + bw / 2 + 10, (ly + bh + byy) / 2 + 5, "ŷ − y", size=14, fill=BACKWARD, weight="bold")
    svg.arrow_between(bx - 4, byy + bh / 2, ux + bw + 4, uy + bh / 2, kind="back", width=2.2)
    svg.text((ux + bw + bx) / 2, uy + bh / 2 - 10, words["gradients"], size=14, anchor="middle", fill=BACKWARD,
             weight="bold")
    svg.arrow_between(ux + bw / 2, uy - 4, fx + bw / 2, fy + bh + 4, kind="upd", width=2.2)
    svg.text(ux + bw / 2 + 10, (fy + bh + uy) / 2 + 5, words["repeat"], size=14, fill=UPDATE, weight="bold")
    svg.text(18, height - 14, words["overview_key"], size=12, fill=MUTED)
    return svg.render()

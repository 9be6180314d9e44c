"""Diagrams of one node and of one whole step: the four steps, the sum over edges, the overview.

All three take a ``record_step`` run and print its values; nothing is recomputed here
except where a figure *shows* an arithmetic (``a × b = c``): there ``a``, ``b`` and ``c``
are each the code's own value, so the tests can check that the printed product holds.
"""

from __future__ import annotations

from .svg import BACK_FILL, BACKWARD, FORWARD, INK, MUTED, NODE_FILL, UPDATE, Svg, fmt, num
from .values import node_values

STEP_NAMES = ("1 error in", "2 activation derivative", "3 partials of the weighted sum",
              "4 delta, then the gradients")


def _node_name(layers: list[int], layer: int, node: int) -> str:
    kind = "output" if layer == len(layers) - 1 else "hidden"
    return f"{kind} node {node} (layer {layer})"


def four_steps_figure(step: dict, layer: int, node: int, *, name: str = "Example C") -> str:
    """One node's four steps with the run's values: error × f'(u) = delta, then grad_b, grad_w, grad_x."""
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
    title = f"{name}, {_node_name(layers, layer, node)}: the four steps"
    src = "input" if layer == 1 else f"layer {layer - 1}, node"
    inputs = ", ".join(fmt(x) for x in v["x"])
    error_in = (f"the output {fmt(v['out'])} minus the target {fmt(vals['y_true'][node])}" if is_output
                else f"the sum of what layer {layer + 1} sends back")
    desc = (f"The backward pass at one node of {name}: {_node_name(layers, layer, node)}, with inputs {inputs}, "
            f"bias {fmt(v['b'])}, weighted sum u {fmt(v['sum'])} and output o {fmt(v['out'])}. Step 1: the error "
            f"flowing in, {error_in}, is {fmt(v['error'])}. Step 2: the activation derivative ({v['activation']}) "
            f"at the weighted sum {fmt(v['sum'])}, {fmt(v['active_der'])}. Step 4: delta = error times derivative = "
            f"{fmt(v['error'])} × {fmt(v['active_der'])} = {fmt(v['delta'])}. Step 3 gives the partials of the "
            f"weighted sum: by each weight, its input ({', '.join(fmt(x) for x in v['sum_der_w'])}); by the bias, "
            f"{fmt(v['sum_der_b'], 0)}; by each input, its weight ({', '.join(fmt(w) for w in v['sum_der_x'])}). "
            f"With them delta fans out to grad_b = {fmt(v['grad_b'])}, to grad_w on each incoming edge ("
            + ", ".join(fmt(g) for g in v["grads_w"]) + "), and to grad_x on each input ("
            + ", ".join(fmt(g) for g in v["grads_x"]) + "), which flows back to the previous layer.")
    svg = Svg(width, height, title, desc)
    svg.text(18, 30, title, size=17, weight="bold")
    svg.text(18, 52, "The numbers are the ones back_prop computes for this node (the trace table's row).",
             size=12, fill=MUTED)

    # the node: a tall box spanning every row
    ny0, ny1 = row_y[0] - 52, row_y[-1] + 40
    svg.rect(node_x, ny0, node_w, ny1 - ny0, fill=BACK_FILL, stroke=INK, rx=8, width=1.3)
    cx = node_x + 14
    y = ny0 + 24
    svg.text(cx, y, f"{'output' if is_output else 'hidden'} node {node}", size=14, weight="bold")
    svg.text(cx, y + 20, ["u ", num(v["sum"], f"sum:{k}"), ", o ", num(v["out"], f"out:{k}")], size=13)
    y += 52
    svg.badge(cx + 9, y - 4.5, "2", BACKWARD)
    svg.text(cx + 26, y, ["f′(u) ", num(v["active_der"], f"active_der:{k}")], size=13, fill=BACKWARD)
    svg.text(cx + 26, y + 17, f"({v['activation']} at u)", size=11, fill=MUTED)
    y += 48
    svg.badge(cx + 9, y - 4.5, "4", BACKWARD)
    svg.text(cx + 26, y, "delta = error × f′(u)", size=13, fill=BACKWARD)
    svg.text(cx + 26, y + 19, ["= ", num(v["error"], f"error:{k}"), " × ", num(v["active_der"], f"active_der:{k}")],
             size=13, fill=BACKWARD)
    svg.text(cx + 26, y + 38, ["= ", num(v["delta"], f"delta:{k}")], size=14, fill=BACKWARD, weight="bold")
    y += 70
    svg.text(cx, y, "delta fans out to the left:", size=12, fill=MUTED)
    svg.text(cx, y + 16, "one gradient per weight,", size=12, fill=MUTED)
    svg.text(cx, y + 32, "the bias, and each input", size=12, fill=MUTED)

    # step 1: the error flowing in from the right
    mid = (ny0 + ny1) / 2
    ex = node_x + node_w
    svg.arrow_between(width - 14, mid, ex + 2, mid, kind="back", width=2)
    svg.badge(ex + 22, mid - 78, "1", BACKWARD)
    svg.text(ex + 38, mid - 73, "error in", size=13, fill=BACKWARD, weight="bold")
    if is_output:
        svg.text(ex + 14, mid - 48, "ŷ − y", size=13, fill=BACKWARD)
        svg.text(ex + 14, mid - 28, ["= ", num(v["out"], f"out:{k}"), " − ", num(vals["y_true"][node], f"y:{node}")],
                 size=13, fill=BACKWARD)
    else:
        svg.text(ex + 14, mid - 48, "the sum of what", size=13, fill=BACKWARD)
        svg.text(ex + 14, mid - 28, f"layer {layer + 1} sends back", size=13, fill=BACKWARD)
    svg.text(ex + 14, mid + 24, ["= ", num(v["error"], f"error:{k}")], size=14, fill=BACKWARD, weight="bold")

    # the rows: each input, then the bias
    for r in range(rows):
        ry = row_y[r]
        bx = 18
        is_bias = r == n_in
        svg.rect(bx, ry - 24, left_w, 48, fill=NODE_FILL, stroke=INK, rx=8, width=1.2)
        if is_bias:
            svg.text(bx + 10, ry - 5, "bias", size=13, weight="bold")
            svg.text(bx + 10, ry + 13, ["b ", num(v["b"], f"b:{k}")], size=13)
        else:
            svg.text(bx + 10, ry - 5, f"{src} {r}" if layer > 1 else f"input {r}", size=13, weight="bold")
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
    svg.text(18, ly, "Steps: " + " · ".join(STEP_NAMES) + ".", size=12, fill=INK)
    svg.text(18, ly + 17, "Solid blue: forward; dashed red: backward.", size=12, fill=MUTED)
    return svg.render()


def sum_over_edges_figure(step: dict, layer: int, node: int, *, name: str = "Example C") -> str:
    """Node ``node`` of ``layer`` feeds every node of ``layer + 1``; its error is the SUM of what each sends back."""
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
    src_name = f"hidden node {node} (layer {layer})" if layer > 0 else f"input {node}"
    title = f"{name}: the error of {src_name} is a sum over its edges"
    own = (f"output o {fmt(me['out'])}" if me is not None else f"value x {fmt(vals['inputs'][node])}")
    sends = "; ".join(
        f"node {j}: delta {fmt(nodes[(nxt, j)]['delta'])} × w {fmt(nodes[(nxt, j)]['w'][node])} = {fmt(p)}"
        for j, p in enumerate(parts))
    running = ", ".join(fmt(nodes[(nxt, j)]["running_x"][node]) for j in range(n_next))
    desc = (f"{src_name} of {name}, with {own}, feeds every one of the {n_next} nodes of layer {nxt}. Each "
            f"sends back delta times the weight of its edge: {sends}. back_prop adds them into one running sum, "
            f"layer_grads_x, which goes from 0 to {running} and ends at {fmt(total)}: the error of {src_name}.")
    svg = Svg(width, height, title, desc)
    svg.text(18, 30, title, size=17, weight="bold")
    svg.text(18, 52, "layer_grads_x[x_i] += delta × w  — one term per edge leaving the node", size=13, fill=MUTED)

    # the node that receives
    bh = 150
    by = centre - bh / 2 + 20
    svg.rect(left_x, by, left_w, bh, fill=BACK_FILL, stroke=INK, rx=8, width=1.3)
    svg.text(left_x + 12, by + 24, src_name, size=14, weight="bold")
    if me is not None:
        svg.text(left_x + 12, by + 44, ["o ", num(me["out"], f"out:{layer}:{node}")], size=13)
    else:
        svg.text(left_x + 12, by + 44, ["x ", num(vals["inputs"][node], f"x:{node}")], size=13)
    svg.text(left_x + 12, by + 70, "error = sum of", size=13, fill=BACKWARD)
    sum_parts: list = []
    for j, p in enumerate(parts):
        sum_parts += ([" + "] if j else []) + [num(p, f"grad_x:{nxt}:{j}:{node}")]
    svg.text(left_x + 12, by + 90, sum_parts, size=13, fill=BACKWARD)
    svg.text(left_x + 12, by + 116, ["= ", num(total, f"error:{layer}:{node}")], size=15, fill=BACKWARD,
             weight="bold")
    svg.text(left_x + 12, by + 136, "(= grad_x of this node)", size=11, fill=MUTED)

    # the nodes of the next layer, and what each sends back
    for j in range(n_next):
        v = nodes[(nxt, j)]
        cy = top + j * pitch + 40
        svg.rect(right_x, cy - 36, right_w, 72, fill=BACK_FILL, stroke=INK, rx=8, width=1.2)
        kind = "output" if nxt == len(layers) - 1 else "hidden"
        svg.text(right_x + 12, cy - 14, f"{kind} node {j} (layer {nxt})", size=13, weight="bold")
        svg.text(right_x + 12, cy + 6, ["w from here ", num(v["w"][node], f"w:{nxt}:{j}:{node}")], size=13,
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
    run = ["running sum layer_grads_x[", str(node), "]: 0"]
    for j in range(n_next):
        run += [f" → after node {j}: ", num(nodes[(nxt, j)]["running_x"][node], f"running_x:{nxt}:{j}:{node}")]
    svg.text(18, ry, run, size=13, fill=BACKWARD)
    svg.text(18, ry + 22, "Solid blue: forward along each edge; dashed red: what flows back along it.", size=12,
             fill=MUTED)
    return svg.render()


def overview_figure(step: dict, loss_before: float, loss_after: float, *, name: str = "Example C") -> str:
    """Forward → loss → backward → update, with the run's numbers, and the loss before and after."""
    vals = node_values(step)
    layers, nodes = vals["layers"], vals["nodes"]
    last = len(layers) - 1
    lr = step["lr"]
    width, height = 820, 430
    bw, bh = 330, 128
    boxes = {"forward": (18, 70), "loss": (width - 18 - bw, 70), "back": (width - 18 - bw, 260),
             "update": (18, 260)}
    y_pred = [nodes[(last, j)]["out"] for j in range(layers[last])]
    title = f"{name}: one training step — forward, loss, backward, update"
    errors = [nodes[(last, j)]["error"] for j in range(layers[last])]
    n_w = sum(len(row) for layer_w in step["weights"] for row in layer_w)
    n_b = sum(len(layer_b) for layer_b in step["biases"])
    big = max(((abs(g), l, j, i, g) for l, lw in enumerate(step["grads_w"]) for j, row in enumerate(lw)
               for i, g in enumerate(row)))
    _, bl, bj, bi, bg = big
    ow, nw = step["weights"][bl][bj][bi], step["new_weights"][bl][bj][bi]
    desc = (f"The cycle of one training step on {name}, with its numbers. 1: forward_prop turns the inputs "
            + ", ".join(fmt(x) for x in vals["inputs"]) + " into the prediction "
            + ", ".join(fmt(p) for p in y_pred) + ". 2: the loss against the targets "
            + ", ".join(fmt(t) for t in vals["y_true"]) + f" is {fmt(loss_before)}. 3: back_prop sends the errors "
            + ", ".join(fmt(e) for e in errors) + f" back and returns one gradient per weight and bias, {n_w} "
            f"grad_w and {n_b} grad_b; the largest in size is grad_w[{bl}][{bj}][{bi}] = {fmt(bg)}. 4: update_params "
            f"moves each parameter against its gradient with learning rate {lr:g}: w[{bl}][{bj}][{bi}] goes from "
            f"{fmt(ow)} to {fmt(nw)}. Forward again, the loss is {fmt(loss_after)}.")
    svg = Svg(width, height, title, desc)
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
        ([f"layer by layer, left to right ({len(layers) - 1} layers)"], MUTED)])
    card("loss", "2", FORWARD, "the loss", [
        (["y = "] + listing(vals["y_true"], "y"), INK),
        (["L = ½ Σ (ŷ − y)² = ", (num(loss_before, "loss_before"), INK, "bold")], INK),
        (["its derivative ŷ − y starts the way back"], MUTED)])
    card("back", "3", BACKWARD, "back_prop", [
        (["errors ŷ − y = "] + listing(errors, "error_in"), BACKWARD),
        ([f"→ {n_w} grad_w and {n_b} grad_b, e.g."], BACKWARD),
        ([f"grad_w[{bl}][{bj}][{bi}] = ", num(bg, f"grad_w:{bl + 1}:{bj}:{bi}")], BACKWARD)])
    card("update", "4", UPDATE, f"update_params (lr = {lr:g})", [
        (["w ← w − lr × grad_w, for every weight and bias"], INK),
        ([f"w[{bl}][{bj}][{bi}]: ", num(ow, f"w:{bl + 1}:{bj}:{bi}"), " → ",
          (num(nw, f"new_w:{bl + 1}:{bj}:{bi}"), UPDATE, "bold")], INK),
        (["forward again: L = ", (num(loss_after, "loss_after"), UPDATE, "bold"),
          " (was ", num(loss_before, "loss_before"), ")"], INK)])

    fx, fy = boxes["forward"]
    lx, ly = boxes["loss"]
    bx, byy = boxes["back"]
    ux, uy = boxes["update"]
    svg.arrow_between(fx + bw + 4, fy + bh / 2, lx - 4, ly + bh / 2, kind="fwd", width=2.2)
    svg.text((fx + bw + lx) / 2, fy + bh / 2 - 10, "ŷ", size=14, anchor="middle", fill=FORWARD, weight="bold")
    svg.arrow_between(lx + bw / 2, ly + bh + 4, bx + bw / 2, byy - 4, kind="back", width=2.2)
    svg.text(lx + bw / 2 + 10, (ly + bh + byy) / 2 + 5, "ŷ − y", size=14, fill=BACKWARD, weight="bold")
    svg.arrow_between(bx - 4, byy + bh / 2, ux + bw + 4, uy + bh / 2, kind="back", width=2.2)
    svg.text((ux + bw + bx) / 2, uy + bh / 2 - 10, "gradients", size=14, anchor="middle", fill=BACKWARD,
             weight="bold")
    svg.arrow_between(ux + bw / 2, uy - 4, fx + bw / 2, fy + bh + 4, kind="upd", width=2.2)
    svg.text(ux + bw / 2 + 10, (fy + bh + uy) / 2 + 5, "new weights: repeat", size=14, fill=UPDATE, weight="bold")
    svg.text(18, height - 14, "Solid blue: forward; dashed red: backward; solid green: the update.", size=12,
             fill=MUTED)
    return svg.render()

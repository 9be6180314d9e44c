"""Network diagrams of one ``record_step`` run, at several moments of the step.

``network_figure(step, "forward")``: weights on the edges, bias, weighted sum and output
on every node. ``network_figure(step, "backward", down_to=L)``: the backward pass has
done every layer from the output down to layer ``L``: those nodes show error, f'(u),
delta and grad_b, their incoming edges grad_w, and dashed red arrows run back along the
edges. ``network_figure(step, "update")``: every weight and bias with its new value.

Works for any ``layers`` with a few nodes per layer; the course draws example C.
"""

from __future__ import annotations

from .svg import BACK_FILL, BACKWARD, FORWARD, INK, MUTED, NODE_FILL, UPDATE, Svg, num
from .values import node_values

LINE = 16            # line height inside a node box
BOX_W = 122          # node box width (hidden and output layers)
IN_W = 104           # input box width
GAP_Y = 52           # vertical gap between node boxes
TOP = 78             # y of the first box's top
LABEL_T = 2 / 3      # where an edge's label sits, from its source: the labels of crossing edges stay apart


def _lines_for(stage: str, down_to: int, layer: int, v: dict) -> list:
    """The text lines of a hidden/output node box: (parts, colour, weight)."""
    n = v["node"]
    lines = [([f"node {n}"], INK, "bold"), (["b ", num(v["b"], f"b:{layer}:{n}")], INK, None)]
    if stage == "update":           # only what the update uses: the bias, its gradient, the new bias
        return lines + [(["grad_b ", num(v["grad_b"], f"grad_b:{layer}:{n}")], BACKWARD, None),
                        (["→ ", num(v["new_b"], f"new_b:{layer}:{n}")], UPDATE, "bold")]
    lines += [(["u ", num(v["sum"], f"sum:{layer}:{n}")], INK, None),
              (["o ", num(v["out"], f"out:{layer}:{n}")], INK, None)]
    if stage == "backward" and layer >= down_to:
        lines += [(["error ", num(v["error"], f"error:{layer}:{n}")], BACKWARD, None),
                  (["f′(u) ", num(v["active_der"], f"active_der:{layer}:{n}")], BACKWARD, None),
                  (["delta ", num(v["delta"], f"delta:{layer}:{n}")], BACKWARD, "bold"),
                  (["grad_b ", num(v["grad_b"], f"grad_b:{layer}:{n}")], BACKWARD, None)]
    elif stage == "backward" and layer == down_to - 1:      # its error has arrived, its steps are next
        lines += [(["error ", num(v["error"], f"error:{layer}:{n}")], BACKWARD, "bold")]
    return lines


def _box_height(n_lines: int) -> float:
    return 12 + LINE * n_lines


def network_figure(step: dict, stage: str = "forward", *, down_to: int = 1, name: str = "Example C") -> str:
    """An SVG network diagram of ``step`` (what ``record_step`` returned) at one moment.

    Args:
        step: a ``record_step`` run.
        stage: ``"forward"``, ``"backward"`` (with ``down_to``) or ``"update"``.
        down_to: for ``"backward"``: the lowest layer the backward pass has finished.
        name: how the title names the example.
    """
    vals = node_values(step)
    layers, nodes = vals["layers"], vals["nodes"]
    last = len(layers) - 1
    backward_done = (lambda l: stage == "update" or (stage == "backward" and l >= down_to))
    arrows_back = (lambda l: stage == "backward" and l >= down_to)
    inputs_done = stage == "backward" and down_to == 1

    # box sizes: every box of a column has the same height; every column is centred
    def col_lines(l):
        if l == 0:
            return 3 if inputs_done else 2
        sample = dict(nodes[(l, 0)], node=0)
        return len(_lines_for(stage, down_to, l, sample))

    heights = [_box_height(col_lines(l)) for l in range(len(layers))]
    label_lines = {"forward": 1, "backward": 2, "update": 3}[stage]
    # the same pitch in every column, so rows line up; tall enough that the labels of two
    # crossing edges (LABEL_T apart from the rows) never touch
    pitch = max(max(heights) + GAP_Y, (label_lines * 15 + 10) / min(LABEL_T, 1 - LABEL_T, abs(2 * LABEL_T - 1)))
    inner_h = max(layers) * pitch - GAP_Y
    width = 800
    right_pad = 96                                  # room for the targets and the incoming errors
    xs_left = [18]
    span = (width - right_pad - 18 - IN_W - BOX_W * (len(layers) - 1)) / (len(layers) - 1)
    for l in range(1, len(layers)):
        xs_left.append(xs_left[-1] + (IN_W if l == 1 else BOX_W) + span)
    box_w = [IN_W] + [BOX_W] * (len(layers) - 1)
    centre_y = TOP + inner_h / 2

    def box(l, j):
        centre = centre_y + (j - (layers[l] - 1) / 2) * pitch
        return xs_left[l], centre - heights[l] / 2, box_w[l], heights[l]

    legend_y = TOP + inner_h + 34
    height = legend_y + 42
    title, desc = _title_desc(vals, stage, down_to, name)
    svg = Svg(width, height, title, desc)
    svg.text(18, 30, title, size=17, weight="bold")
    # column headings: the layer and its activation, as forward_prop names it
    for l in range(len(layers)):
        x, _, w, _ = box(l, 0)
        if l == 0:
            heading, sub = "layer 0", "input"
        else:
            kind = "output" if l == last else "hidden"
            heading, sub = f"layer {l}", f"{kind}, {nodes[(l, 0)]['activation']}"
        svg.text(x + w / 2, 56, heading, size=13, anchor="middle", weight="bold", fill=MUTED)
        svg.text(x + w / 2, 71, sub, size=12, anchor="middle", fill=MUTED)

    # edges first (under the boxes and labels)
    labels = []
    for l in range(1, len(layers)):
        n_src, n_dst = layers[l - 1], layers[l]
        for j in range(n_dst):
            v = nodes[(l, j)]
            for i in range(n_src):
                sx, sy, sw, sh = box(l - 1, i)
                tx, ty, tw, th = box(l, j)
                p0 = (sx + sw, sy + sh / 2 + (j - (n_dst - 1) / 2) * 12)     # one port per edge
                p1 = (tx, ty + th / 2 + (i - (n_src - 1) / 2) * 12)
                svg.arrow_between(*p0, *p1, kind="fwd", shorten=(0, 2), width=1.4)
                if arrows_back(l):
                    svg.arrow_between(*p1, *p0, kind="back", offset=7, shorten=(4, 6), width=1.6)
                lx = p0[0] + (p1[0] - p0[0]) * LABEL_T
                ly = p0[1] + (p1[1] - p0[1]) * LABEL_T
                text = [(["w ", num(v["w"][i], f"w:{l}:{j}:{i}")], FORWARD, None)]
                if backward_done(l):
                    text.append((["grad_w ", num(v["grads_w"][i], f"grad_w:{l}:{j}:{i}")], BACKWARD, None))
                if stage == "update":
                    text.append((["→ ", num(v["new_w"][i], f"new_w:{l}:{j}:{i}")], UPDATE, "bold"))
                labels.append((lx, ly, text))
    for lx, ly, text in labels:
        top = ly - (len(text) * 15) / 2 + 11
        for k, (parts, colour, weight) in enumerate(text):
            svg.text(lx, top + 15 * k, parts, size=13, anchor="middle", fill=colour, weight=weight, halo=True)

    # nodes
    for l in range(len(layers)):
        for j in range(layers[l]):
            x, y, w, h = box(l, j)
            done = (l == 0 and inputs_done) or (l > 0 and backward_done(l)) or (
                stage == "backward" and l == down_to - 1)
            svg.rect(x, y, w, h, fill=BACK_FILL if done else NODE_FILL, stroke=INK, rx=8, width=1.2)
            if l == 0:
                lines = [([f"input {j}"], INK, "bold"), (["x ", num(vals["inputs"][j], f"x:{j}")], INK, None)]
                if inputs_done:
                    lines.append((["grad_x ", num(vals["input_grads"][j], f"grad_x:0:{j}")], BACKWARD, None))
            else:
                lines = _lines_for(stage, down_to, l, dict(nodes[(l, j)], node=j))
            for k, (parts, colour, weight) in enumerate(lines):
                svg.text(x + 10, y + 20 + LINE * k, parts, size=13, fill=colour, weight=weight)
            if l == 0 and inputs_done:
                svg.text(x + w / 2, y + h + 15, "(computed, not used)", size=11, anchor="middle", fill=MUTED)

    # targets and the errors entering the output layer
    for j in range(layers[last]):
        x, y, w, h = box(last, j)
        rx = x + w
        if stage != "update":
            svg.text(rx + 14, y + 18, ["y ", num(vals["y_true"][j], f"y:{j}")], size=13)
        if arrows_back(last):
            svg.arrow_between(width - 12, y + h / 2, rx + 2, y + h / 2, kind="back", width=1.8)
            svg.text(rx + 14, y + h / 2 - 8, "ŷ − y", size=12, fill=BACKWARD)
            svg.text(rx + 14, y + h / 2 + 20, num(nodes[(last, j)]["error"], f"error_in:{j}"), size=13,
                     fill=BACKWARD, weight="bold")

    _legend(svg, legend_y, stage, nodes)
    return svg.render()


def _legend(svg: Svg, y: float, stage: str, nodes: dict) -> None:
    x = 18
    svg.line(x, y, x + 34, y, stroke=FORWARD, width=1.6, arrow="fwd")
    svg.text(x + 42, y + 4.5, "forward: values flow right", size=12, fill=INK)
    if stage == "backward":
        x = 250
        svg.line(x + 34, y, x, y, stroke=BACKWARD, width=1.8, dash="7 5", arrow="back")
        svg.text(x + 42, y + 4.5, "backward (dashed): errors flow left", size=12, fill=INK)
    if stage == "update":
        lr = next(iter(nodes.values()))["lr"]
        svg.text(250, y + 4.5, "red: the gradients from the backward pass", size=12, fill=BACKWARD)
        svg.text(18, y + 26, ["→ new value = old − lr × grad, lr = ", f"{lr:g}", " (bold green)"], size=12,
                 fill=UPDATE)
    elif stage == "backward":
        svg.text(18, y + 26, "red: the backward pass; a layer's grad_x are the errors of the layer to its left",
                 size=12, fill=MUTED)


def _title_desc(vals: dict, stage: str, down_to: int, name: str) -> tuple[str, str]:
    layers, nodes = vals["layers"], vals["nodes"]
    last = len(layers) - 1
    shape = "[" + ", ".join(map(str, layers)) + "]"
    outs = ", ".join(f"{nodes[(last, j)]['out']:.4f}" for j in range(layers[last]))
    if stage == "forward":
        return (f"{name} after the forward pass",
                f"Network diagram of {name}, layers {shape}. Each edge is labelled with its weight w; each node "
                f"shows its bias b, weighted sum u and output o. The outputs are {outs}, the targets "
                + ", ".join(f"{t:g}" for t in vals["y_true"]) + ".")
    if stage == "backward":
        errs = ", ".join(f"{nodes[(down_to, j)]['delta']:.4f}" for j in range(layers[down_to]))
        where = "the output layer" if down_to == last else f"layer {down_to}"
        extra = (" The inputs also receive gradients grad_x, which are computed but not used."
                 if down_to == 1 else
                 f" The errors arriving at layer {down_to - 1} are the sums of what flows back along its edges.")
        return (f"{name}: the backward pass after layer {down_to}",
                f"Network diagram of {name}, layers {shape}, after the backward pass has processed {where}"
                f"{'' if down_to == last else ' and every layer after it'}. Dashed red arrows run back along the "
                f"edges. Each processed node shows error, activation derivative f'(u), delta and grad_b; each of "
                f"its incoming edges shows grad_w. The deltas of layer {down_to} are {errs}.{extra}")
    lr = next(iter(nodes.values()))["lr"]
    return (f"{name} after the update (lr = {lr:g})",
            f"Network diagram of {name}, layers {shape}, after one update with learning rate {lr:g}: each weight "
            f"and bias shows its old value, its gradient in red, and its new value old minus lr times the "
            f"gradient, marked with an arrow in bold green.")

"""Network diagrams of one ``record_step`` run, at several moments of the step.

``network_figure(step, "forward")``: weights on the edges, bias, weighted sum and output
on every node. ``network_figure(step, "backward", down_to=L)``: the backward pass has
done every layer from the output down to layer ``L``: those nodes show error, f'(u),
delta and grad_b, their incoming edges grad_w, and dashed red arrows run back along the
edges. ``network_figure(step, "update")``: every weight and bias with its new value.

Each edge's label stands on an opaque plate on its own edge, placed (see ``_layout``) clear
of the boxes, the arrowheads, the other labels and every other edge's line; a crossing
edge's label sits near its target end, away from the crossing.

Works for any ``layers`` with a few nodes per layer; the course draws example C. Its words
are :data:`WORDS` in the figure's ``language``; the numbers, code names and symbols are the
same in every language.
"""

from __future__ import annotations

import math

from .svg import (
    BACK_FILL,
    BACKWARD,
    FORWARD,
    INK,
    MUTED,
    NODE_FILL,
    UPDATE,
    Svg,
    fmt,
    label_size,
    language_of,
    num,
    plain_text,
    text_width,
)
from .values import node_values

#: The diagrams' words, by language (``{name}`` the example, ``{shape}`` its layers, …).
WORDS = {
    "en": {
        "example": "Example C", "node": "node {j}", "input": "input {j}", "error": "error ",
        "layer": "layer {l}", "input_layer": "input", "kind": "{kind}, {activation}",
        "output": "output", "hidden": "hidden", "not_used": "(computed, not used)",
        "forward": "forward: values flow right", "backward": "backward (dashed): errors flow left",
        "gradients": "red: the gradients from the backward pass",
        "update": ("→ new value = old − lr × grad, lr = ", " (bold green)"),
        "backward_note": "red: the backward pass; a layer's grad_x are the errors of the layer to its left",
        # the description (the figure in words)
        "new_value": "new value ", "list": ", ", "edges": "; ", "sentences": " ",
        "input_said": "Input {j}: x {x}{grad}.", "grad_said": ", grad_x {grad} (computed, not used)",
        "from_input": "from input {i}: {said}", "from_node": "from layer {l} node {i}: {said}",
        "node_said": "Layer {l}, node {j}: {box}. Its incoming edges: {edges}.{extra}",
        "target_said": " Target y {y}.", "error_said": " The error ŷ − y flowing in: {error}.",
        "forward_title": "{name} after the forward pass",
        "forward_desc": "Network diagram of {name}, layers {shape}. Each edge is labelled with its weight w; each "
                        "node shows its bias b, weighted sum u and output o. The outputs are {outs}, the targets "
                        "{targets}.",
        "backward_title": "{name}: the backward pass after layer {down_to}",
        "output_layer": "the output layer", "this_layer": "layer {l}", "and_after": " and every layer after it",
        "inputs_extra": " The inputs also receive gradients grad_x, which are computed but not used.",
        "arriving_extra": " The errors arriving at layer {l} are the sums of what flows back along its edges.",
        "backward_desc": "Network diagram of {name}, layers {shape}, after the backward pass has processed "
                         "{where}{after}. Dashed red arrows run back along the edges. Each processed node shows "
                         "error, activation derivative f'(u), delta and grad_b; each of its incoming edges shows "
                         "grad_w. The deltas of layer {down_to} are {deltas}.{extra}",
        "update_title": "{name} after the update (lr = {lr})",
        "update_desc": "Network diagram of {name}, layers {shape}, after one update with learning rate {lr}: each "
                       "weight and bias shows its old value, its gradient in red, and its new value old minus lr "
                       "times the gradient, marked with an arrow in bold green.",
    },
    "ja": {
        "example": "例 C", "node": "ノード {j}", "input": "入力 {j}", "error": "誤差 ",
        "layer": "層 {l}", "input_layer": "入力層", "kind": "{kind}、{activation}",
        "output": "出力層", "hidden": "隠れ層", "not_used": "（計算するが使わない）",
        "forward": "順伝播：値は右へ流れる", "backward": "逆伝播（破線）：誤差は左へ流れる",
        "gradients": "赤：逆伝播で求めた勾配",
        "update": ("→ 新しい値 = 古い値 − lr × 勾配、lr = ", "（緑の太字）"),
        "backward_note": "赤：逆伝播。ある層の grad_x は、その左の層の誤差になる",
        "new_value": "新しい値 ", "list": "、", "edges": "；", "sentences": "",
        "input_said": "入力 {j}：x {x}{grad}。", "grad_said": "、grad_x {grad}（計算するが使わない）",
        "from_input": "入力 {i} から：{said}", "from_node": "層 {l} のノード {i} から：{said}",
        "node_said": "層 {l} のノード {j}：{box}。入ってくるエッジは、{edges}。{extra}",
        "target_said": "正解値は y {y}。", "error_said": "流れ込む誤差 ŷ − y は {error}。",
        "forward_title": "順伝播を終えた{name}",
        "forward_desc": "{name} のネットワーク図。層は {shape}。各エッジにはその重み w を、各ノードにはバイアス b、"
                        "重み付き線形和 u、出力 o を書いている。出力は {outs}、正解値は {targets}。",
        "backward_title": "{name}：層 {down_to} まで進んだ逆伝播",
        "output_layer": "出力層", "this_layer": "層 {l}", "and_after": " とそれより後のすべての層",
        "inputs_extra": "入力も勾配 grad_x を受け取るが、計算するだけで使わない。",
        "arriving_extra": "層 {l} に届く誤差は、そのエッジに沿って逆向きに流れてきたものの和である。",
        "backward_desc": "逆伝播が{where}{after}を処理し終えたときの、{name} のネットワーク図。層は {shape}。"
                         "赤い破線の矢印がエッジに沿って逆向きに走る。処理を終えた各ノードには誤差、活性化関数の"
                         "導関数 f'(u)、delta、grad_b を、その入ってくる各エッジには grad_w を書いている。"
                         "層 {down_to} のデルタは {deltas}。{extra}",
        "update_title": "更新後の{name}（lr = {lr}）",
        "update_desc": "学習率 {lr} で1回更新した後の、{name} のネットワーク図。層は {shape}。各重みと各バイアスに、"
                       "古い値、赤で勾配、そして緑の太字で矢印の付いた新しい値（古い値から lr と勾配の積を引いた"
                       "もの）を書いている。",
    },
}

LINE = 16            # line height inside a node box
BOX_W = 122          # node box width (hidden and output layers)
IN_W = 110           # input box width
GAP_Y = 52           # vertical gap between node boxes
TOP = 78             # y of the first box's top
LEFT = 18            # x of the input column
RIGHT_PAD = 88       # room for the targets and the incoming errors
MIN_GAP_X = 169      # horizontal gap between two columns, at least
# Where an edge's label sits, as a fraction of the edge from its source: a crossing edge's
# label near its target end, far from the crossing, so it plainly sits on its own edge (the
# first position that collides with nothing is used; see _layout); a level edge's in the
# middle. Every label stands on an opaque plate, so its own edge never strikes through it.
T_CROSSING = (0.7, 0.3, 0.72, 0.28, 0.68, 0.32, 0.66, 0.34)
T_LEVEL = (0.5, 0.45, 0.55, 0.4, 0.6)
LEVEL = 24           # an edge that climbs less than this is level
CLEAR = 6            # the least room between a label and a box, an arrowhead or another label
HEAD = 7             # arrowhead length, in stroke widths (markerWidth in svg.py)


def _lines_for(stage: str, down_to: int, layer: int, v: dict, words: dict = WORDS["en"]) -> list:
    """The text lines of a hidden/output node box: (parts, colour, weight)."""
    n = v["node"]
    lines = [([words["node"].format(j=n)], INK, "bold"), (["b ", num(v["b"], f"b:{layer}:{n}")], INK, None)]
    if stage == "update":           # only what the update uses: the bias, its gradient, the new bias
        return lines + [(["grad_b ", num(v["grad_b"], f"grad_b:{layer}:{n}")], BACKWARD, None),
                        (["→ ", num(v["new_b"], f"new_b:{layer}:{n}")], UPDATE, "bold")]
    lines += [(["u ", num(v["sum"], f"sum:{layer}:{n}")], INK, None),
              (["o ", num(v["out"], f"out:{layer}:{n}")], INK, None)]
    if stage == "backward" and layer >= down_to:
        lines += [([words["error"], num(v["error"], f"error:{layer}:{n}")], BACKWARD, None),
                  (["f′(u) ", num(v["active_der"], f"active_der:{layer}:{n}")], BACKWARD, None),
                  (["delta ", num(v["delta"], f"delta:{layer}:{n}")], BACKWARD, "bold"),
                  (["grad_b ", num(v["grad_b"], f"grad_b:{layer}:{n}")], BACKWARD, None)]
    elif stage == "backward" and layer == down_to - 1:      # its error has arrived, its steps are next
        lines += [([words["error"], num(v["error"], f"error:{layer}:{n}")], BACKWARD, "bold")]
    return lines


def _box_height(n_lines: int) -> float:
    return 12 + LINE * n_lines


def network_figure(step: dict, stage: str = "forward", *, down_to: int = 1, name: str | None = None,
                   language: str = "en") -> str:
    """An SVG network diagram of ``step`` (what ``record_step`` returned) at one moment.

    Args:
        step: a ``record_step`` run.
        stage: ``"forward"``, ``"backward"`` (with ``down_to``) or ``"update"``.
        down_to: for ``"backward"``: the lowest layer the backward pass has finished.
        name: how the title names the example (default: example C, in ``language``).
        language: the language of the figure's words (:data:`WORDS`).
    """
    language = language_of(WORDS, language)
    words = WORDS[language]
    name = name or words["example"]
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
        return len(_lines_for(stage, down_to, l, sample, words))

    heights = [_box_height(col_lines(l)) for l in range(len(layers))]
    # every box at least its usual width, wider if a line of it needs more (10 px in front, 6 behind)
    widest_line = [max(text_width(parts, 13, weight) + 16 for j in range(n)
                       for parts, _colour, weight in _box_lines(stage, down_to, l, j, vals, inputs_done, words))
                   for l, n in enumerate(layers)]
    box_w = [max(IN_W, widest_line[0])] + [max(BOX_W, widest_line[l]) for l in range(1, len(layers))]

    def label_lines(l, j, i):
        v = nodes[(l, j)]
        text = [(["w ", num(v["w"][i], f"w:{l}:{j}:{i}")], FORWARD, None)]
        if backward_done(l):
            text.append((["grad_w ", num(v["grads_w"][i], f"grad_w:{l}:{j}:{i}")], BACKWARD, None))
        if stage == "update":
            text.append((["→ ", num(v["new_w"][i], f"new_w:{l}:{j}:{i}")], UPDATE, "bold"))
        return text

    # the gap between columns: wide enough that the widest edge label of any stage (so every
    # stage of the same run has the same width) fits at T_CROSSING[0] beside the column
    widest = max(label_size([([prefix, num(v[key][i], "")], None, weight)])[0]
                 for v in nodes.values() for i in range(len(v["w"]))
                 for key, prefix, weight in (("w", "w ", None), ("grads_w", "grad_w ", None), ("new_w", "→ ", "bold"))
                 if key in v)
    t_end = min(T_CROSSING[0], 1 - T_CROSSING[0])
    gap_x = max(MIN_GAP_X, math.ceil((widest / 2 + CLEAR) / t_end))
    xs_left = [LEFT]
    for l in range(1, len(layers)):
        xs_left.append(xs_left[-1] + box_w[l - 1] + gap_x)
    width = xs_left[-1] + box_w[-1] + RIGHT_PAD

    # the same pitch in every column, so rows line up: the smallest that leaves every edge
    # label at its first choice of place, clear of everything else
    base = max(heights) + GAP_Y
    best = None
    for pitch in range(math.ceil(base), math.ceil(base) + 400, 2):
        layout = _layout(layers, heights, box_w, xs_left, pitch, label_lines, arrows_back)
        if best is None or layout["score"] < best["score"]:
            best = layout
        if layout["score"] == (0, 0):
            break
    layout = best
    inner_h = layout["inner_h"]

    def box(l, j):
        return layout["boxes"][(l, j)]

    legend_y = TOP + inner_h + 34
    height = legend_y + 42
    title, desc = _title_desc(vals, stage, down_to, name, words)
    desc += words["sentences"] + _in_words(vals, stage, down_to, label_lines, inputs_done, arrows_back(last), words)
    svg = Svg(width, height, title, desc, language)
    svg.text(LEFT, 30, title, size=17, weight="bold")
    # column headings: the layer and its activation, as forward_prop names it
    for l in range(len(layers)):
        x, _, w, _ = box(l, 0)
        heading = words["layer"].format(l=l)
        if l == 0:
            sub = words["input_layer"]
        else:
            kind = words["output"] if l == last else words["hidden"]
            sub = words["kind"].format(kind=kind, activation=nodes[(l, 0)]['activation'])
        svg.text(x + w / 2, 56, heading, size=13, anchor="middle", weight="bold", fill=MUTED)
        svg.text(x + w / 2, 71, sub, size=12, anchor="middle", fill=MUTED)

    # edges first (under the boxes and labels), then each label on an opaque plate on its edge
    for e in layout["edges"]:
        tag = {"data-edge": e["key"]}
        svg.arrow_between(*e["p0"], *e["p1"], kind="fwd", shorten=(0, 2), width=1.4, attrs=tag)
        if e["back"]:
            svg.arrow_between(*e["p1"], *e["p0"], kind="back", offset=7, shorten=(4, 6), width=1.6, attrs=tag)
    for e in layout["edges"]:
        svg.label(*e["label_at"], e["lines"], size=13, attrs={"class": "edge-label", "data-edge": e["key"]})

    # nodes
    for l in range(len(layers)):
        for j in range(layers[l]):
            x, y, w, h = box(l, j)
            done = (l == 0 and inputs_done) or (l > 0 and backward_done(l)) or (
                stage == "backward" and l == down_to - 1)
            svg.rect(x, y, w, h, fill=BACK_FILL if done else NODE_FILL, stroke=INK, rx=8, width=1.2,
                     attrs={"class": "node"})
            lines = _box_lines(stage, down_to, l, j, vals, inputs_done, words)
            for k, (parts, colour, weight) in enumerate(lines):
                svg.text(x + 10, y + 20 + LINE * k, parts, size=13, fill=colour, weight=weight)
            if l == 0 and inputs_done:
                svg.text(x + w / 2, y + h + 15, words["not_used"], size=11, anchor="middle", fill=MUTED)

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

    _legend(svg, legend_y, stage, nodes, words)
    return svg.render()


def _box_lines(stage: str, down_to: int, l: int, j: int, vals: dict, inputs_done: bool, words: dict) -> list:
    """The text lines of node ``j`` of layer ``l``'s box (an input's box for layer 0)."""
    if l > 0:
        return _lines_for(stage, down_to, l, dict(vals["nodes"][(l, j)], node=j), words)
    lines = [([words["input"].format(j=j)], INK, "bold"), (["x ", num(vals["inputs"][j], f"x:{j}")], INK, None)]
    if inputs_done:
        lines.append((["grad_x ", num(vals["input_grads"][j], f"grad_x:0:{j}")], BACKWARD, None))
    return lines


def _layout(layers, heights, box_w, xs_left, pitch, label_lines, arrows_back) -> dict:
    """Boxes, edges and a place for every edge label, for one row ``pitch``.

    Each label is tried at the positions of T_LEVEL or T_CROSSING in turn and goes to the
    first that touches nothing else: no box, no other label, no other edge's line and no
    arrowhead (its own included); its plate stays within the gap between the two columns.
    ``score`` is (collisions left, labels not at their first choice): (0, 0) is the goal.
    """
    inner_h = (max(layers) - 1) * pitch + max(heights)
    centre_y = TOP + inner_h / 2
    boxes = {}
    for l, n in enumerate(layers):
        for j in range(n):
            centre = centre_y + (j - (n - 1) / 2) * pitch
            boxes[(l, j)] = (xs_left[l], centre - heights[l] / 2, box_w[l], heights[l])

    edges = []
    for l in range(1, len(layers)):
        n_src, n_dst = layers[l - 1], layers[l]
        for j in range(n_dst):
            for i in range(n_src):
                sx, sy, sw, sh = boxes[(l - 1, i)]
                tx, ty, tw, th = boxes[(l, j)]
                p0 = (sx + sw, sy + sh / 2 + (j - (n_dst - 1) / 2) * 12)     # one port per edge
                p1 = (tx, ty + th / 2 + (i - (n_src - 1) / 2) * 12)
                lines = [_segment(p0, p1, 0, (0, 2))]
                heads = [_head(lines[0], 1.4)]
                if arrows_back(l):
                    lines.append(_segment(p1, p0, 7, (4, 6)))
                    heads.append(_head(lines[1], 1.6))
                text = label_lines(l, j, i)
                edges.append({"key": f"{l}:{j}:{i}", "p0": p0, "p1": p1, "back": arrows_back(l), "lines": text,
                              "segments": lines, "heads": heads, "size": label_size(text),
                              "bounds": (sx + sw + CLEAR, tx - CLEAR), "level": abs(p1[1] - p0[1]) < LEVEL})

    box_rects = [(x, y, x + w, y + h) for x, y, w, h in boxes.values()]
    all_heads = [h for e in edges for h in e["heads"]]
    placed: list = []
    collisions = moved = 0
    for e in sorted(edges, key=lambda e: not e["level"]):            # level edges first (stable)
        choices = T_LEVEL if e["level"] else T_CROSSING
        others = [seg for o in edges if o is not e for seg in o["segments"]]
        best = None
        for rank, t in enumerate(choices):
            cx = e["p0"][0] + (e["p1"][0] - e["p0"][0]) * t
            cy = e["p0"][1] + (e["p1"][1] - e["p0"][1]) * t
            w, h = e["size"]
            r = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            hits = (r[0] < e["bounds"][0]) + (r[2] > e["bounds"][1]) + (r[1] < TOP - 4)
            hits += sum(_overlap(r, b, CLEAR) for b in box_rects)
            hits += sum(_overlap(r, q, CLEAR) for q in placed)
            hits += sum(_overlap(r, hd, CLEAR / 2) for hd in all_heads)
            hits += sum(_crosses(_grow(r, 2), a, b) for a, b in others)
            if best is None or hits < best[0]:
                best = (hits, rank, (cx, cy), r)
            if hits == 0:
                break
        hits, rank, at, r = best
        e["label_at"] = at
        placed.append(r)
        collisions += hits
        moved += rank > 0
    return {"pitch": pitch, "inner_h": inner_h, "boxes": boxes, "edges": edges, "score": (collisions, moved)}


def _segment(a, b, offset, shorten):
    """The line ``Svg.arrow_between`` draws from a to b (shifted sideways, shortened at both ends)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    nx, ny = -uy, ux
    return ((a[0] + ux * shorten[0] + nx * offset, a[1] + uy * shorten[0] + ny * offset),
            (b[0] - ux * shorten[1] + nx * offset, b[1] - uy * shorten[1] + ny * offset))


def _head(segment, stroke_width):
    """The bounding box of the arrowhead at the end of ``segment`` (svg.py's marker: tip 1, base 9 units back)."""
    (x0, y0), (x1, y1) = segment
    length = math.hypot(x1 - x0, y1 - y0) or 1.0
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    unit = HEAD * stroke_width / 10
    tip = (x1 + ux * unit, y1 + uy * unit)
    bx, by = x1 - ux * 9 * unit, y1 - uy * 9 * unit
    pts = [tip, (bx - uy * 5 * unit, by + ux * 5 * unit), (bx + uy * 5 * unit, by - ux * 5 * unit)]
    return (min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))


def _grow(r, d):
    return (r[0] - d, r[1] - d, r[2] + d, r[3] + d)


def _overlap(r, q, gap) -> bool:
    """Do rectangles r and q (x0, y0, x1, y1) come closer than ``gap``?"""
    return r[0] < q[2] + gap and q[0] < r[2] + gap and r[1] < q[3] + gap and q[1] < r[3] + gap


def _crosses(r, a, b) -> bool:
    """Does the segment a-b enter the rectangle r (Liang-Barsky clipping)?"""
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, a[0] - r[0]), (dx, r[2] - a[0]), (-dy, a[1] - r[1]), (dy, r[3] - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _legend(svg: Svg, y: float, stage: str, nodes: dict, words: dict = WORDS["en"]) -> None:
    x = 18
    svg.line(x, y, x + 34, y, stroke=FORWARD, width=1.6, arrow="fwd")
    svg.text(x + 42, y + 4.5, words["forward"], size=12, fill=INK)
    second = max(250, x + 42 + text_width(words["forward"], 12) + 24)    # the second entry, clear of the first
    if stage == "backward":
        x = second
        svg.line(x + 34, y, x, y, stroke=BACKWARD, width=1.8, dash="7 5", arrow="back")
        svg.text(x + 42, y + 4.5, words["backward"], size=12, fill=INK)
    if stage == "update":
        lr = next(iter(nodes.values()))["lr"]
        before, after = words["update"]
        svg.text(second, y + 4.5, words["gradients"], size=12, fill=BACKWARD)
        svg.text(18, y + 26, [before, f"{lr:g}", after], size=12, fill=UPDATE)
    elif stage == "backward":
        svg.text(18, y + 26, words["backward_note"], size=12, fill=MUTED)


def _in_words(vals: dict, stage: str, down_to: int, label_lines, inputs_done: bool, errors_in: bool,
              words: dict = WORDS["en"]) -> str:
    """Every number the diagram shows, node by node, from the same lines the boxes and edges draw."""
    layers, nodes = vals["layers"], vals["nodes"]
    last = len(layers) - 1

    def said(lines) -> str:
        return words["list"].join(plain_text(parts).replace("→ ", words["new_value"])
                                  for parts, _colour, _weight in lines)

    sentences = []
    for j, x in enumerate(vals["inputs"]):
        grad = words["grad_said"].format(grad=fmt(vals["input_grads"][j])) if inputs_done else ""
        sentences.append(words["input_said"].format(j=j, x=fmt(x), grad=grad))
    for l in range(1, len(layers)):
        for j in range(layers[l]):
            box = said(_lines_for(stage, down_to, l, dict(nodes[(l, j)], node=j), words)[1:])   # [0] is "node j"
            source = words["from_input"] if l == 1 else words["from_node"]
            edges = words["edges"].join(source.format(l=l - 1, i=i, said=said(label_lines(l, j, i)))
                                        for i in range(layers[l - 1]))
            extra = ""
            if l == last and stage != "update":
                extra += words["target_said"].format(y=fmt(vals["y_true"][j]))
            if l == last and errors_in:
                extra += words["error_said"].format(error=fmt(nodes[(l, j)]["error"]))
            sentences.append(words["node_said"].format(l=l, j=j, box=box, edges=edges, extra=extra))
    return words["sentences"].join(sentences)


def _title_desc(vals: dict, stage: str, down_to: int, name: str, words: dict = WORDS["en"]) -> tuple[str, str]:
    layers, nodes = vals["layers"], vals["nodes"]
    last = len(layers) - 1
    shape = "[" + ", ".join(map(str, layers)) + "]"
    outs = words["list"].join(f"{nodes[(last, j)]['out']:.4f}" for j in range(layers[last]))
    if stage == "forward":
        targets = words["list"].join(f"{t:g}" for t in vals["y_true"])
        return (words["forward_title"].format(name=name),
                words["forward_desc"].format(name=name, shape=shape, outs=outs, targets=targets))
    if stage == "backward":
        deltas = words["list"].join(f"{nodes[(down_to, j)]['delta']:.4f}" for j in range(layers[down_to]))
        where = words["output_layer"] if down_to == last else words["this_layer"].format(l=down_to)
        after = "" if down_to == last else words["and_after"]
        extra = words["inputs_extra"] if down_to == 1 else words["arriving_extra"].format(l=down_to - 1)
        return (words["backward_title"].format(name=name, down_to=down_to),
                words["backward_desc"].format(name=name, shape=shape, where=where, after=after, down_to=down_to,
                                              deltas=deltas, extra=extra))
    lr = f'{next(iter(nodes.values()))["lr"]:g}'
    return (words["update_title"].format(name=name, lr=lr), words["update_desc"].format(name=name, shape=shape, lr=lr))

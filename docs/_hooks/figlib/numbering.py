"""How things are numbered: the layers, nodes and edges of a network, in the math and in the code.

``numbering_figure(run)`` draws the network of a forward run (its real ``layers``) and labels
one weight, one bias, one weighted sum and one cached output with their math symbol
($w^{(l)}_{ji}$ …) on the diagram, and, in a key below it, with their index in the code
(``weights[l - 1][j][i]`` …) and their value from the run. A ruler under the columns gives,
for every layer ``l``, the index of that layer in each list: ``cached_outs`` starts with the
input layer, ``cached_sums``, ``weights`` and ``biases`` start at layer 1.

The labelled items are given in the math's numbering (layer ``l`` counted from the input
layer, 0); the code index is derived from them here, once, by :func:`code_index`, the same
rule the chapter states. Each item is drawn in a ``<g data-code="…" data-math="…">`` and its
value is a ``<tspan data-v="KEY">``, so the tests can read the code index back, look it up in
the run's own lists and compare it with the number shown. The words are :data:`WORDS` in the
figure's ``language``; symbols, code indices and values are the same in every language.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .network import _crosses, _grow, _overlap, _segment
from .svg import CARD, EDGE, FORWARD, INK, MUTED, NODE_FILL, Svg, fmt, language_of, num, text_width

MONO = "ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace"
MONO_EM = 0.61           # advance of a monospace glyph (DejaVu Sans Mono: 0.602 em), a little generous
SCRIPT = 0.72            # size of a superscript or subscript, relative to the letter

#: What the chapter labels on example B: the math's numbering (layer, node j[, input i]).
ITEMS = {"out": (1, 2), "w": (2, 0, 2), "b": (2, 0), "sum": (2, 0)}

#: The lists, how the math writes them, and whether they have an entry for the input layer.
LISTS = {
    "out": ("cached_outs", "o", True),
    "sum": ("cached_sums", "u", False),
    "w": ("weights", "w", False),
    "b": ("biases", "b", False),
}

#: The figure's words, by language.
WORDS = {
    "en": {
        "example": "Example B", "list": "; ",
        "heading": "How layers, nodes and edges are numbered",
        "title": "How layers, nodes and edges are numbered ({name}, layers {shape})",
        "subtitle": "{name}, layers {shape}; each circle is a node, its number j counted from 0 at the top",
        "layer": "layer {l}", "kind": {"input": "input", "output": "output", "hidden": "hidden"},
        "what": {
            "out": "output of node {oi} of layer {ol}, which is input {oi} of layer {next}",
            "w": "weight into node {wj} of layer {wl} from node {wi} of layer {prev}: row j, column i",
            "b": "bias of node {wj} of layer {wl}",
            "sum": "weighted sum of node {wj} of layer {wl}",
        },
        "item": "{symbol} is {code} = {value}",
        "desc": "{name}'s network, layers {shape}: layer 0 is the input layer, layer {last} the output layer; nodes "
                "are numbered from 0 at the top of each layer. One edge, one node's bias and weighted sum, and one "
                "node's output are labelled with their math symbol, and a key gives each one's index in the code "
                "and its value: {items}. A ruler under the layers gives each layer's index in cached_outs (which "
                "starts with the input layer, so layer l is cached_outs[l]) and in cached_sums, weights and biases "
                "(which start at layer 1, so layer l is at index l - 1, written layer_i - SKIP_INPUT_LAYER in "
                "back_prop).",
        "ruler": "layer l", "in": "in", "none": "none",
        "key": ("math", "code", "value", "what it is"),
        "notes": ("cached_outs starts with the input layer: layer l is cached_outs[l], and cached_outs[0] is x.",
                  "cached_sums, weights and biases start at layer 1: layer l is at index l − 1,",
                  "which back_prop writes as layer_i − SKIP_INPUT_LAYER."),
    },
    "ja": {
        "example": "例 B", "list": "；",
        "heading": "層、ノード、エッジの番号の付け方",
        "title": "層、ノード、エッジの番号の付け方（{name}、層 {shape}）",
        "subtitle": "{name}、層 {shape}。円はノードで、その番号 j は各層の上から 0 で数える",
        "layer": "層 {l}", "kind": {"input": "入力層", "output": "出力層", "hidden": "隠れ層"},
        "what": {
            "out": "層 {ol} のノード {oi} の出力。層 {next} の入力 {oi} でもある",
            "w": "層 {prev} のノード {wi} から層 {wl} のノード {wj} への重み：行 j、列 i",
            "b": "層 {wl} のノード {wj} のバイアス",
            "sum": "層 {wl} のノード {wj} の重み付き線形和",
        },
        "item": "{symbol} は {code} = {value}",
        "desc": "{name} のネットワーク、層 {shape}。層 0 が入力層、層 {last} が出力層で、ノードには各層の上から 0 "
                "で番号を付ける。1本のエッジ、1つのノードのバイアスと重み付き線形和、1つのノードの出力に数式の"
                "記号を付け、凡例がそれぞれのコードでのインデックスと値を示す：{items}。層の下の目盛りは、各層の "
                "cached_outs でのインデックス（入力層から始まるので、層 l は cached_outs[l]）と、cached_sums、"
                "weights、biases でのインデックス（層 1 から始まるので、層 l はインデックス l - 1 にあり、back_prop "
                "では layer_i - SKIP_INPUT_LAYER と書く）を示す。",
        "ruler": "層 l", "in": "は", "none": "なし",
        "key": ("数式", "コード", "値", "意味"),
        "notes": ("cached_outs は入力層から始まる：層 l は cached_outs[l] で、cached_outs[0] は x。",
                  "cached_sums、weights、biases は層 1 から始まる：層 l はインデックス l − 1 にあり、",
                  "back_prop ではこれを layer_i − SKIP_INPUT_LAYER と書く。"),
    },
}

R = 19                   # node radius
PITCH = 74               # vertical distance between two nodes of a column
GAP = 135                # horizontal distance between two columns
WIDE_GAP = 215           # ... and between the two columns the labelled weight joins
TOP = 140                # y of the highest possible node


def code_index(kind: str, *index: int) -> str:
    """The code's index of a math symbol: layer ``l`` is ``l - 1`` in a list without the input layer."""
    name, _letter, has_input = LISTS[kind]
    layer, *rest = index
    return f"{name}[{layer if has_input else layer - 1}]" + "".join(f"[{k}]" for k in rest)


def _value(run: dict, kind: str, index: tuple) -> float:
    layer, *rest = index
    table = {"out": run["cached_outs"][layer], "sum": run["cached_sums"][layer - 1],
             "w": run["weights"][layer - 1], "b": run["biases"][layer - 1]}[kind]
    for k in rest:
        table = table[k]
    return table


def _math_parts(kind: str, index: tuple) -> tuple[str, str, str]:
    """(letter, superscript, subscript): w, "(2)", "02" for $w^{(2)}_{02}$."""
    layer, *rest = index
    return LISTS[kind][1], f"({layer})", "".join(str(k) for k in rest)


def _math_width(letter: str, sup: str, sub: str, size: float) -> float:
    return text_width(letter, size) + text_width(sup, size * SCRIPT) + text_width(sub, size * SCRIPT)


def _math_markup(letter: str, sup: str, sub: str, size: float) -> str:
    """The symbol as <tspan>s: an italic letter, its superscript, then its subscript (back on the baseline)."""
    small = f"{size * SCRIPT:.1f}".rstrip("0").rstrip(".")
    up, down = round(size * 0.42, 1), round(size * 0.42 + size * 0.30, 1)
    return (f'<tspan font-style="italic">{escape(letter)}</tspan>'
            f'<tspan font-size="{small}" dy="-{up:g}">{escape(sup)}</tspan>'
            f'<tspan font-size="{small}" dy="{down:g}">{escape(sub)}</tspan>')


def _math(svg: Svg, x: float, y: float, letter: str, sup: str, sub: str, *, size: float = 14,
          anchor: str = "start", fill: str = INK, weight: str | None = None) -> None:
    attrs = f'x="{x:g}" y="{y:g}" font-size="{size:g}" fill="{fill}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if weight:
        attrs += f' font-weight="{weight}"'
    svg.raw(f"<text {attrs}>{_math_markup(letter, sup, sub, size)}</text>")


def _mono(svg: Svg, x: float, y: float, text: str, *, size: float = 13, anchor: str = "start",
          fill: str = INK) -> None:
    anchor_attr = f' text-anchor="{anchor}"' if anchor != "start" else ""
    svg.raw(f'<text x="{x:g}" y="{y:g}" font-size="{size:g}" fill="{fill}" font-family={quoteattr(MONO)}'
            f"{anchor_attr}>{escape(text)}</text>")


def _mono_width(text: str, size: float) -> float:
    return len(text) * MONO_EM * size


def numbering_figure(run: dict, items: dict | None = None, *, name: str | None = None,
                     language: str = "en") -> str:
    """The network of ``run`` (a forward run: ``layers``, ``weights``, ``biases``, ``cached_outs``,
    ``cached_sums``) with one output, one weight, one bias and one sum labelled in the math and the code.

    Args:
        run: what ``runs.forward_run`` returns.
        items: ``{"out": (l, i), "w": (l, j, i), "b": (l, j), "sum": (l, j)}`` in the math's numbering;
            :data:`ITEMS` by default. The weight's ``i`` must be the output's node and its ``j`` the
            bias's and the sum's node: the figure follows one edge into one node.
        name: how the title names the run (default: example B, in ``language``).
        language: the language of the figure's words (:data:`WORDS`).
    """
    language = language_of(WORDS, language)
    words = WORDS[language]
    name = name or words["example"]
    items = dict(ITEMS if items is None else items)
    layers = run["layers"]
    last = len(layers) - 1
    wl, wj, wi = items["w"]
    if items["out"] != (wl - 1, wi) or items["b"] != (wl, wj) or items["sum"] != (wl, wj):
        raise ValueError(f"items must follow one edge into one node, got {items}")

    # columns: the gap the labelled weight crosses is wider, so its label fits beside the others
    xs = [175.0]
    for l in range(1, len(layers)):
        xs.append(xs[-1] + (WIDE_GAP if l == wl else GAP))
    width = xs[-1] + 80
    centre = TOP + (max(layers) - 1) * PITCH / 2

    def node_xy(l: int, j: int) -> tuple[float, float]:
        return xs[l], centre + (j - (layers[l] - 1) / 2) * PITCH

    net_bottom = centre + (max(layers) - 1) * PITCH / 2 + R
    ruler_top = net_bottom + 64
    ruler_rows = list(LISTS.values())
    key_top = ruler_top + 26 * (len(ruler_rows) + 1) + 34
    key_rows = ("out", "w", "b", "sum")
    note_top = key_top + 30 + 26 * len(key_rows)
    height = note_top + 72

    values = {kind: _value(run, kind, items[kind]) for kind in LISTS}
    codes = {kind: code_index(kind, *items[kind]) for kind in LISTS}
    # the key's columns: math, code, "=", value, what it is
    code_w = max(_mono_width(codes[k], 13) for k in key_rows)
    eq_x = 96 + code_w + 10
    value_x = eq_x + 18 + max(text_width(fmt(values[k]), 13) for k in key_rows)
    what_x = value_x + 24
    ol, oi = items["out"]
    what = {kind: text.format(ol=ol, oi=oi, next=ol + 1, wl=wl, wj=wj, wi=wi, prev=wl - 1)
            for kind, text in words["what"].items()}
    width = max(width, what_x + max(text_width(t, 12) for t in what.values()) + 18,
                *(18 + text_width(line, 12) + 18 for line in words["notes"]))
    symbol_text = {kind: "{}^{}_{}".format(*_math_parts(kind, items[kind])) for kind in LISTS}
    shape = "[" + ", ".join(map(str, layers)) + "]"
    title = words["title"].format(name=name, shape=shape)
    items_said = words["list"].join(words["item"].format(symbol=symbol_text[k], code=codes[k], value=fmt(values[k]))
                                    for k in key_rows)
    desc = words["desc"].format(name=name, shape=shape, last=last, items=items_said)
    svg = Svg(width, height, title, desc, language)
    svg.text(18, 30, words["heading"], size=17, weight="bold")
    svg.text(18, 52, words["subtitle"].format(name=name, shape=shape), size=12, fill=MUTED)

    # column headings
    for l in range(len(layers)):
        kind = words["kind"]["input" if l == 0 else "output" if l == last else "hidden"]
        svg.text(xs[l], 84, words["layer"].format(l=l), size=13, anchor="middle", weight="bold")
        svg.text(xs[l], 100, kind, size=12, anchor="middle", fill=MUTED)

    # edges, the labelled one last (on top), thick, with an arrowhead
    segments = []
    for l in range(1, len(layers)):
        for j in range(layers[l]):
            for i in range(layers[l - 1]):
                (x0, y0), (x1, y1) = node_xy(l - 1, i), node_xy(l, j)
                seg = _segment((x0, y0), (x1, y1), 0, (R, R + 2))
                if (l, j, i) == (wl, wj, wi):
                    labelled = seg
                    continue
                segments.append(seg)
                svg.line(*seg[0], *seg[1], stroke=EDGE, width=1.2)
    svg.line(*labelled[0], *labelled[1], stroke=FORWARD, width=3, arrow="fwd",
             attrs={"class": "labelled-edge"})

    # nodes; the labelled ones drawn with a thick outline
    for l in range(len(layers)):
        for j in range(layers[l]):
            cx, cy = node_xy(l, j)
            marked = (l, j) in (items["out"], items["b"])
            svg.circle(cx, cy, R, fill=NODE_FILL, stroke=INK, width=2.6 if marked else 1.2)
            svg.text(cx, cy + 5, str(j), size=14, anchor="middle", weight="bold" if marked else None)
        if l == 0:
            for j in range(layers[0]):
                cx, cy = node_xy(0, j)
                _math(svg, cx - R - 10, cy + 5, "x", "", str(j), size=14, anchor="end")

    def plate(cx: float, cy: float, kinds: list[str], attrs: dict) -> tuple[float, float, float, float]:
        """The math symbols of ``kinds`` on one white plate centred on (cx, cy)."""
        parts = [_math_parts(k, items[k]) for k in kinds]
        gap = 10
        w = sum(_math_width(*p, 15) for p in parts) + gap * (len(parts) - 1) + 12
        h = 26
        svg.raw("<g" + "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items()) + ">")
        svg.rect(cx - w / 2, cy - h / 2, w, h, fill=CARD, stroke=INK, rx=5, width=0.8)
        x = cx - w / 2 + 6
        for p in parts:
            _math(svg, x, cy + 5, *p, size=15, fill=INK)
            x += _math_width(*p, 15) + gap
        svg.raw("</g>")
        return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2

    # the output: below its node if it is the lowest of its column, else above
    ox, oy = node_xy(ol, oi)
    below = oi == layers[ol] - 1
    plate(ox, oy + R + 18 if below else oy - R - 18, ["out"], {"data-label": "out"})
    # the bias and the sum: above the node, to its right, clear of the edges leaving it
    bx, by = node_xy(wl, wj)
    parts_w = sum(_math_width(*_math_parts(k, items[k]), 15) for k in ("b", "sum")) + 22
    plate(bx + parts_w / 2 - 6, by - R - 16, ["b", "sum"], {"data-label": "b sum"})
    # the weight: on its own edge, at the first place along it that no other edge crosses
    w_parts = _math_parts("w", items["w"])
    pw, ph = _math_width(*w_parts, 15) + 12, 26
    (sx, sy), (ex, ey) = labelled
    spot = None
    for t in (0.3, 0.35, 0.25, 0.4, 0.2, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7):
        cx, cy = sx + (ex - sx) * t, sy + (ey - sy) * t
        r = (cx - pw / 2, cy - ph / 2, cx + pw / 2, cy + ph / 2)
        clear = not any(_crosses(_grow(r, 3), a, b) for a, b in segments) and not any(
            _overlap(r, (nx - R, ny - R, nx + R, ny + R), 4)
            for l in range(len(layers)) for j in range(layers[l]) for nx, ny in [node_xy(l, j)])
        if clear:
            spot = (cx, cy)
            break
    if spot is None:
        raise ValueError(f"no room for the label of the weight {items['w']} on its edge")
    plate(*spot, ["w"], {"data-label": "w"})

    # the ruler: each layer's index in each list
    svg.line(18, ruler_top - 20, width - 18, ruler_top - 20, stroke=EDGE, width=1)
    svg.text(18, ruler_top, words["ruler"], size=13, weight="bold")
    for l in range(len(layers)):
        svg.text(xs[l], ruler_top, f"l = {l}", size=13, anchor="middle", weight="bold")
    for r, (list_name, letter, has_input) in enumerate(ruler_rows):
        y = ruler_top + 26 * (r + 1)
        _math(svg, 18, y, letter, "(l)", "", size=14)
        svg.text(18 + _math_width(letter, "(l)", "", 14) + 6, y, words["in"], size=12, fill=MUTED)
        for l in range(len(layers)):
            if l == 0 and not has_input:
                svg.text(xs[l], y, words["none"], size=12, anchor="middle", fill=MUTED)
                continue
            index = l if has_input else l - 1
            svg.raw(f'<g data-ruler={quoteattr(list_name)} data-layer="{l}">')
            _mono(svg, xs[l], y, f"{list_name}[{index}]", size=12.5, anchor="middle")
            svg.raw("</g>")

    # the key: each labelled symbol, its index in the code, its value, what it is
    svg.line(18, key_top - 24, width - 18, key_top - 24, stroke=EDGE, width=1)
    math_head, code_head, value_head, what_head = words["key"]
    svg.text(18, key_top, math_head, size=12, fill=MUTED, weight="bold")
    svg.text(96, key_top, code_head, size=12, fill=MUTED, weight="bold")
    svg.text(value_x, key_top, value_head, size=12, fill=MUTED, weight="bold", anchor="end")
    svg.text(what_x, key_top, what_head, size=12, fill=MUTED, weight="bold")
    for r, kind in enumerate(key_rows):
        y = key_top + 26 * (r + 1)
        key = f"{kind}:" + ":".join(str(k) for k in items[kind])
        svg.raw(f"<g data-code={quoteattr(codes[kind])} data-math={quoteattr(key)}>")
        _math(svg, 18, y, *_math_parts(kind, items[kind]), size=15)
        _mono(svg, 96, y, codes[kind], size=13)
        svg.text(eq_x, y, "=", size=13, fill=MUTED)
        svg.text(value_x, y, num(values[kind], key), size=13, anchor="end")
        svg.text(what_x, y, what[kind], size=12, fill=MUTED)
        svg.raw("</g>")

    for k, line in enumerate(words["notes"]):
        svg.text(18, note_top + 18 * k, line, size=12, fill=INK)
    return svg.render()


__all__ = ["ITEMS", "LISTS", "WORDS", "code_index", "numbering_figure"]

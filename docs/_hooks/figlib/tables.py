"""Tables of one ``record_step`` run, as HTML for a page: the numbers of the backward pass, never typed.

``backward_table(step, layer)``: what ``back_prop`` computes in one layer, one row per variable
of the four steps, one column per node (the code fills it column by column).
``node_table(step)``: ``trace_table``'s rows, one per node: sum, output, error, f'(u), delta and
the gradients.

Like the figures' numbers, every number is a ``<span data-v="KEY">`` with the same keys
(``delta:2:0``, ``grad_w:1:0:1`` …), so the tests compare each one with scratchnet's own run.
Formulas are written as arithmatex would mark them (``<span class="arithmatex">\\(…\\)</span>``),
so the MathML hook turns them into MathML with the rest of the page. The table has no
``class``: Material for MkDocs styles it like every other table. Its words (headers, caption)
are in the page's ``language`` (:data:`WORDS`); its numbers, code and formulas are the same
in every language.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .svg import Num, fmt, language_of, num
from .values import node_values


def _math(latex: str) -> str:
    return f'<span class="arithmatex">\\({escape(latex)}\\)</span>'


def _code(text: str) -> str:
    return f"<code>{escape(text)}</code>"


def _cell(value) -> str:
    """A number, or a list of numbers as the chapters print them: ``[0.5933, 0.5969]``."""
    if isinstance(value, Num):
        return f"<span data-v={quoteattr(value.key)}>{escape(fmt(value.value, value.digits))}</span>"
    return "[" + ", ".join(_cell(v) for v in value) + "]"


def _table(name: str, caption: str, head: list[str], rows: list[list[str]], *, row_header: int,
           wrap: int | None = None) -> str:
    """An HTML table on lines of its own (a raw HTML block for Markdown), with no blank line inside.

    Column ``row_header`` holds each row's header (``<th scope="row">``); the cells of column
    ``wrap`` may break across lines (``data-wrap``), no other cell does (``figures.css``).
    """
    lines = [f"<table data-table={quoteattr(name)}>", f"<caption>{caption}</caption>",
             "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in head) + "</tr></thead>", "<tbody>"]
    for row in rows:
        cells = [f'<th scope="row">{c}</th>' if k == row_header else
                 f'<td data-wrap="">{c}</td>' if k == wrap else f"<td>{c}</td>" for k, c in enumerate(row)]
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


#: The tables' words, by language (the site's ``theme.language``: "en", or "ja" on /ja/).
WORDS = {
    "en": {
        "head": ["step", "variable", "formula"], "node": "node {j}",
        "output_layer": "the output layer", "hidden_layer": "a hidden layer",
        "shares": "the shares of nodes 0 to j, added up",
        "caption": "Layer {layer}, {kind}: what <code>back_prop</code> computes, one column per node "
                   "(node 0's steps 2 to 4 run before node 1's)",
        "layer": "layer", "per_edge": "<code>grad_w</code> per edge",
        "trace_caption": "Every node of the run, one row each (the output layer last): the numbers "
                         "<code>trace_table</code> prints",
    },
    "ja": {
        "head": ["ステップ", "変数", "式"], "node": "ノード {j}",
        "output_layer": "出力層", "hidden_layer": "隠れ層",
        "shares": "ノード 0 から j までの取り分の和",
        "caption": "層 {layer}（{kind}）：<code>back_prop</code> が計算するもの。ノードごとに1列"
                   "（ノード 0 のステップ2〜4は、ノード 1 のものより先に実行する）",
        "layer": "層", "per_edge": "エッジごとの <code>grad_w</code>",
        "trace_caption": "実行のすべてのノード、1行に1つ（出力層が最後）：<code>trace_table</code> が出力する数値",
    },
}


def _words(language: str) -> dict:
    return WORDS[language_of(WORDS, language)]


#: The rows of :func:`backward_table`: step, variable in back_prop, formula, how to read it from a node.
BACKWARD_ROWS = [
    ("1", "back_error[node_i]", None, lambda l, j, v: num(v["error"], f"error:{l}:{j}")),
    ("2", "node_sum", r"u_j", lambda l, j, v: num(v["sum"], f"sum:{l}:{j}")),
    ("2", "active_der", r"f'(u_j)", lambda l, j, v: num(v["active_der"], f"active_der:{l}:{j}")),
    ("3", "sum_der_w", r"\partial u_j / \partial w_{ji} = x_i",
     lambda l, j, v: [num(d, f"sum_der_w:{l}:{j}:{i}") for i, d in enumerate(v["sum_der_w"])]),
    ("3", "sum_der_b", r"\partial u_j / \partial b_j = 1",
     lambda l, j, v: num(v["sum_der_b"], f"sum_der_b:{l}:{j}", 0)),
    ("3", "sum_der_x", r"\partial u_j / \partial x_i = w_{ji}",
     lambda l, j, v: [num(d, f"sum_der_x:{l}:{j}:{i}") for i, d in enumerate(v["sum_der_x"])]),
    ("4", "delta", r"\delta_j = e_j\, f'(u_j)", lambda l, j, v: num(v["delta"], f"delta:{l}:{j}")),
    ("4", "grad_b", r"\partial L / \partial b_j = \delta_j", lambda l, j, v: num(v["grad_b"], f"grad_b:{l}:{j}")),
    ("4", "node_grads_w", r"\partial L / \partial w_{ji} = \delta_j\, x_i",
     lambda l, j, v: [num(g, f"grad_w:{l}:{j}:{i}") for i, g in enumerate(v["grads_w"])]),
    ("4", "node_grads_x", r"\delta_j\, w_{ji}", lambda l, j, v: [num(g, f"grad_x:{l}:{j}:{i}")
                                                              for i, g in enumerate(v["grads_x"])]),
    ("4", "layer_grads_x", None,
     lambda l, j, v: [num(s, f"running_x:{l}:{j}:{i}") for i, s in enumerate(v["running_x"])]),
]


def backward_table(step: dict, layer: int, *, name: str | None = None, language: str = "en") -> str:
    """Layer ``layer`` of ``step``'s backward pass: one row per variable of the four steps, one column per node."""
    words = _words(language)
    vals = node_values(step)
    layers, nodes = vals["layers"], vals["nodes"]
    is_output = layer == len(layers) - 1
    kind = words["output_layer"] if is_output else words["hidden_layer"]
    error = r"e_j = \hat{y}_j - y_j" if is_output else r"e_j = \partial L / \partial x^{(l+1)}_j"
    head = words["head"] + [words["node"].format(j=j) for j in range(layers[layer])]
    rows = []
    for step_no, variable, formula, read in BACKWARD_ROWS:
        if variable == "layer_grads_x":
            shown = escape(words["shares"])
        else:
            shown = _math(formula if formula is not None else error)
        rows.append([step_no, _code(variable), shown]
                    + [_cell(read(layer, j, nodes[(layer, j)])) for j in range(layers[layer])])
    caption = words["caption"].format(layer=layer, kind=kind)
    return _table(name or f"backward-layer{layer}", caption, head, rows, row_header=1, wrap=2)


def node_table(step: dict, *, name: str = "trace-table", language: str = "en") -> str:
    """``trace_table(step)`` as an HTML table: one row per node, the output layer last."""
    words = _words(language)
    vals = node_values(step)
    head = [words["layer"], words["node"].format(j="").strip(), _math("u"), _math("o"), _math("e"), _math("f'(u)"),
            _math(r"\delta"), "<code>grad_b</code>", words["per_edge"]]
    rows = []
    for (l, j), v in sorted(vals["nodes"].items()):
        rows.append([str(l), str(j)]
                    + [_cell(num(v[key], f"{key}:{l}:{j}"))
                       for key in ("sum", "out", "error", "active_der", "delta", "grad_b")]
                    + [_cell([num(g, f"grad_w:{l}:{j}:{i}") for i, g in enumerate(v["grads_w"])])])
    return _table(name, words["trace_caption"], head, rows, row_header=1)


__all__ = ["BACKWARD_ROWS", "WORDS", "backward_table", "node_table"]

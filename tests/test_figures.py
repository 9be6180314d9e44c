"""The figures: each builds, and every number on a diagram is the number scratchnet computes.

The figures are drawn by ``docs/_hooks/figlib`` (see ``docs/_hooks/figures.py``). Each
number on a diagram sits in ``<tspan data-v="KEY">``; these tests read the SVG back and
compare every such number with what ``record_step`` and ``trace_table`` give, formatted
the same way, for example C and for a changed example C. The Japanese build draws every
figure again in Japanese: the same numbers, every word Japanese (code names and symbols
aside), in the Japanese pages' fonts.
"""

from __future__ import annotations

import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / "docs" / "_hooks"
sys.path.insert(0, str(HOOKS))

import figlib  # noqa: E402
from figlib import network, numbering, runs, steps  # noqa: E402

from scratchnet import example_c  # noqa: E402
from scratchnet.gradcheck import sample_loss  # noqa: E402
from scratchnet.tracing import record_step, trace_table  # noqa: E402

NS = "{http://www.w3.org/2000/svg}"
DIAGRAMS = {  # the figures whose every number is tagged; name -> how to draw it from a record_step run
    "netC-forward.svg": lambda s: network.network_figure(s, "forward"),
    "netC-backward-layer2.svg": lambda s: network.network_figure(s, "backward", down_to=2),
    "netC-backward-layer1.svg": lambda s: network.network_figure(s, "backward", down_to=1),
    "netC-update.svg": lambda s: network.network_figure(s, "update"),
    "four-steps-output0.svg": lambda s: steps.four_steps_figure(s, 2, 0),
    "four-steps-hidden0.svg": lambda s: steps.four_steps_figure(s, 1, 0),
    "sum-over-edges.svg": lambda s: steps.sum_over_edges_figure(s, 1, 0),
    "step-overview.svg": lambda s: steps.overview_figure(s, _loss(s, "weights", "biases"),
                                                         _loss(s, "new_weights", "new_biases")),
}


def _loss(step, w_key, b_key):
    return sample_loss((step["layers"], step[w_key], step[b_key]), step["x"], step["y_true"])


@pytest.fixture(scope="module")
def runs_once() -> runs.Runs:
    return runs.Runs()


@pytest.fixture(scope="module")
def built(runs_once) -> dict[str, str]:
    """Every figure, drawn once for this module (the training runs take a few seconds)."""
    return figlib.build_all(runs_once)


@pytest.fixture(scope="module")
def built_ja(runs_once) -> dict[str, str]:
    """Every figure as the Japanese build draws it, from the same runs."""
    return figlib.build_all(runs_once, language="ja")


@pytest.fixture(scope="module")
def drawn(built, built_ja) -> dict[str, dict[str, str]]:
    return {"en": built, "ja": built_ja}


def width(text: str) -> int:
    """The length of ``text`` in columns: a kana or kanji, which says about as much as two letters, counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def numbers(svg: str) -> dict[str, set[str]]:
    """``{key: {the texts shown for it}}`` from every ``<tspan data-v>`` of an SVG."""
    found: dict[str, set[str]] = {}
    for el in ET.fromstring(svg.encode()).iter(f"{NS}tspan"):
        if "data-v" in el.attrib:
            found.setdefault(el.attrib["data-v"], set()).add("".join(el.itertext()))
    return found


def table_rows(step: dict) -> dict[tuple[int, int], dict[str, str]]:
    """``trace_table``'s text, read back: the strings the chapter prints, per (layer, node)."""
    lines = trace_table(step).splitlines()
    rows = {}
    for line in lines[1:]:
        head, grads = line.split("[")
        layer, node, *cells = head.split()
        rows[(int(layer), int(node))] = dict(
            zip(("sum", "out", "error", "active_der", "delta", "grad_b"), cells),
            grad_w=[g.strip() for g in grads.rstrip("]").split(",")])
    return rows


def expected(step: dict) -> dict[str, str]:
    """What every key must show, from the trace table and from ``record_step``'s own lists."""
    f = "{:.4f}".format
    e: dict[str, str] = {}
    for (layer, node), row in table_rows(step).items():
        for col in ("sum", "out", "error", "active_der", "delta", "grad_b"):
            e[f"{col}:{layer}:{node}"] = row[col]
        for i, g in enumerate(row["grad_w"]):
            e[f"grad_w:{layer}:{node}:{i}"] = g
    layers, W, B = step["layers"], step["weights"], step["biases"]
    outs, grads_b = step["cached_outs"], step["grads_b"]
    for i, x in enumerate(step["x"]):
        e[f"x:{i}"] = f(x)
    for j, (p, y) in enumerate(zip(outs[-1], step["y_true"])):
        e[f"y:{j}"], e[f"y_pred:{j}"], e[f"error_in:{j}"] = f(y), f(p), f(p - y)
    for l in range(1, len(layers)):
        running = [0.0] * layers[l - 1]
        for j in range(layers[l]):
            e[f"b:{l}:{j}"], e[f"new_b:{l}:{j}"] = f(B[l - 1][j]), f(step["new_biases"][l - 1][j])
            e[f"sum_der_b:{l}:{j}"] = "1"
            for i in range(layers[l - 1]):
                e[f"w:{l}:{j}:{i}"] = e[f"sum_der_x:{l}:{j}:{i}"] = f(W[l - 1][j][i])
                e[f"new_w:{l}:{j}:{i}"] = f(step["new_weights"][l - 1][j][i])
                e[f"in:{l}:{j}:{i}"] = e[f"sum_der_w:{l}:{j}:{i}"] = f(outs[l - 1][i])
                share = grads_b[l - 1][j] * W[l - 1][j][i]          # delta_j * w_ji (delta = grad_b)
                e[f"grad_x:{l}:{j}:{i}"] = f(share)
                running[i] += share
                e[f"running_x:{l}:{j}:{i}"] = f(running[i])
        if l == 1:
            for i, total in enumerate(running):
                e[f"grad_x:0:{i}"] = f(total)
    e["loss_before"] = f(_loss(step, "weights", "biases"))
    e["loss_after"] = f(_loss(step, "new_weights", "new_biases"))
    return e


def check_numbers(svg: str, step: dict, must_show: set[str] = frozenset()) -> dict[str, str]:
    """Every tagged number equals the expected text; ``must_show`` keys are all present."""
    shown, want = numbers(svg), expected(step)
    assert shown, "no tagged numbers on the figure"
    for key, texts in shown.items():
        assert key in want, f"the figure shows {key!r}, which the test does not know"
        assert texts == {want[key]}, f"{key}: the figure shows {texts}, scratchnet computes {want[key]}"
    missing = must_show - set(shown)
    assert not missing, f"missing on the figure: {sorted(missing)}"
    return {k: next(iter(v)) for k, v in shown.items()}


def keys(prefix: str, step: dict, layer_from: int = 1, per_edge: bool = False) -> set[str]:
    layers = step["layers"]
    out = set()
    for l in range(layer_from, len(layers)):
        for j in range(layers[l]):
            if per_edge:
                out |= {f"{prefix}:{l}:{j}:{i}" for i in range(layers[l - 1])}
            else:
                out.add(f"{prefix}:{l}:{j}")
    return out


# -- (1) every figure builds, (4) and is a well-formed, described, deterministic SVG -------------

def test_every_figure_builds(built):
    assert set(built) == set(figlib.FIGURES)
    for name, svg in built.items():
        assert name.endswith(".svg") and len(svg) > 1000, name


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("name", sorted(figlib.FIGURES))
def test_svg_is_accessible_xml(drawn, name, language):
    built = drawn[language]
    root = ET.fromstring(built[name].encode())
    assert root.tag == f"{NS}svg"
    assert root.attrib.get("role") == "img"
    title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert title is not None and desc is not None, f"{name}: needs <title> and <desc>"
    assert width(title.text) > 15 and width(desc.text) > 80, f"{name}: title or description too thin"
    assert set(root.attrib["aria-labelledby"].split()) == {title.attrib["id"], desc.attrib["id"]}
    text = built[name]
    assert "<metadata" not in text and "Date" not in text, f"{name}: metadata makes builds differ"
    assert "nan" not in re.findall(r">([^<]*)<", text), f"{name}: a NaN is printed"


def test_every_figure_has_an_opaque_background(drawn):
    for language, built in drawn.items():
        for name, svg in built.items():
            head = svg[:4000]
            assert ('fill="#ffffff"' in head) or ("fill: #ffffff" in head), f"{name} ({language}): no white background"


@pytest.mark.parametrize("language", ["en", "ja"])
def test_two_builds_through_the_hook_add_exactly_what_figlib_draws(drawn, tmp_path, language):
    """MkDocs loads the hook and runs it twice, as ``mkdocs serve`` rebuilds: each time it adds every
    figure with the very bytes figlib draws in the build's language (the Japanese build's as
    ``figures/NAME.ja.svg``), the second time all from the build cache, keyed per language."""
    import buildcache
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    built = drawn[language]
    yml = tmp_path / "mkdocs.yml"
    yml.write_text(f"site_name: t\ndocs_dir: {ROOT / 'docs'}\nsite_dir: {tmp_path / 'site'}\n"
                   f"hooks:\n  - {HOOKS / 'figures.py'}\n", encoding="utf-8")
    saved = {name: mod for name, mod in sys.modules.items() if name.split(".")[0] in ("figlib", "scratchnet")}
    where = {name: f"figures/{name}" if language == "en" else f"figures/{name[:-4]}.{language}.svg" for name in built}
    try:
        for build in ("first", "second"):
            config = load_config(str(yml))
            config.theme["language"] = language                 # as i18n_glue sets it for the build under way
            config = config.plugins.on_config(config)
            files = config.plugins.on_files(Files([]), config=config)
            generated = {f.src_uri: f.content_string for f in files if f.generated_by}
            assert set(generated) == set(where.values()), build
            for name, svg in built.items():
                assert generated[where[name]] == svg, f"{name}: differs from figlib's in the {build} build"
        group = "figures" if language == "en" else f"figures {language}"
        assert [(name, how) for name, how, _ in buildcache.stats()] == [(group, "cached")]
    finally:
        for name in [n for n in sys.modules if n.split(".")[0] in ("figlib", "scratchnet")]:
            del sys.modules[name]
        sys.modules.update(saved)
        sys.modules.pop("figures", None)              # the name MkDocs gave the hook module


def test_pages_reference_only_figures_that_exist():
    """A chapter's ![...](figures/NAME.svg) must name a figure the hook draws."""
    for page in (ROOT / "docs").glob("*.md"):
        for name in re.findall(r"\]\((?:\.\./)?figures/([^)\s]+)\)", page.read_text(encoding="utf-8")):
            assert name in figlib.FIGURES, f"{page.name} shows figures/{name}, which figlib.FIGURES does not draw"


# -- (2) the numbers on the diagrams are scratchnet's numbers ------------------------------------

@pytest.fixture(scope="module")
def step_c() -> dict:
    c = example_c()
    return record_step(c["model"], c["x"], c["y_true"], runs.EXAMPLE_C_LR)


def test_build_uses_the_same_run_as_record_step(built, step_c):
    """The built figures (from figlib's Runs) show exactly what a direct record_step of example C gives."""
    for name, draw in DIAGRAMS.items():
        assert built[name] == draw(step_c), name


def test_four_step_figure_equals_trace_table(built, step_c):
    rows = table_rows(step_c)
    for name, (layer, node) in (("four-steps-output0.svg", (2, 0)), ("four-steps-hidden0.svg", (1, 0))):
        shown = check_numbers(built[name], step_c)
        row = rows[(layer, node)]
        for col in ("sum", "out", "error", "active_der", "delta", "grad_b"):
            assert shown[f"{col}:{layer}:{node}"] == row[col], (name, col)
        for i, g in enumerate(row["grad_w"]):
            assert shown[f"grad_w:{layer}:{node}:{i}"] == g, (name, i)
        # the arithmetic the figure prints holds: delta = error x f'(u), grad_w = delta x x_i
        assert float(shown[f"delta:{layer}:{node}"]) == pytest.approx(
            float(shown[f"error:{layer}:{node}"]) * float(shown[f"active_der:{layer}:{node}"]), abs=1.5e-4)


def test_network_figures_show_scratchnet_values(built, step_c):
    s = step_c
    forward = keys("b", s) | keys("sum", s) | keys("out", s) | keys("w", s, per_edge=True) | {"x:0", "x:1"}
    back2 = keys("delta", s, 2) | keys("error", s) | keys("grad_w", s, 2, per_edge=True) | keys("grad_b", s, 2)
    back1 = keys("delta", s) | keys("active_der", s) | keys("grad_w", s, per_edge=True) | {"grad_x:0:0", "grad_x:0:1"}
    update = keys("new_w", s, per_edge=True) | keys("new_b", s) | keys("grad_w", s, per_edge=True)
    check_numbers(built["netC-forward.svg"], s, forward)
    check_numbers(built["netC-backward-layer2.svg"], s, forward | back2)
    check_numbers(built["netC-backward-layer1.svg"], s, forward | back2 | back1)
    check_numbers(built["netC-update.svg"], s, update)
    check_numbers(built["sum-over-edges.svg"], s, {"error:1:0", "grad_x:2:0:0", "grad_x:2:1:0", "running_x:2:1:0"})
    check_numbers(built["step-overview.svg"], s, {"loss_before", "loss_after", "y_pred:0", "y_pred:1"})


def test_figure_titles_and_descriptions_carry_the_run(built, step_c):
    desc = ET.fromstring(built["netC-forward.svg"].encode()).find(f"{NS}desc").text
    for p in step_c["y_pred"]:
        assert f"{p:.4f}" in desc


# -- (3) change the example: the figures follow ---------------------------------------------------

def changed_example_c() -> dict:
    c = example_c()
    c["model"][1][1][0][0] = 0.7        # weights[1][0][0]: hidden node 0 -> output node 0, was 0.4
    c["x"] = [0.3, -0.2]
    return c


def test_figures_follow_a_changed_example(monkeypatch, step_c):
    monkeypatch.setattr(runs, "example_c", changed_example_c)
    new = runs.Runs().step_c
    assert new["weights"][1][0][0] == 0.7
    built_new = figlib.build_all(runs.Runs(), names=list(DIAGRAMS))
    for name in DIAGRAMS:
        shown = check_numbers(built_new[name], new)        # every number is the changed run's number
        old = numbers(DIAGRAMS[name](step_c))
        assert shown != {k: next(iter(v)) for k, v in old.items()}, f"{name} did not change"
    fwd = numbers(built_new["netC-forward.svg"])
    assert fwd["w:2:0:0"] == {"0.7000"} and fwd["x:0"] == {"0.3000"}
    assert fwd["out:2:0"] == {f"{new['y_pred'][0]:.4f}"} != {f"{step_c['y_pred'][0]:.4f}"}


def test_drawing_functions_take_any_run(step_c):
    """Drawing functions take the run as an argument: a deeper network ([2, 3, 2, 1], example B) draws too."""
    from scratchnet import example_b
    b = example_b()
    s = record_step(b["model"], b["x"], [0.5], 0.1)
    for svg in (network.network_figure(s, "backward", down_to=1, name="Example B"),
                steps.four_steps_figure(s, 2, 1, name="Example B"),
                steps.sum_over_edges_figure(s, 1, 2, name="Example B")):
        check_numbers(svg, s)


# -- the run recipes -----------------------------------------------------------------------------

def test_fewer_epochs_are_a_prefix_of_the_same_run():
    """The figures draw the first epochs of the chapter's run: train's history is a prefix property."""
    recipe = dict(runs.REGRESSION, epochs=2)
    short = runs.train_run(dict(recipe), "glorot")
    longer = runs.train_run(dict(recipe, epochs=3), "glorot")
    assert longer["history"][:2] == short["history"]


def test_gradient_check_figure_data(built):
    check = runs.Runs().gradcheck
    assert max(abs(a - b) for a, b in zip(check["backprop"], check["numeric"])) < 1e-7
    broken = [n for n, a, b in zip(check["names"], check["broken"], check["numeric"]) if abs(a - b) > 1e-6]
    assert broken and all(n.startswith(("w[0]", "b[0]")) for n in broken)


# -- (5) legibility: labels sit on their own edge, clear of everything else; honest scales ---------

NETWORK_FIGURES = ("netC-forward.svg", "netC-backward-layer2.svg", "netC-backward-layer1.svg", "netC-update.svg")


def _geometry(svg: str):
    """Edge-label plates, node boxes and lines (with their arrowheads) of a network diagram."""
    root = ET.fromstring(svg.encode())
    plates, boxes, lines = {}, [], []
    for el in root.iter(f"{NS}rect"):
        x, y, w, h = (float(el.attrib[a]) for a in ("x", "y", "width", "height"))
        if el.attrib.get("class") == "edge-label":
            plates[el.attrib["data-edge"]] = (x, y, x + w, y + h)
        elif el.attrib.get("class") == "node":
            boxes.append((x, y, x + w, y + h))
    for el in root.iter(f"{NS}line"):
        a = tuple(float(el.attrib[k]) for k in ("x1", "y1", "x2", "y2"))
        lines.append({"edge": el.attrib.get("data-edge"), "xy": a, "width": float(el.attrib["stroke-width"]),
                      "head": el.attrib.get("marker-end", ""), "dashed": "stroke-dasharray" in el.attrib})
    return plates, boxes, lines


def _inside(point, r, grow=0.0) -> bool:
    return r[0] - grow < point[0] < r[2] + grow and r[1] - grow < point[1] < r[3] + grow


def _points_along(xy, n=400):
    x1, y1, x2, y2 = xy
    return [(x1 + (x2 - x1) * k / n, y1 + (y2 - y1) * k / n) for k in range(n + 1)]


def _arrowhead_points(line):
    """Points covering the arrowhead svg.py's markers draw at the end of ``line`` (7 stroke widths long)."""
    x1, y1, x2, y2 = line["xy"]
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    unit = 0.7 * line["width"]
    pts = []
    for k in range(11):                                   # from the tip back to the base, and across it
        bx, by = x2 + ux * unit * (1 - k), y2 + uy * unit * (1 - k)
        half = 5 * unit * k / 10
        pts += [(bx - uy * half, by + ux * half), (bx, by), (bx + uy * half, by - ux * half)]
    return pts


def _overlap(r, q) -> bool:
    return r[0] < q[2] and q[0] < r[2] and r[1] < q[3] and q[1] < r[3]


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("name", NETWORK_FIGURES)
def test_edge_labels_sit_on_their_own_edge_clear_of_the_rest(drawn, name, language):
    built = drawn[language]
    plates, boxes, lines = _geometry(built[name])
    edges = {ln["edge"]: ln for ln in lines if ln["edge"] and ln["head"] == "url(#arrow-fwd)"}
    assert set(plates) == set(edges), f"{name}: one label per edge"
    for key, r in plates.items():
        own = edges[key]
        x1, y1, x2, y2 = own["xy"]
        cx, cy = (r[0] + r[2]) / 2, (r[1] + r[3]) / 2
        # on its own edge: the plate's centre lies on the line
        length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
        off_line = abs((x2 - x1) * (cy - y1) - (y2 - y1) * (cx - x1)) / length
        assert off_line < 1.0, f"{name}: the label of edge {key} is {off_line:.1f} px off its line"
        # a crossing edge's label sits near one end, away from the crossing in the middle
        t = ((cx - x1) * (x2 - x1) + (cy - y1) * (y2 - y1)) / length ** 2
        if abs(y2 - y1) > 24:
            assert t <= 0.35 or t >= 0.65, f"{name}: the label of crossing edge {key} sits at {t:.2f} of it"
        # no other edge runs under it, no arrowhead (its own included) touches it
        for ln in lines:
            if ln["edge"] != key:
                assert not any(_inside(p, r) for p in _points_along(ln["xy"])), \
                    f"{name}: a line of edge {ln['edge']} runs under the label of edge {key}"
            if ln["head"]:
                assert not any(_inside(p, r, grow=2) for p in _arrowhead_points(ln)), \
                    f"{name}: an arrowhead of {ln['edge']} touches the label of edge {key}"
        for box in boxes:
            assert not _overlap(r, box), f"{name}: the label of edge {key} overlaps a node"
        for other, q in plates.items():
            assert other == key or not _overlap(r, q), f"{name}: the labels of edges {key} and {other} overlap"


def test_every_edge_label_has_an_opaque_plate(drawn):
    """A card-coloured plate under every edge label: the edge stops at it instead of striking the text."""
    for language, built in drawn.items():
        for name in NETWORK_FIGURES:
            root = ET.fromstring(built[name].encode())
            plates = [el for el in root.iter(f"{NS}rect") if el.attrib.get("class") == "edge-label"]
            assert plates and all(el.attrib["fill"] == "#ffffff" for el in plates), (name, language)


def test_label_widths_are_not_underestimated():
    """text_width uses DejaVu Sans's advance widths: check a few against matplotlib's copy of the font."""
    from figlib.svg import text_width
    from matplotlib.font_manager import FontProperties, findfont
    from matplotlib.ft2font import FT2Font

    for bold, text in ((False, "grad_w 0.0067"), (False, "w -0.2500"), (True, "→ 0.1493")):
        font = FT2Font(findfont(FontProperties(family="DejaVu Sans", weight="bold" if bold else "normal")))
        font.set_size(13, 72)
        true = sum(font.load_char(ord(ch)).linearHoriAdvance / 65536 for ch in text)
        assert text_width(text, 13, "bold" if bold else None) >= true - 0.5, text


def _dashed_slopes(svg: str, colour: str) -> list[float]:
    """Slopes (in the drawing's own units) of the two-point dashed paths of ``colour`` that are not level."""
    slopes = []
    for el in ET.fromstring(svg.encode()).iter(f"{NS}path"):
        style = el.attrib.get("style", "")
        if f"stroke: {colour}" in style and "stroke-dasharray" in style:
            pts = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", el.attrib["d"])]
            if len(pts) == 4 and abs(pts[3] - pts[1]) > 1e-6:
                slopes.append(-(pts[3] - pts[1]) / (pts[2] - pts[0]))
    return slopes


def test_loss_panels_share_their_scales(built, step_c):
    """Both tangents are drawn on the same scales: their steepness on the page compares as the errors do."""
    from figlib.svg import BACKWARD

    slopes = _dashed_slopes(built["loss-outputs.svg"], BACKWARD)
    errors = [p - y for p, y in zip(step_c["y_pred"], step_c["y_true"])]
    assert len(slopes) == len(errors)
    assert slopes[0] / slopes[1] == pytest.approx(errors[0] / errors[1], rel=0.01)


def test_learning_rates_are_written_as_the_chapter_prints_them(built):
    """The gradient-descent figure names each lr as update.md's listing prints it (print(f"lr = {lr}"))."""
    page = (ROOT / "docs" / "update.md").read_text(encoding="utf-8")
    svg = built["gd-one-weight.svg"]
    for lr in runs.GD_ONE_WEIGHT["lrs"]:
        label = f"lr = {lr}"
        assert f">{label}: " in svg, f"the figure does not name {label!r}"
        assert f"\n{label}\n" in page, f"update.md does not print {label!r}"


def test_classification_boundary_is_named_in_the_legend(built):
    svg = built["train-classification.svg"]
    assert svg.count("p = 0.5") == 1 and "boundary: p = 0.5" in svg


# -- (6) the numbering figure (chapter 2): the code index and the math symbol name one number -----

#: The course's index convention, stated here on its own (forward.md, "How things are numbered"):
#: layer l of the math is cached_outs[l], and index l - 1 of every list without the input layer.
CONVENTION = {"out": ("cached_outs", 0), "sum": ("cached_sums", 1), "w": ("weights", 1), "b": ("biases", 1)}
LETTERS = {"out": "o", "sum": "u", "w": "w", "b": "b"}


def _lookup(run: dict, code: str):
    """``run``'s value at a code index such as ``weights[1][0][2]``."""
    found = re.fullmatch(r"(\w+)((?:\[\d+\])+)", code)
    assert found, f"not a code index: {code!r}"
    value = run[found.group(1)]
    for k in re.findall(r"\d+", found.group(2)):
        value = value[int(k)]
    return value


def _by_convention(run: dict, key: str):
    """The value of a math symbol, ``w:2:0:2`` for $w^{(2)}_{02}$, by the convention above."""
    kind, layer, *rest = key.split(":")
    name, shift = CONVENTION[kind]
    return _lookup(run, f"{name}[{int(layer) - shift}]" + "".join(f"[{k}]" for k in rest))


def _text(el) -> str:
    return "".join(el.itertext())


def check_numbering(svg: str, run: dict) -> dict[str, str]:
    """Every labelled item: its code index and its math symbol give the same number, the one shown."""
    root = ET.fromstring(svg.encode())
    groups = [g for g in root.iter(f"{NS}g") if "data-code" in g.attrib]
    assert sorted(g.attrib["data-math"].split(":")[0] for g in groups) == ["b", "out", "sum", "w"]
    symbols = {}
    for g in groups:
        code, key = g.attrib["data-code"], g.attrib["data-math"]
        kind, layer, *rest = key.split(":")
        value = _by_convention(run, key)
        assert _lookup(run, code) == value, f"{code} is not {key} (the figure's index breaks the convention)"
        shown = {t.attrib["data-v"]: _text(t) for t in g.iter(f"{NS}tspan") if "data-v" in t.attrib}
        assert shown == {key: f"{value:.4f}"}, f"{key}: shows {shown}, scratchnet computes {value:.4f}"
        texts = [_text(t) for t in g.iter(f"{NS}text")]
        symbols[kind] = f"{LETTERS[kind]}({layer}){''.join(rest)}"
        assert texts[0] == symbols[kind], f"{key}: the key writes {texts[0]!r}"
        assert texts[1] == code, f"{key}: the key writes {texts[1]!r} for {code!r}"
    # the same symbols label the diagram itself
    plates = {g.attrib["data-label"]: "".join(_text(t) for t in g.iter(f"{NS}text"))
              for g in root.iter(f"{NS}g") if "data-label" in g.attrib}
    assert plates == {"out": symbols["out"], "w": symbols["w"], "b sum": symbols["b"] + symbols["sum"]}
    return symbols


def test_the_convention_is_what_forward_prop_does():
    """The test's own statement of the convention holds for scratchnet: u = sum of o^(l-1) w^(l) + b^(l)."""
    from scratchnet import summation
    for run in (runs.forward_run(), runs.forward_run(example_c())):
        layers = run["layers"]
        assert _lookup(run, "cached_outs[0]") == run["x"]
        for l in range(1, len(layers)):
            for j in range(layers[l]):
                inputs = [_by_convention(run, f"out:{l - 1}:{i}") for i in range(layers[l - 1])]
                weights = [_by_convention(run, f"w:{l}:{j}:{i}") for i in range(layers[l - 1])]
                u = summation(inputs, weights, _by_convention(run, f"b:{l}:{j}"))
                assert u == _by_convention(run, f"sum:{l}:{j}")


def test_numbering_figure_labels_match_the_code(built):
    run = runs.forward_run()
    assert built["numbering.svg"] == numbering.numbering_figure(run)
    assert check_numbering(built["numbering.svg"], run) == {"out": "o(1)2", "w": "w(2)02", "b": "b(2)0",
                                                            "sum": "u(2)0"}


def test_numbering_ruler_gives_each_layers_index(built):
    """Under layer l, each list's cell names the entry that has layer l's shape (and values)."""
    run = runs.forward_run()
    layers = run["layers"]
    root = ET.fromstring(built["numbering.svg"].encode())
    cells = {(g.attrib["data-ruler"], int(g.attrib["data-layer"])): "".join(_text(t) for t in g.iter(f"{NS}text"))
             for g in root.iter(f"{NS}g") if "data-ruler" in g.attrib}
    expected_cells = {(name, l) for name, shift in CONVENTION.values() for l in range(shift, len(layers))}
    assert set(cells) == expected_cells
    for (name, l), code in cells.items():
        entry = _lookup(run, code)
        assert code.startswith(f"{name}[") and len(entry) == layers[l], f"{code} under layer {l}"
        if name == "weights":
            assert all(len(row) == layers[l - 1] for row in entry), f"{code}: one column per input of layer {l}"
        if name == "cached_outs":
            assert entry == (run["x"] if l == 0 else run["cached_outs"][l])
        if name == "cached_sums":
            assert entry == [_by_convention(run, f"sum:{l}:{j}") for j in range(layers[l])]


def test_numbering_figure_follows_a_changed_example(monkeypatch):
    from scratchnet import example_b

    def changed():
        b = example_b()
        b["model"][1][1][0][2] = 0.25       # weights[1][0][2], the labelled weight, was 0.9
        b["x"] = [1.0, -0.5]
        return b

    monkeypatch.setattr(runs, "example_b", changed)
    new = runs.Runs().forward_b
    svg = figlib.build_all(runs.Runs(), names=["numbering.svg"])["numbering.svg"]
    check_numbering(svg, new)
    shown = numbers(svg)
    assert shown["w:2:0:2"] == {"0.2500"} and shown["sum:2:0"] == {f"{new['cached_sums'][1][0]:.4f}"}


def test_numbering_figure_takes_any_run():
    run = runs.forward_run(example_c())
    svg = numbering.numbering_figure(run, {"out": (1, 1), "w": (2, 0, 1), "b": (2, 0), "sum": (2, 0)},
                                     name="Example C")
    assert check_numbering(svg, run)["w"] == "w(2)01"


def test_forward_page_prints_the_figures_labels(built):
    """forward.md's block prints the four labelled items as the figure's key gives them."""
    run = runs.forward_run()
    page = (ROOT / "docs" / "forward.md").read_text(encoding="utf-8").splitlines()
    root = ET.fromstring(built["numbering.svg"].encode())
    for g in (g for g in root.iter(f"{NS}g") if "data-code" in g.attrib):
        code, key = g.attrib["data-code"], g.attrib["data-math"]
        kind, layer, *rest = key.split(":")
        lines = [line for line in page if re.search(rf"= {re.escape(code)} +=", line)]
        assert len(lines) == 1, f"forward.md does not print {code} once: {lines}"
        assert lines[0].startswith(f"{LETTERS[kind]}^({layer})_{''.join(rest)} ")
        assert lines[0].endswith(f"= {_by_convention(run, key):.4f}")


# -- (7) the generated tables (chapter 6): every number is scratchnet's ---------------------------

from figlib import tables  # noqa: E402

TABLE_DRAW = {  # name -> how to draw it from a record_step run
    "backward-layer2": lambda s: tables.backward_table(s, 2),
    "backward-layer1": lambda s: tables.backward_table(s, 1),
    "trace-table": lambda s: tables.node_table(s),
}
#: Which tagged value each row of a backward table holds (the row's variable in back_prop).
ROW_KEYS = {"back_error[node_i]": "error", "node_sum": "sum", "active_der": "active_der", "sum_der_w": "sum_der_w",
            "sum_der_b": "sum_der_b", "sum_der_x": "sum_der_x", "delta": "delta", "grad_b": "grad_b",
            "node_grads_w": "grad_w", "node_grads_x": "grad_x", "layer_grads_x": "running_x"}


@pytest.fixture(scope="module")
def built_tables() -> dict[str, str]:
    return figlib.build_tables()


def html_numbers(html: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for el in ET.fromstring(html).iter("span"):
        if "data-v" in el.attrib:
            found.setdefault(el.attrib["data-v"], set()).add(_text(el))
    return found


def check_table(html: str, step: dict, must_show: set[str]) -> None:
    shown, want = html_numbers(html), expected(step)
    for key, texts in shown.items():
        assert key in want, f"the table shows {key!r}, which the test does not know"
        assert texts == {want[key]}, f"{key}: the table shows {texts}, scratchnet computes {want[key]}"
    missing = must_show - set(shown)
    assert not missing, f"missing from the table: {sorted(missing)}"


def test_tables_are_drawn_from_the_same_run(built_tables, step_c):
    assert set(built_tables) == set(figlib.TABLES) == set(TABLE_DRAW)
    for name, draw in TABLE_DRAW.items():
        assert built_tables[name] == draw(step_c), name


def test_table_numbers_are_scratchnets(built_tables, step_c):
    s = step_c
    for layer in (1, 2):
        every = set()
        for kind in ("error", "sum", "active_der", "sum_der_b", "delta", "grad_b"):
            every |= keys(kind, s, layer) - keys(kind, s, layer + 1)
        for kind in ("sum_der_w", "sum_der_x", "grad_w", "grad_x", "running_x"):
            every |= keys(kind, s, layer, per_edge=True) - keys(kind, s, layer + 1, per_edge=True)
        check_table(built_tables[f"backward-layer{layer}"], s, every)
    trace = set().union(*(keys(k, s) for k in ("sum", "out", "error", "active_der", "delta", "grad_b")))
    check_table(built_tables["trace-table"], s, trace | keys("grad_w", s, per_edge=True))


def test_backward_tables_put_each_number_in_its_row_and_column(built_tables):
    """A row holds its variable's values, a column its node's; every variable is back_prop's own."""
    import inspect

    from scratchnet.backward import back_prop

    source = inspect.getsource(back_prop)
    for layer in (1, 2):
        root = ET.fromstring(built_tables[f"backward-layer{layer}"])
        head = [_text(th) for th in root.find("thead").iter("th")]
        rows = root.find("tbody").findall("tr")
        assert [_text(r.find("th")) for r in rows] == list(ROW_KEYS)
        for row in rows:
            variable = _text(row.find("th"))
            assert variable.split("[")[0] in source, f"{variable} is not a name in back_prop"
            for column, cell in zip(head[3:], row.findall("td")[2:]):
                node = int(column.split()[-1])
                for span in cell.iter("span"):
                    kind, l, j, *_ = span.attrib["data-v"].split(":")
                    assert (kind, int(l), int(j)) == (ROW_KEYS[variable], layer, node), (variable, column)


def test_tables_are_accessible(built_tables):
    for name, html in built_tables.items():
        root = ET.fromstring(html)
        assert root.tag == "table" and "class" not in root.attrib, f"{name}: Material styles tables without a class"
        assert len(_text(root.find("caption"))) > 30, name
        assert all(th.attrib.get("scope") == "col" for th in root.find("thead").iter("th")), name
        for row in root.find("tbody").findall("tr"):
            assert [th.attrib.get("scope") for th in row.findall("th")] == ["row"], name


def test_tables_follow_a_changed_example(monkeypatch, built_tables):
    monkeypatch.setattr(runs, "example_c", changed_example_c)
    new = runs.Runs().step_c
    for name, html in figlib.build_tables(runs.Runs()).items():
        check_table(html, new, set())
        assert html != built_tables[name], f"{name} did not change"


def test_the_japanese_tables_show_the_same_numbers_in_japanese_words(built_tables):
    """The Japanese build's tables (language="ja"): every number as in English, headers and captions in Japanese."""
    japanese = figlib.build_tables(language="ja")
    assert set(japanese) == set(built_tables)
    for name, html in japanese.items():
        assert html_numbers(html) == html_numbers(built_tables[name]), f"{name}: other numbers in Japanese"
        header = " ".join(_text(th) for th in ET.fromstring(html).iter("th") if th.get("scope") == "col")
        assert ("ノード" in header or "層" in header) and "node" not in header, f"{name}: header {header!r}"
        caption = _text(next(ET.fromstring(html).iter("caption")))
        assert any("\u3040" <= ch <= "\u9fff" for ch in caption), f"{name}: caption {caption!r}"


def test_every_table_marker_is_on_its_page_once():
    """Once on its page, and once on each translation of that page (backprop.ja.md), nowhere else."""
    marker = re.compile(r"^<!-- table: ([\w-]+) -->$", re.M)
    seen = {}
    for page in (ROOT / "docs").glob("*.md"):
        for name in marker.findall(page.read_text(encoding="utf-8")):
            assert name in figlib.TABLES, f"{page.name} asks for a table {name!r} that figlib.TABLES does not draw"
            seen.setdefault(name, []).append(page.name)
    for name, table in figlib.TABLES.items():
        twins = [twin.name for twin in (ROOT / "docs").glob(table.page.replace(".md", ".*.md"))]
        assert sorted(seen.get(name, [])) == sorted([table.page, *twins]), (
            f"{name}: on {seen.get(name)}, expected once on {table.page} and on each of its translations {twins}")


def test_the_tables_hook_replaces_markers(caplog, step_c):
    import importlib.util
    import logging

    spec = importlib.util.spec_from_file_location("tables_hook_under_test", HOOKS / "tables.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    saved = {name: mod for name, mod in sys.modules.items() if name.split(".")[0] in ("figlib", "scratchnet")}
    hook.on_config(None)
    try:
        page = "Before.\n\n<!-- table: trace-table -->\n\nAfter.\n"
        out = hook.tables_markdown(page, "test.md")
        assert "<!-- table:" not in out and out.startswith("Before.\n\n<table") and out.endswith("\n\nAfter.\n")
        assert html_numbers(out.split("\n\n")[1]) == html_numbers(tables.node_table(step_c))
        with caplog.at_level(logging.WARNING):
            assert hook.tables_markdown("<!-- table: no-such-table -->", "test.md") == "<!-- table: no-such-table -->"
        assert "no-such-table" in caplog.text
        assert hook.tables_markdown("no marker here", "test.md") == "no marker here"
    finally:
        for name in [n for n in sys.modules if n.split(".")[0] in ("figlib", "scratchnet")]:
            del sys.modules[name]
        sys.modules.update(saved)


# -- (8) the Japanese figures: the same numbers, Japanese words, the Japanese pages' fonts ----------

#: Code names of one word that the figures show as they are (a node's ``delta``, ``lr = 0.1``, the
#: ruler's ``weights[1]``, ``init_model(seed=0)``, a layer's activation). Any other English word on a
#: Japanese figure fails; a name with an underscore is code too (``back_prop``, ``grad_w``).
CODE_WORDS = {"delta", "lr", "weights", "biases", "seed", "sigmoid", "identity"}
WORD = re.compile(r"(?<![\w.])[A-Za-z_][A-Za-z0-9_]*")
DECIMAL = re.compile(r"(?<![\w.])[-−]?\d+\.\d+")


def _names_in_scratchnet() -> set[str]:
    """Every name the package's code uses (variables, arguments, functions): what counts as code."""
    import ast

    found = set()
    for source in (ROOT / "scratchnet").glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name):
                found.add(node.id)
            elif isinstance(node, ast.arg):
                found.add(node.arg)
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                found.add(node.name)
    return found


def words_shown(svg: str) -> list[str]:
    """Every text of a figure a reader sees or hears: its <text>s, <title> and <desc> (not its CSS)."""
    root = ET.fromstring(svg.encode())
    return ["".join(el.itertext()) for el in root.iter() if el.tag in (f"{NS}text", f"{NS}title", f"{NS}desc")]


def english_words(texts: list[str]) -> list[str]:
    """The words of ``texts`` that are English: not a code name, not a symbol (``x``, ``w``, ``x1``)."""
    found = []
    for text in texts:
        for word in WORD.findall(text):
            if "_" in word or word in CODE_WORDS or re.fullmatch(r"[A-Za-z]\d*", word):
                continue
            found.append(word)
        found += re.findall(r"\b[A-Za-z]\.[A-Za-z]\.", text)          # e.g., i.e.: letters, but English
    return found


def test_the_code_words_are_scratchnets_names():
    assert CODE_WORDS <= _names_in_scratchnet(), CODE_WORDS - _names_in_scratchnet()


def test_the_english_word_check_finds_english():
    assert english_words(["delta 0.1341、grad_w 0.0067", "w[1][0][0]、x1、1e-6、f′(u)、ŷ − y"]) == []
    assert sorted(english_words(["誤差 0.5558", "error 0.5558", "→ 8 個の grad_w。e.g.", "all-zero start"])) == [
        "all", "e.g.", "error", "start", "zero"]


@pytest.mark.parametrize("name", sorted(figlib.FIGURES))
def test_a_japanese_figure_has_no_english_words(built_ja, name):
    texts = words_shown(built_ja[name])
    assert english_words(texts) == [], f"{name}: English on the Japanese figure"
    assert any(re.search("[\u3040-\u30ff\u4e00-\u9fff]", t) for t in texts), f"{name}: no Japanese at all"


@pytest.mark.parametrize("name", sorted(figlib.FIGURES))
def test_a_japanese_figure_shows_the_english_ones_numbers(drawn, name):
    """The same tagged numbers (keys and texts), and the same decimals in its text and in its description."""
    en, ja = drawn["en"][name], drawn["ja"][name]
    assert numbers(ja) == numbers(en), f"{name}: other tagged numbers in Japanese"

    def decimals(svg, which):
        texts = words_shown(svg)
        texts = texts[2:] if which == "drawn" else texts[:2]      # title and desc come first
        return sorted(n.replace("−", "-") for t in texts for n in DECIMAL.findall(t))

    for which in ("drawn", "described"):
        assert decimals(ja, which) == decimals(en, which), f"{name}: the {which} numbers differ in Japanese"


def test_the_japanese_diagrams_show_scratchnets_numbers(built_ja, step_c):
    for name in DIAGRAMS:
        assert check_numbers(built_ja[name], step_c), name
    assert check_numbering(built_ja["numbering.svg"], runs.forward_run())["w"] == "w(2)02"
    assert built_ja["numbering.svg"] == numbering.numbering_figure(runs.forward_run(), language="ja")


def _japanese_families_of_the_pages() -> list[str]:
    css = (ROOT / "docs" / "assets" / "japanese.css").read_text(encoding="utf-8")
    stack = re.search(r"--md-text-font-family:([^;]*);", css).group(1)
    families = [f.strip().strip('"') for f in stack.split(",")]
    latin = {"-apple-system", "BlinkMacSystemFont", "Segoe UI", "sans-serif"}
    return [f for f in families if f not in latin]


def test_the_japanese_figures_use_the_japanese_pages_fonts(drawn):
    """Each Japanese figure names its language and lists the pages' Japanese fonts, in their order; no web font."""
    from figlib.describe import svg_language
    from figlib.svg import JAPANESE_FAMILIES

    assert list(JAPANESE_FAMILIES) == _japanese_families_of_the_pages()
    for name, svg in drawn["ja"].items():
        assert svg_language(svg) == "ja" and svg_language(drawn["en"][name]) == "en", name
        assert "@font-face" not in svg and "url(" not in svg.replace("url(#", ""), f"{name}: a web font"
        stacks = set(re.findall(r"font-family(?:=\"|: )([^\";]*)", svg))
        assert stacks, name
        for stack in stacks:
            if "monospace" in stack:                  # the code indices of the numbering figure
                continue
            families = [f.strip().strip("'") for f in stack.split(",")]
            assert [f for f in families if f in JAPANESE_FAMILIES] == list(JAPANESE_FAMILIES), (name, stack)
            assert families[-1] == "sans-serif", (name, stack)


def test_japanese_text_is_measured_one_em_a_character():
    """Boxes and legends are sized by text_width: a kana or kanji is as wide as the font size."""
    from figlib.svg import text_width

    assert text_width("誤差", 13) == pytest.approx(26) and text_width("（計算）", 10) == pytest.approx(40)
    assert text_width("error", 13) < text_width("誤差誤差", 13)


def test_the_figure_in_words_speaks_the_figures_language(built, built_ja):
    from figlib.describe import describe_figures

    page = '<figure><img alt="a" src="figures/netC-forward.svg" /><figcaption>c</figcaption></figure>'
    for language, svg in (("en", built["netC-forward.svg"]), ("ja", built_ja["netC-forward.svg"])):
        out = describe_figures(page, lambda name, svg=svg: svg, language)
        assert f'<p id="figure-text-netC-forward" lang="{language}">' in out, language
    assert "図の内容を文章で" in out and 'lang="en"' not in out


def test_a_japanese_plot_without_a_japanese_font_is_drawn_said_once_and_not_cached(monkeypatch, caplog, tmp_path):
    """On a machine where matplotlib finds no Japanese font: drawn all the same (its text is the
    reader's font), one line in the log, no warning per glyph, and not kept in the build cache."""
    import logging
    import warnings

    import buildcache
    from figlib import plots

    monkeypatch.setenv("SCRATCHNET_BUILD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SCRATCHNET_NO_CACHE", raising=False)
    monkeypatch.setattr(buildcache, "_MEMORY", {})
    monkeypatch.setattr(buildcache, "_MANIFESTS", {})
    monkeypatch.setattr(plots, "japanese_font", lambda: None)
    monkeypatch.setattr(plots, "_NO_FONT_SAID", set())
    gd = runs.Runs().gd
    with warnings.catch_warnings(), caplog.at_level(logging.INFO, logger="mkdocs.hooks.figures"):
        warnings.simplefilter("error")
        svg = buildcache.get("test plot ja", lambda: plots.gd_one_weight(gd, language="ja"))
        again = buildcache.get("test plot ja", lambda: plots.gd_one_weight(gd, language="ja"))
    assert svg == again and "重み w[1][0][0]" in svg and english_words(words_shown(svg)) == []
    said = [r for r in caplog.records if "no Japanese font" in r.getMessage()]
    assert len(said) == 1 and said[0].levelno == logging.INFO      # a strict build does not fail on it
    assert [how for name, how, _ in buildcache.stats() if name == "test plot ja"] == ["not cached", "not cached"]
    assert not list((tmp_path / "cache").glob("entries/*/*.bin"))

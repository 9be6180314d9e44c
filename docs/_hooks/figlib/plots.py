"""Curves with matplotlib, written as small, deterministic SVG.

Text stays text (``svg.fonttype: none``), ids are salted with a constant and the date is
left out, so the same run gives the same bytes. Every figure gets a white background of
its own (an ``<img>`` cannot see the page's palette), and a ``<title>`` and ``<desc>``.
Series differ by marker and line style as well as by colour.

Each plot's words are :data:`WORDS` in the figure's ``language``. The reader's browser sets
the text, in the figure's font stack (``svg.FONTS``); matplotlib only measures it, to place
legends and crop the figure. For Japanese it measures kana and kanji with a Japanese font
of the machine (:func:`japanese_font`: the first of ``svg.JAPANESE_FAMILIES`` it finds; CI
installs Debian's ``fonts-ipafont-gothic``). Without one, the plot is still drawn, with
DejaVu Sans's measures (a little tight), the build says so in one line, and the plot is not
cached, so it is measured again once a font is installed.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from xml.sax.saxutils import escape

import buildcache
import matplotlib

matplotlib.use("Agg")
from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402  (after choosing the backend)
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from scratchnet import forward_prop, sseloss  # noqa: E402

from .svg import (  # noqa: E402
    BACKWARD,
    FORWARD,
    FRAME,
    GRID,
    INK,
    JAPANESE_FAMILIES,
    MUTED,
    REGION_IN,
    REGION_OUT,
    UPDATE,
    fmt,
    font_stack,
    lang_attributes,
    language_of,
)

log = logging.getLogger("mkdocs.hooks.figures")

ORANGE = "#b35900"      # markers and lines only (3.7:1 on every background of svg.py, dimmed): never text
RC = {
    "svg.fonttype": "none",                 # text as <text>: small, searchable, the reader's own font
    "svg.hashsalt": "scratchnet-figures",   # deterministic ids
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica", "Liberation Sans"],
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.grid": True,
    "grid.color": GRID,
    "grid.linewidth": 0.6,
    "legend.frameon": True,
    "legend.framealpha": 0.95,
    "legend.edgecolor": FRAME,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "path.simplify": True,
}
#: The plots' font stack in the SVG: the font matplotlib measured with first.
PLOT_FONT = "'DejaVu Sans', Arial, Helvetica, sans-serif"

#: The plots' words, by language (``{lr}`` is :func:`lr_text`, as the chapter prints it).
WORDS = {
    "en": {
        "example": "Example C", "list": ", ", "runs": "; ",
        # loss_at_outputs
        "slope": "slope ŷ − y = {e}", "target": "target y = {y}", "output_node": "output node {k}",
        "prediction": "prediction ŷ", "loss_here": "loss of this output",
        "loss_title": "{name}: the loss at each output and its derivative",
        "loss_desc": "For each output node of {name}, the squared-error loss one half of (ŷ − y) squared as a "
                     "function of the prediction ŷ: a parabola with its minimum at the target, {targets}. The "
                     "current predictions {y_pred} give losses {losses}; the dashed red tangents have the slopes "
                     "ŷ − y = {errors}, the errors that start the backward pass. Both panels have the same scales "
                     "(each spans the same distance either side of its target), so the steeper tangent is drawn "
                     "steeper.",
        # gd_one_weight
        "curve": "loss L (the other weights fixed)", "path": "{lr}: {steps} steps, L {first} → {last}",
        "start": "start", "weight_axis": "weight {w} (hidden node {i} → output node {j})",
        "sample_loss": "loss of the sample",
        "gd_run": "{lr}: {steps} steps, w {ws}, the loss from {first} to {last}",
        "gd_title": "{name}: gradient descent on one weight, two learning rates",
        "gd_desc": "The loss of {name} as a function of the weight {w} alone (a parabola), with the points visited "
                   "by repeated updates w ← w − lr × grad_w starting at {start}. With {lr_small} the steps creep "
                   "steadily downhill; with {lr_large} each step overshoots the minimum and lands on the other "
                   "side. {runs}.",
        # training_loss, training_predictions
        "zeros": "all-zero start", "glorot": "init_model start", "from_to": "{label}: {first} → {last}",
        "epoch": "epoch", "mean_loss_log": "mean training loss (log scale)",
        "train_title": "Training on the regression plane: the loss per epoch",
        "train_desc": "The mean training loss per epoch (logarithmic scale) of layers {layers} on the "
                      "regression-plane data, batch_size {batch_size}, lr {lr}, for {epochs} epochs: once from "
                      "all-zero weights, falling from {zeros_first} to {zeros_last}, once from init_model's random "
                      "weights, falling from {glorot_first} to {glorot_last}.",
        "diagonal": "prediction = truth", "points": "{n} validation points",
        "panel": "{label}, after {epochs} epochs\nvalidation loss {loss}", "truth": "true value y",
        "panel_said": "{label}: mean loss {loss}",
        "pred_title": "Training on the regression plane: predictions against the truth",
        "pred_desc": "Two scatter plots of the trained network's prediction against the true value on {n} "
                     "validation points, with the diagonal where prediction equals truth: {panels}. Points close "
                     "to the diagonal are good predictions.",
        # decision_regions
        "inside": "class inside (training)", "outside": "class outside (training)",
        "regions": "decision regions, validation accuracy {accuracy}",
        "boundary": ("boundary: p = 0.5", "predicted inside (p > 0.5)", "predicted outside"),
        "cross_entropy": "cross-entropy per epoch: {first} → {last}", "mean_loss": "mean training loss",
        "class_title": "Classifying the circle data set: decision regions and loss",
        "class_desc": "Left: the plane coloured by the class a network with layers {layers}, a softmax output and "
                      "cross-entropy loss predicts after {epochs} epochs, with the boundary where both classes have "
                      "probability 0.5 drawn as a black line, and the training points (circles: inside, triangles: "
                      "outside). Validation accuracy {accuracy}. Right: the mean training loss per epoch, from "
                      "{first} to {last}.",
        # gradient_check
        "central": "central differences (h = {h})", "broken": "broken back_prop (= instead of +=)",
        "gradient": "gradient", "good_diff": "|back_prop − differences|", "bad_diff": "|broken − differences|",
        "difference": "difference (log)",
        "check_title": "{name}: gradient check, back_prop against central differences",
        "check_desc": "For each of the {n} parameters of {name}, the gradient from central differences (hollow "
                      "circles), from back_prop (crosses) and from a broken back_prop whose line '{line}' "
                      "overwrites instead of adds (triangles), with step h = {h}. Below, the absolute differences "
                      "on a log scale, and a dotted line at 1e-6: back_prop's differences are at most {good}; the "
                      "broken version's are above the line, up to {bad}, for {broken}.",
    },
    "ja": {
        "example": "例 C", "list": "、", "runs": "；",
        "slope": "傾き ŷ − y = {e}", "target": "正解値 y = {y}", "output_node": "出力ノード {k}",
        "prediction": "予測値 ŷ", "loss_here": "この出力の損失",
        "loss_title": "{name}：各出力での損失とその導関数",
        "loss_desc": "{name} の各出力ノードについて、二乗和誤差による損失、つまり (ŷ − y) の2乗の半分を、予測値 ŷ "
                     "の関数として描いたもの。正解値 {targets} で最小になる放物線である。いまの予測値 {y_pred} "
                     "での損失は {losses}。赤い破線の接線の傾きは ŷ − y = {errors} で、これが逆伝播を始める誤差"
                     "である。2つのパネルは目盛りが同じ（どちらも正解値の両側に同じ幅をとる）なので、急な接線は"
                     "急に描かれる。",
        "curve": "損失 L（ほかの重みは固定）", "path": "{lr}：{steps} 歩、L {first} → {last}",
        "start": "開始", "weight_axis": "重み {w}（隠れノード {i} → 出力ノード {j}）",
        "sample_loss": "このサンプルの損失",
        "gd_run": "{lr}：{steps} 歩、w は {ws}、損失は {first} から {last} へ",
        "gd_title": "{name}：1つの重みでの勾配降下法、2つの学習率",
        "gd_desc": "{name} の損失を重み {w} だけの関数として描いたもの（放物線）と、{start} から更新 "
                   "w ← w − lr × grad_w をくり返したときに通る点。{lr_small} では歩みは着実に坂を下り、"
                   "{lr_large} では毎回最小値を飛び越えて反対側に着地する。{runs}。",
        "zeros": "すべて 0 から開始", "glorot": "init_model から開始", "from_to": "{label}：{first} → {last}",
        "epoch": "エポック", "mean_loss_log": "訓練の損失の平均（対数目盛り）",
        "train_title": "回帰平面での学習：エポックごとの損失",
        "train_desc": "回帰平面のデータで、層 {layers}、batch_size {batch_size}、lr {lr} で {epochs} エポック"
                      "学習したときの、エポックごとの訓練の損失の平均（対数目盛り）。重みがすべて 0 の出発点からは "
                      "{zeros_first} から {zeros_last} へ、init_model のランダムな重みからは {glorot_first} から "
                      "{glorot_last} へ下がる。",
        "diagonal": "予測値 = 正解値", "points": "検証用の点 {n} 個",
        "panel": "{label}、{epochs} エポック後\n検証の損失 {loss}", "truth": "正解値 y",
        "panel_said": "{label}：損失の平均 {loss}",
        "pred_title": "回帰平面での学習：予測値と正解値",
        "pred_desc": "学習したネットワークの予測値を、検証用の {n} 個の点で正解値に対して描いた2つの散布図と、"
                     "予測値が正解値に等しい対角線：{panels}。対角線に近い点ほどよい予測である。",
        "inside": "内側のクラス（訓練用）", "outside": "外側のクラス（訓練用）",
        "regions": "決定領域、検証の正解率 {accuracy}",
        "boundary": ("境界：p = 0.5", "内側と予測（p > 0.5）", "外側と予測"),
        "cross_entropy": "エポックごとの交差エントロピー誤差：{first} → {last}", "mean_loss": "訓練の損失の平均",
        "class_title": "円のデータセットの分類：決定領域と損失",
        "class_desc": "左：層 {layers}、ソフトマックス関数の出力、交差エントロピー誤差のネットワークが {epochs} "
                      "エポックの学習後に予測するクラスで平面を塗り分けたもの。両方のクラスの確率が 0.5 になる境界を"
                      "黒い線で、訓練用の点を印で描いている（丸：内側、三角：外側）。検証の正解率は {accuracy}。"
                      "右：エポックごとの訓練の損失の平均。{first} から {last} へ下がる。",
        "central": "中心差分（h = {h}）", "broken": "壊れた back_prop（+= の代わりに =）",
        "gradient": "勾配", "good_diff": "|back_prop − 中心差分|", "bad_diff": "|壊れた版 − 中心差分|",
        "difference": "差（対数目盛り）",
        "check_title": "{name}：勾配確認、back_prop と中心差分の比較",
        "check_desc": "{name} の {n} 個のパラメーターそれぞれについて、中心差分（白抜きの丸）、back_prop（×印）、"
                      "行 '{line}' が足す代わりに上書きしてしまう壊れた back_prop（三角）で求めた勾配。刻みは "
                      "h = {h}。下のパネルは差の絶対値を対数目盛りで描き、1e-6 に点線を引いている。back_prop の差は"
                      "最大でも {good}。壊れた版の差は {broken} で点線より上にあり、最大 {bad}。",
    },
}

_NO_FONT_SAID: set[str] = set()


def japanese_font() -> str | None:
    """The first family of ``svg.JAPANESE_FAMILIES`` matplotlib can use, or None.

    matplotlib's font list is made once and kept in its cache folder: a font installed after
    it (``fonts-ipafont-gothic``) is added here, from the system's font files it lacks.
    """
    manager = font_manager.fontManager

    def found():
        names = {font.name for font in manager.ttflist}
        return next((family for family in JAPANESE_FAMILIES if family in names), None)

    if found() is None:
        known = {font.fname for font in manager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known:
                try:
                    manager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue                     # a font file FreeType cannot read: not ours to fix
    return found()


def _rc(language: str) -> tuple[dict, str, bool]:
    """matplotlib's settings, the SVG's font stack, and whether the text is measured with its own fonts."""
    if language != "ja":
        return RC, PLOT_FONT, True
    family = japanese_font()
    if family is None:
        reason = (f"matplotlib finds no Japanese font ({', '.join(JAPANESE_FAMILIES)}): the Japanese plots are laid "
                  "out with DejaVu Sans's measures (Debian: apt-get install fonts-ipafont-gothic)")
        if language not in _NO_FONT_SAID:
            _NO_FONT_SAID.add(language)
            log.info(f"figures: {reason}")
        buildcache.not_cached(reason)
        return RC, font_stack(PLOT_FONT, language), False
    # a list of families: matplotlib takes each glyph from the first that has it (Latin from DejaVu Sans)
    return {**RC, "font.family": ["DejaVu Sans", family]}, font_stack(PLOT_FONT, language), True


PAD = 0.2       # inches of white around a plot: a title at the top stays clear of the rounded card edge


def _to_svg(fig: Figure, title: str, desc: str, language: str = "en") -> str:
    _rcparams, stack, measured = _rc(language)
    buf = io.StringIO()
    with warnings.catch_warnings():
        if not measured:                          # said once above, not once per glyph
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
                    bbox_inches="tight", pad_inches=PAD)
    svg = buf.getvalue()
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.S)            # matplotlib's "Created with" comment
    # the root element: accessible name and description, its language, and a generic font fallback
    svg = re.sub(r"<svg ", f'<svg role="img" aria-labelledby="fig-title fig-desc"{lang_attributes(language)} ',
                 svg, count=1)
    svg = re.sub(r"(<svg [^>]*>)", lambda m: m.group(1) + f'<title id="fig-title">{escape(title)}</title>'
                 f'<desc id="fig-desc">{escape(desc)}</desc>', svg, count=1)
    if language == "en":
        svg = re.sub(r"font-family: 'DejaVu Sans'(?=[;\"])", f"font-family: {stack}", svg)
    else:
        svg = re.sub(r"font-family: 'DejaVu Sans'[^;\"]*(?=[;\"])", f"font-family: {stack}", svg)
    return svg


#: Where the axes sit in a figure (fractions of its size): fixed, because a layout engine
#: (matplotlib's constrained layout) took a third of the drawing time. Labels, titles and
#: legends outside the axes are kept by the tight crop of ``_to_svg``; ``wspace`` leaves
#: room for a right-hand panel's own axis labels.
MARGINS = {"left": 0.1, "right": 0.97, "bottom": 0.14, "top": 0.9, "wspace": 0.3}


def _figure(w: float, h: float, cols: int = 1, sharey: bool = False, **margins: float):
    fig = Figure(figsize=(w, h))
    fig.subplots_adjust(**{**MARGINS, **margins})
    axes = fig.subplots(1, cols, squeeze=False, sharey=sharey)[0]
    return fig, axes


def _setup(language: str) -> tuple[str, dict, dict]:
    """The language drawn in (English if the plots have no words in it), its words, matplotlib's settings."""
    language = language_of(WORDS, language)
    return language, WORDS[language], _rc(language)[0]


def loss_at_outputs(step: dict, *, name: str | None = None, language: str = "en") -> str:
    """Chapter 4: each output's squared error as a function of its prediction, with the slope ŷ − y."""
    language, words, rc = _setup(language)
    name = name or words["example"]
    last = len(step["layers"]) - 1
    y_pred = step["cached_outs"][last]
    errors = {e["node"]: e["back_error"] for e in step["events"]
              if e["phase"] == "backward" and e["section"] == "step4" and e["layer"] == last}
    losses = [sseloss(p, t) for p, t in zip(y_pred, step["y_true"])]
    # the same scales in every panel, so a steeper tangent looks steeper: each panel spans the
    # same distance either side of its own target, and all share one loss axis
    reach = max(abs(p - t) for p, t in zip(y_pred, step["y_true"])) + 0.45
    tangent = 0.35       # the tangent reaches this far either side of ŷ
    top = sseloss(reach, 0.0)
    with matplotlib.rc_context(rc):
        fig, axes = _figure(7.4, 4.0, len(y_pred), sharey=True)
        for k, ax in enumerate(axes):
            p, t, e = y_pred[k], step["y_true"][k], errors[k]
            lo, hi = t - reach, t + reach
            xs = [lo + (hi - lo) * i / 200 for i in range(201)]
            ax.plot(xs, [sseloss(x, t) for x in xs], color=INK, lw=1.6, label="L = ½ (ŷ − y)²")
            ax.plot([p - tangent, p + tangent], [losses[k] - tangent * e, losses[k] + tangent * e], color=BACKWARD,
                    lw=2, ls="--", label=words["slope"].format(e=fmt(e)))
            ax.plot([p], [losses[k]], "o", color=FORWARD, ms=7, label=f"ŷ = {fmt(p)}, L = {fmt(losses[k])}")
            ax.plot([t], [0], "s", color=UPDATE, ms=7, label=words["target"].format(y=fmt(t)))
            ax.set_title(words["output_node"].format(k=k))
            ax.set_xlabel(words["prediction"])
            ax.set_xlim(lo, hi)
            ax.set_ylim(-0.06 * top, top * 1.06)
            if k == 0:
                ax.set_ylabel(words["loss_here"])
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=9)
        listed = words["list"].join
        svg = _to_svg(fig, words["loss_title"].format(name=name), words["loss_desc"].format(
            name=name, targets=listed(fmt(t) for t in step["y_true"]), y_pred=listed(fmt(p) for p in y_pred),
            losses=listed(fmt(x) for x in losses), errors=listed(fmt(errors[k]) for k in sorted(errors))), language)
    return svg


def lr_text(lr: float) -> str:
    """A learning rate as the chapter's code prints it, ``print(f"lr = {lr}")``: lr = 0.5, lr = 5.0."""
    return f"lr = {lr}"


def gd_one_weight(gd: dict, *, name: str | None = None, language: str = "en") -> str:
    """Chapter 7: the loss as a function of one weight, and the steps of two learning rates."""
    language, words, rc = _setup(language)
    name = name or words["example"]
    l, j, i = gd["recipe"]["weight"]
    weight = f"w[{l}][{j}][{i}]"
    styles = [(FORWARD, "o", "-"), (ORANGE, "s", "--")]
    with matplotlib.rc_context(rc):
        fig, (ax,) = _figure(7.0, 3.6)
        ax.plot(gd["curve_w"], gd["curve_loss"], color=INK, lw=1.6, label=words["curve"])
        for (lr, path), (colour, marker, ls) in zip(gd["paths"].items(), styles):
            ws, ls_ = [p[0] for p in path], [p[1] for p in path]
            ax.plot(ws, ls_, color=colour, marker=marker, ls=ls, lw=1.3, ms=6,
                    label=words["path"].format(lr=lr_text(lr), steps=len(path) - 1, first=fmt(ls_[0]),
                                               last=fmt(ls_[-1])))
            ax.annotate(words["start"], (ws[0], ls_[0]), xytext=(8, 6), textcoords="offset points", fontsize=9,
                        color=MUTED)
        ax.set_xlabel(words["weight_axis"].format(w=weight, i=i, j=j))
        ax.set_ylabel(words["sample_loss"])
        ax.legend(loc="upper left", fontsize=9)
        lrs = list(gd["paths"])
        runs = words["runs"].join(
            words["gd_run"].format(lr=lr_text(lr), steps=len(path) - 1, ws=" → ".join(fmt(p[0]) for p in path),
                                   first=fmt(path[0][1]), last=fmt(path[-1][1])) for lr, path in gd["paths"].items())
        svg = _to_svg(fig, words["gd_title"].format(name=name), words["gd_desc"].format(
            name=name, w=weight, start=f"{gd['start']:g}", lr_small=lr_text(lrs[0]), lr_large=lr_text(lrs[1]),
            runs=runs), language)
    return svg


def training_loss(regression: dict, *, language: str = "en") -> str:
    """Chapter 8: the mean training loss per epoch, from all-zero weights and from ``init_model``."""
    language, words, rc = _setup(language)
    zeros, glorot = regression["zeros"], regression["glorot"]
    r = glorot["recipe"]
    with matplotlib.rc_context(rc):
        fig, (ax,) = _figure(6.8, 3.3)
        for run, colour, marker, ls, label in ((zeros, ORANGE, "s", "--", words["zeros"]),
                                               (glorot, FORWARD, "o", "-", f"init_model(seed={r['init_seed']})")):
            h = run["history"]
            ax.plot(range(1, len(h) + 1), h, color=colour, marker=marker, ls=ls, ms=4, lw=1.5,
                    label=words["from_to"].format(label=label, first=fmt(h[0], 5), last=fmt(h[-1], 5)))
        ax.set_yscale("log")
        ax.set_xlabel(words["epoch"])
        ax.set_ylabel(words["mean_loss_log"])
        ax.legend(loc="upper right", fontsize=9)
        svg = _to_svg(fig, words["train_title"], words["train_desc"].format(
            layers=r["layers"], batch_size=r["batch_size"], lr=f"{r['lr']:g}", epochs=r["epochs"],
            zeros_first=fmt(zeros["history"][0], 5), zeros_last=fmt(zeros["history"][-1], 5),
            glorot_first=fmt(glorot["history"][0], 5), glorot_last=fmt(glorot["history"][-1], 5)), language)
    return svg


def _predict(run: dict, points) -> list[list[float]]:
    kwargs = {"activations": run["activations"]} if run["activations"] else {}
    return [forward_prop(*run["model"], p, **kwargs) for p in points]


def training_predictions(regression: dict, n_points: int = 200, *, language: str = "en") -> str:
    """Chapter 8: predictions against the truth on validation points the network never trained on."""
    language, words, rc = _setup(language)
    with matplotlib.rc_context(rc):
        fig, axes = _figure(7.4, 3.4, 2)
        desc_parts = []
        for ax, key, label, colour, marker in ((axes[0], "zeros", words["zeros"], ORANGE, "s"),
                                               (axes[1], "glorot", words["glorot"], FORWARD, "o")):
            run = regression[key]
            xs, ys = run["x_valid"][:n_points], [t[0] for t in run["y_valid"][:n_points]]
            preds = [p[0] for p in _predict(run, xs)]
            mse = sum(sseloss(p, t) for p, t in zip(preds, ys)) / len(ys)
            ax.plot([-1, 1], [-1, 1], color=INK, lw=1, ls=":", label=words["diagonal"])
            ax.plot(ys, preds, ls="none", marker=marker, ms=3.5, color=colour, alpha=0.8,
                    label=words["points"].format(n=len(ys)))
            ax.set_title(words["panel"].format(label=label, epochs=run["recipe"]["epochs"], loss=fmt(mse, 5)),
                         fontsize=11)
            ax.set_xlabel(words["truth"])
            ax.set_aspect("equal")
            ax.legend(loc="upper left", fontsize=8.5)
            desc_parts.append(words["panel_said"].format(label=label, loss=fmt(mse, 5)))
        axes[0].set_ylabel(words["prediction"])
        svg = _to_svg(fig, words["pred_title"],
                      words["pred_desc"].format(n=n_points, panels=words["runs"].join(desc_parts)), language)
    return svg


def decision_regions(run: dict, grid: int = 70, *, language: str = "en") -> str:
    """Chapter 8: where the trained classifier says "inside" and "outside", with the data and the loss curve."""
    language, words, rc = _setup(language)
    r = run["recipe"]
    lim = 6.0
    xs = [-lim + 2 * lim * k / (grid - 1) for k in range(grid)]
    probs = _predict(run, [[x, y] for y in xs for x in xs])
    # class 1 (target [0, 1]) is "inside"
    p_inside = [[probs[row * grid + col][1] for col in range(grid)] for row in range(grid)]
    preds = _predict(run, run["x_valid"])
    correct = sum(p.index(max(p)) == t.index(1.0) for p, t in zip(preds, run["y_valid"]))
    acc = correct / len(preds)
    with matplotlib.rc_context(rc):
        fig, axes = _figure(7.6, 4.2, 2)
        ax = axes[0]
        ax.contourf(xs, xs, p_inside, levels=[0, 0.5, 1], colors=[REGION_OUT, REGION_IN])
        ax.contour(xs, xs, p_inside, levels=[0.5], colors=[INK], linewidths=1.6)
        pts, ts = run["x_train"], run["y_train"]
        inside = [p for p, t in zip(pts, ts) if t[1] == 1.0]
        outside = [p for p, t in zip(pts, ts) if t[0] == 1.0]
        ax.plot([p[0] for p in inside], [p[1] for p in inside], "o", ms=3.5, color=FORWARD, label=words["inside"])
        ax.plot([p[0] for p in outside], [p[1] for p in outside], "^", ms=3.5, color=ORANGE, label=words["outside"])
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
        ax.set_title(words["regions"].format(accuracy=f"{acc:.4f}"), fontsize=11)
        ax.set_xlabel("x1")
        ax.set_ylabel("x2")
        handles, labels = ax.get_legend_handles_labels()
        handles += [Line2D([], [], color=INK, lw=1.6), Patch(facecolor=REGION_IN, edgecolor=INK, lw=0.6),
                    Patch(facecolor=REGION_OUT, edgecolor=INK, lw=0.6)]
        labels += list(words["boundary"])
        fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=3, fontsize=8.5)
        ax.grid(False)
        h = run["history"]
        axes[1].plot(range(1, len(h) + 1), h, color=FORWARD, marker="o", ms=3.5, lw=1.5)
        axes[1].set_title(words["cross_entropy"].format(first=fmt(h[0]), last=fmt(h[-1])), fontsize=11)
        axes[1].set_xlabel(words["epoch"])
        axes[1].set_ylabel(words["mean_loss"])
        svg = _to_svg(fig, words["class_title"], words["class_desc"].format(
            layers=r["layers"], epochs=r["epochs"], accuracy=f"{acc:.4f}", first=fmt(h[0]), last=fmt(h[-1])),
            language)
    return svg


def gradient_check(check: dict, *, name: str | None = None, language: str = "en") -> str:
    """Chapter 9: back_prop, the broken back_prop, and central differences, parameter by parameter."""
    language, words, rc = _setup(language)
    name = name or words["example"]
    names = check["names"]
    n = len(names)
    idx = list(range(n))
    diff_good = [max(abs(a - b), 1e-16) for a, b in zip(check["backprop"], check["numeric"])]
    diff_bad = [max(abs(a - b), 1e-16) for a, b in zip(check["broken"], check["numeric"])]
    bad = [names[k] for k in idx if diff_bad[k] > 1e-6]
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(7.6, 5.0))
        fig.subplots_adjust(**{**MARGINS, "hspace": 0.12})
        ax, ax2 = fig.subplots(2, 1, sharex=True)
        ax.plot(idx, check["numeric"], "o", ms=10, mfc="none", mec=INK, mew=1.5,
                label=words["central"].format(h=f"{check['h']:g}"))
        ax.plot(idx, check["backprop"], "x", ms=7, color=FORWARD, mew=2, label="back_prop")
        ax.plot(idx, check["broken"], "v", ms=6, color=BACKWARD, label=words["broken"])
        ax.set_ylabel(words["gradient"])
        ax.legend(loc="upper left", fontsize=8.5)
        ax2.plot(idx, diff_good, "x-", ms=7, color=FORWARD, mew=2, lw=1, label=words["good_diff"])
        ax2.plot(idx, diff_bad, "v--", ms=6, color=BACKWARD, lw=1, label=words["bad_diff"])
        ax2.axhline(1e-6, color=MUTED, ls=":", lw=1)
        ax2.text(n - 0.6, 1.6e-6, "1e-6", fontsize=8, color=MUTED, ha="right")
        ax2.set_yscale("log")
        ax2.set_ylabel(words["difference"])
        ax2.set_xticks(idx, names, rotation=40, ha="right", fontsize=9)
        ax2.legend(loc="upper right", fontsize=8.5)
        svg = _to_svg(fig, words["check_title"].format(name=name), words["check_desc"].format(
            n=n, name=name, line=check["broken_line"][1], h=f"{check['h']:g}", good=f"{max(diff_good):.0e}",
            bad=f"{max(diff_bad):.0e}", broken=words["list"].join(bad)), language)
    return svg

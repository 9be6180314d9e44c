"""Curves with matplotlib, written as small, deterministic SVG.

Text stays text (``svg.fonttype: none``), ids are salted with a constant and the date is
left out, so the same run gives the same bytes. Every figure gets a white background of
its own (an ``<img>`` cannot see the page's palette), and a ``<title>`` and ``<desc>``.
Series differ by marker and line style as well as by colour.
"""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402  (after choosing the backend)
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from scratchnet import forward_prop, sseloss  # noqa: E402

from .svg import BACKWARD, FORWARD, FRAME, GRID, INK, MUTED, REGION_IN, REGION_OUT, UPDATE, fmt  # noqa: E402

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


PAD = 0.2       # inches of white around a plot: a title at the top stays clear of the rounded card edge


def _to_svg(fig: Figure, title: str, desc: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
                bbox_inches="tight", pad_inches=PAD)
    svg = buf.getvalue()
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.S)            # matplotlib's "Created with" comment
    # the root element: accessible name and description, and a generic font fallback
    svg = re.sub(r"<svg ", '<svg role="img" aria-labelledby="fig-title fig-desc" ', svg, count=1)
    svg = re.sub(r"(<svg [^>]*>)", lambda m: m.group(1) + f'<title id="fig-title">{escape(title)}</title>'
                 f'<desc id="fig-desc">{escape(desc)}</desc>', svg, count=1)
    svg = re.sub(r"font-family: 'DejaVu Sans'(?=[;\"])",
                 "font-family: 'DejaVu Sans', Arial, Helvetica, sans-serif", svg)
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


def loss_at_outputs(step: dict, *, name: str = "Example C") -> str:
    """Chapter 4: each output's squared error as a function of its prediction, with the slope ŷ − y."""
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
    with matplotlib.rc_context(RC):
        fig, axes = _figure(7.4, 4.0, len(y_pred), sharey=True)
        for k, ax in enumerate(axes):
            p, t, e = y_pred[k], step["y_true"][k], errors[k]
            lo, hi = t - reach, t + reach
            xs = [lo + (hi - lo) * i / 200 for i in range(201)]
            ax.plot(xs, [sseloss(x, t) for x in xs], color=INK, lw=1.6, label="L = ½ (ŷ − y)²")
            ax.plot([p - tangent, p + tangent], [losses[k] - tangent * e, losses[k] + tangent * e], color=BACKWARD,
                    lw=2, ls="--", label=f"slope ŷ − y = {fmt(e)}")
            ax.plot([p], [losses[k]], "o", color=FORWARD, ms=7, label=f"ŷ = {fmt(p)}, L = {fmt(losses[k])}")
            ax.plot([t], [0], "s", color=UPDATE, ms=7, label=f"target y = {fmt(t)}")
            ax.set_title(f"output node {k}")
            ax.set_xlabel("prediction ŷ")
            ax.set_xlim(lo, hi)
            ax.set_ylim(-0.06 * top, top * 1.06)
            if k == 0:
                ax.set_ylabel("loss of this output")
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=9)
        svg = _to_svg(fig, f"{name}: the loss at each output and its derivative",
                      f"For each output node of {name}, the squared-error loss one half of (ŷ − y) squared as a "
                      f"function of the prediction ŷ: a parabola with its minimum at the target, "
                      + ", ".join(fmt(t) for t in step["y_true"]) + ". The current predictions "
                      + ", ".join(fmt(p) for p in y_pred) + " give losses "
                      + ", ".join(fmt(x) for x in losses) + "; the dashed red tangents have the slopes ŷ − y = "
                      + ", ".join(fmt(errors[k]) for k in sorted(errors)) + ", the errors that start the "
                      "backward pass. Both panels have the same scales (each spans the same distance either side "
                      "of its target), so the steeper tangent is drawn steeper.")
    return svg


def lr_text(lr: float) -> str:
    """A learning rate as the chapter's code prints it, ``print(f"lr = {lr}")``: lr = 0.5, lr = 5.0."""
    return f"lr = {lr}"


def gd_one_weight(gd: dict, *, name: str = "Example C") -> str:
    """Chapter 7: the loss as a function of one weight, and the steps of two learning rates."""
    l, j, i = gd["recipe"]["weight"]
    styles = [(FORWARD, "o", "-"), (ORANGE, "s", "--")]
    with matplotlib.rc_context(RC):
        fig, (ax,) = _figure(7.0, 3.6)
        ax.plot(gd["curve_w"], gd["curve_loss"], color=INK, lw=1.6, label="loss L (the other weights fixed)")
        for (lr, path), (colour, marker, ls) in zip(gd["paths"].items(), styles):
            ws, ls_ = [p[0] for p in path], [p[1] for p in path]
            ax.plot(ws, ls_, color=colour, marker=marker, ls=ls, lw=1.3, ms=6,
                    label=f"{lr_text(lr)}: {len(path) - 1} steps, L {fmt(ls_[0])} → {fmt(ls_[-1])}")
            ax.annotate("start", (ws[0], ls_[0]), xytext=(8, 6), textcoords="offset points", fontsize=9,
                        color=MUTED)
        ax.set_xlabel(f"weight w[{l}][{j}][{i}] (hidden node {i} → output node {j})")
        ax.set_ylabel("loss of the sample")
        ax.legend(loc="upper left", fontsize=9)
        lrs = list(gd["paths"])
        runs = "; ".join(
            f"{lr_text(lr)}: {len(path) - 1} steps, w " + " → ".join(fmt(p[0]) for p in path)
            + f", the loss from {fmt(path[0][1])} to {fmt(path[-1][1])}" for lr, path in gd["paths"].items())
        svg = _to_svg(fig, f"{name}: gradient descent on one weight, two learning rates",
                      f"The loss of {name} as a function of the weight w[{l}][{j}][{i}] alone (a parabola), with "
                      f"the points visited by repeated updates w ← w − lr × grad_w starting at {gd['start']:g}. "
                      f"With {lr_text(lrs[0])} the steps creep steadily downhill; with {lr_text(lrs[1])} each step "
                      f"overshoots the minimum and lands on the other side. {runs}.")
    return svg


def training_loss(regression: dict) -> str:
    """Chapter 8: the mean training loss per epoch, from all-zero weights and from ``init_model``."""
    zeros, glorot = regression["zeros"], regression["glorot"]
    r = glorot["recipe"]
    with matplotlib.rc_context(RC):
        fig, (ax,) = _figure(6.8, 3.3)
        for run, colour, marker, ls, label in ((zeros, ORANGE, "s", "--", "all-zero start"),
                                               (glorot, FORWARD, "o", "-", f"init_model(seed={r['init_seed']})")):
            h = run["history"]
            ax.plot(range(1, len(h) + 1), h, color=colour, marker=marker, ls=ls, ms=4, lw=1.5,
                    label=f"{label}: {fmt(h[0], 5)} → {fmt(h[-1], 5)}")
        ax.set_yscale("log")
        ax.set_xlabel("epoch")
        ax.set_ylabel("mean training loss (log scale)")
        ax.legend(loc="upper right", fontsize=9)
        svg = _to_svg(fig, "Training on the regression plane: the loss per epoch",
                      f"The mean training loss per epoch (logarithmic scale) of layers {r['layers']} on the "
                      f"regression-plane data, batch_size {r['batch_size']}, lr {r['lr']:g}, for "
                      f"{r['epochs']} epochs: once from all-zero weights, falling from {fmt(zeros['history'][0], 5)} "
                      f"to {fmt(zeros['history'][-1], 5)}, once from init_model's random weights, falling from "
                      f"{fmt(glorot['history'][0], 5)} to {fmt(glorot['history'][-1], 5)}.")
    return svg


def _predict(run: dict, points) -> list[list[float]]:
    kwargs = {"activations": run["activations"]} if run["activations"] else {}
    return [forward_prop(*run["model"], p, **kwargs) for p in points]


def training_predictions(regression: dict, n_points: int = 200) -> str:
    """Chapter 8: predictions against the truth on validation points the network never trained on."""
    with matplotlib.rc_context(RC):
        fig, axes = _figure(7.4, 3.4, 2)
        desc_parts = []
        for ax, key, label, colour, marker in ((axes[0], "zeros", "all-zero start", ORANGE, "s"),
                                               (axes[1], "glorot", "init_model start", FORWARD, "o")):
            run = regression[key]
            xs, ys = run["x_valid"][:n_points], [t[0] for t in run["y_valid"][:n_points]]
            preds = [p[0] for p in _predict(run, xs)]
            mse = sum(sseloss(p, t) for p, t in zip(preds, ys)) / len(ys)
            ax.plot([-1, 1], [-1, 1], color=INK, lw=1, ls=":", label="prediction = truth")
            ax.plot(ys, preds, ls="none", marker=marker, ms=3.5, color=colour, alpha=0.8,
                    label=f"{len(ys)} validation points")
            ax.set_title(f"{label}, after {run['recipe']['epochs']} epochs\nvalidation loss {fmt(mse, 5)}",
                         fontsize=11)
            ax.set_xlabel("true value y")
            ax.set_aspect("equal")
            ax.legend(loc="upper left", fontsize=8.5)
            desc_parts.append(f"{label}: mean loss {fmt(mse, 5)}")
        axes[0].set_ylabel("prediction ŷ")
        svg = _to_svg(fig, "Training on the regression plane: predictions against the truth",
                      "Two scatter plots of the trained network's prediction against the true value on "
                      f"{n_points} validation points, with the diagonal where prediction equals truth: "
                      + "; ".join(desc_parts) + ". Points close to the diagonal are good predictions.")
    return svg


def decision_regions(run: dict, grid: int = 70) -> str:
    """Chapter 8: where the trained classifier says "inside" and "outside", with the data and the loss curve."""
    r = run["recipe"]
    lim = 6.0
    xs = [-lim + 2 * lim * k / (grid - 1) for k in range(grid)]
    probs = _predict(run, [[x, y] for y in xs for x in xs])
    # class 1 (target [0, 1]) is "inside"
    p_inside = [[probs[row * grid + col][1] for col in range(grid)] for row in range(grid)]
    preds = _predict(run, run["x_valid"])
    correct = sum(p.index(max(p)) == t.index(1.0) for p, t in zip(preds, run["y_valid"]))
    acc = correct / len(preds)
    with matplotlib.rc_context(RC):
        fig, axes = _figure(7.6, 4.2, 2)
        ax = axes[0]
        ax.contourf(xs, xs, p_inside, levels=[0, 0.5, 1], colors=[REGION_OUT, REGION_IN])
        ax.contour(xs, xs, p_inside, levels=[0.5], colors=[INK], linewidths=1.6)
        pts, ts = run["x_train"], run["y_train"]
        inside = [p for p, t in zip(pts, ts) if t[1] == 1.0]
        outside = [p for p, t in zip(pts, ts) if t[0] == 1.0]
        ax.plot([p[0] for p in inside], [p[1] for p in inside], "o", ms=3.5, color=FORWARD,
                label="class inside (training)")
        ax.plot([p[0] for p in outside], [p[1] for p in outside], "^", ms=3.5, color=ORANGE,
                label="class outside (training)")
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
        ax.set_title(f"decision regions, validation accuracy {acc:.4f}", fontsize=11)
        ax.set_xlabel("x1")
        ax.set_ylabel("x2")
        handles, labels = ax.get_legend_handles_labels()
        handles += [Line2D([], [], color=INK, lw=1.6), Patch(facecolor=REGION_IN, edgecolor=INK, lw=0.6),
                    Patch(facecolor=REGION_OUT, edgecolor=INK, lw=0.6)]
        labels += ["boundary: p = 0.5", "predicted inside (p > 0.5)", "predicted outside"]
        fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=3, fontsize=8.5)
        ax.grid(False)
        h = run["history"]
        axes[1].plot(range(1, len(h) + 1), h, color=FORWARD, marker="o", ms=3.5, lw=1.5)
        axes[1].set_title(f"cross-entropy per epoch: {fmt(h[0])} → {fmt(h[-1])}", fontsize=11)
        axes[1].set_xlabel("epoch")
        axes[1].set_ylabel("mean training loss")
        shape = r["layers"]
        svg = _to_svg(fig, "Classifying the circle data set: decision regions and loss",
                      f"Left: the plane coloured by the class a network with layers {shape}, a softmax output "
                      f"and cross-entropy loss predicts after {r['epochs']} epochs, with the boundary where both "
                      f"classes have probability 0.5 drawn as a black line, and the training points (circles: "
                      f"inside, triangles: outside). Validation accuracy {acc:.4f}. Right: the mean training "
                      f"loss per epoch, from {fmt(h[0])} to {fmt(h[-1])}.")
    return svg


def gradient_check(check: dict, *, name: str = "Example C") -> str:
    """Chapter 9: back_prop, the broken back_prop, and central differences, parameter by parameter."""
    names = check["names"]
    n = len(names)
    idx = list(range(n))
    diff_good = [max(abs(a - b), 1e-16) for a, b in zip(check["backprop"], check["numeric"])]
    diff_bad = [max(abs(a - b), 1e-16) for a, b in zip(check["broken"], check["numeric"])]
    bad = [names[k] for k in idx if diff_bad[k] > 1e-6]
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(7.6, 5.0))
        fig.subplots_adjust(**{**MARGINS, "hspace": 0.12})
        ax, ax2 = fig.subplots(2, 1, sharex=True)
        ax.plot(idx, check["numeric"], "o", ms=10, mfc="none", mec=INK, mew=1.5,
                label=f"central differences (h = {check['h']:g})")
        ax.plot(idx, check["backprop"], "x", ms=7, color=FORWARD, mew=2, label="back_prop")
        ax.plot(idx, check["broken"], "v", ms=6, color=BACKWARD, label="broken back_prop (= instead of +=)")
        ax.set_ylabel("gradient")
        ax.legend(loc="upper left", fontsize=8.5)
        ax2.plot(idx, diff_good, "x-", ms=7, color=FORWARD, mew=2, lw=1, label="|back_prop − differences|")
        ax2.plot(idx, diff_bad, "v--", ms=6, color=BACKWARD, lw=1, label="|broken − differences|")
        ax2.axhline(1e-6, color=MUTED, ls=":", lw=1)
        ax2.text(n - 0.6, 1.6e-6, "1e-6", fontsize=8, color=MUTED, ha="right")
        ax2.set_yscale("log")
        ax2.set_ylabel("difference (log)")
        ax2.set_xticks(idx, names, rotation=40, ha="right", fontsize=9)
        ax2.legend(loc="upper right", fontsize=8.5)
        svg = _to_svg(fig, f"{name}: gradient check, back_prop against central differences",
                      f"For each of the {n} parameters of {name}, the gradient from central differences "
                      f"(hollow circles), from back_prop (crosses) and from a broken back_prop whose line "
                      f"'{check['broken_line'][1]}' overwrites instead of adds (triangles), with step "
                      f"h = {check['h']:g}. Below, the absolute differences on a log scale, and a dotted line at "
                      f"1e-6: back_prop's differences are at most {max(diff_good):.0e}; the broken version's "
                      f"are above the line, up to {max(diff_bad):.0e}, for " + ", ".join(bad) + ".")
    return svg

"""The course's figures and generated tables: every one drawn from a real scratchnet run, during the build.

``FIGURES`` maps a file name (served as ``figures/NAME.svg``) to the function that draws it
from a :class:`~figlib.runs.Runs` in a language, the page it belongs on, and the alt text to
use there. ``build_all()`` draws them all, in one language; the hook ``docs/_hooks/figures.py``
adds the results to the site (each language's build its own), and ``tests/test_figures.py``
checks them. A figure's words are its module's ``WORDS[language]`` (English where a module
has no words in that language); numbers, code names and symbols are the same in all.
``TABLES`` and ``build_tables()`` do the same for tables (HTML), which ``docs/_hooks/tables.py``
puts in place of a page's ``<!-- table: NAME -->`` line.

Modules: ``runs`` (the recipes and the runs), ``values`` (a ``record_step`` run as
per-node values), ``svg`` (a tiny SVG writer), ``network`` (network diagrams),
``steps`` (one node's four steps, the sum over edges, the overview), ``numbering``
(the index convention), ``tables`` (HTML tables of a run), ``plots``
(matplotlib curves).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from scratchnet.gradcheck import sample_loss

from . import describe, network, numbering, plots, steps, tables  # noqa: F401 (describe: used by the figures hook)
from .runs import Runs, loss_after_update


@dataclass(frozen=True)
class Figure:
    draw: Callable[..., str]        # draw(runs, language="en") -> SVG text
    page: str        # the chapter it belongs in
    shows: str       # what it shows (for the manifest)
    alt: str         # suggested alt text for ![alt](figures/NAME.svg)


def _loss_before(step: dict) -> float:
    return sample_loss((step["layers"], step["weights"], step["biases"]), step["x"], step["y_true"])


FIGURES: dict[str, Figure] = {
    "numbering.svg": Figure(
        lambda r, language="en": numbering.numbering_figure(r.forward_b, language=language), "forward.md",
        "Example B's network with one output, one weight, one bias and one weighted sum labelled with their "
        "math symbol, a key with their index in the code and their value, and a ruler giving each layer's "
        "index in cached_outs, cached_sums, weights and biases.",
        "Example B's network, layers 0 to 3. One edge, one node's bias and sum and one node's output carry "
        "their math symbols; the key below gives each one's index in the code, one less than the layer "
        "number except in cached_outs, and the ruler gives every layer's index in each list."),
    "step-overview.svg": Figure(
        lambda r, language="en": steps.overview_figure(r.step_c, _loss_before(r.step_c), loss_after_update(r.step_c),
                                                          language=language),
        "why-backprop.md",
        "One training step of example C as a cycle: forward_prop → loss → back_prop → update_params, with "
        "the run's numbers, and the loss before and after the update.",
        "The cycle of one training step on example C: forward propagation gives the prediction, the loss "
        "compares it with the target, backpropagation returns a gradient for every parameter, the update "
        "moves each parameter against its gradient, and the loss of the same sample drops."),
    "loss-outputs.svg": Figure(
        lambda r, language="en": plots.loss_at_outputs(r.step_c, language=language), "loss.md",
        "Each output of example C: the squared error ½(ŷ − y)² as a function of ŷ, the current ŷ, the "
        "target, and the tangent with slope ŷ − y.",
        "Two parabolas, one per output node of example C: the loss is smallest at the target, and the "
        "slope of the tangent at the current prediction is the error ŷ − y."),
    "four-steps-output0.svg": Figure(
        lambda r, language="en": steps.four_steps_figure(r.step_c, 2, 0, language=language), "one-node.md",
        "Output node 0 of example C through the four steps: error in × f'(u) = delta; delta fans out to "
        "grad_b, grad_w on each incoming edge, grad_x on each input. Same values as trace_table's row 2/0.",
        "Output node 0 of example C: the error flowing in times the activation derivative gives delta; "
        "delta times each input gives the weight gradients, delta times each weight gives the input "
        "gradients that flow back, and delta itself is the bias gradient."),
    "four-steps-hidden0.svg": Figure(
        lambda r, language="en": steps.four_steps_figure(r.step_c, 1, 0, language=language), "one-node.md",
        "Hidden node 0 of example C through the same four steps; its error is what layer 2 sent back.",
        "Hidden node 0 of example C through the same four steps: its error is the sum sent back by the "
        "output layer, and the sigmoid's derivative makes its delta small."),
    "netC-forward.svg": Figure(
        lambda r, language="en": network.network_figure(r.step_c, "forward", language=language), "backprop.md",
        "Example C after the forward pass: weights on the edges, b, u, o on each node, the targets.",
        "Example C after the forward pass: every edge labelled with its weight, every node with its bias, "
        "weighted sum and output."),
    "netC-backward-layer2.svg": Figure(
        lambda r, language="en": network.network_figure(r.step_c, "backward", down_to=2, language=language),
        "backprop.md",
        "Example C after the backward pass has done the output layer: error, f'(u), delta, grad_b on the "
        "output nodes, grad_w on their edges, dashed red arrows back, the errors arrived at layer 1.",
        "Example C during the backward pass, after the output layer: the errors enter from the right, "
        "each output node has its delta, each of its edges its weight gradient, and the sums that flow "
        "back along the edges have arrived at the hidden nodes as their errors."),
    "netC-backward-layer1.svg": Figure(
        lambda r, language="en": network.network_figure(r.step_c, "backward", down_to=1, language=language),
        "backprop.md",
        "Example C after the whole backward pass: every node with error, f'(u), delta, grad_b, every edge "
        "with grad_w; the inputs' grad_x, computed but not used.",
        "Example C after the whole backward pass: every node has its delta and bias gradient, every edge "
        "its weight gradient; the gradients of the inputs are computed too but not used."),
    "sum-over-edges.svg": Figure(
        lambda r, language="en": steps.sum_over_edges_figure(r.step_c, 1, 0, language=language), "backprop.md",
        "Hidden node 0 of example C feeds both output nodes; each sends back delta × w, and "
        "layer_grads_x adds them: the running sum and its total, the node's error.",
        "Hidden node 0 of example C receives one contribution, delta times weight, from each output "
        "node it feeds; its error is their sum."),
    "netC-update.svg": Figure(
        lambda r, language="en": network.network_figure(r.step_c, "update", language=language), "update.md",
        "Example C after update_params with lr 0.1: each weight and bias with its gradient and its new "
        "value.",
        "Example C after one update: each weight and bias shown with its gradient and its new value, the "
        "old value minus the learning rate times the gradient."),
    "gd-one-weight.svg": Figure(
        lambda r, language="en": plots.gd_one_weight(r.gd, language=language), "update.md",
        "The loss of example C as a function of the weight w[1][0][0] alone, and the steps of gradient "
        "descent with a small and a large learning rate.",
        "The loss of example C along one weight is a parabola; with a small learning rate the steps creep "
        "down one side, with a large one they jump back and forth across the minimum."),
    "train-loss.svg": Figure(
        lambda r, language="en": plots.training_loss(r.regression, language=language), "training.md",
        "Mean training loss per epoch on the regression plane, from all-zero weights and from init_model "
        "(log scale).",
        "The training loss per epoch on the regression plane, from all-zero weights and from random "
        "starting weights; both fall, the random start faster at first."),
    "train-predictions.svg": Figure(
        lambda r, language="en": plots.training_predictions(r.regression, language=language), "training.md",
        "Predictions against the truth on validation points, for both trained networks.",
        "Predictions against true values on validation points for the two trained networks; the points "
        "lie close to the diagonal where prediction equals truth."),
    "train-classification.svg": Figure(
        lambda r, language="en": plots.decision_regions(r.classification, language=language), "classification.md",
        "A softmax + cross-entropy classifier on the circle data: decision regions with the training "
        "points, and the loss per epoch.",
        "Decision regions of a small classifier trained on the circle data set: the boundary encloses the "
        "inner class; beside it the cross-entropy loss falls epoch by epoch."),
    "gradient-check.svg": Figure(
        lambda r, language="en": plots.gradient_check(r.gradcheck, language=language), "gradient-check.md",
        "Example C's 12 gradients from central differences, back_prop and the broken back_prop (= instead "
        "of +=), and their differences on a log scale.",
        "For every parameter of example C, back_prop agrees with central differences to about ten "
        "decimal places, while the broken version is far off for every parameter of the first layer."),
}


@dataclass(frozen=True)
class Table:
    draw: Callable[[Runs], str]
    page: str        # the chapter whose marker <!-- table: NAME --> it replaces
    shows: str       # what it shows


#: Tables drawn from the same runs, for ``docs/_hooks/tables.py``: a page shows one with a line
#: ``<!-- table: NAME -->``; the numbers are tagged like the figures' (``data-v``).
TABLES: dict[str, Table] = {
    "backward-layer2": Table(
        lambda r, language="en": tables.backward_table(r.step_c, 2, language=language), "backprop.md",
        "Example C's output layer in back_prop: every variable of the four steps, one column per node."),
    "backward-layer1": Table(
        lambda r, language="en": tables.backward_table(r.step_c, 1, language=language), "backprop.md",
        "Example C's hidden layer in back_prop: every variable of the four steps, one column per node."),
    "trace-table": Table(
        lambda r, language="en": tables.node_table(r.step_c, language=language), "backprop.md",
        "Example C, one row per node: sum, output, error, f'(u), delta, grad_b and grad_w (trace_table's rows)."),
}


def build_tables(runs: Runs | None = None, names=None, language: str = "en") -> dict[str, str]:
    """Draw the tables (all, or ``names``) from one set of runs, in ``language``: ``{name: HTML}``."""
    runs = runs if runs is not None else Runs()
    out = {}
    for name in (names if names is not None else TABLES):
        try:
            out[name] = TABLES[name].draw(runs, language)
        except Exception as error:
            raise RuntimeError(f"table {name!r} could not be drawn: {error}") from error
    return out


def build_all(runs: Runs | None = None, names=None, language: str = "en") -> dict[str, str]:
    """Draw the figures (all, or ``names``) from one set of runs, in ``language``: ``{file name: SVG text}``."""
    runs = runs if runs is not None else Runs()
    out = {}
    for name in (names if names is not None else FIGURES):
        try:
            out[name] = FIGURES[name].draw(runs, language)
        except Exception as error:
            raise RuntimeError(f"figure {name!r} could not be drawn: {error}") from error
    return out

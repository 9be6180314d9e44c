"""Every run the figures draw, in one place: the recipes, and one cache per build.

A recipe is plain data (a dict) so it is easy to line up with the chapter that prints the
same run. :class:`Runs` computes each run the first time a figure asks for it and keeps
it for the rest of the build; a new build makes a new ``Runs``, so a changed example or a
changed line in ``scratchnet`` shows on the next build.

Only scratchnet's public functions compute the numbers; this module only calls them.
"""

from __future__ import annotations

import copy
import random
from functools import cached_property

from scratchnet import example_b, example_c, forward_prop, init_model, train, update_params
from scratchnet.backward import back_prop
from scratchnet.gradcheck import numerical_gradients, sample_loss
from scratchnet.tracing import record_step
from scratchnet.variants import FORGOT_THE_SUM, variant

# --- Example C: one step (chapters 3-7) -----------------------------------------------------
#: lr of example C's one update, as in the series.
EXAMPLE_C_LR = 0.1

# --- Chapter 7: gradient descent on one weight of example C -------------------------------
#: As in "Updating the parameters": the weight ``weights[1][0][0]`` (hidden node 0 -> output
#: node 0) alone, six steps from its value 0.4 with lr 0.5 (creeps down one side) and lr 5.0
#: (zigzags across the valley). The loss is a parabola in it (the output layer is identity).
GD_ONE_WEIGHT = {"weight": (1, 0, 0), "lrs": (0.5, 5.0), "steps": 6, "span": (-3.2, 1.0)}

# --- Chapter 8: training on data ----------------------------------------------------------
#: Example D, the regression plane (series, part 3): plygdata's "regression plane", noise 0,
#: half of the 1,200 points for training, layers [2, 3, 1], batch_size 4, lr 0.02; once
#: from all-zero weights, once from ``init_model(seed=...)``.
#: ``epochs``: the chapter trains 100 epochs; the figures draw the first ``epochs`` of
#: the very same run (same data, same shuffle seed: ``train``'s epochs are identical up
#: to there), because 2 x 100 epochs in plain Python still cost about 3.6 s of CPU
#: (measured again after the package got faster: 30 epochs of both cost about 1.1 s),
#: too long for every build.
REGRESSION = {
    "dataset": "RegressPlane", "noise": 0.0, "data_seed": 0, "validation_size": 0.5,
    "layers": [2, 3, 1], "init_seed": 0, "batch_size": 4, "epochs": 30, "lr": 0.02, "shuffle_seed": 0,
}
#: The classification run of chapter 9, "Classification: softmax and cross-entropy":
#: plygdata's "circle" (label -1, outside: target [1, 0]; label +1, inside: target [0, 1]),
#: softmax output with cross-entropy, all 50 epochs as in the chapter.
CLASSIFICATION = {
    "dataset": "ClassifyCircleData", "noise": 0.0, "data_seed": 0, "validation_size": 0.5,
    "layers": [2, 4, 2], "activations": ["sigmoid", "softmax"], "loss": "cross_entropy",
    "init_seed": 0, "batch_size": 10, "epochs": 50, "lr": 0.2, "shuffle_seed": 0,
}

# --- Chapter 10: the gradient check -------------------------------------------------------
#: The broken line of the course's "break it" exercise: the input gradients are
#: overwritten instead of summed over the nodes each input feeds.
BROKEN_LINE = FORGOT_THE_SUM
GRADCHECK_H = 1e-6


def load_dataset(recipe: dict):
    """``(x_train, y_train, x_valid, y_valid)`` as plain lists, from plygdata with fixed seeds.

    Classification labels -1 / +1 become one-hot targets ``[1, 0]`` / ``[0, 1]`` (as the chapter does).
    """
    import numpy as np
    import plygdata as pg

    random.seed(recipe["data_seed"])
    np.random.seed(recipe["data_seed"])
    data = pg.generate_data(getattr(pg.DatasetType, recipe["dataset"]), recipe["noise"])
    x_train, y_train, x_valid, y_valid = pg.split_data(data, validation_size=recipe["validation_size"])
    x_train, y_train, x_valid, y_valid = (a.tolist() for a in (x_train, y_train, x_valid, y_valid))
    if "loss" in recipe and recipe["loss"] == "cross_entropy":
        y_train = [[1.0, 0.0] if t[0] < 0 else [0.0, 1.0] for t in y_train]
        y_valid = [[1.0, 0.0] if t[0] < 0 else [0.0, 1.0] for t in y_valid]
    return x_train, y_train, x_valid, y_valid


def train_run(recipe: dict, method: str = "glorot") -> dict:
    """Train as the recipe says; returns the data, the model before and after, and the loss history."""
    x_train, y_train, x_valid, y_valid = load_dataset(recipe)
    start = init_model(recipe["layers"], seed=recipe["init_seed"], method=method)
    kwargs = {}
    if "loss" in recipe:
        kwargs = {"activations": recipe["activations"], "loss": recipe["loss"]}
    model, history = train(copy.deepcopy(start), x_train, y_train, batch_size=recipe["batch_size"],
                           epochs=recipe["epochs"], lr=recipe["lr"], verbose=0, seed=recipe["shuffle_seed"],
                           **kwargs)
    return {"recipe": recipe, "method": method, "start": start, "model": model, "history": history,
            "x_train": x_train, "y_train": y_train, "x_valid": x_valid, "y_valid": y_valid,
            "activations": kwargs.get("activations")}


def forward_run(example: dict | None = None) -> dict:
    """Example B's forward pass with its cache (chapter 2): the shapes and values the numbering figure labels."""
    b = example if example is not None else example_b()
    layers, weights, biases = b["model"]
    y_pred, cached_outs, cached_sums = forward_prop(layers, weights, biases, b["x"], cache_mode=True)
    return {"layers": list(layers), "weights": weights, "biases": biases, "x": list(b["x"]), "y_pred": y_pred,
            "cached_outs": cached_outs, "cached_sums": cached_sums}


def example_c_step(example: dict | None = None, lr: float = EXAMPLE_C_LR) -> dict:
    """Example C's forward pass, backward pass and update, recorded by ``record_step``."""
    c = example if example is not None else example_c()
    return record_step(c["model"], c["x"], c["y_true"], lr)


def loss_after_update(step: dict) -> float:
    """The sample's loss again, with the updated weights (the point of the whole exercise)."""
    model = (step["layers"], step["new_weights"], step["new_biases"])
    return sample_loss(model, step["x"], step["y_true"])


def gd_one_weight(example: dict | None = None, recipe: dict = GD_ONE_WEIGHT) -> dict:
    """Gradient descent on one weight of example C, the others held fixed.

    Each step runs the real ``forward_prop``, ``back_prop`` and ``update_params``; only the
    chosen weight's gradient is passed on to the update, so only that weight moves.
    """
    c = example if example is not None else example_c()
    layers, weights, biases = c["model"]
    l, j, i = recipe["weight"]
    lo, hi = recipe["span"]
    curve_w = [lo + (hi - lo) * k / 200 for k in range(201)]
    curve_loss = []
    for w in curve_w:
        trial = copy.deepcopy(weights)
        trial[l][j][i] = w
        curve_loss.append(sample_loss((layers, trial, biases), c["x"], c["y_true"]))
    paths = {}
    for lr in recipe["lrs"]:
        w_now, b_now = copy.deepcopy(weights), copy.deepcopy(biases)
        path = []
        for _ in range(recipe["steps"] + 1):
            y_pred, outs, sums = forward_prop(layers, w_now, b_now, c["x"], cache_mode=True)
            grads_w, grads_b = back_prop(layers, w_now, b_now, c["y_true"], outs, sums)
            path.append((w_now[l][j][i], sample_loss((layers, w_now, b_now), c["x"], c["y_true"]),
                         grads_w[l][j][i]))
            only_w = [[[g if (ll, jj, ii) == (l, j, i) else 0.0 for ii, g in enumerate(row)]
                       for jj, row in enumerate(layer)] for ll, layer in enumerate(grads_w)]
            no_b = [[0.0] * len(layer) for layer in grads_b]
            w_now, b_now = update_params(layers, w_now, b_now, only_w, no_b, lr)
        paths[lr] = path
    return {"recipe": recipe, "start": weights[l][j][i], "curve_w": curve_w, "curve_loss": curve_loss,
            "paths": paths}


def gradient_check(example: dict | None = None) -> dict:
    """Example C's gradients three ways: ``back_prop``, central differences, and the broken ``back_prop``."""
    c = example if example is not None else example_c()
    model, x, y_true = c["model"], c["x"], c["y_true"]
    layers, weights, biases = model
    y_pred, outs, sums = forward_prop(*model, x, cache_mode=True)
    good = back_prop(layers, weights, biases, y_true, outs, sums)
    broken = variant(back_prop, *BROKEN_LINE)(layers, weights, biases, y_true, outs, sums)
    numeric = numerical_gradients(model, x, y_true, h=GRADCHECK_H)
    names, rows = [], []
    for l in range(len(weights)):
        for j in range(len(weights[l])):
            for i in range(len(weights[l][j])):
                names.append(f"w[{l}][{j}][{i}]")
                rows.append((numeric[0][l][j][i], good[0][l][j][i], broken[0][l][j][i]))
            names.append(f"b[{l}][{j}]")
            rows.append((numeric[1][l][j], good[1][l][j], broken[1][l][j]))
    return {"names": names, "numeric": [r[0] for r in rows], "backprop": [r[1] for r in rows],
            "broken": [r[2] for r in rows], "broken_line": BROKEN_LINE, "h": GRADCHECK_H}


class Runs:
    """The runs of one build, each computed once, the first time a figure needs it."""

    @cached_property
    def forward_b(self) -> dict:
        return forward_run()

    @cached_property
    def step_c(self) -> dict:
        return example_c_step()

    @cached_property
    def regression(self) -> dict:
        return {"glorot": train_run(REGRESSION, "glorot"), "zeros": train_run(REGRESSION, "zeros")}

    @cached_property
    def classification(self) -> dict:
        return train_run(CLASSIFICATION, "glorot")

    @cached_property
    def gd(self) -> dict:
        return gd_one_weight()

    @cached_property
    def gradcheck(self) -> dict:
        return gradient_check()


__all__ = ["Runs", "EXAMPLE_C_LR", "GD_ONE_WEIGHT", "REGRESSION", "CLASSIFICATION", "BROKEN_LINE",
           "forward_run", "example_c_step", "loss_after_update", "gd_one_weight", "gradient_check", "train_run",
           "load_dataset"]

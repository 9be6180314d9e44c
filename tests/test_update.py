"""Unit tests for scratchnet.update: one step of gradient descent."""

from __future__ import annotations

import copy
import math

import pytest

from scratchnet import DivergedError, back_prop, example_c, forward_prop, update_params

LAYERS = [2, 2, 1]
WEIGHTS = [[[0.5, -0.25], [1.0, 2.0]], [[-3.0, 0.75]]]
BIASES = [[0.1, -0.1], [0.0]]
GRADS_W = [[[1.0, 2.0], [-0.5, 0.0]], [[4.0, -8.0]]]
GRADS_B = [[0.25, 1.5], [-2.0]]


def test_each_parameter_moves_against_its_gradient():
    new_w, new_b = update_params(LAYERS, WEIGHTS, BIASES, GRADS_W, GRADS_B, lr=0.5)
    assert new_w == [[[0.5 - 0.5, -0.25 - 1.0], [1.0 + 0.25, 2.0]], [[-3.0 - 2.0, 0.75 + 4.0]]]
    assert new_b == [[0.1 - 0.125, -0.1 - 0.75], [1.0]]


def test_the_default_learning_rate_is_0_1():
    assert update_params(LAYERS, WEIGHTS, BIASES, GRADS_W, GRADS_B) == \
        update_params(LAYERS, WEIGHTS, BIASES, GRADS_W, GRADS_B, lr=0.1)
    new_w, new_b = update_params(LAYERS, WEIGHTS, BIASES, GRADS_W, GRADS_B)
    assert new_w[1][0][0] == -3.0 - 0.1 * 4.0


def test_zero_gradients_change_nothing():
    zeros_w = [[[0.0] * len(row) for row in layer] for layer in WEIGHTS]
    zeros_b = [[0.0] * len(layer) for layer in BIASES]
    assert update_params(LAYERS, WEIGHTS, BIASES, zeros_w, zeros_b, lr=0.3) == (WEIGHTS, BIASES)


def test_example_c_one_update_with_lr_0_1():
    c = example_c()
    layers, weights, biases = c["model"]
    _, outs, sums = forward_prop(layers, weights, biases, c["x"], cache_mode=True)
    grads_w, grads_b = back_prop(layers, weights, biases, c["y_true"], outs, sums)
    new_w, new_b = update_params(layers, weights, biases, grads_w, grads_b, lr=0.1)
    for l in range(2):
        for j in range(2):
            assert new_b[l][j] == biases[l][j] - 0.1 * grads_b[l][j]
            for i in range(2):
                assert new_w[l][j][i] == weights[l][j][i] - 0.1 * grads_w[l][j][i]
    # and the step helps: the loss of the sample goes down
    def loss(w, b):
        return sum(0.5 * (p - t) ** 2 for p, t in zip(forward_prop(layers, w, b, c["x"]), c["y_true"]))
    assert loss(new_w, new_b) < loss(weights, biases)


def test_no_argument_is_mutated():
    args = (LAYERS, WEIGHTS, BIASES, GRADS_W, GRADS_B)
    before = copy.deepcopy(args)
    update_params(*args, lr=0.2)
    assert args == before


def test_results_are_new_lists_at_every_level():
    new_w, new_b = update_params(LAYERS, WEIGHTS, BIASES, GRADS_W, GRADS_B)
    inputs = [WEIGHTS, BIASES, GRADS_W, GRADS_B, *WEIGHTS, *BIASES, *GRADS_W, *GRADS_B,
              *(row for layer in WEIGHTS + GRADS_W for row in layer)]
    results = [new_w, new_b, *new_w, *new_b, *(row for layer in new_w for row in layer)]
    assert all(r is not a for r in results for a in inputs)


@pytest.mark.parametrize("where", ["weight", "bias"])
def test_a_step_that_overflows_is_reported_as_divergence_not_as_inf(where):
    weights, biases = [[[1e308, 0.5]]], [[-1e308]]
    grads_w = [[[-1e10, 0.0]]] if where == "weight" else [[[0.0, 0.0]]]
    grads_b = [[1e10]] if where == "bias" else [[0.0]]
    place = r"new_weights\[0\]\[0\]\[0\]" if where == "weight" else r"new_biases\[0\]\[0\]"
    with pytest.raises(DivergedError, match=rf"^{place} overflowed to -?inf .*smaller learning rate"):
        update_params([2, 1], weights, biases, grads_w, grads_b, lr=1e300)


def test_huge_but_finite_parameters_are_not_mistaken_for_divergence():
    # the row sums overflow, but no single parameter does: nothing is wrong
    weights, biases = [[[1e308, 1e308]]], [[1e308]]
    new_w, new_b = update_params([2, 1], weights, biases, [[[0.0, 0.0]]], [[0.0]], lr=0.1)
    assert new_w == weights and new_b == biases
    assert all(math.isfinite(v) for v in new_w[0][0] + new_b[0])

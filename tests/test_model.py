"""Unit tests for scratchnet.model (init_model, default_activations) and the running examples."""

from __future__ import annotations

import copy
import math

import pytest

from scratchnet import default_activations, example_a, example_b, example_c, forward_prop, init_model, train


@pytest.mark.parametrize("layers", [[2, 3, 1], [3, 4, 2], [2, 3, 2, 1], [1, 5, 5, 3], [4, 1]])
def test_init_model_shapes(layers):
    got_layers, weights, biases = init_model(layers, seed=0)
    assert got_layers == layers
    assert [len(layer) for layer in weights] == layers[1:]
    assert [[len(row) for row in layer] for layer in weights] == [[layers[l]] * layers[l + 1]
                                                                   for l in range(len(layers) - 1)]
    assert biases == [[0.0] * n for n in layers[1:]]


def test_init_model_with_a_seed_is_reproducible():
    assert init_model([2, 3, 2, 1], seed=11) == init_model([2, 3, 2, 1], seed=11)


def test_init_model_with_another_seed_gives_other_weights():
    assert init_model([2, 3, 2, 1], seed=11)[1] != init_model([2, 3, 2, 1], seed=12)[1]


def test_glorot_weights_lie_within_the_bound_and_differ():
    layers, weights, _ = init_model([3, 8, 2], seed=5)
    for l, layer in enumerate(weights):
        bound = math.sqrt(6.0 / (layers[l] + layers[l + 1]))
        flat = [w for row in layer for w in row]
        assert all(-bound <= w <= bound for w in flat)
        assert len(set(flat)) == len(flat)               # no two weights equal: the symmetry is broken
    assert weights == init_model([3, 8, 2], seed=5, method="glorot")[1]    # glorot is the default


def test_zeros_method_gives_all_zero_weights():
    _, weights, biases = init_model([2, 3, 1], method="zeros", seed=3)
    assert weights == [[[0.0, 0.0]] * 3, [[0.0, 0.0, 0.0]]]
    assert biases == [[0.0, 0.0, 0.0], [0.0]]


def test_zeros_method_keeps_the_hidden_nodes_identical_through_training():
    # the symmetry problem: nodes that start equal get equal gradients, so they stay equal
    x = [[0.5, -1.0], [1.0, 2.0], [-1.5, 0.5], [0.2, 0.9]]
    y = [[1.0], [-0.5], [0.3], [0.8]]
    (_, weights, biases), history = train(init_model([2, 3, 1], method="zeros"), x, y,
                                          batch_size=2, epochs=5, lr=0.3, verbose=0, seed=0)
    assert history[-1] != history[0]                       # it did learn something...
    hidden_rows = weights[0]
    assert hidden_rows[0] == hidden_rows[1] == hidden_rows[2]            # ...but the hidden nodes are clones
    assert biases[0][0] == biases[0][1] == biases[0][2]
    assert weights[1][0][0] == weights[1][0][1] == weights[1][0][2]


def test_init_model_returns_new_lists_and_leaves_layers_alone():
    layers = [2, 3, 1]
    got_layers, weights, _ = init_model(layers, seed=0)
    assert got_layers is not layers and layers == [2, 3, 1]
    assert weights[0][0] is not weights[0][1]             # rows are separate lists, not one list repeated
    _, zeros, zero_biases = init_model(layers, method="zeros")
    zeros[0][0][0] = 1.0
    zero_biases[0][0] = 1.0
    assert zeros[0][1] == [0.0, 0.0] and zero_biases[0][1] == 0.0


@pytest.mark.parametrize("layers, expected", [
    ([2, 1], ["identity"]),
    ([2, 3, 1], ["sigmoid", "identity"]),
    ([2, 3, 2, 1], ["sigmoid", "sigmoid", "identity"]),
])
def test_default_activations(layers, expected):
    assert default_activations(layers) == expected


# --- the running examples -------------------------------------------------------------

def test_the_examples_have_the_series_numbers():
    a, b, c = example_a(), example_b(), example_c()
    assert a["model"][0] == [2, 3, 1] and a["x"] == [0.05, 0.1] and a["y_true"] == [1.0]
    assert all(v == 0.0 for layer in a["model"][1] for row in layer for v in row)
    assert b["model"] == ([2, 3, 2, 1],
                          [[[-0.2, 0.4], [-0.4, -0.5], [-0.4, -0.5]], [[-0.2, 0.4, 0.9], [-0.4, -0.5, -0.2]],
                           [[-0.5, 1.0]]],
                          [[0.1, -0.1, 0.1], [0.2, -0.2], [0.3]])
    assert b["x"] == [2.3, 1.5]
    assert c["model"] == ([2, 2, 2], [[[0.15, 0.2], [0.25, 0.3]], [[0.4, 0.45], [0.5, 0.55]]],
                          [[0.35, 0.35], [0.6, 0.6]])
    assert c["x"] == [0.05, 0.1] and c["y_true"] == [0.01, 0.99]


@pytest.mark.parametrize("example", [example_a, example_b, example_c])
def test_each_example_call_returns_fresh_copies(example):
    first = example()
    before = copy.deepcopy(first)
    first["model"][1][0][0][0] = 123.0
    first["model"][2][0][0] = 123.0
    first["x"][0] = 123.0
    assert example() == before
    forward_prop(*before["model"], before["x"])             # and each one runs

"""Unit tests for scratchnet.forward: forward_prop, its cache, its options."""

from __future__ import annotations

import copy
import math
import random

import pytest

from scratchnet import DivergedError, example_a, example_b, example_c, forward_prop, init_model


def sig(u):
    return 1.0 / (1.0 + math.exp(-u))


def reference_forward(weights, biases, x, hidden=sig, output=lambda u: u):
    """A plain re-derivation of the forward pass, independent of scratchnet."""
    outs, sums = [list(x)], []
    for l, (layer_w, layer_b) in enumerate(zip(weights, biases)):
        f = output if l == len(weights) - 1 else hidden
        u = [sum(w_ji * o_i for w_ji, o_i in zip(row, outs[-1])) + b_j for row, b_j in zip(layer_w, layer_b)]
        sums.append(u)
        outs.append([f(v) for v in u])
    return outs[-1], outs, sums


def test_example_c_by_hand():
    c = example_c()
    y_pred, cached_outs, cached_sums = forward_prop(*c["model"], c["x"], cache_mode=True)
    u1 = 0.15 * 0.05 + 0.2 * 0.1 + 0.35          # 0.3775
    u2 = 0.25 * 0.05 + 0.3 * 0.1 + 0.35          # 0.3925
    h1 = 1.0 / (1.0 + math.exp(-u1))
    h2 = 1.0 / (1.0 + math.exp(-u2))
    o1 = 0.4 * h1 + 0.45 * h2 + 0.6              # identity output
    o2 = 0.5 * h1 + 0.55 * h2 + 0.6
    assert cached_sums[0] == pytest.approx([u1, u2], rel=1e-15)
    assert cached_outs[1] == pytest.approx([h1, h2], rel=1e-15)
    assert cached_sums[1] == pytest.approx([o1, o2], rel=1e-15)
    assert y_pred == pytest.approx([o1, o2], rel=1e-15)
    assert cached_outs == [[0.05, 0.1], pytest.approx([h1, h2]), pytest.approx([o1, o2])]
    # a sanity anchor on the numbers themselves (sigmoid(0.3775) is about 0.5933)
    assert h1 == pytest.approx(0.593269992, abs=1e-9)


def test_example_a_all_zero_weights():
    a = example_a()
    y_pred, cached_outs, cached_sums = forward_prop(*a["model"], a["x"], cache_mode=True)
    assert y_pred == [0.0]
    assert cached_sums == [[0.0, 0.0, 0.0], [0.0]]
    assert cached_outs == [[0.05, 0.1], [0.5, 0.5, 0.5], [0.0]]


def test_example_b_matches_a_plain_re_derivation():
    b = example_b()
    layers, weights, biases = b["model"]
    y_pred, cached_outs, cached_sums = forward_prop(layers, weights, biases, b["x"], cache_mode=True)
    ref_pred, ref_outs, ref_sums = reference_forward(weights, biases, b["x"])
    assert y_pred == pytest.approx(ref_pred, rel=1e-14)
    for got, want in zip(cached_outs + cached_sums, ref_outs + ref_sums):
        assert got == pytest.approx(want, rel=1e-14)


@pytest.mark.parametrize("layers", [[2, 3, 1], [3, 4, 2], [2, 3, 2, 1], [1, 5, 5, 3], [4, 1]])
def test_random_networks_match_a_plain_re_derivation_and_have_the_right_shapes(layers):
    rng = random.Random(sum(layers))
    layers, weights, biases = init_model(layers, seed=len(layers))
    biases = [[rng.uniform(-1, 1) for _ in layer] for layer in biases]
    x = [rng.uniform(-2, 2) for _ in range(layers[0])]
    y_pred, cached_outs, cached_sums = forward_prop(layers, weights, biases, x, cache_mode=True)
    assert len(y_pred) == layers[-1]
    assert [len(o) for o in cached_outs] == layers
    assert [len(s) for s in cached_sums] == layers[1:]
    ref_pred, _, ref_sums = reference_forward(weights, biases, x)
    assert y_pred == pytest.approx(ref_pred, rel=1e-13)
    assert cached_sums == [pytest.approx(s, rel=1e-13) for s in ref_sums]


def test_without_cache_mode_only_the_prediction_comes_back():
    c = example_c()
    y_pred = forward_prop(*c["model"], c["x"])
    assert isinstance(y_pred, list) and len(y_pred) == 2
    assert y_pred == forward_prop(*c["model"], c["x"], cache_mode=True)[0]


def test_the_default_is_sigmoid_hidden_and_identity_output():
    b = example_b()
    default = forward_prop(*b["model"], b["x"], cache_mode=True)
    explicit = forward_prop(*b["model"], b["x"], cache_mode=True, activations=["sigmoid", "sigmoid", "identity"])
    assert default == explicit


@pytest.mark.parametrize("name, f", [
    ("tanh", math.tanh),
    ("relu", lambda u: max(0.0, u)),
    ("identity", lambda u: u),
    ("sigmoid", sig),
])
def test_a_hidden_activation_can_be_chosen(name, f):
    b = example_b()
    layers, weights, biases = b["model"]
    y_pred = forward_prop(layers, weights, biases, b["x"], activations=[name, name, "identity"])
    assert y_pred == pytest.approx(reference_forward(weights, biases, b["x"], hidden=f)[0], rel=1e-14)


def test_a_softmax_output_gives_probabilities():
    c = example_c()
    y_pred, _, cached_sums = forward_prop(*c["model"], c["x"], cache_mode=True, activations=["sigmoid", "softmax"])
    u1, u2 = cached_sums[1]
    assert y_pred == pytest.approx([math.exp(u1) / (math.exp(u1) + math.exp(u2)),
                                    math.exp(u2) / (math.exp(u1) + math.exp(u2))], rel=1e-14)
    assert sum(y_pred) == pytest.approx(1.0)


def test_no_argument_is_mutated():
    b = example_b()
    args = (*b["model"], b["x"])
    before = copy.deepcopy(args)
    forward_prop(*args, cache_mode=True, activations=["relu", "tanh", "identity"])
    forward_prop(*args)
    assert args == before


def test_results_are_new_lists():
    c = example_c()
    layers, weights, biases = c["model"]
    x = c["x"]
    # a [2, 2] identity network with zero biases: its outputs could be its inputs, but must not be them
    y_pred, cached_outs, cached_sums = forward_prop([2, 2], [[[1.0, 0.0], [0.0, 1.0]]], [[0.0, 0.0]], x,
                                                    cache_mode=True)
    assert y_pred == x and y_pred is not x
    assert cached_outs[0] == x and cached_outs[0] is not x
    y_pred, cached_outs, cached_sums = forward_prop(layers, weights, biases, x, cache_mode=True)
    everything = [layers, weights, biases, x, *weights, *biases, *(row for layer in weights for row in layer)]
    for result in [y_pred, cached_outs, cached_sums, *cached_outs, *cached_sums]:
        assert all(result is not arg for arg in everything)


def test_weights_so_large_the_sums_overflow_give_a_diverged_error_not_an_overflow_error():
    with pytest.raises(DivergedError, match=r"overflowed .*smaller learning rate"):
        forward_prop([2, 1], [[[1e308, 1e308]]], [[0.0]], [10.0, 10.0])

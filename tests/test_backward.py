"""Unit tests for scratchnet.backward: back_prop, checked by hand and by central differences."""

from __future__ import annotations

import copy
import math
import random

import pytest

from scratchnet import DivergedError, back_prop, example_a, example_b, example_c, forward_prop
from scratchnet.tracing import record_step

SHAPES = [[2, 3, 1], [3, 4, 2], [2, 3, 2, 1], [1, 5, 5, 3]]
HIDDEN = ["sigmoid", "tanh", "identity", "relu"]
H = 1e-5              # central-difference step
TOLERANCE = 1e-7      # max abs difference allowed by the issue
KINK_MARGIN = 1e-3    # ReLU sums closer to 0 than this are re-drawn (a step of H cannot cross the kink)


def sig(u):
    return 1.0 / (1.0 + math.exp(-u))


# --- the central-difference gradient check ---------------------------------------------

def sample_loss(layers, weights, biases, x, y, activations, loss):
    """One sample's loss, written out here: sum_k (p_k - y_k)^2 / 2, or -sum_k y_k ln p_k."""
    p = forward_prop(layers, weights, biases, x, activations=activations)
    if loss == "sse":
        return sum(0.5 * (p_k - y_k) ** 2 for p_k, y_k in zip(p, y))
    return -sum(y_k * math.log(p_k) for p_k, y_k in zip(p, y) if y_k)


def random_problem(layers, activations, loss, seed):
    """Random weights, biases, sample and target; with ReLU, no hidden sum within KINK_MARGIN of 0."""
    rng = random.Random(seed)
    for _ in range(1000):
        weights = [[[rng.uniform(-1.0, 1.0) for _ in range(layers[l])] for _ in range(layers[l + 1])]
                   for l in range(len(layers) - 1)]
        biases = [[rng.uniform(-0.5, 0.5) for _ in range(layers[l + 1])] for l in range(len(layers) - 1)]
        x = [rng.uniform(-1.0, 1.0) for _ in range(layers[0])]
        if loss == "cross_entropy":
            y = [0.0] * layers[-1]
            y[rng.randrange(layers[-1])] = 1.0
        else:
            y = [rng.uniform(-1.0, 1.0) for _ in range(layers[-1])]
        _, _, sums = forward_prop(layers, weights, biases, x, cache_mode=True, activations=activations)
        hidden_sums = [(name, s) for name, s in zip(activations, sums) if name == "relu"]
        if all(abs(u) > KINK_MARGIN for _, s in hidden_sums for u in s) and \
                all(max(s) > 0 for _, s in hidden_sums):      # and no layer entirely dead
            return weights, biases, x, y
    raise AssertionError("no kink-free problem found")   # pragma: no cover


def numeric_gradients(layers, weights, biases, x, y, activations, loss):
    weights, biases = copy.deepcopy(weights), copy.deepcopy(biases)

    def slope(container, index):
        keep = container[index]
        container[index] = keep + H
        up = sample_loss(layers, weights, biases, x, y, activations, loss)
        container[index] = keep - H
        down = sample_loss(layers, weights, biases, x, y, activations, loss)
        container[index] = keep
        return (up - down) / (2 * H)

    grads_w = [[[slope(row, i) for i in range(len(row))] for row in layer] for layer in weights]
    grads_b = [[slope(layer, j) for j in range(len(layer))] for layer in biases]
    return grads_w, grads_b


def max_abs_difference(a, b):
    if isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b)
        return max((max_abs_difference(p, q) for p, q in zip(a, b)), default=0.0)
    return abs(a - b)


def gradient_check(layers, activations, loss, seed):
    weights, biases, x, y = random_problem(layers, activations, loss, seed)
    _, cached_outs, cached_sums = forward_prop(layers, weights, biases, x, cache_mode=True, activations=activations)
    grads_w, grads_b = back_prop(layers, weights, biases, y, cached_outs, cached_sums,
                                 activations=activations, loss=loss)
    num_w, num_b = numeric_gradients(layers, weights, biases, x, y, activations, loss)
    return max(max_abs_difference(grads_w, num_w), max_abs_difference(grads_b, num_b))


CASES = (
    [(layers, [hidden] * (len(layers) - 2) + ["identity"], "sse") for layers in SHAPES for hidden in HIDDEN]
    + [(layers, [hidden] * (len(layers) - 2) + ["softmax"], "cross_entropy")
       for layers in SHAPES if layers[-1] > 1 for hidden in HIDDEN]
    + [([2, 3, 2, 1], ["relu", "tanh", "identity"], "sse"),          # mixed activations
       ([3, 4, 3, 2], ["tanh", "relu", "softmax"], "cross_entropy"),
       ([2, 3, 1], ["tanh", "sigmoid"], "sse"),                      # non-identity outputs with SSE
       ([2, 4, 3], ["relu", "tanh"], "sse"),
       ([3, 2], ["identity"], "sse"),                                # no hidden layer at all
       ([3, 4], ["softmax"], "cross_entropy")]
)


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("layers, activations, loss", CASES,
                         ids=[f"{'-'.join(map(str, l))}-{'-'.join(a)}" for l, a, _ in CASES])
def test_back_prop_matches_central_differences(layers, activations, loss, seed):
    assert gradient_check(layers, activations, loss, seed) < TOLERANCE


def test_the_default_activations_pass_the_gradient_check():
    layers = [2, 3, 2, 1]
    weights, biases, x, y = random_problem(layers, ["sigmoid", "sigmoid", "identity"], "sse", seed=7)
    _, cached_outs, cached_sums = forward_prop(layers, weights, biases, x, cache_mode=True)
    grads = back_prop(layers, weights, biases, y, cached_outs, cached_sums)
    numeric = numeric_gradients(layers, weights, biases, x, y, None, "sse")
    assert max_abs_difference(list(grads), list(numeric)) < TOLERANCE


def test_the_input_gradient_sums_over_every_node_the_input_feeds():
    # pitfall 2 of the series: dL/dx_i adds up delta_j * w_ji over ALL nodes j of the layer
    layers, activations = [3, 4, 2], ["tanh", "identity"]
    weights, biases, x, y = random_problem(layers, activations, "sse", seed=3)
    _, cached_outs, cached_sums = forward_prop(layers, weights, biases, x, cache_mode=True, activations=activations)
    events = record_step((layers, weights, biases), x, y, activations=activations)["events"]
    first_layer = [e for e in events if e["layer"] == 1 and e["section"] == "step4"]
    grads_x = first_layer[-1]["layer_grads_x"]          # after the last node of layer 1: the full sums
    for i in range(len(x)):
        up, down = list(x), list(x)
        up[i] += H
        down[i] -= H
        numeric = (sample_loss(layers, weights, biases, up, y, activations, "sse")
                   - sample_loss(layers, weights, biases, down, y, activations, "sse")) / (2 * H)
        assert grads_x[i] == pytest.approx(numeric, abs=TOLERANCE)


# --- known values ----------------------------------------------------------------------

def test_example_c_by_hand():
    c = example_c()
    layers, weights, biases = c["model"]
    x, y = c["x"], c["y_true"]
    _, cached_outs, cached_sums = forward_prop(layers, weights, biases, x, cache_mode=True)
    grads_w, grads_b = back_prop(layers, weights, biases, y, cached_outs, cached_sums)

    h1 = sig(0.15 * 0.05 + 0.2 * 0.1 + 0.35)
    h2 = sig(0.25 * 0.05 + 0.3 * 0.1 + 0.35)
    o1 = 0.4 * h1 + 0.45 * h2 + 0.6
    o2 = 0.5 * h1 + 0.55 * h2 + 0.6
    d_o1, d_o2 = o1 - 0.01, o2 - 0.99                       # steps 1, 2 at the output: (p - y) * 1
    d_h1 = (d_o1 * 0.4 + d_o2 * 0.5) * h1 * (1 - h1)        # error summed over both outputs, times sigmoid'
    d_h2 = (d_o1 * 0.45 + d_o2 * 0.55) * h2 * (1 - h2)

    assert grads_b[1] == pytest.approx([d_o1, d_o2], rel=1e-14)
    assert grads_w[1][0] == pytest.approx([d_o1 * h1, d_o1 * h2], rel=1e-14)
    assert grads_w[1][1] == pytest.approx([d_o2 * h1, d_o2 * h2], rel=1e-14)
    assert grads_b[0] == pytest.approx([d_h1, d_h2], rel=1e-13)
    assert grads_w[0][0] == pytest.approx([d_h1 * 0.05, d_h1 * 0.1], rel=1e-13)
    assert grads_w[0][1] == pytest.approx([d_h2 * 0.05, d_h2 * 0.1], rel=1e-13)


def test_example_a_by_hand():
    a = example_a()
    layers, weights, biases = a["model"]
    _, cached_outs, cached_sums = forward_prop(layers, weights, biases, a["x"], cache_mode=True)
    grads_w, grads_b = back_prop(layers, weights, biases, a["y_true"], cached_outs, cached_sums)
    # output 0, target 1: delta = -1; hidden outputs 0.5; all-zero outgoing weights stop the error
    assert grads_b == [[0.0, 0.0, 0.0], [-1.0]]
    assert grads_w == [[[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]], [[-0.5, -0.5, -0.5]]]


def test_softmax_cross_entropy_output_gradient_is_p_minus_y_times_the_input():
    layers, weights, biases = [2, 2], [[[0.3, -0.2], [0.1, 0.4]]], [[0.0, 0.5]]
    x, y = [1.0, 2.0], [0.0, 1.0]
    u = [0.3 * 1.0 - 0.2 * 2.0, 0.1 * 1.0 + 0.4 * 2.0 + 0.5]
    p = [math.exp(u[0]) / (math.exp(u[0]) + math.exp(u[1])), math.exp(u[1]) / (math.exp(u[0]) + math.exp(u[1]))]
    _, outs, sums = forward_prop(layers, weights, biases, x, cache_mode=True, activations=["softmax"])
    grads_w, grads_b = back_prop(layers, weights, biases, y, outs, sums, activations=["softmax"], loss="cross_entropy")
    assert grads_b == [pytest.approx([p[0] - 0.0, p[1] - 1.0], rel=1e-14)]
    assert grads_w == [[pytest.approx([p[0] * 1.0, p[0] * 2.0], rel=1e-14),
                        pytest.approx([(p[1] - 1.0) * 1.0, (p[1] - 1.0) * 2.0], rel=1e-14)]]


# --- shapes, no mutation, new lists ----------------------------------------------------

def _example_b_problem():
    b = example_b()
    layers, weights, biases = b["model"]
    _, cached_outs, cached_sums = forward_prop(layers, weights, biases, b["x"], cache_mode=True)
    return layers, weights, biases, [0.7], cached_outs, cached_sums


def test_gradients_have_the_shapes_of_weights_and_biases():
    layers, weights, biases, y, outs, sums = _example_b_problem()
    grads_w, grads_b = back_prop(layers, weights, biases, y, outs, sums)
    assert [[len(row) for row in layer] for layer in grads_w] == [[len(row) for row in layer] for layer in weights]
    assert [len(layer) for layer in grads_b] == [len(layer) for layer in biases]
    assert all(isinstance(g, float) for layer in grads_w for row in layer for g in row)


def test_no_argument_is_mutated():
    args = _example_b_problem()
    before = copy.deepcopy(args)
    back_prop(*args)
    back_prop(*args, activations=["relu", "tanh", "identity"])
    assert args == before


def test_results_are_new_lists():
    args = _example_b_problem()
    layers, weights, biases, y, outs, sums = args
    grads_w, grads_b = back_prop(*args)
    inputs = [*args, *weights, *biases, *outs, *sums, *(row for layer in weights for row in layer)]
    results = [grads_w, grads_b, *grads_w, *grads_b, *(row for layer in grads_w for row in layer)]
    assert all(r is not a for r in results for a in inputs)
    assert len({id(r) for r in results}) == len(results)     # and not aliases of each other


def test_a_gradient_that_overflows_is_reported_as_divergence_not_overflow_error():
    layers, weights, biases = [1, 1], [[[1.0]]], [[0.0]]
    # a finite prediction and a finite target whose difference overflows
    with pytest.raises(DivergedError, match=r"^grads_w\[0\]\[0\]\[0\] overflowed to -?inf .*smaller learning rate"):
        back_prop(layers, weights, biases, [-1e308], [[1.0], [1e308]], [[1e308]])

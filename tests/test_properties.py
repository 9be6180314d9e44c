"""Property-based tests: scratchnet's gradients are right for *any* network, not just the examples.

``hypothesis`` draws random architectures (2-4 layers of 1-6 nodes), an activation per
hidden layer (sigmoid, tanh, ReLU or identity), an identity output with the squared error
or a softmax output with cross-entropy, and random weights, biases, inputs and targets.
For each it checks that

* ``back_prop`` equals the central differences of the loss computed by ``forward_prop``;
* every result has the shape it should;
* no function changes its arguments;
* one small step of ``update_params`` against the gradient does not increase the loss;
* ``train`` with the same seed gives the same history and the same model.

Flake-proof by construction: weights and inputs are bounded, the tolerance is absolute
*and* relative, points closer to a ReLU kink than the finite-difference step could move
them are skipped (``assume``), and the examples are derandomized with no database, so
every run checks the same examples.
"""

from __future__ import annotations

import copy
import math

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scratchnet import DivergedError, back_prop, forward_prop, train, update_params
from scratchnet.losses import LOSSES

#: The same examples every run, no example database, no per-example deadline (the machine is shared).
PROPERTY = settings(derandomize=True, database=None, deadline=None, max_examples=150,
                    suppress_health_check=[HealthCheck.too_slow])

HIDDEN = ["sigmoid", "tanh", "relu", "identity"]
BOUND = 1.0          # weights, biases, inputs and regression targets lie in [-BOUND, BOUND]
H = 1e-6             # the central-difference step
TOLERANCE = 1e-6     # |back_prop - central difference| <= TOLERANCE * max(1, largest gradient)
KINK = 1e-3          # skip examples with a ReLU sum closer than this to 0


def numbers(count):
    return st.lists(st.floats(-BOUND, BOUND, allow_nan=False, allow_infinity=False, allow_subnormal=False),
                    min_size=count, max_size=count)


@st.composite
def networks(draw):
    """A random network with weights, and one sample (x, y) for it."""
    layers = draw(st.lists(st.integers(1, 6), min_size=2, max_size=4))
    hidden = [draw(st.sampled_from(HIDDEN)) for _ in layers[2:]]
    loss = draw(st.sampled_from(["sse", "cross_entropy"]))
    if loss == "cross_entropy" and layers[-1] == 1:
        layers[-1] = draw(st.integers(2, 6))    # a softmax over one output is constant
    activations = hidden + ["identity" if loss == "sse" else "softmax"]
    weights = [[draw(numbers(n_in)) for _ in range(n_out)] for n_in, n_out in zip(layers, layers[1:])]
    biases = [draw(numbers(n_out)) for n_out in layers[1:]]
    x = draw(numbers(layers[0]))
    if loss == "sse":
        y = draw(numbers(layers[-1]))
    else:
        y = [0.0] * layers[-1]
        y[draw(st.integers(0, layers[-1] - 1))] = 1.0
    return {"layers": layers, "weights": weights, "biases": biases, "x": x, "y": y,
            "activations": activations, "loss": loss}


def loss_of(net, weights=None, biases=None):
    """One sample's loss, summed over the output nodes (what back_prop differentiates)."""
    weights = net["weights"] if weights is None else weights
    biases = net["biases"] if biases is None else biases
    y_pred = forward_prop(net["layers"], weights, biases, net["x"], activations=net["activations"])
    loss_fn = LOSSES[net["loss"]][0]
    return sum(loss_fn(p, t) for p, t in zip(y_pred, net["y"]))


def gradients(net):
    _, outs, sums = forward_prop(net["layers"], net["weights"], net["biases"], net["x"], cache_mode=True,
                                 activations=net["activations"])
    return back_prop(net["layers"], net["weights"], net["biases"], net["y"], outs, sums,
                     activations=net["activations"], loss=net["loss"])


def away_from_relu_kinks(net):
    """True when no ReLU node's weighted sum is within KINK of 0.

    A step of H in one weight moves any weighted sum by at most H * 6 * 6 * BOUND**3 (about
    4e-5 here), so central differences never straddle a kink, where ReLU has no derivative.
    """
    _, _, sums = forward_prop(net["layers"], net["weights"], net["biases"], net["x"], cache_mode=True,
                              activations=net["activations"])
    return all(abs(u) > KINK for name, layer in zip(net["activations"], sums) if name == "relu" for u in layer)


def central_differences(net):
    """dL/dw and dL/db for every weight and bias: (L(p + H) - L(p - H)) / 2H, shaped like back_prop's result."""
    grads_w = []
    for l, layer in enumerate(net["weights"]):
        grads_w.append([])
        for j, row in enumerate(layer):
            grads_w[l].append([])
            for i in range(len(row)):
                plus, minus = copy.deepcopy(net["weights"]), copy.deepcopy(net["weights"])
                plus[l][j][i] += H
                minus[l][j][i] -= H
                grads_w[l][j].append((loss_of(net, weights=plus) - loss_of(net, weights=minus)) / (2 * H))
    grads_b = []
    for l, layer in enumerate(net["biases"]):
        grads_b.append([])
        for j in range(len(layer)):
            plus, minus = copy.deepcopy(net["biases"]), copy.deepcopy(net["biases"])
            plus[l][j] += H
            minus[l][j] -= H
            grads_b[l].append((loss_of(net, biases=plus) - loss_of(net, biases=minus)) / (2 * H))
    return grads_w, grads_b


def flat(nested):
    if isinstance(nested, (int, float)):
        return [nested]
    return [value for item in nested for value in flat(item)]


def shape(nested):
    if isinstance(nested, (int, float)):
        return "number"
    return [shape(item) for item in nested]


@PROPERTY
@given(networks())
def test_back_prop_equals_central_differences(net):
    assume(away_from_relu_kinks(net))
    exact = flat(gradients(net))
    estimate = flat(central_differences(net))
    scale = max(1.0, max(abs(g) for g in exact))
    worst = max(abs(a - b) for a, b in zip(exact, estimate))
    assert worst < TOLERANCE * scale, (
        f"back_prop and central differences differ by {worst:.3g} (largest gradient {scale:.3g})")


@PROPERTY
@given(networks())
def test_shapes_are_preserved(net):
    layers = net["layers"]
    y_pred, outs, sums = forward_prop(layers, net["weights"], net["biases"], net["x"], cache_mode=True,
                                      activations=net["activations"])
    assert len(y_pred) == layers[-1]
    assert [len(layer) for layer in outs] == layers
    assert [len(layer) for layer in sums] == layers[1:]
    grads_w, grads_b = back_prop(layers, net["weights"], net["biases"], net["y"], outs, sums,
                                 activations=net["activations"], loss=net["loss"])
    assert shape(grads_w) == shape(net["weights"])
    assert shape(grads_b) == shape(net["biases"])
    new_w, new_b = update_params(layers, net["weights"], net["biases"], grads_w, grads_b, lr=0.1)
    assert shape(new_w) == shape(net["weights"])
    assert shape(new_b) == shape(net["biases"])
    assert all(math.isfinite(v) for v in flat([y_pred, grads_w, grads_b, new_w, new_b]))


@PROPERTY
@given(networks())
def test_no_argument_is_changed(net):
    before = copy.deepcopy(net)
    layers, weights, biases, activations = net["layers"], net["weights"], net["biases"], net["activations"]
    _, outs, sums = forward_prop(layers, weights, biases, net["x"], cache_mode=True, activations=activations)
    caches = copy.deepcopy((outs, sums))
    grads_w, grads_b = back_prop(layers, weights, biases, net["y"], outs, sums, activations=activations,
                                 loss=net["loss"])
    assert (outs, sums) == caches, "back_prop changed cached_outs or cached_sums"
    grads = copy.deepcopy((grads_w, grads_b))
    update_params(layers, weights, biases, grads_w, grads_b, lr=0.1)
    assert (grads_w, grads_b) == grads, "update_params changed the gradients"
    train((layers, weights, biases), [net["x"]], [net["y"]], batch_size=1, epochs=1, lr=0.01, verbose=0,
          seed=0, activations=activations, loss=net["loss"])
    assert net == before, "an argument was changed"


@PROPERTY
@given(networks())
def test_a_small_step_does_not_increase_the_loss(net):
    """w - lr * dL/dw with a step of length 1e-6 in weight space: first order, the loss falls by 1e-6 * |g|."""
    grads_w, grads_b = gradients(net)
    norm = math.sqrt(sum(g * g for g in flat([grads_w, grads_b])))
    assume(norm > 1e-3)    # a non-trivial gradient: the decrease is well above rounding
    lr = 1e-6 / norm
    new_w, new_b = update_params(net["layers"], net["weights"], net["biases"], grads_w, grads_b, lr=lr)
    before, after = loss_of(net), loss_of(net, new_w, new_b)
    assert after <= before, f"the loss went up from {before!r} to {after!r} (|gradient| = {norm:.3g})"


@settings(PROPERTY, max_examples=40)
@given(networks(), st.integers(1, 4), st.integers(1, 3), st.integers(0, 2**32 - 1), st.data())
def test_train_with_the_same_seed_gives_the_same_history(net, samples, batch_size, seed, data):
    layers = net["layers"]
    x = [net["x"]] + [data.draw(numbers(layers[0])) for _ in range(samples - 1)]
    y = [net["y"]] * samples
    model = (layers, net["weights"], net["biases"])
    kwargs = {"batch_size": batch_size, "epochs": 3, "lr": 0.05, "verbose": 0, "seed": seed,
              "activations": net["activations"], "loss": net["loss"]}

    def run():
        try:
            return train(model, x, y, **kwargs)
        except DivergedError as error:     # a steep random network may blow up: then the same way twice
            return str(error)

    first, second = run(), run()
    assert first == second
    if not isinstance(first, str):
        assert len(first[1]) == 3

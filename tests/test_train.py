"""Unit tests for scratchnet.train: online, mini-batch and batch learning, seeds, output, divergence."""

from __future__ import annotations

import copy
import itertools
import math
import re

import pytest

from scratchnet import DivergedError, back_prop, example_c, forward_prop, init_model, train, update_params

X = [[0.5, -1.0], [1.0, 2.0], [-1.5, 0.5]]
Y2 = [[0.2, -0.4], [1.0, 0.0], [-0.3, 0.6]]          # two outputs, so the mean over outputs matters


def by_hand_update(model, samples, targets, lr, activations=None, loss="sse"):
    """One update from the mean of the per-sample back_prop gradients (divided by K for SSE)."""
    layers, weights, biases = model
    scale = 1.0 / (len(samples) * (layers[-1] if loss == "sse" else 1))
    sum_w = [[[0.0] * len(row) for row in layer] for layer in weights]
    sum_b = [[0.0] * len(layer) for layer in biases]
    for x, y in zip(samples, targets):
        _, outs, sums = forward_prop(layers, weights, biases, x, cache_mode=True, activations=activations)
        grads_w, grads_b = back_prop(layers, weights, biases, y, outs, sums, activations=activations, loss=loss)
        for l in range(len(weights)):
            for j in range(len(weights[l])):
                sum_b[l][j] += grads_b[l][j]
                for i in range(len(weights[l][j])):
                    sum_w[l][j][i] += grads_w[l][j][i]
    mean_w = [[[g * scale for g in row] for row in layer] for layer in sum_w]
    mean_b = [[g * scale for g in layer] for layer in sum_b]
    new_w, new_b = update_params(layers, weights, biases, mean_w, mean_b, lr)
    return list(layers), new_w, new_b


def approx_model(model, rel=1e-12):
    layers, weights, biases = model
    return (layers, [[pytest.approx(row, rel=rel, abs=1e-15) for row in layer] for layer in weights],
            [pytest.approx(layer, rel=rel, abs=1e-15) for layer in biases])


# --- online, mini-batch and batch learning ---------------------------------------------

def test_batch_learning_makes_one_update_from_the_mean_gradient():
    model = init_model([2, 3, 2], seed=4)
    trained, history = train(model, X, Y2, batch_size=len(X), epochs=1, lr=0.3, verbose=0, seed=0)
    assert trained == approx_model(by_hand_update(model, X, Y2, lr=0.3))
    # the epoch's loss: the mean of the squared errors over the samples AND the outputs, before the update
    expected = sum(0.5 * (p - t) ** 2 for x, y in zip(X, Y2) for p, t in zip(forward_prop(*model, x), y))
    assert history == [pytest.approx(expected / (len(X) * 2), rel=1e-14)]


def test_a_batch_larger_than_the_data_is_batch_learning():
    model = init_model([2, 3, 2], seed=4)
    big, big_history = train(model, X, Y2, batch_size=100, epochs=1, lr=0.3, verbose=0, seed=0)
    assert big == approx_model(by_hand_update(model, X, Y2, lr=0.3))   # (the order changes only rounding)


def test_online_learning_makes_one_update_per_sample():
    # three copies of one sample: the shuffled order cannot matter, the number of updates does
    model = init_model([2, 3, 2], seed=5)
    x, y = [X[0]] * 3, [Y2[0]] * 3
    expected = model
    losses = []
    for _ in range(3):
        losses.append(sum(0.5 * (p - t) ** 2 for p, t in zip(forward_prop(*expected, X[0]), Y2[0])) / 2)
        expected = by_hand_update(expected, [X[0]], [Y2[0]], lr=0.2)
    trained, history = train(model, x, y, batch_size=1, epochs=1, lr=0.2, verbose=0, seed=0)
    assert trained == approx_model(expected)
    assert history == [pytest.approx(sum(losses) / 3, rel=1e-13)]


def test_mini_batch_learning_updates_once_per_batch():
    # 3 samples, batch_size 2: a batch of two, then a batch of one, in some shuffled order
    model = init_model([2, 3, 2], seed=6)
    trained, _ = train(model, X, Y2, batch_size=2, epochs=1, lr=0.25, verbose=0, seed=3)
    candidates = []
    for order in itertools.permutations(range(3)):
        first = by_hand_update(model, [X[order[0]], X[order[1]]], [Y2[order[0]], Y2[order[1]]], lr=0.25)
        candidates.append(by_hand_update(first, [X[order[2]]], [Y2[order[2]]], lr=0.25))
    assert any(trained == approx_model(candidate) for candidate in candidates)
    assert trained != approx_model(by_hand_update(model, X, Y2, lr=0.25))   # not batch learning


def test_example_c_one_epoch_batch_size_2_lr_0_02():
    c = example_c()
    trained, history = train(c["model"], [c["x"]], [c["y_true"]], batch_size=2, epochs=1, lr=0.02, verbose=0)
    assert trained == approx_model(by_hand_update(c["model"], [c["x"]], [c["y_true"]], lr=0.02))
    y_pred = forward_prop(*c["model"], c["x"])
    assert history == [pytest.approx((0.5 * (y_pred[0] - 0.01) ** 2 + 0.5 * (y_pred[1] - 0.99) ** 2) / 2)]


def test_cross_entropy_batch_learning_takes_the_mean_over_samples_only():
    model = init_model([2, 3, 2], seed=8)
    acts = ["tanh", "softmax"]
    y = [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]
    trained, history = train(model, X, y, batch_size=3, epochs=1, lr=0.5, verbose=0, seed=0,
                             activations=acts, loss="cross_entropy")
    assert trained == approx_model(by_hand_update(model, X, y, lr=0.5, activations=acts, loss="cross_entropy"))
    expected = -sum(t * math.log(p) for xs, ys in zip(X, y)
                    for p, t in zip(forward_prop(*model, xs, activations=acts), ys) if t)
    assert history == [pytest.approx(expected / 3, rel=1e-13)]


def test_training_lowers_the_loss():
    x = [[a / 4, b / 4] for a in range(-4, 5, 2) for b in range(-4, 5, 2)]
    y = [[0.5 * p - 0.25 * q + 0.1] for p, q in x]
    _, history = train(init_model([2, 3, 1], seed=0), x, y, batch_size=5, epochs=30, lr=0.2, verbose=0, seed=0)
    assert len(history) == 30
    assert history[-1] < history[0] / 5


# --- reproducible, no mutation, new lists ----------------------------------------------

def test_the_same_seed_gives_the_same_run():
    model = init_model([2, 3, 2], seed=1)
    first = train(model, X, Y2, batch_size=1, epochs=4, lr=0.1, verbose=0, seed=42)
    second = train(model, X, Y2, batch_size=1, epochs=4, lr=0.1, verbose=0, seed=42)
    assert first == second


def test_another_seed_gives_another_order():
    model = init_model([2, 3, 2], seed=1)
    runs = {repr(train(model, X, Y2, batch_size=1, epochs=4, lr=0.1, verbose=0, seed=s)) for s in range(5)}
    assert len(runs) > 1


def test_no_argument_is_mutated_and_the_results_are_new_lists():
    model = init_model([2, 3, 2], seed=2)
    x, y = copy.deepcopy(X), copy.deepcopy(Y2)
    before = copy.deepcopy((model, x, y))
    trained, history = train(model, x, y, batch_size=2, epochs=2, lr=0.1, verbose=0, seed=0)
    assert (model, x, y) == before
    layers, weights, biases = trained
    assert layers == model[0]         # the same shape (the list itself is never changed, so it may be shared)
    originals = [*model, *model[1], *model[2], x, y, *x, *y]
    assert all(r is not o for r in [weights, biases, *weights, *biases] for o in originals)


# --- what it prints --------------------------------------------------------------------

LINE = re.compile(r"^\[Epoch (\d+)/(\d+)\] train_loss: (\S+)$")


@pytest.mark.parametrize("epochs, verbose, printed", [
    (6, 2, [1, 2, 4, 6]),          # the first epoch, every verbose-th
    (5, 2, [1, 2, 4, 5]),          # and the last
    (3, 1, [1, 2, 3]),
    (4, 10, [1, 4]),
    (4, 0, []),                    # 0 prints nothing
])
def test_it_prints_the_loss_every_verbose_epochs(capsys, epochs, verbose, printed):
    _, history = train(init_model([2, 3, 2], seed=3), X, Y2, batch_size=2, epochs=epochs, lr=0.1,
                       verbose=verbose, seed=0)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(printed)
    for line, epoch in zip(lines, printed):
        match = LINE.match(line)
        assert match, line
        assert int(match[1]) == epoch and int(match[2]) == epochs
        assert match[3] == repr(history[epoch - 1])     # the float as Python prints it, as the series does


def test_the_default_prints_every_10_epochs(capsys):
    train(init_model([2, 1], seed=3), X, [[0.0]] * 3, epochs=20, seed=0)
    assert [LINE.match(line)[1] for line in capsys.readouterr().out.splitlines()] == ["1", "10", "20"]


# --- divergence ------------------------------------------------------------------------

DIVERGING = [
    # (layers, activations, x, y, batch_size, epochs, lr)
    ([2, 3, 1], ["sigmoid", "identity"], [[0.5, -1.0], [1.0, 2.0], [3.0, 1.0]], [[1.0], [-2.0], [5.0]], 1, 200, 1e3),
    ([2, 3, 1], ["relu", "identity"], [[0.5, -1.0], [1.0, 2.0], [3.0, 1.0]], [[1.0], [-2.0], [5.0]], 2, 50, 1e6),
    ([2, 3, 1], ["tanh", "identity"], [[0.5, -1.0], [1.0, 2.0], [3.0, 1.0]], [[1.0], [-2.0], [5.0]], 3, 20, 1e100),
    ([2, 3, 2], ["relu", "softmax"], [[0.5, -1.0], [1.0, 2.0], [3.0, 1.0]], [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]],
     1, 100, 1e6),
    # the update itself overflows: inf weights must not pass for bad input, nor come back from train
    ([2, 3, 1], ["identity", "identity"], [[5.0, -1.0], [1.0, 20.0], [3.0, 1.0]], [[1.0], [-2.0], [50.0]], 3, 2, 1e307),
    ([2, 3, 1], ["relu", "identity"], [[50.0, -1.0], [1.0, 200.0], [3.0, 1.0]], [[1.0], [-2.0], [500.0]], 3, 1, 1e305),
]


@pytest.mark.parametrize("layers, activations, x, y, batch_size, epochs, lr", DIVERGING)
def test_a_huge_learning_rate_stops_with_a_diverged_error_naming_the_epoch(
        layers, activations, x, y, batch_size, epochs, lr):
    loss = "cross_entropy" if activations[-1] == "softmax" else "sse"
    with pytest.raises(DivergedError) as excinfo:
        train(init_model(layers, seed=1), x, y, batch_size=batch_size, epochs=epochs, lr=lr, verbose=0, seed=0,
              activations=activations, loss=loss)
    message = str(excinfo.value)
    assert re.search(rf"diverged in epoch \d+/{epochs}\b", message), message
    assert "smaller learning rate" in message
    assert f"lr={lr}" in message
    assert not isinstance(excinfo.value, OverflowError)

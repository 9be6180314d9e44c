"""The series' numbers to the last bit, and its habits (issue 11).

The expected values are the ones the series prints (``../shared/reference/series.md``),
compared by ``repr``: the same float, not a close one. They hold only if scratchnet keeps
the series' order of operations: the sum starts at 0.0 and adds the bias last; a batch's
gradients are summed, then divided once; an epoch's loss is summed, then divided once.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from scratchnet import back_prop, example_a, example_b, example_c, forward_prop, init_model, train, update_params

X = [[0.1, 0.9], [-0.5, 0.3], [0.7, -0.2], [0.4, 0.4], [-0.8, -0.6], [0.2, -0.9], [0.9, 0.1]]
Y = [[x0 - 2 * x1] for x0, x1 in X]


def test_example_c_prediction_is_the_series_float():
    c = example_c()
    assert repr(forward_prop(*c["model"], c["x"])) == "[1.10590596705977, 1.2249214040964653]"


def test_example_b_prediction_is_the_series_float():
    b = example_b()
    assert repr(forward_prop(*b["model"], b["x"])) == "[0.3828840428423274]"


def test_example_a_hidden_gradients_are_minus_zero_as_in_the_series():
    # the first node's share starts each input's sum: 0.0 + -0.0 would print 0.0
    a = example_a()
    _, outs, sums = forward_prop(*a["model"], a["x"], cache_mode=True)
    grads_w, grads_b = back_prop(*a["model"], a["y_true"], outs, sums)
    assert repr(grads_b[0]) == "[-0.0, -0.0, -0.0]"
    assert repr(grads_w[0]) == "[[-0.0, -0.0], [-0.0, -0.0], [-0.0, -0.0]]"


def test_example_c_one_epoch_logs_the_series_loss(capsys):
    c = example_c()
    _, history = train(c["model"], [c["x"]], [c["y_true"]], batch_size=2, epochs=1, lr=0.02)
    assert capsys.readouterr().out == "[Epoch 1/1] train_loss: 0.31404948868496607\n"
    assert repr(history) == "[0.31404948868496607]"


def test_one_epoch_on_one_sample_is_one_update_with_the_mean_gradient():
    # batch_size_actual * outputs = 1 * 2: the gradients divided once by 2, then w - lr * g
    c = example_c()
    (_, weights, biases), _ = train(c["model"], [c["x"]], [c["y_true"]], batch_size=2, epochs=1, lr=0.02,
                                    verbose=0)
    _, outs, sums = forward_prop(*c["model"], c["x"], cache_mode=True)
    grads_w, grads_b = back_prop(*c["model"], c["y_true"], outs, sums)
    mean_w = [[[g / 2 for g in row] for row in layer] for layer in grads_w]
    mean_b = [[g / 2 for g in layer] for layer in grads_b]
    assert (weights, biases) == update_params(*c["model"], mean_w, mean_b, 0.02)


def test_random_seed_before_train_repeats_a_run():
    runs = []
    for _ in range(2):
        random.seed(7)
        runs.append(train(init_model([2, 3, 1], seed=1), X, Y, batch_size=2, epochs=4, verbose=0))
    assert repr(runs[0]) == repr(runs[1])
    random.seed(8)
    assert train(init_model([2, 3, 1], seed=1), X, Y, batch_size=2, epochs=4, verbose=0)[1] != runs[0][1]


def test_a_seed_gives_a_private_generator_and_leaves_the_global_one_alone():
    random.seed(3)
    expected_next = random.random()
    random.seed(3)
    first = train(init_model([2, 3, 1], seed=1), X, Y, batch_size=2, epochs=3, verbose=0, seed=11)
    assert random.random() == expected_next            # the global generator was not used
    assert train(init_model([2, 3, 1], seed=1), X, Y, batch_size=2, epochs=3, verbose=0, seed=11) == first


def test_the_log_line_is_the_series_format(capsys):
    _, history = train(init_model([2, 3, 1], seed=1), X, Y, batch_size=3, epochs=5, verbose=2, seed=0)
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"[Epoch {e}/5] train_loss: {history[e - 1]!r}" for e in (1, 2, 4, 5)]


def test_numpy_numbers_and_arrays_are_taken_and_plain_floats_come_back():
    c = example_c()
    layers, weights, biases = c["model"]
    x = np.array(c["x"])
    y_pred = forward_prop(np.array(layers), np.array(weights), np.array(biases), x)
    assert repr(y_pred) == "[1.10590596705977, 1.2249214040964653]"
    assert all(type(v) is float for v in y_pred)
    (_, new_w, _), history = train(c["model"], x[None, :], np.array([c["y_true"]]), batch_size=np.int64(2),
                                   epochs=np.int64(1), lr=np.float32(0.02), verbose=0)
    assert type(history[0]) is float and type(new_w[0][0][0]) is float


@pytest.mark.parametrize("lr", [np.float64(0.1), np.float32(0.25), np.int64(1)])
def test_numpy_scalars_are_numbers(lr):
    c = example_c()
    _, outs, sums = forward_prop(*c["model"], c["x"], cache_mode=True)
    grads = back_prop(*c["model"], c["y_true"], outs, sums)
    new_w, _ = update_params(*c["model"], *grads, lr=lr)
    assert new_w == update_params(*c["model"], *grads, lr=float(lr))[0]

"""scratchnet.gradcheck: central differences and the comparison."""

import copy

import pytest

from scratchnet import back_prop, example_c, forward_prop, init_model
from scratchnet.gradcheck import max_abs_difference, numerical_gradients, sample_loss


def gradients(model, x, y, backward=back_prop):
    _, outs, sums = forward_prop(*model, x, cache_mode=True)
    return backward(*model, y, outs, sums)


def test_numerical_gradients_agree_with_back_prop_and_leave_the_model_alone():
    c = example_c()
    model = init_model([3, 4, 2], seed=3)
    before = copy.deepcopy(model)
    x, y = [0.2, -0.4, 0.9], [0.3, -0.1]
    numeric = numerical_gradients(model, x, y)
    exact = gradients(model, x, y)
    assert max_abs_difference(exact, numeric) < 1e-8
    assert model == before
    assert max_abs_difference(gradients(c["model"], c["x"], c["y_true"]),
                              numerical_gradients(c["model"], c["x"], c["y_true"])) < 1e-8


def test_sample_loss_sums_the_output_nodes():
    c = example_c()
    y_pred = forward_prop(*c["model"], c["x"])
    expected = sum(0.5 * (p - t) * (p - t) for p, t in zip(y_pred, c["y_true"]))
    assert sample_loss(c["model"], c["x"], c["y_true"]) == pytest.approx(expected, abs=1e-15)


def test_max_abs_difference_finds_the_largest_gap_and_refuses_other_shapes():
    assert max_abs_difference([[1.0, 2.0], [3.0]], [[1.5, 2.0], [1.0]]) == 2.0
    with pytest.raises(ValueError, match=r"^b: expected a list of 2 items like a, got 1"):
        max_abs_difference([1.0, 2.0], [1.0])

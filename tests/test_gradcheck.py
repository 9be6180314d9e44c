"""scratchnet.gradcheck: central differences, the comparison, one-line back_prop variants."""

import copy

import pytest

from scratchnet import back_prop, example_c, forward_prop, init_model
from scratchnet.gradcheck import back_prop_variant, max_abs_difference, numerical_gradients, sample_loss

SUM_OVER_EDGES = "layer_grads_x[x_i] += delta * each_dx"


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


def test_a_variant_changes_exactly_the_gradients_the_line_feeds():
    c = example_c()
    broken = back_prop_variant(SUM_OVER_EDGES, "layer_grads_x[x_i] = delta * each_dx")
    right_w, right_b = gradients(c["model"], c["x"], c["y_true"])
    wrong_w, wrong_b = gradients(c["model"], c["x"], c["y_true"], broken)
    assert wrong_w[1] == right_w[1] and wrong_b[1] == right_b[1]     # the output layer is untouched
    assert max_abs_difference(wrong_w[0], right_w[0]) > 1e-3         # the hidden layer gets the wrong error
    unchanged = back_prop_variant(SUM_OVER_EDGES, SUM_OVER_EDGES)
    assert gradients(c["model"], c["x"], c["y_true"], unchanged) == (right_w, right_b)


def test_a_variant_needs_exactly_one_matching_line():
    with pytest.raises(ValueError, match=r"^old: expected exactly one line of back_prop starting with"):
        back_prop_variant("no such line", "x = 1")

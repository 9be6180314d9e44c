"""Unit tests for scratchnet.summation: the weighted linear sum and its partials."""

from __future__ import annotations

import copy

import pytest

from scratchnet import sum_der, summation


def test_summation_of_example_c_first_hidden_node():
    # u = x1*w1 + x2*w2 + b = 0.05*0.15 + 0.1*0.2 + 0.35
    assert summation([0.05, 0.1], [0.15, 0.2], 0.35) == pytest.approx(0.0075 + 0.02 + 0.35, rel=1e-15)


@pytest.mark.parametrize("x, w, b, expected", [
    ([1.0, 2.0, 3.0], [4.0, 5.0, 6.0], 0.5, 4.0 + 10.0 + 18.0 + 0.5),
    ([-1.0], [2.0], -3.0, -5.0),
    ([0.0, 0.0], [9.0, -9.0], 0.25, 0.25),
    ([], [], 1.5, 1.5),                                       # a node with no inputs is its bias
])
def test_summation_values(x, w, b, expected):
    assert summation(x, w, b) == expected


def test_summation_returns_a_float_even_for_ints():
    u = summation([1, 2], [3, 4], 5)
    assert u == 16 and isinstance(u, float)


def test_summation_leaves_its_inputs_alone():
    x, w = [0.05, 0.1], [0.15, 0.2]
    before = copy.deepcopy((x, w))
    summation(x, w, 0.35)
    assert (x, w) == before


def test_summation_accepts_tuples():
    assert summation((1.0, 2.0), (3.0, 4.0), 0.0) == 11.0


# --- sum_der ---------------------------------------------------------------------------

X, W, B = [0.05, 0.1, -0.7], [0.15, 0.2, 1.3], 0.35


def test_sum_der_w_is_x():
    assert sum_der(X, W, B, with_respect_to="w") == X
    assert sum_der(X, W, B) == X                 # 'w' is the default


def test_sum_der_b_is_one():
    assert sum_der(X, W, B, with_respect_to="b") == 1.0


def test_sum_der_x_is_weights():
    assert sum_der(X, W, B, with_respect_to="x") == W


def test_sum_der_returns_new_lists_and_leaves_its_inputs_alone():
    x, w = list(X), list(W)
    before = copy.deepcopy((x, w))
    dw = sum_der(x, w, B, with_respect_to="w")
    dx = sum_der(x, w, B, with_respect_to="x")
    assert dw is not x and dx is not w
    dw[0] = 99.0
    dx[0] = 99.0                                 # changing a result does not reach the inputs
    assert (x, w) == before


@pytest.mark.parametrize("wrt", ["w", "b", "x"])
def test_sum_der_is_the_slope_of_summation(wrt):
    h = 1e-6
    analytic = sum_der(X, W, B, with_respect_to=wrt)
    if wrt == "b":
        numeric = (summation(X, W, B + h) - summation(X, W, B - h)) / (2 * h)
        assert analytic == pytest.approx(numeric, abs=1e-9)
        return
    for i in range(len(X)):
        def u(v, i=i):
            x, w = list(X), list(W)
            (w if wrt == "w" else x)[i] = v
            return summation(x, w, B)
        base = (W if wrt == "w" else X)[i]
        numeric = (u(base + h) - u(base - h)) / (2 * h)
        assert analytic[i] == pytest.approx(numeric, abs=1e-9)

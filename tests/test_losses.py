"""Unit tests for scratchnet.losses: squared error and cross-entropy, and their derivatives."""

from __future__ import annotations

import math

import pytest

from scratchnet import cross_entropy, cross_entropy_der, softmax, sseloss, sseloss_der
from scratchnet.losses import LOSSES


@pytest.mark.parametrize("y_pred, y_true", [(3.0, 1.0), (1.0, 3.0), (0.75, 0.01), (-2.0, 0.5), (4.0, 4.0)])
def test_sseloss_is_half_the_squared_difference(y_pred, y_true):
    d = y_pred - y_true
    assert sseloss(y_pred, y_true) == pytest.approx(0.5 * d * d, rel=1e-15)
    assert sseloss(y_pred, y_true) == sseloss(y_true, y_pred)     # symmetric


def test_sseloss_known_value():
    assert sseloss(3.0, 1.0) == 2.0
    assert sseloss(1, 1) == 0.0


@pytest.mark.parametrize("y_pred, y_true", [(3.0, 1.0), (1.0, 3.0), (0.75, 0.01), (-2.0, 0.5)])
def test_sseloss_der_is_the_difference_and_the_slope(y_pred, y_true):
    assert sseloss_der(y_pred, y_true) == y_pred - y_true
    h = 1e-6
    numeric = (sseloss(y_pred + h, y_true) - sseloss(y_pred - h, y_true)) / (2 * h)
    assert sseloss_der(y_pred, y_true) == pytest.approx(numeric, abs=1e-8)


@pytest.mark.parametrize("y_pred, y_true", [(1e200, 0.0), (0.0, 1e200), (1.3e154, -1.3e154), (1e308, -1e308)])
def test_sseloss_of_a_huge_difference_is_inf_not_an_overflow_error(y_pred, y_true):
    # d ** 2 would raise OverflowError at |d| ~ 1.3e154; train reports inf as divergence
    assert sseloss(y_pred, y_true) == math.inf


# --- cross-entropy ---------------------------------------------------------------------

def test_cross_entropy_known_values():
    assert cross_entropy(0.25, 1.0) == pytest.approx(-math.log(0.25), rel=1e-15)
    assert cross_entropy(1.0, 1.0) == 0.0
    assert cross_entropy(0.7, 0.0) == 0.0                 # a class that is not the target costs nothing


def test_cross_entropy_of_a_zero_probability_is_finite():
    loss = cross_entropy(0.0, 1.0)
    assert math.isfinite(loss) and loss > 700.0


def test_cross_entropy_der_is_p_minus_y():
    assert cross_entropy_der(0.25, 1.0) == -0.75
    assert cross_entropy_der(0.25, 0.0) == 0.25


def test_softmax_with_cross_entropy_has_derivative_p_minus_y_with_respect_to_the_sums():
    sums, target = [0.4, -1.1, 2.0], [0.0, 1.0, 0.0]

    def loss(u):
        return sum(cross_entropy(p, t) for p, t in zip(softmax(u), target))

    p = softmax(sums)
    h = 1e-6
    for k in range(len(sums)):
        up, down = list(sums), list(sums)
        up[k] += h
        down[k] -= h
        numeric = (loss(up) - loss(down)) / (2 * h)
        assert cross_entropy_der(p[k], target[k]) == pytest.approx(numeric, abs=1e-8)


def test_the_loss_table_holds_the_plain_functions():
    assert LOSSES == {"sse": (sseloss.__wrapped__, sseloss_der.__wrapped__),
                      "cross_entropy": (cross_entropy.__wrapped__, cross_entropy_der.__wrapped__)}

"""Unit tests for scratchnet.activations: values, derivatives, numerical safety."""

from __future__ import annotations

import copy
import math

import pytest

from scratchnet import identity, identity_der, relu, relu_der, sigmoid, sigmoid_der, softmax, tanh, tanh_der
from scratchnet.activations import ACTIVATIONS

POINTS = [-6.0, -2.5, -1.0, -0.3, 0.0, 0.2, 0.7, 1.5, 3.0, 8.0]
EXTREMES = [-1000.0, -709.79, -710.0, -1e308, 1e308, 709.79, 1000.0, -5e-324, 5e-324]


def central_difference(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)


# --- sigmoid ---------------------------------------------------------------------------

@pytest.mark.parametrize("x", POINTS)
def test_sigmoid_matches_the_formula(x):
    assert sigmoid(x) == pytest.approx(1.0 / (1.0 + math.exp(-x)), rel=1e-15, abs=1e-300)


def test_sigmoid_known_values():
    assert sigmoid(0.0) == 0.5
    assert sigmoid(0) == 0.5           # an int works too
    assert sigmoid(math.log(3.0)) == pytest.approx(0.75, rel=1e-15)   # 1 / (1 + 1/3)


@pytest.mark.parametrize("x", POINTS)
def test_sigmoid_is_symmetric(x):
    assert sigmoid(-x) == pytest.approx(1.0 - sigmoid(x), abs=1e-15)


@pytest.mark.parametrize("x", POINTS)
def test_sigmoid_der_is_s_times_one_minus_s_and_the_slope(x):
    s = 1.0 / (1.0 + math.exp(-x))
    assert sigmoid_der(x) == pytest.approx(s * (1.0 - s), rel=1e-12, abs=1e-300)
    assert sigmoid_der(x) == pytest.approx(central_difference(sigmoid, x), abs=1e-9)


def test_sigmoid_der_peaks_at_zero():
    assert sigmoid_der(0.0) == 0.25
    assert all(sigmoid_der(x) <= 0.25 for x in POINTS)


@pytest.mark.parametrize("x", EXTREMES)
def test_sigmoid_and_its_derivative_are_finite_for_extreme_inputs(x):
    # the naive 1 / (1 + math.exp(-x)) raises OverflowError below about -709.78
    s, d = sigmoid(x), sigmoid_der(x)
    assert math.isfinite(s) and 0.0 <= s <= 1.0
    assert math.isfinite(d) and 0.0 <= d <= 0.25


def test_sigmoid_limits():
    assert sigmoid(-1e308) == 0.0
    assert sigmoid(1e308) == 1.0
    assert sigmoid(-1000.0) == 0.0
    assert sigmoid(-709.79) == pytest.approx(math.exp(-709.79), rel=1e-12)   # ~e^x for very negative x
    assert sigmoid_der(-1e308) == 0.0 and sigmoid_der(1e308) == 0.0


# --- identity --------------------------------------------------------------------------

@pytest.mark.parametrize("x", POINTS + [-1e308, 1e308, 3])
def test_identity(x):
    assert identity(x) == x
    assert identity_der(x) == 1.0


# --- tanh ------------------------------------------------------------------------------

@pytest.mark.parametrize("x", POINTS)
def test_tanh_matches_the_formula(x):
    expected = (math.exp(x) - math.exp(-x)) / (math.exp(x) + math.exp(-x))
    assert tanh(x) == pytest.approx(expected, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("x", POINTS)
def test_tanh_der(x):
    t = (math.exp(x) - math.exp(-x)) / (math.exp(x) + math.exp(-x))
    assert tanh_der(x) == pytest.approx(1.0 - t * t, rel=1e-9, abs=1e-12)
    assert tanh_der(x) == pytest.approx(central_difference(tanh, x), abs=1e-9)


@pytest.mark.parametrize("x", EXTREMES)
def test_tanh_is_finite_for_extreme_inputs(x):
    assert math.isfinite(tanh(x)) and -1.0 <= tanh(x) <= 1.0
    assert math.isfinite(tanh_der(x)) and 0.0 <= tanh_der(x) <= 1.0


# --- ReLU ------------------------------------------------------------------------------

@pytest.mark.parametrize("x, value, slope", [(-3.0, 0.0, 0.0), (-1e-12, 0.0, 0.0), (0.0, 0.0, 0.0),
                                             (1e-12, 1e-12, 1.0), (2.5, 2.5, 1.0)])
def test_relu(x, value, slope):
    assert relu(x) == value
    assert relu_der(x) == slope


@pytest.mark.parametrize("x", [x for x in POINTS if abs(x) > 1e-3])
def test_relu_der_is_the_slope_away_from_the_kink(x):
    assert relu_der(x) == pytest.approx(central_difference(relu, x), abs=1e-9)


def test_nan_is_refused_at_the_boundary_and_the_plain_relu_lets_it_through():
    from scratchnet.activations import relu as plain_relu
    with pytest.raises(ValueError, match=r"^x: expected a finite number, got nan$"):
        relu(float("nan"))
    assert math.isnan(plain_relu(float("nan")))         # so a NaN inside a network is noticed


# --- softmax ---------------------------------------------------------------------------

def test_softmax_known_values():
    sums = [1.0, 2.0, 3.0]
    total = math.exp(1.0) + math.exp(2.0) + math.exp(3.0)
    expected = [math.exp(1.0) / total, math.exp(2.0) / total, math.exp(3.0) / total]
    assert softmax(sums) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("sums", [[0.0], [0.5, -0.5], [3.0, 3.0, 3.0, 3.0], [-2.0, 7.0, 0.1]])
def test_softmax_is_a_probability_distribution(sums):
    p = softmax(sums)
    assert len(p) == len(sums)
    assert all(0.0 < v <= 1.0 for v in p)
    assert math.fsum(p) == pytest.approx(1.0, abs=1e-15)


def test_softmax_does_not_overflow_on_large_sums():
    assert softmax([1000.0, 0.0]) == pytest.approx([1.0, 0.0])
    assert softmax([1e308, 1e308]) == pytest.approx([0.5, 0.5])
    assert softmax([-1e308, 0.0]) == pytest.approx([0.0, 1.0])


def test_softmax_is_shift_invariant():
    assert softmax([1.0, 2.0, 4.0]) == pytest.approx(softmax([101.0, 102.0, 104.0]), rel=1e-12)


def test_softmax_returns_a_new_list_and_leaves_its_input_alone():
    sums = [0.3, -1.2]
    before = copy.deepcopy(sums)
    p = softmax(sums)
    assert p is not sums
    assert sums == before


def test_softmax_accepts_a_tuple():
    assert softmax((0.0, 0.0)) == [0.5, 0.5]


# --- the table -------------------------------------------------------------------------

def test_the_activation_table_pairs_each_function_with_its_derivative():
    assert set(ACTIVATIONS) == {"sigmoid", "identity", "tanh", "relu", "softmax"}
    # the table holds the plain functions the network calls; the package exports them checked
    plain = {name: (f.__wrapped__, der.__wrapped__) for name, (f, der) in {
        "sigmoid": (sigmoid, sigmoid_der), "identity": (identity, identity_der), "tanh": (tanh, tanh_der),
        "relu": (relu, relu_der)}.items()}
    for name, pair in plain.items():
        assert ACTIVATIONS[name] == pair
    assert ACTIVATIONS["softmax"][0] is softmax.__wrapped__
    # softmax's step-2 derivative is 1: cross_entropy_der is already dL/du
    assert ACTIVATIONS["softmax"][1](0.3) == 1.0

"""scratchnet.variants: one line of a function changed, compiled from its real source."""

import inspect
import traceback

import pytest

from scratchnet import back_prop, example_c, forward_prop
from scratchnet.gradcheck import max_abs_difference
from scratchnet.variants import FORGOT_THE_SUM, changed_source, variant


def gradients(backward, example=None):
    c = example or example_c()
    _, outs, sums = forward_prop(*c["model"], c["x"], cache_mode=True)
    return backward(*c["model"], c["y_true"], outs, sums)


def test_forgetting_the_sum_changes_exactly_the_gradients_the_line_feeds():
    right_w, right_b = gradients(back_prop)
    wrong_w, wrong_b = gradients(variant(back_prop, *FORGOT_THE_SUM))
    assert wrong_w[1] == right_w[1] and wrong_b[1] == right_b[1]     # the output layer is untouched
    assert max_abs_difference(wrong_w[0], right_w[0]) > 1e-3         # the hidden layer gets the wrong error


def test_a_variant_that_changes_nothing_computes_the_same_floats():
    old, _ = FORGOT_THE_SUM
    assert gradients(variant(back_prop, old, old)) == gradients(back_prop)


def test_a_variant_keeps_the_line_numbers_and_shows_its_own_source():
    broken = variant(back_prop, *FORGOT_THE_SUM)
    plain = inspect.unwrap(back_prop)
    assert broken.__code__.co_firstlineno == plain.__code__.co_firstlineno
    lines, first, changed = changed_source(back_prop, *FORGOT_THE_SUM)
    assert inspect.getsource(broken).splitlines() == lines
    assert lines[changed].strip() == FORGOT_THE_SUM[1]
    assert inspect.getsource(plain).splitlines()[changed].strip().startswith(FORGOT_THE_SUM[0])


def test_a_traceback_points_at_the_changed_line():
    broken = variant(back_prop, "delta = back_error[node_i] * active_der", "delta = 1 / 0")
    with pytest.raises(ZeroDivisionError) as excinfo:
        gradients(broken)
    assert "delta = 1 / 0" in "".join(traceback.format_tb(excinfo.tb))


def test_a_variant_needs_exactly_one_matching_line():
    with pytest.raises(ValueError, match=r"^old: expected exactly one line of back_prop starting with"):
        variant(back_prop, "no such line", "x = 1")
    with pytest.raises(ValueError, match=r"got 3$"):
        variant(back_prop, "sum_der_", "x = 1")

"""Bad input: one test per case of issue 2.

Every case asserts the exception type and that the message names the argument (with its
index), says what was expected and shows what came: ``"ARG: expected WHAT, got WHAT"``.
No case may end in a wrong number, a raw error from deep inside a loop, or an OverflowError.
"""

from __future__ import annotations

import copy
import math
import re

import pytest

from scratchnet import back_prop, example_c, forward_prop, init_model, softmax, sum_der, summation, train, update_params

NAN, INF = float("nan"), float("inf")


def error(exc_type, arg, expected, got):
    """``pytest.raises`` for a message ``ARG: expected ...EXPECTED..., got GOT...``."""
    pattern = rf"^{re.escape(arg)}: expected .*{re.escape(expected)}.*, got {re.escape(got)}"
    return pytest.raises(exc_type, match=pattern)


def problem():
    """Example C, with its cache and its gradients: fresh lists for every test."""
    c = example_c()
    layers, weights, biases = c["model"]
    x, y = c["x"], c["y_true"]
    _, outs, sums = forward_prop(layers, weights, biases, x, cache_mode=True)
    grads_w, grads_b = back_prop(layers, weights, biases, y, outs, sums)
    return dict(layers=layers, weights=weights, biases=biases, x=x, y_true=y, cached_outs=outs, cached_sums=sums,
                grads_w=grads_w, grads_b=grads_b)


def call(function, p):
    """Call one of the four network functions with the arguments in ``p`` (example C unless replaced)."""
    if function == "forward_prop":
        return forward_prop(p["layers"], p["weights"], p["biases"], p["x"])
    if function == "back_prop":
        return back_prop(p["layers"], p["weights"], p["biases"], p["y_true"], p["cached_outs"], p["cached_sums"])
    if function == "update_params":
        return update_params(p["layers"], p["weights"], p["biases"], p["grads_w"], p["grads_b"])
    if function == "train":
        return train((p["layers"], p["weights"], p["biases"]), [p["x"]], [p["y_true"]], epochs=1, verbose=0)
    raise AssertionError(function)


FUNCTIONS = ["forward_prop", "back_prop", "update_params", "train"]


def no_mutation(test):
    """Run the call and check that the bad input did not get changed on the way."""
    def run(function, p):
        before = copy.deepcopy(p)
        try:
            call(function, p)
        finally:
            assert repr(p) == repr(before)      # repr: NaN != NaN
    return run


# === weights or biases whose shapes do not match layers ===================================

@pytest.mark.parametrize("function", FUNCTIONS)
def test_weights_with_the_wrong_number_of_layers(function):
    p = problem()
    p["weights"] = p["weights"][:1]
    with error(ValueError, "weights", "a list of 2 values (one per layer after the input layer, "
                                      "for layers=[2, 2, 2])", "1"):
        call(function, p)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_weights_with_the_wrong_number_of_rows(function):
    p = problem()
    p["weights"][1] = p["weights"][1][:1]
    with error(ValueError, "weights[1]", "a list of 2 values of weights (one row per node of layer 2)", "1"):
        call(function, p)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_weights_with_the_wrong_number_of_columns(function):
    p = problem()
    p["weights"][1][0] = [0.4, 0.45, 0.7]
    with error(ValueError, "weights[1][0]", "a list of 2 values (one per node of layer 1, the layer before)", "3"):
        call(function, p)


#: Every row of example C's weights: the step functions check a row's length where they use it
#: (summation and sum_der against the inputs, update_params with zip(strict=True)), so every
#: position is tried, a row too short and a row too long.
ROWS = [(l, j) for l in range(2) for j in range(2)]


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("l, j", ROWS)
@pytest.mark.parametrize("length", [1, 3])
def test_every_row_of_weights_of_the_wrong_length(function, l, j, length):
    p = problem()
    p["weights"][l][j] = ([0.5, 0.25, 0.125])[:length]
    with error(ValueError, f"weights[{l}][{j}]", f"a list of 2 values (one per node of layer {l}, the layer before)",
               str(length)):
        call(function, p)


@pytest.mark.parametrize("l, j", ROWS)
@pytest.mark.parametrize("length", [1, 3])
def test_every_row_of_grads_w_of_the_wrong_length(l, j, length):
    p = problem()
    p["grads_w"][l][j] = ([0.5, 0.25, 0.125])[:length]
    with error(ValueError, f"grads_w[{l}][{j}]", f"a list of 2 values (one per node of layer {l}, the layer before)",
               str(length)):
        call("update_params", p)


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("row, got", [(0.25, "0.25 (float)"), ("ab", "'ab' (str)")])   # "ab" has the right len()
def test_weights_with_something_else_where_a_row_belongs(function, row, got):
    p = problem()
    p["weights"][0][1] = row
    with error(TypeError, "weights[0][1]", "a list", got):
        call(function, p)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_weights_that_are_not_a_list(function):
    p = problem()
    p["weights"] = None
    with error(TypeError, "weights", "a list", "None (NoneType)"):
        call(function, p)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_biases_with_the_wrong_number_of_layers(function):
    p = problem()
    p["biases"] = p["biases"] + [[0.0]]
    with error(ValueError, "biases", "a list of 2 values (one per layer after the input layer", "3"):
        call(function, p)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_biases_with_the_wrong_number_of_nodes(function):
    p = problem()
    p["biases"][0] = [0.35]
    with error(ValueError, "biases[0]", "a list of 2 values (one per node of layer 1)", "1"):
        call(function, p)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_biases_with_a_number_where_a_layer_belongs(function):
    p = problem()
    p["biases"][1] = 0.6
    with error(TypeError, "biases[1]", "a list", "0.6 (float)"):
        call(function, p)


# === x, y_true, grads_w or grads_b of the wrong length or shape ============================

def test_x_of_the_wrong_length():
    p = problem()
    p["x"] = [0.05, 0.1, 0.2]
    with error(ValueError, "x", "a list of 2 values (one per input node, layers[0] = 2)", "3"):
        call("forward_prop", p)


@pytest.mark.parametrize("x, got", [(0.05, "0.05 (float)"), ("ab", "'ab' (str)"), (None, "None (NoneType)")])
def test_x_that_is_not_a_list(x, got):
    p = problem()
    p["x"] = x
    with error(TypeError, "x", "a list (one per input node, layers[0] = 2)", got):
        call("forward_prop", p)


def test_x_of_the_wrong_shape_a_list_of_lists():
    p = problem()
    p["x"] = [[0.05], [0.1]]
    with error(TypeError, "x[0]", "a real number", "[0.05] (list)"):
        call("forward_prop", p)


def test_x_and_weights_of_different_lengths_in_summation():
    with error(ValueError, "weights", "a list of 2 values (one weight per input; x has 2)", "3"):
        summation([0.05, 0.1], [0.15, 0.2, 0.3], 0.35)
    with error(ValueError, "weights", "a list of 2 values (one weight per input; x has 2)", "1"):
        sum_der([0.05, 0.1], [0.15], 0.35, with_respect_to="x")


def test_x_that_is_not_a_list_in_summation():
    with error(TypeError, "x", "a list", "0.05 (float)"):
        summation(0.05, [0.15], 0.35)


def test_y_true_of_the_wrong_length():
    p = problem()
    p["y_true"] = [0.01]
    with error(ValueError, "y_true", "a list of 2 values (one per output node, layers[-1] = 2)", "1"):
        call("back_prop", p)


def test_y_true_that_is_not_a_list():
    p = problem()
    p["y_true"] = 0.99
    with error(TypeError, "y_true", "a list (one per output node, layers[-1] = 2)", "0.99 (float)"):
        call("back_prop", p)


def test_y_true_of_the_wrong_shape_a_list_of_lists():
    p = problem()
    p["y_true"] = [[0.01], [0.99]]
    with error(TypeError, "y_true[0]", "a real number", "[0.01] (list)"):
        call("back_prop", p)


def test_train_samples_of_the_wrong_length():
    p = problem()
    with error(ValueError, "x[1]", "a list of 2 values (one per input node, layers[0] = 2)", "1"):
        train(init_model([2, 2, 2], seed=0), [p["x"], [0.3]], [p["y_true"], p["y_true"]], verbose=0)


def test_train_targets_of_the_wrong_length():
    p = problem()
    with error(ValueError, "y[0]", "a list of 2 values (one per output node, layers[-1] = 2)", "3"):
        train(init_model([2, 2, 2], seed=0), [p["x"]], [[0.1, 0.2, 0.3]], verbose=0)


def test_train_samples_that_are_numbers_not_lists():
    with error(TypeError, "x[0]", "a list (one per input node", "0.05 (float)"):
        train(init_model([2, 2, 2], seed=0), [0.05, 0.1], [[0.0, 1.0], [1.0, 0.0]], verbose=0)


def test_train_data_that_is_not_a_list():
    with error(TypeError, "x", "a list of samples", "5 (int)"):
        train(init_model([2, 2, 2], seed=0), 5, [[0.0, 1.0]], verbose=0)


def test_cached_outs_and_cached_sums_of_the_wrong_shape():
    p = problem()
    p["cached_outs"] = p["cached_outs"][:2]
    with error(ValueError, "cached_outs", "a list of 3 values (one per layer, from forward_prop", "2"):
        call("back_prop", p)
    p = problem()
    p["cached_sums"][1] = [1.0]
    with error(ValueError, "cached_sums[1]", "a list of 2 values (layers[2] = 2)", "1"):
        call("back_prop", p)


def test_grads_w_with_the_wrong_number_of_layers():
    p = problem()
    p["grads_w"] = p["grads_w"][:1]
    with error(ValueError, "grads_w", "a list of 2 values (one per layer after the input layer", "1"):
        call("update_params", p)


def test_grads_w_with_the_wrong_number_of_rows():
    p = problem()
    p["grads_w"][0] = p["grads_w"][0] + [[0.0, 0.0]]
    with error(ValueError, "grads_w[0]", "a list of 2 values of weights (one row per node of layer 1)", "3"):
        call("update_params", p)


def test_grads_w_with_the_wrong_number_of_columns():
    p = problem()
    p["grads_w"][1][1] = [0.1]
    with error(ValueError, "grads_w[1][1]", "a list of 2 values (one per node of layer 1, the layer before)", "1"):
        call("update_params", p)


def test_grads_b_of_the_wrong_length():
    p = problem()
    p["grads_b"][1] = [0.1, 0.2, 0.3]
    with error(ValueError, "grads_b[1]", "a list of 2 values (one per node of layer 2)", "3"):
        call("update_params", p)


def test_grads_b_that_is_not_a_list():
    p = problem()
    p["grads_b"] = 0.1
    with error(TypeError, "grads_b", "a list (one per layer after the input layer", "0.1 (float)"):
        call("update_params", p)


# === empty or one-layer layers, non-positive layer sizes ==================================

LAYER_FUNCTIONS = FUNCTIONS + ["init_model"]


def call_with_layers(function, layers):
    if function == "init_model":
        return init_model(layers, seed=0)
    p = problem()
    p["layers"] = layers
    return call(function, p)


@pytest.mark.parametrize("function", LAYER_FUNCTIONS)
def test_empty_layers(function):
    with error(ValueError, "layers", "at least two layers (an input layer and an output layer)", "[]"):
        call_with_layers(function, [])


@pytest.mark.parametrize("function", LAYER_FUNCTIONS)
def test_one_layer(function):
    with error(ValueError, "layers", "at least two layers (an input layer and an output layer)", "[2]"):
        call_with_layers(function, [2])


@pytest.mark.parametrize("function", LAYER_FUNCTIONS)
@pytest.mark.parametrize("size", [0, -1])
def test_non_positive_layer_size(function, size):
    with error(ValueError, "layers[1]", "a positive number of nodes", str(size)):
        call_with_layers(function, [2, size, 2])


@pytest.mark.parametrize("function", LAYER_FUNCTIONS)
@pytest.mark.parametrize("size, got", [(2.0, "2.0 (float)"), ("2", "'2' (str)"), (True, "True (bool)")])
def test_layer_size_that_is_not_a_whole_number(function, size, got):
    with error(TypeError, "layers[1]", "a whole number of nodes", got):
        call_with_layers(function, [2, size, 2])


@pytest.mark.parametrize("function", LAYER_FUNCTIONS)
def test_layers_that_are_not_a_list(function):
    with error(TypeError, "layers", "a list of node counts such as [2, 3, 1]", "3 (int)"):
        call_with_layers(function, 3)


# === non-numeric, NaN or infinite values =================================================

# (function, argument, index path inside it, name shown in the message)
VALUE_PLACES = [
    ("forward_prop", "x", [1], "x[1]"),
    ("forward_prop", "weights", [1, 0, 1], "weights[1][0][1]"),
    ("forward_prop", "weights", [0, 1, 0], "weights[0][1][0]"),
    ("forward_prop", "biases", [1, 0], "biases[1][0]"),
    ("back_prop", "y_true", [1], "y_true[1]"),
    ("back_prop", "weights", [1, 0, 1], "weights[1][0][1]"),
    ("back_prop", "weights", [0, 1, 0], "weights[0][1][0]"),
    ("back_prop", "cached_outs", [1, 0], "cached_outs[1][0]"),
    ("update_params", "weights", [1, 1, 0], "weights[1][1][0]"),
    ("update_params", "biases", [0, 1], "biases[0][1]"),
    ("update_params", "grads_w", [0, 0, 1], "grads_w[0][0][1]"),
    ("update_params", "grads_b", [1, 0], "grads_b[1][0]"),
    ("train", "x", [1], "x[0][1]"),                     # train's x is a list of samples
    ("train", "y_true", [0], "y[0][0]"),
    ("train", "weights", [1, 0, 1], "weights[1][0][1]"),
    ("train", "biases", [0, 0], "biases[0][0]"),
]
VALUE_IDS = [f"{f}-{shown}" for f, _, _, shown in VALUE_PLACES]


def call_with_value(function, argument, path, value):
    p = problem()
    container = p[argument]
    for index in path[:-1]:
        container = container[index]
    container[path[-1]] = value
    no_mutation(call)(function, p)


@pytest.mark.parametrize("function, argument, path, shown", VALUE_PLACES, ids=VALUE_IDS)
@pytest.mark.parametrize("value, got", [("a", "'a' (str)"), (None, "None (NoneType)"), ([0.5], "[0.5] (list)")])
def test_non_numeric_value(function, argument, path, shown, value, got):
    with error(TypeError, shown, "a real number", got):
        call_with_value(function, argument, path, value)


@pytest.mark.parametrize("function, argument, path, shown", VALUE_PLACES, ids=VALUE_IDS)
def test_nan_value(function, argument, path, shown):
    with error(ValueError, shown, "a finite number", "nan"):
        call_with_value(function, argument, path, NAN)


@pytest.mark.parametrize("function, argument, path, shown", VALUE_PLACES, ids=VALUE_IDS)
@pytest.mark.parametrize("value, got", [(INF, "inf"), (-INF, "-inf")])
def test_infinite_value(function, argument, path, shown, value, got):
    with error(ValueError, shown, "a finite number", got):
        call_with_value(function, argument, path, value)


@pytest.mark.parametrize("where, call_it", [
    ("x[0]", lambda v: summation([v, 0.1], [0.15, 0.2], 0.35)),
    ("weights[1]", lambda v: summation([0.05, 0.1], [0.15, v], 0.35)),
], ids=["x", "weights"])
def test_non_numeric_value_in_summation(where, call_it):
    with error(TypeError, where, "a real number", "'a' (str)"):
        call_it("a")


def test_non_numeric_bias_in_summation():
    with error(TypeError, "bias", "a real number", "'a' (str)"):
        summation([0.05, 0.1], [0.15, 0.2], "a")


SCALAR_FUNCTIONS = ["sigmoid", "sigmoid_der", "identity", "identity_der", "tanh", "tanh_der", "relu", "relu_der",
                    "softmax_der"]


@pytest.mark.parametrize("name", SCALAR_FUNCTIONS)
@pytest.mark.parametrize("value, exc_type, expected, got", [
    ("a", TypeError, "a real number", "'a' (str)"), ([0.5], TypeError, "a real number", "[0.5] (list)"),
    (True, TypeError, "a real number", "True (bool)"), (NAN, ValueError, "a finite number", "nan"),
    (INF, ValueError, "a finite number", "inf")])
def test_a_bad_value_in_an_activation(name, value, exc_type, expected, got):
    import scratchnet
    with error(exc_type, "x", expected, got):
        getattr(scratchnet, name)(value)


@pytest.mark.parametrize("name", ["sseloss", "sseloss_der", "cross_entropy", "cross_entropy_der"])
def test_non_numeric_values_in_a_loss(name):
    import scratchnet
    with error(TypeError, "y_pred", "a real number", "'a' (str)"):
        getattr(scratchnet, name)("a", 1.0)
    with error(TypeError, "y_true", "a real number", "None (NoneType)"):
        getattr(scratchnet, name)(1.0, None)


def test_softmax_of_an_empty_or_non_numeric_list():
    with error(TypeError, "sums", "a non-empty list of real numbers", "[] (list)"):
        softmax([])
    with error(TypeError, "sums[1]", "a real number", "'a' (str)"):
        softmax([1.0, "a"])


def test_cached_sums_with_a_non_numeric_value():
    p = problem()
    p["cached_sums"][0][1] = "a"
    with error(TypeError, "cached_sums[0][1]", "a real number", "'a' (str)"):
        call("back_prop", p)


def test_cross_entropy_targets_that_do_not_add_up_to_1():
    # p - y is the gradient only for targets that add up to 1: anything else would be a wrong number
    model = init_model([2, 2], seed=0)
    _, outs, sums = forward_prop(*model, [1.0, 2.0], cache_mode=True, activations=["softmax"])
    with error(ValueError, "y_true", "class probabilities that add up to 1 for loss='cross_entropy'",
               "[1.0, 1.0] (list)"):
        back_prop(*model, [1.0, 1.0], outs, sums, activations=["softmax"], loss="cross_entropy")
    with error(ValueError, "y[1]", "class probabilities that add up to 1", "[0.5, 0.0] (list)"):
        train(model, [[1.0, 2.0], [0.0, 1.0]], [[0.0, 1.0], [0.5, 0.0]], activations=["softmax"],
              loss="cross_entropy", verbose=0)


# === with_respect_to other than 'w', 'b' or 'x' ==========================================

@pytest.mark.parametrize("wrt, got", [("q", "'q'"), ("W", "'W'"), ("", "''"), (None, "None"), ("wx", "'wx'")])
def test_with_respect_to_other_than_w_b_or_x(wrt, got):
    with error(ValueError, "with_respect_to", "'w', 'b' or 'x'", got):
        sum_der([0.05, 0.1], [0.15, 0.2], 0.35, with_respect_to=wrt)


# === an unknown activation ===============================================================

ACT_FUNCTIONS = ["forward_prop", "back_prop", "train"]


def call_with_activations(function, activations, loss="sse"):
    p = problem()
    model = (p["layers"], p["weights"], p["biases"])
    if function == "forward_prop":
        return forward_prop(*model, p["x"], activations=activations)
    if function == "back_prop":
        return back_prop(*model, p["y_true"], p["cached_outs"], p["cached_sums"], activations=activations, loss=loss)
    return train(model, [p["x"]], [[0.0, 1.0]], verbose=0, activations=activations, loss=loss)


@pytest.mark.parametrize("function", ACT_FUNCTIONS)
@pytest.mark.parametrize("name, got", [("foo", "'foo' (str)"), ("Sigmoid", "'Sigmoid' (str)"),
                                       (None, "None (NoneType)"), (["relu"], "['relu'] (list)")])
def test_unknown_activation(function, name, got):
    with error(ValueError, "activations[1]", "one of 'sigmoid', 'identity', 'tanh', 'relu', 'softmax'", got):
        call_with_activations(function, ["sigmoid", name])


@pytest.mark.parametrize("function", ACT_FUNCTIONS)
def test_softmax_in_a_hidden_layer(function):
    with error(ValueError, "activations[0]", "'softmax' only at the output layer", "it at layer 1"):
        call_with_activations(function, ["softmax", "softmax"], loss="cross_entropy")


@pytest.mark.parametrize("function", ACT_FUNCTIONS)
def test_the_wrong_number_of_activations(function):
    with error(ValueError, "activations", "a list of 2 values of names, one per layer after the input layer", "1"):
        call_with_activations(function, ["sigmoid"])


@pytest.mark.parametrize("function", ["back_prop", "train"])
@pytest.mark.parametrize("loss, got", [("mse", "'mse' (str)"), (["sse"], "['sse'] (list)")])
def test_unknown_loss(function, loss, got):
    with error(ValueError, "loss", "one of 'sse', 'cross_entropy'", got):
        call_with_activations(function, None, loss=loss)


@pytest.mark.parametrize("function", ["back_prop", "train"])
def test_cross_entropy_without_a_softmax_output(function):
    with error(ValueError, "loss", "'cross_entropy' together with a 'softmax' output layer",
               "loss='cross_entropy' with output activation 'identity'"):
        call_with_activations(function, None, loss="cross_entropy")


def test_unknown_init_method():
    with error(ValueError, "method", "'glorot' or 'zeros'", "'he' (str)"):
        init_model([2, 3, 1], method="he")


# === lr <= 0, batch_size < 1, epochs < 1 ==================================================

def call_with_option(function, **option):
    p = problem()
    if function == "update_params":
        return update_params(p["layers"], p["weights"], p["biases"], p["grads_w"], p["grads_b"], **option)
    return train((p["layers"], p["weights"], p["biases"]), [p["x"]], [p["y_true"]], verbose=0, **option)


@pytest.mark.parametrize("function", ["update_params", "train"])
@pytest.mark.parametrize("lr", [0, 0.0, -0.1, -5])
def test_lr_not_positive(function, lr):
    with error(ValueError, "lr", "a number > 0", repr(lr)):
        call_with_option(function, lr=lr)


@pytest.mark.parametrize("function", ["update_params", "train"])
@pytest.mark.parametrize("lr, exc_type, expected, got", [
    ("0.1", TypeError, "a real number", "'0.1' (str)"),
    (None, TypeError, "a real number", "None (NoneType)"),
    (NAN, ValueError, "a finite number", "nan"),
    (INF, ValueError, "a finite number", "inf"),
])
def test_lr_not_a_finite_number(function, lr, exc_type, expected, got):
    with error(exc_type, "lr", expected, got):
        call_with_option(function, lr=lr)


@pytest.mark.parametrize("batch_size", [0, -3])
def test_batch_size_below_1(batch_size):
    with error(ValueError, "batch_size", "a whole number >= 1", str(batch_size)):
        call_with_option("train", batch_size=batch_size)


@pytest.mark.parametrize("batch_size, got", [(1.5, "1.5 (float)"), ("2", "'2' (str)"), (True, "True (bool)")])
def test_batch_size_not_a_whole_number(batch_size, got):
    with error(TypeError, "batch_size", "a whole number >= 1", got):
        call_with_option("train", batch_size=batch_size)


@pytest.mark.parametrize("epochs", [0, -1])
def test_epochs_below_1(epochs):
    with error(ValueError, "epochs", "a whole number >= 1", str(epochs)):
        call_with_option("train", epochs=epochs)


@pytest.mark.parametrize("epochs, got", [(2.0, "2.0 (float)"), (None, "None (NoneType)")])
def test_epochs_not_a_whole_number(epochs, got):
    with error(TypeError, "epochs", "a whole number >= 1", got):
        call_with_option("train", epochs=epochs)


def test_verbose_below_0():
    p = problem()
    with error(ValueError, "verbose", "a whole number >= 0", "-1 (int)"):
        train((p["layers"], p["weights"], p["biases"]), [p["x"]], [p["y_true"]], verbose=-1)


# === x and y of different lengths in train ================================================

@pytest.mark.parametrize("n_x, n_y", [(2, 1), (1, 3)])
def test_train_x_and_y_of_different_lengths(n_x, n_y):
    p = problem()
    with error(ValueError, "y", f"one target per sample, {n_x} like x", str(n_y)):
        train((p["layers"], p["weights"], p["biases"]), [p["x"]] * n_x, [p["y_true"]] * n_y, verbose=0)


def test_train_with_no_samples():
    p = problem()
    with error(ValueError, "x", "at least one sample", "an empty list"):
        train((p["layers"], p["weights"], p["biases"]), [], [], verbose=0)


def test_train_with_a_model_that_is_not_layers_weights_biases():
    p = problem()
    with error(ValueError, "model", "a list of 3 values (layers, weights, biases)", "2"):
        train((p["layers"], p["weights"]), [p["x"]], [p["y_true"]], verbose=0)


# === and none of it is an OverflowError or a silent wrong number ============================

def test_no_overflow_error_from_extreme_but_finite_input():
    big = 1e308
    p = problem()
    p["x"] = [big, big]
    y_pred = forward_prop(p["layers"], p["weights"], p["biases"], p["x"])       # sigmoid saturates: finite
    assert all(math.isfinite(v) for v in y_pred)

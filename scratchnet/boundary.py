"""The boundary: every public function is the course's plain function, its arguments checked first.

The modules ``activations`` … ``train`` hold the code the chapters list, with no checks.
This module wraps each of them once, with :func:`checked` and a table from each argument's
name to the check that argument gets. ``from scratchnet import forward_prop`` gives the
checked function; ``scratchnet.forward.forward_prop`` is the plain one (also reached as
``forward_prop.__wrapped__``), and the plain functions call each other directly, so
``train`` checks the model and the data once and then runs without a check per step.

A check takes ``(name, value, given)`` (``given``: the arguments checked so far, in the
signature's order) and returns the value to pass on. It raises ``TypeError`` or
``ValueError`` with a message ``"<argument>: expected <what>, got <what came>"``. NumPy
numbers and arrays pass as Python floats and lists, so plain floats come back.

After a call of ``forward_prop``, ``back_prop``, ``update_params`` or ``train``, a cheap
look at the result (one C-level ``sum`` per list) turns a number that overflowed from
finite arguments into a :class:`DivergedError` that names where. (The scalar functions
return what IEEE arithmetic gives: ``sseloss(1e200, 0.0)`` is ``inf``.)
"""

from __future__ import annotations

import functools
import inspect
import itertools
import math
import numbers
from collections.abc import Callable
from typing import Any, TypeVar

from . import activations as _activations
from . import backward as _backward
from . import forward as _forward
from . import gradcheck as _gradcheck
from . import losses as _losses
from . import model as _model
from . import summation as _summation
from . import tracing as _tracing
from . import train as _train
from . import update as _update
from .activations import ACTIVATIONS
from .losses import LOSSES

__all__ = ["DivergedError", "checked"]

Given = dict[str, Any]
Check = Callable[[str, Any, Given], Any]
F = TypeVar("F", bound=Callable[..., Any])


class DivergedError(FloatingPointError):
    """Raised when numbers blow up (overflow to ``inf`` or ``nan``) from finite arguments."""


# ---------------------------------------------------------------------------------------------
# The mechanism
# ---------------------------------------------------------------------------------------------

def checked(kernel: F, checks: dict[str, Check], after: Callable[[Any, Given], None] | None = None) -> F:
    """The public form of ``kernel``: each argument checked by ``checks[name]``, then the call.

    Every parameter of ``kernel`` must have a check (a new parameter without one fails at
    import time). ``after(result, given)``, if given, looks at the result.
    """
    signature = inspect.signature(kernel)
    parameters = signature.parameters
    if set(checks) != set(parameters):
        raise TypeError(f"checked({kernel.__name__}): checks for {sorted(checks)}, "
                        f"parameters {sorted(parameters)}")
    positional = [n for n, p in parameters.items() if p.kind is p.POSITIONAL_OR_KEYWORD]
    defaults = {n: p.default for n, p in parameters.items() if p.default is not p.empty}
    order = list(checks.items())

    @functools.wraps(kernel)
    def public(*args: Any, **kwargs: Any) -> Any:
        given = {**defaults, **dict(zip(positional, args)), **kwargs}
        if len(args) > len(positional) or len(given) != len(order) or not kwargs.keys().isdisjoint(
                positional[:len(args)]):
            given = dict(signature.bind(*args, **kwargs).arguments)  # Python's own message for a wrong call
            given = {**defaults, **given}
        for name, check in order:
            given[name] = check(name, given[name], given)
        result = kernel(**given)
        if after is not None:
            after(result, given)
        return result

    return public  # type: ignore[return-value]


# ---------------------------------------------------------------------------------------------
# The checks: each returns the value to pass on
# ---------------------------------------------------------------------------------------------

def describe(value: Any) -> str:
    """Short description of a value for an error message: its repr and its type."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def real(name: str, value: Any, given: Given | None = None) -> float:
    """A finite real number (an int, a float, a NumPy number; not a bool), as a float."""
    if type(value) is float:
        number: float = value
    elif isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a real number, got {describe(value)}")
    else:
        try:
            number = float(value)
        except OverflowError:
            raise ValueError(f"{name}: expected a finite number, got {describe(value)}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name}: expected a finite number, got {number!r}")
    return number


def is_list(value: Any) -> bool:
    """List-like: has a length and items, and is not a string."""
    return type(value) is list or (hasattr(value, "__len__") and hasattr(value, "__getitem__")
                                   and not isinstance(value, (str, bytes)))


#: The element types a list may hold and be passed on as it is.
PLAIN_NUMBERS = {float, int}


def _plain_matrix(rows: Any, n_rows: int, n_cols: int) -> bool:
    """True when ``rows`` is a list of ``n_rows`` lists of ``n_cols`` finite ints and floats.

    C-level passes only (``map``, ``sum``, ``set``): the common case costs little. Anything
    else (a wrong length, a NumPy array, a NaN, a string) goes the slow way, which names it.
    """
    try:
        return (type(rows) is list and len(rows) == n_rows and set(map(type, rows)) == {list}
                and list(map(len, rows)).count(n_cols) == n_rows
                and set(map(type, itertools.chain.from_iterable(rows))) <= PLAIN_NUMBERS
                and math.isfinite(sum(map(sum, rows))))
    except (TypeError, OverflowError):
        return False


def sequence(name: str, value: Any, size: int | None = None, what: str = "") -> Any:
    """A list-like of ``size`` items (any size when None); returned as it is."""
    if not is_list(value):
        raise TypeError(f"{name}: expected a list{what}, got {describe(value)}")
    if size is not None and len(value) != size:
        raise ValueError(f"{name}: expected a list of {size} values{what}, got {len(value)}")
    return value


def vector(name: str, value: Any, size: int | None = None, what: str = "") -> list[float]:
    """A flat list of ``size`` finite real numbers: the list itself when it holds only
    floats and ints, else a new list of floats."""
    if type(value) is list and (size is None or len(value) == size) and set(map(type, value)) <= PLAIN_NUMBERS:
        try:
            if math.isfinite(sum(value)):
                return value
        except OverflowError:
            pass
    sequence(name, value, size, what)
    return [real(f"{name}[{i}]", item) for i, item in enumerate(value)]


def layers_check(name: str, value: Any, given: Given) -> list[int]:
    """``layers``: at least two positive whole numbers."""
    if type(value) is list and len(value) >= 2 and set(map(type, value)) == {int} and min(value) >= 1:
        return value
    sequence(name, value, what=" of node counts such as [2, 3, 1]")
    if len(value) < 2:
        raise ValueError(f"{name}: expected at least two layers (an input layer and an output layer), "
                         f"got {list(value)!r}")
    for i, size in enumerate(value):
        whole(f"{name}[{i}]", size, " of nodes")
        if size < 1:
            raise ValueError(f"{name}[{i}]: expected a positive number of nodes, got {size}")
    return [int(size) for size in value]


def whole(name: str, value: Any, what: str = "") -> int:
    """A whole number (an int or a NumPy integer; not a bool), as an int."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected a whole number{what}, got {describe(value)}")
    return int(value)


def at_least(low: int) -> Check:
    """A whole number >= ``low`` (a count such as ``epochs``)."""
    def check(name: str, value: Any, given: Given) -> int:
        whole(name, value, f" >= {low}")
        if value < low:
            raise ValueError(f"{name}: expected a whole number >= {low}, got {describe(value)}")
        return int(value)
    return check


def positive(name: str, value: Any, given: Given) -> float:
    """A finite number > 0 (a learning rate, a nudge)."""
    number = real(name, value)
    if number <= 0:
        raise ValueError(f"{name}: expected a number > 0, got {value!r}")
    return number


def any_real(name: str, value: Any, given: Given) -> float:
    return real(name, value)


def flag(name: str, value: Any, given: Given) -> bool:
    if value not in (True, False) or not isinstance(value, (bool, numbers.Integral)):
        raise TypeError(f"{name}: expected True or False, got {describe(value)}")
    return bool(value)


def one_of(*choices: str) -> Check:
    def check(name: str, value: Any, given: Given) -> str:
        if not isinstance(value, str) or value not in choices:
            shown = " or ".join([", ".join(map(repr, choices[:-1])), repr(choices[-1])]) if len(choices) > 1 else ""
            raise ValueError(f"{name}: expected {shown}, got {describe(value)}")
        return value
    return check


def seed_check(name: str, value: Any, given: Given) -> Any:
    if value is not None and (isinstance(value, bool) or not isinstance(value, (numbers.Integral, str, bytes))):
        raise TypeError(f"{name}: expected None, a whole number or a string, got {describe(value)}")
    return int(value) if isinstance(value, numbers.Integral) else value


def anything(name: str, value: Any, given: Given) -> Any:
    return value


def layers_of(given: Given) -> list[int]:
    """The checked ``layers``: an argument of their own, or the first item of the ``model``."""
    layers: list[int] = given["layers"] if "layers" in given else given["model"][0]
    return layers


def weights_check(name: str, value: Any, given: Given) -> list[list[list[float]]]:
    """Weights (or their gradients): ``value[l]`` is ``layers[l+1]`` rows of ``layers[l]`` numbers."""
    layers = layers_of(given)
    n = len(layers) - 1
    if type(value) is list and len(value) == n and all(
            _plain_matrix(value[l], layers[l + 1], layers[l]) for l in range(n)):
        return value
    sequence(name, value, n, f" (one per layer after the input layer, for layers={layers})")
    checked_layers = []
    for l in range(n):
        rows = sequence(f"{name}[{l}]", value[l], layers[l + 1], f" of weights (one row per node of layer {l + 1})")
        checked_layers.append([vector(f"{name}[{l}][{j}]", rows[j], layers[l],
                                      f" (one per node of layer {l}, the layer before)")
                               for j in range(layers[l + 1])])
    return checked_layers


def biases_check(name: str, value: Any, given: Given) -> list[list[float]]:
    """Biases (or their gradients): ``value[l]`` is ``layers[l+1]`` numbers."""
    layers = layers_of(given)
    n = len(layers) - 1
    sequence(name, value, n, f" (one per layer after the input layer, for layers={layers})")
    return [vector(f"{name}[{l}]", value[l], layers[l + 1], f" (one per node of layer {l + 1})")
            for l in range(n)]


def inputs_check(name: str, value: Any, given: Given) -> list[float]:
    """One sample's inputs: ``layers[0]`` numbers."""
    size = layers_of(given)[0]
    return vector(name, value, size, f" (one per input node, layers[0] = {size})")


def targets_check(name: str, value: Any, given: Given) -> list[float]:
    """One sample's targets: ``layers[-1]`` numbers (class probabilities for cross-entropy)."""
    size = layers_of(given)[-1]
    targets = vector(name, value, size, f" (one per output node, layers[-1] = {size})")
    if given.get("loss") == "cross_entropy" and abs(math.fsum(targets) - 1.0) > 1e-6:
        raise ValueError(
            f"{name}: expected class probabilities that add up to 1 for loss='cross_entropy' (e.g. one-hot "
            f"[0.0, 1.0, 0.0]), got {describe(list(targets))} adding up to {math.fsum(targets)!r}")
    return targets


def cached_outs_check(name: str, value: Any, given: Given) -> list[list[float]]:
    layers = layers_of(given)
    sequence(name, value, len(layers), " (one per layer, from forward_prop(..., cache_mode=True))")
    return [vector(f"{name}[{l}]", value[l], size, f" (layers[{l}] = {size})") for l, size in enumerate(layers)]


def cached_sums_check(name: str, value: Any, given: Given) -> list[list[float]]:
    layers = layers_of(given)
    sequence(name, value, len(layers) - 1, " (one per layer after the input layer, from forward_prop(..., "
                                           "cache_mode=True))")
    return [vector(f"{name}[{l}]", value[l], layers[l + 1], f" (layers[{l + 1}] = {layers[l + 1]})")
            for l in range(len(layers) - 1)]


def activations_check(name: str, value: Any, given: Given) -> list[str] | None:
    """``None`` (the default) or one known name per layer after the input; softmax only last."""
    if value is None:
        return None
    layers = layers_of(given)
    sequence(name, value, len(layers) - 1,
             f" of names, one per layer after the input layer (layers={layers})")
    for l, act in enumerate(value):
        if not isinstance(act, str) or act not in ACTIVATIONS:
            raise ValueError(f"{name}[{l}]: expected one of {', '.join(map(repr, ACTIVATIONS))}, got {describe(act)}")
        if act == "softmax" and l != len(value) - 1:
            raise ValueError(f"{name}[{l}]: expected 'softmax' only at the output layer, got it at layer {l + 1}")
    return list(value)


def loss_check(name: str, value: Any, given: Given) -> str:
    """A known loss; ``'cross_entropy'`` exactly when the output layer is softmax."""
    if not isinstance(value, str) or value not in LOSSES:
        raise ValueError(f"{name}: expected one of {', '.join(map(repr, LOSSES))}, got {describe(value)}")
    names = given.get("activations") or _model.default_activations(layers_of(given))
    if (names[-1] == "softmax") != (value == "cross_entropy"):
        raise ValueError(
            f"{name}: expected 'cross_entropy' together with a 'softmax' output layer (and only then), "
            f"got loss={value!r} with output activation {names[-1]!r}")
    return value


def model_check(name: str, value: Any, given: Given) -> tuple[list[int], list[list[list[float]]], list[list[float]]]:
    """A model ``(layers, weights, biases)``; the checks after it read its layers (``layers_of``)."""
    sequence(name, value, 3, " (layers, weights, biases)")
    layers = layers_check("layers", value[0], given)
    shape = {"layers": layers}
    return layers, weights_check("weights", value[1], shape), biases_check("biases", value[2], shape)


def samples_check(name: str, value: Any, given: Given) -> list[list[float]]:
    """``train``'s ``x``: a non-empty list of samples."""
    sequence(name, value, what=" of samples")
    if len(value) == 0:
        raise ValueError(f"{name}: expected at least one sample, got an empty list")
    return [inputs_check(f"{name}[{s}]", sample, given) for s, sample in enumerate(value)]


def sample_targets_check(name: str, value: Any, given: Given) -> list[list[float]]:
    """``train``'s ``y``: one target list per sample of ``x``."""
    sequence(name, value, what=" of targets")
    if len(value) != len(given["x"]):
        raise ValueError(f"{name}: expected one target per sample, {len(given['x'])} like x, got {len(value)}")
    return [targets_check(f"{name}[{s}]", target, given) for s, target in enumerate(value)]


def node_inputs(name: str, value: Any, given: Given) -> list[float]:
    """One node's inputs ``x`` (any length)."""
    return vector(name, value)


def node_weights(name: str, value: Any, given: Given) -> list[float]:
    """One node's weights: one per input."""
    n = len(given["x"])
    return vector(name, value, n, f" (one weight per input; x has {n})")


def layer_sums(name: str, value: Any, given: Given) -> list[float]:
    if not is_list(value) or len(value) == 0:
        raise TypeError(f"{name}: expected a non-empty list of real numbers, got {describe(value)}")
    return vector(name, value)


def function_check(name: str, value: Any, given: Given) -> Any:
    if value is not None and not callable(value):
        raise TypeError(f"{name}: expected a function like back_prop, got {describe(value)}")
    return value


# ---------------------------------------------------------------------------------------------
# Looking at the result
# ---------------------------------------------------------------------------------------------

def first_non_finite(name: str, nested: Any) -> tuple[str, float] | None:
    """The first ``inf`` or ``nan`` in a nested list of floats, with its place; None if none."""
    if isinstance(nested, float):
        return None if math.isfinite(nested) else (name, nested)
    try:
        if math.isfinite(sum(map(_total, nested))):  # fast path: one C-level pass per list
            return None
    except OverflowError:
        pass
    for i, item in enumerate(nested):
        found = first_non_finite(f"{name}[{i}]", item)
        if found:
            return found
    return None


def _total(item: Any) -> float:
    """The sum of a nested list of floats: one C-level ``sum`` per innermost list."""
    if isinstance(item, (int, float)):
        return item
    if item and type(item[0]) is list:
        return float(sum(map(_total, item)))
    return float(sum(item))


def finite(*names: str) -> Callable[[Any, Given], None]:
    """A result check: every number of the result (``names`` its parts) is finite."""
    def after(result: Any, given: Given) -> None:
        parts = result if len(names) > 1 else (result,)
        for part_name, part in zip(names, parts):
            found = first_non_finite(part_name, part)
            if found:
                place, number = found
                raise DivergedError(
                    f"{place} overflowed to {number} although every argument is finite: the numbers are too "
                    "large (did training diverge? try a smaller learning rate)")
    return after


def forward_finite(result: Any, given: Given) -> None:
    if given["cache_mode"]:
        finite("y_pred", "cached_outs", "cached_sums")(result, given)
    else:
        finite("y_pred")(result, given)


def trained_finite(result: Any, given: Given) -> None:
    """``train``: name the first epoch whose loss is not finite, or a final weight that is not."""
    (_, weights, biases), history = result
    epochs = given["epochs"]
    for epoch, loss in enumerate(history, start=1):
        if not math.isfinite(loss):
            raise DivergedError(f"training diverged in epoch {epoch}/{epochs}: the loss is {loss} with "
                                f"lr={given['lr']}; try a smaller learning rate")
    found = first_non_finite("weights", weights) or first_non_finite("biases", biases)
    if found:
        raise DivergedError(f"training diverged in epoch {epochs}/{epochs}: {found[0]} is {found[1]} with "
                            f"lr={given['lr']}; try a smaller learning rate")


# ---------------------------------------------------------------------------------------------
# The public functions: one table per function, argument name -> check
# ---------------------------------------------------------------------------------------------

NETWORK: dict[str, Check] = {"layers": layers_check, "weights": weights_check, "biases": biases_check}
GRADS: dict[str, Check] = {"grads_w": weights_check, "grads_b": biases_check}
CHOICES: dict[str, Check] = {"activations": activations_check, "loss": loss_check}
SCALAR: dict[str, Check] = {"x": any_real}
PAIR: dict[str, Check] = {"y_pred": any_real, "y_true": any_real}
ONE_SAMPLE: dict[str, Check] = {"model": model_check, "x": inputs_check, "y_true": targets_check}
NODE: dict[str, Check] = {"x": node_inputs, "weights": node_weights, "bias": any_real}

summation = checked(_summation.summation, NODE)
sum_der = checked(_summation.sum_der, {**NODE, "with_respect_to": one_of("w", "b", "x")})

sigmoid = checked(_activations.sigmoid, SCALAR)
sigmoid_der = checked(_activations.sigmoid_der, SCALAR)
identity = checked(_activations.identity, SCALAR)
identity_der = checked(_activations.identity_der, SCALAR)
tanh = checked(_activations.tanh, SCALAR)
tanh_der = checked(_activations.tanh_der, SCALAR)
relu = checked(_activations.relu, SCALAR)
relu_der = checked(_activations.relu_der, SCALAR)
softmax = checked(_activations.softmax, {"sums": layer_sums})
softmax_der = checked(_activations.softmax_der, SCALAR)

sseloss = checked(_losses.sseloss, PAIR)
sseloss_der = checked(_losses.sseloss_der, PAIR)
cross_entropy = checked(_losses.cross_entropy, PAIR)
cross_entropy_der = checked(_losses.cross_entropy_der, PAIR)

forward_prop = checked(_forward.forward_prop, {
    **NETWORK, "x": inputs_check, "cache_mode": flag, "activations": activations_check}, after=forward_finite)
back_prop = checked(_backward.back_prop, {
    **NETWORK, "y_true": targets_check, "cached_outs": cached_outs_check, "cached_sums": cached_sums_check,
    **CHOICES}, after=finite("grads_w", "grads_b"))
update_params = checked(_update.update_params, {**NETWORK, **GRADS, "lr": positive},
                        after=finite("new_weights", "new_biases"))
train = checked(_train.train, {
    "model": model_check, "x": samples_check, "y": sample_targets_check, "batch_size": at_least(1),
    "epochs": at_least(1), "lr": positive, "verbose": at_least(0), "seed": seed_check, **CHOICES},
    after=trained_finite)

init_model = checked(_model.init_model, {"layers": layers_check, "seed": seed_check,
                                         "method": one_of("glorot", "zeros")})
default_activations = checked(_model.default_activations, {"layers": layers_check})

sample_loss = checked(_gradcheck.sample_loss, {**ONE_SAMPLE, **CHOICES})
numerical_gradients = checked(_gradcheck.numerical_gradients, {**ONE_SAMPLE, "h": positive, **CHOICES})
record_step = checked(_tracing.record_step, {**ONE_SAMPLE, "lr": positive, **CHOICES,
                                             "back_prop_fn": function_check})

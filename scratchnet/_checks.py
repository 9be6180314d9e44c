"""Argument checks shared by every module.

Every check raises ``TypeError`` or ``ValueError`` with a message of the form
``"<argument>: expected <what>, got <what came>"`` so that a learner sees at once
which argument is wrong and why.

The checks are cheap on purpose: shapes are checked in O(layers + nodes), and the
values of weights are *not* scanned on every call. A non-numeric or non-finite
weight is found where it surfaces (a ``TypeError`` inside a sum, or a non-finite
weighted sum) and only then is the argument scanned to name the culprit.
"""

from __future__ import annotations

import functools
import inspect
import math
from typing import Any, Callable, Sequence

__all__ = ["DivergedError"]


class DivergedError(FloatingPointError):
    """Raised when numbers blow up (overflow to ``inf`` or ``nan``) during training."""


def describe(value: Any) -> str:
    """Short description of a value for an error message: its repr and its type."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def is_number(value: Any) -> bool:
    """True for ints and floats (and their subclasses), False for bools and anything else."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_number(name: str, value: Any, *, finite: bool = True) -> None:
    """Check that ``value`` is a real number (and finite unless ``finite=False``)."""
    if not is_number(value):
        raise TypeError(f"{name}: expected a real number, got {describe(value)}")
    if finite and not math.isfinite(value):
        raise ValueError(f"{name}: expected a finite number, got {value!r}")


def check_sequence(name: str, value: Any, size: int | None = None, what: str = "") -> None:
    """Check that ``value`` is a list-like of ``size`` items (any size when None)."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or not hasattr(value, "__getitem__"):
        raise TypeError(f"{name}: expected a list{what}, got {describe(value)}")
    if size is not None and len(value) != size:
        raise ValueError(f"{name}: expected a list of {size} values{what}, got {len(value)}")


def check_vector(name: str, value: Any, size: int, what: str = "") -> None:
    """Check a flat list of ``size`` finite real numbers. O(size)."""
    try:  # fast path: one C-level pass; a string, list or non-finite value makes the sum fail or not finite
        if len(value) == size and math.isfinite(math.fsum(value)) and not isinstance(value, (str, bytes)):
            if bool not in set(map(type, value)):
                return
    except (TypeError, ValueError, OverflowError):
        pass
    check_sequence(name, value, size, what)
    for i, item in enumerate(value):
        check_number(f"{name}[{i}]", item)


#: The repr of every ``layers`` already checked and found valid.
_VALID_LAYERS: set[str] = set()


def check_layers(layers: Any) -> None:
    """Check ``layers``: a list of at least two positive whole numbers."""
    if repr(layers) in _VALID_LAYERS:  # fast path: the very same shape was checked before
        return
    check_sequence("layers", layers, what=" of node counts such as [2, 3, 1]")
    if len(layers) < 2:
        raise ValueError(
            "layers: expected at least two layers (an input layer and an output layer), "
            f"got {list(layers)!r}"
        )
    for i, size in enumerate(layers):
        if not isinstance(size, int) or isinstance(size, bool):
            raise TypeError(f"layers[{i}]: expected a whole number of nodes, got {describe(size)}")
        if size < 1:
            raise ValueError(f"layers[{i}]: expected a positive number of nodes, got {size}")
    if len(_VALID_LAYERS) < 256:
        _VALID_LAYERS.add(repr(layers))  # repr tells [2, 3, 1] from [2.0, 3, 1] or [True, 3, 1]


def check_params(layers: list[int], weights: Any, biases: Any, *, names=("weights", "biases")) -> None:
    """Check that ``weights`` and ``biases`` (or gradients shaped like them) fit ``layers``.

    Shapes only, O(layers + nodes): ``weights[l]`` has ``layers[l + 1]`` rows of
    ``layers[l]`` numbers and ``biases[l]`` has ``layers[l + 1]`` numbers.
    """
    if _params_fit(layers, weights, biases):
        return
    w_name, b_name = names
    n = len(layers) - 1
    check_sequence(w_name, weights, n, f" (one per layer after the input layer, for layers={list(layers)})")
    check_sequence(b_name, biases, n, f" (one per layer after the input layer, for layers={list(layers)})")
    for l in range(n):
        rows, cols = layers[l + 1], layers[l]
        check_sequence(f"{w_name}[{l}]", weights[l], rows, f" of weights (one row per node of layer {l + 1})")
        check_sequence(f"{b_name}[{l}]", biases[l], rows, f" (one per node of layer {l + 1})")
        for j in range(rows):
            check_sequence(
                f"{w_name}[{l}][{j}]", weights[l][j], cols, f" (one per node of layer {l}, the layer before)"
            )


def _params_fit(layers: Sequence[int], weights: Any, biases: Any) -> bool:
    """Fast path of ``check_params``: True when every shape fits (C-level ``len`` calls only)."""
    try:
        n = len(layers) - 1
        if len(weights) != n or len(biases) != n:
            return False
        for l in range(n):
            rows, size = weights[l], layers[l + 1]
            if len(rows) != size or len(biases[l]) != size or list(map(len, rows)).count(layers[l]) != size:
                return False
            if isinstance(rows, str) or isinstance(biases[l], str):
                return False
        return True
    except TypeError:
        return False


#: How many list levels each argument has, so that a list where a number belongs is named too.
NESTING = {"weights": 3, "grads_w": 3, "biases": 2, "grads_b": 2, "cached_outs": 2, "cached_sums": 2}


def find_bad_value(name: str, nested: Any, depth: int | None = None) -> None:
    """Scan a nested list of numbers and raise for the first non-numeric or non-finite item.

    This is the slow path: it runs only after something went wrong, to name the culprit.
    ``depth`` is how many list levels ``nested`` has (``NESTING[name]`` when not given;
    any, when the name is not there): an item at that depth must be a number, even a list.
    """
    if depth is None:
        depth = NESTING.get(name)
    if depth == 0 or (depth is None and is_number(nested)):
        check_number(name, nested)
        return
    if isinstance(nested, (str, bytes)) or not hasattr(nested, "__len__"):
        raise TypeError(f"{name}: expected {'a list' if depth else 'a real number'}, got {describe(nested)}")
    for i, item in enumerate(nested):
        find_bad_value(f"{name}[{i}]", item, None if depth is None else depth - 1)


def check_positive(name: str, value: Any, *, whole: bool = False) -> None:
    """Check a learning rate (finite, > 0) or a count (whole number, >= 1)."""
    if whole:
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{name}: expected a whole number >= 1, got {describe(value)}")
        if value < 1:
            raise ValueError(f"{name}: expected a whole number >= 1, got {value}")
        return
    check_number(name, value)
    if value <= 0:
        raise ValueError(f"{name}: expected a number > 0, got {value!r}")


def names_bad_values(*scanned: str, check_more: Callable[[dict], None] | None = None):
    """Decorator: a ``TypeError`` from inside a function's loops names the argument and index.

    A non-numeric weight surfaces deep in a loop (``x_i * w_i``, ``delta * each_dx``);
    scanning every value up front on every call would cost a second pass. So the scan
    runs only after the error, here, and the loops stay exactly as the chapters show
    them. The function's own shape checks run again first (``layers``, ``weights`` and
    ``biases``, then ``check_more(arguments)``), so an error of theirs is raised again
    as it was; then each argument named in ``scanned`` is searched for the culprit.
    """
    def decorate(func):
        signature = inspect.signature(func)

        @functools.wraps(func)
        def checked(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except TypeError as error:
                try:
                    given = signature.bind(*args, **kwargs).arguments
                except TypeError:
                    raise error from None  # the call itself was wrong: Python's own message says how
                check_layers(given["layers"])
                check_params(given["layers"], given["weights"], given["biases"])
                if check_more is not None:
                    check_more(given)
                for name in scanned:
                    find_bad_value(name, given[name])
                raise
        return checked
    return decorate

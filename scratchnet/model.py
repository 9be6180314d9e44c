r"""The model: its shape, its activations, and fresh starting weights.

A model is the tuple ``(layers, weights, biases)``:

- ``layers``: node count per layer, the input layer included, e.g. ``[2, 3, 1]``.
- ``weights[l][j][i]``: the weight on the edge from node ``i`` of layer ``l`` to
  node ``j`` of layer ``l + 1`` (so ``l = 0`` is input -> first hidden layer).
- ``biases[l][j]``: the bias of node ``j`` of layer ``l + 1``.

The functions are called as ``forward_prop(*model, x)``.
"""

from __future__ import annotations

import functools
import math
import random

from ._checks import check_layers, check_sequence, describe
from .activations import ACTIVATIONS
from .losses import LOSSES

#: A model: ``(layers, weights, biases)``.
Model = tuple[list[int], list[list[list[float]]], list[list[float]]]

__all__ = ["init_model", "default_activations"]



def default_activations(layers: list[int]) -> list[str]:
    """The series' choice: sigmoid in every hidden layer, identity at the output.

    Args:
        layers: node count per layer, e.g. ``[2, 3, 1]``.

    Returns:
        One activation name per layer after the input layer, e.g.
            ``['sigmoid', 'identity']``.
    """
    return ["sigmoid"] * (len(layers) - 2) + ["identity"]


def resolve_activations(
    layers: list[int], activations: list[str] | None, loss: str | None = None
) -> tuple[list[str], list, list]:
    """Check ``activations`` (and ``loss``) and return the (function, derivative) pairs.

    The answer depends only on the number of layers, the names and the loss, so it
    is computed once per combination and reused: forward_prop and back_prop call this
    on every sample.

    Returns:
        ``(names, funcs, ders)``: lists with one entry per layer after the input layer
            (shared between calls: read them, never change them).
    """
    try:
        return _resolve_cached(len(layers), None if activations is None else tuple(activations), loss)
    except (TypeError, ValueError):  # let the full check name the problem with the caller's own layers
        return _resolve(layers, activations, loss)


@functools.lru_cache(maxsize=64)
def _resolve_cached(n_layers: int, activations: tuple | None, loss: str | None):
    return _resolve([1] * n_layers, None if activations is None else list(activations), loss)


def _resolve(layers, activations, loss):
    if activations is None:
        names = default_activations(layers)
    else:
        check_sequence(
            "activations", activations, len(layers) - 1,
            f" of names, one per layer after the input layer (layers={list(layers)})",
        )
        names = list(activations)
    for l, name in enumerate(names):
        if not isinstance(name, str) or name not in ACTIVATIONS:
            raise ValueError(
                f"activations[{l}]: expected one of {', '.join(map(repr, ACTIVATIONS))}, got {describe(name)}"
            )
        if name == "softmax" and l != len(names) - 1:
            raise ValueError(f"activations[{l}]: expected 'softmax' only at the output layer, got it at layer {l + 1}")
    if loss is not None:
        if not isinstance(loss, str) or loss not in LOSSES:
            raise ValueError(f"loss: expected one of {', '.join(map(repr, LOSSES))}, got {describe(loss)}")
        if (names[-1] == "softmax") != (loss == "cross_entropy"):
            raise ValueError(
                "loss: expected 'cross_entropy' together with a 'softmax' output layer (and only then), "
                f"got loss={loss!r} with output activation {names[-1]!r}"
            )
    funcs = [ACTIVATIONS[name][0] for name in names]
    ders = [ACTIVATIONS[name][1] for name in names]
    return names, funcs, ders


def check_targets(name: str, y: list[float], loss: str) -> None:
    r"""For ``loss='cross_entropy'``, check that the targets ``y`` add up to 1 (one-hot or probabilities).

    The combined softmax + cross-entropy derivative $\hat{y}_k - y_k$ holds only then;
    other targets would give wrong gradients without any error. O(outputs).
    """
    if loss == "cross_entropy" and abs(math.fsum(y) - 1.0) > 1e-6:
        raise ValueError(
            f"{name}: expected class probabilities that add up to 1 for loss='cross_entropy' (e.g. one-hot "
            f"[0.0, 1.0, 0.0]), got {describe(list(y))} adding up to {math.fsum(y)!r}"
        )


def init_model(
    layers: list[int], *, seed: int | None = None, method: str = "glorot"
) -> tuple[list[int], list[list[list[float]]], list[list[float]]]:
    r"""Make a model with starting weights, ready for ``train``.

    With ``method='glorot'`` every weight is drawn uniformly from
    $[-a, a]$ with $a = \sqrt{6 / (n_\text{in} + n_\text{out})}$ (Glorot/Xavier),
    so the nodes of a layer start different from each other. With
    ``method='zeros'`` every weight is 0, which keeps the nodes of a hidden layer
    identical forever (the symmetry problem). Biases start at 0 either way.

    Args:
        layers: node count per layer, the input layer included, e.g. ``[2, 3, 1]``.
        seed: seed for the random numbers; the same seed gives the same model.
        method: ``'glorot'`` or ``'zeros'``.

    Returns:
        ``(layers, weights, biases)`` with ``weights[l]`` of shape
            ``layers[l+1] x layers[l]`` and ``biases[l]`` of length ``layers[l+1]``.
    """
    check_layers(layers)
    if method not in ("glorot", "zeros"):
        raise ValueError(f"method: expected 'glorot' or 'zeros', got {describe(method)}")
    rng = random.Random(seed)
    weights: list[list[list[float]]] = []
    biases: list[list[float]] = []
    for l in range(len(layers) - 1):
        n_in, n_out = layers[l], layers[l + 1]
        a = math.sqrt(6.0 / (n_in + n_out)) if method == "glorot" else 0.0
        weights.append([[rng.uniform(-a, a) for _ in range(n_in)] for _ in range(n_out)])
        biases.append([0.0] * n_out)
    return list(layers), weights, biases

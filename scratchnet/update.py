r"""Updating the parameters: one step of gradient descent.

Every weight and bias moves a small step against its gradient:

$$w \leftarrow w - \eta\, \frac{\partial L}{\partial w}, \qquad b \leftarrow b - \eta\, \frac{\partial L}{\partial b}$$

where $\eta$ is the learning rate ``lr``.
"""

from __future__ import annotations

import math
from typing import Callable

from ._checks import DivergedError, check_layers, check_params, check_positive, find_bad_value, names_bad_values

__all__ = ["update_params"]


def _check_grads_again(given: dict) -> None:
    check_params(given["layers"], given["grads_w"], given["grads_b"], names=("grads_w", "grads_b"))


@names_bad_values("weights", "biases", "grads_w", "grads_b", check_more=_check_grads_again)
# --8<-- [start:update_params]
def update_params(
    layers: list[int],
    weights: list[list[list[float]]],
    biases: list[list[float]],
    grads_w: list[list[list[float]]],
    grads_b: list[list[float]],
    lr: float = 0.1,
    *,
    trace: "Callable[[dict], None] | None" = None,
) -> "tuple[list[list[list[float]]], list[list[float]]]":
    r"""One step of gradient descent: $w - \eta\,\partial L / \partial w$.

    Args:
        layers: node count per layer, the input layer included.
        weights: ``weights[l][j][i]``, shape ``layers[l+1] x layers[l]``.
        biases: ``biases[l][j]``, length ``layers[l+1]``.
        grads_w: the gradients of the weights, shaped like ``weights``.
        grads_b: the gradients of the biases, shaped like ``biases``.
        lr: the learning rate $\eta > 0$.
        trace: optional callback that receives one dict per node; ``None``
            costs nothing.

    Returns:
        ``(new_weights, new_biases)``, new lists; the arguments are not
            changed.
    """
    check_layers(layers)
    check_params(layers, weights, biases)
    check_params(layers, grads_w, grads_b, names=("grads_w", "grads_b"))
    check_positive("lr", lr)

    new_weights = []
    new_biases = []
    for l in range(len(weights)):
        new_layer_w = []
        for node_w, node_gw in zip(weights[l], grads_w[l]):
            new_layer_w.append([w - lr * grad_w
                                for w, grad_w in zip(node_w, node_gw)])
        new_weights.append(new_layer_w)
        new_biases.append([b - lr * grad_b
                           for b, grad_b in zip(biases[l], grads_b[l])])
    _check_finite_update(weights, biases, grads_w, grads_b,
                         new_weights, new_biases, lr)
    if trace is not None:
        _trace_update(trace, lr, weights, biases, grads_w, grads_b,
                      new_weights, new_biases)
    return new_weights, new_biases
# --8<-- [end:update_params]


def _name_bad_value(weights, biases, grads_w, grads_b) -> None:
    """Slow path after an error: raise for the first non-numeric or non-finite value."""
    for name, value in (("weights", weights), ("biases", biases),
                        ("grads_w", grads_w), ("grads_b", grads_b)):
        find_bad_value(name, value)


def _check_finite_update(weights, biases, grads_w, grads_b, new_weights, new_biases, lr) -> None:
    """Raise a clear error if a new weight or bias is ``inf`` or ``nan``.

    One C-level ``sum`` per row (no Python loop over the weights). A NaN or infinite
    argument is reported as bad input; finite arguments whose step overflowed as divergence.
    """
    for layer_w, layer_b in zip(new_weights, new_biases):
        if math.isfinite(sum(layer_b) + sum(map(sum, layer_w))):
            continue
        _name_bad_value(weights, biases, grads_w, grads_b)
        for l, (new_w, new_b) in enumerate(zip(new_weights, new_biases)):   # a finite sum that overflowed passes
            for j, row in enumerate(new_w):
                for i, w in enumerate(row):
                    if not math.isfinite(w):
                        raise DivergedError(
                            f"update_params: weights[{l}][{j}][{i}] - lr * grads_w[{l}][{j}][{i}] overflowed to {w} "
                            f"with lr={lr!r}: the step is too large (try a smaller learning rate)")
            for j, b in enumerate(new_b):
                if not math.isfinite(b):
                    raise DivergedError(
                        f"update_params: biases[{l}][{j}] - lr * grads_b[{l}][{j}] overflowed to {b} "
                        f"with lr={lr!r}: the step is too large (try a smaller learning rate)")
        return


def _trace_update(trace, lr, weights, biases, grads_w, grads_b, new_weights, new_biases) -> None:
    """Emit one ``update`` event per node."""
    for l in range(len(weights)):
        for j in range(len(weights[l])):
            trace({
                "phase": "update", "section": "update_params", "layer": l + 1, "node": j, "lr": lr,
                "w": list(weights[l][j]), "grads_w": list(grads_w[l][j]), "new_w": list(new_weights[l][j]),
                "b": biases[l][j], "grad_b": grads_b[l][j], "new_b": new_biases[l][j],
            })

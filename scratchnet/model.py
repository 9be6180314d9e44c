r"""The model: its shape, its activations, and fresh starting weights.

A model is the tuple ``(layers, weights, biases)``:

- ``layers``: node count per layer, the input layer included, e.g. ``[2, 3, 1]``.
- ``weights[l][j][i]``: the weight on the edge from node ``i`` of layer ``l`` to
  node ``j`` of layer ``l + 1`` (so ``l = 0`` is input -> first hidden layer).
- ``biases[l][j]``: the bias of node ``j`` of layer ``l + 1``.

The functions are called as ``forward_prop(*model, x)``.
"""

from __future__ import annotations

import math
import random

#: A model: ``(layers, weights, biases)``.
Model = tuple[list[int], list[list[list[float]]], list[list[float]]]

__all__ = ["Model", "init_model", "default_activations"]


# --8<-- [start:default_activations]
def default_activations(layers: list[int]) -> list[str]:
    """The series' choice: sigmoid in every hidden layer, identity at the output.

    Args:
        layers: node count per layer, e.g. ``[2, 3, 1]``.

    Returns:
        One activation name per layer after the input layer, e.g.
            ``['sigmoid', 'identity']``.
    """
    return ["sigmoid"] * (len(layers) - 2) + ["identity"]
# --8<-- [end:default_activations]


def init_model(
    layers: list[int], *, seed: int | None = None, method: str = "glorot"
) -> Model:
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
    rng = random.Random(seed)
    weights: list[list[list[float]]] = []
    biases: list[list[float]] = []
    for l in range(len(layers) - 1):
        n_in, n_out = layers[l], layers[l + 1]
        a = math.sqrt(6.0 / (n_in + n_out)) if method == "glorot" else 0.0
        weights.append([[rng.uniform(-a, a) for _ in range(n_in)] for _ in range(n_out)])
        biases.append([0.0] * n_out)
    return list(layers), weights, biases

r"""Forward propagation: from the inputs, layer by layer, to the prediction.

For every node $j$ of layer $l$ (counting the input layer as 0):

$$u^{(l)}_j = \sum_i o^{(l-1)}_i\, w^{(l)}_{ji} + b^{(l)}_j, \qquad o^{(l)}_j = f^{(l)}\bigl(u^{(l)}_j\bigr)$$

with $o^{(0)} = x$. In code, $w^{(l)}_{ji}$ is ``weights[l - 1][j][i]``.
"""

from __future__ import annotations

from typing import Literal, overload

from .activations import ACTIVATIONS, softmax
from .model import default_activations
from .summation import summation

__all__ = ["forward_prop"]


Caches = tuple[list[float], list[list[float]], list[list[float]]]


@overload
def forward_prop(layers: list[int], weights: list[list[list[float]]], biases: list[list[float]], x: list[float],
                 cache_mode: Literal[False] = False, *, activations: list[str] | None = None) -> list[float]: ...
@overload
def forward_prop(layers: list[int], weights: list[list[list[float]]], biases: list[list[float]], x: list[float],
                 cache_mode: Literal[True], *, activations: list[str] | None = None) -> Caches: ...
@overload
def forward_prop(layers: list[int], weights: list[list[list[float]]], biases: list[list[float]], x: list[float],
                 cache_mode: bool = False, *, activations: list[str] | None = None) -> list[float] | Caches: ...


# --8<-- [start:forward_prop]
def forward_prop(
    layers: list[int],
    weights: list[list[list[float]]],
    biases: list[list[float]],
    x: list[float],
    cache_mode: bool = False,
    *,
    activations: list[str] | None = None,
) -> list[float] | tuple[list[float], list[list[float]], list[list[float]]]:
    r"""Run one sample forward through the network.

    Layer by layer, every node computes its weighted sum
    $u_j = \sum_i x_i w_{ji} + b_j$ and its output $o_j = f(u_j)$; the outputs
    of a layer are the inputs of the next.

    Args:
        layers: node count per layer, the input layer included, e.g.
            ``[2, 3, 1]``.
        weights: ``weights[l][j][i]``, shape ``layers[l+1] x layers[l]``.
        biases: ``biases[l][j]``, length ``layers[l+1]``.
        x: one sample's inputs, length ``layers[0]``.
        cache_mode: also return what the backward pass needs.
        activations: one name per layer after the input layer
            (``'sigmoid'``, ``'identity'``, ``'tanh'``, ``'relu'``,
            ``'softmax'``); default sigmoid in hidden layers and identity at
            the output.

    Returns:
        ``y_pred``, a list of ``layers[-1]`` outputs. With
            ``cache_mode=True``, ``(y_pred, cached_outs, cached_sums)`` where
            ``cached_outs[l]`` holds the outputs of layer ``l``
            (``cached_outs[0]`` is a copy of ``x``) and ``cached_sums[l - 1]``
            the weighted sums of layer ``l``.
    """
    if activations is None:
        activations = default_activations(layers)

    out = list(x)  # the input layer's "outputs" are the inputs themselves
    cached_outs = [out]
    cached_sums = []
    for layer_i in range(1, len(layers)):
        activation, _ = ACTIVATIONS[activations[layer_i - 1]]
        node_sums = []
        for node_i in range(layers[layer_i]):
            w = weights[layer_i - 1][node_i]
            b = biases[layer_i - 1][node_i]
            node_sums.append(summation(out, w, b))
        if activation is softmax:  # needs the sums of the whole layer
            out = softmax(node_sums)
        else:
            out = [activation(node_sum) for node_sum in node_sums]
        cached_sums.append(node_sums)
        cached_outs.append(out)

    y_pred = out
    if cache_mode:
        return y_pred, cached_outs, cached_sums
    return y_pred
# --8<-- [end:forward_prop]

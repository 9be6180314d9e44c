r"""Updating the parameters: one step of gradient descent.

Every weight and bias moves a small step against its gradient:

$$w \leftarrow w - \eta\, \frac{\partial L}{\partial w}, \qquad b \leftarrow b - \eta\, \frac{\partial L}{\partial b}$$

where $\eta$ is the learning rate ``lr``.
"""

from __future__ import annotations

__all__ = ["update_params"]


# --8<-- [start:update_params]
def update_params(
    layers: list[int],
    weights: list[list[list[float]]],
    biases: list[list[float]],
    grads_w: list[list[list[float]]],
    grads_b: list[list[float]],
    lr: float = 0.1,
) -> tuple[list[list[list[float]]], list[list[float]]]:
    r"""One step of gradient descent: $w - \eta\,\partial L / \partial w$.

    Args:
        layers: node count per layer, the input layer included.
        weights: ``weights[l][j][i]``, shape ``layers[l+1] x layers[l]``.
        biases: ``biases[l][j]``, length ``layers[l+1]``.
        grads_w: the gradients of the weights, shaped like ``weights``.
        grads_b: the gradients of the biases, shaped like ``biases``.
        lr: the learning rate $\eta > 0$.

    Returns:
        ``(new_weights, new_biases)``, new lists; the arguments are not
            changed.
    """
    new_weights = []
    new_biases = []
    for l in range(len(layers) - 1):
        # --8<-- [start:update_layer]
        new_layer_w = []
        for node_w, node_gw in zip(weights[l], grads_w[l]):
            new_layer_w.append([w - lr * grad_w
                                for w, grad_w in zip(node_w, node_gw)])
        new_weights.append(new_layer_w)
        new_biases.append([b - lr * grad_b
                           for b, grad_b in zip(biases[l], grads_b[l])])
        # --8<-- [end:update_layer]
    return new_weights, new_biases
# --8<-- [end:update_params]

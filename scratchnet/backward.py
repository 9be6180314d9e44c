r"""Backpropagation: the gradients of the loss with respect to every weight and bias.

Each node runs the same four steps, from the output layer back to the first
hidden layer:

1. **the error flowing back** $e_j = \partial L / \partial o_j$: at the output
   layer the loss derivative $\hat{y}_j - y_j$; in a hidden layer the gradient of
   the next layer's inputs, which are this layer's outputs;
2. **the activation derivative** $f'(u_j)$ at the node's weighted sum;
3. **the partials of the weighted sum** $\partial u_j/\partial w_{ji} = x_i$,
   $\partial u_j/\partial b_j = 1$, $\partial u_j/\partial x_i = w_{ji}$;
4. **delta and the gradients** $\delta_j = e_j\, f'(u_j)$, then
   $\partial L/\partial b_j = \delta_j$, $\partial L/\partial w_{ji} = \delta_j x_i$ and
   $\partial L/\partial x_i = \sum_j \delta_j w_{ji}$ (summed over every node $j$
   the input feeds).
"""

from __future__ import annotations

from .activations import ACTIVATIONS
from .losses import LOSSES
from .model import default_activations
from .summation import sum_der

__all__ = ["back_prop"]


# --8<-- [start:back_prop]
def back_prop(
    layers: list[int],
    weights: list[list[list[float]]],
    biases: list[list[float]],
    y_true: list[float],
    cached_outs: list[list[float]],
    cached_sums: list[list[float]],
    *,
    activations: list[str] | None = None,
    loss: str = "sse",
) -> tuple[list[list[list[float]]], list[list[float]]]:
    r"""Gradients of one sample's loss with respect to every weight and bias.

    Walks the layers in reverse and, in each layer, every node through the
    four steps (see the module docstring). The gradient of a layer's inputs is
    the error of the previous layer's outputs, so it is what flows back.

    Args:
        layers: node count per layer, the input layer included, e.g.
            ``[2, 3, 1]``.
        weights: ``weights[l][j][i]``, shape ``layers[l+1] x layers[l]``.
        biases: ``biases[l][j]``, length ``layers[l+1]``.
        y_true: the sample's targets, length ``layers[-1]``.
        cached_outs: from ``forward_prop(..., cache_mode=True)``; one list per
            layer, ``x`` first.
        cached_sums: from ``forward_prop(..., cache_mode=True)``; one list per
            layer after the input.
        activations: as in ``forward_prop`` (default: sigmoid in hidden
            layers, identity at the output).
        loss: ``'sse'`` (default) or ``'cross_entropy'`` (with a softmax
            output layer).

    Returns:
        ``(grads_w, grads_b)``, new lists shaped like ``weights`` and
            ``biases``: ``grads_w[l][j][i]`` is
            $\partial L / \partial w^{(l+1)}_{ji}$ and ``grads_b[l][j]`` is
            $\partial L / \partial b^{(l+1)}_j$.
    """
    if activations is None:
        activations = default_activations(layers)
    _, loss_der = LOSSES[loss]

    SKIP_INPUT_LAYER = 1  # the input layer has no weights, biases or sums
    layer_max_i = len(layers) - 1
    grads_w: list[list[list[float]]] = []
    grads_b: list[list[float]] = []
    grads_x: list[list[float]] = []  # each layer's input gradients, newest last

    for layer_i in range(layer_max_i, 0, -1):  # output first; input never
        is_output_layer = layer_i == layer_max_i
        _, active_der_of = ACTIVATIONS[activations[layer_i - SKIP_INPUT_LAYER]]
        x = cached_outs[layer_i - 1]   # inputs = previous layer's outputs
        node_sums = cached_sums[layer_i - SKIP_INPUT_LAYER]
        layer_grads_w = []
        layer_grads_b = []
        layer_grads_x = []

        # --8<-- [start:step1]
        # Step 1: the error flowing back into each node's output, dL/do.
        if is_output_layer:
            y_pred = cached_outs[layer_i]
            back_error = [loss_der(out, target)
                          for out, target in zip(y_pred, y_true)]
        else:
            back_error = grads_x[-1]  # gradients of the next layer's inputs
        # --8<-- [end:step1]

        for node_i, node_sum in enumerate(node_sums):
            # --8<-- [start:step2]
            # Step 2: the activation derivative at the node's sum, do/du.
            active_der = active_der_of(node_sum)
            # --8<-- [end:step2]

            # --8<-- [start:step3]
            # Step 3: the partials of the weighted sum u = sum(x_i*w_i) + b.
            w = weights[layer_i - SKIP_INPUT_LAYER][node_i]
            b = biases[layer_i - SKIP_INPUT_LAYER][node_i]
            sum_der_w = sum_der(x, w, b, with_respect_to="w")  # du/dw_i = x_i
            sum_der_b = sum_der(x, w, b, with_respect_to="b")  # du/db = 1
            sum_der_x = sum_der(x, w, b, with_respect_to="x")  # du/dx_i = w_i
            # --8<-- [end:step3]

            # --8<-- [start:step4]
            # Step 4: delta, shared by all three kinds of gradient.
            delta = back_error[node_i] * active_der          # dL/du
            grad_b = delta * sum_der_b                       # dL/db
            layer_grads_b.append(grad_b)
            # dL/dw_i = delta * x_i, one per edge into this node
            node_grads_w = [delta * each_dw for each_dw in sum_der_w]
            layer_grads_w.append(node_grads_w)
            # dL/dx_i = delta * w_i; input i feeds every node of this
            # layer, so its gradient is the sum over all those edges
            node_grads_x = [delta * each_dx for each_dx in sum_der_x]
            for x_i, grad_x in enumerate(node_grads_x):
                if node_i == 0:
                    layer_grads_x.append(grad_x)  # the first edge
                else:
                    layer_grads_x[x_i] += grad_x  # every later edge
            # --8<-- [end:step4]

        grads_x.append(layer_grads_x)
        grads_w.insert(0, layer_grads_w)  # built output first, stored
        grads_b.insert(0, layer_grads_b)  # in the order of weights

    return grads_w, grads_b
# --8<-- [end:back_prop]

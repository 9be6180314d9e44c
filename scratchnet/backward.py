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

import math
from typing import Callable

from ._checks import (DivergedError, check_layers, check_params, check_sequence, check_vector, find_bad_value,
                      names_bad_values)
from .losses import LOSSES
from .model import check_targets, resolve_activations
from .summation import sum_der

__all__ = ["back_prop"]


def _check_caches(layers, cached_outs, cached_sums) -> None:
    """Shapes of ``cached_outs`` (one list per layer) and ``cached_sums`` (per layer after the input).

    The values of ``cached_outs`` are checked too, cheaply (one C-level ``sum`` per layer,
    O(nodes)): every ``grads_w`` is a delta times one of them, so a NaN there would
    otherwise come back as a NaN gradient.
    """
    try:  # fast path: every length is the layer's size and every output is finite (C-level passes)
        if (list(map(len, cached_outs)) == list(layers) and list(map(len, cached_sums)) == list(layers[1:])
                and math.isfinite(sum(map(sum, cached_outs)))):
            return
    except TypeError:
        pass
    check_sequence("cached_outs", cached_outs, len(layers), " (one per layer, from forward_prop(..., cache_mode=True))")
    check_sequence("cached_sums", cached_sums, len(layers) - 1,
                   " (one per layer after the input layer, from forward_prop(..., cache_mode=True))")
    for l, size in enumerate(layers):
        check_sequence(f"cached_outs[{l}]", cached_outs[l], size, f" (layers[{l}] = {size})")
        if l:
            check_sequence(f"cached_sums[{l - 1}]", cached_sums[l - 1], size, f" (layers[{l}] = {size})")
        try:
            finite = math.isfinite(sum(cached_outs[l]))
        except TypeError:
            finite = False
        if not finite:     # the slow path: name the culprit (a finite sum that overflowed passes)
            find_bad_value(f"cached_outs[{l}]", cached_outs[l], depth=1)


def _check_caches_again(given: dict) -> None:
    _check_caches(given["layers"], given["cached_outs"], given["cached_sums"])


@names_bad_values("weights", "cached_outs", "cached_sums", check_more=_check_caches_again)
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
    trace: "Callable[[dict], None] | None" = None,
) -> "tuple[list[list[list[float]]], list[list[float]]]":
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
        trace: optional callback that receives one dict per step (used by
            the step-through player); ``None`` costs nothing.

    Returns:
        ``(grads_w, grads_b)``, new lists shaped like ``weights`` and
            ``biases``: ``grads_w[l][j][i]`` is
            $\partial L / \partial w^{(l+1)}_{ji}$ and ``grads_b[l][j]`` is
            $\partial L / \partial b^{(l+1)}_j$.
    """
    check_layers(layers)
    check_params(layers, weights, biases)
    check_vector("y_true", y_true, layers[-1],
                 f" (one per output node, layers[-1] = {layers[-1]})")
    _check_caches(layers, cached_outs, cached_sums)
    _, _, active_ders = resolve_activations(layers, activations, loss)
    check_targets("y_true", y_true, loss)
    loss_der = LOSSES[loss][1]

    SKIP_INPUT_LAYER = 1  # the input layer has no weights, biases or sums
    layer_max_i = len(layers) - 1
    grads_w = [None] * layer_max_i
    grads_b = [None] * layer_max_i
    grads_x = []          # the input gradients of each layer, newest last

    for layer_i in range(layer_max_i, 0, -1):  # output first; input never
        is_output_layer = layer_i == layer_max_i
        active_der_of = active_ders[layer_i - SKIP_INPUT_LAYER]
        x = cached_outs[layer_i - 1]   # inputs = previous layer's outputs
        node_sums = cached_sums[layer_i - SKIP_INPUT_LAYER]
        layer_grads_w = []
        layer_grads_b = []
        layer_grads_x = [0.0] * len(x)  # one running sum per input

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
            # dL/dx_i: input i feeds every node of this layer, so its
            # gradient is a sum over all those edges
            for x_i, each_dx in enumerate(sum_der_x):
                layer_grads_x[x_i] += delta * each_dx
            # --8<-- [end:step4]

            if trace is not None:
                _trace_node(trace, layer_i, node_i, locals())

        grads_x.append(layer_grads_x)
        grads_w[layer_i - SKIP_INPUT_LAYER] = layer_grads_w
        grads_b[layer_i - SKIP_INPUT_LAYER] = layer_grads_b

    _check_finite_grads(grads_b, grads_x, weights, cached_outs, cached_sums)
    return grads_w, grads_b
# --8<-- [end:back_prop]


def _check_finite_grads(grads_b, grads_x, weights, cached_outs, cached_sums) -> None:
    """Raise a clear error if a gradient is ``inf`` or ``nan``. O(nodes).

    Every ``grads_w[l][j][i]`` is ``grads_b[l][j] * x_i`` with a finite ``x_i`` (checked
    in ``_check_caches``), so checking the biases' gradients is enough. A NaN or infinite
    weight is reported as bad input, anything else as divergence. The input layer's
    gradients ``grads_x[-1]`` (not returned) are the only place ``weights[0]`` enters, so
    they are looked at only to name such a weight.
    """
    if not math.isfinite(sum(grads_x[-1])):
        find_bad_value("weights", weights)
    for l, layer in enumerate(grads_b):
        if not math.isfinite(sum(layer)):
            find_bad_value("weights", weights)
            find_bad_value("cached_outs", cached_outs)
            find_bad_value("cached_sums", cached_sums)
            raise DivergedError(
                f"back_prop: the gradients of layer {l + 1} overflowed to {sum(layer)}: the weights or the "
                "errors are too large (did training diverge? try a smaller learning rate)"
            )


def _trace_node(trace, layer_i: int, node_i: int, v: dict) -> None:
    """Emit the four step events of one node (called only when ``trace`` is given)."""
    common = {"phase": "backward", "layer": layer_i, "node": node_i}
    if node_i == 0:
        trace({**common, "section": "step1", "back_error": list(v["back_error"])})
    trace({**common, "section": "step2", "sum": v["node_sum"], "active_der": v["active_der"]})
    trace({**common, "section": "step3", "sum_der_w": list(v["sum_der_w"]), "sum_der_b": v["sum_der_b"],
           "sum_der_x": list(v["sum_der_x"])})
    trace({**common, "section": "step4", "back_error": v["back_error"][node_i], "delta": v["delta"],
           "grad_b": v["grad_b"], "grads_w": list(v["node_grads_w"]),
           "grads_x": [v["delta"] * dx for dx in v["sum_der_x"]],
           "layer_grads_x": list(v["layer_grads_x"])})

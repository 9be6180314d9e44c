r"""Checking gradients: central differences against ``back_prop``.

Nudge one weight by $\pm h$, run the forward pass twice, and the slope of the loss is

$$\frac{\partial L}{\partial w} \approx \frac{L(w + h) - L(w - h)}{2h},$$

with an error that shrinks like $h^2$. It needs two forward passes *per weight*, far
too slow for training, but it needs no calculus, so it is the perfect referee for
``back_prop``.
"""

from __future__ import annotations

from typing import Any

from .forward import forward_prop
from .losses import LOSSES
from .model import Model

__all__ = ["sample_loss", "numerical_gradients", "max_abs_difference"]


# --8<-- [start:sample_loss]
def sample_loss(
    model: Model, x: list[float], y_true: list[float], *,
    activations: list[str] | None = None, loss: str = "sse",
) -> float:
    r"""The loss of one sample, $L = \sum_k \ell(\hat{y}_k, y_k)$.

    It is the quantity ``back_prop`` differentiates: summed over the output
    nodes (``train`` reports the mean instead).

    Args:
        model: ``(layers, weights, biases)``.
        x: one sample's inputs.
        y_true: its targets.
        activations: as in ``forward_prop``.
        loss: ``'sse'`` or ``'cross_entropy'``.

    Returns:
        The summed loss over the output nodes (a scalar).
    """
    loss_fn, _ = LOSSES[loss]
    y_pred = forward_prop(*model, x, activations=activations)
    total = 0.0
    for out, target in zip(y_pred, y_true):
        total += loss_fn(out, target)
    return total
# --8<-- [end:sample_loss]


# --8<-- [start:numerical_gradients]
def numerical_gradients(
    model: Model, x: list[float], y_true: list[float], h: float = 1e-6, *,
    activations: list[str] | None = None, loss: str = "sse",
) -> tuple[list[list[list[float]]], list[list[float]]]:
    r"""Central-difference estimates of every weight's and bias's gradient.

    $$\frac{\partial L}{\partial w} \approx \frac{L(w + h) - L(w - h)}{2h}$$

    Args:
        model: ``(layers, weights, biases)``; it is not changed.
        x: one sample's inputs.
        y_true: its targets.
        h: the nudge.
        activations: as in ``forward_prop``.
        loss: as in ``back_prop``.

    Returns:
        ``(grads_w, grads_b)`` shaped like ``weights`` and ``biases``.
    """
    layers, weights, biases = model
    # nudge copies, never the caller's lists
    weights = [[list(row) for row in layer] for layer in weights]
    biases = [list(layer) for layer in biases]

    def loss_now() -> float:
        return sample_loss((layers, weights, biases), x, y_true,
                           activations=activations, loss=loss)

    grads_w = [[[0.0] * len(row) for row in layer] for layer in weights]
    grads_b = [[0.0] * len(layer) for layer in biases]
    for l in range(len(weights)):
        for j in range(len(weights[l])):
            for i in range(len(weights[l][j])):
                original = weights[l][j][i]
                weights[l][j][i] = original + h
                loss_plus = loss_now()
                weights[l][j][i] = original - h
                loss_minus = loss_now()
                weights[l][j][i] = original
                grads_w[l][j][i] = (loss_plus - loss_minus) / (2 * h)
            original = biases[l][j]
            biases[l][j] = original + h
            loss_plus = loss_now()
            biases[l][j] = original - h
            loss_minus = loss_now()
            biases[l][j] = original
            grads_b[l][j] = (loss_plus - loss_minus) / (2 * h)
    return grads_w, grads_b
# --8<-- [end:numerical_gradients]


def max_abs_difference(a: Any, b: Any) -> float:
    """The largest ``|a - b|`` over two nested lists of the same shape.

    Raises:
        ValueError: if the shapes differ (a shorter list must not hide a difference).
    """
    if isinstance(a, (int, float)):
        return float(abs(a - b))
    if len(a) != len(b):
        raise ValueError(f"b: expected a list of {len(a)} items like a, got {len(b)}")
    return max((max_abs_difference(p, q) for p, q in zip(a, b)), default=0.0)

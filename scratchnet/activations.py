r"""Activation functions and their derivatives.

An activation function turns a node's weighted sum $u$ into the node's output
$o = f(u)$. Backpropagation needs its derivative $f'(u)$ (step 2 of the four steps).

Every function here takes one number (a scalar) and returns one number, except
``softmax``, which takes the weighted sums of a whole layer.

The table ``ACTIVATIONS`` maps the names accepted by ``activations=[...]`` in
``forward_prop``, ``back_prop`` and ``train`` to ``(function, derivative)`` pairs.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

__all__ = [
    "sigmoid",
    "sigmoid_der",
    "identity",
    "identity_der",
    "tanh",
    "tanh_der",
    "relu",
    "relu_der",
    "softmax",
    "softmax_der",
    "ACTIVATIONS",
]


# --8<-- [start:sigmoid]
def sigmoid(x: float) -> float:
    r"""The sigmoid (logistic) function.

    $$\sigma(x) = \frac{1}{1 + e^{-x}}$$

    It squashes any number into the interval $(0, 1)$. Below $x = -709$,
    ``math.exp(-x)`` would overflow; there $\sigma(x)$ equals $e^{x}$ to the
    last bit, so that is what it returns.

    Args:
        x: a weighted sum $u$ (a scalar).

    Returns:
        $\sigma(x)$, a float in $[0, 1]$, finite for every finite ``x``.
    """
    if x < -709.0:
        return math.exp(x)
    return 1.0 / (1.0 + math.exp(-x))


def sigmoid_der(x: float) -> float:
    r"""Derivative of the sigmoid at ``x``.

    $$\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)$$

    Args:
        x: a weighted sum $u$ (a scalar).

    Returns:
        $\sigma'(x)$, a float in $[0, 0.25]$.
    """
    s = sigmoid(x)
    return s * (1.0 - s)
# --8<-- [end:sigmoid]


# --8<-- [start:identity]
def identity(x: float) -> float:
    r"""The identity function, used at the output layer for regression.

    $$f(x) = x$$

    Args:
        x: a weighted sum $u$ (a scalar).

    Returns:
        ``x`` unchanged.
    """
    return x


def identity_der(x: float) -> float:
    r"""Derivative of the identity function: always 1.

    $$f'(x) = 1$$

    Args:
        x: a weighted sum $u$ (a scalar); its value does not matter.

    Returns:
        ``1.0``.
    """
    return 1.0
# --8<-- [end:identity]


# --8<-- [start:tanh]
def tanh(x: float) -> float:
    r"""The hyperbolic tangent: sigmoid-shaped, with outputs in $(-1, 1)$.

    $$\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}$$

    Args:
        x: a weighted sum $u$ (a scalar).

    Returns:
        $\tanh(x)$.
    """
    return math.tanh(x)


def tanh_der(x: float) -> float:
    r"""Derivative of tanh at ``x``.

    $$\tanh'(x) = 1 - \tanh^2(x)$$

    Args:
        x: a weighted sum $u$ (a scalar).

    Returns:
        $1 - \tanh^2(x)$, a float in $[0, 1]$.
    """
    t = tanh(x)
    return 1.0 - t * t
# --8<-- [end:tanh]


# --8<-- [start:relu]
def relu(x: float) -> float:
    r"""The rectified linear unit: negative sums become 0.

    $$\mathrm{ReLU}(x) = \max(0, x)$$

    Args:
        x: a weighted sum $u$ (a scalar).

    Returns:
        ``0.0`` if ``x <= 0``, else ``x``.
    """
    return 0.0 if x <= 0.0 else x


def relu_der(x: float) -> float:
    r"""Derivative of ReLU: 1 for positive sums, 0 otherwise.

    $$\mathrm{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}$$

    (At exactly $x = 0$ the derivative is undefined; like most libraries, we
    use 0.)

    Args:
        x: a weighted sum $u$ (a scalar).

    Returns:
        ``1.0`` or ``0.0``.
    """
    return 1.0 if x > 0.0 else 0.0
# --8<-- [end:relu]


# --8<-- [start:softmax]
def softmax(sums: list[float]) -> list[float]:
    r"""Softmax over the weighted sums of a whole layer, for classification.

    $$p_k = \frac{e^{u_k}}{\sum_{m} e^{u_m}}$$

    The outputs are positive and add up to 1, so they read as class
    probabilities. The largest sum is subtracted first (it does not change
    the result) so that ``math.exp`` cannot overflow.

    Args:
        sums: the weighted sums $u_k$ of one layer, a list of length $K \ge 1$.

    Returns:
        A new list of $K$ probabilities.
    """
    top = max(sums)
    exps = [math.exp(u - top) for u in sums]
    total = sum(exps)
    return [e / total for e in exps]


def softmax_der(x: float) -> float:
    r"""Step 2 at a softmax output: 1.

    Softmax is used only together with the cross-entropy loss, and their
    combined derivative with respect to the weighted sum is $p_k - y_k$
    (``cross_entropy_der``). Step 1 already gives that, so step 2 multiplies
    by 1.

    Args:
        x: a weighted sum $u$ (a scalar); its value does not matter.

    Returns:
        ``1.0``.
    """
    return 1.0
# --8<-- [end:softmax]


#: Name -> (activation, derivative). ``softmax`` is a layer function and pairs with
#: the ``"cross_entropy"`` loss only.
ACTIVATIONS: dict[str, tuple[Callable[..., Any], Callable[[float], float]]] = {
    "sigmoid": (sigmoid, sigmoid_der),
    "identity": (identity, identity_der),
    "tanh": (tanh, tanh_der),
    "relu": (relu, relu_der),
    "softmax": (softmax, softmax_der),
}

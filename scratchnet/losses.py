r"""Loss functions and their derivatives with respect to the prediction.

The loss says how far a prediction is from the truth. Backpropagation starts from
its derivative (step 1 of the four steps, at the output layer).

Both functions take one output node's prediction and target (scalars); the
mean over samples and output nodes is taken by ``train``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

__all__ = ["sseloss", "sseloss_der", "cross_entropy", "cross_entropy_der", "LOSSES"]


# --8<-- [start:sseloss]
def sseloss(y_pred: float, y_true: float) -> float:
    r"""Squared error of one output: one term of the sum of squared errors.

    $$L = \tfrac{1}{2}\,(\hat{y} - y)^2$$

    The factor $\tfrac12$ cancels the 2 that comes down when differentiating.

    Args:
        y_pred: the prediction $\hat{y}$ of one output node.
        y_true: the target $y$.

    Returns:
        $\tfrac12 (\hat{y} - y)^2$.
    """
    error = y_pred - y_true
    return 0.5 * error * error


def sseloss_der(y_pred: float, y_true: float) -> float:
    r"""Derivative of the squared error with respect to the prediction.

    $$\frac{\partial L}{\partial \hat{y}} = \hat{y} - y$$

    Args:
        y_pred: the prediction $\hat{y}$ of one output node.
        y_true: the target $y$.

    Returns:
        $\hat{y} - y$, the error that starts the backward pass.
    """
    return y_pred - y_true
# --8<-- [end:sseloss]


# --8<-- [start:cross_entropy]
def cross_entropy(y_pred: float, y_true: float) -> float:
    r"""One class's term of the cross-entropy loss, for softmax outputs.

    $$L = -\,y \,\ln \hat{y}$$

    Summed over the classes of a sample this is $-\sum_k y_k \ln \hat{y}_k$.
    A class with target 0 adds nothing. A probability that rounded to exactly 0
    is raised to the smallest positive float first, so that $\ln$ stays finite.

    Args:
        y_pred: the softmax probability $\hat{y}_k$ of one class.
        y_true: the target $y_k$ (1 for the true class, 0 otherwise).

    Returns:
        $-y_k \ln \hat{y}_k$.
    """
    if y_true == 0.0:
        return 0.0
    return -y_true * math.log(max(y_pred, 5e-324))


def cross_entropy_der(y_pred: float, y_true: float) -> float:
    r"""Derivative of softmax + cross-entropy with respect to the weighted sum.

    $$\frac{\partial L}{\partial u_k} = \hat{y}_k - y_k$$

    The same form as ``sseloss_der``. It already includes the softmax's own
    derivative, which is why ``softmax_der`` is 1.

    Args:
        y_pred: the softmax probability $\hat{y}_k$.
        y_true: the target $y_k$.

    Returns:
        $\hat{y}_k - y_k$.
    """
    return y_pred - y_true
# --8<-- [end:cross_entropy]


#: Name -> (loss, derivative), the names accepted by ``loss=`` in ``back_prop`` and ``train``.
LOSSES: dict[str, tuple[Callable[[float, float], float], Callable[[float, float], float]]] = {
    "sse": (sseloss, sseloss_der),
    "cross_entropy": (cross_entropy, cross_entropy_der),
}

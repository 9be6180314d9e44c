r"""The weighted linear sum of one node, and its partial derivatives.

A node with inputs $x_1 \dots x_n$, weights $w_1 \dots w_n$ and bias $b$ computes

$$u = \sum_{i} x_i w_i + b.$$

Backpropagation needs the partial derivatives of $u$ with respect to each kind of
variable in it (step 3 of the four steps):

$$\frac{\partial u}{\partial w_i} = x_i, \qquad
  \frac{\partial u}{\partial b} = 1, \qquad
  \frac{\partial u}{\partial x_i} = w_i.$$
"""

from __future__ import annotations

from typing import Literal, overload

__all__ = ["summation", "sum_der"]


# --8<-- [start:summation]
def summation(x: list[float], weights: list[float], bias: float) -> float:
    r"""The weighted linear sum of one node.

    $$u = \sum_{i=1}^{n} x_i w_i + b$$

    Args:
        x: the node's inputs (the previous layer's outputs), length $n$.
        weights: the node's incoming weights, length $n$ (``weights[i]`` is on
            the edge from input ``i``).
        bias: the node's bias $b$.

    Returns:
        The weighted sum $u$ (a float).
    """
    total = 0.0
    for x_i, w_i in zip(x, weights):
        total += x_i * w_i
    total += bias
    return total
# --8<-- [end:summation]


@overload
def sum_der(x: list[float], weights: list[float], bias: float,
            with_respect_to: Literal["w", "x"] = "w") -> list[float]: ...
@overload
def sum_der(x: list[float], weights: list[float], bias: float,
            with_respect_to: Literal["b"]) -> float: ...
@overload
def sum_der(x: list[float], weights: list[float], bias: float,
            with_respect_to: str) -> list[float] | float: ...


# --8<-- [start:sum_der]
def sum_der(
    x: list[float], weights: list[float], bias: float,
    with_respect_to: str = "w",
) -> list[float] | float:
    r"""A partial derivative of the weighted sum $u = \sum_i x_i w_i + b$.

    | ``with_respect_to`` | partial | returns |
    |---|---|---|
    | ``'w'`` | $\partial u / \partial w_i = x_i$ | a copy of ``x`` |
    | ``'b'`` | $\partial u / \partial b = 1$ | ``1.0`` |
    | ``'x'`` | $\partial u / \partial x_i = w_i$ | a copy of ``weights`` |

    Args:
        x: the node's inputs, length $n$.
        weights: the node's weights, length $n$.
        bias: the node's bias (the partials do not depend on it).
        with_respect_to: ``'w'``, ``'b'`` or ``'x'``.

    Returns:
        A list of $n$ partials for ``'w'`` and ``'x'``, a single ``1.0`` for
            ``'b'``.
    """
    if with_respect_to == "w":
        return list(x)
    if with_respect_to == "b":
        return 1.0
    return list(weights)  # with_respect_to == "x"
# --8<-- [end:sum_der]

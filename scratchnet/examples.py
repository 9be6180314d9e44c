"""The running examples A, B and C of the course, as fresh copies.

Each function returns new lists every time, so a chapter can change them freely.

- A: the placeholder model: layers ``[2, 3, 1]``, every weight and bias 0.
- B: a deeper prediction: layers ``[2, 3, 2, 1]``.
- C: two outputs, the closing example of the backpropagation chapters: layers ``[2, 2, 2]``.

Example D (training on the regression-plane data set) needs the ``playground-data``
package and is loaded in the chapter "Training on data".
"""

from __future__ import annotations

__all__ = ["example_a", "example_b", "example_c"]


# --8<-- [start:example_a]
def example_a() -> dict[str, object]:
    """Example A: the all-zero placeholder model [2, 3, 1], x and y_true."""
    layers = [2, 3, 1]
    weights = [
        [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]],  # input -> hidden: 3 rows of 2
        [[0.0, 0.0, 0.0]],                      # hidden -> output: 1 row of 3
    ]
    biases = [[0.0, 0.0, 0.0], [0.0]]
    return {"model": (layers, weights, biases),
            "x": [0.05, 0.1], "y_true": [1.0]}
# --8<-- [end:example_a]


# --8<-- [start:example_b]
def example_b() -> dict[str, object]:
    """Example B: ``model`` and ``x`` of the deeper network [2, 3, 2, 1]."""
    layers = [2, 3, 2, 1]
    weights = [
        [[-0.2, 0.4], [-0.4, -0.5], [-0.4, -0.5]],
        [[-0.2, 0.4, 0.9], [-0.4, -0.5, -0.2]],
        [[-0.5, 1.0]],
    ]
    biases = [[0.1, -0.1, 0.1], [0.2, -0.2], [0.3]]
    return {"model": (layers, weights, biases), "x": [2.3, 1.5]}
# --8<-- [end:example_b]


# --8<-- [start:example_c]
def example_c() -> dict[str, object]:
    """Example C: the two-output network [2, 2, 2], with x and y_true."""
    layers = [2, 2, 2]
    weights = [
        [[0.15, 0.2], [0.25, 0.3]],   # input layer -> hidden layer
        [[0.4, 0.45], [0.5, 0.55]],   # hidden layer -> output layer
    ]
    biases = [[0.35, 0.35], [0.6, 0.6]]
    return {"model": (layers, weights, biases),
            "x": [0.05, 0.1], "y_true": [0.01, 0.99]}
# --8<-- [end:example_c]

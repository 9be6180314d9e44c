"""scratchnet: a neural network that learns, in plain Python for-loops.

The modules follow the order of the course, and hold its plain code, with no checks:

1. ``activations``: sigmoid, identity, tanh, ReLU, softmax and their derivatives
2. ``summation``: the weighted linear sum of a node and its partial derivatives
3. ``losses``: squared error and cross-entropy, and their derivatives
4. ``forward``: ``forward_prop``
5. ``backward``: ``back_prop``, in four steps per node
6. ``update``: ``update_params``
7. ``train``: ``train``, with ``model.init_model`` for starting weights

What this package exports are the same functions with their arguments checked first
(``boundary``): a wrong argument gets a message that names it, says what was expected and
shows what came. Everything here uses only Python's standard library.
"""

from .activations import ACTIVATIONS
from .boundary import (
    DivergedError,
    back_prop,
    cross_entropy,
    cross_entropy_der,
    default_activations,
    forward_prop,
    identity,
    identity_der,
    init_model,
    relu,
    relu_der,
    sigmoid,
    sigmoid_der,
    softmax,
    softmax_der,
    sseloss,
    sseloss_der,
    sum_der,
    summation,
    tanh,
    tanh_der,
    train,
    update_params,
)
from .examples import example_a, example_b, example_c
from .losses import LOSSES
from .model import Model

__version__ = "0.1.0"

__all__ = [
    "summation", "sum_der",
    "sigmoid", "sigmoid_der", "identity", "identity_der", "tanh", "tanh_der", "relu", "relu_der",
    "softmax", "softmax_der", "ACTIVATIONS",
    "sseloss", "sseloss_der", "cross_entropy", "cross_entropy_der", "LOSSES",
    "forward_prop", "back_prop", "update_params", "train",
    "Model", "init_model", "default_activations",
    "example_a", "example_b", "example_c",
    "DivergedError",
]

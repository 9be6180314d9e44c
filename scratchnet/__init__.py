"""scratchnet: a neural network that learns, in plain Python for-loops.

The modules follow the order of the course:

1. ``activations``: sigmoid, identity, tanh, ReLU, softmax and their derivatives
2. ``summation``: the weighted linear sum of a node and its partial derivatives
3. ``losses``: squared error and cross-entropy, and their derivatives
4. ``forward``: ``forward_prop``
5. ``backward``: ``back_prop``, in four steps per node
6. ``update``: ``update_params``
7. ``train``: ``train``, with ``model.init_model`` for starting weights

Everything here uses only Python's standard library.
"""

from ._checks import DivergedError
from .activations import identity, identity_der, relu, relu_der, sigmoid, sigmoid_der, softmax, tanh, tanh_der
from .backward import back_prop
from .examples import example_a, example_b, example_c
from .forward import forward_prop
from .losses import cross_entropy, cross_entropy_der, sseloss, sseloss_der
from .model import default_activations, init_model
from .summation import sum_der, summation
from .train import train
from .update import update_params

__version__ = "0.1.0"

__all__ = [
    "summation", "sum_der",
    "sigmoid", "sigmoid_der", "identity", "identity_der", "tanh", "tanh_der", "relu", "relu_der", "softmax",
    "sseloss", "sseloss_der", "cross_entropy", "cross_entropy_der",
    "forward_prop", "back_prop", "update_params", "train",
    "init_model", "default_activations",
    "example_a", "example_b", "example_c",
    "DivergedError",
]

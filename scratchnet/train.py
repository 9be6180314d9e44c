r"""Training: forward, backward and update, over the data, epoch after epoch.

One **epoch** shows every sample to the network once, in a shuffled order, in
mini-batches of ``batch_size`` samples. For each mini-batch $B$:

$$\bar{L} = \frac{1}{|B|\,K} \sum_{s \in B} \sum_{k=1}^{K} \tfrac12 \bigl(\hat{y}_{sk} - y_{sk}\bigr)^2,
\qquad w \leftarrow w - \eta \frac{\partial \bar{L}}{\partial w}$$

(the mean over the samples and the $K$ output nodes; for cross-entropy the
mean over the samples of $-\sum_k y_k \ln \hat{y}_k$). ``batch_size=1`` is online
learning, ``batch_size=len(x)`` is batch learning, anything between is mini-batch
learning.
"""

from __future__ import annotations

import math
import random

from ._checks import DivergedError, check_layers, check_params, check_positive, check_sequence, check_vector, describe
from .backward import back_prop
from .forward import forward_prop
from .losses import LOSSES
from .model import check_targets, resolve_activations
from .update import update_params

__all__ = ["train"]


def _check_data(layers, x, y, loss) -> None:
    """Shapes of the data set: ``x`` is a list of samples, ``y`` a list of targets."""
    check_sequence("x", x, what=" of samples")
    check_sequence("y", y, what=" of targets")
    if len(x) != len(y):
        raise ValueError(f"y: expected one target per sample, {len(x)} like x, got {len(y)}")
    if len(x) == 0:
        raise ValueError("x: expected at least one sample, got an empty list")
    for s in range(len(x)):    # once per call, not per step: the values are checked too
        check_vector(f"x[{s}]", x[s], layers[0], f" (one per input node, layers[0] = {layers[0]})")
        check_vector(f"y[{s}]", y[s], layers[-1], f" (one per output node, layers[-1] = {layers[-1]})")
        check_targets(f"y[{s}]", y[s], loss)


# --8<-- [start:accumulate]
def _zeros_like(weights, biases):
    """Gradients of zero, shaped like ``weights`` and ``biases``: a fresh sum."""
    zeros_w = [[[0.0] * len(row) for row in layer] for layer in weights]
    zeros_b = [[0.0] * len(layer) for layer in biases]
    return zeros_w, zeros_b


def _add_scaled(total_w, total_b, grads_w, grads_b, scale: float) -> None:
    """total += scale * grads, in place (``total`` is the caller's own sum)."""
    for l in range(len(total_w)):
        for j in range(len(total_w[l])):
            for i, g in enumerate(grads_w[l][j]):
                total_w[l][j][i] += scale * g
            total_b[l][j] += scale * grads_b[l][j]
# --8<-- [end:accumulate]


# --8<-- [start:train]
def train(
    model: "Model",
    x: list[list[float]],
    y: list[list[float]],
    batch_size: int = 32,
    epochs: int = 10,
    lr: float = 0.1,
    verbose: int = 10,
    seed: int | None = None,
    *,
    activations: list[str] | None = None,
    loss: str = "sse",
) -> "tuple[Model, list[float]]":
    r"""Train ``model`` on samples ``x`` and targets ``y`` by gradient descent.

    Args:
        model: ``(layers, weights, biases)``; it is not changed.
        x: the samples, a list of ``N`` lists of ``layers[0]`` inputs.
        y: the targets, a list of ``N`` lists of ``layers[-1]`` values.
        batch_size: samples per update (1 = online, ``N`` = batch learning).
        epochs: how many times to go through the data.
        lr: the learning rate $\eta > 0$.
        verbose: print ``[Epoch e/E] train_loss: ...`` every ``verbose`` epochs
            (and after the last); 0 prints nothing.
        seed: seed for shuffling; the same seed gives the same run.
        activations: as in ``forward_prop``.
        loss: ``'sse'`` or ``'cross_entropy'`` (with a softmax output).

    Returns:
        ``(model, loss_history)``: the trained model and one training loss
            per epoch (the mean over the epoch's samples of the loss each had
            just before its mini-batch's update).

    Raises:
        DivergedError: when the loss or the weights overflow; the message names
            the epoch and suggests a smaller learning rate.
    """
    check_sequence("model", model, 3, " (layers, weights, biases)")
    layers, weights, biases = model
    check_layers(layers)
    check_params(layers, weights, biases)
    _check_data(layers, x, y, loss)
    check_positive("batch_size", batch_size, whole=True)
    check_positive("epochs", epochs, whole=True)
    check_positive("lr", lr)
    if type(verbose) is not int or verbose < 0:
        raise ValueError("verbose: expected a whole number >= 0, "
                         f"got {describe(verbose)}")
    resolve_activations(layers, activations, loss)
    loss_fn = LOSSES[loss][0]
    # SSE is a mean over the output nodes too, cross-entropy a sum over them
    per_sample = layers[-1] if loss == "sse" else 1

    rng = random.Random(seed)
    order = list(range(len(x)))
    loss_history = []
    for epoch in range(1, epochs + 1):
        rng.shuffle(order)
        epoch_loss = 0.0
        try:
            for start in range(0, len(order), batch_size):
                batch = order[start:start + batch_size]
                sum_w, sum_b = _zeros_like(weights, biases)
                for s in batch:
                    y_pred, cached_outs, cached_sums = forward_prop(
                        layers, weights, biases, x[s], cache_mode=True,
                        activations=activations)
                    sample_loss = sum(loss_fn(p, t)
                                      for p, t in zip(y_pred, y[s]))
                    epoch_loss += sample_loss / per_sample
                    grads_w, grads_b = back_prop(
                        layers, weights, biases, y[s], cached_outs,
                        cached_sums, activations=activations, loss=loss)
                    scale = 1.0 / (len(batch) * per_sample)  # the mean
                    _add_scaled(sum_w, sum_b, grads_w, grads_b, scale)
                weights, biases = update_params(
                    layers, weights, biases, sum_w, sum_b, lr)
        except DivergedError as error:
            raise DivergedError(
                f"training diverged in epoch {epoch}/{epochs} with lr={lr}: "
                f"try a smaller learning rate ({error})") from None
        epoch_loss /= len(x)
        if not math.isfinite(epoch_loss):
            raise DivergedError(
                f"training diverged in epoch {epoch}/{epochs}: the loss is "
                f"{epoch_loss} with lr={lr}; try a smaller learning rate")
        loss_history.append(epoch_loss)
        if verbose and (epoch % verbose == 0 or epoch == epochs):
            print(f"[Epoch {epoch}/{epochs}] train_loss: {epoch_loss:.6g}")
    return (list(layers), weights, biases), loss_history
# --8<-- [end:train]

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

import random

from .backward import back_prop
from .forward import forward_prop
from .losses import LOSSES
from .model import Model
from .update import update_params

__all__ = ["add_grads", "divide_grads", "train"]


# --8<-- [start:accumulate]
def add_grads(
    sum_w: list[list[list[float]]], sum_b: list[list[float]],
    grads_w: list[list[list[float]]], grads_b: list[list[float]],
) -> None:
    """Add one sample's gradients to the running sums, in place.

    Args:
        sum_w: the running sums of the weight gradients (changed in place).
        sum_b: the running sums of the bias gradients (changed in place).
        grads_w: one sample's weight gradients, shaped like ``sum_w``.
        grads_b: one sample's bias gradients, shaped like ``sum_b``.
    """
    for l in range(len(sum_w)):
        for j in range(len(sum_w[l])):
            for i in range(len(sum_w[l][j])):
                sum_w[l][j][i] += grads_w[l][j][i]
            sum_b[l][j] += grads_b[l][j]


def divide_grads(
    sum_w: list[list[list[float]]], sum_b: list[list[float]], divisor: float,
) -> tuple[list[list[list[float]]], list[list[float]]]:
    """Every sum divided by ``divisor``: the mean, when it is the count.

    Args:
        sum_w: sums of weight gradients, shaped like ``weights``.
        sum_b: sums of bias gradients, shaped like ``biases``.
        divisor: what to divide by.

    Returns:
        ``(mean_w, mean_b)``, new lists of the same shapes.
    """
    mean_w = [[[g / divisor for g in row] for row in layer] for layer in sum_w]
    mean_b = [[g / divisor for g in layer] for layer in sum_b]
    return mean_w, mean_b
# --8<-- [end:accumulate]


# --8<-- [start:train]
def train(
    model: Model,
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
) -> tuple[Model, list[float]]:
    r"""Train ``model`` on samples ``x`` and targets ``y`` by gradient descent.

    Args:
        model: ``(layers, weights, biases)``; it is not changed.
        x: the samples, a list of ``N`` lists of ``layers[0]`` inputs.
        y: the targets, a list of ``N`` lists of ``layers[-1]`` values.
        batch_size: samples per update (1 = online, ``N`` = batch learning).
        epochs: how many times to go through the data.
        lr: the learning rate $\eta > 0$.
        verbose: print ``[Epoch e/E] train_loss: ...`` for the first epoch,
            every ``verbose``-th epoch and the last; 0 prints nothing.
        seed: ``None`` shuffles with Python's global ``random`` (so
            ``random.seed(n)`` first repeats a run); a number uses a private
            generator seeded with it.
        activations: as in ``forward_prop``.
        loss: ``'sse'`` or ``'cross_entropy'`` (with a softmax output).

    Returns:
        ``(model, loss_history)``: the trained model and one training loss
            per epoch (the mean over the epoch's samples of the loss each had
            just before its mini-batch's update).
    """
    layers, weights, biases = model
    loss_fn, _ = LOSSES[loss]
    # SSE is a mean over the output nodes too, cross-entropy a sum over them
    outputs = layers[-1] if loss == "sse" else 1
    rng = random if seed is None else random.Random(seed)

    loss_history = []
    for epoch in range(1, epochs + 1):
        order = rng.sample(range(len(x)), len(x))  # a new shuffle
        epoch_loss = 0.0
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            for n, s in enumerate(batch):
                y_pred, cached_outs, cached_sums = forward_prop(
                    layers, weights, biases, x[s], cache_mode=True,
                    activations=activations)
                sample_loss = 0.0
                for out, target in zip(y_pred, y[s]):
                    sample_loss += loss_fn(out, target)
                epoch_loss += sample_loss
                grads_w, grads_b = back_prop(
                    layers, weights, biases, y[s], cached_outs, cached_sums,
                    activations=activations, loss=loss)
                if n == 0:
                    sum_w, sum_b = grads_w, grads_b  # the first sample
                else:
                    add_grads(sum_w, sum_b, grads_w, grads_b)
            mean_w, mean_b = divide_grads(sum_w, sum_b, len(batch) * outputs)
            weights, biases = update_params(
                layers, weights, biases, mean_w, mean_b, lr)
        epoch_loss /= len(x) * outputs
        loss_history.append(epoch_loss)
        if verbose and (epoch == 1 or epoch % verbose == 0 or epoch == epochs):
            print(f"[Epoch {epoch}/{epochs}] train_loss: {epoch_loss}")
    return (layers, weights, biases), loss_history
# --8<-- [end:train]

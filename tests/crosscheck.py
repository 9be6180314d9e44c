"""Cross-check scratchnet's gradients against PyTorch autograd, in float64.

For each network from 2-3-1 to 3-4-4-2, each hidden activation and each loss, the same
random weights, inputs and targets go through scratchnet (``forward_prop`` + ``back_prop``)
and through PyTorch (the same formulas as tensor operations, differentiated by
``loss.backward()``). ``crosscheck_rows`` returns one row per case with the largest
absolute difference between the two sets of gradients.

Used by ``tests/test_crosscheck_torch.py`` and by the site's build hook
``docs/_hooks/crosscheck.py``, which shows the rows as a table. Needs ``torch`` (the
``crosscheck`` extra); importing this module does not.
"""

from __future__ import annotations

import random

#: The networks checked, smallest to largest.
NETWORKS = ([2, 3, 1], [2, 3, 2], [2, 3, 3, 1], [3, 4, 4, 2])
#: The activations a hidden layer can have.
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "identity")
#: Each loss with its output layer.
LOSSES = (("sse", "identity"), ("cross_entropy", "softmax"))
#: Samples per case; the largest difference over all of them is reported.
SAMPLES = 3
#: The agreement required by the tests.
TOLERANCE = 1e-12


def cases():
    """Every (layers, activations, loss) checked. Cross-entropy needs at least two outputs."""
    for layers in NETWORKS:
        for loss, output in LOSSES:
            if loss == "cross_entropy" and layers[-1] < 2:
                continue    # a softmax over one output is always 1: nothing to check
            for hidden in HIDDEN_ACTIVATIONS:
                yield list(layers), [hidden] * (len(layers) - 2) + [output], loss


def random_case(layers, loss, rng):
    """Weights, biases and samples drawn from ``rng``: uniform in [-1, 1], one-hot targets for cross-entropy."""
    weights = [[[rng.uniform(-1, 1) for _ in range(n_in)] for _ in range(n_out)]
               for n_in, n_out in zip(layers, layers[1:])]
    biases = [[rng.uniform(-1, 1) for _ in range(n_out)] for n_out in layers[1:]]
    samples = []
    for _ in range(SAMPLES):
        x = [rng.uniform(-1, 1) for _ in range(layers[0])]
        if loss == "cross_entropy":
            y = [0.0] * layers[-1]
            y[rng.randrange(layers[-1])] = 1.0
        else:
            y = [rng.uniform(-1, 1) for _ in range(layers[-1])]
        samples.append((x, y))
    return weights, biases, samples


def torch_gradients(torch, layers, activations, loss, weights, biases, x, y):
    """The gradients of one sample's loss by PyTorch autograd, as nested lists like scratchnet's."""
    f64 = torch.float64
    ws = [torch.tensor(layer, dtype=f64, requires_grad=True) for layer in weights]
    bs = [torch.tensor(layer, dtype=f64, requires_grad=True) for layer in biases]
    functions = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu, "identity": lambda u: u}
    out = torch.tensor(x, dtype=f64)
    target = torch.tensor(y, dtype=f64)
    for w, b, name in zip(ws, bs, activations):
        u = w @ out + b
        if name == "softmax":   # softmax + cross-entropy, as one log-softmax
            value = -(target * torch.log_softmax(u, dim=0)).sum()
            break
        out = functions[name](u)
    else:
        value = 0.5 * ((out - target) ** 2).sum()   # sse: sum over the outputs of (y_pred - y)^2 / 2
    value.backward()
    return [w.grad.tolist() for w in ws], [b.grad.tolist() for b in bs]


def max_abs_diff(a, b) -> float:
    """Largest absolute difference between two nested lists of numbers of the same shape."""
    if isinstance(a, (int, float)):
        return abs(a - b)
    if len(a) != len(b):
        raise ValueError(f"shapes differ: {len(a)} != {len(b)}")
    return max((max_abs_diff(p, q) for p, q in zip(a, b)), default=0.0)


def max_abs(nested) -> float:
    """Largest absolute value in a nested list of numbers."""
    if isinstance(nested, (int, float)):
        return abs(nested)
    return max((max_abs(item) for item in nested), default=0.0)


def compare(torch, layers, activations, loss, weights, biases, samples) -> tuple[float, float]:
    """``(max |scratchnet - PyTorch|, max |gradient|)`` over every weight, bias and sample.

    The second number shows that the agreement is not between two lists of zeros.
    """
    from scratchnet import back_prop, forward_prop

    worst = largest = 0.0
    for x, y in samples:
        _, cached_outs, cached_sums = forward_prop(layers, weights, biases, x, cache_mode=True,
                                                   activations=activations)
        ours = back_prop(layers, weights, biases, y, cached_outs, cached_sums, activations=activations, loss=loss)
        theirs = torch_gradients(torch, layers, activations, loss, weights, biases, x, y)
        worst = max(worst, max_abs_diff(ours, theirs))
        largest = max(largest, max_abs(ours))
    return worst, largest


def crosscheck_rows(seed: int = 0) -> list[dict]:
    """One row per case: ``network`` ("2-3-1"), ``activations`` (list), ``loss``, ``max_abs_diff``
    and ``max_abs_gradient`` (the largest gradient, to show the agreement is not between zeros).

    Raises ``ImportError`` when torch is not installed.
    """
    import torch

    rng = random.Random(seed)
    rows = []
    for layers, activations, loss in cases():
        weights, biases, samples = random_case(layers, loss, rng)
        diff, largest = compare(torch, layers, activations, loss, weights, biases, samples)
        rows.append({
            "network": "-".join(map(str, layers)),
            "activations": activations,
            "loss": loss,
            "max_abs_diff": diff,
            "max_abs_gradient": largest,
        })
    return rows


if __name__ == "__main__":
    import torch

    print(f"torch {torch.__version__}")
    for row in crosscheck_rows():
        activations = ", ".join(row["activations"])
        print(f"{row['network']:>8}  {activations:<28} {row['loss']:<14} "
              f"{row['max_abs_gradient']:8.3f}  {row['max_abs_diff']:.1e}")

"""scratchnet's gradients agree with PyTorch autograd in float64, to 1e-12.

Networks from 2-3-1 to 3-4-4-2, every hidden activation, both losses (see
``tests/crosscheck.py``, shared with the site's table in "Checking your gradients").
PyTorch is an optional extra: without it these tests skip and say how to install it.
"""

from __future__ import annotations

import random

import pytest

torch = pytest.importorskip(
    "torch",
    reason="PyTorch is not installed: install the crosscheck extra (pip install -e '.[crosscheck]'; "
           "on these machines pip install torch==2.13.0) to run the PyTorch cross-check",
)

from scratchnet import back_prop, forward_prop  # noqa: E402
from tests import crosscheck  # noqa: E402

CASES = list(crosscheck.cases())


def case_id(case):
    layers, activations, loss = case
    return f"{'-'.join(map(str, layers))}-{'-'.join(activations)}-{loss}"


@pytest.mark.parametrize("case", CASES, ids=[case_id(case) for case in CASES])
def test_gradients_agree_with_pytorch(case):
    layers, activations, loss = case
    rng = random.Random(case_id(case))
    weights, biases, samples = crosscheck.random_case(layers, loss, rng)
    diff, largest = crosscheck.compare(torch, layers, activations, loss, weights, biases, samples)
    assert diff <= crosscheck.TOLERANCE, f"scratchnet and PyTorch differ by {diff:.3g} (largest gradient {largest:.3g})"


@pytest.mark.parametrize("case", CASES, ids=[case_id(case) for case in CASES])
def test_every_layer_is_checked(case):
    """The agreement is not vacuous: every layer has a non-zero gradient for some sample."""
    layers, activations, loss = case
    rng = random.Random(case_id(case))
    weights, biases, samples = crosscheck.random_case(layers, loss, rng)
    nonzero = [False] * (len(layers) - 1)
    for x, y in samples:
        _, outs, sums = forward_prop(layers, weights, biases, x, cache_mode=True, activations=activations)
        grads_w, _ = back_prop(layers, weights, biases, y, outs, sums, activations=activations, loss=loss)
        for l, layer in enumerate(grads_w):
            nonzero[l] = nonzero[l] or crosscheck.max_abs(layer) > 1e-3
    assert all(nonzero), f"layers with only zero gradients: {[l for l, ok in enumerate(nonzero) if not ok]}"


def test_cases_cover_every_activation_and_loss():
    from scratchnet.activations import ACTIVATIONS
    from scratchnet.losses import LOSSES

    hidden = {name for _, activations, _ in CASES for name in activations[:-1]}
    outputs = {activations[-1] for _, activations, _ in CASES}
    losses = {loss for _, _, loss in CASES}
    assert hidden | outputs == set(ACTIVATIONS)
    assert losses == set(LOSSES)
    assert {"-".join(map(str, layers)) for layers, _, _ in CASES} >= {"2-3-1", "3-4-4-2"}


def test_rows_for_the_docs_table():
    rows = crosscheck.crosscheck_rows()
    assert len(rows) == len(CASES)
    assert all(row["max_abs_diff"] <= crosscheck.TOLERANCE for row in rows)
    assert all(row["max_abs_gradient"] > 0 for row in rows)

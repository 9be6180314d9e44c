"""The benchmark's implementations compute the same training step (no timing here).

``benchmarks/bench.py`` refuses to report times for implementations whose weights do not
end equal; this checks the same thing in a few steps, so a broken comparison point is
found by the tests and not only by a long benchmark run.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("scratchnet_bench", ROOT / "benchmarks" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def modules():
    import scratchnet

    found = {"scratchnet": scratchnet, "numpy": None, "torch": None, "micrograd": None}
    for name in ("numpy", "torch"):
        try:
            found[name] = __import__(name)
        except ImportError:
            pass
    try:
        import micrograd.nn

        found["micrograd"] = micrograd.nn
    except ImportError:
        pass
    return found


@pytest.mark.parametrize("layers", [[2, 3, 1], [2, 3, 2], [2, 16, 16, 1], [64, 64, 10]],
                         ids=lambda layers: "-".join(map(str, layers)))
@pytest.mark.parametrize("hidden", ["sigmoid", "relu"])
def test_every_implementation_ends_with_scratchnets_weights(bench, modules, layers, hidden):
    weights, biases, data = bench.start_model(layers, seed=1)
    steps = 2 if layers[0] == 64 else 12      # micrograd is slow on 64-64-10
    runners = {}
    for impl in bench.IMPLEMENTATIONS:
        runner = bench.make(impl, hidden, modules, layers, weights, biases, data)
        if runner is not None:
            runners[impl] = runner
    assert {"scratchnet", "fused"} <= set(runners)
    for runner in runners.values():
        for _ in range(steps):
            runner.step()
    reference = runners["scratchnet"].params()
    assert bench.max_diff(reference, (weights, biases)) > 0      # the weights did move
    for impl, runner in runners.items():
        assert bench.max_diff(runner.params(), reference) <= bench.AGREE, impl


def test_fused_step_is_bit_for_bit_scratchnet(bench, modules):
    """Same arithmetic in the same order: the fused loop's weights equal scratchnet's exactly."""
    layers = [3, 5, 4, 2]
    weights, biases, data = bench.start_model(layers, seed=7)
    for hidden in ("sigmoid", "relu"):
        ours = bench.ScratchnetStep(modules["scratchnet"], layers, weights, biases, data, hidden)
        fused = bench.FusedStep(layers, weights, biases, data, hidden)
        for _ in range(30):
            ours.step()
            fused.step()
        assert fused.params() == ours.params()


def test_without_checks_computes_the_same_and_checks_nothing(bench, modules):
    sn = modules["scratchnet"]
    bare = bench.unchecked_scratchnet(sn)
    layers = [3, 5, 4, 2]
    weights, biases, data = bench.start_model(layers, seed=3)
    x, y = data[0]
    real_out = sn.forward_prop(layers, weights, biases, x, cache_mode=True)
    bare_out = bare.forward_prop(layers, weights, biases, x, cache_mode=True)
    assert bare_out == real_out
    assert (bare.back_prop(layers, weights, biases, y, *real_out[1:])
            == sn.back_prop(layers, weights, biases, y, *real_out[1:]))
    # a bool among the inputs: the package names it, the copy without checks computes with it
    with pytest.raises(TypeError, match=r"^x\[1\]: expected a real number, got True \(bool\)$"):
        sn.forward_prop(layers, weights, biases, [0.5, True, 0.25])
    assert len(bare.forward_prop(layers, weights, biases, [0.5, True, 0.25])) == 2

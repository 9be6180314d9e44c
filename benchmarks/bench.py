#!/usr/bin/env python3
"""How fast is plain Python? Time scratchnet's ``train`` against other ways of training the same network.

The workload is one call of ``train`` on a mini-batch job: ``SAMPLES`` samples, mini-batches of
``BATCH_SIZE``, ``EPOCHS`` epochs (``train``'s default), on the networks 2-3-1 and 2-16-16-1.
Every implementation does the same job, from the same weights, on the same batches in the same
order (each call's shuffle comes from ``random.Random(seed)``, as ``train(..., seed=seed)`` draws it):

* ``scratchnet``: ``scratchnet.train``, the public function: it checks the model and the data
  once, runs the plain kernel, then looks at the result;
* ``kernel``: ``scratchnet.train.__wrapped__``, the plain ``train`` the chapters list, which
  calls the plain ``forward_prop``, ``back_prop`` and ``update_params``: no checks at all;
* ``fused``: the practical limit of plain Python (``fused_train`` below): one function, no
  call per node or per weight, the sigmoid's derivative taken from its output. It computes
  the same floats in the same order as ``train``, so its weights and losses equal
  scratchnet's bit for bit;
* ``numpy``: the same mini-batches as matrices (``X @ W.T``), one NumPy call per layer;
* ``micrograd``: micrograd 0.1.0 from PyPI, a pure-Python scalar autograd engine that builds
  a graph of ``Value`` objects per mini-batch. It has **only ReLU**, so it runs only in the
  ReLU setting;
* ``torch``: PyTorch autograd on the CPU in float64, one thread, when it is installed.

Two activation settings, both with an identity output layer and the squared-error loss:
``sigmoid`` hidden layers (the series' default; micrograd sits out) and ``relu`` hidden
layers (everyone, micrograd included). The goals against micrograd are measured with ReLU,
the goals against the fused loop with sigmoid.

The cost of the boundary: in the same rounds, one checked public call is timed against the
kernel alone (``scratchnet.forward_prop`` against ``scratchnet.forward_prop.__wrapped__``,
likewise ``back_prop``, ``update_params`` and a one-epoch ``train``).

Measurement rules: everything runs in one process, on one thread, in interleaved rounds (a new
random order each round), timed by the process's CPU time (the machine may be shared), with
the garbage collector **on** (micrograd's graphs are freed by the cyclic
collector). Each timed block ends with a ``gc.collect()`` inside the timing, so each
implementation pays for its own garbage; what exists before the timing starts is set aside
with ``gc.freeze()``. Round 0 warms up and is not recorded. The report gives medians over the
rounds of the time per call and of each round's ratio. A network whose rounds are slow
(micrograd on 2-16-16-1) gets fewer rounds, never fewer than ``--min-rounds``. After the last
round every implementation's weights and epoch losses must agree with scratchnet's to
``AGREE`` (the fused loop's exactly), or the script stops without writing results.

Usage::

    python benchmarks/bench.py            # full run, writes benchmarks/results.json
    python benchmarks/bench.py --quick    # a short run (fewer rounds)

``--output PATH`` writes elsewhere; ``--scratchnet DIR`` imports scratchnet from ``DIR``
(to measure a patched copy side by side without touching the package).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import gc
import json
import math
import os
import platform
import pstats
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NETWORKS = [[2, 3, 1], [2, 16, 16, 1]]
ACTIVATION_SETTINGS = ["sigmoid", "relu"]    # the hidden layers' activation; the output is identity
IMPLEMENTATIONS = ["scratchnet", "kernel", "fused", "numpy", "micrograd", "torch"]
SAMPLES = 120          # the issue's workload: 120 samples in mini-batches of 4
BATCH_SIZE = 4
EPOCHS = 10            # per call of train: train's default
LR = 0.02              # the series' learning rate for its training example
FIRST_SEED = 1000      # call k of every implementation shuffles with random.Random(FIRST_SEED + k)
AGREE = 1e-9           # the largest difference allowed between final weights (the fused loop: 0)

#: The issue's goals, checked in every run. ``faster``: scratchnet's ``train`` takes at most
#: 1/goal of the other's time (the median of the other's time / scratchnet's, per round, is at
#: least ``goal``). ``within``: scratchnet takes at most ``goal`` times the other's time (the
#: median of scratchnet's time / the other's is at most ``goal``).
TARGETS = [
    {"network": "2-3-1", "versus": "micrograd", "activation": "relu", "kind": "faster", "goal": 4.0},
    {"network": "2-16-16-1", "versus": "micrograd", "activation": "relu", "kind": "faster", "goal": 15.0},
    {"network": "2-3-1", "versus": "fused", "activation": "sigmoid", "kind": "within", "goal": 2.2},
    {"network": "2-16-16-1", "versus": "fused", "activation": "sigmoid", "kind": "within", "goal": 1.7},
]


def net_name(layers):
    return "-".join(map(str, layers))


def activations_for(layers, hidden):
    return [hidden] * (len(layers) - 2) + ["identity"]


def batch_order(rng, n):
    """One epoch's shuffle, drawn exactly as ``train`` draws it."""
    return rng.sample(range(n), n)


# ---------------------------------------------------------------------------------------
# The implementations. Each owns a copy of the starting weights; ``run(epochs)`` is one
# training call on the shared samples, shuffled with ``random.Random(seed)`` where ``seed``
# is ``FIRST_SEED`` plus the number of calls made before; ``params()`` gives its weights as
# nested lists and ``history`` the epoch losses of its last call.
# ---------------------------------------------------------------------------------------

class ScratchnetTrain:
    """``train`` as a reader calls it: the public (checked) one, or the plain kernel."""

    def __init__(self, train, layers, weights, biases, x, y, hidden):
        self.train = train
        self.model = (list(layers), [[list(row) for row in layer] for layer in weights],
                      [list(layer) for layer in biases])
        self.x, self.y = x, y
        # the series' default needs no argument; ReLU is asked for by name
        self.options = {} if hidden == "sigmoid" else {"activations": activations_for(layers, hidden)}
        self.seed = FIRST_SEED
        self.history = []

    def run(self, epochs=EPOCHS):
        self.model, self.history = self.train(self.model, self.x, self.y, batch_size=BATCH_SIZE, epochs=epochs,
                                              lr=LR, verbose=0, seed=self.seed, **self.options)
        self.seed += 1

    def params(self):
        return self.model[1], self.model[2]


# --8<-- [start:fused]
def fused_train(W, B, x, y, batch_size, epochs, lr, seed, relu=False):
    """Mini-batch training in one function (squared error, identity output).

    The same floats as scratchnet's train, in the same order. Changes W
    and B in place; returns the loss of every epoch.
    """
    exp = math.exp
    rng = random.Random(seed)
    last = len(W) - 1
    outputs = len(B[last])
    GW, GB = [None] * len(W), [None] * len(W)  # a batch's gradient sums
    history = []
    for _ in range(epochs):
        order = rng.sample(range(len(x)), len(x))
        epoch_loss = 0.0
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            for n, s in enumerate(batch):
                # forward: keep every layer's outputs
                o = x[s]
                outs = [o]
                for l in range(last + 1):
                    sums = []
                    for row, b in zip(W[l], B[l]):
                        u = 0.0
                        for xi, wi in zip(o, row):
                            u += xi * wi
                        sums.append(u + b)
                    if l == last:
                        o = sums
                    elif relu:
                        o = [0.0 if u <= 0.0 else u for u in sums]
                    else:
                        o = [exp(u) if u < -709.0 else 1.0 / (1.0 + exp(-u))
                             for u in sums]
                    outs.append(o)
                # the loss and the error at the output
                sample_loss = 0.0
                err = []
                for p, t in zip(o, y[s]):
                    e = p - t
                    sample_loss += 0.5 * e * e
                    err.append(e)
                epoch_loss += sample_loss
                # backward, adding to the batch's sums (the first sample
                # starts them); the derivative comes from the output
                for l in range(last, -1, -1):
                    xin = outs[l]
                    if l == last:
                        deltas = err
                    elif relu:
                        deltas = [e if out > 0.0 else e * 0.0
                                  for e, out in zip(err, outs[l + 1])]
                    else:
                        deltas = [e * (out * (1.0 - out))
                                  for e, out in zip(err, outs[l + 1])]
                    if n == 0:
                        GW[l] = [[d * xi for xi in xin] for d in deltas]
                        GB[l] = deltas
                    else:
                        GW[l] = [[g + d * xi for g, xi in zip(grow, xin)]
                                 for grow, d in zip(GW[l], deltas)]
                        GB[l] = [g + d for g, d in zip(GB[l], deltas)]
                    if l:  # the error of the layer before (the inputs need none)
                        rows = zip(deltas, W[l])
                        d, row = next(rows)
                        err = [d * w for w in row]
                        for d, row in rows:
                            err = [g + d * w for g, w in zip(err, row)]
            # the update, with the mean of the batch's gradients
            divisor = len(batch) * outputs
            for l in range(last + 1):
                W[l] = [[w - lr * (g / divisor) for w, g in zip(row, grow)]
                        for row, grow in zip(W[l], GW[l])]
                B[l] = [b - lr * (g / divisor) for b, g in zip(B[l], GB[l])]
        history.append(epoch_loss / (len(x) * outputs))
    return history
# --8<-- [end:fused]


class FusedTrain:
    """``fused_train``: the practical limit of plain Python."""

    def __init__(self, layers, weights, biases, x, y, hidden):
        self.W = [[list(row) for row in layer] for layer in weights]
        self.B = [list(layer) for layer in biases]
        self.x, self.y = x, y
        self.relu = hidden == "relu"
        self.seed = FIRST_SEED
        self.history = []

    def run(self, epochs=EPOCHS):
        self.history = fused_train(self.W, self.B, self.x, self.y, BATCH_SIZE, epochs, LR, self.seed, self.relu)
        self.seed += 1

    def params(self):
        return self.W, self.B


class NumpyTrain:
    """The same mini-batches as matrices: one matrix product per layer and direction."""

    def __init__(self, np, layers, weights, biases, x, y, hidden):
        self.np = np
        self.W = [np.array(layer, dtype=np.float64) for layer in weights]
        self.B = [np.array(layer, dtype=np.float64) for layer in biases]
        self.x, self.y = np.array(x, dtype=np.float64), np.array(y, dtype=np.float64)
        self.relu = hidden == "relu"
        self.seed = FIRST_SEED
        self.history = []

    def run(self, epochs=EPOCHS):
        np, W, B, X, Y = self.np, self.W, self.B, self.x, self.y
        rng = random.Random(self.seed)
        self.seed += 1
        n, outputs, last = len(X), Y.shape[1], len(W) - 1
        self.history = []
        for _ in range(epochs):
            order = batch_order(rng, n)
            epoch_loss = 0.0
            for start in range(0, n, BATCH_SIZE):
                batch = order[start:start + BATCH_SIZE]
                o = X[batch]
                outs = [o]
                for l in range(last + 1):
                    u = o @ W[l].T + B[l]
                    o = u if l == last else np.maximum(u, 0.0) if self.relu else 1.0 / (1.0 + np.exp(-u))
                    outs.append(o)
                err = o - Y[batch]
                epoch_loss += 0.5 * float((err * err).sum())
                divisor = len(batch) * outputs
                for l in range(last, -1, -1):
                    if l == last:
                        delta = err
                    elif self.relu:
                        delta = err * (outs[l + 1] > 0.0)
                    else:
                        delta = err * (outs[l + 1] * (1.0 - outs[l + 1]))
                    if l:
                        err = delta @ W[l]          # with the weights before the update
                    W[l] -= LR * ((delta.T @ outs[l]) / divisor)
                    B[l] -= LR * (delta.sum(axis=0) / divisor)
            self.history.append(epoch_loss / (n * outputs))

    def params(self):
        return [w.tolist() for w in self.W], [b.tolist() for b in self.B]


class TorchTrain:
    """PyTorch autograd on the same mini-batches, float64, on the CPU, one thread."""

    def __init__(self, torch, layers, weights, biases, x, y, hidden):
        self.torch = torch
        kw = {"dtype": torch.float64}
        self.W = [torch.tensor(layer, requires_grad=True, **kw) for layer in weights]
        self.B = [torch.tensor(layer, requires_grad=True, **kw) for layer in biases]
        self.parameters = self.W + self.B
        self.x, self.y = torch.tensor(x, **kw), torch.tensor(y, **kw)
        self.act = torch.relu if hidden == "relu" else torch.sigmoid
        self.seed = FIRST_SEED
        self.history = []

    def run(self, epochs=EPOCHS):
        torch, X, Y = self.torch, self.x, self.y
        rng = random.Random(self.seed)
        self.seed += 1
        n, outputs, last = len(X), Y.shape[1], len(self.W) - 1
        self.history = []
        for _ in range(epochs):
            order = batch_order(rng, n)
            epoch_loss = 0.0
            for start in range(0, n, BATCH_SIZE):
                batch = order[start:start + BATCH_SIZE]
                o = X[batch]
                for l, (w, b) in enumerate(zip(self.W, self.B)):
                    u = o @ w.T + b
                    o = u if l == last else self.act(u)
                batch_loss = 0.5 * ((o - Y[batch]) ** 2).sum()
                (batch_loss / (len(batch) * outputs)).backward()
                with torch.no_grad():
                    for p in self.parameters:
                        p -= LR * p.grad
                        p.grad = None
                epoch_loss += batch_loss.item()
            self.history.append(epoch_loss / (n * outputs))

    def params(self):
        return [w.tolist() for w in self.W], [b.tolist() for b in self.B]


class MicrogradTrain:
    """micrograd 0.1.0: a graph of scalar ``Value`` objects per mini-batch (ReLU only)."""

    def __init__(self, nn, layers, weights, biases, x, y, hidden):
        if hidden != "relu":
            raise ValueError("micrograd 0.1.0 has only ReLU")
        state = random.getstate()        # MLP draws its weights from the global random ...
        self.model = nn.MLP(layers[0], list(layers[1:]))
        random.setstate(state)           # ... and they are overwritten just below
        for layer, w_layer, b_layer in zip(self.model.layers, weights, biases):
            for neuron, w_row, b in zip(layer.neurons, w_layer, b_layer):
                for value, w in zip(neuron.w, w_row):
                    value.data = w
                neuron.b.data = b
        self.parameters = self.model.parameters()
        self.x, self.y = x, y
        self.seed = FIRST_SEED
        self.history = []

    def run(self, epochs=EPOCHS):
        x, y, model, parameters = self.x, self.y, self.model, self.parameters
        rng = random.Random(self.seed)
        self.seed += 1
        n, outputs = len(x), len(y[0])
        self.history = []
        for _ in range(epochs):
            order = batch_order(rng, n)
            epoch_loss = 0.0
            for start in range(0, n, BATCH_SIZE):
                batch = order[start:start + BATCH_SIZE]
                total = 0.0
                for s in batch:
                    out = model(x[s])
                    for o, t in zip(out if isinstance(out, list) else [out], y[s]):
                        total = total + 0.5 * (o - t) ** 2
                for p in parameters:
                    p.grad = 0
                (total / (len(batch) * outputs)).backward()
                for p in parameters:
                    p.data -= LR * p.grad
                epoch_loss += total.data
            self.history.append(epoch_loss / (n * outputs))

    def params(self):
        return ([[[v.data for v in n.w] for n in layer.neurons] for layer in self.model.layers],
                [[n.b.data for n in layer.neurons] for layer in self.model.layers])


# ---------------------------------------------------------------------------------------

def load_optional(name):
    try:
        return __import__(name)
    except ImportError:
        return None


def max_diff(a, b):
    """Largest absolute difference between two nested lists of the same shape."""
    if isinstance(a, (int, float)):
        return abs(a - b)
    if len(a) != len(b):
        raise ValueError(f"max_diff: lists of {len(a)} and {len(b)} items")
    return max((max_diff(x, y) for x, y in zip(a, b)), default=0.0)


def start_model(layers, seed, samples=SAMPLES):
    """Glorot-uniform starting weights, small random biases, and ``samples`` samples of a
    regression plane (each target a fixed weighted sum of the inputs, as in the series' data)."""
    rng = random.Random(seed)
    weights, biases = [], []
    for n_in, n_out in zip(layers, layers[1:]):
        a = math.sqrt(6.0 / (n_in + n_out))
        weights.append([[rng.uniform(-a, a) for _ in range(n_in)] for _ in range(n_out)])
        biases.append([rng.uniform(-0.1, 0.1) for _ in range(n_out)])
    plane = [[rng.uniform(-1, 1) for _ in range(layers[0])] for _ in range(layers[-1])]
    x = [[rng.uniform(-1, 1) for _ in range(layers[0])] for _ in range(samples)]
    y = [[sum(a * xi for a, xi in zip(row, sample)) for row in plane] for sample in x]
    return weights, biases, x, y


def make(impl, hidden, modules, layers, weights, biases, x, y):
    """The runner for ``impl``, or None when its package is missing (or micrograd with sigmoid)."""
    sn, np, torch, nn = modules["scratchnet"], modules["numpy"], modules["torch"], modules["micrograd"]
    if impl == "scratchnet":
        return ScratchnetTrain(sn.train, layers, weights, biases, x, y, hidden)
    if impl == "kernel":
        return ScratchnetTrain(sn.train.__wrapped__, layers, weights, biases, x, y, hidden)
    if impl == "fused":
        return FusedTrain(layers, weights, biases, x, y, hidden)
    if impl == "numpy" and np is not None:
        return NumpyTrain(np, layers, weights, biases, x, y, hidden)
    if impl == "torch" and torch is not None:
        return TorchTrain(torch, layers, weights, biases, x, y, hidden)
    if impl == "micrograd" and nn is not None and hidden == "relu":
        return MicrogradTrain(nn, layers, weights, biases, x, y, hidden)
    return None


def boundary_calls(sn, layers, weights, biases, x, y):
    """Each checked public call and the kernel's plain function, on the same arguments.

    Called as the series calls them (default activations: sigmoid hidden layers). Returns
    ``{name: (call as text, checked function, plain function)}``, each taking no arguments.
    """
    model = (layers, weights, biases)
    _, outs, sums = sn.forward_prop(*model, x[0], cache_mode=True)
    grads_w, grads_b = sn.back_prop(*model, y[0], outs, sums)
    calls = {
        "forward_prop": ("forward_prop(*model, x, cache_mode=True)", lambda f: f(*model, x[0], cache_mode=True)),
        "back_prop": ("back_prop(*model, y_true, cached_outs, cached_sums)",
                      lambda f: f(*model, y[0], outs, sums)),
        "update_params": ("update_params(*model, grads_w, grads_b, lr)",
                          lambda f: f(*model, grads_w, grads_b, LR)),
        "train": (f"train(model, x, y, batch_size={BATCH_SIZE}, epochs=1, lr={LR}, verbose=0, seed=0)",
                  lambda f: f(model, x, y, batch_size=BATCH_SIZE, epochs=1, lr=LR, verbose=0, seed=0)),
    }
    pairs = {}
    for name, (text, call) in calls.items():
        public = getattr(sn, name)
        pairs[name] = (text, (lambda call=call, public=public: call(public)),
                       (lambda call=call, plain=public.__wrapped__: call(plain)))
    return pairs


def time_block(fn, n):
    """CPU seconds per call of ``fn``, over ``n`` calls and the collection of the garbage they left.

    The process's CPU time, not the clock on the wall: on a machine shared with other programs,
    the time the system gives to them is not counted against whoever happened to be running.
    The garbage collector stays on during the calls; the ``gc.collect()`` inside the timing
    makes each implementation pay for its own garbage (micrograd's graphs are reference
    cycles) and not for the garbage of the one timed before it.
    """
    start = time.process_time_ns()
    for _ in range(n):
        fn()
    gc.collect()
    return (time.process_time_ns() - start) / n / 1e9


def calls_per_sample(runner, samples):
    """Function calls per sample in a one-epoch call, Python and C (cProfile's count; its times are not used)."""
    profiler = cProfile.Profile()
    profiler.enable()
    runner.run(epochs=1)
    profiler.disable()
    return pstats.Stats(profiler).total_calls / samples


def micrograd_values_per_sample(runner, samples):
    """``Value`` objects micrograd creates per sample in one epoch (its graphs, freed by the collector)."""
    from micrograd.engine import Value
    count = 0
    original = Value.__init__

    def counting(self, *args, **kwargs):
        nonlocal count
        count += 1
        original(self, *args, **kwargs)

    Value.__init__ = counting
    try:
        runner.run(epochs=1)
    finally:
        Value.__init__ = original
    return count / samples


def median_ratio(numerators, denominators):
    return statistics.median(a / b for a, b in zip(numerators, denominators))


def bench_network(layers, modules, rounds, min_rounds, block_ms, budget_s, seed, log):
    name = net_name(layers)
    weights, biases, x, y = start_model(layers, seed)
    runners = {}
    for hidden in ACTIVATION_SETTINGS:
        for impl in IMPLEMENTATIONS:
            runner = make(impl, hidden, modules, layers, weights, biases, x, y)
            if runner is not None:
                runners[(impl, hidden)] = runner
    sn = modules["scratchnet"]
    boundary = boundary_calls(sn, layers, weights, biases, x, y)

    # Everything made so far (the modules torch and NumPy import, the models) is long-lived: out of
    # the collector's sight, or every full collection would rescan it in someone's timed block.
    gc.collect()
    gc.freeze()

    # Calls per block: enough for scratchnet to take about block_ms (throwaway copies calibrate).
    probe = ScratchnetTrain(sn.train, layers, weights, biases, x, y, "sigmoid")
    per_call = min(time_block(probe.run, 1) for _ in range(2))
    calls = max(1, round(block_ms / 1000.0 / per_call))
    boundary_n = {}
    for key, (_, public, _) in boundary.items():
        boundary_n[key] = max(1, round(block_ms / 2000.0 / min(time_block(public, 3) for _ in range(2))))

    times = {key: [] for key in runners}
    boundary_times = {(key, kind): [] for key in boundary for kind in ("checked", "plain")}
    order_rng = random.Random(seed + 1)
    jobs = ([("train", key) for key in runners]
            + [("boundary", (key, kind)) for key in boundary for kind in ("checked", "plain")])
    r = 0
    while r <= rounds:                     # round 0 warms up and is not recorded
        started = time.perf_counter()
        order_rng.shuffle(jobs)
        for kind, key in jobs:
            if kind == "train":
                elapsed = time_block(runners[key].run, calls)
                if r:
                    times[key].append(elapsed)
            else:
                function, which = key
                text, public, plain = boundary[function]
                elapsed = time_block(public if which == "checked" else plain, boundary_n[function])
                if r:
                    boundary_times[key].append(elapsed)
        if not r:   # a time budget per network: fewer rounds (never under min_rounds) where a round is slow
            rounds = max(min(rounds, min_rounds), min(rounds, int(budget_s / (time.perf_counter() - started))))
        r += 1

    # Same start, same batches, same number of calls: the weights and losses must agree at the end.
    results = []
    per_call_samples = EPOCHS * len(x)
    calls_in_total = runners[("scratchnet", "sigmoid")].seed - FIRST_SEED
    for (impl, hidden), runner in runners.items():
        reference = runners[("scratchnet", hidden)]
        diff = max(max_diff(runner.params(), reference.params()), max_diff(runner.history, reference.history))
        allowed = 0.0 if impl in ("kernel", "fused") else AGREE
        if not diff <= allowed:
            raise SystemExit(f"bench: {impl} ({hidden}) on {name} ended {diff:.3g} away from scratchnet's weights "
                             f"or losses (allowed: {allowed:g}): the implementations do not compute the same thing")
        ratios = [t / s for t, s in zip(times[(impl, hidden)], times[("scratchnet", hidden)])]
        results.append({
            "implementation": impl,
            "activation": hidden,
            "median_ms_per_call": 1e3 * statistics.median(times[(impl, hidden)]),
            "us_per_sample": 1e6 * statistics.median(times[(impl, hidden)]) / per_call_samples,
            "ratio": statistics.median(ratios),          # this implementation's time / scratchnet's, per round
            "ratios": ratios,
            "final_max_diff": diff,
        })
    for row in results:        # the profiled extra epochs come after the comparison
        runner = runners[(row["implementation"], row["activation"])]
        if row["implementation"] in ("scratchnet", "kernel", "fused", "micrograd"):
            row["calls_per_sample"] = calls_per_sample(runner, len(x))
        if row["implementation"] == "micrograd":
            row["values_per_sample"] = micrograd_values_per_sample(runner, len(x))
        log(f"  {name:>10} {row['activation']:<8} {row['implementation']:<10} {row['us_per_sample']:9.1f} us/sample"
            f"   x{row['ratio']:6.2f} scratchnet's time   (max diff vs scratchnet {row['final_max_diff']:.1e})")

    boundary_rows = []
    for function, (text, _, _) in boundary.items():
        checked, plain = boundary_times[(function, "checked")], boundary_times[(function, "plain")]
        boundary_rows.append({
            "function": function,
            "label": "train, 1 epoch" if function == "train" else function,
            "call": text,
            "checked_us": 1e6 * statistics.median(checked),
            "plain_us": 1e6 * statistics.median(plain),
            "ratio": median_ratio(checked, plain),
            "cost_us": 1e6 * statistics.median(c - p for c, p in zip(checked, plain)),
            "calls_per_block": boundary_n[function],
        })
    workload = {"scratchnet": times[("scratchnet", "sigmoid")], "kernel": times[("kernel", "sigmoid")]}
    boundary_rows.append({
        "function": "train",
        "label": "train, the workload",
        "call": f"train(model, x, y, batch_size={BATCH_SIZE}, epochs={EPOCHS}, lr={LR}, verbose=0, seed=k)",
        "checked_us": 1e6 * statistics.median(workload["scratchnet"]),
        "plain_us": 1e6 * statistics.median(workload["kernel"]),
        "ratio": median_ratio(workload["scratchnet"], workload["kernel"]),
        "cost_us": 1e6 * statistics.median(c - p for c, p in zip(workload["scratchnet"], workload["kernel"])),
        "calls_per_block": calls,
    })
    for row in boundary_rows:
        log(f"  {name:>10} boundary {row['call']}: checked {row['checked_us']:.1f} us, plain {row['plain_us']:.1f} us, "
            f"x{row['ratio']:.3f}, +{row['cost_us']:.1f} us")
    return {
        "network": name,
        "layers": list(layers),
        "rounds": rounds,
        "calls_per_block": calls,
        "calls_in_total": calls_in_total,
        "results": results,
        "boundary": boundary_rows,
    }


def per_round_measure(target, rows, impl):
    """The goal's measure for ``impl``, round by round: for ``faster``, the other's time divided by
    ``impl``'s; for ``within``, ``impl``'s time divided by the other's. None when either is missing."""
    mine = rows.get((target["network"], impl, target["activation"]))
    other = rows.get((target["network"], target["versus"], target["activation"]))
    if mine is None or other is None:
        return None
    # every row's ratios are its time / scratchnet's in the same round, so scratchnet's time cancels
    if target["kind"] == "faster":
        return [o / m for o, m in zip(other["ratios"], mine["ratios"])]
    return [m / o for o, m in zip(other["ratios"], mine["ratios"])]


def evaluate_target(target, rows):
    """The goal measured from the rows of one run: the measured ratio, met or not, by how much, and why.

    ``measured`` is the median over the rounds, ``middle_half`` the rounds' quartiles around it.
    ``to_goal`` is how many times faster scratchnet would have to be to meet the goal (at most 1
    when it is met): for ``faster``, goal / measured; for ``within``, measured / goal.
    ``kernel_measured`` is the same measure for the plain kernel (no checks) in the same rounds:
    when it misses the goal too, the checks are not what stands in the way. A missed goal gets
    a ``note`` that says so in words.
    """
    rounds = per_round_measure(target, rows, "scratchnet")
    if not rounds:
        return {**target, "measured": None, "met": None, "to_goal": None, "middle_half": None,
                "kernel_measured": None, "note": None}

    def meets(value):
        return value >= target["goal"] if target["kind"] == "faster" else value <= target["goal"]

    measured = statistics.median(rounds)
    to_goal = target["goal"] / measured if target["kind"] == "faster" else measured / target["goal"]
    middle_half = (statistics.quantiles(rounds, n=4)[::2] if len(rounds) > 1 else [measured, measured])
    kernel_rounds = per_round_measure(target, rows, "kernel")
    kernel = statistics.median(kernel_rounds) if kernel_rounds else None
    note = None
    if not meets(measured):
        reason = ("" if kernel is None else
                  f" The plain kernel alone measures {kernel:.2f}× in the same rounds, so "
                  + ("the checks are not what stands in the way: the readable code itself is (its calls per "
                     "node and its separate passes)." if not meets(kernel) else
                     "the checks at the boundary are what stand in the way."))
        spread = (f" The middle half of the rounds spans {middle_half[0]:.2f}× to {middle_half[1]:.2f}×"
                  + (", the goal inside it." if middle_half[0] <= target["goal"] <= middle_half[1] else "."))
        note = (f"Missed by {100 * (to_goal - 1):.0f} %: `train` would have to run {to_goal:.2f}× as fast."
                + reason + spread)
    return {**target, "measured": measured, "met": to_goal <= 1.0, "to_goal": to_goal,
            "middle_half": middle_half, "kernel_measured": kernel, "note": note}


def git_revision():
    try:
        out = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True,
                             text=True, timeout=10)
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def cpu_name():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load_average():
    """The 1-minute load average (runnable processes, averaged), or None where there is none."""
    try:
        return round(os.getloadavg()[0], 2)
    except (OSError, AttributeError):
        return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run: fewer rounds")
    parser.add_argument("--rounds", type=int, help="rounds per network (default 21, or 5 with --quick; "
                                                   "fewer where one round is slow)")
    parser.add_argument("--min-rounds", type=int, help="never fewer rounds than this (default 7, or 3 with --quick)")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results.json",
                        help="where to write the results (default benchmarks/results.json)")
    parser.add_argument("--scratchnet", type=Path, default=ROOT,
                        help="the directory scratchnet is imported from (default: this repository)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rounds = args.rounds or (5 if args.quick else 21)
    min_rounds = min(rounds, args.min_rounds or (3 if args.quick else 7))
    block_ms = 15.0
    budget_s = 10.0 if args.quick else 60.0      # per network, roughly: slow networks get fewer rounds

    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")     # NumPy on one thread, like PyTorch and plain Python
    sys.path.insert(0, str(args.scratchnet.resolve()))
    import scratchnet
    modules = {"scratchnet": scratchnet, "numpy": load_optional("numpy"), "torch": load_optional("torch"),
               "micrograd": None}
    try:
        import micrograd.nn
        modules["micrograd"] = micrograd.nn
    except ImportError:
        pass
    if modules["torch"] is not None:
        modules["torch"].set_num_threads(1)

    def log(text):
        print(text, flush=True)

    missing = [name for name in ("numpy", "torch", "micrograd") if modules[name] is None]
    load_before = load_average()
    log(f"bench: scratchnet from {Path(scratchnet.__file__).parent}; gc enabled: {gc.isenabled()}; "
        f"{rounds} rounds; load average {load_before}" + (f"; not installed: {', '.join(missing)}" if missing else ""))
    started = time.perf_counter()
    networks = [bench_network(layers, modules, rounds, min_rounds, block_ms, budget_s, args.seed, log)
                for layers in NETWORKS]
    load_after = load_average()

    rows = {(n["network"], r["implementation"], r["activation"]): r for n in networks for r in n["results"]}
    targets = [evaluate_target(target, rows) for target in TARGETS]

    def version(name):
        try:
            from importlib.metadata import version as v
            return v(name)
        except Exception:
            return None

    results = {
        "machine": {
            "platform": platform.platform(),
            "cpu": cpu_name(),
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "python_implementation": platform.python_implementation(),
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "load_average_before": load_before,
            "load_average_after": load_after,
        },
        "versions": {
            "scratchnet": getattr(scratchnet, "__version__", None),
            "scratchnet_git": git_revision() if args.scratchnet.resolve() == ROOT else f"from {args.scratchnet}",
            "numpy": version("numpy") if modules["numpy"] else None,
            "torch": modules["torch"].__version__ if modules["torch"] else None,
            "micrograd": version("micrograd") if modules["micrograd"] else None,
        },
        "settings": {
            "quick": args.quick,
            "rounds": rounds,
            "min_rounds": min_rounds,
            "block_ms": block_ms,
            "budget_s_per_network": budget_s,
            "samples": SAMPLES,
            "batch_size": BATCH_SIZE,
            "epochs_per_call": EPOCHS,
            "learning_rate": LR,
            "clock": "process CPU time",
            "gc_enabled": gc.isenabled(),
            "numpy_threads": os.environ.get("OPENBLAS_NUM_THREADS") if modules["numpy"] else None,
            "torch_threads": modules["torch"].get_num_threads() if modules["torch"] else None,
            "agree_to": AGREE,
            "seconds": round(time.perf_counter() - started, 1),
        },
        "networks": networks,
        "targets": targets,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    log(f"bench: wrote {args.output} in {results['settings']['seconds']} s; load average {load_before} "
        f"before, {load_after} after")
    for t in targets:
        if t["measured"] is None:
            log(f"  goal {t['network']:>10} vs {t['versus']:<9} ({t['activation']}): not measured")
            continue
        want = (f">= {t['goal']}x faster" if t["kind"] == "faster" else f"<= {t['goal']}x its time")
        got = (f"{t['measured']:.2f}x faster" if t["kind"] == "faster" else f"{t['measured']:.2f}x its time")
        state = "met" if t["met"] else "MISSED"
        log(f"  goal {t['network']:>10} vs {t['versus']:<9} ({t['activation']}): {want}: {got} "
            f"(rounds' middle half {t['middle_half'][0]:.2f}-{t['middle_half'][1]:.2f}): {state}"
            + (f"\n      {t['note']}" if t["note"] else ""))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""How fast is plain Python? Time one training step of scratchnet against its rivals.

One **training step** is forward + backward + update on **one sample**. It is timed for
the networks 2-3-1, 2-3-2, 2-16-16-1 and 64-64-10, for:

* ``scratchnet``: the package's readable code, ``forward_prop`` + ``back_prop`` +
  ``update_params`` exactly as the course shows them;
* ``unchecked``: the same three plain functions without the package's argument checks (the
  functions the chapters list), to measure what the checks cost;
* ``micrograd``: micrograd 0.1.0 from PyPI, a pure-Python scalar autograd engine that
  builds a graph of ``Value`` objects per sample. It has **only ReLU** (no ``exp``), so it
  runs only in the ReLU comparison;
* ``numpy``: the same math per sample with NumPy arrays (``W @ x``, ``np.outer``);
* ``fused``: the practical limit of plain Python: one function, local variables, no call
  per element, backward and update fused, the sigmoid derivative taken from the output;
* ``torch``: PyTorch autograd on the CPU in float64, one thread, when it is installed.

Two activation settings, both with an identity output layer and the squared-error loss:

* ``sigmoid`` hidden layers (the course's default): every implementation but micrograd;
* ``relu`` hidden layers: every implementation, micrograd included. The comparison with
  micrograd is made here, against scratchnet run with ReLU too.

Measurement rules: all implementations run in one process, in interleaved rounds (a new
random order each round), with the garbage collector **on** (micrograd's graphs are freed
by the cyclic collector; switching it off would flatter micrograd). Each round times a
block of steps per implementation, ending with a ``gc.collect()`` inside the timing, so
that each pays for its own garbage and not for the garbage of the one timed before it;
what was loaded before the timing starts (the modules, the models) is frozen with
``gc.freeze()`` so that collections do not rescan it. The report gives the median time per
step over the rounds and the median over the rounds of the ratio to scratchnet's time in
the same round.

A network whose rounds are slow (micrograd on 64-64-10) gets fewer rounds, never fewer
than seven, so that a full run stays around a minute. Every implementation starts
from the same weights and trains on the same samples in the same order; after the last
round their weights must agree to 1e-9, or the script fails without writing results.

Usage::

    python benchmarks/bench.py            # full run, writes benchmarks/results.json
    python benchmarks/bench.py --quick    # a short run (fewer, shorter rounds)

``--output PATH`` writes elsewhere; ``--scratchnet DIR`` imports scratchnet from ``DIR``
(to measure a patched copy side by side without touching the package).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import gc
import inspect
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
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NETWORKS = [[2, 3, 1], [2, 3, 2], [2, 16, 16, 1], [64, 64, 10]]
ACTIVATION_SETTINGS = ["sigmoid", "relu"]    # the hidden layers' activation; the output is identity
IMPLEMENTATIONS = ["scratchnet", "unchecked", "micrograd", "numpy", "fused", "torch"]
LR = 0.01
SAMPLES = 8            # a small data set, cycled through in the same order by every implementation
AGREE = 1e-9           # the largest difference allowed between final weights
MIN_ROUNDS = 7         # a network whose rounds are slow (micrograd on 64-64-10) gets fewer, never fewer than this

#: The issue's targets, checked in every run. ``ratio`` is the other implementation's time per
#: step divided by scratchnet's (so "scratchnet is 5x faster" is ratio >= 5 and "within 2x of
#: the fused loop" is ratio >= 0.5).
TARGETS = [
    {"network": "2-3-1", "versus": "micrograd", "activation": "relu", "min_ratio": 5.0,
     "goal": "scratchnet at least 5× faster than micrograd"},
    {"network": "2-16-16-1", "versus": "micrograd", "activation": "relu", "min_ratio": 15.0,
     "goal": "scratchnet at least 15× faster than micrograd"},
    {"network": "2-3-1", "versus": "fused", "activation": "sigmoid", "min_ratio": 0.5,
     "goal": "scratchnet within 2× of the fused loop"},
    {"network": "2-16-16-1", "versus": "fused", "activation": "sigmoid", "min_ratio": 0.5,
     "goal": "scratchnet within 2× of the fused loop"},
    {"network": "2-3-1", "versus": "fused", "activation": "relu", "min_ratio": 0.5,
     "goal": "scratchnet within 2× of the fused loop"},
    {"network": "2-16-16-1", "versus": "fused", "activation": "relu", "min_ratio": 0.5,
     "goal": "scratchnet within 2× of the fused loop"},
]


def net_name(layers):
    return "-".join(map(str, layers))


def activations_for(layers, hidden):
    return [hidden] * (len(layers) - 2) + ["identity"]


# ---------------------------------------------------------------------------------------
# The implementations. Each owns a copy of the starting weights, steps through the samples
# in order, and can report its weights as nested lists for the final comparison.
# ---------------------------------------------------------------------------------------

class ScratchnetStep:
    """scratchnet's readable code, called as the course calls it."""

    def __init__(self, sn, layers, weights, biases, data, hidden):
        self.forward_prop, self.back_prop, self.update_params = sn.forward_prop, sn.back_prop, sn.update_params
        self.layers = list(layers)
        self.weights = [[list(row) for row in layer] for layer in weights]
        self.biases = [list(layer) for layer in biases]
        self.data = data
        self.activations = activations_for(layers, hidden)
        self.k = 0

    def step(self):
        x, y = self.data[self.k % len(self.data)]
        self.k += 1
        layers, weights, biases, activations = self.layers, self.weights, self.biases, self.activations
        _, cached_outs, cached_sums = self.forward_prop(layers, weights, biases, x, cache_mode=True,
                                                        activations=activations)
        grads_w, grads_b = self.back_prop(layers, weights, biases, y, cached_outs, cached_sums,
                                          activations=activations)
        self.weights, self.biases = self.update_params(layers, weights, biases, grads_w, grads_b, LR)

    def params(self):
        return self.weights, self.biases


def unchecked_scratchnet(sn):
    """A stand-in for the package with the plain ``forward_prop``, ``back_prop`` and ``update_params``.

    The package's public functions are its plain functions with the arguments checked first
    (``scratchnet.boundary``); ``__wrapped__`` is the plain function the chapters list.
    """
    return types.SimpleNamespace(**{name: getattr(sn, name).__wrapped__
                                    for name in ("forward_prop", "back_prop", "update_params")})


# --8<-- [start:fused]
def fused_step(W, B, x, t, lr, relu=False):
    """One training step on one sample (squared error, identity output).

    Changes W and B in place.
    """
    exp = math.exp
    last = len(W) - 1
    # forward: keep every layer's outputs
    outs = [x]
    o = x
    for l in range(last + 1):
        sums = []
        for row, b in zip(W[l], B[l]):
            s = 0.0
            for xi, wi in zip(o, row):
                s += xi * wi
            sums.append(s + b)
        if l == last:
            o = sums
        elif relu:
            o = [s if s > 0.0 else 0.0 for s in sums]
        else:
            o = []
            for s in sums:
                o.append(1.0 / (1.0 + exp(-s)) if s >= -709.0 else exp(s))
        outs.append(o)
    # backward fused with the update, layer by layer; a layer's input
    # error uses the old weights
    err = [p - ti for p, ti in zip(o, t)]
    for l in range(last, -1, -1):
        xin = outs[l]
        Wl, Bl = W[l], B[l]
        if l == last:
            deltas = err
        elif relu:
            deltas = [e if out > 0.0 else 0.0
                      for e, out in zip(err, outs[l + 1])]
        else:  # the sigmoid's derivative from its output: no second exp
            deltas = [e * (out * (1.0 - out))
                      for e, out in zip(err, outs[l + 1])]
        if l:
            gx = [0.0] * len(xin)
            for j, d in enumerate(deltas):
                row = Wl[j]
                gx = [g + d * w for g, w in zip(gx, row)]
                Wl[j] = [w - lr * (d * xi) for w, xi in zip(row, xin)]
                Bl[j] -= lr * d
            err = gx
        else:   # the input layer's error is not needed
            for j, d in enumerate(deltas):
                Wl[j] = [w - lr * (d * xi) for w, xi in zip(Wl[j], xin)]
                Bl[j] -= lr * d
# --8<-- [end:fused]


class FusedStep:
    """The practical pure-Python limit: ``fused_step``, one function for the whole step.

    The same arithmetic in the same order as scratchnet (so the weights agree to the last
    bit), but no function call per node or per weight, no checks, no copies, the sigmoid
    derivative taken from the cached output, and the weights updated in place.
    """

    def __init__(self, layers, weights, biases, data, hidden):
        self.W = [[list(row) for row in layer] for layer in weights]
        self.B = [list(layer) for layer in biases]
        self.data = data
        self.relu = hidden == "relu"
        self.k = 0

    def step(self):
        x, t = self.data[self.k % len(self.data)]
        self.k += 1
        fused_step(self.W, self.B, x, t, LR, self.relu)

    def params(self):
        return self.W, self.B


class NumpyStep:
    """The same math per sample with NumPy arrays."""

    def __init__(self, np, layers, weights, biases, data, hidden):
        self.np = np
        self.W = [np.array(layer, dtype=np.float64) for layer in weights]
        self.B = [np.array(layer, dtype=np.float64) for layer in biases]
        self.data = [(np.array(x, dtype=np.float64), np.array(y, dtype=np.float64)) for x, y in data]
        self.relu = hidden == "relu"
        self.k = 0

    def step(self):
        np = self.np
        x, t = self.data[self.k % len(self.data)]
        self.k += 1
        W, B, last = self.W, self.B, len(self.W) - 1
        outs = [x]
        o = x
        for l in range(last + 1):
            u = W[l] @ o + B[l]
            if l == last:
                o = u
            elif self.relu:
                o = np.maximum(u, 0.0)
            else:
                o = 1.0 / (1.0 + np.exp(-u))
            outs.append(o)
        err = o - t
        for l in range(last, -1, -1):
            if l == last:
                delta = err
            elif self.relu:
                delta = err * (outs[l + 1] > 0.0)
            else:
                delta = err * (outs[l + 1] * (1.0 - outs[l + 1]))
            if l:
                err = W[l].T @ delta
            W[l] -= LR * np.outer(delta, outs[l])
            B[l] -= LR * delta

    def params(self):
        return [w.tolist() for w in self.W], [b.tolist() for b in self.B]


class TorchStep:
    """PyTorch autograd, float64, on the CPU, one thread."""

    def __init__(self, torch, layers, weights, biases, data, hidden):
        self.torch = torch
        kw = {"dtype": torch.float64}
        self.W = [torch.tensor(layer, requires_grad=True, **kw) for layer in weights]
        self.B = [torch.tensor(layer, requires_grad=True, **kw) for layer in biases]
        self.params_ = self.W + self.B
        self.data = [(torch.tensor(x, **kw), torch.tensor(y, **kw)) for x, y in data]
        self.act = torch.relu if hidden == "relu" else torch.sigmoid
        self.k = 0

    def step(self):
        torch = self.torch
        x, t = self.data[self.k % len(self.data)]
        self.k += 1
        o = x
        last = len(self.W) - 1
        for l, (w, b) in enumerate(zip(self.W, self.B)):
            u = w @ o + b
            o = u if l == last else self.act(u)
        loss = 0.5 * ((o - t) ** 2).sum()
        loss.backward()
        with torch.no_grad():
            for p in self.params_:
                p -= LR * p.grad
                p.grad = None

    def params(self):
        return [w.tolist() for w in self.W], [b.tolist() for b in self.B]


class MicrogradStep:
    """micrograd 0.1.0: a graph of scalar ``Value`` objects built per sample (ReLU only)."""

    def __init__(self, nn, layers, weights, biases, data, hidden):
        assert hidden == "relu", "micrograd 0.1.0 has only ReLU"
        random.seed(0)  # MLP draws random weights; they are overwritten just below
        self.model = nn.MLP(layers[0], list(layers[1:]))
        for layer, w_layer, b_layer in zip(self.model.layers, weights, biases):
            for neuron, w_row, b in zip(layer.neurons, w_layer, b_layer):
                for value, w in zip(neuron.w, w_row):
                    value.data = w
                neuron.b.data = b
        self.parameters = self.model.parameters()
        self.data = data
        self.k = 0

    def step(self):
        x, t = self.data[self.k % len(self.data)]
        self.k += 1
        out = self.model(x)
        if not isinstance(out, list):
            out = [out]
        loss = sum((0.5 * (o - ti) ** 2 for o, ti in zip(out, t)), 0.0)
        for p in self.parameters:
            p.grad = 0
        loss.backward()
        for p in self.parameters:
            p.data -= LR * p.grad

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
    return max((max_diff(x, y) for x, y in zip(a, b)), default=0.0)


def start_model(layers, seed):
    """Glorot-uniform starting weights and small random biases (so no bias starts at 0)."""
    rng = random.Random(seed)
    weights, biases = [], []
    for n_in, n_out in zip(layers, layers[1:]):
        a = math.sqrt(6.0 / (n_in + n_out))
        weights.append([[rng.uniform(-a, a) for _ in range(n_in)] for _ in range(n_out)])
        biases.append([rng.uniform(-0.1, 0.1) for _ in range(n_out)])
    data = [([rng.uniform(-1, 1) for _ in range(layers[0])], [rng.uniform(-1, 1) for _ in range(layers[-1])])
            for _ in range(SAMPLES)]
    return weights, biases, data


def make(impl, hidden, modules, layers, weights, biases, data):
    sn, np, torch, nn = modules["scratchnet"], modules["numpy"], modules["torch"], modules["micrograd"]
    if impl == "scratchnet":
        return ScratchnetStep(sn, layers, weights, biases, data, hidden)
    if impl == "unchecked":
        return ScratchnetStep(unchecked_scratchnet(sn), layers, weights, biases, data, hidden)
    if impl == "fused":
        return FusedStep(layers, weights, biases, data, hidden)
    if impl == "numpy" and np is not None:
        return NumpyStep(np, layers, weights, biases, data, hidden)
    if impl == "torch" and torch is not None:
        return TorchStep(torch, layers, weights, biases, data, hidden)
    if impl == "micrograd" and nn is not None and hidden == "relu":
        return MicrogradStep(nn, layers, weights, biases, data, hidden)
    return None


def time_block(fn, n):
    """Microseconds per call of ``fn``, over ``n`` calls and the collection of the garbage they left.

    The garbage collector stays on during the calls; the ``gc.collect()`` inside the timing
    makes each implementation pay for its own garbage (micrograd's graphs are reference
    cycles) and not for the garbage of the one timed before it.
    """
    start = time.perf_counter_ns()
    for _ in range(n):
        fn()
    gc.collect()
    return (time.perf_counter_ns() - start) / n / 1000.0


def calls_per_step(runner):
    """Function calls one step makes, Python and C (cProfile's count; the profile's times are not used)."""
    profiler = cProfile.Profile()
    profiler.enable()
    runner.step()
    profiler.disable()
    return pstats.Stats(profiler).total_calls


def micrograd_nodes_per_step(runner):
    """``Value`` objects micrograd creates in one step (its graph, freed later by the collector)."""
    from micrograd.engine import Value
    count = 0
    original = Value.__init__

    def counting(self, *args, **kwargs):
        nonlocal count
        count += 1
        original(self, *args, **kwargs)

    Value.__init__ = counting
    try:
        runner.step()
    finally:
        Value.__init__ = original
    return count


def bench_network(layers, modules, rounds, block_ms, budget_s, seed, log):
    name = net_name(layers)
    weights, biases, data = start_model(layers, seed)
    runners = {}
    for hidden in ACTIVATION_SETTINGS:
        for impl in IMPLEMENTATIONS:
            runner = make(impl, hidden, modules, layers, weights, biases, data)
            if runner is not None:
                runners[(impl, hidden)] = runner

    # Where scratchnet's time goes: its three calls timed on their own, on fixed arguments.
    sn = modules["scratchnet"]
    acts = activations_for(layers, "sigmoid")
    x, y = data[0]
    _, outs, sums = sn.forward_prop(layers, weights, biases, x, cache_mode=True, activations=acts)
    gw, gb = sn.back_prop(layers, weights, biases, y, outs, sums, activations=acts)
    parts = {
        "forward_prop": lambda: sn.forward_prop(layers, weights, biases, x, cache_mode=True, activations=acts),
        "back_prop": lambda: sn.back_prop(layers, weights, biases, y, outs, sums, activations=acts),
        "update_params": lambda: sn.update_params(layers, weights, biases, gw, gb, LR),
    }

    # Everything made so far (the modules torch and NumPy import, the models) is long-lived: move it
    # out of the collector's sight, or every full collection would scan it (tens of milliseconds
    # with torch loaded) and land at random in one implementation's block.
    gc.collect()
    gc.freeze()

    # Steps per block: enough for scratchnet to take about block_ms (a throwaway copy calibrates).
    probe = ScratchnetStep(sn, layers, weights, biases, data, "sigmoid")
    per_step = min(time_block(probe.step, 20) for _ in range(3))
    steps = max(1, round(block_ms * 1000.0 / per_step))
    part_steps = max(1, steps // 2)

    times = {key: [] for key in runners}
    ratios = {key: [] for key in runners}
    unchecked_ratios = {key: [] for key in runners}
    part_times = {key: [] for key in parts}
    order_rng = random.Random(seed + 1)
    jobs = [("step", key) for key in runners] + [("part", key) for key in parts]
    r = 0
    while r <= rounds:                     # round 0 warms up and is not recorded
        started = time.perf_counter()
        order_rng.shuffle(jobs)
        this_round = {}
        for kind, key in jobs:
            if kind == "step":
                this_round[key] = time_block(runners[key].step, steps)
            else:
                elapsed = time_block(parts[key], part_steps)
                if r:
                    part_times[key].append(elapsed)
        if r:
            for (impl, hidden), elapsed in this_round.items():
                times[(impl, hidden)].append(elapsed)
                ratios[(impl, hidden)].append(elapsed / this_round[("scratchnet", hidden)])
                unchecked_ratios[(impl, hidden)].append(elapsed / this_round[("unchecked", hidden)])
        else:   # a time budget per network: fewer rounds (never under MIN_ROUNDS) where a round is slow
            rounds = max(min(rounds, MIN_ROUNDS), min(rounds, int(budget_s / (time.perf_counter() - started))))
        r += 1

    # Same start, same samples, same number of steps: the weights must agree at the end.
    diffs = {}
    for (impl, hidden), runner in runners.items():
        diff = diffs[(impl, hidden)] = max_diff(runner.params(), runners[("scratchnet", hidden)].params())
        if not diff <= AGREE:
            raise SystemExit(f"bench: {impl} ({hidden}) on {name} ended {diff:.3g} away from scratchnet's "
                             f"weights after {runner.k} steps: the implementations do not compute the same thing")
    total_steps = runners[("scratchnet", "sigmoid")].k
    results = []
    for (impl, hidden), runner in runners.items():      # the extra profiled steps come after the check
        diff = diffs[(impl, hidden)]
        row = {
            "implementation": impl,
            "activation": hidden,
            "median_us": statistics.median(times[(impl, hidden)]),
            "ratio": statistics.median(ratios[(impl, hidden)]),
            "ratio_to_unchecked": statistics.median(unchecked_ratios[(impl, hidden)]),
            "calls_per_step": calls_per_step(runner),
            "final_weights_max_diff": diff,
        }
        if impl == "micrograd":
            row["graph_nodes_per_step"] = micrograd_nodes_per_step(runner)
        results.append(row)
        log(f"  {name:>10} {hidden:<8} {impl:<11} {row['median_us']:10.1f} us/step   "
            f"x{row['ratio']:7.2f} scratchnet's time   (max |dw| vs scratchnet {diff:.1e})")
    breakdown = {key: statistics.median(values) for key, values in part_times.items()}
    log(f"  {name:>10} scratchnet parts (sigmoid): " + ", ".join(f"{k} {v:.1f} us" for k, v in breakdown.items()))
    return {
        "network": name,
        "layers": list(layers),
        "rounds": rounds,
        "steps_per_block": steps,
        "steps_in_total": total_steps,
        "results": results,
        "scratchnet_parts_us": breakdown,
    }


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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run: fewer and shorter rounds")
    parser.add_argument("--rounds", type=int, help="rounds per network (default 31, or 7 with --quick; "
                                                   "fewer where one round is slow)")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results.json",
                        help="where to write the results (default benchmarks/results.json)")
    parser.add_argument("--scratchnet", type=Path, default=ROOT,
                        help="the directory scratchnet is imported from (default: this repository)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rounds = args.rounds or (7 if args.quick else 31)
    block_ms = 4.0 if args.quick else 15.0
    budget_s = 4.0 if args.quick else 30.0      # per network, roughly: slow networks get fewer rounds

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
    log(f"bench: scratchnet from {Path(scratchnet.__file__).parent}; gc enabled: {gc.isenabled()}; "
        f"{rounds} rounds" + (f"; not installed: {', '.join(missing)}" if missing else ""))
    started = time.perf_counter()
    networks = [bench_network(layers, modules, rounds, block_ms, budget_s, args.seed, log) for layers in NETWORKS]

    rows = {(n["network"], r["implementation"], r["activation"]): r for n in networks for r in n["results"]}
    targets = []
    for target in TARGETS:
        row = rows.get((target["network"], target["versus"], target["activation"]))
        measured = None if row is None else row["ratio"]
        targets.append({**target, "measured_ratio": measured,
                        "met": None if measured is None else measured >= target["min_ratio"],
                        # the same ratio for scratchnet with its argument checks deleted
                        "ratio_without_checks": None if row is None else row["ratio_to_unchecked"]})

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
            "block_ms": block_ms,
            "budget_s_per_network": budget_s,
            "learning_rate": LR,
            "samples": SAMPLES,
            "gc_enabled": gc.isenabled(),
            "torch_threads": modules["torch"].get_num_threads() if modules["torch"] else None,
            "weights_agree_to": AGREE,
            "seconds": round(time.perf_counter() - started, 1),
        },
        "networks": networks,
        "targets": targets,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    log(f"bench: wrote {args.output} in {results['settings']['seconds']} s")
    for t in targets:
        state = "n/a" if t["met"] is None else ("met" if t["met"] else "MISSED")
        shown = "n/a" if t["measured_ratio"] is None else f"{t['measured_ratio']:.2f}"
        bare = "n/a" if t["ratio_without_checks"] is None else f"{t['ratio_without_checks']:.2f}"
        log(f"  target {t['network']:>10} vs {t['versus']:<9} ({t['activation']}): {t['goal']}: "
            f"ratio {shown} (need >= {t['min_ratio']}) {state}; without the checks {bare}")


if __name__ == "__main__":
    main()

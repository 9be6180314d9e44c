"""What the trace hooks cost when they are off (issue: the step-through player).

Times one training step with the package's functions (``trace=None``) against copies
compiled from the same source with ``if trace is not None:`` replaced by ``if False:``,
which Python's compiler drops entirely, so the copies have no hook at all. Interleaved
rounds in one process, in a random order each round; prints the median ratio.

    python benchmarks/hook_cost.py
"""
import inspect, random, statistics, sys, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scratchnet import forward, backward, update, init_model
from scratchnet import forward_prop, back_prop, update_params

def variant(module, name):
    src = inspect.getsource(getattr(module, name))
    assert src.count("if trace is not None:") == 1
    ns = dict(vars(module))
    exec(compile(src.replace("if trace is not None:", "if False:"), f"<{name} no hook>", "exec"), ns)
    return ns[name]

bare = (variant(forward, "forward_prop"), variant(backward, "back_prop"), variant(update, "update_params"))
real = (forward_prop, back_prop, update_params)

def step(fns, model, x, y):
    f, b, u = fns
    layers, w, bs = model
    _, outs, sums = f(layers, w, bs, x, cache_mode=True)
    gw, gb = b(layers, w, bs, y, outs, sums)
    return u(layers, w, bs, gw, gb, 0.1)

for layers in ([2, 3, 2], [2, 16, 16, 1], [64, 64, 10]):
    model = init_model(layers, seed=1)
    rng = random.Random(2)
    x = [rng.uniform(-1, 1) for _ in range(layers[0])]
    y = [rng.uniform(-1, 1) for _ in range(layers[-1])]
    assert step(real, model, x, y) == step(bare, model, x, y)
    n = max(20, int(60000 / sum(a * b for a, b in zip(layers, layers[1:]))))
    ratios = []; best = {"real": 1e9, "bare": 1e9}
    for r in range(31):
        times = {}
        for name, fns in sorted([("real", real), ("bare", bare)], key=lambda _: rng.random()):
            t = time.perf_counter()
            for _ in range(n):
                step(fns, model, x, y)
            times[name] = (time.perf_counter() - t) / n
            best[name] = min(best[name], times[name])
        ratios.append(times["real"] / times["bare"])
    print(f"{layers}: best {best['real']*1e6:.1f} us vs {best['bare']*1e6:.1f} us, ratio of bests {best['real']/best['bare']:.3f}; "
          f"median ratio {statistics.median(ratios):.3f} (31 rounds, "
          f"IQR {statistics.quantiles(ratios, n=4)[0]:.3f}-{statistics.quantiles(ratios, n=4)[2]:.3f})")

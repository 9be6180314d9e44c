"""Hidden checks of the exercise "Write back_prop yourself" (docs/exercise-backprop.md).

The page's Check button runs the reader's block in the page's Python session, then calls
``check(session)`` (docs/assets/run-worker.js); CI calls the same function on the published
solution and on each of :data:`MISTAKES` (tests/test_exercises.py, tests/browser/test_run.py).

The reader's ``back_prop(layers, weights, biases, y_true, cached_outs, cached_sums)`` is
compared on random networks with gradients measured by finite differences, with no
``back_prop`` involved: nudge each parameter by ±h, run the forward pass, take the slope of
the loss. A wrong answer is compared with the named mistakes' gradients, to say which one
it is. Standard library and scratchnet's ``forward_prop`` only.
"""

from __future__ import annotations

import copy
import math
import random

from scratchnet import forward_prop

#: Named mistakes, as one-line edits of the page's solution: name -> (line as published, line with the mistake).
MISTAKES = {
    "forgot the sum over edges": (
        "errors[i] += delta * weights[l][j][i]",
        "errors[i] = delta * weights[l][j][i]",
    ),
    "swapped i and j": (
        "errors[i] += delta * weights[l][j][i]",
        "errors[i] += delta * weights[l][i][j]",
    ),
}

HINTS = {
    "forgot the sum over edges": (
        "you forgot the sum over edges. A hidden node feeds every node of the next layer, so the "
        "error flowing back to it is a sum, delta_j * w_ji added up over every j: use +=, not ="
    ),
    "swapped i and j": (
        "you swapped i and j. weights[l][j][i] joins input i to node j of the layer: the error "
        "flowing back to input i adds delta_j * weights[l][j][i], with j the node and i the input"
    ),
}

#: Networks checked: square ones first (a swap of i and j gives wrong numbers there, not an IndexError).
SHAPES = ([3, 3, 3], [2, 2, 2, 2], [2, 3, 2], [3, 4, 4, 2], [1, 2, 1])
H = 1e-6
TOLERANCE = 1e-5


def _loss(model, x, y_true) -> float:
    y_pred = forward_prop(*model, x)
    return sum(0.5 * (p - t) ** 2 for p, t in zip(y_pred, y_true))


def finite_differences(model, x, y_true):
    """Every gradient by central differences: (L(p + h) - L(p - h)) / 2h."""
    layers, weights, biases = copy.deepcopy(model)
    grads_w = [[[0.0] * len(row) for row in layer] for layer in weights]
    grads_b = [[0.0] * len(layer) for layer in biases]
    for params, grads in ((weights, grads_w), (biases, grads_b)):
        for l, layer in enumerate(params):
            for j, item in enumerate(layer):
                cells = [(item, i) for i in range(len(item))] if isinstance(item, list) else [(layer, j)]
                for holder, k in cells:
                    kept = holder[k]
                    holder[k] = kept + H
                    up = _loss((layers, weights, biases), x, y_true)
                    holder[k] = kept - H
                    down = _loss((layers, weights, biases), x, y_true)
                    holder[k] = kept
                    value = (up - down) / (2 * H)
                    if isinstance(item, list):
                        grads[l][j][k] = value
                    else:
                        grads[l][j] = value
    return grads_w, grads_b


def _gradients(model, x, y_true, mistake=None):
    """Backpropagation, optionally with one of the named mistakes (to recognise it)."""
    layers, weights, biases = model
    _, outs, _ = forward_prop(layers, weights, biases, x, cache_mode=True)
    grads_w = [None] * len(weights)
    grads_b = [None] * len(biases)
    errors = [p - t for p, t in zip(outs[-1], y_true)]
    for l in range(len(weights) - 1, -1, -1):
        output_layer = l == len(weights) - 1
        inputs = outs[l]
        deltas = [e if output_layer else e * o * (1 - o) for e, o in zip(errors, outs[l + 1])]
        grads_b[l] = deltas
        grads_w[l] = [[d * xi for xi in inputs] for d in deltas]
        back = [0.0] * len(inputs)
        for j, d in enumerate(deltas):
            for i in range(len(inputs)):
                w = weights[l][i][j] if mistake == "swapped i and j" else weights[l][j][i]
                if mistake == "forgot the sum over edges":
                    back[i] = d * w
                else:
                    back[i] += d * w
        errors = back
    return grads_w, grads_b


def _flat(grads):
    grads_w, grads_b = grads
    return [v for layer in grads_w for row in layer for v in row] + [v for layer in grads_b for v in layer]


def _close(a, b) -> bool:
    try:
        fa, fb = _flat(a), _flat(b)
    except TypeError:
        return False
    return len(fa) == len(fb) and all(
        isinstance(p, (int, float)) and math.isclose(p, q, rel_tol=TOLERANCE, abs_tol=TOLERANCE) for p, q in zip(fa, fb)
    )


def _shape_problem(grads, model) -> str | None:
    layers, weights, biases = model
    try:
        grads_w, grads_b = grads
        if [[len(row) for row in layer] for layer in grads_w] != [[len(row) for row in layer] for layer in weights]:
            return "grads_w must be shaped like weights: grads_w[l][j][i] for weights[l][j][i]"
        if [len(layer) for layer in grads_b] != [len(layer) for layer in biases]:
            return "grads_b must be shaped like biases: grads_b[l][j] for biases[l][j]"
    except (TypeError, ValueError):
        return "back_prop must return two lists, (grads_w, grads_b), shaped like weights and biases"
    return None


def _first_difference(got, want) -> str:
    for name, g_layers, w_layers in (("grads_w", got[0], want[0]), ("grads_b", got[1], want[1])):
        for l, (g_layer, w_layer) in enumerate(zip(g_layers, w_layers)):
            pairs = ([((j, i), gv, wv) for j, (g_row, w_row) in enumerate(zip(g_layer, w_layer))
                      for i, (gv, wv) in enumerate(zip(g_row, w_row))] if name == "grads_w"
                     else [((j,), gv, wv) for j, (gv, wv) in enumerate(zip(g_layer, w_layer))])
            for index, gv, wv in pairs:
                if not math.isclose(gv, wv, rel_tol=TOLERANCE, abs_tol=TOLERANCE):
                    where = "".join(f"[{k}]" for k in (l, *index))
                    layer_kind = "the output layer" if l == len(g_layers) - 1 else "a hidden layer"
                    return f"{name}{where} (in {layer_kind}) is {gv:.6f}; finite differences give {wv:.6f}"
    return "the gradients differ from finite differences"


def check(session: dict) -> tuple[bool, str]:
    """``(passed, message)`` for the ``back_prop`` defined in the reader's session."""
    back_prop = session.get("back_prop")
    if not callable(back_prop):
        return False, "define a function back_prop(layers, weights, biases, y_true, cached_outs, cached_sums)"
    rng = random.Random(14)
    for layers in SHAPES:
        weights = [[[rng.uniform(-1, 1) for _ in range(a)] for _ in range(b)] for a, b in zip(layers, layers[1:])]
        biases = [[rng.uniform(-0.5, 0.5) for _ in range(b)] for b in layers[1:]]
        model = (layers, weights, biases)
        x = [rng.uniform(-1, 1) for _ in range(layers[0])]
        y_true = [rng.uniform(-1, 1) for _ in range(layers[-1])]
        _, cached_outs, cached_sums = forward_prop(*model, x, cache_mode=True)
        want = finite_differences(model, x, y_true)
        name = "-".join(map(str, layers))
        try:
            got = back_prop(*copy.deepcopy(model), list(y_true), copy.deepcopy(cached_outs), copy.deepcopy(cached_sums))
        except IndexError as error:
            square = len(set(layers)) == 1
            hint = "" if square else f" The square networks passed, so probably {HINTS['swapped i and j']}."
            return False, f"on a {name} network back_prop raised IndexError: {error}.{hint}"
        except Exception as error:
            return False, f"on a {name} network back_prop raised {type(error).__name__}: {error}"
        problem = _shape_problem(got, model)
        if problem:
            return False, f"on a {name} network: {problem}"
        if _close(got, want):
            continue
        for mistake, hint in HINTS.items():
            if _close(got, _gradients(model, x, y_true, mistake)):
                return False, f"on a {name} network the gradients are off: {hint}."
        return False, f"on a {name} network {_first_difference(got, want)}."
    return True, (f"your back_prop agrees with finite differences on {len(SHAPES)} random networks "
                  f"({', '.join('-'.join(map(str, s)) for s in SHAPES)}).")

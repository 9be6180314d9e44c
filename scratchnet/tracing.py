"""Record one training step as plain data, and print it as a trace table.

``forward_prop``, ``back_prop`` and ``update_params`` accept ``trace=callback``: each
calls the callback with a dict per node and step. Passing ``events.append`` records
the same numbers the real code computes, from the real code: nothing here
recomputes them. With ``trace=None`` (the default) the hooks cost one comparison
per node.

Events, in order:

- ``{"phase": "forward", "section": "forward_prop", "layer", "node", "x", "w", "b", "sum", "out"}``
  per node, layer 1 first;
- per layer, output layer first: ``{"phase": "backward", "section": "step1", "layer", "node": 0,
  "back_error"}`` once, then per node ``step2`` (``sum``, ``active_der``), ``step3``
  (``sum_der_w``, ``sum_der_b``, ``sum_der_x``) and ``step4`` (``back_error`` of this node,
  ``delta``, ``grad_b``, ``grads_w``, ``grads_x``: this node's contribution per input,
  ``layer_grads_x``: the running sums after adding it);
- ``{"phase": "update", "section": "update_params", "layer", "node", "lr", "w", "grads_w",
  "new_w", "b", "grad_b", "new_b"}`` per node.

Layers are numbered as in the course: the input layer is 0.
"""

from __future__ import annotations

from typing import Callable

from .backward import back_prop
from .forward import forward_prop
from .model import Model
from .update import update_params

__all__ = ["record_step", "trace_table"]


def record_step(
    model: "Model", x: list[float], y_true: list[float], lr: float = 0.1, *,
    activations: "list[str] | None" = None, loss: str = "sse", back_prop_fn: "Callable | None" = None,
) -> dict:
    """Run forward, backward and one update on one sample, recording every event.

    Args:
        model: ``(layers, weights, biases)``.
        x: one sample's inputs, length ``layers[0]``.
        y_true: its targets, length ``layers[-1]``.
        lr: the learning rate of the update.
        activations: as in ``forward_prop``.
        loss: as in ``back_prop``.
        back_prop_fn: the backward pass to record, ``back_prop`` by default; for example
            a one-line variant from ``gradcheck.back_prop_variant``, to trace a broken one.

    Returns:
        A dict with ``layers``, ``x``, ``y_true``, ``lr``, ``weights``, ``biases``,
        ``y_pred``, ``cached_outs``, ``cached_sums``, ``grads_w``, ``grads_b``,
        ``new_weights``, ``new_biases`` and ``events`` (the list of event dicts).
    """
    layers, weights, biases = model
    events: list[dict] = []
    y_pred, cached_outs, cached_sums = forward_prop(
        layers, weights, biases, x, cache_mode=True, activations=activations, trace=events.append)
    grads_w, grads_b = (back_prop_fn or back_prop)(
        layers, weights, biases, y_true, cached_outs, cached_sums,
        activations=activations, loss=loss, trace=events.append)
    new_weights, new_biases = update_params(layers, weights, biases, grads_w, grads_b, lr, trace=events.append)
    return {
        "layers": list(layers), "x": list(x), "y_true": list(y_true), "lr": lr,
        "weights": weights, "biases": biases, "y_pred": y_pred,
        "cached_outs": cached_outs, "cached_sums": cached_sums,
        "grads_w": grads_w, "grads_b": grads_b,
        "new_weights": new_weights, "new_biases": new_biases,
        "events": events,
    }


def trace_table(step: dict, digits: int = 4) -> str:
    """One row per node: weighted sum, output, error, activation derivative, delta, grad_b, grad_w per edge.

    Args:
        step: what ``record_step`` returned.
        digits: decimals shown.

    Returns:
        The table as text, one line per node, output layer last.
    """
    rows = {}
    for event in step["events"]:
        key = (event["layer"], event["node"])
        if event["phase"] == "forward":
            rows[key] = {"sum": event["sum"], "out": event["out"]}
        elif event["section"] == "step2":
            rows[key]["active_der"] = event["active_der"]
        elif event["section"] == "step4":
            rows[key].update(error=event["back_error"], delta=event["delta"], grad_b=event["grad_b"],
                             grads_w=event["grads_w"])
    header = ["layer", "node", "sum u", "out o", "error", "f'(u)", "delta", "grad_b", "grad_w per edge"]
    lines = []
    for (layer, node), r in sorted(rows.items()):
        lines.append([str(layer), str(node)] + [f"{r[k]:.{digits}f}" for k in
                     ("sum", "out", "error", "active_der", "delta", "grad_b")]
                     + ["[" + ", ".join(f"{g:.{digits}f}" for g in r["grads_w"]) + "]"])
    widths = [max(len(header[c]), *(len(line[c]) for line in lines)) for c in range(len(header))]
    fmt = lambda cells: "  ".join(cell.rjust(w) if c < 8 else cell for c, (cell, w) in enumerate(zip(cells, widths)))
    return "\n".join([fmt(header)] + [fmt(line) for line in lines])

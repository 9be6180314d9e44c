"""Record one training step as plain data, from outside the code that computes it.

``record_step`` runs the plain ``forward_prop``, ``back_prop`` and ``update_params`` on one
sample. None of them has a hook: ``back_prop`` runs under ``sys.settrace``, and each time
one of its marked sections (``step1`` … ``step4``, the snippet markers the chapters
include) has finished, the tracer reads that section's named locals from the frame. The
forward and update events are read from what ``forward_prop`` and ``update_params``
return. Nothing here recomputes a number, and a call outside ``record_step`` is not
traced at all, so it costs nothing.

Events, in order:

- ``{"phase": "forward", "section": "forward_prop", "layer", "node", "activation", "x", "w",
  "b", "sum", "out"}`` per node, layer 1 first;
- per layer, output layer first: ``{"phase": "backward", "section": "step1", "layer",
  "node": 0, "back_error"}`` once, then per node ``step2`` (``sum``, ``active_der``),
  ``step3`` (``sum_der_w``, ``sum_der_b``, ``sum_der_x``) and ``step4`` (``back_error`` of
  this node, ``delta``, ``grad_b``, ``grads_w``, ``grads_x``: this node's share per input,
  ``layer_grads_x``: the layer's input gradients after adding it);
- ``{"phase": "update", "section": "update_params", "layer", "node", "lr", "w", "grads_w",
  "new_w", "b", "grad_b", "new_b"}`` per node.

Layers are numbered as in the course: the input layer is 0.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

from .backward import back_prop
from .forward import forward_prop
from .model import Model, default_activations
from .update import update_params

__all__ = ["MARKER", "record_step", "trace_table", "section_lines"]

Event = dict[str, Any]
MARKER = re.compile(r"^\s*# --8<-- \[(start|end):([\w-]+)\]\s*$")


def _step1(v: dict[str, Any]) -> Event:
    return {"node": 0, "back_error": list(v["back_error"])}


def _step2(v: dict[str, Any]) -> Event:
    return {"node": v["node_i"], "sum": v["node_sum"], "active_der": v["active_der"]}


def _step3(v: dict[str, Any]) -> Event:
    return {"node": v["node_i"], "sum_der_w": list(v["sum_der_w"]), "sum_der_b": v["sum_der_b"],
            "sum_der_x": list(v["sum_der_x"])}


def _step4(v: dict[str, Any]) -> Event:
    return {"node": v["node_i"], "back_error": v["back_error"][v["node_i"]], "delta": v["delta"],
            "grad_b": v["grad_b"], "grads_w": list(v["node_grads_w"]), "grads_x": list(v["node_grads_x"]),
            "layer_grads_x": list(v["layer_grads_x"])}


#: The sections of ``back_prop`` that become events, and what each reads from its locals.
SECTIONS: dict[str, Callable[[dict[str, Any]], Event]] = {
    "step1": _step1, "step2": _step2, "step3": _step3, "step4": _step4,
}


def section_lines(func: Callable[..., Any]) -> dict[str, list[int]]:
    """File line numbers of the non-blank lines inside each ``--8<-- [start:NAME]`` … ``[end:NAME]`` of ``func``."""
    source, first = inspect.getsourcelines(inspect.unwrap(func))
    sections: dict[str, list[int]] = {}
    open_names: list[str] = []
    for n, line in enumerate(source):
        found = MARKER.match(line)
        if found:
            kind, name = found.groups()
            if kind == "start":
                open_names.append(name)
                sections[name] = []
            else:
                open_names.remove(name)
        elif line.strip():
            for name in open_names:
                sections[name].append(first + n)
    return sections


def _backward_events(back_prop_fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
                     events: list[Event]) -> Any:
    """Call ``back_prop_fn(*args, **kwargs)`` under ``sys.settrace``, appending one event per finished section."""
    code = inspect.unwrap(back_prop_fn).__code__
    where = {n: name for name, numbers in section_lines(back_prop_fn).items() if name in SECTIONS
             for n in numbers}

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        now = where.get(frame.f_lineno) if event == "line" else None
        before = current.get(id(frame))
        if before is not None and now != before:
            values = frame.f_locals
            events.append({"phase": "backward", "section": before, "layer": values["layer_i"],
                           **SECTIONS[before](values)})
        current[id(frame)] = now
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code is code else None

    current: dict[int, str | None] = {}
    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        return back_prop_fn(*args, **kwargs)
    finally:
        sys.settrace(previous)


def record_step(
    model: Model, x: list[float], y_true: list[float], lr: float = 0.1, *,
    activations: list[str] | None = None, loss: str = "sse",
    back_prop_fn: Callable[..., Any] | None = None,
) -> dict[str, Any]:
    """Run forward, backward and one update on one sample, recording every event.

    Args:
        model: ``(layers, weights, biases)``.
        x: one sample's inputs, length ``layers[0]``.
        y_true: its targets, length ``layers[-1]``.
        lr: the learning rate of the update.
        activations: as in ``forward_prop``.
        loss: as in ``back_prop``.
        back_prop_fn: the backward pass to record, ``back_prop`` by default; for example
            ``variants.variant(back_prop, old, new)``, to trace a broken one.

    Returns:
        A dict with ``layers``, ``x``, ``y_true``, ``lr``, ``weights``, ``biases``,
            ``y_pred``, ``cached_outs``, ``cached_sums``, ``grads_w``, ``grads_b``,
            ``new_weights``, ``new_biases`` and ``events`` (the list of event dicts).
    """
    layers, weights, biases = model
    names = activations or default_activations(layers)
    y_pred, cached_outs, cached_sums = forward_prop(
        layers, weights, biases, x, cache_mode=True, activations=activations)
    events: list[Event] = [
        {"phase": "forward", "section": "forward_prop", "layer": l, "node": j, "activation": names[l - 1],
         "x": list(cached_outs[l - 1]), "w": list(weights[l - 1][j]), "b": biases[l - 1][j],
         "sum": cached_sums[l - 1][j], "out": cached_outs[l][j]}
        for l in range(1, len(layers)) for j in range(layers[l])]
    grads_w, grads_b = _backward_events(
        back_prop_fn or back_prop, (layers, weights, biases, y_true, cached_outs, cached_sums),
        {"activations": activations, "loss": loss}, events)
    new_weights, new_biases = update_params(layers, weights, biases, grads_w, grads_b, lr)
    events += [
        {"phase": "update", "section": "update_params", "layer": l + 1, "node": j, "lr": lr,
         "w": list(weights[l][j]), "grads_w": list(grads_w[l][j]), "new_w": list(new_weights[l][j]),
         "b": biases[l][j], "grad_b": grads_b[l][j], "new_b": new_biases[l][j]}
        for l in range(len(weights)) for j in range(len(weights[l]))]
    return {
        "layers": list(layers), "x": list(x), "y_true": list(y_true), "lr": lr,
        "weights": weights, "biases": biases, "y_pred": y_pred,
        "cached_outs": cached_outs, "cached_sums": cached_sums,
        "grads_w": grads_w, "grads_b": grads_b,
        "new_weights": new_weights, "new_biases": new_biases,
        "events": events,
    }


def trace_table(step: dict[str, Any], digits: int = 4) -> str:
    """One row per node: weighted sum, output, error, activation derivative, delta, grad_b, grad_w per edge.

    Args:
        step: what ``record_step`` returned.
        digits: decimals shown.

    Returns:
        The table as text, one line per node, output layer last.
    """
    rows: dict[tuple[int, int], dict[str, Any]] = {}
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

    def fmt(cells: list[str]) -> str:
        return "  ".join(cell.rjust(w) if c < 8 else cell for c, (cell, w) in enumerate(zip(cells, widths)))
    return "\n".join([fmt(header)] + [fmt(line) for line in lines])

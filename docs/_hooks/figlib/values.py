"""Read one ``record_step`` run into per-node values: the numbers every diagram prints.

Nothing is recomputed: each value is taken from the events the real ``forward_prop``,
``back_prop`` and ``update_params`` emitted (see ``scratchnet.tracing``).
"""

from __future__ import annotations


def node_values(step: dict) -> dict:
    """``{(layer, node): {...}}`` for every node after the input layer, plus ``"inputs"``.

    Per node: ``activation``, ``x`` (its inputs), ``w``, ``b``, ``sum``, ``out``; after
    the backward pass ``active_der``, ``sum_der_w``, ``sum_der_b``, ``sum_der_x``, ``error``,
    ``delta``, ``grad_b``, ``grads_w``, ``grads_x`` (this node's contribution to each input's
    gradient) and
    ``running_x`` (the layer's running sums after adding it); after the update
    ``new_w``, ``new_b``, ``lr``.
    """
    nodes: dict = {}
    input_grads = None
    for event in step["events"]:
        key = (event["layer"], event["node"])
        if event["phase"] == "forward":
            nodes[key] = {k: event[k] for k in ("activation", "x", "w", "b", "sum", "out")}
        elif event["phase"] == "backward":
            if event["section"] == "step3":
                nodes[key].update(sum_der_w=event["sum_der_w"], sum_der_b=event["sum_der_b"],
                                  sum_der_x=event["sum_der_x"])
            elif event["section"] == "step2":
                nodes[key]["active_der"] = event["active_der"]
            elif event["section"] == "step4":
                nodes[key].update(error=event["back_error"], delta=event["delta"], grad_b=event["grad_b"],
                                  grads_w=event["grads_w"], grads_x=event["grads_x"],
                                  running_x=event["layer_grads_x"])
                if event["layer"] == 1:
                    input_grads = event["layer_grads_x"]     # the last node's running sums are the totals
        elif event["phase"] == "update":
            nodes[key].update(new_w=event["new_w"], new_b=event["new_b"], lr=event["lr"])
    return {"nodes": nodes, "inputs": list(step["x"]), "input_grads": input_grads,
            "layers": list(step["layers"]), "y_true": list(step["y_true"])}

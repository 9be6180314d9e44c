"""scratchnet.tracing: one step recorded from the real code, and its trace table."""

from scratchnet import back_prop, example_c, forward_prop, init_model, update_params
from scratchnet.tracing import record_step, trace_table


def test_record_step_holds_the_real_results_and_one_event_per_loop_turn():
    layers, weights, biases = model = init_model([2, 3, 2], seed=5)
    x, y = [0.4, -0.7], [1.0, 0.0]
    step = record_step(model, x, y, lr=0.1)
    _, outs, sums = forward_prop(*model, x, cache_mode=True)
    grads_w, grads_b = back_prop(*model, y, outs, sums)
    assert (step["grads_w"], step["grads_b"]) == (grads_w, grads_b)
    assert (step["new_weights"], step["new_biases"]) == update_params(*model, grads_w, grads_b, 0.1)
    nodes = sum(layers[1:])
    count = {}
    for event in step["events"]:
        count[event["phase"]] = count.get(event["phase"], 0) + 1
    assert count == {"forward": nodes, "backward": (len(layers) - 1) + 3 * nodes, "update": nodes}


def test_trace_table_rows_show_the_recorded_deltas():
    c = example_c()
    step = record_step(c["model"], c["x"], c["y_true"])
    rows = trace_table(step).splitlines()
    assert rows[0].split()[:2] == ["layer", "node"] and len(rows) == 1 + sum(c["model"][0][1:])
    _, outs, sums = forward_prop(*c["model"], c["x"], cache_mode=True)
    _, grads_b = back_prop(*c["model"], c["y_true"], outs, sums)
    for row in rows[1:]:
        layer, node, *_, delta, grad_b = row.split("[")[0].split()
        assert delta == f"{grads_b[int(layer) - 1][int(node)]:.4f}" == grad_b

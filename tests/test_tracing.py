"""scratchnet.tracing: one step recorded from the real code, and its trace table."""

import sys

from scratchnet import back_prop, example_b, example_c, forward_prop, init_model, update_params
from scratchnet.tracing import record_step, section_lines, trace_table
from scratchnet.variants import FORGOT_THE_SUM, variant


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


def test_the_recorded_step_has_one_forward_event_per_node():
    b = example_b()
    step = record_step(b["model"], b["x"], [0.0])
    events = [e for e in step["events"] if e["phase"] == "forward"]
    assert [e["out"] for e in events] == [o for outs in step["cached_outs"][1:] for o in outs]
    assert [(e["layer"], e["node"]) for e in events] == [(1, 0), (1, 1), (1, 2), (2, 0), (2, 1), (3, 0)]
    assert all(e["phase"] == "forward" for e in events)


def test_the_recorded_step_has_one_update_event_per_node():
    step = record_step(example_c()["model"], [0.05, 0.1], [0.01, 0.99], lr=0.5)
    events = [e for e in step["events"] if e["phase"] == "update"]
    assert [(e["layer"], e["node"]) for e in events] == [(1, 0), (1, 1), (2, 0), (2, 1)]
    assert [e["new_w"] for e in events] == [row for layer in step["new_weights"] for row in layer]
    assert events[3]["new_b"] == step["new_biases"][1][1] == 0.6 - 0.5 * step["grads_b"][1][1]


def test_backward_events_are_read_at_the_end_of_each_marked_step():
    c = example_c()
    step = record_step(c["model"], c["x"], c["y_true"])
    backward = [(e["section"], e["layer"], e["node"]) for e in step["events"] if e["phase"] == "backward"]
    assert backward == [("step1", 2, 0), ("step2", 2, 0), ("step3", 2, 0), ("step4", 2, 0),
                        ("step2", 2, 1), ("step3", 2, 1), ("step4", 2, 1),
                        ("step1", 1, 0), ("step2", 1, 0), ("step3", 1, 0), ("step4", 1, 0),
                        ("step2", 1, 1), ("step3", 1, 1), ("step4", 1, 1)]
    step4 = [e for e in step["events"] if e["section"] == "step4"]
    for event in step4:         # the three kinds of gradient of one node, as the kernel computed them
        assert event["grads_w"] == [event["delta"] * x for x in step["cached_outs"][event["layer"] - 1]]
        assert event["grad_b"] == step["grads_b"][event["layer"] - 1][event["node"]]
    # the running sum over edges: after the last node of a layer it is what flows back
    assert step4[1]["layer_grads_x"] == [a + b for a, b in zip(step4[0]["grads_x"], step4[1]["grads_x"])]
    hidden_step1 = next(e for e in step["events"] if e["section"] == "step1" and e["layer"] == 1)
    assert hidden_step1["back_error"] == step4[1]["layer_grads_x"]


def test_a_broken_variant_is_traced_from_its_own_source():
    c = example_c()
    step = record_step(c["model"], c["x"], c["y_true"], back_prop_fn=variant(back_prop, *FORGOT_THE_SUM))
    step4 = [e for e in step["events"] if e["section"] == "step4" and e["layer"] == 2]
    assert step4[1]["layer_grads_x"] == step4[1]["grads_x"]          # overwritten, not summed


def test_section_lines_are_the_lines_between_the_markers():
    sections = section_lines(back_prop)
    assert list(sections) == ["step1", "step2", "step3", "step4"]
    assert sections["step1"][-1] < sections["step2"][0] < sections["step3"][0] < sections["step4"][0]
    plain = back_prop.__wrapped__
    lines = open(plain.__code__.co_filename, encoding="utf-8").read().split("\n")
    assert [lines[n - 1].strip() for n in sections["step2"]] == [
        "# Step 2: the activation derivative at the node's sum, do/du.", "active_der = active_der_of(node_sum)"]


def test_tracing_is_off_outside_record_step_and_restores_a_tracer_in_place():
    seen = []

    def tracer(frame, event, arg):
        seen.append(frame.f_code.co_name)
        return None

    sys.settrace(tracer)
    try:
        c = example_c()
        record_step(c["model"], c["x"], c["y_true"])
        assert sys.gettrace() is tracer
    finally:
        sys.settrace(None)
    assert sys.gettrace() is None

"""MkDocs hook: tables computed during the build, never typed by hand.

Two markers, each a line of its own in any page, are replaced in ``on_page_markdown``:

* ``<!-- crosscheck-table -->`` ("Checking your gradients"): the PyTorch cross-check,
  computed now by ``tests/crosscheck.py`` (scratchnet's ``back_prop`` against
  ``torch.autograd`` in float64), with torch's version. When torch is not installed the
  marker becomes a note saying so: the page never shows numbers it did not just compute.
* ``<!-- benchmark-table -->``, ``<!-- benchmark-boundary -->`` and ``<!-- benchmark-breakdown -->``
  ("How fast is plain Python?"): the results of ``python benchmarks/bench.py``, read from
  ``benchmarks/results.json`` (the timings, the goals, the cost of the checks at the boundary,
  the calls per sample), with the machine, its load and the Python version they were measured on.

Both are timed and logged (``mkdocs build`` prints the seconds at INFO level). A cross-check
difference above the tests' tolerance, or an unreadable results file, is a warning, so
``mkdocs build --strict`` fails.

Each table is an artifact of ``buildcache``: computed again only when a file its code
refers to (``tests/crosscheck.py``, ``scratchnet/``, ``benchmarks/results.json``, this
file) or the version of PyTorch has changed. A table whose computation warned is never
cached. The markers are replaced by a fresh copy of this file (``buildcache.fresh``), so an
edit to it shows in ``mkdocs serve`` too.
"""

from __future__ import annotations

import json
import logging
import math
import sys
import time
from pathlib import Path

if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
import buildcache  # noqa: E402  (docs/_hooks/buildcache.py)

log = logging.getLogger("mkdocs.hooks.crosscheck")

ROOT = Path(__file__).resolve().parent.parent.parent     # docs/_hooks/ -> the repository
CROSSCHECK = ROOT / "tests" / "crosscheck.py"
RESULTS = ROOT / "benchmarks" / "results.json"

CROSSCHECK_MARKER = "<!-- crosscheck-table -->"
BENCHMARK_MARKER = "<!-- benchmark-table -->"
BOUNDARY_MARKER = "<!-- benchmark-boundary -->"
BREAKDOWN_MARKER = "<!-- benchmark-breakdown -->"
BENCHMARK_MARKERS = {BENCHMARK_MARKER, BOUNDARY_MARKER, BREAKDOWN_MARKER}


def _crosscheck_module():
    """``tests/crosscheck.py`` as it is now, loaded from its path (``tests`` need not be importable)."""
    return buildcache.fresh("scratchnet_docs_crosscheck", CROSSCHECK)


def crosscheck_markdown() -> str:
    """The cross-check table as Markdown, or a note when PyTorch is missing."""
    started = time.perf_counter()
    try:
        import torch
    except ImportError:
        log.info("crosscheck: PyTorch is not installed; the page says so instead of showing a table")
        return (
            '!!! warning "The cross-check table could not be computed"\n\n'
            "    PyTorch is not installed where this site was built, so the comparison with "
            "`torch.autograd` was not run\n    and no numbers are shown (old ones would be stale). "
            "Install the `crosscheck` extra\n    (`pip install -e \".[crosscheck]\"`) and build again.\n"
        )
    imported = time.perf_counter()
    module = _crosscheck_module()
    rows = module.crosscheck_rows()
    log.info(f"crosscheck: {len(rows)} cases in {time.perf_counter() - imported:.2f} s "
             f"(importing torch took {imported - started:.2f} s)")
    worst = max(row["max_abs_diff"] for row in rows)
    lines = [
        f"Computed while this site was built, with PyTorch {torch.__version__} in float64: for each network, "
        f"activation and loss, the same random weights and {module.SAMPLES} random samples went through "
        "scratchnet's `back_prop` and through `torch.autograd`. The last column is the largest difference "
        "between any two matching gradients; the column before it, the largest gradient, shows that the "
        "numbers compared are not all zero.",
        "",
        "| network | activations | loss | largest \\|gradient\\| | max \\|difference\\| |",
        "|---|---|---|--:|--:|",
    ]
    for row in rows:
        lines.append(f"| {row['network']} | {', '.join(row['activations'])} | {row['loss']} | "
                     f"{row['max_abs_gradient']:.3f} | {row['max_abs_diff']:.1e} |")
    lines.append("")
    if worst > module.TOLERANCE:
        log.warning(f"crosscheck: scratchnet and PyTorch differ by {worst:.3g}, more than {module.TOLERANCE:g}")
        lines.append(f'!!! danger "scratchnet and PyTorch disagree"\n\n    The largest difference, {worst:.1e}, '
                     f"is above the tests' tolerance of {module.TOLERANCE:.0e}.\n")
    else:
        lines.append(f"Every difference is at most {worst:.1e}, within the tests' tolerance of "
                     f"{module.TOLERANCE:.0e}: a few units in the last place of a float64.")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------- benchmark

#: How each implementation is named in the tables, in column order.
IMPLEMENTATIONS = {
    "scratchnet": "scratchnet",
    "kernel": "plain kernel",
    "fused": "fused loop",
    "numpy": "NumPy",
    "micrograd": "micrograd",
    "torch": "PyTorch",
}
ACTIVATION_TITLES = {
    "sigmoid": "Sigmoid hidden layers (the series' default)",
    "relu": "ReLU hidden layers (the only activation micrograd has)",
}
#: How the activation settings are written in prose and tables.
ACTIVATION_NAMES = {"sigmoid": "sigmoid", "relu": "ReLU"}


def _load_results():
    if not RESULTS.exists():
        return None
    try:
        return json.loads(RESULTS.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        log.warning(f"crosscheck: cannot read {RESULTS.relative_to(ROOT)}: {error}")
        return None


def _no_results() -> str:
    return ('!!! note "No benchmark results yet"\n\n'
            "    `benchmarks/results.json` is missing. Run `python benchmarks/bench.py` and build again.\n")


def _us(value: float) -> str:
    """Microseconds, with about three significant digits (a difference may be below zero)."""
    sign = "\u2212" if value < 0 else ""      # a minus sign, not a hyphen
    size = abs(value)
    if size >= 1000:
        return f"{sign}{size:,.0f}\u00a0µs"
    if size >= 100:
        return f"{sign}{size:.0f}\u00a0µs"
    return f"{sign}{size:.1f}\u00a0µs"


def _times(value: float) -> str:
    return f"{value:.2f}×" if value < 10 else f"{value:.1f}×"


def _machine_sentence(results) -> str:
    m, v, s = results["machine"], results["versions"], results["settings"]
    others = [f"NumPy {v['numpy']}" if v.get("numpy") else "NumPy not installed",
              f"micrograd {v['micrograd']}" if v.get("micrograd") else "micrograd not installed",
              (f"PyTorch {v['torch']} ({s['torch_threads']} thread{'s' if s['torch_threads'] != 1 else ''})"
               if v.get("torch") else "PyTorch not installed")]
    load = ""
    if m.get("load_average_before") is not None:
        load = (f" The machine was shared: its load average (how many programs wanted a processor, over the "
                f"last minute) was {m['load_average_before']:g} when the run started and "
                f"{m['load_average_after']:g} when it ended, on {m['cpu_count']} processors.")
    return (f"Measured by `python benchmarks/bench.py{' --quick' if s.get('quick') else ''}` on {m['date']}: "
            f"{m['cpu']}, {m['cpu_count']} CPUs, {m['platform']}; {m['python_implementation']} {m['python']}; "
            f"{', '.join(others)}. Medians over {_rounds(results)}, timed by the process's CPU time, with the "
            f"garbage collector {'on' if s['gc_enabled'] else 'off'}.{load}")


def _rounds(results) -> str:
    """"21 interleaved rounds (9 on 2-16-16-1)": the rounds of most networks, and the exceptions."""
    counts = {n["network"]: n.get("rounds", results["settings"]["rounds"]) for n in results["networks"]}
    usual = max(set(counts.values()), key=list(counts.values()).count)
    others = [f"{rounds} on {network}" for network, rounds in counts.items() if rounds != usual]
    return f"{usual} interleaved rounds" + (f" ({', '.join(others)})" if others else "")


def workload_call(settings) -> str:
    """The timed call, as a reader would type it."""
    return (f"train(model, x, y, batch_size={settings['batch_size']}, epochs={settings['epochs_per_call']}, "
            f"lr={settings['learning_rate']}, verbose=0, seed=k)")


def _workload_sentence(results) -> str:
    s = results["settings"]
    samples = s["samples"] * s["epochs_per_call"]
    return (f"The timed job is one call of `{workload_call(s)}` on {s['samples']} samples: "
            f"{s['epochs_per_call']} epochs of {math.ceil(s['samples'] / s['batch_size'])} mini-batches, "
            f"{samples:,} samples gone through in all. Each implementation does the same job on the same "
            "batches, and the next call carries on from the weights the last one left.")


def _row(net, impl, activation):
    return next((r for r in net["results"] if r["implementation"] == impl and r["activation"] == activation), None)


def benchmark_markdown(results) -> str:
    """Machine and workload, one table per activation setting, the check of the results, and the goals."""
    if results is None:
        return _no_results()
    networks = results["networks"]
    lines = [_machine_sentence(results), "", _workload_sentence(results), ""]
    if results["settings"].get("quick"):
        lines += ['!!! note "A quick run"\n\n    These numbers come from a short run (`--quick`): '
                  "fewer rounds, so they are rougher than a full run's.\n"]
    for activation, title in ACTIVATION_TITLES.items():
        present = [impl for impl in IMPLEMENTATIONS if any(_row(n, impl, activation) for n in networks)]
        lines += [f"**{title}.** Time per sample (a call's time divided by the samples it went through), "
                  "and in brackets the call's time divided by scratchnet's in the same round:", ""]
        lines += ['<div class="bench-table" markdown>', ""]    # narrower columns (scratchnet.css)
        lines.append("| network | " + " | ".join(IMPLEMENTATIONS[impl] for impl in present) + " |")
        lines.append("|---|" + "--:|" * len(present))
        for net in networks:
            cells = []
            for impl in present:
                row = _row(net, impl, activation)
                if row is None:
                    cells.append("—")
                elif impl == "scratchnet":
                    cells.append(_us(row["us_per_sample"]))
                else:
                    cells.append(f"{_us(row['us_per_sample'])} ({_times(row['ratio'])})")
            lines.append(f"| {net['network']} | " + " | ".join(cells) + " |")
        lines += ["", "</div>", ""]
    exact = sorted({IMPLEMENTATIONS[r["implementation"]] for n in networks for r in n["results"]
                    if r["implementation"] != "scratchnet" and r["final_max_diff"] == 0.0},
                   key=list(IMPLEMENTATIONS.values()).index)
    close = [r for n in networks for r in n["results"] if r["final_max_diff"] != 0.0]
    calls = ", ".join(f"{n['calls_in_total']} on {n['network']}" for n in networks)
    same = []
    if exact:
        same.append(f"the {' and the '.join(name + chr(39) + 's' for name in exact)} were equal to the last bit")
    if close:
        same.append(f"{'the others' if exact else 'all'} differed by at most "
                    f"{max(r['final_max_diff'] for r in close):.1e}")
    lines += [f"Every implementation started from the same weights and made the same calls ({calls}). "
              "At the end every weight and every epoch's loss was compared with scratchnet's: "
              + "; ".join(same) + ". They all compute the same thing.", ""]
    lines += _targets_markdown(results)
    return "\n".join(lines) + "\n"


def _goal_text(t) -> str:
    if t["kind"] == "faster":
        return f"`train` at least {t['goal']:g}× faster than {IMPLEMENTATIONS[t['versus']]}"
    return f"`train` within {t['goal']:g}× of the {IMPLEMENTATIONS[t['versus']]}'s time"


def _targets_markdown(results) -> list[str]:
    if not results.get("targets"):
        return []
    lines = ["The goals set for `train`, measured in this run. Against micrograd the measure is micrograd's time "
             "divided by scratchnet's, against the fused loop scratchnet's time divided by the fused loop's; each "
             "is the median of the rounds, with the middle half of the rounds in brackets. The plain kernel's "
             "column takes the same measure for the kernel alone, in the same rounds:", "",
             '<div class="bench-table" markdown>', "",
             "| goal | network | hidden layers | measured | plain kernel alone | met? |", "|---|---|---|---|---|---|"]
    notes = []
    for t in results["targets"]:
        activation = ACTIVATION_NAMES.get(t["activation"], t["activation"])
        if t["measured"] is None:
            lines.append(f"| {_goal_text(t)} | {t['network']} | {activation} | not measured | — | — |")
            continue
        low, high = t.get("middle_half") or (t["measured"], t["measured"])
        kernel = "—" if t.get("kernel_measured") is None else _times(t["kernel_measured"])
        met = ("yes" if t["met"] else
               f"**no**, by {100 * (t['to_goal'] - 1):.0f}\u00a0%: `train` would have to run "
               f"{_times(t['to_goal'])} as fast")
        lines.append(f"| {_goal_text(t)} | {t['network']} | {activation} | {_times(t['measured'])} "
                     f"({_times(low)}–{_times(high)}) | {kernel} | {met} |")
        if t.get("note"):
            notes.append(f"- {_goal_text(t)} on {t['network']}: {t['note']}")
    lines += ["", "</div>", ""]
    if notes:
        lines += ["Why the goals the run missed were missed, as the benchmark worked it out from the same rounds:",
                  "", *notes, ""]
    return lines


def boundary_markdown(results) -> str:
    """What the checks at the boundary cost: each checked public call against the kernel alone."""
    if results is None:
        return _no_results()
    lines = ['<div class="bench-table" markdown>', "",
             "| network | call | checked | kernel alone | ratio | the checks' cost |", "|---|---|--:|--:|--:|--:|"]
    calls = {}
    for net in results["networks"]:
        for row in net.get("boundary", []):
            label = row.get("label", row["function"])
            calls.setdefault(label, row["call"])
            lines.append(f"| {net['network']} | {label} | {_us(row['checked_us'])} | {_us(row['plain_us'])} "
                         f"| {_times(row['ratio'])} | {_us(row['cost_us'])} |")
    lines += ["", "</div>", "",
              "*Checked* is the public function (`from scratchnet import forward_prop`), *kernel alone* the "
              "plain function it wraps (`forward_prop.__wrapped__`), both called on the same arguments in the "
              "same rounds, with sigmoid hidden layers; the ratio is the median of the rounds' ratios, the cost "
              "the median of the rounds' differences, per call. The calls, on the workload's model and data "
              "(`x` and `y_true` its first sample where one sample is meant):", ""]
    lines += [f"- {label}: `{call}`" for label, call in calls.items()]
    return "\n".join(lines) + "\n"


def breakdown_markdown(results) -> str:
    """The function calls each implementation makes per sample, and micrograd's graph objects."""
    if results is None:
        return _no_results()
    lines = ['<div class="bench-table" markdown>', "",
             "| network | scratchnet | plain kernel | fused loop | micrograd | micrograd's `Value` objects |",
             "|---|--:|--:|--:|--:|--:|"]
    wanted = [("scratchnet", "calls_per_sample"), ("kernel", "calls_per_sample"), ("fused", "calls_per_sample"),
              ("micrograd", "calls_per_sample"), ("micrograd", "values_per_sample")]
    for net in results["networks"]:
        cells = []
        for impl, key in wanted:
            row = _row(net, impl, "relu")
            cells.append("—" if row is None or key not in row else f"{row[key]:,.0f}")
        lines.append(f"| {net['network']} | " + " | ".join(cells) + " |")
    lines += ["", "</div>", "",
              "Per sample, in one epoch of the workload with ReLU hidden layers: the calls counted by `cProfile` "
              "(Python functions and built-ins alike, `len` and `list.append` included), the `Value` objects by "
              "counting micrograd's constructor."]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------- hooks

def _replace_marker(markdown: str, marker: str, make) -> str:
    """Replace every line that is exactly ``marker`` (spaces around it allowed) by ``make()``."""
    lines = markdown.split("\n")
    if not any(line.strip() == marker for line in lines):
        return markdown
    text = None
    out = []
    for line in lines:
        if line.strip() == marker:
            if text is None:
                text = make()
            out.append(text)
        else:
            out.append(line)
    return "\n".join(out)


def on_config(config):
    buildcache.begin_build(config)
    return config


def on_page_markdown(markdown, page, config, files):  # noqa: ARG001 (MkDocs hook signature)
    return buildcache.fresh("scratchnet_hook_crosscheck", __file__).replace_markers(markdown, page)


def replace_markers(markdown, page):
    """The page's markers replaced by their tables, each from the cache unless its inputs changed."""
    started = time.perf_counter()
    markdown = _replace_marker(markdown, CROSSCHECK_MARKER, lambda: buildcache.get(
        "crosscheck table", crosscheck_markdown, roots=lambda: [crosscheck_markdown, _crosscheck_module()]))
    if any(marker in markdown for marker in BENCHMARK_MARKERS):
        for marker, make in ((BENCHMARK_MARKER, benchmark_markdown), (BOUNDARY_MARKER, boundary_markdown),
                             (BREAKDOWN_MARKER, breakdown_markdown)):
            markdown = _replace_marker(markdown, marker, lambda make=make: buildcache.get(
                f"{make.__name__.replace('_markdown', '')} table", lambda: make(_load_results()),
                roots=[make, _load_results]))
        log.info(f"crosscheck: benchmark tables for {page.file.src_uri} in {time.perf_counter() - started:.3f} s")
    return markdown


def on_serve(server, config, builder):  # noqa: ARG001 (MkDocs hook signature)
    """``mkdocs serve`` rebuilds when the benchmark's results or the cross-check's code change."""
    for path in (RESULTS, CROSSCHECK):
        if path.exists():
            server.watch(str(path))
    return server

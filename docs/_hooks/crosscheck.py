"""MkDocs hook: tables computed during the build, never typed by hand.

Two markers, each a line of its own in any page, are replaced in ``on_page_markdown``:

* ``<!-- crosscheck-table -->`` ("Checking your gradients"): the PyTorch cross-check,
  computed now by ``tests/crosscheck.py`` (scratchnet's ``back_prop`` against
  ``torch.autograd`` in float64), with torch's version. When torch is not installed the
  marker becomes a note saying so: the page never shows numbers it did not just compute.
* ``<!-- benchmark-table -->`` and ``<!-- benchmark-breakdown -->`` ("How fast is plain
  Python?"): the results of ``python benchmarks/bench.py``, read from
  ``benchmarks/results.json``, with the machine and Python version they were measured on.

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
BREAKDOWN_MARKER = "<!-- benchmark-breakdown -->"

#: How each implementation is named in the tables, in column order.
IMPLEMENTATIONS = {
    "scratchnet": "scratchnet",
    "unchecked": "without checks",
    "fused": "fused loop",
    "numpy": "NumPy",
    "micrograd": "micrograd",
    "torch": "PyTorch",
}
ACTIVATION_TITLES = {
    "sigmoid": "Sigmoid hidden layers (the course's default)",
    "relu": "ReLU hidden layers (the only activation micrograd has)",
}


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
    """Microseconds, with about three significant digits."""
    if value >= 1000:
        return f"{value:,.0f}\u00a0µs"
    if value >= 100:
        return f"{value:.0f}\u00a0µs"
    return f"{value:.1f}\u00a0µs"


def _times(value: float) -> str:
    return f"{value:.2f}×" if value < 10 else f"{value:.1f}×"


def _machine_sentence(results) -> str:
    m, v, s = results["machine"], results["versions"], results["settings"]
    others = [f"NumPy {v['numpy']}" if v.get("numpy") else "NumPy not installed",
              f"micrograd {v['micrograd']}" if v.get("micrograd") else "micrograd not installed",
              (f"PyTorch {v['torch']} ({s['torch_threads']} thread{'s' if s['torch_threads'] != 1 else ''})"
               if v.get("torch") else "PyTorch not installed")]
    return (f"Measured by `python benchmarks/bench.py{' --quick' if s.get('quick') else ''}` on {m['date']}: "
            f"{m['cpu']}, {m['cpu_count']} CPUs, {m['platform']}; {m['python_implementation']} {m['python']}; "
            f"{', '.join(others)}. Medians over {_rounds(results)}, with the garbage collector "
            f"{'on' if s['gc_enabled'] else 'off'}.")


def _rounds(results) -> str:
    """"31 interleaved rounds (9 on 64-64-10)": the rounds of most networks, and the exceptions."""
    counts = {n["network"]: n.get("rounds", results["settings"]["rounds"]) for n in results["networks"]}
    usual = max(set(counts.values()), key=list(counts.values()).count)
    others = [f"{rounds} on {network}" for network, rounds in counts.items() if rounds != usual]
    return f"{usual} interleaved rounds" + (f" ({', '.join(others)})" if others else "")


def benchmark_markdown(results) -> str:
    """Machine, one table per activation setting, the check of the final weights, and the targets."""
    if results is None:
        return _no_results()
    networks = results["networks"]
    lines = [_machine_sentence(results), ""]
    if results["settings"].get("quick"):
        lines += ['!!! note "A quick run"\n\n    These numbers come from a short run (`--quick`): '
                  "fewer and shorter rounds, so they are rougher than a full run's.\n"]
    for activation, title in ACTIVATION_TITLES.items():
        present = [impl for impl in IMPLEMENTATIONS
                   if any(r["implementation"] == impl and r["activation"] == activation
                          for n in networks for r in n["results"])]
        lines += [f"**{title}.** Time per training step (forward, backward and update, one sample), "
                  "and in brackets that time divided by scratchnet's in the same round:", ""]
        lines += ['<div class="bench-table" markdown>', ""]    # narrower columns (scratchnet.css)
        lines.append("| network | " + " | ".join(IMPLEMENTATIONS[impl] for impl in present) + " |")
        lines.append("|---|" + "--:|" * len(present))
        for net in networks:
            cells = []
            for impl in present:
                row = next((r for r in net["results"]
                            if r["implementation"] == impl and r["activation"] == activation), None)
                if row is None:
                    cells.append("—")
                elif impl == "scratchnet":
                    cells.append(_us(row["median_us"]))
                else:
                    cells.append(f"{_us(row['median_us'])} ({_times(row['ratio'])})")
            lines.append(f"| {net['network']} | " + " | ".join(cells) + " |")
        lines += ["", "</div>", ""]
    worst = max(r["final_weights_max_diff"] for n in networks for r in n["results"])
    steps = ", ".join(f"{n['steps_in_total']:,} steps on {n['network']}" for n in networks)
    lines += [f"Every implementation started from the same weights and trained on the same samples in the "
              f"same order ({steps}, for each implementation{_block_clause(results)}). At the end, every "
              f"weight agreed with scratchnet's to within {worst:.1e}: they all compute the same thing.", ""]
    lines += _targets_markdown(results)
    return "\n".join(lines) + "\n"


def _block_clause(results) -> str:
    """Why the networks took different numbers of steps: rounds of blocks sized by time."""
    block_ms = results["settings"].get("block_ms")
    if not block_ms:
        return ""
    return (f"; a block of steps is sized to take scratchnet about {block_ms:g} ms, and a network whose "
            "rounds are slow gets fewer of them")


#: How the activation settings are written in prose and tables.
ACTIVATION_NAMES = {"sigmoid": "sigmoid", "relu": "ReLU"}


def _targets_markdown(results) -> list[str]:
    if not results.get("targets"):
        return []
    lines = ["The goals this benchmark was written to check, measured in the same run:", "",
             "| goal | network | hidden layers | measured | met? | without the checks |",
             "|---|---|---|---|---|---|"]

    def measured(t, ratio):
        if ratio is None:
            return "not measured"
        if t["versus"] == "micrograd":
            return f"{_times(ratio)} faster"
        return f"takes {_times(1 / ratio)} the fused loop's time"

    for t in results["targets"]:
        ratio, bare = t["measured_ratio"], t.get("ratio_without_checks")
        met = "—" if ratio is None else "yes" if t["met"] else "**no**"
        if bare is not None:
            bare = measured(t, bare) + (", would meet it" if bare >= t["min_ratio"] else ", would not meet it")
        activation = ACTIVATION_NAMES.get(t["activation"], t["activation"])
        lines.append(f"| {t['goal']} | {t['network']} | {activation} | scratchnet {measured(t, ratio)} "
                     f"| {met} | {bare or '—'} |")
    return lines + [""]


def breakdown_markdown(results) -> str:
    """Where scratchnet's time goes: its three calls, and the function calls each implementation makes."""
    if results is None:
        return _no_results()
    parts_lines = ["| network | `forward_prop` | `back_prop` | `update_params` |", "|---|--:|--:|--:|"]
    calls_lines = ["| network | scratchnet | fused loop | micrograd | micrograd's `Value` objects |",
                   "|---|--:|--:|--:|--:|"]
    for net in results["networks"]:
        parts = net["scratchnet_parts_us"]
        total = sum(parts.values())
        cells = [f"{_us(parts[name])} ({100 * parts[name] / total:.0f}\u00a0%)"
                 for name in ("forward_prop", "back_prop", "update_params")]
        parts_lines.append(f"| {net['network']} | " + " | ".join(cells) + " |")

        def find(impl, activation, key):
            row = next((r for r in net["results"]
                        if r["implementation"] == impl and r["activation"] == activation), None)
            return "—" if row is None or key not in row else f"{row[key]:,}"

        cells = [find("scratchnet", "relu", "calls_per_step"), find("fused", "relu", "calls_per_step"),
                 find("micrograd", "relu", "calls_per_step"), find("micrograd", "relu", "graph_nodes_per_step")]
        calls_lines.append(f"| {net['network']} | " + " | ".join(cells) + " |")
    div, end = ['<div class="bench-table" markdown>', ""], ["", "</div>"]
    lines = div + parts_lines + end
    lines += ["", "The three calls are timed on their own, with sigmoid hidden layers; the percentages are "
                  "shares of their sum. Timed apart, they do not add up exactly to the step's time in the "
                  "tables above.", ""]
    lines += div + calls_lines + end
    lines += ["", "The calls are counted by `cProfile` in one ReLU step (Python functions and built-ins alike, "
                  "`len` and `list.append` included), the `Value` objects by counting micrograd's constructor."]
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
    if BENCHMARK_MARKER in markdown or BREAKDOWN_MARKER in markdown:
        for marker, make in ((BENCHMARK_MARKER, benchmark_markdown), (BREAKDOWN_MARKER, breakdown_markdown)):
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

"""The build hook ``docs/_hooks/crosscheck.py``: its markers become tables, or honest notes.

* ``<!-- crosscheck-table -->`` becomes the PyTorch cross-check table when torch is
  installed, and a note (never old numbers) when it is not;
* ``<!-- benchmark-table -->``, ``<!-- benchmark-boundary -->`` and ``<!-- benchmark-breakdown -->``
  become tables built from ``benchmarks/results.json``, or a note when there are no results.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def hook(monkeypatch):
    """The hook module, with the build cache off: these tests are about what it computes."""
    monkeypatch.setenv("SCRATCHNET_NO_CACHE", "1")
    spec = importlib.util.spec_from_file_location("crosscheck_hook_under_test",
                                                  ROOT / "docs" / "_hooks" / "crosscheck.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _File:
    src_uri = "page.md"


class _Page:
    file = _File()


PAGE = "# A page\n\nBefore.\n\n{marker}\n\nAfter.\n"


def render(hook, marker):
    """What the hook makes of a page with ``marker``: ``replace_markers`` is what ``on_page_markdown``
    runs (in a fresh copy of the hook file), here called on this module so tests can patch it."""
    return hook.replace_markers(PAGE.format(marker=marker), _Page())


def test_without_torch_the_page_says_so(hook, monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)     # import torch now raises ImportError
    out = render(hook, hook.CROSSCHECK_MARKER)
    assert hook.CROSSCHECK_MARKER not in out
    assert '!!! warning "The cross-check table could not be computed"' in out
    assert "PyTorch is not installed" in out
    assert "e-1" not in out and "|" not in out          # no numbers, no table
    assert out.startswith("# A page\n\nBefore.") and out.endswith("After.\n")


def test_with_torch_the_table_is_computed(hook):
    torch = pytest.importorskip("torch", reason="PyTorch is not installed: install the crosscheck extra")
    out = render(hook, hook.CROSSCHECK_MARKER)
    assert f"PyTorch {torch.__version__}" in out
    rows = [line for line in out.splitlines() if line.startswith("| ") and not line.startswith("| network")]
    assert len(rows) == len(list(hook._crosscheck_module().cases()))
    for row in rows:
        difference = float(row.rstrip(" |").rsplit("|", 1)[1])    # the last column, e.g. 2.2e-16
        assert difference <= 1e-12


def test_pages_without_markers_are_unchanged(hook):
    text = "# Title\n\nNo marker here, not even <!-- crosscheck-table --> inside a line.\n"
    assert hook.on_page_markdown(text, _Page(), {}, None) == text


def test_no_results_file_gives_a_note(hook, monkeypatch, tmp_path):
    monkeypatch.setattr(hook, "RESULTS", tmp_path / "missing.json")
    out = render(hook, "\n\n".join([hook.BENCHMARK_MARKER, hook.BOUNDARY_MARKER, hook.BREAKDOWN_MARKER]))
    assert out.count('!!! note "No benchmark results yet"') == 3


def fake_results():
    def row(impl, activation, us, ratio, diff=0.0):
        return {"implementation": impl, "activation": activation, "median_ms_per_call": us * 1.2,
                "us_per_sample": us, "ratio": ratio, "ratios": [ratio], "final_max_diff": diff,
                **({"calls_per_sample": 100} if impl in ("scratchnet", "kernel", "fused", "micrograd") else {}),
                **({"values_per_sample": 34} if impl == "micrograd" else {})}

    network = {
        "network": "2-3-1", "layers": [2, 3, 1], "rounds": 5, "calls_per_block": 1, "calls_in_total": 6,
        "results": [row("scratchnet", "sigmoid", 40.0, 1.0), row("kernel", "sigmoid", 38.0, 0.95),
                    row("fused", "sigmoid", 8.0, 0.2),
                    row("scratchnet", "relu", 38.0, 1.0), row("micrograd", "relu", 190.0, 5.0, 3e-16)],
        "boundary": [{"function": "forward_prop", "label": "forward_prop",
                      "call": "forward_prop(*model, x, cache_mode=True)",
                      "checked_us": 30.0, "plain_us": 3.0, "ratio": 10.0, "cost_us": 27.0, "calls_per_block": 9},
                     {"function": "train", "label": "train, 1 epoch", "call": "train(model, x, y, epochs=1)",
                      "checked_us": 2000.0, "plain_us": 1500.0, "ratio": 1.3, "cost_us": 480.0,
                      "calls_per_block": 2}],
    }
    return {
        "machine": {"platform": "Linux-test", "cpu": "Test CPU", "cpu_count": 2, "python": "3.11.7",
                    "python_implementation": "CPython", "date": "2026-01-01 00:00 UTC",
                    "load_average_before": 3.5, "load_average_after": 4.25},
        "versions": {"scratchnet": "0.1.0", "numpy": None, "torch": None, "micrograd": "0.1.0"},
        "settings": {"quick": True, "rounds": 5, "gc_enabled": True, "torch_threads": None, "samples": 10,
                     "batch_size": 4, "epochs_per_call": 3, "learning_rate": 0.5},
        "networks": [network],
        "targets": [{"network": "2-3-1", "versus": "micrograd", "activation": "relu", "kind": "faster",
                     "goal": 4.0, "measured": 5.0, "met": True, "to_goal": 0.8, "middle_half": [4.5, 5.5],
                     "kernel_measured": 5.25, "note": None},
                    {"network": "2-3-1", "versus": "fused", "activation": "sigmoid", "kind": "within",
                     "goal": 2.0, "measured": 5.0, "met": False, "to_goal": 2.5, "middle_half": [4.0, 6.0],
                     "kernel_measured": 4.75, "note": "Missed because of the test."},
                    {"network": "2-3-1", "versus": "torch", "activation": "relu", "kind": "faster",
                     "goal": 1.5, "measured": None, "met": None, "to_goal": None, "middle_half": None,
                     "kernel_measured": None, "note": None}],
    }


def test_benchmark_tables_come_from_the_results_file(hook, monkeypatch, tmp_path):
    results = tmp_path / "results.json"
    results.write_text(json.dumps(fake_results()), encoding="utf-8")
    monkeypatch.setattr(hook, "RESULTS", results)
    out = render(hook, "\n\n".join([hook.BENCHMARK_MARKER, hook.BOUNDARY_MARKER, hook.BREAKDOWN_MARKER]))
    assert "Test CPU, 2 CPUs, Linux-test; CPython 3.11.7" in out
    assert "PyTorch not installed" in out
    assert "its load average (how many programs wanted a processor, over the last minute) was 3.5 " \
           "when the run started and 4.25 when it ended, on 2 processors" in out
    assert '!!! note "A quick run"' in out
    # the workload, from the settings: 10 samples in batches of 4 are 3 mini-batches, 3 epochs 30 samples
    assert ("one call of `train(model, x, y, batch_size=4, epochs=3, lr=0.5, verbose=0, seed=k)` on 10 samples: "
            "3 epochs of 3 mini-batches, 30 samples gone through in all") in out
    assert "| network | scratchnet | plain kernel | fused loop |" in out
    assert "| 2-3-1 | 40.0\u00a0µs | 38.0\u00a0µs (0.95×) | 8.0\u00a0µs (0.20×) |" in out   # sigmoid table
    assert "190\u00a0µs (5.00×)" in out                             # relu table: micrograd
    assert "made the same calls (6 on 2-3-1)" in out
    assert ("the plain kernel's and the fused loop's were equal to the last bit; the others differed by at most "
            "3.0e-16") in out
    assert "| `train` at least 4× faster than micrograd | 2-3-1 | ReLU | 5.00× (4.50×–5.50×) | 5.25× | yes |" in out
    assert ("| `train` within 2× of the fused loop's time | 2-3-1 | sigmoid | 5.00× (4.00×–6.00×) | 4.75× "
            "| **no**, by 150\u00a0%: `train` would have to run 2.50× as fast |") in out
    assert "| `train` at least 1.5× faster than PyTorch | 2-3-1 | ReLU | not measured | — | — |" in out
    assert "- `train` within 2× of the fused loop's time on 2-3-1: Missed because of the test." in out
    assert out.count("Missed because") == 1
    assert "| 2-3-1 | forward_prop | 30.0\u00a0µs | 3.0\u00a0µs | 10.0× | 27.0\u00a0µs |" in out
    assert "| 2-3-1 | train, 1 epoch | 2,000\u00a0µs | 1,500\u00a0µs | 1.30× | 480\u00a0µs |" in out
    assert ("- forward_prop: `forward_prop(*model, x, cache_mode=True)`\n"
            "- train, 1 epoch: `train(model, x, y, epochs=1)`") in out
    assert (hook._us(-5817.0), hook._us(-12.25), hook._us(250.0)) == (
        "\u22125,817\u00a0µs", "\u221212.2\u00a0µs", "250\u00a0µs")
    # calls per sample: scratchnet, the kernel and the fused loop (no ReLU rows), micrograd and its objects
    assert "| 2-3-1 | 100 | — | — | 100 | 34 |" in out
    for marker in hook.BENCHMARK_MARKERS:
        assert marker not in out


def test_the_committed_results_file_renders(hook):
    """Whatever results file is in the repository, the hook can render it (the site build needs it)."""
    if not hook.RESULTS.exists():
        pytest.skip("no benchmarks/results.json yet: run python benchmarks/bench.py")
    results = json.loads(hook.RESULTS.read_text(encoding="utf-8"))
    out = hook.benchmark_markdown(results) + hook.boundary_markdown(results) + hook.breakdown_markdown(results)
    for network in results["networks"]:
        assert f"| {network['network']} |" in out
    for target in results["targets"]:
        assert f"| {target['network']} |" in out

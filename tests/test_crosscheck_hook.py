"""The build hook ``docs/_hooks/crosscheck.py``: its markers become tables, or honest notes.

* ``<!-- crosscheck-table -->`` becomes the PyTorch cross-check table when torch is
  installed, and a note (never old numbers) when it is not;
* ``<!-- benchmark-table -->`` and ``<!-- benchmark-breakdown -->`` become tables built from
  ``benchmarks/results.json``, or a note when there are no results.
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
    spec = importlib.util.spec_from_file_location("crosscheck_hook_under_test", ROOT / "docs" / "_hooks" / "crosscheck.py")
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
    out = render(hook, hook.BENCHMARK_MARKER + "\n\n" + hook.BREAKDOWN_MARKER)
    assert out.count('!!! note "No benchmark results yet"') == 2


def fake_results():
    def row(impl, activation, us, ratio):
        return {"implementation": impl, "activation": activation, "median_us": us, "ratio": ratio,
                "calls_per_step": 100, "final_weights_max_diff": 1e-16,
                **({"graph_nodes_per_step": 34} if impl == "micrograd" else {})}

    network = {
        "network": "2-3-1", "layers": [2, 3, 1], "rounds": 5, "steps_per_block": 10, "steps_in_total": 60,
        "results": [row("scratchnet", "sigmoid", 40.0, 1.0), row("unchecked", "sigmoid", 20.0, 0.5),
                    row("fused", "sigmoid", 8.0, 0.2),
                    row("scratchnet", "relu", 38.0, 1.0), row("micrograd", "relu", 190.0, 5.0)],
        "scratchnet_parts_us": {"forward_prop": 10.0, "back_prop": 20.0, "update_params": 10.0},
    }
    return {
        "machine": {"platform": "Linux-test", "cpu": "Test CPU", "cpu_count": 2, "python": "3.11.7",
                    "python_implementation": "CPython", "date": "2026-01-01 00:00 UTC"},
        "versions": {"scratchnet": "0.1.0", "numpy": None, "torch": None, "micrograd": "0.1.0"},
        "settings": {"quick": True, "rounds": 5, "gc_enabled": True, "torch_threads": None, "block_ms": 4.0},
        "networks": [network],
        "targets": [{"network": "2-3-1", "versus": "micrograd", "activation": "relu", "min_ratio": 5.0,
                     "goal": "scratchnet at least 5x faster than micrograd", "measured_ratio": 5.0, "met": True,
                     "ratio_without_checks": 9.0},
                    {"network": "2-3-1", "versus": "fused", "activation": "sigmoid", "min_ratio": 0.5,
                     "goal": "scratchnet within 2x of the fused loop", "measured_ratio": 0.2, "met": False,
                     "ratio_without_checks": 0.4}],
    }


def test_benchmark_tables_come_from_the_results_file(hook, monkeypatch, tmp_path):
    results = tmp_path / "results.json"
    results.write_text(json.dumps(fake_results()), encoding="utf-8")
    monkeypatch.setattr(hook, "RESULTS", results)
    out = render(hook, hook.BENCHMARK_MARKER + "\n\n" + hook.BREAKDOWN_MARKER)
    assert "Test CPU, 2 CPUs, Linux-test; CPython 3.11.7" in out
    assert "PyTorch not installed" in out
    assert '!!! note "A quick run"' in out
    assert "| network | scratchnet | without checks | fused loop |" in out
    assert "| 2-3-1 | 40.0\u00a0µs | 20.0\u00a0µs (0.50×) | 8.0\u00a0µs (0.20×) |" in out   # sigmoid table
    assert "a block of steps is sized to take scratchnet about 4 ms" in out
    assert "190\u00a0µs (5.00×)" in out                             # relu table: micrograd
    assert "| 2-3-1 | ReLU | scratchnet 5.00× faster | yes | 9.00× faster, would meet it |" in out
    assert ("scratchnet takes 5.00× the fused loop's time | **no** "
            "| takes 2.50× the fused loop's time, would not meet it |") in out
    assert "| 2-3-1 | 10.0\u00a0µs (25\u00a0%) | 20.0\u00a0µs (50\u00a0%) | 10.0\u00a0µs (25\u00a0%) |" in out
    assert "| 2-3-1 | 100 | — | 100 | 34 |" in out    # calls: scratchnet, fused (no ReLU row), micrograd
    assert hook.BENCHMARK_MARKER not in out and hook.BREAKDOWN_MARKER not in out


def test_the_committed_results_file_renders(hook):
    """Whatever results file is in the repository, the hook can render it (the site build needs it)."""
    if not hook.RESULTS.exists():
        pytest.skip("no benchmarks/results.json yet: run python benchmarks/bench.py")
    results = json.loads(hook.RESULTS.read_text(encoding="utf-8"))
    out = hook.benchmark_markdown(results) + hook.breakdown_markdown(results)
    for network in results["networks"]:
        assert f"| {network['network']} |" in out

"""What a learner reads and pastes: the listings of scratchnet on every page (issue 11).

A **listing** is a Python block of a page that holds only ``--8<-- "scratchnet/...:SECTION"``
include lines: the package's real code, as the site shows it (``docs_plugin.expand_snippets``
expands it exactly as the build does).

* No listing holds machinery: no argument check, no ``try``/``raise``, no trace code, no
  ``locals()``, no cache. Those live in ``scratchnet.boundary`` and ``scratchnet.tracing``.
* A learner who pastes a page's whole-function listings, in page order, into a prompt that
  has ``from scratchnet import *``, ``math`` and ``random`` gets working functions: each
  computes the same example-C numbers as the package, to the last bit.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import importlib
import io
import re
from pathlib import Path

import pytest
from pytest_codeblocks import extract_from_buffer

import scratchnet
from tests.docs_plugin import expand_snippets

# the modules by their full names: ``scratchnet.train`` and ``scratchnet.summation`` are the checked functions
activations, backward, examples, forward, gradcheck, losses, model, summation, train, update = (
    importlib.import_module(f"scratchnet.{name}") for name in (
        "activations", "backward", "examples", "forward", "gradcheck", "losses", "model", "summation", "train",
        "update"))

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").glob("*.md"))
INCLUDE = re.compile(r'^\s*--8<-- "(scratchnet/[\w/]+\.py):([\w-]+)"\s*$')

#: Names a listing must not use: the boundary's and the tracer's machinery.
MACHINERY = {"locals", "settrace", "trace", "lru_cache", "cache", "functools", "describe", "find_bad_value",
             "DivergedError", "isinstance", "checked", "boundary"}


def listings(page: Path) -> list[tuple[int, str]]:
    """``(line, expanded code)`` of each listing of ``page``, in page order."""
    found = []
    for block in extract_from_buffer(io.StringIO(page.read_text(encoding="utf-8"))):
        lines = [line for line in block.code.split("\n") if line.strip()]
        language = (block.syntax or "").split()[:1]
        if language == ["python"] and lines and all(INCLUDE.match(line) for line in lines):
            found.append((block.lineno, expand_snippets(block.code)))
    return found


ALL = [(page, line, code) for page in PAGES for line, code in listings(page)]


def test_the_pages_list_the_course_functions():
    listed = {node.name for _, _, code in ALL for node in ast.parse(code).body if isinstance(node, ast.FunctionDef)}
    assert {"summation", "sigmoid", "sseloss", "forward_prop", "back_prop", "update_params", "train"} <= listed


@pytest.mark.parametrize("page, line, code", ALL, ids=[f"{p.name}:{n}" for p, n, _ in ALL])
def test_a_listing_holds_only_the_arithmetic_and_control_flow(page, line, code):
    for node in ast.walk(ast.parse(code)):
        where = f"{page.name}:{line}, line {getattr(node, 'lineno', '?')} of the listing"
        assert not isinstance(node, (ast.Try, ast.Raise, ast.Assert, ast.Global, ast.Nonlocal)), \
            f"{where}: error plumbing ({type(node).__name__}) in a listing"
        if isinstance(node, ast.FunctionDef):
            assert not node.decorator_list, f"{where}: a decorator on {node.name}"
            assert "trace" not in {a.arg for a in node.args.args + node.args.kwonlyargs}, f"{where}: trace="
        if isinstance(node, (ast.Name, ast.Attribute)):
            name = node.id if isinstance(node, ast.Name) else node.attr
            assert name not in MACHINERY and not name.startswith(("check", "_check")), \
                f"{where}: {name} is machinery, not the idea being taught"


# --- pasting -------------------------------------------------------------------------------

def _example_c():
    c = examples.example_c()
    layers, weights, biases = c["model"]
    y_pred, outs, sums = forward.forward_prop(layers, weights, biases, c["x"], cache_mode=True)
    grads_w, grads_b = backward.back_prop(layers, weights, biases, c["y_true"], outs, sums)
    return dict(c, y_pred=y_pred, outs=outs, sums=sums, grads_w=grads_w, grads_b=grads_b)


C = _example_c()
SUMS = [u for layer in C["sums"] for u in layer] + [-800.0, -2.0, 0.0, 2.0]


def _printed(call):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        value = call()
    return value, out.getvalue()


def _add_grads(f):
    total_w, total_b = copy.deepcopy(C["grads_w"]), copy.deepcopy(C["grads_b"])
    f(total_w, total_b, C["grads_w"], C["grads_b"])
    return total_w, total_b


#: How each listed function is tried on example C: name -> call with the function given.
CASES = {
    "summation": lambda f: f(C["x"], C["model"][1][0][0], C["model"][2][0][0]),
    "sum_der": lambda f: [f(C["x"], C["model"][1][0][1], 0.35, wrt) for wrt in "wbx"],
    **{name: (lambda f: [f(u) for u in SUMS]) for name in (
        "sigmoid", "sigmoid_der", "identity", "identity_der", "tanh", "tanh_der", "relu", "relu_der", "softmax_der")},
    "softmax": lambda f: f(C["sums"][-1]),
    **{name: (lambda f: [f(p, t) for p, t in zip(C["y_pred"], C["y_true"])]) for name in (
        "sseloss", "sseloss_der", "cross_entropy_der")},
    "cross_entropy": lambda f: [f(p, t) for p, t in ((0.25, 1.0), (0.75, 0.0), (1e-320, 1.0))],
    "forward_prop": lambda f: f(*C["model"], C["x"], cache_mode=True),
    "back_prop": lambda f: f(*C["model"], C["y_true"], C["outs"], C["sums"]),
    "update_params": lambda f: f(*C["model"], C["grads_w"], C["grads_b"], 0.1),
    "add_grads": _add_grads,
    "divide_grads": lambda f: f(C["grads_w"], C["grads_b"], 4),
    "train": lambda f: _printed(lambda: f(C["model"], [C["x"]], [C["y_true"]], batch_size=2, epochs=1, lr=0.02)),
    "default_activations": lambda f: f(C["model"][0]),
    "example_a": lambda f: f(), "example_b": lambda f: f(), "example_c": lambda f: f(),
    "sample_loss": lambda f: f(C["model"], C["x"], C["y_true"]),
    "numerical_gradients": lambda f: f(C["model"], C["x"], C["y_true"]),
}
PLAIN = {name: getattr(module, name) for module in (activations, summation, losses, forward, backward, update, train,
                                                     model, gradcheck, examples)
         for name in getattr(module, "__all__", []) if callable(getattr(module, name))}

PAGES_WITH_FUNCTIONS = sorted({page for page, _, code in ALL if "def " in code})


@pytest.mark.parametrize("page", PAGES_WITH_FUNCTIONS, ids=lambda p: p.name)
def test_a_pages_listings_pasted_in_order_compute_the_packages_numbers(page):
    namespace: dict = {"__name__": "__pasted__"}
    exec("from scratchnet import *\nimport math\nimport random", namespace)
    public = set(namespace)
    defined = []
    for line, code in listings(page):
        tree = ast.parse(code)
        if not any(isinstance(node, ast.FunctionDef) for node in tree.body):
            continue          # a fragment: it runs in the page after its setup block, not on its own
        exec(compile(code, f"<{page.name}:{line}>", "exec", dont_inherit=True), namespace)
        defined += [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert defined
    for name in defined:
        assert name in CASES, f"{page.name} lists {name}: add how to try it on example C to CASES"
        pasted = namespace[name]
        assert pasted.__module__ == "__pasted__"                     # the page's own copy runs, not the package's
        assert repr(CASES[name](pasted)) == repr(CASES[name](PLAIN[name])), f"{page.name}: {name}"
    assert public <= set(namespace)
    assert set(scratchnet.__all__) <= public                          # only public names were needed

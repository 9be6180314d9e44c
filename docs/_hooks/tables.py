"""MkDocs hook: tables of a real scratchnet run, put in place of a page's ``<!-- table: NAME -->``.

A line that is exactly ``<!-- table: NAME -->`` is replaced in ``on_page_markdown`` by the HTML
table ``figlib.TABLES[NAME]`` draws from this build's runs (see ``docs/_hooks/figlib/tables.py``),
so the numbers on the page are computed now, by the package, like the figures'. An unknown
NAME is a warning, so ``mkdocs build --strict`` fails.

The modules are reloaded the way the figures hook does it, with its own functions: its
``on_config`` (listed before this hook in ``mkdocs.yml``) forgets ``scratchnet`` and ``figlib``
at the start of every build, and ``fresh_figlib`` imports them from this checkout. The runs are
made once per build, on the first page that needs one.
"""

from __future__ import annotations

import importlib.util
import logging
import re
import time
from pathlib import Path

log = logging.getLogger(f"mkdocs.hooks.{__name__}")
HOOKS_DIR = Path(__file__).resolve().parent
MARKER = re.compile(r"^[ \t]*<!-- table: ([\w-]+) -->[ \t]*$", re.M)


def _figures_hook():
    """``docs/_hooks/figures.py``, for its ``forget`` and ``fresh_figlib`` (one way to reload)."""
    spec = importlib.util.spec_from_file_location("scratchnet_docs_figures_hook", HOOKS_DIR / "figures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_figures = _figures_hook()
_state: dict = {}


def on_config(config):
    _figures.forget("scratchnet", "figlib")     # as the figures hook does: this build reads the code anew
    _state.clear()
    return config


def tables_markdown(markdown: str, page_name: str = "?") -> str:
    """``markdown`` with every ``<!-- table: NAME -->`` line replaced by its table."""
    if not MARKER.search(markdown):
        return markdown
    started = time.perf_counter()
    figlib = _figures.fresh_figlib()
    if "runs" not in _state:
        _state["runs"] = figlib.Runs()

    def replace(found: re.Match) -> str:
        name = found.group(1)
        if name not in figlib.TABLES:
            log.warning(f"tables: {page_name} asks for a table {name!r}; figlib.TABLES has {sorted(figlib.TABLES)}")
            return found.group(0)
        return figlib.build_tables(_state["runs"], [name])[name]

    markdown = MARKER.sub(replace, markdown)
    log.info(f"tables: {page_name} in {time.perf_counter() - started:.3f} s")
    return markdown


def on_page_markdown(markdown, page, config, files):  # noqa: ARG001 (MkDocs hook signature)
    return tables_markdown(markdown, page.file.src_uri)

"""MkDocs hook: tables of a real scratchnet run, put in place of a page's ``<!-- table: NAME -->``.

A line that is exactly ``<!-- table: NAME -->`` is replaced in ``on_page_markdown`` by the HTML
table ``figlib.TABLES[NAME]`` draws from this build's runs (see ``docs/_hooks/figlib/tables.py``),
so the numbers on the page are computed now, by the package, like the figures'. An unknown
NAME is a warning, so ``mkdocs build --strict`` fails.

Each table is an artifact of ``buildcache`` (``table NAME``), drawn from the same cached runs
as the figures (``figures.CachedRuns``): it is drawn again only when a file its code refers to
changed, and a build that finds it in the cache imports neither ``figlib`` nor matplotlib.
``figlib``, ``scratchnet`` and this file's functions come from ``buildcache.fresh``, so an
edit shows in ``mkdocs serve`` too.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from pathlib import Path

HOOKS_DIR = Path(__file__).resolve().parent
if str(HOOKS_DIR) not in sys.path:
    sys.path.insert(0, str(HOOKS_DIR))
import buildcache  # noqa: E402  (docs/_hooks/buildcache.py)

log = logging.getLogger("mkdocs.hooks.tables")
MARKER = re.compile(r"^[ \t]*<!-- table: ([\w-]+) -->[ \t]*$", re.M)


def draw_table(name: str, language: str = "en") -> str | None:
    """The HTML of table ``name`` from this build's (cached) runs, in ``language``; None if figlib has no such table."""
    figlib = buildcache.fresh("figlib", HOOKS_DIR / "figlib")
    if name not in figlib.TABLES:
        return None
    runs = buildcache.fresh("scratchnet_hook_figures", HOOKS_DIR / "figures.py").CachedRuns(figlib.Runs())
    return figlib.build_tables(runs, [name], language)[name]


def _roots(name: str) -> list:
    figlib = buildcache.fresh("figlib", HOOKS_DIR / "figlib")
    return [figlib.TABLES[name].draw] if name in figlib.TABLES else [draw_table]


def tables_markdown(markdown: str, page_name: str = "?", language: str = "en") -> str:
    """``markdown`` with every ``<!-- table: NAME -->`` line replaced by its table, in the page's ``language``."""
    if not MARKER.search(markdown):
        return markdown
    started = time.perf_counter()

    def replace(found: re.Match) -> str:
        name = found.group(1)
        key = f"table {name}" if language == "en" else f"table {name} {language}"
        html = buildcache.get(key, lambda: draw_table(name, language), roots=lambda: _roots(name),
                              files=[HOOKS_DIR / "figlib" / "__init__.py"])       # where TABLES is
        if html is None:
            figlib = buildcache.fresh("figlib", HOOKS_DIR / "figlib")
            log.warning(f"tables: {page_name} asks for a table {name!r}; figlib.TABLES has {sorted(figlib.TABLES)}")
            return found.group(0)
        return html

    markdown = MARKER.sub(replace, markdown)
    log.info(f"tables: {page_name} in {time.perf_counter() - started:.3f} s")
    return markdown


def on_config(config):
    buildcache.begin_build(config)
    return config


def on_page_markdown(markdown, page, config, files):  # noqa: ARG001 (MkDocs hook signature)
    language = str(config.theme.get("language") or "en")      # "ja" in the Japanese build
    return buildcache.fresh("scratchnet_hook_tables", __file__).tables_markdown(markdown, page.file.src_uri, language)

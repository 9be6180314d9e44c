"""MkDocs hook: SVG figures drawn from real scratchnet runs during the build.

Every build adds each figure of ``figlib.FIGURES`` to the site as a generated file
``figures/NAME.svg``, drawn in memory from a fresh run: nothing is written into ``docs/``
and no figure file is committed. A page shows one as ``![alt text](figures/NAME.svg)``.

``mkdocs serve`` rebuilds in the same Python process, which keeps imported modules (and
loads the hooks only once): so at the start of every build (``on_config``) this hook
forgets ``scratchnet`` and ``figlib``, and imports them afresh from this checkout to draw.
A changed example or a changed line of the package shows on the next rebuild.
"""

from __future__ import annotations

import importlib
import logging
import sys
import time
from pathlib import Path

from mkdocs.structure.files import File

HOOKS_DIR = Path(__file__).resolve().parent
PROJECT_DIR = HOOKS_DIR.parent.parent
log = logging.getLogger(f"mkdocs.hooks.{__name__}")


def forget(*packages: str) -> None:
    """Drop ``packages`` and their submodules from ``sys.modules``: the next import reads the files again."""
    for name in list(sys.modules):
        if name.split(".")[0] in packages:
            del sys.modules[name]


def fresh_figlib():
    """Import ``figlib`` from ``docs/_hooks``, and the ``scratchnet`` of this checkout."""
    loaded = sys.modules.get("scratchnet")
    if loaded is not None and not Path(loaded.__file__).resolve().is_relative_to(PROJECT_DIR):
        forget("scratchnet")            # another checkout's package (an editable install): use this one
    old_path = sys.path[:]
    sys.path[:0] = [str(HOOKS_DIR), str(PROJECT_DIR)]
    try:
        return importlib.import_module("figlib")
    finally:
        sys.path[:] = old_path


def on_config(config):
    forget("scratchnet", "figlib")     # this build, and every hook after this event, reads the code anew
    return config


def on_files(files, config):
    start, cpu = time.perf_counter(), time.process_time()
    drawn = fresh_figlib().build_all()
    for name, svg in drawn.items():
        files.append(File.generated(config, f"figures/{name}", content=svg))
    log.info("figures: %d drawn from scratchnet runs in %.1f s (%.1f s of CPU)", len(drawn),
             time.perf_counter() - start, time.process_time() - cpu)
    return files


def on_page_content(html, page, config, files):  # noqa: ARG001 (MkDocs hook signature)
    """Under each figure, its numbers in words: the SVG's <desc>, as the image's description."""

    def svg_of(name):
        file = files.get_file_from_path(f"figures/{name}")
        return None if file is None else file.content_string

    return fresh_figlib().describe.describe_figures(html, svg_of, config.theme.get("language") or "en")

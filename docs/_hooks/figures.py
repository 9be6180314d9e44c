"""MkDocs hook: SVG figures drawn from real scratchnet runs during the build.

Every build adds each figure of ``figlib.FIGURES`` to the site as a generated file
``figures/NAME.svg``: nothing is written into ``docs/`` and no figure file is committed. A
page shows one as ``![alt text](figures/NAME.svg)``.

The figures are drawn in the build's language (``theme.language``, which ``i18n_glue`` sets
to the language being built). The English build adds ``figures/NAME.svg``; another
language's build adds its own copies as ``figures/NAME.LANG.svg``, named as the i18n plugin
names a translated file of ``docs/``: ``i18n_glue`` publishes them at ``LANG/figures/NAME.svg``,
and that build's pages, which link ``figures/NAME.svg`` like the English ones, find them.

Each run of ``figlib.Runs`` and each figure is an artifact of ``buildcache``, each figure
once per language (``figure NAME``, ``figure NAME ja``): it is computed again only when a
file its code refers to (in ``scratchnet/`` or in ``figlib/``), or a library that draws it,
has changed. A prose edit draws nothing; an edit to ``scratchnet/train.py`` trains again
and redraws the training figures only (in each language).
``figlib`` and ``scratchnet`` come from ``buildcache.fresh``: what is drawn is the code as
it is now, also in ``mkdocs serve``, which keeps modules between rebuilds and loads a hook
file only once (so ``on_files`` runs a fresh copy of this file's ``add_figures``).
"""

from __future__ import annotations

import inspect
import logging
import sys
import time
from pathlib import Path

from mkdocs.structure.files import File

HOOKS_DIR = Path(__file__).resolve().parent
FIGLIB = HOOKS_DIR / "figlib"
if str(HOOKS_DIR) not in sys.path:
    sys.path.insert(0, str(HOOKS_DIR))
import buildcache  # noqa: E402  (docs/_hooks/buildcache.py)

log = logging.getLogger("mkdocs.hooks.figures")


class CachedRuns:
    """The runs of a ``figlib.Runs``, each one a cache artifact of its own (``run NAME``).

    A figure that reads ``runs.regression`` depends on that run's key: changing how a run
    is drawn redraws it from the cached run, without training again.
    """

    def __init__(self, runs):
        self._runs = runs

    def __getattr__(self, name: str):
        member = inspect.getattr_static(type(self._runs), name)
        code = getattr(member, "func", None) or getattr(member, "fget", None) or member
        return buildcache.get(f"run {name}", lambda: getattr(self._runs, name), roots=[code])


def _in(language: str) -> str:
    """What an artifact's name adds for ``language``: nothing for English, `` ja`` for Japanese."""
    return "" if language == "en" else f" {language}"


def file_name(name: str, language: str) -> str:
    """Where the build in ``language`` adds figure ``name``: ``figures/NAME.svg``, or ``figures/NAME.ja.svg``."""
    stem, dot, suffix = name.rpartition(".")
    return f"figures/{name}" if language == "en" else f"figures/{stem}.{language}{dot}{suffix}"


def draw_all(language: str = "en") -> dict[str, str]:
    """``{file name: SVG}`` of every figure in ``language``, each from the cache unless its inputs changed."""
    figlib = buildcache.fresh("figlib", FIGLIB)
    runs = CachedRuns(figlib.Runs())
    return {name: buildcache.get(f"figure {name}{_in(language)}",
                                 lambda name=name: figlib.build_all(runs, [name], language)[name],
                                 roots=[figlib.FIGURES[name].draw])
            for name in figlib.FIGURES}


def on_config(config):
    buildcache.begin_build(config)
    return config


def on_files(files, config):
    return buildcache.fresh("scratchnet_hook_figures", __file__).add_figures(files, config)


def add_figures(files, config):
    start, cpu, first = time.perf_counter(), time.process_time(), len(buildcache.stats())
    language = str(config.theme.get("language") or "en").split("-")[0]       # "ja" in the Japanese build
    drawn = buildcache.get(f"figures{_in(language)}", lambda: draw_all(language), files=[FIGLIB / "__init__.py"])
    for name, svg in drawn.items():
        files.append(File.generated(config, file_name(name, language), content=svg))
    log.info("figures: %d in %s (%s) in %.1f s (%.1f s of CPU)", len(drawn), language,
             buildcache.summary("figure ", first) or "all from the cache", time.perf_counter() - start,
             time.process_time() - cpu)
    return files


def on_page_content(html, page, config, files):  # noqa: ARG001 (MkDocs hook signature)
    return buildcache.fresh("scratchnet_hook_figures", __file__).describe_page(html, config, files)


def describe_page(html, config, files):
    """Under each figure, its numbers in words: the SVG's <desc>, as the image's description.

    ``figlib/describe.py`` needs only the standard library: it is loaded on its own, not through
    ``figlib`` (which imports matplotlib), so a build whose figures all come from the cache
    imports no matplotlib.
    """

    def svg_of(name):
        file = files.get_file_from_path(f"figures/{name}")
        return None if file is None else file.content_string

    describe = buildcache.fresh("scratchnet_figlib_describe", FIGLIB / "describe.py")
    return describe.describe_figures(html, svg_of, config.theme.get("language") or "en")
